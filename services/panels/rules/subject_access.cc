#include "services/panels/rules/subject_access.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/common/base/json.h"

namespace equalsay::panels {
namespace {

// A value on one line of Markdown: its own line breaks become spaces, so no
// value can start a heading or a list of its own.
std::string OneLine(const std::string& value) {
  return absl::StrReplaceAll(value, {{"\r\n", " "}, {"\n", " "}, {"\r", " "}});
}

}  // namespace

v1::PersonalData SubjectAccess(const std::string& subject,
                               const std::vector<DataSection>& sections) {
  v1::PersonalData out;
  std::string json =
      absl::StrCat("{\"subject\":", JsonQuote(subject), ",\"sections\":[");
  std::string md = absl::StrCat(
      "# What equalsay holds about ", subject, "\n\n",
      "Everything below is held in equalsay's database. Other people appear "
      "by id only. How anyone voted in a secret vote is never shown, not "
      "even to the person who voted.\n");
  int items = 0;
  for (size_t i = 0; i < sections.size(); ++i) {
    const DataSection& s = sections[i];
    absl::StrAppend(&json, i ? "," : "", "{\"title\":", JsonQuote(s.title),
                    ",\"about\":", JsonQuote(s.about), ",\"rows\":[");
    absl::StrAppend(&md, "\n## ", s.title, "\n\n", s.about, "\n\n");
    if (s.rows.empty()) absl::StrAppend(&md, "Nothing held.\n");
    for (size_t r = 0; r < s.rows.size(); ++r) {
      JsonObject row;
      std::string line;
      for (const auto& [key, value] : s.rows[r]) {
        row.Add(key, value);
        absl::StrAppend(&line, line.empty() ? "" : "; ", key, ": ",
                        value.empty() ? "(none)" : OneLine(value));
      }
      absl::StrAppend(&json, r ? "," : "", row.str());
      absl::StrAppend(&md, "- ", line, "\n");
      ++items;
    }
    absl::StrAppend(&json, "]}");
  }
  absl::StrAppend(&json, "]}");
  out.set_json(std::move(json));
  out.set_markdown(std::move(md));
  out.set_items(items);
  return out;
}

}  // namespace equalsay::panels
