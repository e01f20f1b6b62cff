#include "services/panels/store/round_store.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/common/base/enum_names.h"
#include "services/common/store/sql.h"
#include "services/panels/rules/round_state.h"
#include "services/privacy/store/people_names.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::panels {
namespace {

constexpr Statement kInsertRound{
    "rounds_insert",
    "INSERT INTO rounds (kind, title, purpose, scope_statement, state, "
    "created_by, publish_secret_counts, setup_key, "
    "assisted_entries_need_confirmation) "
    "VALUES ($1, $2, $3, $4, 'SETUP', $5, $6, NULLIF($7, ''), $8) "
    "RETURNING id"};
constexpr Statement kRoundBySetupKey{
    "rounds_by_setup_key", "SELECT id FROM rounds WHERE setup_key = $1"};
constexpr Statement kUpdateRoundText{
    "rounds_update_text",
    "UPDATE rounds SET title = $2, purpose = $3, scope_statement = $4 "
    "WHERE id = $1"};
constexpr Statement kLoadRound{
    "rounds_load",
    "SELECT id, kind, title, purpose, scope_statement, state, "
    "publish_secret_counts, coalesce(setup_key, ''), "
    "assisted_entries_need_confirmation FROM rounds "
    "WHERE id = $1"};
constexpr Statement kLockRound{
    "rounds_lock",
    "SELECT id, kind, title, purpose, scope_statement, state, "
    "publish_secret_counts, coalesce(setup_key, ''), "
    "assisted_entries_need_confirmation FROM rounds "
    "WHERE id = $1 FOR UPDATE"};
constexpr Statement kShareRound{
    "rounds_share",
    "SELECT id, kind, title, purpose, scope_statement, state, "
    "publish_secret_counts, coalesce(setup_key, ''), "
    "assisted_entries_need_confirmation FROM rounds "
    "WHERE id = $1 FOR KEY SHARE"};
constexpr Statement kListRounds{
    "rounds_list",
    "SELECT id, kind, title, purpose, scope_statement, state, "
    "publish_secret_counts, coalesce(setup_key, ''), "
    "assisted_entries_need_confirmation FROM rounds "
    "ORDER BY id"};
constexpr Statement kListRoundsOf{
    "rounds_list_of",
    "SELECT r.id, r.kind, r.title, r.purpose, r.scope_statement, r.state, "
    "r.publish_secret_counts, coalesce(r.setup_key, ''), "
    "r.assisted_entries_need_confirmation FROM rounds r JOIN "
    "panel_members m ON m.round_id "
    "= r.id "
    "WHERE m.person_id = $1 ORDER BY r.id"};
constexpr Statement kSetState{"rounds_set_state",
                              "UPDATE rounds SET state = $2 WHERE id = $1"};

constexpr Statement kHasPanelOfKind{
    "panels_has_kind",
    "SELECT EXISTS (SELECT 1 FROM panels WHERE round_id = $1 AND kind = $2)"};
constexpr Statement kCountMembers{
    "members_count", "SELECT count(*) FROM panel_members WHERE panel_id = $1"};
constexpr Statement kCountCandidates{
    "candidates_count", "SELECT count(*) FROM candidates WHERE round_id = $1"};
constexpr Statement kCountCriteria{
    "criteria_count", "SELECT count(*) FROM criteria WHERE round_id = $1"};

constexpr Statement kInsertPanel{
    "panels_insert",
    "INSERT INTO panels (round_id, kind, name, quorum, threshold) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id"};
constexpr Statement kLoadPanel{
    "panels_load",
    "SELECT id, round_id, kind, name, quorum, threshold FROM panels "
    "WHERE id = $1"};
constexpr Statement kListPanels{
    "panels_list",
    "SELECT id, round_id, kind, name, quorum, threshold FROM panels "
    "WHERE round_id = $1 ORDER BY kind, id"};  // SERVICE_USER sorts first.

constexpr Statement kInsertMember{
    "members_insert",
    "INSERT INTO panel_members (round_id, panel_id, person_id, role) "
    "VALUES ($1, $2, $3, $4)"};
constexpr Statement kDeleteMember{
    "members_delete",
    "DELETE FROM panel_members WHERE panel_id = $1 AND person_id = $2 "
    "RETURNING 1"};
constexpr Statement kSeatsOf{
    "members_seats",
    "SELECT m.person_id, m.role, p.active FROM panel_members m "
    "JOIN people p ON p.id = m.person_id WHERE m.panel_id = $1"};
constexpr Statement kListMembers{
    "members_list",
    "SELECT m.panel_id, m.person_id, p.display_name, m.role "
    "FROM panel_members m JOIN people p ON p.id = m.person_id "
    "WHERE m.round_id = $1"};
constexpr Statement kMembershipsOf{
    "members_of_person",
    "SELECT m.round_id, m.panel_id, pa.kind, m.role FROM panel_members m "
    "JOIN panels pa ON pa.id = m.panel_id WHERE m.person_id = $1 "
    "ORDER BY m.round_id"};

// Name and reference are locked under a key made for the new id, so they
// follow the row in the same transaction (see StoreCandidate).
constexpr Statement kInsertCandidate{
    "candidates_insert",
    "INSERT INTO candidates (round_id, name, reference) VALUES ($1, '-', '') "
    "RETURNING id"};
constexpr Statement kPlainCandidates{
    "candidates_plain",
    "SELECT id, name, reference FROM candidates WHERE erased_at IS NULL AND "
    "(name NOT LIKE 'locked:%' OR (reference <> '' AND reference NOT LIKE "
    "'locked:%')) ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED"};
constexpr Statement kLoadCandidate{
    "candidates_load",
    "SELECT id, round_id, name, reference, withdrawn_at IS NOT NULL, "
    "erased_at IS NOT NULL FROM candidates WHERE id = $1"};
constexpr Statement kListCandidates{
    "candidates_list",
    "SELECT id, round_id, name, reference, withdrawn_at IS NOT NULL, "
    "erased_at IS NOT NULL FROM candidates WHERE round_id = $1 ORDER BY id"};
constexpr Statement kActiveCandidates{
    "candidates_active",
    "SELECT id FROM candidates WHERE round_id = $1 AND withdrawn_at IS NULL "
    "ORDER BY id"};
constexpr Statement kWithdrawCandidate{
    "candidates_withdraw",
    "UPDATE candidates SET withdrawn_at = now() WHERE id = $1"};

constexpr Statement kInsertCriterion{
    "criteria_insert",
    "INSERT INTO criteria (round_id, position, question, weight, scale) "
    "SELECT $1, COALESCE(max(position), 0) + 1, $2, $3, $4::jsonb "
    "FROM criteria WHERE round_id = $1 RETURNING id, position"};
constexpr Statement kListCriteria{
    "criteria_list",
    "SELECT id, round_id, position, question, weight, scale::text "
    "FROM criteria WHERE round_id = $1 ORDER BY position"};

constexpr Statement kUpdatePanel{
    "panels_update",
    "UPDATE panels SET name = $2, quorum = $3, threshold = $4 WHERE id = $1"};
constexpr Statement kUpdateCandidate{
    "candidates_update",
    "UPDATE candidates SET name = $2, reference = $3 WHERE id = $1"};
constexpr Statement kUpdateCriterion{
    "criteria_update",
    "UPDATE criteria SET question = $2, weight = $3, scale = $4::jsonb "
    "WHERE id = $1"};
constexpr Statement kLoadCriterion{
    "criteria_load",
    "SELECT id, round_id, position, question, weight, scale::text "
    "FROM criteria WHERE id = $1"};
constexpr Statement kCountDecisions{
    "decisions_count_in_round",
    "SELECT count(*) FROM decisions WHERE round_id = $1"};

constexpr Statement kInsertConflict{
    "conflicts_insert",
    "INSERT INTO conflicts (round_id, candidate_id, person_id, reason) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1"};
constexpr Statement kPlainConflicts{
    "conflicts_plain",
    "SELECT person_id, candidate_id, reason FROM conflicts WHERE reason "
    "<> '' AND reason NOT LIKE 'locked:%' ORDER BY candidate_id, person_id "
    "LIMIT $1 FOR UPDATE SKIP LOCKED"};
constexpr Statement kLockConflict{
    "conflicts_lock",
    "UPDATE conflicts SET reason = $3 WHERE person_id = $1 AND candidate_id "
    "= $2"};
constexpr Statement kMembershipIn{
    "members_in_round",
    "SELECT m.round_id, m.panel_id, pa.kind, m.role FROM panel_members m "
    "JOIN panels pa ON pa.id = m.panel_id "
    "WHERE m.round_id = $1 AND m.person_id = $2"};
// Round first, then the seat's panel (the lateral join names r), the order
// every writer takes them in.
constexpr Statement kHoldScoringPlace{
    "scoring_place_hold",
    "SELECT c.id, c.round_id, c.name, c.reference, "
    "c.withdrawn_at IS NOT NULL, c.erased_at IS NOT NULL, r.state, "
    "m.round_id, m.panel_id, m.kind, "
    "m.role, m.closed, EXISTS (SELECT 1 FROM conflicts x WHERE "
    "x.round_id = c.round_id AND x.candidate_id = c.id AND x.person_id = $2) "
    "FROM candidates c CROSS JOIN LATERAL (SELECT id, state FROM rounds "
    "WHERE id = c.round_id FOR KEY SHARE) r "
    "LEFT JOIN LATERAL (SELECT pm.round_id, pm.panel_id, pa.kind, pm.role, "
    "pa.scoring_closed_at IS NOT NULL AS closed FROM panel_members pm "
    "JOIN panels pa ON pa.id = pm.panel_id WHERE pm.round_id = r.id "
    "AND pm.person_id = $2 FOR KEY SHARE OF pa) m ON true "
    "WHERE c.id = $1"};
constexpr Statement kConflictsOfRound{
    "conflicts_of_round",
    "SELECT candidate_id, person_id FROM conflicts WHERE round_id = $1"};
constexpr Statement kCountWork{
    "members_count_work",
    "SELECT (SELECT count(*) FROM score_sheets s JOIN candidates c ON c.id = "
    "s.candidate_id WHERE s.round_id = $1 AND s.person_id = $3 AND "
    "s.state = 'SUBMITTED' AND c.withdrawn_at IS NULL AND NOT EXISTS "
    "(SELECT 1 FROM conflicts x WHERE x.candidate_id = c.id AND "
    "x.person_id = $3)), "
    "(SELECT scoring_closed_at IS NOT NULL FROM panels WHERE id = $2), "
    "(SELECT count(*) FROM decisions d JOIN decision_electorate e ON "
    "e.decision_id = d.id AND e.person_id = $3 AND NOT e.recused WHERE "
    "d.round_id = $1 AND d.state = 'VOTING' AND NOT EXISTS (SELECT 1 FROM "
    "ballots b WHERE b.decision_id = d.id AND b.run = d.run AND "
    "b.person_id = $3)), "
    "(SELECT count(*) FROM decisions d JOIN decision_panels p ON "
    "p.decision_id = d.id AND p.panel_id = $2 WHERE d.round_id = $1 AND "
    "d.state = 'VOTING' AND p.closed_at IS NULL), "
    "(SELECT count(*) FROM decisions d JOIN paper_counts pc ON "
    "pc.decision_id = d.id AND pc.run = d.run AND pc.panel_id = $2 WHERE "
    "d.round_id = $1 AND d.state = 'VOTING' AND pc.checked_by IS NULL AND "
    "pc.counted_by <> $3 AND pc.differed_by IS NULL), "
    "(SELECT count(*) FROM actions WHERE round_id = $1 AND owner_id = $3 "
    "AND state NOT IN ('DONE', 'DROPPED')), "
    "(SELECT count(*) FROM actions WHERE round_id = $1 AND due_at <= now() "
    "AND state NOT IN ('DONE', 'DROPPED')), "
    "(SELECT count(*) FROM involvement WHERE round_id = $1 AND state = "
    "'AWAITING' AND person_id <> $3), "
    "(SELECT count(*) FROM decisions d JOIN paper_counts pc ON "
    "pc.decision_id = d.id AND pc.run = d.run AND pc.panel_id = $2 WHERE "
    "d.round_id = $1 AND d.state = 'VOTING' AND pc.differed_by IS NOT "
    "NULL)"};
constexpr Statement kRecused{
    "conflicts_of_person",
    "SELECT candidate_id FROM conflicts WHERE round_id = $1 AND person_id = $2 "
    "ORDER BY candidate_id"};

std::string Id(const pqxx::field& field) {
  return absl::StrCat(field.as<int64_t>());
}

v1::Round RoundFrom(const pqxx::row& row) {
  v1::Round round;
  round.set_id(Id(row[0]));
  round.set_kind(RoundKindFromName(row[1].as<std::string>()));
  round.set_title(row[2].as<std::string>());
  round.set_purpose(row[3].as<std::string>());
  round.set_scope_statement(row[4].as<std::string>());
  round.set_state(RoundStateFromName(row[5].as<std::string>()));
  round.set_publish_secret_counts(row[6].as<bool>());
  round.set_setup_key(row[7].as<std::string>());
  round.set_assisted_entries_need_confirmation(row[8].as<bool>());
  return round;
}

template <typename IdType>
std::vector<IdType> IdsFrom(const pqxx::result& rows) {
  std::vector<IdType> ids;
  for (const auto& row : rows) ids.push_back(IdAt<IdType>(row[0]));
  return ids;
}

std::vector<v1::Round> RoundsFrom(const pqxx::result& rows) {
  std::vector<v1::Round> rounds;
  for (const auto& row : rows) rounds.push_back(RoundFrom(row));
  return rounds;
}

v1::Panel PanelFrom(const pqxx::row& row) {
  v1::Panel panel;
  panel.set_id(Id(row[0]));
  panel.set_round_id(Id(row[1]));
  panel.set_kind(PanelKindFromName(row[2].as<std::string>()));
  panel.set_name(row[3].as<std::string>());
  panel.mutable_rule()->set_quorum(row[4].as<uint32_t>());
  panel.mutable_rule()->set_threshold(
      ThresholdFromName(row[5].as<std::string>()));
  return panel;
}

// Name and reference opened with the candidate's key ("" once erased, when
// the name is the plain "Erased candidate 7").
v1::Candidate CandidateFrom(const pqxx::row& row, privacy::TextOpener& opener) {
  v1::Candidate candidate;
  candidate.set_id(Id(row[0]));
  candidate.set_round_id(Id(row[1]));
  const std::vector<std::string> about = {"candidate/" + candidate.id()};
  candidate.set_name(opener.Text(about, privacy::kCandidateNameContext,
                                 row[2].as<std::string>()));
  const std::string reference = opener.Text(
      about, privacy::kCandidateReferenceContext, row[3].as<std::string>());
  candidate.set_anonymised(!reference.empty());
  candidate.set_label(reference.empty() ? candidate.name() : reference);
  candidate.set_withdrawn(row[4].as<bool>());
  candidate.set_erased(row[5].as<bool>());
  return candidate;
}

// A membership from four columns starting at `first`: round, panel, the
// panel's kind, the role.
Membership MembershipFrom(const pqxx::row& row, int first = 0) {
  return {.round_id = IdAt<RoundId>(row[first]),
          .panel_id = IdAt<PanelId>(row[first + 1]),
          .panel_kind = PanelKindFromName(row[first + 2].as<std::string>()),
          .role = PanelRoleFromName(row[first + 3].as<std::string>())};
}

// The scale is kept as the protocol's own JSON form of {"scale": [...]}.
// A criterion from the columns kListCriteria and kLoadCriterion select.
v1::Criterion CriterionFrom(const pqxx::row& row) {
  v1::Criterion criterion;
  (void)google::protobuf::util::JsonStringToMessage(row[5].as<std::string>(),
                                                    &criterion);
  criterion.set_id(Id(row[0]));
  criterion.set_round_id(Id(row[1]));
  criterion.set_position(row[2].as<uint32_t>());
  criterion.set_question(row[3].as<std::string>());
  criterion.set_weight(row[4].as<double>());
  return criterion;
}

std::string ScaleJson(const v1::Criterion& criterion) {
  v1::Criterion only_scale;
  *only_scale.mutable_scale() = criterion.scale();
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(only_scale, &json);
  return json;
}

}  // namespace

RoundId InsertRound(pqxx::transaction_base& txn, const v1::Round& round,
                    PersonId created_by) {
  return IdAt<RoundId>(Exec(txn, kInsertRound, RoundKindName(round.kind()),
                            round.title(), round.purpose(),
                            round.scope_statement(), created_by,
                            round.publish_secret_counts(), round.setup_key(),
                            round.assisted_entries_need_confirmation())[0][0]);
}

std::optional<v1::Round> LoadRound(pqxx::transaction_base& txn, RoundId id,
                                   RoundHold hold) {
  const Statement& statement = hold == RoundHold::kExclusive ? kLockRound
                               : hold == RoundHold::kShare   ? kShareRound
                                                             : kLoadRound;
  const pqxx::result rows = Exec(txn, statement, id);
  if (rows.empty()) return std::nullopt;
  return RoundFrom(rows[0]);
}

std::optional<v1::Round> LoadRoundInFull(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         RoundId id) {
  std::optional<v1::Round> round = LoadRound(txn, id);
  if (!round.has_value()) return round;
  for (const auto& row : Exec(txn, kListPanels, id)) {
    *round->add_panels() = PanelFrom(row);
  }
  const pqxx::result members = Exec(txn, kListMembers, id);
  privacy::PeopleNames names(txn, keys);
  std::vector<PersonId> people;
  for (const auto& row : members) people.push_back(IdAt<PersonId>(row[1]));
  names.Prefetch(people);
  // Each panel's co-chairs first, then members, then observers; by name.
  std::vector<std::tuple<std::string, std::string, PersonId>> listed;
  for (const auto& row : members) {
    const PersonId person = IdAt<PersonId>(row[1]);
    listed.emplace_back(row[3].as<std::string>(),
                        names.Name(person, row[2].as<std::string>()), person);
  }
  std::vector<size_t> order(members.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return listed[a] < listed[b]; });
  for (size_t i : order) {
    const std::string panel_id = Id(members[i][0]);
    const auto& [role, name, person] = listed[i];
    for (v1::Panel& panel : *round->mutable_panels()) {
      if (panel.id() != panel_id) continue;
      v1::Member* member = panel.add_members();
      member->set_panel_id(panel_id);
      member->set_person_id(person.str());
      member->set_display_name(name);
      member->set_role(PanelRoleFromName(role));
    }
  }
  const pqxx::result candidates = Exec(txn, kListCandidates, id);
  std::vector<std::string> subjects;
  for (const auto& row : candidates)
    subjects.push_back("candidate/" + Id(row[0]));
  names.Prefetch(subjects);
  for (const auto& row : candidates) {
    *round->add_candidates() = CandidateFrom(row, names);
  }
  for (v1::Criterion& criterion : ListCriteria(txn, id)) {
    *round->add_criteria() = std::move(criterion);
  }
  return round;
}

std::vector<v1::Criterion> ListCriteria(pqxx::transaction_base& txn,
                                        RoundId round_id) {
  std::vector<v1::Criterion> criteria;
  for (const auto& row : Exec(txn, kListCriteria, round_id)) {
    criteria.push_back(CriterionFrom(row));
  }
  return criteria;
}

std::vector<v1::Round> ListAllRounds(pqxx::transaction_base& txn) {
  return RoundsFrom(Exec(txn, kListRounds));
}

std::vector<v1::Round> ListRoundsOf(pqxx::transaction_base& txn,
                                    PersonId person_id) {
  return RoundsFrom(Exec(txn, kListRoundsOf, person_id));
}

bool HasPanelOfKind(pqxx::transaction_base& txn, RoundId round_id,
                    v1::PanelKind kind) {
  return Exec(txn, kHasPanelOfKind, round_id, PanelKindName(kind))[0][0]
      .as<bool>();
}

int CountMembers(pqxx::transaction_base& txn, PanelId panel_id) {
  return Exec(txn, kCountMembers, panel_id)[0][0].as<int>();
}

int CountCandidates(pqxx::transaction_base& txn, RoundId round_id) {
  return Exec(txn, kCountCandidates, round_id)[0][0].as<int>();
}

int CountCriteria(pqxx::transaction_base& txn, RoundId round_id) {
  return Exec(txn, kCountCriteria, round_id)[0][0].as<int>();
}

absl::Status MoveRound(pqxx::transaction_base& txn, const v1::Round& round,
                       v1::RoundState to, std::optional<PersonId> actor,
                       EventSink append, std::string payload_json) {
  if (absl::Status s = CheckTransition(round.kind(), round.state(), to);
      !s.ok()) {
    return s;
  }
  const RoundId id = IdOf<RoundId>(round.id());
  Exec(txn, kSetState, id, RoundStateName(to));
  append({.actor_id = actor,
          .action = RoundMovedAction(to),
          .subject = Subject("round", id),
          .round_id = id,
          .payload_json = std::move(payload_json)});
  return absl::OkStatus();
}

PanelId InsertPanel(pqxx::transaction_base& txn, const v1::Panel& panel) {
  return IdAt<PanelId>(Exec(txn, kInsertPanel, IdOf<RoundId>(panel.round_id()),
                            PanelKindName(panel.kind()), panel.name(),
                            static_cast<int>(panel.rule().quorum()),
                            ThresholdName(panel.rule().threshold()))[0][0]);
}

std::optional<v1::Panel> LoadPanel(pqxx::transaction_base& txn, PanelId id) {
  const pqxx::result rows = Exec(txn, kLoadPanel, id);
  if (rows.empty()) return std::nullopt;
  return PanelFrom(rows[0]);
}

void InsertMember(pqxx::transaction_base& txn, RoundId round_id,
                  PanelId panel_id, PersonId person_id, v1::PanelRole role) {
  Exec(txn, kInsertMember, round_id, panel_id, person_id, PanelRoleName(role));
}

bool DeleteMember(pqxx::transaction_base& txn, PanelId panel_id,
                  PersonId person_id) {
  return !Exec(txn, kDeleteMember, panel_id, person_id).empty();
}

std::vector<PanelSeat> SeatsOf(pqxx::transaction_base& txn, PanelId panel_id) {
  std::vector<PanelSeat> seats;
  for (const auto& row : Exec(txn, kSeatsOf, panel_id)) {
    seats.push_back({.person_id = IdAt<PersonId>(row[0]),
                     .role = PanelRoleFromName(row[1].as<std::string>()),
                     .active = row[2].as<bool>()});
  }
  return seats;
}

CandidateId InsertCandidate(pqxx::transaction_base& txn,
                            const privacy::DataKeys& keys, RoundId round_id,
                            const std::string& name,
                            const std::string& reference) {
  const CandidateId id =
      IdAt<CandidateId>(Exec(txn, kInsertCandidate, round_id)[0][0]);
  UpdateCandidate(txn, keys, id, name, reference);
  return id;
}

std::optional<v1::Candidate> LoadCandidate(pqxx::transaction_base& txn,
                                           const privacy::DataKeys& keys,
                                           CandidateId id) {
  const pqxx::result rows = Exec(txn, kLoadCandidate, id);
  if (rows.empty()) return std::nullopt;
  privacy::TextOpener opener(txn, keys);
  return CandidateFrom(rows[0], opener);
}

int64_t LockPlainCandidates(pqxx::transaction_base& txn,
                            const privacy::DataKeys& keys, int limit) {
  int64_t locked = 0;
  for (const auto& row : Exec(txn, kPlainCandidates, limit)) {
    // What is already locked is opened and locked again: one path.
    const CandidateId id = IdAt<CandidateId>(row[0]);
    const std::vector<std::string> about = {Subject("candidate", id)};
    privacy::TextOpener opener(txn, keys);
    UpdateCandidate(txn, keys, id,
                    opener.Text(about, privacy::kCandidateNameContext,
                                row[1].as<std::string>()),
                    opener.Text(about, privacy::kCandidateReferenceContext,
                                row[2].as<std::string>()));
    ++locked;
  }
  return locked;
}

std::vector<CandidateId> ActiveCandidateIds(pqxx::transaction_base& txn,
                                            RoundId round_id) {
  return IdsFrom<CandidateId>(Exec(txn, kActiveCandidates, round_id));
}

void WithdrawCandidate(pqxx::transaction_base& txn, CandidateId id) {
  Exec(txn, kWithdrawCandidate, id);
}

v1::Criterion InsertCriterion(pqxx::transaction_base& txn,
                              v1::Criterion criterion) {
  const pqxx::row row =
      Exec(txn, kInsertCriterion, IdOf<RoundId>(criterion.round_id()),
           criterion.question(), criterion.weight(), ScaleJson(criterion))[0];
  criterion.set_id(Id(row[0]));
  criterion.set_position(row[1].as<uint32_t>());
  return criterion;
}

std::string LockedConflictReason(pqxx::transaction_base& txn,
                                 const privacy::DataKeys& keys,
                                 PersonId person_id, CandidateId candidate_id,
                                 const std::string& reason) {
  return privacy::LockAbout(
      txn, keys,
      {Subject("person", person_id), Subject("candidate", candidate_id)},
      privacy::kConflictContext, reason);
}

bool InsertConflict(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                    RoundId round_id, CandidateId candidate_id,
                    PersonId person_id, const std::string& reason) {
  return !Exec(txn, kInsertConflict, round_id, candidate_id, person_id,
               LockedConflictReason(txn, keys, person_id, candidate_id, reason))
              .empty();
}

int64_t LockPlainConflictReasons(pqxx::transaction_base& txn,
                                 const privacy::DataKeys& keys, int limit) {
  int64_t locked = 0;
  for (const auto& row : Exec(txn, kPlainConflicts, limit)) {
    const PersonId person = IdAt<PersonId>(row[0]);
    const CandidateId candidate = IdAt<CandidateId>(row[1]);
    Exec(txn, kLockConflict, person, candidate,
         LockedConflictReason(txn, keys, person, candidate,
                              row[2].as<std::string>()));
    ++locked;
  }
  return locked;
}

std::vector<CandidateId> RecusedCandidates(pqxx::transaction_base& txn,
                                           RoundId round_id,
                                           PersonId person_id) {
  return IdsFrom<CandidateId>(Exec(txn, kRecused, round_id, person_id));
}

std::vector<std::pair<CandidateId, PersonId>> ConflictsOfRound(
    pqxx::transaction_base& txn, RoundId round_id) {
  std::vector<std::pair<CandidateId, PersonId>> out;
  for (const auto& row : Exec(txn, kConflictsOfRound, round_id)) {
    out.emplace_back(IdAt<CandidateId>(row[0]), IdAt<PersonId>(row[1]));
  }
  return out;
}

std::optional<Membership> MembershipIn(pqxx::transaction_base& txn,
                                       RoundId round_id, PersonId person_id) {
  const pqxx::result rows = Exec(txn, kMembershipIn, round_id, person_id);
  if (rows.empty()) return std::nullopt;
  return MembershipFrom(rows[0]);
}

std::optional<ScoringPlace> HoldScoringPlace(pqxx::transaction_base& txn,
                                             const privacy::DataKeys& keys,
                                             CandidateId candidate_id,
                                             PersonId person_id) {
  const pqxx::result rows =
      Exec(txn, kHoldScoringPlace, candidate_id, person_id);
  if (rows.empty()) return std::nullopt;
  const pqxx::row& row = rows[0];
  privacy::TextOpener opener(txn, keys);
  ScoringPlace place{
      .candidate = CandidateFrom(row, opener),
      .round_state = RoundStateFromName(row[6].as<std::string>()),
      .recused = row[12].as<bool>()};
  if (!row[7].is_null()) {
    place.seat = MembershipFrom(row, 7);
    place.panel_scoring_closed = row[11].as<bool>();
  }
  return place;
}

WorkCounts CountWork(pqxx::transaction_base& txn, RoundId round_id,
                     PanelId panel_id, PersonId person_id) {
  const pqxx::row row = Exec(txn, kCountWork, round_id, panel_id, person_id)[0];
  return {.submitted = row[0].as<int>(),
          .scoring_closed = row[1].as<bool>(),
          .to_vote = row[2].as<int>(),
          .to_close = row[3].as<int>(),
          .to_count_papers = row[4].as<int>(),
          .actions_owned = row[5].as<int>(),
          .actions_overdue = row[6].as<int>(),
          .to_confirm = row[7].as<int>(),
          .papers_differ = row[8].as<int>()};
}

std::vector<Membership> MembershipsOf(pqxx::transaction_base& txn,
                                      PersonId person_id) {
  std::vector<Membership> memberships;
  for (const auto& row : Exec(txn, kMembershipsOf, person_id)) {
    memberships.push_back(MembershipFrom(row));
  }
  return memberships;
}

void UpdatePanel(pqxx::transaction_base& txn, const v1::Panel& panel) {
  Exec(txn, kUpdatePanel, IdOf<PanelId>(panel.id()), panel.name(),
       static_cast<int>(panel.rule().quorum()),
       ThresholdName(panel.rule().threshold()));
}

void UpdateCandidate(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                     CandidateId id, const std::string& name,
                     const std::string& reference) {
  const std::vector<std::string> about = {Subject("candidate", id)};
  Exec(txn, kUpdateCandidate, id,
       privacy::LockAbout(txn, keys, about, privacy::kCandidateNameContext,
                          name),
       privacy::LockAbout(txn, keys, about, privacy::kCandidateReferenceContext,
                          reference));
}

void UpdateCriterion(pqxx::transaction_base& txn, const v1::Criterion& c) {
  Exec(txn, kUpdateCriterion, IdOf<CriterionId>(c.id()), c.question(),
       c.weight(), ScaleJson(c));
}

std::optional<v1::Criterion> LoadCriterion(pqxx::transaction_base& txn,
                                           CriterionId id) {
  const pqxx::result rows = Exec(txn, kLoadCriterion, id);
  if (rows.empty()) return std::nullopt;
  return CriterionFrom(rows[0]);
}

int CountDecisions(pqxx::transaction_base& txn, RoundId round_id) {
  return Exec(txn, kCountDecisions, round_id)[0][0].as<int>();
}

std::optional<RoundId> RoundBySetupKey(pqxx::transaction_base& txn,
                                       const std::string& key) {
  const pqxx::result rows = Exec(txn, kRoundBySetupKey, key);
  if (rows.empty()) return std::nullopt;
  return IdAt<RoundId>(rows[0][0]);
}

void UpdateRoundText(pqxx::transaction_base& txn, const v1::Round& round) {
  Exec(txn, kUpdateRoundText, IdOf<RoundId>(round.id()), round.title(),
       round.purpose(), round.scope_statement());
}

}  // namespace equalsay::panels
