// Signing in with an organisation's account through the real server, with
// a provider played by the test so that it can hand back any ID token: a
// good one signs in the person with that address; one for another
// audience, an expired one, one signed by another key and an unsigned one
// are refused and start no session; a spent code and an unknown address
// are told apart in plain words. (The browser test signs in through the
// npm oidc-provider instead.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "tests/support/jwt/signing_key.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kClient[] = "equalsay";
constexpr char kNonce[] = "nonce-for-this-sign-in";
const std::string kVerifier(43, 'v');

// Discovery, keys and a token endpoint that answers with whatever ID token
// the test gives it.
class FakeProvider {
 public:
  FakeProvider() : port_(http_.bind_to_any_port("127.0.0.1")) {
    http_.Get(
        "/.well-known/openid-configuration",
        [this](const httplib::Request&, httplib::Response& res) {
          res.set_content(
              absl::StrCat(R"({"issuer":")", issuer(),
                           R"(","authorization_endpoint":")", issuer(),
                           R"(/auth","token_endpoint":")", issuer(),
                           R"(/token","jwks_uri":")", issuer(), R"(/jwks"})"),
              "application/json");
        });
    http_.Get("/jwks", [this](const httplib::Request&, httplib::Response& res) {
      absl::MutexLock lock(&mu_);
      ++jwks_fetches_;
      res.set_content(absl::StrCat(R"({"keys":[)", key_->Jwk(), "]}"),
                      "application/json");
    });
    http_.Post(
        "/token", [this](const httplib::Request& req, httplib::Response& res) {
          absl::MutexLock lock(&mu_);
          if (req.get_param_value("code") == "slow") {  // Until Release().
            ++held_;
            mu_.Await(absl::Condition(&released_));
            --held_;
            res.status = 400;
            res.set_content(R"({"error":"invalid_grant"})", "application/json");
            return;
          }
          form_ = req.params;
          if (req.get_param_value("code") == "spent") {
            res.status = 400;
            res.set_content(R"({"error":"invalid_grant"})", "application/json");
            return;
          }
          res.set_content(absl::StrCat(R"({"token_type":"Bearer",)",
                                       R"("access_token":"a","id_token":")",
                                       id_token_, R"("})"),
                          "application/json");
        });
    thread_ = std::thread([this] { http_.listen_after_bind(); });
  }
  ~FakeProvider() {
    http_.stop();
    thread_.join();
  }

  std::string issuer() const {
    return absl::StrCat("http://127.0.0.1:", port_);
  }
  // Claims as the provider signs them for `email`; `extra` overrides.
  std::string Claims(const std::string& email, const std::string& aud = kClient,
                     int64_t exp_from_now = 3600) const {
    const int64_t now = absl::ToUnixSeconds(absl::Now());
    return absl::StrCat(
        R"({"iss":")", issuer(), R"(","aud":")", aud, R"(","sub":")", email,
        R"(","email":")", email, R"(","email_verified":true,"nonce":")", kNonce,
        R"(","iat":)", now, R"(,"exp":)", now + exp_from_now, "}");
  }
  const SigningKey& key() {
    absl::MutexLock lock(&mu_);
    return *key_;
  }
  void Rotate() {
    absl::MutexLock lock(&mu_);
    key_ = std::make_unique<SigningKey>();
  }
  void Answer(std::string id_token) {
    absl::MutexLock lock(&mu_);
    id_token_ = std::move(id_token);
  }
  std::string Sent(const std::string& name) {
    absl::MutexLock lock(&mu_);
    const auto it = form_.find(name);
    return it == form_.end() ? "" : it->second;
  }
  int jwks_fetches() {
    absl::MutexLock lock(&mu_);
    return jwks_fetches_;
  }
  // Whether `n` redemptions of the code "slow" came to be held at once.
  bool Holding(int n) {
    absl::MutexLock lock(&mu_);
    auto held = [this, n]()
                    ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return held_ >= n; };
    return mu_.AwaitWithTimeout(absl::Condition(&held), absl::Seconds(30));
  }
  void Release() {
    absl::MutexLock lock(&mu_);
    released_ = true;
  }

 private:
  httplib::Server http_;
  const int port_;
  std::thread thread_;
  absl::Mutex mu_;
  std::unique_ptr<SigningKey> key_ ABSL_GUARDED_BY(mu_) =
      std::make_unique<SigningKey>();
  std::string id_token_ ABSL_GUARDED_BY(mu_);
  httplib::Params form_ ABSL_GUARDED_BY(mu_);
  int jwks_fetches_ ABSL_GUARDED_BY(mu_) = 0;
  int held_ ABSL_GUARDED_BY(mu_) = 0;
  bool released_ ABSL_GUARDED_BY(mu_) = false;
};

class ProviderSignInTest : public RoundFixture {
 protected:
  std::map<std::string, std::string> ServerEnv() const override {
    return {{"EQUALSAY_OIDC_ISSUER", provider_.issuer()},
            {"EQUALSAY_OIDC_CLIENT_ID", kClient}};
  }
  grpc::Status SignIn(v1::SignInResponse* out,
                      const std::string& code = "fresh-code") {
    v1::SignInWithProviderRequest req;
    req.set_code(code);
    req.set_code_verifier(kVerifier);
    req.set_redirect_uri("http://127.0.0.1:8080/");
    req.set_nonce(kNonce);
    req.set_device("Edge on Windows");
    out->Clear();
    return panels().SignInWithProvider(api_->Ctx("").get(), req, out);
  }

  FakeProvider provider_;
};

TEST_F(ProviderSignInTest, OnlyAGoodTokenForAKnownAddressSignsIn) {
  const Account ella = api_->NewPerson(admin_, "Ella", v1::ORG_ROLE_HR);
  const std::string email = "ella@example.org";
  v1::SignInMethods methods;
  ASSERT_TRUE(
      panels().GetSignInMethods(api_->Ctx("").get(), {}, &methods).ok());
  EXPECT_EQ(methods.organisation().authorization_endpoint(),
            provider_.issuer() + "/auth");
  EXPECT_EQ(methods.organisation().client_id(), kClient);

  provider_.Answer(provider_.key().Sign(provider_.Claims(email)));
  v1::SignInResponse session;
  grpc::Status s = SignIn(&session);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(session.person().id(), ella.id);
  v1::Person me;
  ASSERT_TRUE(panels().GetMe(api_->Ctx(session.token()).get(), {}, &me).ok());
  // The code is redeemed with the browser's PKCE secret, as a public client.
  EXPECT_EQ(provider_.Sent("code_verifier"), kVerifier);
  EXPECT_EQ(provider_.Sent("grant_type"), "authorization_code");
  EXPECT_EQ(provider_.Sent("client_id"), kClient);
  EXPECT_EQ(provider_.Sent("client_secret"), "");
  EXPECT_EQ(Count("events WHERE action = 'person.signed_in' AND payload @> "
                  "'{\"with\": \"organisation account\"}'"),
            1);
  EXPECT_EQ(Count("events WHERE payload::text LIKE '%ella@%'"), 0);

  const int64_t tokens = Count("tokens");
  const int fetches = provider_.jwks_fetches();
  const SigningKey stranger;
  const std::pair<std::string, std::string> refused[] = {
      {provider_.key().Sign(provider_.Claims(email, "another-app")),
       "made for another service"},
      {provider_.key().Sign(provider_.Claims(email, kClient, -3600)),
       "expired"},
      {stranger.Sign(provider_.Claims(email)), "not signed with"},
      {SignJwt(provider_.Claims(email), JWT_ALG_NONE, ""), "signed with none"},
  };
  for (const auto& [token, why] : refused) {
    provider_.Answer(token);
    s = SignIn(&session);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << why;
    EXPECT_THAT(s.error_message(), HasSubstr(why));
    EXPECT_EQ(session.token(), "");
  }
  EXPECT_EQ(Count("tokens"), tokens);
  // The unknown key sent the server back for the provider's keys once.
  EXPECT_EQ(provider_.jwks_fetches(), fetches + 1);

  // The provider rotates its keys: the new one is fetched and trusted.
  provider_.Rotate();
  provider_.Answer(provider_.key().Sign(provider_.Claims(email)));
  s = SignIn(&session);
  EXPECT_TRUE(s.ok()) << s.error_message();

  s = SignIn(&session, "spent");
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(s.error_message(), HasSubstr("already been used"));

  provider_.Answer(
      provider_.key().Sign(provider_.Claims("nobody@example.org")));
  s = SignIn(&session);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(s.error_message(), HasSubstr("No one in equalsay has the address "
                                           "nobody@example.org"));
  // A deactivated person cannot sign in this way either.
  v1::DeactivatePersonRequest off;
  off.set_request_id(Api::NewId());
  off.set_person_id(ella.id);
  ASSERT_TRUE(panels().DeactivatePerson(As(admin_).get(), off, &me).ok());
  provider_.Answer(provider_.key().Sign(provider_.Claims(email)));
  EXPECT_EQ(SignIn(&session).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

// Anyone may ask to sign in. Codes the provider sits on hold as many
// redemptions as the server makes at once (8); one more is asked at once to
// try again, rather than holding a thread of the server too, and the
// server goes on answering everyone else meanwhile.
TEST_F(ProviderSignInTest, AFloodOfCodesHoldsNoMoreThanEightRedemptions) {
  api_->NewPerson(admin_, "Ella", v1::ORG_ROLE_HR);
  provider_.Answer(provider_.key().Sign(provider_.Claims("ella@example.org")));
  v1::SignInResponse session;
  ASSERT_TRUE(SignIn(&session).ok());

  std::vector<grpc::Status> held(8);
  std::vector<std::thread> callers;
  for (size_t i = 0; i < held.size(); ++i) {
    callers.emplace_back([&, i] {
      v1::SignInResponse out;
      held[i] = SignIn(&out, "slow");
    });
  }
  ASSERT_TRUE(provider_.Holding(8));
  v1::SignInResponse refused;
  const grpc::Status s = SignIn(&refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(s.error_message(), HasSubstr("try again in a few seconds"));
  EXPECT_EQ(refused.token(), "");
  v1::Person me;
  EXPECT_TRUE(panels().GetMe(api_->Ctx(session.token()).get(), {}, &me).ok());

  provider_.Release();
  for (std::thread& t : callers) t.join();
  for (const grpc::Status& h : held) {
    EXPECT_EQ(h.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  // Each place was given back.
  EXPECT_TRUE(SignIn(&session).ok());
}

}  // namespace
}  // namespace equalsay::testing
