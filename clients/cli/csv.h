// Reading a spreadsheet saved as CSV (RFC 4180, as Excel, LibreOffice and
// Google Sheets write it): quoted fields with commas, quotes and line
// breaks, a byte-order mark, and semicolons where a locale uses them.
#ifndef EQUALSAY_CLIENTS_CLI_CSV_H_
#define EQUALSAY_CLIENTS_CLI_CSV_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace equalsay::cli {

// Each row's fields, and the line each row starts on (for messages).
struct CsvTable {
  std::vector<std::string> heading;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> lines;
};
// INVALID_ARGUMENT naming the line when the text is not CSV (a quote left
// open, a row with more values than columns); blank rows are skipped and
// values are trimmed.
absl::StatusOr<CsvTable> ParseCsv(const std::string& text);

// Which column holds each of `wanted` (heading names, any letter case);
// INVALID_ARGUMENT for a missing required column or an unknown one, with
// the nearest known name.
absl::StatusOr<std::map<std::string, int>> Columns(
    const std::vector<std::string>& heading,
    const std::vector<std::string>& required,
    const std::vector<std::string>& optional);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_CSV_H_
