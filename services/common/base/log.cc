#include "services/common/base/log.h"

#include <atomic>
#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/common/base/json.h"

namespace equalsay {
namespace {

std::atomic<LogFormat> log_format{LogFormat::kText};

void Write(const std::string& line) {
  // One fwrite per line: stdio locks the stream, so lines never interleave.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

void SetLogFormat(LogFormat format) { log_format = format; }

void LogLine(absl::string_view message) { LogRecord(message, {}); }

void LogRecord(absl::string_view message, const std::vector<LogField>& fields) {
  const std::string time = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                            absl::UTCTimeZone());
  if (log_format == LogFormat::kText) {
    std::string line = absl::StrCat(time, " ", message);
    for (const LogField& f : fields) {
      absl::StrAppend(&line, " ", f.key, "=",
                      f.is_number ? absl::StrFormat("%.1f", f.number) : f.text);
    }
    return Write(line + "\n");
  }
  JsonObject record;
  record.Add("time", time).Add("msg", message);
  for (const LogField& f : fields) {
    if (f.is_number) {
      record.AddNumber(f.key, f.number);
    } else {
      record.Add(f.key, f.text);
    }
  }
  Write(record.str() + "\n");
}

}  // namespace equalsay
