// Fuzzes what the HTTP port does with a browser's bytes before any call:
// gRPC-Web bodies in both encodings, frames, deadlines and headers. Any
// crash, sanitizer report or leak is a failure; so is a header passed on
// that gRPC would abort on.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_split.h"
#include "services/gateway/grpc_web.h"

namespace {

using equalsay::gateway::WebEncoding;

void CheckSafe(const std::vector<std::pair<std::string, std::string>>& kept) {
  for (const auto& [key, value] : kept) {
    for (char c : key) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c == '-';
      if (!ok) __builtin_trap();
    }
    if (key.size() < 4 || key.substr(key.size() - 4) != "-bin") {
      for (char c : value) {
        if (c < 0x20 || c > 0x7e) __builtin_trap();
      }
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
    case 1: {  // A request body, binary or text.
      const WebEncoding encoding =
          data[0] % 4 == 0 ? WebEncoding::kBinary : WebEncoding::kText;
      auto message = equalsay::gateway::RequestMessage(encoding, input);
      if (message.ok()) {
        // What comes back out must frame and decode to the same message.
        const std::string out =
            equalsay::gateway::EncodeForClient(encoding, 0, *message);
        auto again = equalsay::gateway::RequestMessage(encoding, out);
        if (!again.ok() || *again != *message) __builtin_trap();
      }
      break;
    }
    case 2:  // A grpc-timeout header.
      (void)equalsay::gateway::ParseGrpcTimeout(input);
      break;
    case 3: {  // Headers, one "key: value" a line.
      std::vector<std::pair<std::string, std::string>> headers;
      for (absl::string_view line : absl::StrSplit(input, '\n')) {
        const size_t colon = line.find(':');
        headers.emplace_back(std::string(line.substr(0, colon)),
                             colon == absl::string_view::npos
                                 ? std::string()
                                 : std::string(line.substr(colon + 1)));
      }
      CheckSafe(equalsay::gateway::SafeMetadata(headers));
      break;
    }
  }
  return 0;
}
