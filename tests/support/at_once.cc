#include "tests/support/at_once.h"

#include <memory>
#include <utility>

#include "absl/synchronization/blocking_counter.h"

namespace equalsay::testing {

std::vector<AtOnceResult> CallAtOnce(
    const Api& api, const std::vector<std::string>& tokens,
    absl::FunctionRef<void(size_t, grpc::ClientContext*,
                           std::function<void(grpc::Status)>)>
        start) {
  std::vector<AtOnceResult> results(tokens.size());
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  absl::BlockingCounter left(static_cast<int>(tokens.size()));
  for (size_t i = 0; i < tokens.size(); ++i) {
    contexts.push_back(api.Ctx(tokens[i]));
    start(i, contexts[i].get(), [&results, &left, i](grpc::Status status) {
      results[i].status = std::move(status);
      left.DecrementCount();
    });
  }
  left.Wait();
  for (size_t i = 0; i < tokens.size(); ++i) {
    results[i].replayed =
        contexts[i]->GetServerTrailingMetadata().count("equalsay-replayed") > 0;
  }
  return results;
}

}  // namespace equalsay::testing
