#include "services/common/store/sql.h"

#include "absl/strings/str_cat.h"

namespace equalsay {
namespace {

template <typename T, typename Fn>
std::string Join(const std::vector<T>& items, Fn element) {
  std::string out = "{";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    element(items[i], out);
  }
  return out + "}";
}

void AppendQuoted(const std::string& item, std::string& out) {
  out += '"';
  for (char c : item) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

void AppendNumber(int64_t item, std::string& out) {
  absl::StrAppend(&out, item);
}

// An element writer that also writes NULL for nullopt.
template <typename T>
auto OrNull(void (*element)(T, std::string&)) {
  return
      [element](const std::optional<std::decay_t<T>>& item, std::string& out) {
        if (item.has_value()) {
          element(*item, out);
        } else {
          out += "NULL";
        }
      };
}

}  // namespace

absl::Time TransactionTime(pqxx::transaction_base& txn) {
  static constexpr Statement kNow{
      "transaction_time",
      "SELECT (extract(epoch FROM now()) * 1000000)::bigint"};
  return absl::FromUnixMicros(Exec(txn, kNow)[0][0].as<int64_t>());
}

std::string PgArray(const std::vector<std::string>& items) {
  return Join(items, AppendQuoted);
}

std::string PgArray(const std::vector<int64_t>& items) {
  return Join(items, AppendNumber);
}

std::string PgArray(const std::vector<bool>& items) {
  return Join(items, [](bool item, std::string& out) {
    out += item ? "true" : "false";
  });
}

std::string PgArray(const std::vector<std::optional<int64_t>>& items) {
  return Join(items, OrNull(AppendNumber));
}

std::string PgArray(const std::vector<std::optional<std::string>>& items) {
  return Join(items, OrNull(AppendQuoted));
}

std::vector<std::string> TextsOf(const pqxx::field& array) {
  std::vector<std::string> out;
  auto parser = array.as_array();
  for (auto [kind, value] = parser.get_next(); kind != pqxx::array_parser::done;
       std::tie(kind, value) = parser.get_next()) {
    if (kind == pqxx::array_parser::string_value) out.push_back(value);
  }
  return out;
}

}  // namespace equalsay
