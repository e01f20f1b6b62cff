// How many terminal columns text takes, so tables line up on names such as
// Siân, Zoë (a combining accent takes none) or 陈 (a wide character takes
// two), not on the bytes of their UTF-8.
#ifndef EQUALSAY_CLIENTS_CLI_TEXT_WIDTH_H_
#define EQUALSAY_CLIENTS_CLI_TEXT_WIDTH_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace equalsay::cli {

size_t DisplayWidth(std::string_view utf8);

// The rows as lines of columns lined up by display width, two spaces apart,
// each line starting with `indent`.
std::string AlignedRows(const std::vector<std::vector<std::string>>& rows,
                        std::string_view indent);

}  // namespace equalsay::cli

#endif  // EQUALSAY_CLIENTS_CLI_TEXT_WIDTH_H_
