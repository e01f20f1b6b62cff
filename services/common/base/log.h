// Log records on stderr, one line each with a UTC timestamp: plain text by
// default, or one JSON object per line for log collectors.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_LOG_H_
#define EQUALSAY_SERVICES_COMMON_BASE_LOG_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace equalsay {

enum class LogFormat { kText, kJson };

// Set once at start, before any thread logs.
void SetLogFormat(LogFormat format);

struct LogField {
  LogField(std::string key, std::string value)
      : key(std::move(key)), text(std::move(value)) {}
  LogField(std::string key, double value)
      : key(std::move(key)), number(value), is_number(true) {}
  std::string key;
  std::string text;
  double number = 0;
  bool is_number = false;
};

// Never pass tokens, ballot choices or score content: logs are not private.
void LogLine(absl::string_view message);
// A record with fields: text "message key=value ...", JSON
// {"time":...,"msg":message,"key":value,...}.
void LogRecord(absl::string_view message, const std::vector<LogField>& fields);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_LOG_H_
