#include "tests/support/round_fixture.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace equalsay::testing {

const Account* Cast::For(Role role, const Account& admin) const {
  switch (role) {
    case Role::kAdmin:
      return &admin;
    case Role::kHr:
      return &hr;
    case Role::kCoChair:
      return &su_chair;
    case Role::kMember:
      return &staff_member;
    case Role::kObserver:
      return &observer;
    case Role::kSupporter:
      return &supporter;
    case Role::kOutsider:
      return &outsider;
  }
  return nullptr;
}

void RoundFixture::SetUp() { StartServer(); }

std::unique_ptr<ServerProcess> RoundFixture::AnotherServer(
    int grpc_port, int http_port) const {
  std::map<std::string, std::string> env = ServerEnv();
  // As deployed: the tables' owner migrates, the server's role only uses.
  if (!db_.owner_url().empty()) {
    env.emplace("EQUALSAY_OWNER_DATABASE_URL", db_.owner_url());
  }
  auto server = std::make_unique<ServerProcess>(
      ServerOptions{.database_url = db_.url(),
                    .bootstrap_token = kAdminToken,
                    .env = std::move(env),
                    .grpc_port = grpc_port,
                    .http_port = http_port});
  const absl::Status serving = server->WaitUntilServing();
  EXPECT_TRUE(serving.ok()) << serving;
  return serving.ok() ? std::move(server) : nullptr;
}

void RoundFixture::StartServer() {
  server_ = AnotherServer();
  ASSERT_NE(server_, nullptr);
  api_ = std::make_unique<Api>(server_->grpc_addr());
}

void RoundFixture::StopServer() {
  api_.reset();  // An idle channel would hold up the server's shutdown.
  EXPECT_EQ(server_->Stop(), 0);
}

void RoundFixture::TearDown() {
  api_.reset();  // Close the channel first, so the server stops at once.
  server_.reset();
}

std::vector<v1::Person> RoundFixture::Everyone() {
  v1::ListPeopleRequest req;
  req.set_include_inactive(true);
  v1::ListPeopleResponse out;
  const grpc::Status s = panels().ListPeople(As(admin_).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return {out.people().begin(), out.people().end()};
}

v1::Person RoundFixture::PersonWithEmail(const std::string& email) {
  std::vector<v1::Person> found;
  for (v1::Person& p : Everyone()) {
    if (absl::AsciiStrToLower(p.email()) == absl::AsciiStrToLower(email)) {
      found.push_back(std::move(p));
    }
  }
  EXPECT_EQ(found.size(), 1u) << email;
  return found.empty() ? v1::Person() : found[0];
}

v1::Round RoundFixture::NewRound(v1::RoundKind kind, bool publish_secret_counts,
                                 bool assisted_entries_need_confirmation) {
  v1::CreateRoundRequest req;
  req.set_request_id(Api::NewId());
  req.set_kind(kind);
  req.set_publish_secret_counts(publish_secret_counts);
  req.set_assisted_entries_need_confirmation(
      assisted_entries_need_confirmation);
  req.set_title("Peer support worker");
  req.set_purpose("Appoint a peer support worker for the community team.");
  req.set_scope_statement(
      "Fixed: the salary and hours. Open to the panels: who is appointed.");
  v1::Round round;
  EXPECT_TRUE(panels().CreateRound(As(admin_).get(), req, &round).ok());
  return round;
}

v1::Panel RoundFixture::NewPanel(const v1::Round& round, v1::PanelKind kind) {
  v1::AddPanelRequest req;
  req.set_request_id(Api::NewId());
  req.set_round_id(round.id());
  req.set_kind(kind);
  v1::Panel panel;
  const grpc::Status s = panels().AddPanel(As(admin_).get(), req, &panel);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return panel;
}

grpc::Status RoundFixture::AddMember(const v1::Panel& panel, const Account& who,
                                     v1::PanelRole role) {
  v1::AddMemberRequest req;
  req.set_request_id(Api::NewId());
  req.set_panel_id(panel.id());
  req.set_person_id(who.id);
  req.set_role(role);
  v1::Member member;
  return panels().AddMember(As(admin_).get(), req, &member);
}

v1::Candidate RoundFixture::NewCandidate(const v1::Round& round,
                                         const std::string& name,
                                         const std::string& reference) {
  v1::AddCandidateRequest req;
  req.set_request_id(Api::NewId());
  req.set_round_id(round.id());
  req.set_name(name);
  req.set_anonymised_reference(reference);
  v1::Candidate candidate;
  EXPECT_TRUE(panels().AddCandidate(As(admin_).get(), req, &candidate).ok());
  return candidate;
}

grpc::Status RoundFixture::AddCriterion(const v1::Round& round,
                                        v1::Criterion* out) {
  v1::AddCriterionRequest req;
  req.set_request_id(Api::NewId());
  req.set_round_id(round.id());
  req.set_question("How well would they listen to people who use services?");
  for (auto [value, words] : {std::pair{0, "no evidence"},
                              {1, "a little evidence"},
                              {2, "some evidence"},
                              {3, "good evidence"},
                              {4, "strong evidence"}}) {
    v1::ScalePoint* point = req.add_scale();
    point->set_value(value);
    point->set_words(words);
  }
  req.set_weight(2);
  v1::Criterion ignored;
  return panels().AddCriterion(As(admin_).get(), req, out ? out : &ignored);
}

grpc::Status RoundFixture::Open(const v1::Round& round, v1::Round* out) {
  v1::OpenRoundRequest req;
  req.set_request_id(Api::NewId());
  req.set_round_id(round.id());
  v1::Round ignored;
  return panels().OpenRound(As(admin_).get(), req, out ? out : &ignored);
}

grpc::Status RoundFixture::NameSupporter(const v1::Round& round,
                                         const Account& member,
                                         const Account& supporter) {
  v1::NameSupporterRequest req;
  req.set_request_id(Api::NewId());
  req.set_round_id(round.id());
  req.set_supporter_person_id(supporter.id);
  v1::Supporter ignored;
  return panels().NameSupporter(As(member).get(), req, &ignored);
}

v1::Round RoundFixture::Reload(const v1::Round& round) {
  v1::GetRoundRequest req;
  req.set_round_id(round.id());
  v1::Round out;
  const grpc::Status s = panels().GetRound(As(admin_).get(), req, &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return out;
}

Cast RoundFixture::BuildRecruitment(bool open) {
  Cast c;
  c.su_chair = api_->NewPerson(admin_, "Asha", v1::ORG_ROLE_MEMBER);
  c.su_member = api_->NewPerson(admin_, "Ben", v1::ORG_ROLE_MEMBER);
  c.staff_chair = api_->NewPerson(admin_, "Chloe", v1::ORG_ROLE_MEMBER);
  c.staff_member = api_->NewPerson(admin_, "Dev", v1::ORG_ROLE_MEMBER);
  c.observer = api_->NewPerson(admin_, "Eve", v1::ORG_ROLE_MEMBER);
  c.hr = api_->NewPerson(admin_, "Farah", v1::ORG_ROLE_HR);
  c.outsider = api_->NewPerson(admin_, "Gus", v1::ORG_ROLE_MEMBER);
  c.supporter = api_->NewPerson(admin_, "Hana", v1::ORG_ROLE_MEMBER);
  c.round = NewRound(v1::ROUND_KIND_RECRUITMENT);
  c.su = NewPanel(c.round, v1::PANEL_KIND_SERVICE_USER);
  c.staff = NewPanel(c.round, v1::PANEL_KIND_STAFF);
  EXPECT_TRUE(AddMember(c.su, c.su_chair, v1::PANEL_ROLE_CO_CHAIR).ok());
  EXPECT_TRUE(AddMember(c.su, c.su_member, v1::PANEL_ROLE_MEMBER).ok());
  EXPECT_TRUE(AddMember(c.su, c.observer, v1::PANEL_ROLE_OBSERVER).ok());
  EXPECT_TRUE(AddMember(c.staff, c.staff_chair, v1::PANEL_ROLE_CO_CHAIR).ok());
  EXPECT_TRUE(AddMember(c.staff, c.staff_member, v1::PANEL_ROLE_MEMBER).ok());
  c.named = NewCandidate(c.round, "Sam Jones");
  c.anonymised = NewCandidate(c.round, "Robin Lee", "Candidate B");
  EXPECT_TRUE(AddCriterion(c.round).ok());
  const grpc::Status named = NameSupporter(c.round, c.su_member, c.supporter);
  EXPECT_TRUE(named.ok()) << named.error_message();
  if (open) {
    const grpc::Status s = Open(c.round, &c.round);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  return c;
}

int RoundFixture::ExpectRefusedByTable(
    const std::string& service_name, const std::vector<AccessRule>& table,
    const Cast& cast, const std::map<std::string, std::string>& ids) {
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          "equalsay.v1." + service_name);
  EXPECT_NE(service, nullptr) << service_name;
  if (service == nullptr) return 0;
  const int64_t events = Count("events");
  int calls = 0;
  for (const AccessRule& rule : table) {
    const auto* method = service->FindMethodByName(std::string(rule.method));
    EXPECT_NE(method, nullptr) << rule.method;
    if (method == nullptr) continue;
    for (Role role : kAllRoles) {
      if (rule.allowed.Has(role)) continue;
      std::unique_ptr<google::protobuf::Message> request(
          google::protobuf::MessageFactory::generated_factory()
              ->GetPrototype(method->input_type())
              ->New());
      const auto* reflection = request->GetReflection();
      for (const auto& [name, value] : ids) {
        if (const auto* f = method->input_type()->FindFieldByName(name)) {
          reflection->SetString(request.get(), f, value);
        }
      }
      if (const auto* f = method->input_type()->FindFieldByName("request_id")) {
        reflection->SetString(request.get(), f, Api::NewId());
      }
      const grpc::Status s = api_->CallRaw(
          cast.For(role, admin_)->token,
          absl::StrCat("/", service->full_name(), "/", method->name()),
          *request);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED)
          << rule.method << " as " << RoleWords(role) << ": "
          << s.error_message();
      ++calls;
    }
  }
  EXPECT_EQ(Count("events"), events);
  return calls;
}

}  // namespace equalsay::testing
