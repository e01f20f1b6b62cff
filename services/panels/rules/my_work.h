// "What I need to do": the to-do sentences a member sees for a round.
#ifndef EQUALSAY_SERVICES_PANELS_RULES_MY_WORK_H_
#define EQUALSAY_SERVICES_PANELS_RULES_MY_WORK_H_

#include <string>
#include <vector>

#include "equalsay/v1/panels.pb.h"

namespace equalsay::panels {

struct MyPlace {
  v1::RoundKind kind = v1::ROUND_KIND_UNSPECIFIED;
  v1::RoundState state = v1::ROUND_STATE_UNSPECIFIED;
  v1::PanelRole role = v1::PANEL_ROLE_UNSPECIFIED;
  int candidates = 0;  // Active candidates the person is not recused from.
  int submitted = 0;   // Of those, how many they have submitted a sheet for.
  bool scoring_closed = false;  // Their panel has closed scoring.
  int to_vote = 0;              // Open decisions they may vote in and have not.
  int to_close = 0;  // Open decisions their panel has not closed (co-chair).
  // Open decisions whose paper ballots their panel has counted once, by
  // someone else: a second count is needed.
  int to_count_papers = 0;
  // Open decisions whose last two paper counts by their panel differed: a
  // co-chair counts afresh.
  int papers_differ = 0;
  int actions_owned = 0;    // Neither done nor dropped.
  int actions_overdue = 0;  // Of the round, for its co-chairs.
  // Others' time and expenses in the round waiting to be confirmed, for
  // its co-chairs.
  int to_confirm = 0;
};

std::vector<std::string> ToDo(const MyPlace& place);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_RULES_MY_WORK_H_
