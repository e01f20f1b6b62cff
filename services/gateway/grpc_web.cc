#include "services/gateway/grpc_web.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "services/common/base/grpc_method.h"

namespace equalsay::gateway {
namespace {

// What HTTP itself uses, never passed on as metadata.
bool Reserved(const std::string& key) {
  static const char* kReserved[] = {"content-type",
                                    "content-length",
                                    "te",
                                    "grpc-timeout",
                                    "host",
                                    "connection",
                                    "accept",
                                    "accept-encoding",
                                    "accept-language",
                                    "user-agent",
                                    "x-grpc-web",
                                    "x-user-agent",
                                    "origin",
                                    "referer",
                                    "cookie",
                                    "keep-alive",
                                    "transfer-encoding",
                                    "upgrade",
                                    "pragma",
                                    "cache-control",
                                    "remote_addr",
                                    "remote_port",
                                    "local_addr",
                                    "local_port"};
  for (const char* r : kReserved) {
    if (key == r) return true;
  }
  return absl::StartsWith(key, "sec-") || absl::StartsWith(key, "grpc-") ||
         absl::StartsWith(key, ":");
}

std::string PercentEncode(absl::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c >= 0x20 && c <= 0x7e && c != '%') {
      out += static_cast<char>(c);
    } else {
      absl::StrAppend(
          &out, "%",
          absl::AsciiStrToUpper(absl::BytesToHexString(
              absl::string_view(reinterpret_cast<const char*>(&c), 1))));
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<std::vector<Frame>> ParseFrames(absl::string_view body) {
  std::vector<Frame> frames;
  while (!body.empty()) {
    if (body.size() < 5) {
      return absl::InvalidArgumentError(
          "The request's gRPC-Web frame is cut off (fewer than 5 bytes).");
    }
    const uint32_t length = (static_cast<uint8_t>(body[1]) << 24) |
                            (static_cast<uint8_t>(body[2]) << 16) |
                            (static_cast<uint8_t>(body[3]) << 8) |
                            static_cast<uint8_t>(body[4]);
    if (length > kMaxMessageBytes) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "The request is too large: at most ", kMaxMessageBytes, " bytes."));
    }
    if (body.size() - 5 < length) {
      return absl::InvalidArgumentError(
          "The request's gRPC-Web frame is shorter than its length says.");
    }
    frames.push_back(
        {static_cast<uint8_t>(body[0]), std::string(body.substr(5, length))});
    body.remove_prefix(5 + length);
  }
  return frames;
}

std::string EncodeFrame(uint8_t flags, absl::string_view data) {
  std::string out(5, '\0');
  out[0] = static_cast<char>(flags);
  const uint32_t n = static_cast<uint32_t>(data.size());
  out[1] = static_cast<char>(n >> 24);
  out[2] = static_cast<char>(n >> 16);
  out[3] = static_cast<char>(n >> 8);
  out[4] = static_cast<char>(n);
  out.append(data.data(), data.size());
  return out;
}

absl::StatusOr<std::string> DecodeTextBody(absl::string_view body) {
  std::string out, piece;
  // Decoded four characters at a time, so padding in the middle (pieces
  // sent one after another) is fine.
  std::string group;
  for (char c : body) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) continue;
    group += c;
    if (group.size() < 4) continue;
    if (!absl::Base64Unescape(group, &piece)) {
      return absl::InvalidArgumentError(
          "The request is not valid base64 (application/grpc-web-text).");
    }
    out += piece;
    group.clear();
  }
  if (!group.empty()) {
    return absl::InvalidArgumentError(
        "The request's base64 is cut off (application/grpc-web-text).");
  }
  return out;
}

std::string TrailerBlock(
    const grpc::Status& status,
    const std::multimap<grpc::string_ref, grpc::string_ref>& trailing) {
  std::string out = absl::StrCat("grpc-status:", status.error_code(), "\r\n");
  if (!status.error_message().empty()) {
    absl::StrAppend(
        &out, "grpc-message:", PercentEncode(status.error_message()), "\r\n");
  }
  for (const auto& [key, value] : trailing) {
    const std::string k(key.data(), key.size());
    std::string v(value.data(), value.size());
    if (absl::EndsWith(k, "-bin")) v = absl::Base64Escape(v);
    absl::StrAppend(&out, absl::AsciiStrToLower(k), ":", v, "\r\n");
  }
  return out;
}

std::optional<absl::Duration> ParseGrpcTimeout(absl::string_view value) {
  if (value.size() < 2 || value.size() > 9) return std::nullopt;
  int64_t n = 0;
  if (!absl::SimpleAtoi(value.substr(0, value.size() - 1), &n) || n < 0) {
    return std::nullopt;
  }
  switch (value.back()) {
    case 'H':
      return absl::Hours(n);
    case 'M':
      return absl::Minutes(n);
    case 'S':
      return absl::Seconds(n);
    case 'm':
      return absl::Milliseconds(n);
    case 'u':
      return absl::Microseconds(n);
    case 'n':
      return absl::Nanoseconds(n);
    default:
      return std::nullopt;
  }
}

std::vector<std::pair<std::string, std::string>> SafeMetadata(
    const std::vector<std::pair<std::string, std::string>>& headers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [raw_key, raw_value] : headers) {
    const std::string key = absl::AsciiStrToLower(raw_key);
    if (key.empty() || Reserved(key)) continue;
    bool key_ok = true;
    for (char c : key) {
      key_ok &= absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
                (c >= 'a' && c <= 'z') || c == '_' || c == '.' || c == '-';
    }
    if (!key_ok) continue;
    std::string value = raw_value;
    if (absl::EndsWith(key, "-bin")) {
      if (!absl::Base64Unescape(raw_value, &value)) continue;
      out.emplace_back(key, value);
      continue;
    }
    bool value_ok = true;
    for (char c : value) value_ok &= c >= 0x20 && c <= 0x7e;
    if (value_ok) out.emplace_back(key, value);
  }
  return out;
}

WebEncoding EncodingOf(absl::string_view content_type) {
  if (absl::StartsWith(content_type, "application/grpc-web-text")) {
    return WebEncoding::kText;
  }
  if (absl::StartsWith(content_type, "application/grpc-web")) {
    return WebEncoding::kBinary;
  }
  return WebEncoding::kNone;
}

std::string ResponseContentType(WebEncoding encoding) {
  return encoding == WebEncoding::kText ? "application/grpc-web-text+proto"
                                        : "application/grpc-web+proto";
}

absl::StatusOr<std::string> RequestMessage(WebEncoding encoding,
                                           absl::string_view body) {
  absl::StatusOr<std::string> decoded =
      encoding == WebEncoding::kText ? DecodeTextBody(body) : std::string(body);
  if (!decoded.ok()) return decoded.status();
  absl::StatusOr<std::vector<Frame>> frames = ParseFrames(*decoded);
  if (!frames.ok()) return frames.status();
  if (frames->size() == 1 && (*frames)[0].flags == 0) {
    return std::move((*frames)[0].data);
  }
  if (frames->size() == 1 && ((*frames)[0].flags & 1)) {
    return absl::UnimplementedError(
        "Compressed gRPC-Web messages are not supported.");
  }
  return absl::InvalidArgumentError(
      "A gRPC-Web request carries exactly one uncompressed message.");
}

std::string EncodeForClient(WebEncoding encoding, uint8_t flags,
                            absl::string_view data) {
  const std::string frame = EncodeFrame(flags, data);
  return encoding == WebEncoding::kText ? absl::Base64Escape(frame) : frame;
}

bool IsUnaryMethod(absl::string_view path) {
  const google::protobuf::MethodDescriptor* method = MethodOfPath(path);
  return method != nullptr && !method->client_streaming() &&
         !method->server_streaming();
}

GrpcWebExchange::GrpcWebExchange(const std::string& message, OnEvent on_event)
    : on_event_(std::move(on_event)) {
  grpc::Slice slice(message);
  request_ = grpc::ByteBuffer(&slice, 1);
}

std::shared_ptr<GrpcWebExchange> GrpcWebExchange::Start(
    grpc::GenericStub& stub, const std::string& method, Shape shape,
    const std::string& message,
    const std::vector<std::pair<std::string, std::string>>& metadata,
    std::optional<absl::Duration> timeout, OnEvent on_event) {
  std::shared_ptr<GrpcWebExchange> call(
      new GrpcWebExchange(message, std::move(on_event)));
  for (const auto& [key, value] : metadata) {
    call->context_.AddMetadata(key, value);
  }
  if (timeout.has_value()) {
    call->context_.set_deadline(absl::ToChronoTime(absl::Now() + *timeout));
  }
  if (shape == Shape::kUnary) {
    stub.UnaryCall(&call->context_, method, grpc::StubOptions(),
                   &call->request_, &call->incoming_,
                   [call](grpc::Status status) {
                     std::optional<std::string> answer;
                     if (status.ok()) answer = call->TakeIncoming();
                     call->Finished(status, std::move(answer));
                   });
    return call;
  }
  call->self_ = call;
  stub.PrepareBidiStreamingCall(&call->context_, method, grpc::StubOptions(),
                                call.get());
  call->StartWriteLast(&call->request_, grpc::WriteOptions());
  {
    absl::MutexLock lock(&call->mu_);
    call->held_ = call->reading_ = true;
  }
  call->AddHold();
  call->StartRead(&call->incoming_);
  call->StartCall();
  return call;
}

void GrpcWebExchange::ReadNext() {
  {
    absl::MutexLock lock(&mu_);
    if (!held_) return;  // Cancelled meanwhile.
    reading_ = true;
  }
  StartRead(&incoming_);
}

void GrpcWebExchange::Cancel() {
  context_.TryCancel();
  bool release = false;
  {
    absl::MutexLock lock(&mu_);
    // A read in flight ends on its own (not ok) and lets go there.
    release = held_ && !reading_;
    if (release) held_ = false;
  }
  if (release) RemoveHold();
}

void GrpcWebExchange::OnReadDone(bool ok) {
  if (!ok) {  // No more answers; OnDone follows once the hold goes.
    bool release = false;
    {
      absl::MutexLock lock(&mu_);
      reading_ = false;
      release = held_;
      held_ = false;
    }
    if (release) RemoveHold();
    return;
  }
  {
    absl::MutexLock lock(&mu_);
    reading_ = false;
  }
  on_event_({.answer = TakeIncoming()});
}

void GrpcWebExchange::OnDone(const grpc::Status& status) {
  Finished(status, std::nullopt);
  self_.reset();  // May delete this: nothing after it.
}

std::string GrpcWebExchange::TakeIncoming() {
  std::vector<grpc::Slice> slices;
  std::string message;
  if (incoming_.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      message.append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  incoming_.Clear();
  return message;
}

void GrpcWebExchange::Finished(const grpc::Status& status,
                               std::optional<std::string> answer) {
  on_event_(
      {.answer = std::move(answer),
       .end = TrailerBlock(status, context_.GetServerTrailingMetadata())});
  on_event_ = nullptr;
}

}  // namespace equalsay::gateway
