#include "tests/support/api.h"

#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace equalsay::testing {

Api::Api(const std::string& grpc_addr)
    : channel_(
          grpc::CreateChannel(grpc_addr, grpc::InsecureChannelCredentials())),
      panels_(v1::PanelService::NewStub(channel_)),
      scoring_(v1::ScoringService::NewStub(channel_)),
      consensus_(v1::ConsensusService::NewStub(channel_)) {}

std::unique_ptr<grpc::ClientContext> Api::Ctx(const std::string& token) const {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) {
    context->AddMetadata("authorization", absl::StrCat("Bearer ", token));
  }
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(30));
  return context;
}

std::string Api::NewId() {
  static std::atomic<int> counter{0};
  return absl::StrCat("test-", getpid(), "-", counter++);
}

grpc::Status Api::CallRaw(const std::string& token, const std::string& path,
                          const google::protobuf::Message& request) {
  grpc::GenericStub stub(channel_);
  auto context = Ctx(token);
  const std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer in(&slice, 1);
  grpc::ByteBuffer out;
  std::promise<grpc::Status> done;
  stub.UnaryCall(context.get(), path, grpc::StubOptions(), &in, &out,
                 [&done](grpc::Status status) { done.set_value(status); });
  return done.get_future().get();
}

Account Api::NewPerson(const Account& admin, const std::string& name,
                       v1::OrgRole org_role) {
  v1::CreatePersonRequest create;
  create.set_request_id(NewId());
  create.set_display_name(name);
  create.set_org_role(org_role);
  // Everyone has an address, as in a real organisation: "ben@example.org".
  std::string local;
  for (char c : name) {
    if (absl::ascii_isalnum(c)) local += absl::ascii_tolower(c);
  }
  create.set_email((local.empty() ? "someone" : local) + "@example.org");
  v1::Person person;
  grpc::Status status =
      panels_->CreatePerson(Ctx(admin.token).get(), create, &person);
  EXPECT_TRUE(status.ok()) << status.error_message();
  v1::IssueTokenRequest issue;
  issue.set_request_id(NewId());
  issue.set_person_id(person.id());
  v1::IssueTokenResponse token;
  status = panels_->IssueToken(Ctx(admin.token).get(), issue, &token);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return {.id = person.id(), .token = token.token()};
}

}  // namespace equalsay::testing
