#include "services/oidc/rules/id_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <jwt.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace equalsay::oidc {
namespace {

using ::testing::HasSubstr;

constexpr char kIssuer[] = "https://login.example.org/tenant/v2.0";
constexpr char kClient[] = "equalsay-web";
constexpr char kNonce[] = "n-0S6_WzA2Mj";

// A provider's signing key: the private half signs, the public half is
// published as a JWKS.
class Key {
 public:
  Key() : key_(EVP_RSA_gen(2048), EVP_PKEY_free) {}
  std::string PrivatePem() const {
    return Pem([&](BIO* bio) {
      return PEM_write_bio_PrivateKey(bio, key_.get(), nullptr, nullptr, 0,
                                      nullptr, nullptr);
    });
  }
  std::string PublicPem() const {
    return Pem([&](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key_.get()); });
  }
  std::string Jwk() const {
    return absl::StrCat(R"({"kty":"RSA","use":"sig","alg":"RS256","kid":"k1",)",
                        R"("n":")", Param(OSSL_PKEY_PARAM_RSA_N), R"(","e":")",
                        Param(OSSL_PKEY_PARAM_RSA_E), R"("})");
  }

 private:
  template <typename Write>
  static std::string Pem(Write write) {
    std::unique_ptr<BIO, decltype(&BIO_free_all)> bio(BIO_new(BIO_s_mem()),
                                                      BIO_free_all);
    write(bio.get());
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, size);
  }
  std::string Param(const char* name) const {
    BIGNUM* bn = nullptr;
    EVP_PKEY_get_bn_param(key_.get(), name, &bn);
    std::string bytes(BN_num_bytes(bn), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(bn);
    return absl::WebSafeBase64Escape(bytes);
  }
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key_;
};

std::string Jwks(const Key& key) {
  return absl::StrCat(R"({"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b"},)",
                      key.Jwk(), "]}");
}

class IdTokenTest : public ::testing::Test {
 protected:
  // Claims as a provider would send them, each value raw JSON; `change`
  // ("key": value, ...) replaces or adds some.
  std::string Claims(const std::string& change = "") const {
    std::map<std::string, std::string> claims = {
        {"iss", absl::StrCat("\"", kIssuer, "\"")},
        {"aud", absl::StrCat("\"", kClient, "\"")},
        {"sub", "\"248289761001\""},
        {"email", "\"asha@trust.nhs.uk\""},
        {"email_verified", "true"},
        {"nonce", absl::StrCat("\"", kNonce, "\"")},
        {"iat", absl::StrCat(now_ - 10)},
        {"exp", absl::StrCat(now_ + 3600)}};
    google::protobuf::Struct changed;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(
                    absl::StrCat("{", change, "}"), &changed)
                    .ok());
    for (const auto& [key, value] : changed.fields()) {
      std::string json;
      (void)google::protobuf::util::MessageToJsonString(value, &json);
      claims[key] = json;
    }
    std::string out;
    for (const auto& [key, value] : claims) {
      absl::StrAppend(&out, out.empty() ? "{" : ",", "\"", key, "\":", value);
    }
    return out + "}";
  }
  static std::string Sign(const std::string& claims, jwt_alg_t alg,
                          const std::string& key) {
    jwt_t* jwt = nullptr;
    jwt_new(&jwt);
    jwt_add_grants_json(jwt, claims.c_str());
    jwt_set_alg(jwt, alg,
                key.empty()
                    ? nullptr
                    : reinterpret_cast<const unsigned char*>(key.data()),
                static_cast<int>(key.size()));
    char* token = jwt_encode_str(jwt);
    std::string out = token == nullptr ? "" : token;
    std::free(token);
    jwt_free(jwt);
    return out;
  }
  std::string Signed(const std::string& change = "") const {
    return Sign(Claims(change), JWT_ALG_RS256, provider_.PrivatePem());
  }
  absl::StatusOr<Identity> Verify(const std::string& token,
                                  bool trust_email = false) const {
    return VerifyIdToken(token, Jwks(provider_),
                         {.issuer = kIssuer,
                          .client_id = kClient,
                          .nonce = kNonce,
                          .now = absl::FromUnixSeconds(now_),
                          .trust_email = trust_email});
  }
  static void ExpectRefused(const absl::StatusOr<Identity>& got,
                            const std::string& why) {
    EXPECT_EQ(got.status().code(), absl::StatusCode::kUnauthenticated)
        << got.status();
    EXPECT_THAT(std::string(got.status().message()), HasSubstr(why));
  }

  const int64_t now_ = 1796000000;
  const Key provider_;
};

TEST_F(IdTokenTest, AProvidersTokenForThisSignInIsAccepted) {
  const absl::StatusOr<Identity> identity = Verify(Signed());
  ASSERT_TRUE(identity.ok()) << identity.status().message();
  EXPECT_EQ(identity->email, "asha@trust.nhs.uk");
  EXPECT_EQ(identity->subject, "248289761001");
  // Several audiences are fine when equalsay is the one it was handed to.
  EXPECT_TRUE(Verify(Signed(R"("aud":["other","equalsay-web"],)"
                            R"("azp":"equalsay-web")"))
                  .ok());
  // A clock a minute apart is not an expiry.
  EXPECT_TRUE(Verify(Signed(absl::StrCat(R"("exp":)", now_ - 60))).ok());
  // Some providers send the flag as a string.
  EXPECT_TRUE(Verify(Signed(R"("email_verified":"true")")).ok());
}

TEST_F(IdTokenTest, ATokenForAnotherAudienceIsRefused) {
  ExpectRefused(Verify(Signed(R"("aud":"another-app")")), "another service");
  ExpectRefused(Verify(Signed(R"("aud":["equalsay-web","other"],)"
                              R"("azp":"other")")),
                "handed to another service");
}

TEST_F(IdTokenTest, AnExpiredTokenIsRefused) {
  ExpectRefused(Verify(Signed(absl::StrCat(R"("exp":)", now_ - 600))),
                "expired");
  ExpectRefused(Verify(Signed(absl::StrCat(R"("iat":)", now_ + 600))),
                "future");
}

TEST_F(IdTokenTest, ATokenSignedByAnotherKeyIsRefused) {
  const Key stranger;
  const absl::StatusOr<Identity> got =
      Verify(Sign(Claims(), JWT_ALG_RS256, stranger.PrivatePem()));
  ExpectRefused(got, "not signed with your organisation's keys");
  EXPECT_TRUE(IsUnknownKey(got.status()));  // So the keys are fetched again.
  EXPECT_FALSE(IsUnknownKey(Verify(Signed(R"("aud":"x")")).status()));
}

TEST_F(IdTokenTest, UnsignedAndHmacTokensAreRefused) {
  ExpectRefused(Verify(Sign(Claims(), JWT_ALG_NONE, "")), "signed with none");
  // HMAC keyed with the provider's public key, which anyone can read.
  ExpectRefused(Verify(Sign(Claims(), JWT_ALG_HS256, provider_.PublicPem())),
                "signed with HS256");
  // A token cut short or altered after signing.
  std::string token = Signed();
  token[token.find('.') + 5] ^= 1;
  ExpectRefused(Verify(token), "");
  ExpectRefused(Verify("not a token"), "not a sign-in token");
}

TEST_F(IdTokenTest, TheTokenMustBelongToThisSignInAndProvider) {
  ExpectRefused(Verify(Signed(R"("nonce":"another")")), "another sign-in");
  ExpectRefused(Verify(Signed(R"("iss":"https://evil.example")")),
                "another provider");
}

TEST_F(IdTokenTest, OnlyAVerifiedAddressSignsAnyoneIn) {
  ExpectRefused(Verify(Signed(R"("email_verified":false)")),
                "not verified your e-mail address");
  const std::string no_flag =
      Sign(absl::StrCat(R"({"iss":")", kIssuer, R"(","aud":")", kClient,
                        R"(","sub":"1","email":"ben@trust.nhs.uk","nonce":")",
                        kNonce, R"(","exp":)", now_ + 60, "}"),
           JWT_ALG_RS256, provider_.PrivatePem());
  ExpectRefused(Verify(no_flag), "not verified");
  // The operator vouches for a provider that owns its addresses.
  EXPECT_TRUE(Verify(no_flag, /*trust_email=*/true).ok());
  ExpectRefused(Verify(Signed(R"("email":"")"), /*trust_email=*/true),
                "e-mail address");
}

}  // namespace
}  // namespace equalsay::oidc
