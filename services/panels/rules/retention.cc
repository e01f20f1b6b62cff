#include "services/panels/rules/retention.h"

#include "absl/strings/str_cat.h"

namespace equalsay::panels {

std::string Months(int months) {
  return absl::StrCat(months, months == 1 ? " month" : " months");
}

std::vector<std::string> PolicyWords(const RetentionPolicy& policy) {
  const auto kept = [](int months, const char* after) {
    return months == 0
               ? std::string("kept until erased on request")
               : absl::StrCat("erased ", Months(months), " after ", after);
  };
  return {
      absl::StrCat("Candidates' names, documents and the evidence notes "
                   "about them: ",
                   kept(policy.candidate_months,
                        "their round finished (or they withdrew)"),
                   "."),
      absl::StrCat("People's names, e-mail addresses and what they wrote: ",
                   kept(policy.people_months, "they stopped taking part"),
                   ", unless a round in progress still needs them."),
      "Scores, votes, outcomes, the minutes and the audit trail: kept, "
      "naming nobody who was erased.",
      "Amounts of time and expenses: kept for finance's records, without "
      "the name once it is erased.",
      absl::StrCat("Answers kept so that a change sent twice is made once: ",
                   kAnswerKeptHours, " hours."),
  };
}

v1::PrivacyNotice PrivacyNoticeOf(const std::string& controller,
                                  const std::string& contact,
                                  const RetentionPolicy& policy) {
  v1::PrivacyNotice notice;
  notice.set_controller(controller.empty()
                            ? "The organisation that invited you to equalsay"
                            : controller);
  notice.set_contact(contact.empty()
                         ? "The person who sent you your sign-in link, or "
                           "your co-chair"
                         : contact);
  for (std::string& line : PolicyWords(policy)) {
    notice.add_retention(std::move(line));
  }
  return notice;
}

}  // namespace equalsay::panels
