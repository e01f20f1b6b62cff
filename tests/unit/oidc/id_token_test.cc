#include "services/oidc/rules/id_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "tests/support/jwt/signing_key.h"

namespace equalsay::oidc {
namespace {

using ::testing::HasSubstr;

constexpr char kIssuer[] = "https://login.example.org/tenant/v2.0";
constexpr char kClient[] = "equalsay-web";
constexpr char kNonce[] = "n-0S6_WzA2Mj";

std::string Jwks(const testing::SigningKey& key) {
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
  std::string Signed(const std::string& change = "") const {
    return provider_.Sign(Claims(change));
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
  const testing::SigningKey provider_;
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
  const testing::SigningKey stranger;
  const absl::StatusOr<Identity> got = Verify(stranger.Sign(Claims()));
  ExpectRefused(got, "not signed with your organisation's keys");
  EXPECT_TRUE(IsUnknownKey(got.status()));  // So the keys are fetched again.
  EXPECT_FALSE(IsUnknownKey(Verify(Signed(R"("aud":"x")")).status()));
}

TEST_F(IdTokenTest, UnsignedAndHmacTokensAreRefused) {
  ExpectRefused(Verify(testing::SignJwt(Claims(), JWT_ALG_NONE, "")),
                "signed with none");
  // HMAC keyed with the provider's public key, which anyone can read.
  ExpectRefused(
      Verify(testing::SignJwt(Claims(), JWT_ALG_HS256, provider_.PublicPem())),
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
  const std::string no_flag = provider_.Sign(
      absl::StrCat(R"({"iss":")", kIssuer, R"(","aud":")", kClient,
                   R"(","sub":"1","email":"ben@trust.nhs.uk","nonce":")",
                   kNonce, R"(","exp":)", now_ + 60, "}"));
  ExpectRefused(Verify(no_flag), "not verified");
  // The operator vouches for a provider that owns its addresses.
  EXPECT_TRUE(Verify(no_flag, /*trust_email=*/true).ok());
  ExpectRefused(Verify(Signed(R"("email":"")"), /*trust_email=*/true),
                "e-mail address");
}

}  // namespace
}  // namespace equalsay::oidc
