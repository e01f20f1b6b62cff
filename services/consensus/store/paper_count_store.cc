#include "services/consensus/store/paper_count_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "services/common/store/sql.h"
#include "services/privacy/store/people_names.h"

namespace equalsay::consensus {
namespace {

constexpr Statement kLookUp{
    "paper_voters_look_up",
    "SELECT i.id, coalesce(pe.display_name, ''), e.panel_id, "
    "coalesce(e.recused, false), EXISTS (SELECT 1 FROM ballots b WHERE "
    "b.decision_id = $1 AND b.run = $2 AND b.person_id = i.id) "
    "FROM unnest($3::bigint[]) AS i(id) LEFT JOIN people pe ON pe.id = i.id "
    "LEFT JOIN decision_electorate e ON e.decision_id = $1 AND "
    "e.person_id = i.id ORDER BY i.id"};
constexpr Statement kLoad{
    "paper_counts_load",
    "SELECT array_to_string(pc.voters, ','), pc.agree, pc.disagree, "
    "pc.abstain, pc.stand_aside, pc.object, pc.counted_by, "
    "pe.display_name, pc.checked_by IS NOT NULL, pc.differed_by IS NOT NULL "
    "FROM paper_counts pc "
    "JOIN people pe ON pe.id = pc.counted_by WHERE pc.decision_id = $1 AND "
    "pc.run = $2 AND pc.panel_id = $3"};
constexpr Statement kStoreFirst{
    "paper_counts_store_first",
    "INSERT INTO paper_counts (decision_id, run, panel_id, voters, agree, "
    "disagree, abstain, stand_aside, object, counted_by) VALUES ($1, $2, $3, "
    "$4::bigint[], $5, $6, $7, $8, $9, $10) ON CONFLICT (decision_id, run, "
    "panel_id) DO UPDATE SET voters = excluded.voters, agree = "
    "excluded.agree, disagree = excluded.disagree, abstain = "
    "excluded.abstain, stand_aside = excluded.stand_aside, object = "
    "excluded.object, counted_by = excluded.counted_by, counted_at = now(), "
    "differed_by = NULL, differed_at = NULL "
    "WHERE paper_counts.checked_by IS NULL"};
constexpr Statement kMarkDiffered{
    "paper_counts_mark_differed",
    "UPDATE paper_counts SET differed_by = $4, differed_at = now() WHERE "
    "decision_id = $1 AND run = $2 AND panel_id = $3 AND checked_by IS NULL"};
// A member who voted since the check keeps their ballot (DO NOTHING) and
// the count of rows written tells.
constexpr Statement kAccept{
    "paper_counts_accept",
    "WITH checked AS (UPDATE paper_counts SET checked_by = $4, checked_at = "
    "now() WHERE decision_id = $1 AND run = $2 AND panel_id = $3 AND "
    "checked_by IS NULL RETURNING voters), "
    "stored AS (INSERT INTO ballots (decision_id, run, person_id, panel_id, "
    "choice, version, how) SELECT $1, $2, v.id, $3, NULL, 1, 'PAPER_COUNT' "
    "FROM checked, unnest(checked.voters) AS v(id) ORDER BY v.id "
    "ON CONFLICT (decision_id, run, person_id) DO NOTHING "
    "RETURNING decision_id, run, person_id, version, choice, reason, "
    "cast_at, how, entered_by), "
    "kept AS (INSERT INTO ballot_versions (decision_id, run, person_id, "
    "version, choice, reason, cast_at, how, entered_by) SELECT * FROM "
    "stored) "
    "SELECT (SELECT count(*) FROM stored), (SELECT cardinality(voters) FROM "
    "checked)"};

}  // namespace

std::vector<PaperVoter> LookUpPaperVoters(pqxx::transaction_base& txn,
                                          const privacy::DataKeys& keys,
                                          DecisionId decision_id, uint32_t run,
                                          const std::vector<PersonId>& ids) {
  std::vector<PaperVoter> out;
  privacy::PeopleNames names(txn, keys);
  names.Prefetch(ids);
  for (const auto& row : Exec(txn, kLookUp, decision_id, run, PgArray(ids))) {
    const PersonId id = IdAt<PersonId>(row[0]);
    PaperVoter v{.id = id,
                 .display_name = names.Name(id, row[1].as<std::string>()),
                 .voted = row[4].as<bool>()};
    if (!row[2].is_null()) {
      v.panel_id = IdAt<PanelId>(row[2]);
      v.seat = row[3].as<bool>() ? Seat::kRecused : Seat::kVoter;
    }
    out.push_back(std::move(v));
  }
  return out;
}

std::optional<PaperCount> LoadPaperCount(pqxx::transaction_base& txn,
                                         const privacy::DataKeys& keys,
                                         DecisionId decision_id, uint32_t run,
                                         PanelId panel_id) {
  const pqxx::result rows = Exec(txn, kLoad, decision_id, run, panel_id);
  if (rows.empty()) return std::nullopt;
  const pqxx::row& row = rows[0];
  PaperCount count{.tally = {.agree = row[1].as<uint32_t>(),
                             .disagree = row[2].as<uint32_t>(),
                             .abstain = row[3].as<uint32_t>(),
                             .stand_aside = row[4].as<uint32_t>(),
                             .object = row[5].as<uint32_t>()},
                   .counted_by = IdAt<PersonId>(row[6]),
                   .counted_by_name = privacy::PeopleNames(txn, keys).Name(
                       IdAt<PersonId>(row[6]), row[7].as<std::string>()),
                   .checked = row[8].as<bool>(),
                   .differed = row[9].as<bool>()};
  for (absl::string_view id :
       absl::StrSplit(row[0].as<std::string>(), ',', absl::SkipEmpty())) {
    int64_t value = 0;
    if (absl::SimpleAtoi(id, &value)) count.voters.push_back(PersonId(value));
  }
  return count;
}

void StoreFirstCount(pqxx::transaction_base& txn, DecisionId decision_id,
                     uint32_t run, PanelId panel_id, const PaperCount& count) {
  Exec(txn, kStoreFirst, decision_id, run, panel_id, PgArray(count.voters),
       count.tally.agree, count.tally.disagree, count.tally.abstain,
       count.tally.stand_aside, count.tally.object, count.counted_by);
}

void MarkCountsDiffer(pqxx::transaction_base& txn, DecisionId decision_id,
                      uint32_t run, PanelId panel_id, PersonId second) {
  Exec(txn, kMarkDiffered, decision_id, run, panel_id, second);
}

void AcceptPaperCount(pqxx::transaction_base& txn, DecisionId decision_id,
                      uint32_t run, PanelId panel_id, PersonId checked_by) {
  const pqxx::row row =
      Exec(txn, kAccept, decision_id, run, panel_id, checked_by)[0];
  if (row[1].is_null() || row[0].as<int64_t>() != row[1].as<int64_t>()) {
    throw pqxx::serialization_failure(
        "A ballot was cast by someone listed on paper while the count was "
        "checked.");
  }
}

}  // namespace equalsay::consensus
