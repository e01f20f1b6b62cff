// gRPC-Web on the HTTP port: frames in (binary or base64 text), one call to
// the server's own services through an in-process channel, so the browser
// goes through the same authentication, checks and errors as any client,
// and frames out, flushed per message, with the trailers as the last frame.
#ifndef EQUALSAY_SERVICES_GATEWAY_GRPC_WEB_H_
#define EQUALSAY_SERVICES_GATEWAY_GRPC_WEB_H_

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace equalsay::gateway {

inline constexpr size_t kMaxMessageBytes = 4 * 1024 * 1024;
inline constexpr uint8_t kTrailerFlag = 0x80;

struct Frame {
  uint8_t flags = 0;
  std::string data;
};

// The frames of a request body: a 5-byte prefix (flags, big-endian length)
// before each. INVALID_ARGUMENT for a cut-off frame, RESOURCE_EXHAUSTED for
// one larger than kMaxMessageBytes.
absl::StatusOr<std::vector<Frame>> ParseFrames(absl::string_view body);
std::string EncodeFrame(uint8_t flags, absl::string_view data);

// Base64 that may be several padded pieces one after another, as browsers
// send and stream it.
absl::StatusOr<std::string> DecodeTextBody(absl::string_view body);

// The trailer frame's payload: "grpc-status:N\r\ngrpc-message:...\r\n" and
// the trailing metadata, keys in lower case.
std::string TrailerBlock(
    const grpc::Status& status,
    const std::multimap<grpc::string_ref, grpc::string_ref>& trailing);

// "10S", "500m", "20u"... as a duration; nullopt when malformed.
std::optional<absl::Duration> ParseGrpcTimeout(absl::string_view value);

// HTTP headers that may become gRPC metadata: keys lower-cased and limited
// to [0-9a-z_.-], values printable ASCII (-bin values base64-decoded), and
// nothing HTTP itself uses. Anything else would abort the process inside
// gRPC, so it is dropped.
std::vector<std::pair<std::string, std::string>> SafeMetadata(
    const std::vector<std::pair<std::string, std::string>>& headers);

// Serves one gRPC-Web request at "/<service>/<method>".
class GrpcWebHandler {
 public:
  explicit GrpcWebHandler(std::shared_ptr<grpc::Channel> channel)
      : channel_(std::move(channel)) {}
  void Handle(const httplib::Request& req, httplib::Response& res) const;

 private:
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace equalsay::gateway

#endif  // EQUALSAY_SERVICES_GATEWAY_GRPC_WEB_H_
