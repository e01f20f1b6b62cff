#include "services/gateway/grpc_web.h"

#include <grpcpp/generic/generic_stub.h>
#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <mutex>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

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

// One call: writes the single request, reads every answer, keeps them for
// the HTTP thread, which writes them out as they come.
class Exchange final
    : public grpc::ClientBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer> {
 public:
  enum class Next { kMessage, kDone, kWaiting };

  explicit Exchange(const std::string& request) {
    grpc::Slice slice(request);
    request_ = grpc::ByteBuffer(&slice, 1);
  }

  grpc::ClientContext& context() { return context_; }

  void Start(grpc::GenericStub& stub, const std::string& method) {
    stub.PrepareBidiStreamingCall(&context_, method, grpc::StubOptions(), this);
    StartWriteLast(&request_, grpc::WriteOptions());
    StartRead(&incoming_);
    StartCall();
  }

  // The next answer, the end, or (after `wait`) nothing yet.
  Next Wait(std::string* message, absl::Duration wait) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, absl::ToChronoMilliseconds(wait),
                 [&] { return !messages_.empty() || done_; });
    if (!messages_.empty()) {
      *message = std::move(messages_.front());
      messages_.pop_front();
      return Next::kMessage;
    }
    return done_ ? Next::kDone : Next::kWaiting;
  }

  std::string Trailers() {
    std::lock_guard lock(mu_);
    return TrailerBlock(status_, context_.GetServerTrailingMetadata());
  }

  // The browser has gone: end the call and wait until gRPC is done with us.
  void CancelAndWait() {
    context_.TryCancel();
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return done_; });
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // No more answers; OnDone follows.
    std::vector<grpc::Slice> slices;
    std::string message;
    if (incoming_.Dump(&slices).ok()) {
      for (const grpc::Slice& s : slices) {
        message.append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
    {
      std::lock_guard lock(mu_);
      messages_.push_back(std::move(message));
    }
    cv_.notify_all();
    StartRead(&incoming_);
  }

  void OnDone(const grpc::Status& status) override {
    {
      std::lock_guard lock(mu_);
      status_ = status;
      done_ = true;
    }
    cv_.notify_all();
  }

 private:
  grpc::ClientContext context_;
  grpc::ByteBuffer request_;
  grpc::ByteBuffer incoming_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> messages_;
  bool done_ = false;
  grpc::Status status_;
};

// Everything the browser gets back, encoded for its content type.
std::string Out(bool text, const std::string& frame) {
  return text ? absl::Base64Escape(frame) : frame;
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

void GrpcWebHandler::Handle(const httplib::Request& req,
                            httplib::Response& res) const {
  const std::string type = req.get_header_value("Content-Type");
  const bool text = absl::StartsWith(type, "application/grpc-web-text");
  if (!text && !absl::StartsWith(type, "application/grpc-web")) {
    res.status = 415;
    res.set_content(
        "This address takes gRPC-Web requests: Content-Type "
        "application/grpc-web+proto or application/grpc-web-text.\n",
        "text/plain; charset=utf-8");
    return;
  }
  const std::string out_type =
      text ? "application/grpc-web-text+proto" : "application/grpc-web+proto";
  auto refuse = [&](const grpc::Status& status) {
    res.set_content(
        Out(text, EncodeFrame(kTrailerFlag, TrailerBlock(status, {}))),
        out_type);
  };
  auto to_grpc = [](const absl::Status& s) {
    return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                        std::string(s.message()));
  };
  if (channel_ == nullptr) {
    refuse(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                        "The server is starting. Try again in a moment."));
    return;
  }
  absl::StatusOr<std::string> body =
      text ? DecodeTextBody(req.body) : absl::StatusOr<std::string>(req.body);
  if (!body.ok()) return refuse(to_grpc(body.status()));
  absl::StatusOr<std::vector<Frame>> frames = ParseFrames(*body);
  if (!frames.ok()) return refuse(to_grpc(frames.status()));
  if (frames->size() != 1 || (*frames)[0].flags != 0) {
    return refuse(grpc::Status(
        (*frames).size() == 1 && ((*frames)[0].flags & 1)
            ? grpc::StatusCode::UNIMPLEMENTED
            : grpc::StatusCode::INVALID_ARGUMENT,
        (*frames).size() == 1 && ((*frames)[0].flags & 1)
            ? "Compressed gRPC-Web messages are not supported."
            : "A gRPC-Web request carries exactly one uncompressed message."));
  }

  auto exchange = std::make_shared<Exchange>((*frames)[0].data);
  grpc::ClientContext& context = exchange->context();
  for (auto& [key, value] :
       SafeMetadata({req.headers.begin(), req.headers.end()})) {
    context.AddMetadata(key, value);
  }
  // Who is asking, for logs: the in-process call itself has no peer.
  context.AddMetadata("x-forwarded-for", req.remote_addr);
  if (const std::string timeout = req.get_header_value("grpc-timeout");
      !timeout.empty()) {
    const std::optional<absl::Duration> d = ParseGrpcTimeout(timeout);
    if (!d.has_value()) {
      return refuse(grpc::Status(
          grpc::StatusCode::INVALID_ARGUMENT,
          "grpc-timeout must be a number and a unit such as 500m or 10S."));
    }
    context.set_deadline(absl::ToChronoTime(absl::Now() + *d));
  }
  grpc::GenericStub stub(channel_);
  exchange->Start(stub, req.path);

  res.set_chunked_content_provider(
      out_type,
      [exchange, text](size_t, httplib::DataSink& sink) {
        std::string message;
        while (true) {
          switch (exchange->Wait(&message, absl::Seconds(1))) {
            case Exchange::Next::kMessage: {
              const std::string frame = Out(text, EncodeFrame(0, message));
              return sink.write(frame.data(), frame.size());
            }
            case Exchange::Next::kDone: {
              const std::string trailer =
                  Out(text, EncodeFrame(kTrailerFlag, exchange->Trailers()));
              sink.write(trailer.data(), trailer.size());
              sink.done();
              return true;
            }
            case Exchange::Next::kWaiting:
              if (!sink.is_writable()) return false;  // The browser left.
              break;
          }
        }
      },
      [exchange](bool) { exchange->CancelAndWait(); });
}

}  // namespace equalsay::gateway
