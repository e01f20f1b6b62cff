// Retention: how long personal data is kept, in the organisation's policy,
// and the words that tell people so (the plan, the privacy notice).
#ifndef EQUALSAY_SERVICES_PANELS_RULES_RETENTION_H_
#define EQUALSAY_SERVICES_PANELS_RULES_RETENTION_H_

#include <string>
#include <vector>

#include "equalsay/v1/panels.pb.h"

namespace equalsay::panels {

// Months counted from the end of what needed the data; 0 keeps it until
// it is erased on request. Defaults follow NHS practice for recruitment:
// unsuccessful applications a year after the post is filled.
struct RetentionPolicy {
  int candidate_months = 12;  // After the round finished, or they withdrew.
  int people_months = 24;     // After a person was deactivated.
};

// Answers kept for retries of a change are needed for minutes, not days.
inline constexpr int kAnswerKeptHours = 24;

// The policy in plain words, one line per kind of data.
std::vector<std::string> PolicyWords(const RetentionPolicy& policy);

// The privacy notice: who is responsible (empty: the organisation that
// invited them), whom to ask (empty: who sent the sign-in link) and the
// policy's words.
v1::PrivacyNotice PrivacyNoticeOf(const std::string& controller,
                                  const std::string& contact,
                                  const RetentionPolicy& policy);

// "12 months" / "1 month".
std::string Months(int months);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_RULES_RETENTION_H_
