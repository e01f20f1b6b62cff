// A client of the real server for integration tests: typed stubs, tokens,
// request ids, and raw calls by method name.
#ifndef EQUALSAY_TESTS_SUPPORT_API_H_
#define EQUALSAY_TESTS_SUPPORT_API_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "equalsay/v1/consensus.grpc.pb.h"
#include "equalsay/v1/panels.grpc.pb.h"
#include "equalsay/v1/scoring.grpc.pb.h"

namespace equalsay::testing {

// Someone who can call the server: their id and their token.
struct Account {
  std::string id;
  std::string token;
};

class Api {
 public:
  explicit Api(const std::string& grpc_addr);

  // A context carrying `token` (none when empty).
  std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) const;
  v1::PanelService::Stub& panels() { return *panels_; }
  v1::ScoringService::Stub& scoring() { return *scoring_; }
  v1::ConsensusService::Stub& consensus() { return *consensus_; }
  // A fresh request id.
  static std::string NewId();

  // Calls /<service>/<method> with `request` serialized, discarding the
  // answer: for calls driven by descriptors, such as the access matrix.
  grpc::Status CallRaw(const std::string& token, const std::string& path,
                       const google::protobuf::Message& request);

  // Creates a person with `org_role` (and an e-mail address made from their
  // name) and issues them a token, as `admin`.
  Account NewPerson(const Account& admin, const std::string& name,
                    v1::OrgRole org_role);

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::PanelService::Stub> panels_;
  std::unique_ptr<v1::ScoringService::Stub> scoring_;
  std::unique_ptr<v1::ConsensusService::Stub> consensus_;
};

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_API_H_
