#include "tests/support/jwt/signing_key.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/pem.h>

#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace equalsay::testing {
namespace {

template <typename Write>
std::string Pem(Write write) {
  std::unique_ptr<BIO, decltype(&BIO_free_all)> bio(BIO_new(BIO_s_mem()),
                                                    BIO_free_all);
  write(bio.get());
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, size);
}

std::string Param(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  EVP_PKEY_get_bn_param(key, name, &bn);
  std::string bytes(BN_num_bytes(bn), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return absl::WebSafeBase64Escape(bytes);
}

}  // namespace

SigningKey::SigningKey() : key_(EVP_RSA_gen(2048), EVP_PKEY_free) {}

std::string SigningKey::PrivatePem() const {
  return Pem([&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key_.get(), nullptr, nullptr, 0,
                                    nullptr, nullptr);
  });
}

std::string SigningKey::PublicPem() const {
  return Pem([&](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key_.get()); });
}

std::string SigningKey::Jwk(const std::string& kid) const {
  return absl::StrCat(R"({"kty":"RSA","use":"sig","alg":"RS256","kid":")", kid,
                      R"(","n":")", Param(key_.get(), OSSL_PKEY_PARAM_RSA_N),
                      R"(","e":")", Param(key_.get(), OSSL_PKEY_PARAM_RSA_E),
                      R"("})");
}

std::string SigningKey::Sign(const std::string& claims_json) const {
  return SignJwt(claims_json, JWT_ALG_RS256, PrivatePem());
}

std::string SignJwt(const std::string& claims_json, jwt_alg_t alg,
                    const std::string& key) {
  jwt_t* jwt = nullptr;
  jwt_new(&jwt);
  jwt_add_grants_json(jwt, claims_json.c_str());
  jwt_set_alg(jwt, alg,
              key.empty() ? nullptr
                          : reinterpret_cast<const unsigned char*>(key.data()),
              static_cast<int>(key.size()));
  char* token = jwt_encode_str(jwt);
  std::string out = token == nullptr ? "" : token;
  std::free(token);
  jwt_free(jwt);
  return out;
}

}  // namespace equalsay::testing
