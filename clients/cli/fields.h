// Typed words into protocol fields: what a person types on the command line
// set into a request, found by field name through the descriptors.
#ifndef EQUALSAY_CLIENTS_CLI_FIELDS_H_
#define EQUALSAY_CLIENTS_CLI_FIELDS_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace equalsay::cli {

// "service-user", "Service user" or "SERVICE_USER" for PANEL_KIND_SERVICE_USER
// of PanelKind; nullptr when no value matches (UNSPECIFIED never does).
const google::protobuf::EnumValueDescriptor* EnumFromWords(
    const google::protobuf::EnumDescriptor* type, const std::string& words);
// The value's name without its type's prefix, in words: as a person types
// it where a request takes it ("service-user", "co-chair"), otherwise with
// spaces ("scoring closed").
std::string EnumWords(const google::protobuf::EnumValueDescriptor* value);
// "service-user, staff": what an option of this enum type accepts.
std::string EnumChoices(const google::protobuf::EnumDescriptor* type);

// Replaces every whole `word` in `text` with `with`, but not where it is part
// of a longer name: next to a letter, digit or '_', or to a '.' inside a
// name (as in rule.quorum).
void ReplaceWholeWord(std::string& text, std::string_view word,
                      std::string_view with);

// `message` (the server's) with the protocol's names of the values of
// `request`'s enum fields as a person types them: "CHOICE_AGREE" becomes
// "agree", "THRESHOLD_TWO_THIRDS" "two-thirds".
std::string EnumValuesTyped(std::string message,
                            const google::protobuf::Descriptor* request);

// Unix seconds from "2026-12-01T17:00" (UTC, with or without seconds or a
// trailing Z), "+90m", "+2h", "+3d", or plain unix seconds.
std::optional<int64_t> ParseTime(const std::string& text, int64_t now_unix);
// "2026-12-01 17:00 UTC"; "" for 0.
std::string FormatTime(int64_t unix_seconds);

// Money is typed and shown in pounds ("6.40", "£1,234.05") and travels as
// whole pence, so no amount passes through floating point.
std::optional<int64_t> ParsePounds(const std::string& text);
std::string FormatPounds(int64_t pence);
// True for a field holding money: a "pence" part in its name.
bool IsMoney(const google::protobuf::FieldDescriptor* field);

// Sets the field at `path` ("title", "rule.quorum") from `text`. Enums take
// words; fields ending in _unix take times; money fields take pounds; bools
// take yes/no/true/false.
// On failure, a message naming `option` (as the person typed it).
std::optional<std::string> SetField(google::protobuf::Message& message,
                                    const std::string& path,
                                    const std::string& text,
                                    const std::string& option);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_FIELDS_H_
