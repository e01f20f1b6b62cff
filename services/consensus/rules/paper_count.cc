#include "services/consensus/rules/paper_count.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/common/base/status_macros.h"

namespace equalsay::consensus {
namespace {

// Refuses a count for a choice the decision's method does not offer,
// naming the field.
absl::Status CheckCountedChoices(v1::DecisionMethod method,
                                 const PaperTally& tally) {
  const struct {
    const char* field;
    uint32_t count;
    v1::Choice choice;
  } counts[] = {{"agree", tally.agree, v1::CHOICE_AGREE},
                {"disagree", tally.disagree, v1::CHOICE_DISAGREE},
                {"abstain", tally.abstain, v1::CHOICE_ABSTAIN},
                {"stand_aside", tally.stand_aside, v1::CHOICE_STAND_ASIDE},
                {"object", tally.object, v1::CHOICE_OBJECT}};
  for (const auto& c : counts) {
    if (c.count == 0 || CheckChoice(method, c.choice).ok()) continue;
    return absl::InvalidArgumentError(absl::StrCat(
        c.field, ": ",
        method == v1::DECISION_METHOD_CONSENT
            ? "this decision asks for consent, so papers can only say "
              "agree, stand aside or object."
            : "this decision is a yes-or-no vote, so papers can only say "
              "agree, disagree or abstain."));
  }
  return absl::OkStatus();
}

absl::Status CheckListed(const PaperMoment& moment) {
  for (const PaperVoter& v : moment.voters) {
    const std::string who = v.display_name.empty()
                                ? absl::StrCat("Person ", v.id.value())
                                : v.display_name;
    if (v.seat == Seat::kNotVoter || v.panel_id != moment.panel_id) {
      return absl::FailedPreconditionError(absl::StrCat(
          "voter_person_ids: ", who,
          " is not a voting member of your panel on this decision, so their "
          "paper cannot be counted with your panel's."));
    }
    if (v.seat == Seat::kRecused) {
      return absl::FailedPreconditionError(absl::StrCat(
          "voter_person_ids: ", who,
          " declared a conflict of interest with this candidate, so they do "
          "not vote on them. Take their paper out of the count."));
    }
    if (v.voted) {
      return absl::FailedPreconditionError(absl::StrCat(
          "voter_person_ids: ", who,
          " has already voted on this decision another way, so a paper from "
          "them cannot count as well. Take one paper out of the count and "
          "count again."));
    }
  }
  return absl::OkStatus();
}

}  // namespace

PaperTally TallyOf(const v1::CountPaperBallotsRequest& request) {
  return {.agree = request.agree(),
          .disagree = request.disagree(),
          .abstain = request.abstain(),
          .stand_aside = request.stand_aside(),
          .object = request.object()};
}

absl::StatusOr<std::vector<PersonId>> ParsePaperVoters(
    const v1::CountPaperBallotsRequest& request) {
  if (request.voter_person_ids().empty()) {
    return absl::InvalidArgumentError(
        "voter_person_ids: list each member of your panel who handed in a "
        "paper ballot (at least one).");
  }
  if (static_cast<size_t>(request.voter_person_ids_size()) > kMaxPaperVoters) {
    return absl::InvalidArgumentError(absl::StrCat("voter_person_ids: at most ",
                                                   kMaxPaperVoters,
                                                   " members in one count."));
  }
  std::vector<PersonId> voters;
  for (const std::string& id : request.voter_person_ids()) {
    EQ_ASSIGN_OR_RETURN(PersonId voter,
                        ParseId<PersonId>("voter_person_ids", id));
    voters.push_back(voter);
  }
  std::sort(voters.begin(), voters.end());
  if (auto twice = std::adjacent_find(voters.begin(), voters.end());
      twice != voters.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("voter_person_ids: person ", twice->value(),
                     " is listed twice; each member hands in one paper."));
  }
  return voters;
}

absl::StatusOr<PaperStep> CheckPaperCount(const v1::Decision& decision,
                                          const PaperMoment& moment,
                                          PersonId counter,
                                          const std::vector<PersonId>& voters,
                                          const PaperTally& tally) {
  if (decision.secrecy() != v1::SECRECY_SECRET) {
    return absl::FailedPreconditionError(
        "Paper ballots are counted together only for secret decisions. For a "
        "named decision, a member's supporter enters their paper ballot for "
        "them, marked as given on paper.");
  }
  if (decision.state() != v1::DECISION_STATE_VOTING ||
      PastClosingTime(decision, moment.now)) {
    return absl::FailedPreconditionError(
        "Voting on this decision has closed, so paper ballots can no longer "
        "be counted.");
  }
  if (moment.panel_closed) {
    return absl::FailedPreconditionError(
        "Your panel's co-chair has closed voting on this decision for your "
        "panel, so paper ballots can no longer be counted.");
  }
  if (moment.standing.has_value() && moment.standing->checked) {
    return absl::FailedPreconditionError(
        "Your panel's paper ballots for this decision were counted twice "
        "and the counts agreed; they already count and cannot be counted "
        "again.");
  }
  const bool differed =
      moment.standing.has_value() && moment.standing->differed;
  const bool second = moment.standing.has_value() &&
                      moment.standing->counted_by != counter && !differed;
  if (!second && !moment.co_chair) {
    return absl::PermissionDeniedError(
        differed ? "The last two counts of the paper ballots differed. Count "
                   "them again together; then a co-chair of your panel "
                   "enters the count afresh, and a second person enters "
                   "theirs."
                 : "A co-chair of your panel enters the first count of the "
                   "paper ballots; then a second person of the panel counts "
                   "them again.");
  }
  EQ_RETURN_IF_ERROR(CheckListed(moment));
  EQ_RETURN_IF_ERROR(CheckCountedChoices(decision.method(), tally));
  if (tally.Total() != voters.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "The counts add up to ", tally.Total(), ", but ", voters.size(),
        voters.size() == 1 ? " member is" : " members are",
        " listed as handing in a paper. Count each paper once, under the "
        "choice it shows, and list everyone who handed one in."));
  }
  if (!second) return PaperStep::kFirstCount;
  const PaperCount& first = *moment.standing;
  return first.voters == voters && first.tally == tally
             ? PaperStep::kSecondCount
             : PaperStep::kSecondDiffers;
}

}  // namespace equalsay::consensus
