#include "clients/cli/fields.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <vector>

#include "clients/cli/suggest.h"

namespace equalsay::cli {
namespace {

namespace pb = google::protobuf;

// "PanelKind" -> "PANEL_KIND_"
std::string PrefixOf(const pb::EnumDescriptor* type) {
  std::string prefix;
  for (char c : type->name()) {
    if (std::isupper(static_cast<unsigned char>(c)) && !prefix.empty()) {
      prefix += '_';
    }
    prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return prefix + "_";
}

std::string Normalise(const std::string& words) {
  std::string out;
  for (char c : words) {
    if (c == '-' || c == ' ') {
      out += '_';
    } else {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::optional<int64_t> ParseInt(const std::string& text) {
  if (text.empty()) return std::nullopt;
  size_t used = 0;
  try {
    const long long value = std::stoll(text, &used);
    if (used != text.size()) return std::nullopt;
    return value;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace

const pb::EnumValueDescriptor* EnumFromWords(const pb::EnumDescriptor* type,
                                             const std::string& words) {
  const std::string prefix = PrefixOf(type);
  std::string name = Normalise(words);
  if (name.rfind(prefix, 0) != 0) name = prefix + name;
  const pb::EnumValueDescriptor* value = type->FindValueByName(name);
  if (value == nullptr || value->number() == 0) return nullptr;
  return value;
}

namespace {

// The value's name without its type's prefix, lower case, with `gap`
// between words.
std::string NameWords(const pb::EnumValueDescriptor* value, char gap) {
  std::string name = value->name();
  const std::string prefix = PrefixOf(value->type());
  if (name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
  std::transform(name.begin(), name.end(), name.begin(), [&](char c) {
    return c == '_' ? gap : static_cast<char>(std::tolower(c));
  });
  return name;
}

// The value as a person types it: "stand-aside", "co-chair".
std::string TypedWords(const pb::EnumValueDescriptor* value) {
  return NameWords(value, '-');
}

void CollectTypedEnums(const pb::Descriptor* type, int depth,
                       std::set<const pb::EnumDescriptor*>& found) {
  if (depth > 3) return;  // Requests nest a level or two; no cycles matter.
  for (int f = 0; f < type->field_count(); ++f) {
    const pb::FieldDescriptor* field = type->field(f);
    if (field->enum_type() != nullptr) found.insert(field->enum_type());
    if (field->message_type() != nullptr) {
      CollectTypedEnums(field->message_type(), depth + 1, found);
    }
  }
}

// Whether some request of the three services takes a value of `type`, so
// that a person types its values.
bool TypedInRequests(const pb::EnumDescriptor* type) {
  static const auto* kTyped = [] {
    auto* found = new std::set<const pb::EnumDescriptor*>;
    for (const char* name :
         {"equalsay.v1.PanelService", "equalsay.v1.ScoringService",
          "equalsay.v1.ConsensusService"}) {
      const pb::ServiceDescriptor* service =
          pb::DescriptorPool::generated_pool()->FindServiceByName(name);
      for (int m = 0; service != nullptr && m < service->method_count(); ++m) {
        CollectTypedEnums(service->method(m)->input_type(), 0, *found);
      }
    }
    return found;
  }();
  return kTyped->count(type) > 0;
}

}  // namespace

std::string EnumWords(const pb::EnumValueDescriptor* value) {
  return NameWords(value, TypedInRequests(value->type()) ? '-' : ' ');
}

std::string EnumChoices(const pb::EnumDescriptor* type) {
  std::string out;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() == 0) continue;
    out += (out.empty() ? "" : ", ") + TypedWords(type->value(i));
  }
  return out;
}

void ReplaceWholeWord(std::string& text, std::string_view word,
                      std::string_view with) {
  const auto is_name = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  };
  // A '.' belongs to a name when a name character stands on its far side.
  const auto joins = [&](size_t dot, size_t beyond) {
    return text[dot] == '.' && beyond < text.size() && is_name(text[beyond]);
  };
  for (size_t at = text.find(word); at != std::string::npos;
       at = text.find(word, at)) {
    const size_t end = at + word.size();
    const bool starts = at == 0 || (!is_name(text[at - 1]) &&
                                    !(at >= 2 && joins(at - 1, at - 2)));
    const bool ends =
        end == text.size() || (!is_name(text[end]) && !joins(end, end + 1));
    if (starts && ends) {
      text.replace(at, word.size(), with);
      at += with.size();
    } else {
      at = end;
    }
  }
}

std::string EnumValuesTyped(std::string message,
                            const pb::Descriptor* request) {
  std::set<const pb::EnumDescriptor*> enums;
  CollectTypedEnums(request, 0, enums);
  for (const pb::EnumDescriptor* type : enums) {
    for (int v = 0; v < type->value_count(); ++v) {
      ReplaceWholeWord(message, type->value(v)->name(),
                       TypedWords(type->value(v)));
    }
  }
  return message;
}

std::optional<int64_t> ParsePounds(const std::string& text) {
  std::string t = text;
  if (t.rfind("£", 0) == 0) t.erase(0, std::string("£").size());
  // Commas only between groups of three ("1,234"): "15,5" is not £155.
  if (const size_t comma = t.find(','); comma != std::string::npos) {
    const size_t end = std::min(t.find('.'), t.size());
    if (comma == 0 || comma > 3) return std::nullopt;
    for (size_t i = comma; i < end; i += 4) {
      if (t[i] != ',' || i + 4 > end) return std::nullopt;
    }
    t.erase(std::remove(t.begin(), t.end(), ','), t.end());
  }
  const size_t dot = t.find('.');
  const std::string whole = t.substr(0, dot);
  const std::string part = dot == std::string::npos ? "" : t.substr(dot + 1);
  const auto digits = [](const std::string& d) {
    return std::all_of(d.begin(), d.end(),
                       [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 12 || !digits(whole) || part.size() > 2 ||
      !digits(part) || (dot != std::string::npos && part.empty())) {
    return std::nullopt;
  }
  const int64_t pence = part.empty()       ? 0
                        : part.size() == 1 ? (part[0] - '0') * 10
                                           : std::stoi(part);
  return std::stoll(whole) * 100 + pence;
}

std::string FormatPounds(int64_t pence) {
  const bool negative = pence < 0;
  const uint64_t abs = negative ? 0 - static_cast<uint64_t>(pence) : pence;
  const std::string digits = std::to_string(abs / 100);
  std::string whole;  // "1,234": a comma before each group of three.
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) whole += ',';
    whole += digits[i];
  }
  char part[4];
  std::snprintf(part, sizeof part, "%02d", static_cast<int>(abs % 100));
  return std::string(negative ? "-" : "") + "£" + whole + "." + part;
}

bool IsMoney(const pb::FieldDescriptor* field) {
  const std::string name = "_" + field->name() + "_";
  return field->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT64 &&
         name.find("_pence_") != std::string::npos;
}

std::optional<int64_t> ParseTime(const std::string& text, int64_t now_unix) {
  if (text.size() >= 2 && text[0] == '+') {
    const std::optional<int64_t> n = ParseInt(text.substr(1, text.size() - 2));
    if (!n.has_value() || *n <= 0) return std::nullopt;
    switch (text.back()) {
      case 'm':
        return now_unix + *n * 60;
      case 'h':
        return now_unix + *n * 3600;
      case 'd':
        return now_unix + *n * 86400;
      default:
        return std::nullopt;
    }
  }
  if (std::optional<int64_t> seconds = ParseInt(text)) return seconds;
  std::string t = text;
  if (!t.empty() && (t.back() == 'Z' || t.back() == 'z')) t.pop_back();
  std::replace(t.begin(), t.end(), ' ', 'T');
  std::tm tm{};
  const char* end = strptime(t.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr || *end != '\0') {
    tm = {};
    end = strptime(t.c_str(), "%Y-%m-%dT%H:%M", &tm);
  }
  if (end == nullptr || *end != '\0') return std::nullopt;
  return static_cast<int64_t>(timegm(&tm));
}

std::string FormatTime(int64_t unix_seconds) {
  if (unix_seconds == 0) return "";
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%d %H:%M UTC", &tm);
  return out;
}

std::optional<std::string> SetField(pb::Message& message,
                                    const std::string& path,
                                    const std::string& text,
                                    const std::string& option) {
  pb::Message* target = &message;
  std::string name = path;
  for (size_t dot; (dot = name.find('.')) != std::string::npos;) {
    const pb::FieldDescriptor* f =
        target->GetDescriptor()->FindFieldByName(name.substr(0, dot));
    if (f == nullptr) return "unknown field " + path;
    target = target->GetReflection()->MutableMessage(target, f);
    name = name.substr(dot + 1);
  }
  const pb::FieldDescriptor* field =
      target->GetDescriptor()->FindFieldByName(name);
  if (field == nullptr) return "unknown field " + path;
  const pb::Reflection* r = target->GetReflection();
  auto integer = [&]() -> std::optional<int64_t> {
    if (name.size() > 5 && name.substr(name.size() - 5) == "_unix") {
      return ParseTime(text, static_cast<int64_t>(std::time(nullptr)));
    }
    if (IsMoney(field)) return ParsePounds(text);
    return ParseInt(text);
  };
  // Bytes are a file's content, named by its path ("-": standard input).
  if (field->type() == pb::FieldDescriptor::TYPE_BYTES) {
    std::ifstream file;
    if (text != "-") file.open(text, std::ios::binary);
    std::istream& in = text == "-" ? std::cin : file;
    if (!in) return "cannot read " + text + ": is the file's name right?";
    std::stringstream content;
    content << in.rdbuf();
    r->SetString(target, field, content.str());
    return std::nullopt;
  }
  // A list of ids: "14,15,16".
  if (field->is_repeated()) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING) {
      return "cannot set the list " + path;
    }
    std::stringstream items(text);
    for (std::string item; std::getline(items, item, ',');) {
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (!item.empty()) r->AddString(target, field, item);
    }
    return std::nullopt;
  }
  switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      r->SetString(target, field, text);
      return std::nullopt;
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const pb::EnumValueDescriptor* value =
          EnumFromWords(field->enum_type(), text);
      if (value == nullptr) {
        std::vector<std::string> choices;
        for (int i = 0; i < field->enum_type()->value_count(); ++i) {
          const pb::EnumValueDescriptor* v = field->enum_type()->value(i);
          if (v->number() != 0) choices.push_back(TypedWords(v));
        }
        const std::optional<std::string> meant = ClosestWord(text, choices);
        return option + " must be one of: " + EnumChoices(field->enum_type()) +
               " (got \"" + text + "\")" +
               (meant ? ". Did you mean \"" + *meant + "\"?" : "");
      }
      r->SetEnum(target, field, value);
      return std::nullopt;
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL: {
      const std::string t = Normalise(text);
      if (t != "YES" && t != "NO" && t != "TRUE" && t != "FALSE") {
        return option + " must be yes or no (got \"" + text + "\")";
      }
      r->SetBool(target, field, t == "YES" || t == "TRUE");
      return std::nullopt;
    }
    case pb::FieldDescriptor::CPPTYPE_DOUBLE: {
      try {
        size_t used = 0;
        const double d = std::stod(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
        r->SetDouble(target, field, d);
        return std::nullopt;
      } catch (...) {
        return option + " must be a number (got \"" + text + "\")";
      }
    }
    case pb::FieldDescriptor::CPPTYPE_INT64:
    case pb::FieldDescriptor::CPPTYPE_INT32:
    case pb::FieldDescriptor::CPPTYPE_UINT32: {
      const std::optional<int64_t> n = integer();
      const bool is_time =
          name.size() > 5 && name.substr(name.size() - 5) == "_unix";
      if (!n.has_value() ||
          (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32 &&
           (*n < 0 || *n > 0xffffffffLL))) {
        return option +
               (is_time ? " must be a time such as 2026-12-01T17:00 (UTC) "
                          "or +2h"
                : IsMoney(field) ? " must be an amount in pounds such as 6.40"
                                 : " must be a whole number") +
               " (got \"" + text + "\")";
      }
      if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT64) {
        r->SetInt64(target, field, *n);
      } else if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_INT32) {
        r->SetInt32(target, field, static_cast<int32_t>(*n));
      } else {
        r->SetUInt32(target, field, static_cast<uint32_t>(*n));
      }
      return std::nullopt;
    }
    default:
      return "cannot set " + path + " from the command line";
  }
}

}  // namespace equalsay::cli
