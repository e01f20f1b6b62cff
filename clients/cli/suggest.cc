#include "clients/cli/suggest.h"

#include <algorithm>

namespace equalsay::cli {
namespace {

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The option `name` (as typed, "--output") of `app` or, as options fall
// through, of a command above it.
const CLI::Option* FindOption(CLI::App* app, const std::string& name) {
  for (; app != nullptr; app = app->get_parent()) {
    if (const CLI::Option* o = app->get_option_no_throw(name)) return o;
  }
  return nullptr;
}

}  // namespace

std::optional<std::string> ClosestWord(std::string_view typed,
                                       const std::vector<std::string>& known) {
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (const std::string& word : known) {
    size_t distance = EditDistance(typed, word);
    if (typed.size() >= 2 && word.rfind(typed, 0) == 0) distance = 1;
    if (!best.has_value() || distance < best_distance) {
      best = word;
      best_distance = distance;
    }
  }
  // A slip is an edit or two, and never most of the word.
  if (!best.has_value() || best_distance > 2 ||
      best_distance * 3 > typed.size() + 1) {
    return std::nullopt;
  }
  return best;
}

std::optional<std::string> UnknownCommand(
    CLI::App& app, const std::vector<std::string>& args) {
  CLI::App* at = &app;
  std::string path;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") return std::nullopt;
    if (arg.size() > 1 && arg[0] == '-') {
      if (arg.find('=') != std::string::npos) continue;
      const CLI::Option* option = FindOption(at, arg);
      if (option != nullptr && option->get_items_expected_min() > 0) ++i;
      continue;
    }
    const std::vector<CLI::App*> subs = at->get_subcommands({});
    if (subs.empty()) return std::nullopt;  // A command's own arguments.
    std::vector<std::string> names;
    CLI::App* next = nullptr;
    for (CLI::App* sub : subs) {
      names.push_back(sub->get_name());
      if (sub->get_name() == arg) next = sub;
    }
    if (next == nullptr) {
      std::string said = "there is no command `equalsay " + path + arg + "`.";
      if (const auto guess = ClosestWord(arg, names)) {
        said += " Did you mean `equalsay " + path + *guess + "`?";
      }
      std::sort(names.begin(), names.end());
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + n;
      const std::string where =
          path.empty()
              ? ""
              : " after `equalsay " + path.substr(0, path.size() - 1) + "`";
      return said + "\nThe commands" + where + " are: " + list + ".";
    }
    path += arg + " ";
    at = next;
  }
  return std::nullopt;
}

}  // namespace equalsay::cli
