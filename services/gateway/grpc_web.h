// gRPC-Web on the HTTP port: frames in (binary or base64 text), one call to
// the server's own services through an in-process channel, so the browser
// goes through the same authentication, checks and errors as any client,
// and frames out, with the trailers as the last frame: a stream's flushed
// per message, a unary call's answer and trailers in one write.
#ifndef EQUALSAY_SERVICES_GATEWAY_GRPC_WEB_H_
#define EQUALSAY_SERVICES_GATEWAY_GRPC_WEB_H_

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

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

// The two encodings browsers send; kNone for anything that is not gRPC-Web.
enum class WebEncoding { kNone, kBinary, kText };
WebEncoding EncodingOf(absl::string_view content_type);
std::string ResponseContentType(WebEncoding encoding);

// The one uncompressed message a gRPC-Web request carries, or what is wrong
// with the body: INVALID_ARGUMENT, RESOURCE_EXHAUSTED (too large) or
// UNIMPLEMENTED (compressed).
absl::StatusOr<std::string> RequestMessage(WebEncoding encoding,
                                           absl::string_view body);

// A frame as the browser gets it: base64 on its own in text mode, so each
// flushed piece decodes by itself.
std::string EncodeForClient(WebEncoding encoding, uint8_t flags,
                            absl::string_view data);

// Whether `path` ("/equalsay.v1.PanelService/GetMe") names a method known
// to this process that takes one request and gives one answer.
bool IsUnaryMethod(absl::string_view path);

// One gRPC-Web call handed to the server's own services through the
// in-process channel: the request goes out, and each answer, then the end,
// comes back through `on_event` on a gRPC thread. A unary call is made as
// one (the cheapest way through gRPC) and ends with one event carrying its
// answer and its trailers. A stream's next answer is read only after
// ReadNext, so a slow browser holds back the call instead of piling
// answers up in memory.
class GrpcWebExchange final
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  struct Event {
    std::optional<std::string> answer;  // An answer message.
    std::optional<std::string> end;     // The trailer block: the call ended.
  };
  using OnEvent = std::function<void(Event)>;
  enum class Shape { kUnary, kStreaming };

  // `metadata` must already be safe (SafeMetadata).
  static std::shared_ptr<GrpcWebExchange> Start(
      grpc::GenericStub& stub, const std::string& method, Shape shape,
      const std::string& message,
      const std::vector<std::pair<std::string, std::string>>& metadata,
      std::optional<absl::Duration> timeout, OnEvent on_event);

  // After an answer has been written out: read the next one.
  void ReadNext();
  // The browser has gone: end the call (on_event still hears the end).
  void Cancel();

  void OnReadDone(bool ok) override;
  void OnDone(const grpc::Status& status) override;

 private:
  GrpcWebExchange(const std::string& message, OnEvent on_event);
  std::string TakeIncoming();
  void Finished(const grpc::Status& status, std::optional<std::string> answer);

  grpc::ClientContext context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer incoming_;
  OnEvent on_event_;
  std::shared_ptr<GrpcWebExchange> self_;  // Held until OnDone.
  // The call stays open (a hold) while answers may still be read, so that
  // OnDone never comes while the browser's side may call ReadNext.
  absl::Mutex mu_;
  bool held_ ABSL_GUARDED_BY(mu_) = false;
  bool reading_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace equalsay::gateway

#endif  // EQUALSAY_SERVICES_GATEWAY_GRPC_WEB_H_
