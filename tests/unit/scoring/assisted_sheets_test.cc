#include "services/scoring/rules/assisted_sheets.h"

#include <gtest/gtest.h>

namespace equalsay::scoring {
namespace {

using Code = absl::StatusCode;

TEST(CheckAssistedSaveTest, EveryCombination) {
  struct Row {
    const char* what;
    AssistedSave save;
    Code want;
  };
  const AssistedSave ok{.is_supporter = true, .how = v1::HOW_GIVEN_PAPER};
  auto with = [&](auto change) {
    AssistedSave s = ok;
    change(s);
    return s;
  };
  const Row rows[] = {
      {"a draft from paper", ok, Code::kOk},
      {"submitted too", with([](auto& s) { s.submit = true; }), Code::kOk},
      {"a draft where the member must confirm",
       with([](auto& s) { s.needs_confirmation = true; }), Code::kOk},
      {"submitted where the member must confirm", with([](auto& s) {
         s.submit = true;
         s.needs_confirmation = true;
       }),
       Code::kFailedPrecondition},
      {"not their supporter", with([](auto& s) { s.is_supporter = false; }),
       Code::kPermissionDenied},
      {"marked as the member's own",
       with([](auto& s) { s.how = v1::HOW_GIVEN_SELF; }),
       Code::kInvalidArgument},
      {"over a version the member saved",
       with([](auto& s) { s.member_wrote_current = true; }),
       Code::kFailedPrecondition},
  };
  for (const Row& row : rows) {
    EXPECT_EQ(CheckAssistedSave(row.save).code(), row.want) << row.what;
  }
}

TEST(MarkAssistedTest, OnlyTheVersionTheSupporterWrote) {
  const std::vector<AssistedMark> marks = {{.candidate_id = CandidateId(3),
                                            .person_id = PersonId(4),
                                            .version = 2,
                                            .how = v1::HOW_GIVEN_PHONE,
                                            .entered_by_name = "Hana"}};
  v1::ScoreSheet sheet;
  sheet.set_candidate_id("3");
  sheet.set_person_id("4");
  for (uint32_t version : {1u, 2u, 3u}) {
    v1::ScoreSheet v = sheet;
    v.set_version(version);
    MarkAssisted(marks, v);
    EXPECT_EQ(v.entered_by_name(), version == 2 ? "Hana" : "") << version;
    EXPECT_EQ(v.how(),
              version == 2 ? v1::HOW_GIVEN_PHONE : v1::HOW_GIVEN_UNSPECIFIED);
  }
  v1::ScoreSheet someone_else = sheet;
  someone_else.set_person_id("5");
  someone_else.set_version(2);
  MarkAssisted(marks, someone_else);
  EXPECT_EQ(someone_else.entered_by_name(), "");
}

}  // namespace
}  // namespace equalsay::scoring
