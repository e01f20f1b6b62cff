// Calls started all at once, as members pressing "save" in the same moment
// make them: each is in flight before any answer comes back.
#ifndef EQUALSAY_TESTS_SUPPORT_AT_ONCE_H_
#define EQUALSAY_TESTS_SUPPORT_AT_ONCE_H_

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "tests/support/api.h"

namespace equalsay::testing {

struct AtOnceResult {
  grpc::Status status;
  bool replayed = false;  // The server said nothing changed this time.
};

// Starts call i with `start(i, context, done)` for each of `tokens` (the
// call's context carries tokens[i]) and waits for every `done`.
std::vector<AtOnceResult> CallAtOnce(
    const Api& api, const std::vector<std::string>& tokens,
    absl::FunctionRef<void(size_t, grpc::ClientContext*,
                           std::function<void(grpc::Status)>)>
        start);

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_AT_ONCE_H_
