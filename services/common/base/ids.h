// Ids of the things the protocol names, a distinct type per kind, so a
// round's id cannot be passed where a person's is expected. The protocol
// carries them as decimal strings ("12"); a request's are parsed once, at
// the service boundary (ParseId), and stay typed down to the SQL.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_IDS_H_
#define EQUALSAY_SERVICES_COMMON_BASE_IDS_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace equalsay {

template <typename Kind>
class Id {
 public:
  constexpr explicit Id(int64_t value) : value_(value) {}

  constexpr int64_t value() const { return value_; }
  // As the protocol carries it: "12".
  std::string str() const { return absl::StrCat(value_); }

  friend constexpr auto operator<=>(Id, Id) = default;
  template <typename H>
  friend H AbslHashValue(H h, Id id) {
    return H::combine(std::move(h), id.value_);
  }

 private:
  int64_t value_;
};

// Each kind is told apart by a tag type that is never defined (and is named
// apart from the protocol's enums such as v1::RoundKind).
using PersonId = Id<struct PersonIdTag>;
using RoundId = Id<struct RoundIdTag>;
using PanelId = Id<struct PanelIdTag>;
using CandidateId = Id<struct CandidateIdTag>;
using CriterionId = Id<struct CriterionIdTag>;
using DecisionId = Id<struct DecisionIdTag>;
using TokenId = Id<struct TokenIdTag>;
using DocumentId = Id<struct DocumentIdTag>;
using ActionId = Id<struct ActionIdTag>;
using InvolvementId = Id<struct InvolvementIdTag>;

// How the audit trail names a thing: Subject("round", id) is "round/12".
template <typename Kind>
std::string Subject(absl::string_view kind, Id<Kind> id) {
  return absl::StrCat(kind, "/", id.value());
}

template <typename T>
inline constexpr bool kIsId = false;
template <typename Kind>
inline constexpr bool kIsId<Id<Kind>> = true;
template <typename T>
inline constexpr bool kIsOptionalId = false;
template <typename Kind>
inline constexpr bool kIsOptionalId<std::optional<Id<Kind>>> = true;

// Parses the id a request names in `field` ("12"): INVALID_ARGUMENT naming
// the field when it is empty or not an id.
absl::StatusOr<int64_t> ParseIdValue(absl::string_view field,
                                     absl::string_view value);
template <typename IdType>
absl::StatusOr<IdType> ParseId(absl::string_view field,
                               absl::string_view value) {
  static_assert(kIsId<IdType>);
  absl::StatusOr<int64_t> parsed = ParseIdValue(field, value);
  if (!parsed.ok()) return parsed.status();
  return IdType(*parsed);
}

// The id of a message the server itself filled in from the database, which
// is always well formed (0 if it is somehow not).
template <typename IdType>
IdType IdOf(absl::string_view stored) {
  static_assert(kIsId<IdType>);
  absl::StatusOr<int64_t> parsed = ParseIdValue("id", stored);
  return IdType(parsed.ok() ? *parsed : 0);
}

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_IDS_H_
