// A provider's RSA signing key for tests: it signs ID tokens with libjwt
// and publishes its public half as a JSON Web Key.
#ifndef EQUALSAY_TESTS_SUPPORT_JWT_SIGNING_KEY_H_
#define EQUALSAY_TESTS_SUPPORT_JWT_SIGNING_KEY_H_

#include <jwt.h>
#include <openssl/evp.h>

#include <memory>
#include <string>

namespace equalsay::testing {

class SigningKey {
 public:
  SigningKey();  // A fresh 2048-bit key.
  std::string PrivatePem() const;
  std::string PublicPem() const;
  // {"kty":"RSA","use":"sig",...}
  std::string Jwk(const std::string& kid = "k1") const;
  // `claims_json` signed with this key (RS256).
  std::string Sign(const std::string& claims_json) const;

 private:
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_;
};

// `claims_json` as a token signed with `alg` and `key` ("" for none).
std::string SignJwt(const std::string& claims_json, jwt_alg_t alg,
                    const std::string& key);

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_JWT_SIGNING_KEY_H_
