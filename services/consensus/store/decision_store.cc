#include "services/consensus/store/decision_store.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/common/base/enum_names.h"
#include "services/common/base/panel_roles.h"
#include "services/common/store/sql.h"
#include "services/privacy/store/people_names.h"
#include "services/privacy/store/plain_columns.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::consensus {
namespace {

constexpr Statement kInsertDecision{
    "decisions_insert",
    "INSERT INTO decisions (round_id, candidate_id, title, body, method, "
    "secrecy, state, closes_at, close_when_all_voted, created_by, "
    "assisted_entries_need_confirmation) "
    "VALUES ($1, $2, $3, $4, $5, $6, 'VOTING', "
    "CASE WHEN $7::bigint = 0 THEN NULL ELSE to_timestamp($7::bigint) END, "
    "$8, $9, (SELECT assisted_entries_need_confirmation FROM rounds "
    "WHERE id = $1)) "
    "RETURNING id"};
// Decisions on a candidate not erased whose title or text is as written.
constexpr Statement kPlainTitles{
    "decisions_plain_titles",
    "SELECT d.id, d.candidate_id, d.title, d.body FROM decisions d JOIN "
    "candidates c ON c.id = d.candidate_id WHERE c.erased_at IS NULL AND "
    "(d.title NOT LIKE 'locked:%' OR (d.body <> '' AND d.body NOT LIKE "
    "'locked:%')) ORDER BY d.id LIMIT $1 FOR UPDATE OF d SKIP LOCKED"};
constexpr Statement kLockTitle{
    "decisions_lock_title",
    "UPDATE decisions SET title = $2, body = $3 WHERE id = $1"};
constexpr Statement kFreezePanels{
    "decisions_freeze_panels",
    "INSERT INTO decision_panels (decision_id, panel_id, kind, name, quorum, "
    "threshold) SELECT $1, id, kind, name, quorum, threshold FROM panels "
    "WHERE round_id = $2"};
constexpr Statement kFreezeElectorate{
    "decisions_freeze_electorate",
    "INSERT INTO decision_electorate (decision_id, person_id, panel_id, "
    "recused) SELECT $1, m.person_id, m.panel_id, EXISTS (SELECT 1 FROM "
    "conflicts c WHERE c.candidate_id = $3 AND c.person_id = m.person_id) "
    "FROM panel_members m WHERE m.round_id = $2 "
    "AND m.role = ANY($4::text[])"};

#define EQ_DECISION_COLUMNS                                                   \
  "SELECT id, round_id, coalesce(candidate_id, 0), title, body, method, "     \
  "secrecy, state, run, coalesce(extract(epoch FROM closes_at)::bigint, 0), " \
  "close_when_all_voted, result, next_step, "                                 \
  "extract(epoch FROM opened_at)::bigint, "                                   \
  "coalesce(extract(epoch FROM closed_at)::bigint, 0), "                      \
  "assisted_entries_need_confirmation FROM decisions "
constexpr Statement kLoad{"decisions_load",
                          EQ_DECISION_COLUMNS "WHERE id = $1"};
constexpr Statement kLoadShare{
    "decisions_load_share", EQ_DECISION_COLUMNS "WHERE id = $1 FOR KEY SHARE"};
constexpr Statement kLoadExclusive{
    "decisions_load_exclusive", EQ_DECISION_COLUMNS "WHERE id = $1 FOR UPDATE"};
constexpr Statement kList{
    "decisions_list", EQ_DECISION_COLUMNS "WHERE round_id = $1 ORDER BY id"};
// Agreed decisions, of one round or (with 0) of every round.
constexpr Statement kListAgreed{
    "decisions_list_agreed", EQ_DECISION_COLUMNS
    "WHERE state = 'CLOSED' AND result = 'AGREED' AND "
    "($1::bigint = 0 OR round_id = $1) ORDER BY round_id, id"};
#undef EQ_DECISION_COLUMNS

// Per panel: frozen rule, voters and recused, how many have voted in the
// run, the co-chair's acts and its paper count. One pass over the
// electorate and one over the ballots, however large the decision.
constexpr Statement kPanels{
    "decisions_panels",
    "WITH e AS (SELECT panel_id, count(*) FILTER (WHERE NOT recused) AS "
    "voters, count(*) FILTER (WHERE recused) AS recused FROM "
    "decision_electorate WHERE decision_id = $1 GROUP BY panel_id), "
    "b AS (SELECT panel_id, count(*) AS voted FROM ballots WHERE "
    "decision_id = $1 AND run = $2 GROUP BY panel_id) "
    "SELECT p.panel_id, p.kind, p.name, p.quorum, p.threshold, "
    "coalesce(e.voters, 0), coalesce(e.recused, 0), p.closed_at IS NOT NULL, "
    "p.next_step, EXISTS (SELECT 1 FROM reopen_requests r WHERE "
    "r.decision_id = p.decision_id AND r.run = $2 AND r.panel_id = "
    "p.panel_id), coalesce(b.voted, 0), pc.checked_by IS NOT NULL, "
    "pc.counted_by IS NOT NULL, coalesce(c1.display_name, ''), "
    "coalesce(c2.display_name, ''), pc.differed_by IS NOT NULL, "
    "pc.counted_by, coalesce(pc.checked_by, pc.differed_by) "
    "FROM decision_panels p "
    "LEFT JOIN e ON e.panel_id = p.panel_id LEFT JOIN b ON b.panel_id = "
    "p.panel_id LEFT JOIN paper_counts pc ON pc.decision_id = $1 AND "
    "pc.run = $2 AND pc.panel_id = p.panel_id LEFT JOIN people c1 ON "
    "c1.id = pc.counted_by LEFT JOIN people c2 ON c2.id = "
    "coalesce(pc.checked_by, pc.differed_by) "
    "WHERE p.decision_id = $1 ORDER BY p.kind, p.panel_id"};
// Who has voted, by name, in panels small enough to list.
constexpr Statement kTakenPart{
    "decisions_taken_part",
    "SELECT b.panel_id, pe.display_name, b.person_id FROM ballots b JOIN "
    "people pe ON pe.id = b.person_id WHERE b.decision_id = $1 AND b.run = "
    "$2 AND b.panel_id = ANY($3::bigint[])"};
constexpr Statement kCounts{
    "decisions_counts",
    "WITH e AS (SELECT panel_id, count(*) AS voters FROM decision_electorate "
    "WHERE decision_id = $1 AND NOT recused GROUP BY panel_id), "
    "b AS (SELECT panel_id, "
    "count(*) FILTER (WHERE choice = 'AGREE') AS agree, "
    "count(*) FILTER (WHERE choice = 'DISAGREE') AS disagree, "
    "count(*) FILTER (WHERE choice = 'ABSTAIN') AS abstain, "
    "count(*) FILTER (WHERE choice = 'STAND_ASIDE') AS stand_aside, "
    "count(*) FILTER (WHERE choice = 'OBJECT') AS object "
    "FROM ballots WHERE decision_id = $1 AND run = $2 GROUP BY panel_id), "
    "pc AS (SELECT * FROM paper_counts WHERE decision_id = $1 AND run = $2 "
    "AND checked_by IS NOT NULL) "
    "SELECT p.panel_id, p.kind, p.name, p.quorum, p.threshold, "
    "coalesce(e.voters, 0), coalesce(b.agree, 0) + coalesce(pc.agree, 0), "
    "coalesce(b.disagree, 0) + coalesce(pc.disagree, 0), "
    "coalesce(b.abstain, 0) + coalesce(pc.abstain, 0), "
    "coalesce(b.stand_aside, 0) + coalesce(pc.stand_aside, 0), "
    "coalesce(b.object, 0) + coalesce(pc.object, 0) FROM decision_panels p "
    "LEFT JOIN e ON e.panel_id = p.panel_id LEFT JOIN b ON b.panel_id = "
    "p.panel_id LEFT JOIN pc ON pc.panel_id = p.panel_id "
    "WHERE p.decision_id = $1 ORDER BY p.kind, p.panel_id"};

constexpr Statement kElector{
    "electorate_of",
    "SELECT e.panel_id, e.recused, p.closed_at IS NOT NULL, EXISTS (SELECT "
    "1 FROM ballots b JOIN decisions d ON d.id = b.decision_id AND d.run = "
    "b.run WHERE b.decision_id = $1 AND b.person_id = $2 AND b.how = "
    "'PAPER_COUNT') FROM decision_electorate e JOIN decision_panels p ON "
    "p.decision_id = e.decision_id AND p.panel_id = e.panel_id "
    "WHERE e.decision_id = $1 AND e.person_id = $2"};
// Each lookup is a LATERAL ... LIMIT 1, so each stays one index probe per
// ballot however the planner sizes the batch. The arrays sit behind
// sub-selects so the planner cannot see their length: otherwise a
// connection whose first five reads held one ballot each would judge a
// one-ballot plan cheapest and plan every later read afresh (0.2 ms each).
// Whose a row's text is, as privacy::PlainColumn takes it.
constexpr char kVoterKey[] = "ARRAY['person/' || person_id]";

constexpr Statement kReadVoters{
    "ballots_read_voters",
    "SELECT i.n, h.person_id, h.org_role, "
    "EXISTS (SELECT 1 FROM request_ledger l WHERE l.person_id = h.person_id "
    "AND l.request_id = i.request_id), m.role, e.panel_id, e.recused, "
    "coalesce(b.version, 0), d.round_id, d.method, d.state, d.run, "
    "d.close_when_all_voted, now(), "
    "(extract(epoch FROM now()) * 1000000)::bigint, "
    "coalesce(extract(epoch FROM d.closes_at)::bigint, 0), e.closed, "
    "coalesce(b.reason, ''), d.id, coalesce(b.how = 'PAPER_COUNT', false), "
    "k.data_key_id, k.wrapped, h.token_id "
    "FROM unnest((SELECT $1::text[]), (SELECT $2::text[]), "
    "(SELECT $3::bigint[])) WITH ORDINALITY "
    "AS i(token_hash, request_id, decision_id, n) "
    "CROSS JOIN LATERAL (SELECT * FROM decisions dd "
    "WHERE dd.id = i.decision_id LIMIT 1) d "
    "CROSS JOIN LATERAL (SELECT * FROM token_holders t "
    "WHERE t.token_hash = i.token_hash LIMIT 1) h "
    "LEFT JOIN LATERAL (SELECT pm.role FROM panel_members pm "
    "WHERE pm.round_id = d.round_id AND pm.person_id = h.person_id LIMIT 1) m "
    "ON true "
    "LEFT JOIN LATERAL (SELECT de.panel_id, de.recused, "
    "dp.closed_at IS NOT NULL AS closed FROM decision_electorate de "
    "JOIN decision_panels dp ON dp.decision_id = de.decision_id AND "
    "dp.panel_id = de.panel_id WHERE de.decision_id = d.id "
    "AND de.person_id = h.person_id LIMIT 1) e ON true "
    "LEFT JOIN LATERAL (SELECT b.version, b.reason, b.how FROM ballots b "
    "WHERE b.decision_id = d.id AND b.run = d.run "
    "AND b.person_id = h.person_id LIMIT 1) b ON true "
    "LEFT JOIN subject_keys k ON k.subject = 'person/' || h.person_id"};

// A ballot's columns as ballot_versions keeps them, and the CTE that keeps
// every row a `stored` CTE returned as a version.
#define EQ_BALLOT_VERSION                                                \
  "decision_id, run, person_id, version, choice, reason, cast_at, how, " \
  "entered_by"
#define EQ_KEEP_STORED                                       \
  "kept AS (INSERT INTO ballot_versions (" EQ_BALLOT_VERSION \
  ") SELECT " EQ_BALLOT_VERSION " FROM stored)"
constexpr Statement kUpsertBallot{
    "ballots_upsert",
    "WITH stored AS (INSERT INTO ballots (decision_id, run, person_id, "
    "panel_id, choice, reason, version, how, entered_by) VALUES ($1, $2, $3, "
    "$4, $5, $6, 1, $7, NULLIF($8::bigint, 0)) "
    "ON CONFLICT (decision_id, run, person_id) DO UPDATE SET "
    "choice = excluded.choice, reason = CASE WHEN excluded.reason = '' "
    "THEN ballots.reason ELSE excluded.reason END, "
    "version = ballots.version + 1, cast_at = now(), how = excluded.how, "
    "entered_by = excluded.entered_by "
    "RETURNING " EQ_BALLOT_VERSION "), " EQ_KEEP_STORED
    " SELECT version, extract(epoch FROM cast_at)::bigint, reason "
    "FROM stored"};
constexpr Statement kSetReason{
    "ballots_set_reason",
    "UPDATE ballots SET reason = $4, version = version + 1, cast_at = now() "
    "WHERE decision_id = $1 AND run = $2 AND person_id = $3 "
    "RETURNING version, extract(epoch FROM cast_at)::bigint, "
    "coalesce(choice, ''), how"};
constexpr Statement kInsertBallotVersion{
    "ballots_insert_version",
    "INSERT INTO ballot_versions (" EQ_BALLOT_VERSION
    ") SELECT " EQ_BALLOT_VERSION
    " FROM ballots "
    "WHERE decision_id = $1 AND run = $2 AND person_id = $3"};
constexpr Statement kLoadBallot{
    "ballots_load",
    "SELECT coalesce(b.choice, ''), b.reason, b.version, "
    "extract(epoch FROM b.cast_at)::bigint, b.how, "
    "coalesce(pe.display_name, ''), b.entered_by FROM ballots b LEFT JOIN "
    "people pe ON "
    "pe.id = b.entered_by "
    "WHERE b.decision_id = $1 AND b.run = $2 AND b.person_id = $3"};
constexpr Statement kUpsertAssisted{
    "assisted_ballots_upsert",
    "INSERT INTO assisted_ballots (decision_id, run, person_id, how, "
    "entered_by, asked_for_help, choice, reason) VALUES ($1, $2, $3, $4, $5, "
    "$6, $7, $8) ON CONFLICT (decision_id, run, person_id) DO UPDATE SET "
    "how = excluded.how, entered_by = excluded.entered_by, asked_for_help = "
    "excluded.asked_for_help, choice = excluded.choice, reason = "
    "excluded.reason, entered_at = now(), confirmed_at = NULL"};
constexpr Statement kLoadAssisted{
    "assisted_ballots_load",
    "SELECT a.how, pe.display_name, a.choice, a.reason, "
    "extract(epoch FROM a.entered_at)::bigint, a.confirmed_at IS NOT NULL, "
    "a.entered_by "
    "FROM assisted_ballots a JOIN people pe ON pe.id = a.entered_by "
    "WHERE a.decision_id = $1 AND a.run = $2 AND a.person_id = $3"};
constexpr Statement kConfirmAssisted{
    "assisted_ballots_confirm",
    "UPDATE assisted_ballots SET confirmed_at = now() WHERE decision_id = $1 "
    "AND run = $2 AND person_id = $3 AND confirmed_at IS NULL RETURNING 1"};
// Assisted entries still standing for the run (not since replaced by the
// member's own ballot or paper), and how many of them their member
// confirmed.
constexpr Statement kCountAssisted{
    "assisted_ballots_count",
    "SELECT count(*), count(*) FILTER (WHERE a.confirmed_at IS NOT NULL) "
    "FROM assisted_ballots a LEFT JOIN ballots b ON b.decision_id = "
    "a.decision_id AND b.run = a.run AND b.person_id = a.person_id "
    "WHERE a.decision_id = $1 AND a.run = $2 AND "
    "(b.how IS NULL OR b.how NOT IN ('SELF', 'PAPER_COUNT'))"};
constexpr Statement kBallotsOf{
    "ballots_of",
    "SELECT b.person_id, pe.display_name, b.panel_id, "
    "coalesce(b.choice, ''), b.reason, b.how FROM ballots b JOIN people pe ON "
    "pe.id = b.person_id "
    "WHERE b.decision_id = $1 AND b.run = $2"};
constexpr Statement kAllVoted{
    "ballots_all_voted",
    "SELECT NOT EXISTS (SELECT 1 FROM decision_electorate e WHERE "
    "e.decision_id = $1 AND NOT e.recused AND NOT EXISTS (SELECT 1 FROM "
    "ballots b WHERE b.decision_id = $1 AND b.run = $2 AND "
    "b.person_id = e.person_id))"};

constexpr Statement kClosePanel{
    "decisions_close_panel",
    "UPDATE decision_panels SET closed_at = now(), closed_by = $3 "
    "WHERE decision_id = $1 AND panel_id = $2 AND closed_at IS NULL "
    "RETURNING 1"};
constexpr Statement kAllPanelsClosed{
    "decisions_all_panels_closed",
    "SELECT bool_and(closed_at IS NOT NULL) FROM decision_panels "
    "WHERE decision_id = $1"};
// The decision closes, and its run is kept as it closed. A timed close is
// recorded at the closing time itself, however late the closer came.
constexpr Statement kMarkClosed{
    "decisions_mark_closed",
    "WITH closed AS (UPDATE decisions SET state = 'CLOSED', closed_at = "
    "least(clock_timestamp(), coalesce(closes_at, 'infinity')), result = $2 "
    "WHERE id = $1 RETURNING id, run, result, opened_at, closed_at) "
    "INSERT INTO decision_runs (decision_id, run, result, opened_at, "
    "closed_at) SELECT * FROM closed ON CONFLICT (decision_id, run) DO "
    "UPDATE SET result = excluded.result, closed_at = excluded.closed_at"};
constexpr Statement kDue{
    "decisions_due",
    "SELECT id FROM decisions d WHERE state = 'VOTING' AND "
    "(closes_at <= now() OR (close_when_all_voted AND NOT EXISTS (SELECT 1 "
    "FROM decision_electorate e WHERE e.decision_id = d.id AND NOT e.recused "
    "AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.decision_id = d.id AND "
    "b.run = d.run AND b.person_id = e.person_id)))) "
    "ORDER BY closes_at NULLS LAST LIMIT $1 FOR UPDATE SKIP LOCKED"};

constexpr Statement kSetPanelNextStep{
    "decisions_panel_next_step",
    "UPDATE decision_panels SET next_step = $3 "
    "WHERE decision_id = $1 AND panel_id = $2"};
constexpr Statement kSetNextStep{
    "decisions_next_step",
    "WITH d AS (UPDATE decisions SET next_step = $2 WHERE id = $1 "
    "RETURNING id, run) UPDATE decision_runs r SET next_step = $2 FROM d "
    "WHERE r.decision_id = d.id AND r.run = d.run"};
constexpr Statement kEarlierRuns{
    "decisions_earlier_runs",
    "SELECT run, result, next_step, extract(epoch FROM closed_at)::bigint "
    "FROM decision_runs WHERE decision_id = $1 AND run < $2 ORDER BY run"};
constexpr Statement kReopenRequests{
    "reopen_requests_of",
    "SELECT r.run, p.name, r.reason, extract(epoch FROM r.at)::bigint, "
    "r.person_id "
    "FROM reopen_requests r JOIN decision_panels p ON p.decision_id = "
    "r.decision_id AND p.panel_id = r.panel_id WHERE r.decision_id = $1 "
    "ORDER BY r.run, p.kind, p.panel_id"};
constexpr Statement kPanelNextSteps{
    "decisions_panel_next_steps",
    "SELECT next_step FROM decision_panels WHERE decision_id = $1 "
    "ORDER BY kind, panel_id"};

constexpr Statement kAddReopen{
    "reopen_add",
    "INSERT INTO reopen_requests (decision_id, run, panel_id, person_id, "
    "reason) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1"};
constexpr Statement kEveryPanelAsked{
    "reopen_every_panel",
    "SELECT NOT EXISTS (SELECT 1 FROM decision_panels p WHERE "
    "p.decision_id = $1 AND NOT EXISTS (SELECT 1 FROM reopen_requests r "
    "WHERE r.decision_id = $1 AND r.run = $2 AND r.panel_id = p.panel_id))"};
constexpr Statement kReopen{
    "decisions_reopen",
    "UPDATE decisions SET run = run + 1, state = 'VOTING', closed_at = NULL, "
    "result = '', next_step = '', opened_at = now() WHERE id = $1"};
constexpr Statement kReopenPanels{
    "decisions_reopen_panels",
    "UPDATE decision_panels SET closed_at = NULL, closed_by = NULL, "
    "next_step = '' WHERE decision_id = $1"};

constexpr Statement kEveryCandidateDecided{
    "decisions_every_candidate",
    "SELECT NOT EXISTS (SELECT 1 FROM candidates c WHERE c.round_id = $1 AND "
    "c.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM decisions d WHERE "
    "d.candidate_id = c.id AND d.state = 'CLOSED'))"};

constexpr Statement kInsertConfirmation{
    "confirmations_insert",
    "INSERT INTO confirmations (round_id, decision_id, action, note, "
    "person_id, corrects) VALUES ($1, $2, $3, $4, $5, $6)"};
constexpr Statement kConfirmationsOf{
    "confirmations_of_round",
    "SELECT c.id, c.decision_id, c.action, c.note, pe.display_name, "
    "extract(epoch FROM c.at)::bigint, c.corrects IS NOT NULL, "
    "EXISTS (SELECT 1 FROM confirmations x WHERE x.corrects = c.id), "
    "d.candidate_id, c.person_id FROM confirmations c "
    "JOIN people pe ON pe.id = c.person_id JOIN decisions d ON d.id = "
    "c.decision_id WHERE c.round_id = $1 ORDER BY c.id"};
constexpr Statement kPlainHrNotes{
    "confirmations_plain_notes",
    "SELECT c.id, d.candidate_id, c.note FROM confirmations c JOIN "
    "decisions d ON d.id = c.decision_id WHERE c.note <> '' AND c.note NOT "
    "LIKE 'locked:%' AND d.candidate_id IS NOT NULL ORDER BY c.id LIMIT $1 "
    "FOR UPDATE OF c SKIP LOCKED"};
constexpr Statement kLockHrNote{
    "confirmations_lock_note",
    "UPDATE confirmations SET note = $2 WHERE id = $1"};
// Entries standing (not corrected), but for `$2`: what the record said
// before that entry.
constexpr Statement kLastConfirmations{
    "confirmations_last",
    "SELECT DISTINCT ON (decision_id) decision_id, action FROM confirmations c "
    "WHERE round_id = $1 AND id <> $2 AND NOT EXISTS (SELECT 1 FROM "
    "confirmations x WHERE x.corrects = c.id) "
    "ORDER BY decision_id, id DESC"};

std::string Id(const pqxx::field& f) { return f.as<std::string>(); }

std::vector<std::string> AboutCandidate(const std::string& candidate_id) {
  return {"candidate/" + candidate_id};
}

// Title and text opened with the candidate's key when the decision is on one.
v1::Decision DecisionFrom(const pqxx::row& row, privacy::TextOpener& opener) {
  v1::Decision d;
  d.set_id(Id(row[0]));
  d.set_round_id(Id(row[1]));
  if (row[2].as<int64_t>() != 0) d.set_candidate_id(Id(row[2]));
  const std::vector<std::string> about = AboutCandidate(d.candidate_id());
  d.set_title(opener.Text(about, privacy::kDecisionTitleContext,
                          row[3].as<std::string>()));
  d.set_text(opener.Text(about, privacy::kDecisionTextContext,
                         row[4].as<std::string>()));
  d.set_method(DecisionMethodFromName(row[5].as<std::string>()));
  d.set_secrecy(SecrecyFromName(row[6].as<std::string>()));
  d.set_state(DecisionStateFromName(row[7].as<std::string>()));
  d.set_run(row[8].as<uint32_t>());
  d.set_closes_at_unix(row[9].as<int64_t>());
  d.set_close_when_all_voted(row[10].as<bool>());
  d.set_result(OutcomeResultFromName(row[11].as<std::string>()));
  d.set_next_step(NextStepFromName(row[12].as<std::string>()));
  d.set_opened_at_unix(row[13].as<int64_t>());
  d.set_closed_at_unix(row[14].as<int64_t>());
  d.set_assisted_entries_need_confirmation(row[15].as<bool>());
  return d;
}

Elector ElectorFrom(const pqxx::field& panel_id, const pqxx::field& recused,
                    const pqxx::field& panel_closed,
                    const pqxx::field& voted_on_paper) {
  if (panel_id.is_null()) return {};
  return {.seat = recused.as<bool>() ? Seat::kRecused : Seat::kVoter,
          .panel_id = IdAt<PanelId>(panel_id),
          .panel_closed = panel_closed.as<bool>(),
          .voted_on_paper = voted_on_paper.as<bool>()};
}

}  // namespace

v1::Ballot BallotFrom(DecisionId decision_id, uint32_t run, v1::Choice choice,
                      std::string reason, uint32_t version, int64_t cast_at) {
  v1::Ballot b;
  b.set_decision_id(decision_id.str());
  b.set_run(run);
  b.set_choice(choice);
  b.set_reason(std::move(reason));
  b.set_version(version);
  b.set_cast_at_unix(cast_at);
  b.set_how(v1::HOW_GIVEN_SELF);
  return b;
}

DecisionId InsertDecision(pqxx::transaction_base& txn,
                          const privacy::DataKeys& keys,
                          const v1::CreateDecisionRequest& request,
                          const std::string& title, RoundId round_id,
                          std::optional<CandidateId> candidate_id,
                          PersonId created_by) {
  const auto locked = [&](absl::string_view context, const std::string& text) {
    if (!candidate_id.has_value()) return text;  // About nobody.
    return privacy::LockAbout(txn, keys, {Subject("candidate", *candidate_id)},
                              context, text);
  };
  const DecisionId id = IdAt<DecisionId>(
      Exec(txn, kInsertDecision, round_id, candidate_id,
           locked(privacy::kDecisionTitleContext, title),
           locked(privacy::kDecisionTextContext, request.text()),
           DecisionMethodName(request.method()), SecrecyName(request.secrecy()),
           request.closes_at_unix(), request.close_when_all_voted(),
           created_by)[0][0]);
  Exec(txn, kFreezePanels, id, round_id);
  static const std::string voting = PgArray(VotingRoleNames());
  Exec(txn, kFreezeElectorate, id, round_id,
       candidate_id.has_value() ? candidate_id->value() : 0, voting);
  return id;
}

std::optional<v1::Decision> LoadDecision(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         DecisionId id, DecisionHold hold) {
  const Statement& statement = hold == DecisionHold::kExclusive ? kLoadExclusive
                               : hold == DecisionHold::kShare   ? kLoadShare
                                                                : kLoad;
  const pqxx::result rows = Exec(txn, statement, id);
  if (rows.empty()) return std::nullopt;
  privacy::TextOpener opener(txn, keys);
  return DecisionFrom(rows[0], opener);
}

namespace {
std::vector<v1::Decision> DecisionsFrom(pqxx::transaction_base& txn,
                                        const privacy::DataKeys& keys,
                                        const pqxx::result& rows) {
  privacy::TextOpener opener(txn, keys);
  std::vector<std::string> candidates;
  for (const auto& row : rows) {
    if (row[2].as<int64_t>() != 0) {
      candidates.push_back(AboutCandidate(Id(row[2]))[0]);
    }
  }
  opener.Prefetch(candidates);
  std::vector<v1::Decision> out;
  for (const auto& row : rows) out.push_back(DecisionFrom(row, opener));
  return out;
}
}  // namespace

std::vector<v1::Decision> ListDecisions(pqxx::transaction_base& txn,
                                        const privacy::DataKeys& keys,
                                        RoundId round_id) {
  return DecisionsFrom(txn, keys, Exec(txn, kList, round_id));
}

std::vector<v1::Decision> ListAgreed(pqxx::transaction_base& txn,
                                     const privacy::DataKeys& keys,
                                     std::optional<RoundId> round_id) {
  return DecisionsFrom(
      txn, keys,
      Exec(txn, kListAgreed, round_id.has_value() ? round_id->value() : 0));
}

int64_t LockPlainDecisionTitles(pqxx::transaction_base& txn,
                                const privacy::DataKeys& keys, int limit) {
  int64_t locked = 0;
  for (const auto& row : Exec(txn, kPlainTitles, limit)) {
    // What is already locked is opened and locked again: one path.
    const std::vector<std::string> about = AboutCandidate(Id(row[1]));
    privacy::TextOpener opener(txn, keys);
    Exec(txn, kLockTitle, row[0].as<int64_t>(),
         privacy::LockAbout(txn, keys, about, privacy::kDecisionTitleContext,
                            opener.Text(about, privacy::kDecisionTitleContext,
                                        row[2].as<std::string>())),
         privacy::LockAbout(txn, keys, about, privacy::kDecisionTextContext,
                            opener.Text(about, privacy::kDecisionTextContext,
                                        row[3].as<std::string>())));
    ++locked;
  }
  return locked;
}

void LoadPanels(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                v1::Decision& decision) {
  const DecisionId id = IdOf<DecisionId>(decision.id());
  decision.clear_panels();
  privacy::PeopleNames names(txn, keys);
  std::vector<PanelId> small;  // Panels whose voters can be listed by name.
  for (const auto& row : Exec(txn, kPanels, id, decision.run())) {
    v1::DecisionPanel* p = decision.add_panels();
    p->set_panel_id(Id(row[0]));
    p->set_panel_kind(PanelKindFromName(row[1].as<std::string>()));
    p->set_panel_name(row[2].as<std::string>());
    p->mutable_rule()->set_quorum(row[3].as<uint32_t>());
    p->mutable_rule()->set_threshold(
        ThresholdFromName(row[4].as<std::string>()));
    p->set_voters(row[5].as<uint32_t>());
    p->set_recused(row[6].as<uint32_t>());
    p->set_closed(row[7].as<bool>());
    p->set_next_step(NextStepFromName(row[8].as<std::string>()));
    p->set_reopen_requested(row[9].as<bool>());
    p->set_voted(row[10].as<uint32_t>());
    p->set_paper_count(
        row[11].as<bool>()   ? v1::PAPER_COUNT_STATE_COUNTED
        : row[15].as<bool>() ? v1::PAPER_COUNT_STATE_COUNTS_DIFFER
        : row[12].as<bool>() ? v1::PAPER_COUNT_STATE_AWAITING_SECOND
                             : v1::PAPER_COUNT_STATE_UNSPECIFIED);
    for (int i : {13, 14}) {  // Their ids follow, at 16 and 17.
      if (!row[i + 3].is_null()) {
        p->add_paper_counted_by(
            names.Name(IdAt<PersonId>(row[i + 3]), row[i].as<std::string>()));
      }
    }
    if (p->voters() <= kMaxNamesListed) {
      small.push_back(IdOf<PanelId>(p->panel_id()));
    }
  }
  if (small.empty()) return;
  const pqxx::result voted =
      Exec(txn, kTakenPart, id, decision.run(), PgArray(small));
  std::vector<PersonId> people;
  for (const auto& row : voted) people.push_back(IdAt<PersonId>(row[2]));
  names.Prefetch(people);
  // By name (then id), as people look for themselves in a list.
  std::vector<std::tuple<std::string, PersonId, std::string>> taken;
  for (const auto& row : voted) {
    const PersonId person = IdAt<PersonId>(row[2]);
    taken.emplace_back(names.Name(person, row[1].as<std::string>()), person,
                       Id(row[0]));
  }
  std::sort(taken.begin(), taken.end());
  for (const auto& [name, person, panel_id] : taken) {
    for (v1::DecisionPanel& p : *decision.mutable_panels()) {
      if (p.panel_id() == panel_id) p.add_taken_part(name);
    }
  }
}

Elector ElectorOf(pqxx::transaction_base& txn, DecisionId decision_id,
                  PersonId person_id) {
  const pqxx::result rows = Exec(txn, kElector, decision_id, person_id);
  if (rows.empty()) return {};
  return ElectorFrom(rows[0][0], rows[0][1], rows[0][2], rows[0][3]);
}

VotersRead ReadVoters(pqxx::transaction_base& txn,
                      const std::vector<BallotAsked>& asked,
                      privacy::TextOpener& opener) {
  std::vector<std::string> hashes, request_ids;
  std::vector<DecisionId> decision_ids;
  for (const BallotAsked& a : asked) {
    hashes.push_back(a.token_hash);
    request_ids.push_back(a.request_id);
    decision_ids.push_back(a.decision_id);
  }
  VotersRead out{.voters = std::vector<std::optional<Voter>>(asked.size())};
  for (const auto& row : Exec(txn, kReadVoters, PgArray(hashes),
                              PgArray(request_ids), PgArray(decision_ids))) {
    const std::string subject = Subject("person", IdAt<PersonId>(row[1]));
    opener.KnowStored(subject, row[20], row[21]);
    Caller caller = CallerFrom(row, 1);
    caller.token_id = IdAt<TokenId>(row[22]);
    out.voters[row[0].as<size_t>() - 1] = Voter{
        .caller = caller,
        .request_id_used = row[3].as<bool>(),
        .panel_role =
            row[4].is_null()
                ? std::nullopt
                : std::optional(PanelRoleFromName(row[4].as<std::string>())),
        .elector = ElectorFrom(row[5], row[6], row[16], row[19]),
        .ballot_version = row[7].as<uint32_t>(),
        .ballot_reason = row[17].as<std::string>(),
        .key = row[20].is_null() ? std::nullopt : opener.KeyFor({subject})};
    if (out.read_at.empty()) {
      out.read_at = row[13].as<std::string>();
      out.read_at_time = absl::FromUnixMicros(row[14].as<int64_t>());
    }
    const DecisionId id = IdAt<DecisionId>(row[18]);
    if (out.decisions.contains(id)) continue;
    v1::Decision& d = out.decisions[id];
    d.set_id(id.str());
    d.set_round_id(Id(row[8]));
    d.set_method(DecisionMethodFromName(row[9].as<std::string>()));
    d.set_state(DecisionStateFromName(row[10].as<std::string>()));
    d.set_run(row[11].as<uint32_t>());
    d.set_close_when_all_voted(row[12].as<bool>());
    d.set_closes_at_unix(row[15].as<int64_t>());
  }
  return out;
}

std::vector<int64_t> WriteCheckedBallots(
    pqxx::transaction_base& txn, const VotersRead& read,
    const std::vector<CheckedBallot>& ballots,
    const std::vector<LedgerClaim>& claims,
    const std::vector<NewEvent>& events) {
  if (ballots.empty()) return {};
  // Each decision is held against a close for the statement, as on the
  // one-call path, and each open panel against its co-chair's close (a
  // share lock, so the recheck after waiting sees a panel closed meanwhile).
  // Decisions are taken in id order and rows go in (decision, person)
  // order, so two writes for the same decisions and people take their locks
  // in the same order and never deadlock. A ballot is written only over the
  // version the read saw, and only in the run the read saw; every other fact
  // the checks used is checked again in `facts` (the token, the roles, the
  // seat, the key; a ballot whose decision is not in `d` fails it too),
  // each fact a sub-select with LIMIT 1, one index probe per ballot
  // (written as EXISTS, the check cost PostgreSQL half as much CPU again per
  // ballot at 32 clients), over arrays behind sub-selects as in the read
  // (seen, their length kept every one-ballot write planned afresh: 1 ms of
  // PostgreSQL's CPU each); the check comes first in the UNION ALL, so it
  // always runs. The decisions are found by id (`= ANY`) whatever the
  // planner believes of the table: with statistics from before 1,000
  // decisions were opened it joined every decision to the batch's list,
  // 1.8 ms of a 2.4 ms write.
  static const std::string sql = absl::StrCat(
      "WITH d AS MATERIALIZED (SELECT d.id, d.run, d.round_id FROM decisions d "
      "JOIN unnest($1::bigint[], $2::integer[]) AS x(id, run) ON d.id = x.id "
      "AND d.run = x.run WHERE d.id = ANY($1::bigint[]) AND "
      "d.state = 'VOTING' AND (d.closes_at IS NULL OR d.closes_at > now()) "
      "AND $3::timestamptz <= now() ORDER BY d.id FOR KEY SHARE OF d), "
      "facts AS (SELECT count(*) AS n FROM unnest((SELECT $4::bigint[]), "
      "(SELECT $5::bigint[]), (SELECT $6::bigint[]), (SELECT $9::integer[]), "
      "(SELECT $20::bigint[]), (SELECT $21::text[]), (SELECT $22::text[]), "
      "(SELECT $23::boolean[])) AS f(decision_id, person_id, panel_id, "
      "version, token_id, org_role, panel_role, keyed) JOIN d fd ON fd.id = "
      "f.decision_id WHERE (SELECT h.person_id = f.person_id AND "
      "h.org_role = f.org_role FROM token_holders h WHERE h.token_id = "
      "f.token_id LIMIT 1) AND (SELECT e.panel_id = f.panel_id AND NOT "
      "e.recused FROM decision_electorate e WHERE e.decision_id = "
      "f.decision_id AND e.person_id = f.person_id LIMIT 1) AND "
      "coalesce((SELECT m.role FROM panel_members m WHERE m.round_id = "
      "fd.round_id AND m.person_id = f.person_id LIMIT 1), '') = "
      "f.panel_role AND coalesce((SELECT b.version FROM ballots b WHERE "
      "b.decision_id = f.decision_id AND b.run = fd.run AND b.person_id = "
      "f.person_id LIMIT 1), 0) = f.version - 1 AND (NOT f.keyed OR (SELECT "
      "true FROM subject_keys k WHERE k.subject = 'person/' || f.person_id "
      "LIMIT 1))), "
      "open AS (SELECT p.decision_id, p.panel_id FROM d JOIN decision_panels "
      "p ON p.decision_id = d.id WHERE p.closed_at IS NULL FOR SHARE OF p), "
      "stored AS (INSERT INTO ballots (decision_id, run, person_id, panel_id, "
      "choice, reason, version, cast_at) SELECT d.id, d.run, b.person_id, "
      "b.panel_id, b.choice, b.reason, b.version, $3::timestamptz FROM "
      "unnest($4::bigint[], $5::bigint[], $6::bigint[], $7::text[], "
      "$8::text[], $9::integer[]) AS b(decision_id, person_id, panel_id, "
      "choice, reason, version) JOIN d ON d.id = b.decision_id "
      "WHERE (b.decision_id, b.panel_id) IN (SELECT decision_id, panel_id "
      "FROM open) ORDER BY b.decision_id, b.person_id "
      "ON CONFLICT (decision_id, run, person_id) DO UPDATE SET "
      "choice = excluded.choice, reason = excluded.reason, "
      "version = excluded.version, cast_at = excluded.cast_at, "
      "how = 'SELF', entered_by = NULL "
      "WHERE ballots.version = excluded.version - 1 "
      "RETURNING " EQ_BALLOT_VERSION "), " EQ_KEEP_STORED ", claimed AS (",
      ClaimRequestsSql(10), "), appended AS (", AppendEventsSql(15),
      ") SELECT NULL::bigint WHERE NOT equalsay_unchanged_since_read("
      "(SELECT count(*) FROM stored) = cardinality($4::bigint[]) AND "
      "(SELECT count(*) FROM claimed) = cardinality($11::bigint[]) AND "
      "(SELECT n FROM facts) = cardinality($4::bigint[])) "
      "UNION ALL SELECT seq FROM appended");
  std::vector<DecisionId> decisions, ballot_decisions;
  std::vector<int64_t> runs;
  for (const auto& [id, decision] : read.decisions) {
    decisions.push_back(id);
    runs.push_back(decision.run());
  }
  std::vector<PersonId> people;
  std::vector<PanelId> panels;
  std::vector<TokenId> tokens;
  std::vector<int64_t> versions;
  std::vector<std::string> choices, reasons, org_roles, panel_roles;
  std::vector<bool> keyed;
  for (const CheckedBallot& b : ballots) {
    const Voter& v = b.voter;
    ballot_decisions.push_back(IdOf<DecisionId>(b.ballot.decision_id()));
    people.push_back(v.caller.person_id);
    panels.push_back(v.elector.panel_id);
    choices.push_back(ChoiceName(b.ballot.choice()));
    reasons.push_back(b.stored_reason);
    versions.push_back(b.ballot.version());
    tokens.push_back(v.caller.token_id);
    org_roles.push_back(OrgRoleName(v.caller.org_role));
    panel_roles.push_back(v.panel_role.has_value()
                              ? PanelRoleName(*v.panel_role)
                              : std::string());
    keyed.push_back(v.key.has_value());
  }
  const ClaimParams c = ClaimParamsOf(claims);
  const EventParams e = EventParamsOf(events);
  std::vector<int64_t> seqs;
  for (const auto& row :
       Exec(txn, {"ballots_write_checked", sql.c_str()}, PgArray(decisions),
            PgArray(runs), read.read_at, PgArray(ballot_decisions),
            PgArray(people), PgArray(panels), PgArray(choices),
            PgArray(reasons), PgArray(versions), c.methods, c.people,
            c.request_ids, c.hashes, c.answers, e.actors, e.actions, e.subjects,
            e.rounds, e.payloads, PgArray(tokens), PgArray(org_roles),
            PgArray(panel_roles), PgArray(keyed))) {
    seqs.push_back(row[0].as<int64_t>());
  }
  std::sort(seqs.begin(), seqs.end());
  return seqs;
}
#undef EQ_KEEP_STORED
#undef EQ_BALLOT_VERSION

std::string LockVoteReason(pqxx::transaction_base& txn,
                           const privacy::DataKeys& keys, PersonId voter,
                           const std::string& reason) {
  privacy::TextOpener opener(txn, keys);
  return LockVoteReason(opener, voter, reason);
}

std::string LockVoteReason(privacy::TextOpener& opener, PersonId voter,
                           const std::string& reason) {
  return opener.Lock({Subject("person", voter)}, privacy::kVoteReasonContext,
                     reason);
}

std::string OpenVoteReason(privacy::TextOpener& opener, PersonId voter,
                           const std::string& stored) {
  return opener.Text({Subject("person", voter)}, privacy::kVoteReasonContext,
                     stored);
}

namespace {
std::string VoteReasonAsGiven(pqxx::transaction_base& txn,
                              const privacy::DataKeys& keys, PersonId voter,
                              const std::string& stored) {
  privacy::TextOpener opener(txn, keys);
  return OpenVoteReason(opener, voter, stored);
}
}  // namespace

v1::Ballot UpsertBallot(pqxx::transaction_base& txn,
                        const privacy::DataKeys& keys, DecisionId decision_id,
                        uint32_t run, const NewBallot& ballot) {
  const pqxx::row row =
      Exec(txn, kUpsertBallot, decision_id, run, ballot.person_id,
           ballot.panel_id, ChoiceName(ballot.choice),
           LockVoteReason(txn, keys, ballot.person_id, ballot.reason),
           HowGivenName(ballot.how), ballot.entered_by.value())[0];
  // Without a reason now, the one given before stands.
  v1::Ballot stored = BallotFrom(
      decision_id, run, ballot.choice,
      ballot.reason.empty() ? VoteReasonAsGiven(txn, keys, ballot.person_id,
                                                row[2].as<std::string>())
                            : ballot.reason,
      row[0].as<uint32_t>(), row[1].as<int64_t>());
  stored.set_how(ballot.how);
  return stored;
}

std::optional<v1::Ballot> LoadBallot(pqxx::transaction_base& txn,
                                     const privacy::DataKeys& keys,
                                     DecisionId decision_id, uint32_t run,
                                     PersonId person_id) {
  const pqxx::result rows = Exec(txn, kLoadBallot, decision_id, run, person_id);
  if (rows.empty()) return std::nullopt;
  v1::Ballot ballot = BallotFrom(
      decision_id, run, ChoiceFromName(rows[0][0].as<std::string>()),
      VoteReasonAsGiven(txn, keys, person_id, rows[0][1].as<std::string>()),
      rows[0][2].as<uint32_t>(), rows[0][3].as<int64_t>());
  ballot.set_how(HowGivenFromName(rows[0][4].as<std::string>()));
  if (!rows[0][6].is_null()) {
    ballot.set_entered_by_name(
        privacy::NameOf(txn, keys, IdAt<PersonId>(rows[0][6])));
  }
  return ballot;
}

void StoreAssistedBallot(pqxx::transaction_base& txn,
                         const privacy::DataKeys& keys, DecisionId decision_id,
                         uint32_t run, PersonId member_id,
                         const NewAssistedBallot& entry) {
  Exec(txn, kUpsertAssisted, decision_id, run, member_id,
       HowGivenName(entry.how), entry.entered_by, entry.asked_for_help,
       ChoiceName(entry.choice),
       LockVoteReason(txn, keys, member_id, entry.reason));
}

std::optional<AssistedBallot> LoadAssistedBallot(pqxx::transaction_base& txn,
                                                 const privacy::DataKeys& keys,
                                                 DecisionId decision_id,
                                                 uint32_t run,
                                                 PersonId member_id) {
  const pqxx::result rows =
      Exec(txn, kLoadAssisted, decision_id, run, member_id);
  if (rows.empty()) return std::nullopt;
  const pqxx::row& row = rows[0];
  return AssistedBallot{.how = HowGivenFromName(row[0].as<std::string>()),
                        .entered_by = IdAt<PersonId>(row[6]),
                        .entered_by_name = privacy::PeopleNames(txn, keys).Name(
                            IdAt<PersonId>(row[6]), row[1].as<std::string>()),
                        .choice = ChoiceFromName(row[2].as<std::string>()),
                        .reason = VoteReasonAsGiven(txn, keys, member_id,
                                                    row[3].as<std::string>()),
                        .entered_at = row[4].as<int64_t>(),
                        .confirmed = row[5].as<bool>()};
}

bool ConfirmAssistedBallot(pqxx::transaction_base& txn, DecisionId decision_id,
                           uint32_t run, PersonId member_id) {
  return !Exec(txn, kConfirmAssisted, decision_id, run, member_id).empty();
}

AssistedCount CountAssistedBallots(pqxx::transaction_base& txn,
                                   DecisionId decision_id, uint32_t run) {
  const pqxx::row row = Exec(txn, kCountAssisted, decision_id, run)[0];
  return {.entered = row[0].as<uint32_t>(), .confirmed = row[1].as<uint32_t>()};
}

v1::Ballot SetReason(pqxx::transaction_base& txn, const privacy::DataKeys& keys,
                     DecisionId decision_id, uint32_t run, PersonId person_id,
                     const std::string& reason) {
  const pqxx::row row = Exec(txn, kSetReason, decision_id, run, person_id,
                             LockVoteReason(txn, keys, person_id, reason))[0];
  Exec(txn, kInsertBallotVersion, decision_id, run, person_id);
  v1::Ballot ballot =
      BallotFrom(decision_id, run, ChoiceFromName(row[2].as<std::string>()),
                 reason, row[0].as<uint32_t>(), row[1].as<int64_t>());
  ballot.set_how(HowGivenFromName(row[3].as<std::string>()));
  return ballot;
}

std::vector<CountedBallot> BallotsOf(pqxx::transaction_base& txn,
                                     const privacy::DataKeys& keys,
                                     DecisionId decision_id, uint32_t run) {
  const pqxx::result rows = Exec(txn, kBallotsOf, decision_id, run);
  privacy::TextOpener opener(txn, keys);
  privacy::PeopleNames names(txn, keys);
  std::vector<PersonId> voters;
  for (const auto& row : rows) voters.push_back(IdAt<PersonId>(row[0]));
  names.Prefetch(voters);
  std::vector<CountedBallot> out;
  for (const auto& row : rows) {
    const PersonId voter = IdAt<PersonId>(row[0]);
    out.push_back(
        {.person_id = voter,
         .display_name = names.Name(voter, row[1].as<std::string>()),
         .panel_id = IdAt<PanelId>(row[2]),
         .choice = ChoiceFromName(row[3].as<std::string>()),
         .reason = OpenVoteReason(opener, voter, row[4].as<std::string>()),
         .how = HowGivenFromName(row[5].as<std::string>())});
  }
  // Panel by panel, by name.
  std::sort(out.begin(), out.end(),
            [](const CountedBallot& a, const CountedBallot& b) {
              return std::tie(a.panel_id, a.display_name, a.person_id) <
                     std::tie(b.panel_id, b.display_name, b.person_id);
            });
  return out;
}

std::vector<PanelCount> CountPanels(pqxx::transaction_base& txn,
                                    DecisionId decision_id, uint32_t run) {
  std::vector<PanelCount> out;
  for (const auto& row : Exec(txn, kCounts, decision_id, run)) {
    out.push_back({.panel_id = Id(row[0]),
                   .kind = PanelKindFromName(row[1].as<std::string>()),
                   .name = row[2].as<std::string>(),
                   .quorum_rule = row[3].as<uint32_t>(),
                   .threshold = ThresholdFromName(row[4].as<std::string>()),
                   .voters = row[5].as<int>(),
                   .agree = row[6].as<int>(),
                   .disagree = row[7].as<int>(),
                   .abstain = row[8].as<int>(),
                   .stand_aside = row[9].as<int>(),
                   .object = row[10].as<int>()});
  }
  return out;
}

bool AllVoted(pqxx::transaction_base& txn, DecisionId decision_id,
              uint32_t run) {
  return Exec(txn, kAllVoted, decision_id, run)[0][0].as<bool>();
}

PanelClose ClosePanel(pqxx::transaction_base& txn, DecisionId decision_id,
                      PanelId panel_id, PersonId person_id) {
  return {.newly_closed =
              !Exec(txn, kClosePanel, decision_id, panel_id, person_id).empty(),
          .every_panel_closed =
              Exec(txn, kAllPanelsClosed, decision_id)[0][0].as<bool>()};
}

void MarkClosed(pqxx::transaction_base& txn, DecisionId decision_id,
                v1::OutcomeResult result) {
  Exec(txn, kMarkClosed, decision_id, OutcomeResultName(result));
}

std::vector<ClosedRun> EarlierRuns(pqxx::transaction_base& txn,
                                   const privacy::DataKeys& keys,
                                   DecisionId decision_id,
                                   uint32_t current_run) {
  std::vector<ClosedRun> runs;
  for (const auto& row : Exec(txn, kEarlierRuns, decision_id, current_run)) {
    runs.push_back({.run = row[0].as<uint32_t>(),
                    .result = OutcomeResultFromName(row[1].as<std::string>()),
                    .next_step = NextStepFromName(row[2].as<std::string>()),
                    .closed_at_unix = row[3].as<int64_t>()});
  }
  if (runs.empty()) return runs;
  privacy::TextOpener opener(txn, keys);
  for (const auto& row : Exec(txn, kReopenRequests, decision_id)) {
    const uint32_t run = row[0].as<uint32_t>();
    for (ClosedRun& r : runs) {
      if (r.run != run) continue;
      v1::ReopenRequest& request = r.reopen_requests.emplace_back();
      request.set_panel_name(row[1].as<std::string>());
      request.set_reason(
          opener.Text({Subject("person", IdAt<PersonId>(row[4]))},
                      privacy::kReopenReasonContext, row[2].as<std::string>()));
      request.set_at_unix(row[3].as<int64_t>());
    }
  }
  return runs;
}

std::vector<DecisionId> DueToClose(pqxx::transaction_base& txn, int limit) {
  std::vector<DecisionId> ids;
  for (const auto& row : Exec(txn, kDue, limit)) {
    ids.push_back(IdAt<DecisionId>(row[0]));
  }
  return ids;
}

void SetPanelNextStep(pqxx::transaction_base& txn, DecisionId decision_id,
                      PanelId panel_id, v1::NextStep step) {
  Exec(txn, kSetPanelNextStep, decision_id, panel_id, NextStepName(step));
}

void SetNextStep(pqxx::transaction_base& txn, DecisionId decision_id,
                 v1::NextStep step) {
  Exec(txn, kSetNextStep, decision_id, NextStepName(step));
}

std::vector<v1::NextStep> PanelNextSteps(pqxx::transaction_base& txn,
                                         DecisionId decision_id) {
  std::vector<v1::NextStep> out;
  for (const auto& row : Exec(txn, kPanelNextSteps, decision_id)) {
    out.push_back(NextStepFromName(row[0].as<std::string>()));
  }
  return out;
}

bool AddReopenRequest(pqxx::transaction_base& txn,
                      const privacy::DataKeys& keys, DecisionId decision_id,
                      uint32_t run, PanelId panel_id, PersonId person_id,
                      const std::string& reason) {
  return !Exec(txn, kAddReopen, decision_id, run, panel_id, person_id,
               privacy::LockAbout(txn, keys, {Subject("person", person_id)},
                                  privacy::kReopenReasonContext, reason))
              .empty();
}

bool EveryPanelAskedToReopen(pqxx::transaction_base& txn,
                             DecisionId decision_id, uint32_t run) {
  return Exec(txn, kEveryPanelAsked, decision_id, run)[0][0].as<bool>();
}

void Reopen(pqxx::transaction_base& txn, DecisionId decision_id) {
  Exec(txn, kReopen, decision_id);
  Exec(txn, kReopenPanels, decision_id);
}

bool EveryCandidateDecided(pqxx::transaction_base& txn, RoundId round_id) {
  return Exec(txn, kEveryCandidateDecided, round_id)[0][0].as<bool>();
}

std::string LockedHrNote(pqxx::transaction_base& txn,
                         const privacy::DataKeys& keys,
                         CandidateId candidate_id, const std::string& note) {
  return privacy::LockAbout(txn, keys, {Subject("candidate", candidate_id)},
                            privacy::kHrNoteContext, note);
}

void InsertConfirmation(pqxx::transaction_base& txn,
                        const privacy::DataKeys& keys, RoundId round_id,
                        DecisionId decision_id, CandidateId candidate_id,
                        v1::ConfirmationAction action, const std::string& note,
                        PersonId person_id, std::optional<int64_t> corrects) {
  Exec(txn, kInsertConfirmation, round_id, decision_id,
       ConfirmationActionName(action),
       LockedHrNote(txn, keys, candidate_id, note), person_id, corrects);
}

std::vector<RecordedConfirmation> ConfirmationsOf(pqxx::transaction_base& txn,
                                                  const privacy::DataKeys& keys,
                                                  RoundId round_id) {
  std::vector<RecordedConfirmation> out;
  privacy::TextOpener opener(txn, keys);
  privacy::PeopleNames names(txn, keys);
  for (const auto& row : Exec(txn, kConfirmationsOf, round_id)) {
    RecordedConfirmation& c = out.emplace_back();
    c.id = row[0].as<int64_t>();
    c.decision_id = Id(row[1]);
    c.entry.set_action(ConfirmationActionFromName(row[2].as<std::string>()));
    // Without the candidate's key (they were erased) there is no note.
    c.entry.set_note(opener.Text({"candidate/" + Id(row[8])},
                                 privacy::kHrNoteContext,
                                 row[3].as<std::string>()));
    c.entry.set_confirmed_by(
        names.Name(IdAt<PersonId>(row[9]), row[4].as<std::string>()));
    c.entry.set_at_unix(row[5].as<int64_t>());
    c.entry.set_correction(row[6].as<bool>());
    c.entry.set_corrected(row[7].as<bool>());
  }
  return out;
}

std::map<std::string, v1::ConfirmationAction> LastConfirmations(
    pqxx::transaction_base& txn, RoundId round_id, int64_t leave_out) {
  std::map<std::string, v1::ConfirmationAction> out;
  for (const auto& row : Exec(txn, kLastConfirmations, round_id, leave_out)) {
    out[Id(row[0])] = ConfirmationActionFromName(row[1].as<std::string>());
  }
  return out;
}

int64_t LockPlainVoteReasons(pqxx::transaction_base& txn,
                             const privacy::DataKeys& keys, int limit) {
  static constexpr privacy::PlainColumn kReasons[] = {
      {"ballots", "reason", kVoterKey, privacy::kVoteReasonContext},
      {"ballot_versions", "reason", kVoterKey, privacy::kVoteReasonContext},
      {"assisted_ballots", "reason", kVoterKey, privacy::kVoteReasonContext}};
  int64_t locked = 0;
  for (const privacy::PlainColumn& reasons : kReasons) {
    if (locked >= limit) break;
    locked += privacy::LockPlainColumn(txn, keys, reasons, limit - locked);
  }
  return locked;
}

int64_t LockPlainReopenReasons(pqxx::transaction_base& txn,
                               const privacy::DataKeys& keys, int limit) {
  return privacy::LockPlainColumn(
      txn, keys,
      {"reopen_requests", "reason", kVoterKey, privacy::kReopenReasonContext},
      limit);
}

int64_t LockPlainHrNotes(pqxx::transaction_base& txn,
                         const privacy::DataKeys& keys, int limit) {
  int64_t locked = 0;
  for (const auto& row : Exec(txn, kPlainHrNotes, limit)) {
    Exec(txn, kLockHrNote, row[0].as<int64_t>(),
         LockedHrNote(txn, keys, IdAt<CandidateId>(row[1]),
                      row[2].as<std::string>()));
    ++locked;
  }
  return locked;
}

}  // namespace equalsay::consensus
