#include "services/privacy/rules/data_keys.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace equalsay::privacy {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kSecret1[] = "one-secret-of-thirty-two-or-more-characters";
constexpr char kSecret2[] = "two-secret-of-thirty-two-or-more-characters";

DataKeys Keys(const std::string& setting) {
  absl::StatusOr<DataKeys> keys = DataKeys::Parse(setting);
  EXPECT_TRUE(keys.ok()) << keys.status();
  return *keys;
}

TEST(DataKeysTest, TheFirstKeyIsCurrentAndTheOthersOpenOnly) {
  const DataKeys keys =
      Keys(absl::StrCat(" new:", kSecret2, " , old:", kSecret1));
  EXPECT_EQ(keys.current().id, "new");
  ASSERT_NE(keys.Find("old"), nullptr);
  EXPECT_EQ(keys.Find("gone"), nullptr);
  // The same secret makes the same key wherever it is given.
  EXPECT_EQ(keys.Find("old")->key,
            Keys(absl::StrCat("x:", kSecret1)).current().key);
  EXPECT_NE(keys.Find("old")->key, keys.current().key);
}

TEST(DataKeysTest, ASettingThatCannotBeUsedSaysWhatToChange) {
  const struct {
    std::string setting;
    std::string says;
  } kCases[] = {
      {"", "no key given"},
      {" , ", "no key given"},
      {kSecret1, "key 1 has no ':'"},
      {absl::StrCat(":", kSecret1), "key 1 needs a name"},
      {absl::StrCat("a b:", kSecret1), "key 1 needs a name"},
      {absl::StrCat(std::string(33, 'a'), ":", kSecret1), "1 to 32"},
      {"main:short", "key 1 (\"main\") needs a secret of 32"},
      {absl::StrCat("a:", kSecret1, ",a:", kSecret2), "given to two keys"},
      {absl::StrCat("a:", kSecret1, ",b"), "key 2 has no ':'"},
      {absl::StrCat("a:", kSecret1, ",b:"), "key 2 (\"b\") needs a secret"},
  };
  for (const auto& c : kCases) {
    const absl::StatusOr<DataKeys> keys = DataKeys::Parse(c.setting);
    ASSERT_FALSE(keys.ok()) << c.setting;
    EXPECT_EQ(keys.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(keys.status().message(), HasSubstr(c.says)) << c.setting;
    // A secret is never repeated back.
    EXPECT_THAT(keys.status().message(),
                ::testing::Not(HasSubstr("thirty-two")));
  }
}

TEST(SealTest, TextOpensOnlyWithItsKeyAndContextAndUnchanged) {
  const Key key = NewSubjectKey();
  const std::string sealed = Seal(key, "She is my neighbour", "event_texts");
  EXPECT_EQ(sealed.size(), kSealOverhead + 19);
  EXPECT_EQ(sealed.find("neighbour"), std::string::npos);
  EXPECT_EQ(Open(key, sealed, "event_texts"), "She is my neighbour");
  EXPECT_EQ(Open(NewSubjectKey(), sealed, "event_texts"), std::nullopt);
  EXPECT_EQ(Open(key, sealed, "documents.content"), std::nullopt);
  for (size_t i = 0; i < sealed.size(); ++i) {
    std::string changed = sealed;
    changed[i] ^= 1;
    EXPECT_EQ(Open(key, changed, "event_texts"), std::nullopt) << i;
  }
  EXPECT_EQ(Open(key, sealed.substr(0, kSealOverhead - 1), "event_texts"),
            std::nullopt);
  // A fresh nonce each time: the same text never seals the same way.
  EXPECT_NE(Seal(key, "same", "c"), Seal(key, "same", "c"));
  EXPECT_EQ(Open(key, Seal(key, "", "c"), "c"), "");
}

TEST(SealTest, ASubjectKeyOpensOnlyForItsSubjectUnderItsDataKey) {
  const DataKeys keys = Keys(absl::StrCat("new:", kSecret2, ",old:", kSecret1));
  const Key key = NewSubjectKey();
  const std::string wrapped =
      WrapSubjectKey(*keys.Find("old"), key, "person/3");
  EXPECT_EQ(UnwrapSubjectKey(*keys.Find("old"), wrapped, "person/3"), key);
  EXPECT_EQ(UnwrapSubjectKey(keys.current(), wrapped, "person/3"),
            std::nullopt);
  EXPECT_EQ(UnwrapSubjectKey(*keys.Find("old"), wrapped, "person/4"),
            std::nullopt);
  // Rotation: sealed again under the new data key, the subject's key (and
  // so everything sealed under it) is the same.
  const std::string rewrapped = WrapSubjectKey(keys.current(), key, "person/3");
  EXPECT_EQ(UnwrapSubjectKey(keys.current(), rewrapped, "person/3"), key);
}

TEST(SealTest, ATextAboutSeveralSubjectsNeedsEveryOnesKey) {
  const Key a = NewSubjectKey(), b = NewSubjectKey(), c = NewSubjectKey();
  EXPECT_EQ(JointKey({a}), a);
  const Key ab = JointKey({a, b});
  const std::set<Key> distinct = {
      a, b, ab, JointKey({b, a}), JointKey({a, c}), JointKey({a, b, c})};
  EXPECT_EQ(distinct.size(), 6u);
  EXPECT_EQ(JointKey({a, b}), ab);
  const std::string sealed = Seal(ab, "about both", "event_texts");
  EXPECT_EQ(Open(JointKey({a, b}), sealed, "event_texts"), "about both");
  EXPECT_EQ(Open(a, sealed, "event_texts"), std::nullopt);
  EXPECT_EQ(Open(b, sealed, "event_texts"), std::nullopt);
}

// People are found by address without opening every row: the same address
// and key give the same index, another key another, and the index is not
// the address.
TEST(BlindIndexTest, TheSameTextAndKeyFindTheSameRowAndNothingElse) {
  const Key key = NewSubjectKey();
  const std::string index = BlindIndex(key, "ben@example.org");
  EXPECT_EQ(index.size(), 64u);
  EXPECT_EQ(BlindIndex(key, "ben@example.org"), index);
  EXPECT_NE(BlindIndex(key, "ben@example.com"), index);
  EXPECT_NE(BlindIndex(NewSubjectKey(), "ben@example.org"), index);
  EXPECT_THAT(index, Not(HasSubstr("ben")));
}

TEST(LockTextTest, LockedTextIsMarkedOpensInItsPlaceAndOldTextPassesAsItIs) {
  const Key key = NewSubjectKey();
  const std::string locked = LockText(key, "Listened well", kEvidenceContext);
  EXPECT_TRUE(IsLockedText(locked));
  EXPECT_EQ(locked.find("Listened"), std::string::npos);
  EXPECT_EQ(UnlockText(key, locked, kEvidenceContext), "Listened well");
  EXPECT_EQ(UnlockText(key, locked, kDocumentsContext), std::nullopt);
  EXPECT_EQ(UnlockText(NewSubjectKey(), locked, kEvidenceContext),
            std::nullopt);
  EXPECT_EQ(UnlockText(key, "locked:not base64!", kEvidenceContext),
            std::nullopt);
  // Kept before locking began.
  EXPECT_FALSE(IsLockedText("Listened well"));
  EXPECT_EQ(UnlockText(key, "Listened well", kEvidenceContext),
            "Listened well");
}

TEST(LockTextTest, JsonAsStoredIsShownWithEveryNoteOpenedAndQuoted) {
  const Key key = NewSubjectKey();
  const std::string json = absl::StrCat(
      R"({"entries": [{"score": 3, "evidence": ")",
      LockText(key, "Said \"I care\"\nand meant it", kEvidenceContext),
      R"("}, {"score": 1, "evidence": "old, not locked"}, {"evidence": ")",
      LockText(key, "Kind", kEvidenceContext), R"("}]})");
  EXPECT_EQ(UnlockTextsInJson(json, &key, kEvidenceContext),
            R"({"entries": [{"score": 3, "evidence": "Said \"I care\"\nand )"
            R"(meant it"}, {"score": 1, "evidence": "old, not locked"}, )"
            R"({"evidence": "Kind"}]})");
  // Without the key (the candidate was erased) nothing locked is shown.
  EXPECT_EQ(UnlockTextsInJson(json, nullptr, kEvidenceContext),
            R"({"entries": [{"score": 3, "evidence": ""}, {"score": 1, )"
            R"("evidence": "old, not locked"}, {"evidence": ""}]})");
  EXPECT_EQ(UnlockTextsInJson("{}", &key, kEvidenceContext), "{}");
}

}  // namespace
}  // namespace equalsay::privacy
