// Sign-in links, sessions and signing out on a real server: a link works
// once and only to sign in, sessions end when unused or signed out (on every
// server at once), and nobody sees a token after it was shown.
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "tests/support/round_fixture.h"

namespace equalsay::testing {
namespace {

class SignInTest : public RoundFixture {
 protected:
  void SetUp() override {
    RoundFixture::SetUp();
    sam_ = api_->NewPerson(admin_, "Sam", v1::ORG_ROLE_MEMBER);
  }
  v1::CreateSignInLinkResponse Link(const Account& person) {
    v1::CreateSignInLinkRequest req;
    req.set_request_id(Api::NewId());
    req.set_person_id(person.id);
    v1::CreateSignInLinkResponse link;
    const grpc::Status s =
        panels().CreateSignInLink(As(admin_).get(), req, &link);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return link;
  }
  // The code in a sign-in link, after "#link=".
  static std::string CodeOf(const v1::CreateSignInLinkResponse& link) {
    const auto at = link.sign_in_link().find("#link=");
    return at == std::string::npos ? "" : link.sign_in_link().substr(at + 6);
  }
  grpc::Status SignIn(const std::string& code, v1::SignInResponse* out,
                      const std::string& device = "Firefox on Android") {
    v1::SignInRequest req;
    req.set_device(device);
    return panels().SignIn(api_->Ctx(code).get(), req, out);
  }
  Account Session(const Account& person) {
    v1::SignInResponse session;
    const grpc::Status s = SignIn(CodeOf(Link(person)), &session);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return {person.id, session.token()};
  }
  grpc::Status GetMe(const std::string& token) {
    v1::Person me;
    return panels().GetMe(api_->Ctx(token).get(), {}, &me);
  }
  grpc::Status SignOut(const Account& who, bool everywhere,
                       v1::SignOutResponse* out) {
    v1::SignOutRequest req;
    req.set_request_id(Api::NewId());
    req.set_everywhere(everywhere);
    return panels().SignOut(As(who).get(), req, out);
  }

  Account sam_;
};

TEST_F(SignInTest, ALinkWorksOnceAndOnlyToSignIn) {
  const v1::CreateSignInLinkResponse link = Link(sam_);
  const std::string code = CodeOf(link);
  ASSERT_FALSE(code.empty()) << link.sign_in_link();
  EXPECT_EQ(link.sign_in_link(),
            absl::StrCat("http://", server_->http_addr(), "/#link=", code));
  EXPECT_NEAR(link.expires_at_unix(),
              absl::ToUnixSeconds(absl::Now()) + 7 * 86400, 60);
  // Neither the link's code nor the session's token is kept anywhere.
  EXPECT_EQ(Count("request_ledger WHERE method = 'CreateSignInLink' AND "
                  "response IS NOT NULL"),
            0);

  grpc::Status s = GetMe(code);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(s.error_message(),
            "This is a sign-in link, not a token: open it in your web "
            "browser, or sign in with it first (equalsay login LINK).");

  v1::SignInResponse session;
  s = SignIn(code, &session);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(session.person().id(), sam_.id);
  EXPECT_EQ(session.idle_days(), 30u);
  EXPECT_TRUE(GetMe(session.token()).ok());
  EXPECT_EQ(
      Count("tokens WHERE token_hash LIKE '%" + code.substr(4, 16) +
            "%' OR token_hash LIKE '%" + session.token().substr(4, 16) + "%'"),
      0);
  EXPECT_EQ(db_.Query("SELECT payload->>'session_id' FROM events WHERE "
                      "action = 'person.signed_in' AND actor_id = " +
                      sam_.id),
            session.token_id());

  v1::SignInResponse again;
  s = SignIn(code, &again);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(s.error_message(),
            "This sign-in link has already been used: each link works once. "
            "Ask for a new one. If you did not use it yourself, tell an "
            "administrator.");
  EXPECT_TRUE(again.token().empty());
  s = SignIn(session.token(), &again);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(),
            "You are already signed in: SignIn takes a sign-in link, not a "
            "token.");
  EXPECT_EQ(SignIn("eqs_made-up", &again).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(
      Count("tokens WHERE person_id = " + sam_.id + " AND kind = 'session'"),
      1);

  // Only administrators make links, and only for active people.
  v1::CreateSignInLinkRequest req;
  req.set_request_id(Api::NewId());
  req.set_person_id(admin_.id);
  v1::CreateSignInLinkResponse refused;
  s = panels().CreateSignInLink(api_->Ctx(session.token()).get(), req,
                                &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  req.set_person_id("99999");
  s = panels().CreateSignInLink(As(admin_).get(), req, &refused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(s.error_message(), "There is no person with person_id 99999.");
}

TEST_F(SignInTest, OldLinksAndUnusedSessionsEnd) {
  const v1::CreateSignInLinkResponse link = Link(sam_);
  db_.Query(
      "UPDATE tokens SET expires_at = now() - interval '1 second' "
      "WHERE id = " +
      link.token_id() + " RETURNING 1");
  v1::SignInResponse session;
  grpc::Status s = SignIn(CodeOf(link), &session);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(s.error_message(),
            "This sign-in link has expired. Ask for a new one.");

  // A session in use moves its end on (checked at most hourly)...
  const Account device = Session(sam_);
  const std::string id = db_.Query(
      "SELECT max(id) FROM tokens WHERE kind = 'session' AND person_id = " +
      sam_.id);
  db_.Query(
      "UPDATE tokens SET last_used_at = now() - interval '2 hours', "
      "expires_at = now() + interval '1 day' WHERE id = " +
      id + " RETURNING 1");
  ASSERT_TRUE(GetMe(device.token).ok());
  EXPECT_EQ(db_.Query("SELECT expires_at > now() + interval '29 days' AND "
                      "last_used_at > now() - interval '1 minute' FROM "
                      "tokens WHERE id = " +
                      id),
            "t");
  // ...and one left unused ends.
  db_.Query(
      "UPDATE tokens SET expires_at = now() - interval '1 second' "
      "WHERE id = " +
      id + " RETURNING 1");
  s = GetMe(device.token);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(s.error_message(),
            "You were signed out because this device had not been used for "
            "a while. Sign in again with a new sign-in link.");
}

TEST_F(SignInTest, SigningOutEndsThisDeviceOrEveryDeviceOnEveryServer) {
  const std::unique_ptr<ServerProcess> second = AnotherServer();
  ASSERT_NE(second, nullptr);
  Api there(second->grpc_addr());
  const Account phone = Session(sam_), laptop = Session(sam_);
  const v1::CreateSignInLinkResponse unused = Link(sam_);
  v1::Person me;
  ASSERT_TRUE(there.panels().GetMe(there.Ctx(phone.token).get(), {}, &me).ok());

  v1::SignOutResponse out;
  ASSERT_TRUE(SignOut(phone, /*everywhere=*/false, &out).ok());
  EXPECT_EQ(out.ended(), 1u);
  grpc::Status s = there.panels().GetMe(there.Ctx(phone.token).get(), {}, &me);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(s.error_message(),
            "You have been signed out on this device. Sign in again with a "
            "new sign-in link.");
  ASSERT_TRUE(
      there.panels().GetMe(there.Ctx(laptop.token).get(), {}, &me).ok());

  // Everywhere: the laptop and the unused link; the script token stays.
  ASSERT_TRUE(SignOut(laptop, /*everywhere=*/true, &out).ok());
  EXPECT_EQ(out.ended(), 2u);
  EXPECT_EQ(
      there.panels().GetMe(there.Ctx(laptop.token).get(), {}, &me).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  v1::SignInResponse session;
  s = SignIn(CodeOf(unused), &session);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(s.error_message(),
            "This sign-in link has been cancelled. Ask an administrator for "
            "a new sign-in link.");
  EXPECT_TRUE(GetMe(sam_.token).ok());
  EXPECT_EQ(db_.Query("SELECT string_agg(payload->>'everywhere', ',' ORDER "
                      "BY seq) FROM events WHERE action = "
                      "'person.signed_out' AND actor_id = " +
                      sam_.id),
            "false,true");
}

TEST_F(SignInTest, EveryoneListsTheirOwnSignInsAndAdministratorsAnyones) {
  const Account phone = Session(sam_);
  const v1::CreateSignInLinkResponse unused = Link(sam_);
  v1::ListTokensResponse list;
  ASSERT_TRUE(panels().ListTokens(As(phone).get(), {}, &list).ok());
  ASSERT_EQ(list.tokens_size(), 4);  // Newest first.
  EXPECT_EQ(list.tokens(0).id(), unused.token_id());
  EXPECT_EQ(list.tokens(0).kind(), v1::TOKEN_KIND_SIGN_IN_LINK);
  EXPECT_EQ(list.tokens(0).state(), v1::TOKEN_STATE_WORKING);
  EXPECT_EQ(list.tokens(1).kind(), v1::TOKEN_KIND_SESSION);
  EXPECT_EQ(list.tokens(1).label(), "Firefox on Android");
  EXPECT_TRUE(list.tokens(1).this_one());
  EXPECT_EQ(list.tokens(2).kind(), v1::TOKEN_KIND_SIGN_IN_LINK);
  EXPECT_EQ(list.tokens(2).state(), v1::TOKEN_STATE_USED);
  EXPECT_GT(list.tokens(2).ended_at_unix(), 0);
  EXPECT_EQ(list.tokens(3).kind(), v1::TOKEN_KIND_SCRIPT);
  EXPECT_FALSE(list.tokens(3).this_one());
  const std::string shown = list.SerializeAsString();
  EXPECT_EQ(shown.find(phone.token.substr(4, 16)), std::string::npos);
  EXPECT_EQ(shown.find(CodeOf(unused).substr(4, 16)), std::string::npos);

  v1::ListTokensRequest req;
  req.set_person_id(admin_.id);
  grpc::Status s = panels().ListTokens(As(phone).get(), req, &list);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  req.set_person_id(sam_.id);
  ASSERT_TRUE(panels().ListTokens(As(admin_).get(), req, &list).ok());
  EXPECT_EQ(list.tokens_size(), 4);
  EXPECT_FALSE(list.tokens(1).this_one());
  req.set_person_id("99999");
  s = panels().ListTokens(As(admin_).get(), req, &list);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
}

// Organisation accounts, as far as they go without a provider: asked before
// signing in (no token), refused in plain words when not set up, and links
// still work when the provider cannot be reached. The browser test signs
// staff in through a real provider.
v1::SignInWithProviderRequest ProviderAnswer() {
  v1::SignInWithProviderRequest req;
  req.set_code("c0de");
  req.set_code_verifier(std::string(43, 'v'));
  req.set_redirect_uri("http://127.0.0.1/");
  req.set_nonce("n");
  return req;
}

TEST_F(SignInTest, WithoutAProviderOnlyLinksAndTokensSignIn) {
  v1::SignInMethods methods;
  grpc::Status s = panels().GetSignInMethods(api_->Ctx("").get(), {}, &methods);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(methods.has_organisation());
  v1::SignInResponse session;
  s = panels().SignInWithProvider(api_->Ctx("").get(), ProviderAnswer(),
                                  &session);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(s.error_message().find("not set up"), std::string::npos);
}

class UnreachableProviderTest : public SignInTest {
 protected:
  std::map<std::string, std::string> ServerEnv() const override {
    return {
        {"EQUALSAY_OIDC_ISSUER", absl::StrCat("http://127.0.0.1:", FreePort())},
        {"EQUALSAY_OIDC_CLIENT_ID", "equalsay"}};
  }
};

TEST_F(UnreachableProviderTest, LinksStillWorkAndStaffAreToldWhy) {
  v1::SignInMethods methods;
  grpc::Status s = panels().GetSignInMethods(api_->Ctx("").get(), {}, &methods);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(methods.has_organisation());
  EXPECT_NE(methods.organisation_unavailable().find("cannot reach"),
            std::string::npos)
      << methods.organisation_unavailable();
  v1::SignInResponse session;
  s = panels().SignInWithProvider(api_->Ctx("").get(), ProviderAnswer(),
                                  &session);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  // Bad input is named before the provider is asked.
  v1::SignInWithProviderRequest bad = ProviderAnswer();
  bad.set_code_verifier("short");
  s = panels().SignInWithProvider(api_->Ctx("").get(), bad, &session);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("code_verifier"), std::string::npos);
  bad = ProviderAnswer();
  bad.clear_code();
  s = panels().SignInWithProvider(api_->Ctx("").get(), bad, &session);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("code"), std::string::npos);
  EXPECT_EQ(Count("tokens WHERE kind = 'session'"), 0);
  // Members' links are untouched by it.
  EXPECT_TRUE(GetMe(Session(sam_).token).ok());
}

}  // namespace
}  // namespace equalsay::testing
