#include "clients/cli/csv.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "clients/cli/suggest.h"

namespace equalsay::cli {

absl::StatusOr<CsvTable> ParseCsv(const std::string& input) {
  absl::string_view text = input;
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // BOM.
  // A locale that writes decimals with commas separates with semicolons.
  const absl::string_view first_line = text.substr(0, text.find('\n'));
  const char separator = first_line.find(',') == absl::string_view::npos &&
                                 first_line.find(';') != absl::string_view::npos
                             ? ';'
                             : ',';
  CsvTable table;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, row_has_text = false;
  int line = 1, row_line = 1, quote_line = 0;
  const auto end_row = [&] {
    row.push_back(std::move(field));
    field.clear();
    if (row_has_text) {
      if (table.heading.empty()) {
        table.heading = std::move(row);
      } else {
        table.rows.push_back(std::move(row));
        table.lines.push_back(row_line);
      }
    }
    row.clear();
    row_has_text = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      quote_line = line;
      row_has_text = true;
    } else if (c == separator) {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      // The \n ends the row.
    } else if (c == '\n') {
      end_row();
      row_line = ++line;
    } else {
      field += c;
      if (!absl::ascii_isspace(static_cast<unsigned char>(c))) {
        row_has_text = true;
      }
    }
  }
  if (quoted) {
    return absl::InvalidArgumentError(
        absl::StrCat("line ", quote_line,
                     ": a quote is opened and never "
                     "closed"));
  }
  end_row();
  if (table.heading.empty()) {
    return absl::InvalidArgumentError(
        "the file is empty: its first line names the columns");
  }
  for (size_t i = 0; i < table.rows.size(); ++i) {
    std::vector<std::string>& r = table.rows[i];
    // Spreadsheets leave off empty cells at the end, never add cells.
    while (r.size() > table.heading.size() && r.back().empty()) r.pop_back();
    if (r.size() > table.heading.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "line ", table.lines[i], " has ", r.size(),
          " values but the first line names ", table.heading.size(),
          " columns: put quotes around a value with a comma in it, like "
          "\"Smith, Jo\""));
    }
    for (std::string& f : r) f = std::string(absl::StripAsciiWhitespace(f));
  }
  return table;
}

absl::StatusOr<std::map<std::string, int>> Columns(
    const std::vector<std::string>& heading,
    const std::vector<std::string>& required,
    const std::vector<std::string>& optional) {
  std::vector<std::string> known = required;
  known.insert(known.end(), optional.begin(), optional.end());
  std::map<std::string, int> at;
  for (size_t i = 0; i < heading.size(); ++i) {
    const std::string name =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(heading[i]));
    if (name.empty()) continue;
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string what =
          absl::StrCat("line 1: unknown column \"", heading[i], "\"");
      if (const auto nearest = ClosestWord(name, known)) {
        absl::StrAppend(&what, "; did you mean \"", *nearest, "\"?");
      } else {
        absl::StrAppend(&what,
                        " (the columns are: ", absl::StrJoin(known, ", "), ")");
      }
      return absl::InvalidArgumentError(what);
    }
    if (at.contains(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("line 1: the column \"", name, "\" is there twice"));
    }
    at[name] = static_cast<int>(i);
  }
  for (const std::string& name : required) {
    if (!at.contains(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("line 1: the column \"", name,
                       "\" is missing (the first line "
                       "names the columns: ",
                       absl::StrJoin(known, ", "), ")"));
    }
  }
  return at;
}

}  // namespace equalsay::cli
