#include "services/panels/store/erasure_store.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "services/common/store/sql.h"
#include "services/privacy/store/kept_texts.h"
#include "services/privacy/store/people_names.h"
#include "services/privacy/store/stored_answers.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::panels {
namespace {

constexpr Statement kHoldPerson{
    "erasure_hold_person", "SELECT 1 FROM people WHERE id = $1 FOR UPDATE"};
constexpr Statement kHoldCandidate{
    "erasure_hold_candidate",
    "SELECT 1 FROM candidates WHERE id = $1 FOR UPDATE"};
constexpr Statement kRoundsNeedingPerson{
    "erasure_rounds_needing_person",
    "SELECT r.title FROM rounds r WHERE r.state = ANY ($2::text[]) AND "
    "(EXISTS (SELECT 1 FROM panel_members m WHERE m.round_id = r.id AND "
    "m.person_id = $1) OR EXISTS (SELECT 1 FROM supporters s WHERE "
    "s.round_id = r.id AND s.withdrawn_at IS NULL AND $1 IN (s.member_id, "
    "s.supporter_id))) ORDER BY r.id"};

// The texts about a subject, found before they are taken out: a stored
// answer or an e-mail's to-do list holding one of them goes too. (All of a
// person's are kept locked.)
constexpr Statement kCandidateTexts{
    "erasure_candidate_texts",
    "SELECT overall_view FROM score_sheets WHERE candidate_id = $1 "
    "UNION SELECT v.overall_view FROM score_sheet_versions v JOIN "
    "score_sheets s ON s.id = v.sheet_id WHERE s.candidate_id = $1"};
// ... and those kept locked: each with the subjects whose keys open it and
// where it is kept (privacy/rules/data_keys.h).
static_assert(std::string_view(privacy::kConflictContext) ==
              "conflicts.reason");
static_assert(std::string_view(privacy::kEvidenceContext) ==
              "score_sheets.evidence");
static_assert(std::string_view(privacy::kHrNoteContext) ==
              "confirmations.note");
static_assert(std::string_view(privacy::kInvolvementContext) ==
              "involvement.note");
static_assert(std::string_view(privacy::kVoteReasonContext) ==
              "ballots.reason");
static_assert(std::string_view(privacy::kReopenReasonContext) ==
              "reopen_requests.reason");
static_assert(std::string_view(privacy::kTokenLabelContext) == "tokens.label");
static_assert(std::string_view(privacy::kNameContext) == "people.display_name");
static_assert(std::string_view(privacy::kEmailContext) == "people.email");
static_assert(std::string_view(privacy::kCandidateNameContext) ==
              "candidates.name");
static_assert(std::string_view(privacy::kCandidateReferenceContext) ==
              "candidates.reference");
static_assert(std::string_view(privacy::kDecisionTitleContext) ==
              "decisions.title");
static_assert(std::string_view(privacy::kDecisionTextContext) ==
              "decisions.body");
static_assert(std::string_view(privacy::kDocumentTitleContext) ==
              "documents.title");
#define EQ_CONFLICT_REASONS                                              \
  "SELECT reason, ARRAY['person/' || person_id, 'candidate/' || "        \
  "candidate_id], 'conflicts.reason' FROM conflicts WHERE reason <> '' " \
  "AND "
constexpr Statement kPersonLockedTexts{
    "erasure_person_locked_texts", EQ_CONFLICT_REASONS
    "person_id = $1 UNION SELECT note, ARRAY['person/' || person_id], "
    "'involvement.note' FROM involvement WHERE person_id = $1 UNION SELECT "
    "decline_reason, ARRAY['person/' || person_id], 'involvement.note' FROM "
    "involvement WHERE person_id = $1 UNION SELECT reason, ARRAY['person/' "
    "|| person_id], 'ballots.reason' FROM ballot_versions WHERE person_id = "
    "$1 UNION SELECT reason, ARRAY['person/' || person_id], 'ballots.reason' "
    "FROM assisted_ballots WHERE person_id = $1 UNION SELECT reason, "
    "ARRAY['person/' || person_id], 'reopen_requests.reason' FROM "
    "reopen_requests WHERE person_id = $1 UNION SELECT label, ARRAY['person/' "
    "|| person_id], 'tokens.label' FROM tokens WHERE person_id = $1 UNION "
    "SELECT display_name, ARRAY['person/' || id], 'people.display_name' FROM "
    "people WHERE id = $1 UNION SELECT email, ARRAY['person/' || id], "
    "'people.email' FROM people WHERE id = $1"};
constexpr Statement kCandidateLockedTexts{
    "erasure_candidate_locked_texts", EQ_CONFLICT_REASONS
    "candidate_id = $1 UNION SELECT e->>'evidence', ARRAY['candidate/' || "
    "s.candidate_id], 'score_sheets.evidence' FROM score_sheets s, "
    "jsonb_array_elements(s.entries->'entries') e WHERE s.candidate_id = $1 "
    "UNION SELECT e->>'evidence', ARRAY['candidate/' || s.candidate_id], "
    "'score_sheets.evidence' FROM score_sheet_versions v JOIN score_sheets "
    "s ON s.id = v.sheet_id, jsonb_array_elements(v.entries->'entries') e "
    "WHERE s.candidate_id = $1 UNION SELECT c.note, ARRAY['candidate/' || "
    "d.candidate_id], 'confirmations.note' FROM confirmations c JOIN "
    "decisions d ON d.id = c.decision_id WHERE d.candidate_id = $1 UNION "
    "SELECT name, ARRAY['candidate/' || id], 'candidates.name' FROM "
    "candidates WHERE id = $1 UNION SELECT reference, ARRAY['candidate/' || "
    "id], 'candidates.reference' FROM candidates WHERE id = $1 UNION SELECT "
    "title, ARRAY['candidate/' || candidate_id], 'decisions.title' FROM "
    "decisions WHERE candidate_id = $1 UNION SELECT body, ARRAY['candidate/' "
    "|| candidate_id], 'decisions.body' FROM decisions WHERE candidate_id = "
    "$1 UNION SELECT title, ARRAY['candidate/' || candidate_id], "
    "'documents.title' FROM documents WHERE candidate_id = $1"};
#undef EQ_CONFLICT_REASONS
// A retry of an old request must not hand back what was erased: the
// stored answers are read (opened with their day's keys) to find those
// holding one of the texts (protocol buffers keep strings as they are, so
// they are found in the answer's bytes), which go.
constexpr Statement kStoredAnswers{
    "erasure_stored_answers",
    "SELECT person_id, request_id, response FROM request_ledger WHERE "
    "response IS NOT NULL"};
constexpr Statement kForgetAnswers{
    "erasure_forget_answers",
    "UPDATE request_ledger l SET response = NULL FROM unnest($1::bigint[], "
    "$2::text[]) AS f(person_id, request_id) WHERE l.person_id = f.person_id "
    "AND l.request_id = f.request_id"};
// And the answers to the person's own requests, whatever they hold.
constexpr Statement kForgetOwnAnswers{
    "erasure_forget_own_answers",
    "UPDATE request_ledger SET response = NULL WHERE person_id = $1 AND "
    "response IS NOT NULL"};
// A reminder lists what is left to do, people and candidates by name.
constexpr Statement kMailListsHolding{
    "erasure_mail_lists_holding",
    "UPDATE mail_queue SET to_do = '{}' WHERE EXISTS (SELECT 1 FROM "
    "unnest(to_do) line, unnest($1::text[]) t WHERE position(t IN line) > "
    "0)"};

// Reasons the audit trail's events point to (see privacy::KeepText): the text
// and its salt go; the event and its seal stay.
constexpr Statement kEventTexts{
    "erasure_event_texts", "DELETE FROM event_texts WHERE $1 = ANY (about)"};
constexpr Statement kEndSignIns{
    "erasure_end_sign_ins",
    "UPDATE tokens SET label = '', revoked_at = coalesce(revoked_at, now()) "
    "WHERE person_id = $1"};
constexpr Statement kForgetMail{"erasure_forget_mail",
                                "DELETE FROM mail_queue WHERE person_id = $1"};
constexpr Statement kVoteReasons{
    "erasure_vote_reasons",
    "WITH a AS (UPDATE ballots SET reason = '' WHERE person_id = $1 AND "
    "reason <> '' RETURNING 1), b AS (UPDATE ballot_versions SET reason = '' "
    "WHERE person_id = $1 AND reason <> '' RETURNING 1), c AS (UPDATE "
    "assisted_ballots SET reason = '' WHERE person_id = $1 AND reason <> '' "
    "RETURNING 1) SELECT (SELECT count(*) FROM a) + (SELECT count(*) FROM b) "
    "+ (SELECT count(*) FROM c)"};
// The request to reopen stays (it was their panel's); their words go.
constexpr Statement kReopenReasons{
    "erasure_reopen_reasons",
    "UPDATE reopen_requests SET reason = '' WHERE person_id = $1 AND "
    "reason <> ''"};
constexpr Statement kPersonConflictReasons{
    "erasure_person_conflict_reasons",
    "UPDATE conflicts SET reason = '' WHERE person_id = $1 AND reason <> ''"};
constexpr Statement kTimeNotes{
    "erasure_time_notes",
    "UPDATE involvement SET note = '', decline_reason = '' WHERE person_id = "
    "$1 AND (note <> '' OR decline_reason <> '')"};
constexpr Statement kIncomeLimit{
    "erasure_income_limit", "DELETE FROM income_limits WHERE person_id = $1"};
constexpr Statement kErasePerson{
    "erasure_person",
    "UPDATE people SET display_name = $2, email = NULL, email_index = NULL, "
    "active = false, "
    "deactivated_at = coalesce(deactivated_at, now()), erased_at = now() "
    "WHERE id = $1"};

// Evidence notes go from each entry (in order), scores stay.
#define EQ_WITHOUT_EVIDENCE(t)                             \
  "jsonb_set(" t                                           \
  ".entries, '{entries}', coalesce((SELECT jsonb_agg(e - " \
  "'evidence' ORDER BY i) FROM jsonb_array_elements(" t    \
  ".entries->"                                             \
  "'entries') WITH ORDINALITY AS x(e, i)), '[]'::jsonb))"
constexpr Statement kSheetNotes{
    "erasure_sheet_notes",
    "WITH versions AS (UPDATE score_sheet_versions v SET overall_view = '', "
    "entries = " EQ_WITHOUT_EVIDENCE("v") " FROM score_sheets s WHERE "
    "s.id = v.sheet_id AND s.candidate_id = $1 RETURNING 1) "
    "UPDATE score_sheets s SET overall_view = '', entries = "
    EQ_WITHOUT_EVIDENCE("s") " WHERE s.candidate_id = $1"};
#undef EQ_WITHOUT_EVIDENCE
constexpr Statement kCandidateConflictReasons{
    "erasure_candidate_conflict_reasons",
    "UPDATE conflicts SET reason = '' WHERE candidate_id = $1 AND "
    "reason <> ''"};
constexpr Statement kDocuments{
    "erasure_documents",
    "UPDATE documents SET title = 'Erased document', content = '', "
    "sealed = false, removed_at = coalesce(removed_at, now()) WHERE "
    "candidate_id = $1"};
constexpr Statement kHrNotes{
    "erasure_hr_notes",
    "UPDATE confirmations c SET note = '' FROM decisions d WHERE d.id = "
    "c.decision_id AND d.candidate_id = $1 AND c.note <> ''"};
constexpr Statement kDecision{
    "erasure_decision",
    "UPDATE decisions SET title = $2, body = '' WHERE candidate_id = $1"};
constexpr Statement kEraseCandidate{
    "erasure_candidate",
    "UPDATE candidates SET name = $2, reference = '', erased_at = now() "
    "WHERE id = $1"};

#define EQ_DUE_CANDIDATES                                                 \
  "SELECT c.id, c.name, c.round_id, least(r.finished_at, c.withdrawn_at)" \
  "::date::text FROM candidates c JOIN rounds r ON r.id = c.round_id "    \
  "WHERE $1 > 0 AND c.erased_at IS NULL AND least(r.finished_at, "        \
  "c.withdrawn_at) < now() - make_interval(months => $1::int) ORDER BY "  \
  "least(r.finished_at, c.withdrawn_at), c.id LIMIT $2"
constexpr Statement kDueCandidates{"retention_due_candidates",
                                   EQ_DUE_CANDIDATES};
constexpr Statement kHoldDueCandidates{"retention_hold_due_candidates",
                                       EQ_DUE_CANDIDATES
                                       " FOR UPDATE OF c SKIP LOCKED"};
#undef EQ_DUE_CANDIDATES
// Deactivated, and needed by no round in progress (as for erasure on
// request, see kRoundsNeedingPerson).
#define EQ_DUE_PEOPLE                                                        \
  "SELECT p.id, p.display_name, NULL::bigint, p.deactivated_at::date::text " \
  "FROM people p WHERE $1 > 0 AND p.erased_at IS NULL AND NOT p.active AND " \
  "p.deactivated_at < now() - make_interval(months => $1::int) AND NOT "     \
  "EXISTS (SELECT 1 FROM rounds r WHERE r.state = ANY ($3::text[]) AND "     \
  "(EXISTS (SELECT 1 FROM panel_members m WHERE m.round_id = r.id AND "      \
  "m.person_id = p.id) OR EXISTS (SELECT 1 FROM supporters s WHERE "         \
  "s.round_id = r.id AND s.withdrawn_at IS NULL AND p.id IN (s.member_id, "  \
  "s.supporter_id)))) ORDER BY p.deactivated_at, p.id LIMIT $2"
constexpr Statement kDuePeople{"retention_due_people", EQ_DUE_PEOPLE};
constexpr Statement kHoldDuePeople{
    "retention_hold_due_people", EQ_DUE_PEOPLE " FOR UPDATE OF p SKIP LOCKED"};
#undef EQ_DUE_PEOPLE
constexpr Statement kForgetOldAnswers{
    "retention_forget_old_answers",
    "UPDATE request_ledger SET response = NULL WHERE response IS NOT NULL "
    "AND created_at < now() - make_interval(hours => $1::int)"};

int64_t Changed(const pqxx::result& r) { return r.affected_rows(); }

// Characters, not bytes, of UTF-8 text.
size_t Characters(absl::string_view text) {
  return std::count_if(text.begin(), text.end(),
                       [](unsigned char c) { return (c & 0xC0) != 0x80; });
}

// The subject's texts to search other places for, found before they are
// taken out: those kept as written, those kept locked (opened here, before
// the keys go; one that does not open holds nothing to find), and the
// reasons kept beside the trail. Texts under three characters would match
// too much by chance and say little about anyone.
std::vector<std::string> Texts(pqxx::transaction_base& txn,
                               const privacy::DataKeys& keys,
                               const pqxx::result& plain,
                               const pqxx::result& locked,
                               const std::string& subject) {
  std::vector<std::string> texts;
  for (const auto& row : plain) {
    if (!row[0].is_null()) texts.push_back(row[0].as<std::string>());
  }
  for (const auto& row : locked) {
    if (row[0].is_null()) continue;
    const std::optional<privacy::Key> key =
        privacy::KeyAbout(txn, keys, TextsOf(row[1]), /*make=*/false);
    if (!key.has_value()) continue;
    std::optional<std::string> text = privacy::UnlockText(
        *key, row[0].as<std::string>(), row[2].as<std::string>());
    if (text.has_value()) texts.push_back(*std::move(text));
  }
  for (privacy::KeptText& kept : privacy::KeptTextsAbout(txn, keys, subject)) {
    texts.push_back(std::move(kept.text));
  }
  std::erase_if(texts, [](const std::string& t) { return Characters(t) < 3; });
  return texts;
}

// Forgets the stored answers that hold any of `texts`; returns how many.
int64_t ForgetAnswersHolding(pqxx::transaction_base& txn,
                             const privacy::DataKeys& keys,
                             const std::vector<std::string>& texts) {
  if (texts.empty()) return 0;
  privacy::TextOpener opener(txn, keys);
  std::vector<int64_t> people;
  std::vector<std::string> request_ids;
  for (const auto& row : Exec(txn, kStoredAnswers)) {
    const std::optional<std::string> answer =
        privacy::OpenAnswer(opener, row[2].as<std::string>());
    if (answer.has_value() &&
        std::any_of(texts.begin(), texts.end(), [&](const std::string& t) {
          return absl::StrContains(*answer, t);
        })) {
      people.push_back(row[0].as<int64_t>());
      request_ids.push_back(row[1].as<std::string>());
    }
  }
  if (people.empty()) return 0;
  return Changed(
      Exec(txn, kForgetAnswers, PgArray(people), PgArray(request_ids)));
}

// The subject's key goes last: everything sealed under it, here or in any
// older copy, can no longer be read.
ErasedItem KeyDestroyed(pqxx::transaction_base& txn,
                        const std::string& subject) {
  return {"key that locked their data (destroyed)",
          "keys that locked their data (destroyed)",
          privacy::DestroySubjectKey(txn, subject) ? 1 : 0};
}

}  // namespace

std::vector<std::string> HoldPersonForErasure(pqxx::transaction_base& txn,
                                              PersonId id) {
  Exec(txn, kHoldPerson, id);
  std::vector<std::string> rounds;
  for (const auto& row :
       Exec(txn, kRoundsNeedingPerson, id, PgArray(InProgressStateNames()))) {
    rounds.push_back(row[0].as<std::string>());
  }
  return rounds;
}

void HoldCandidateForErasure(pqxx::transaction_base& txn, CandidateId id) {
  Exec(txn, kHoldCandidate, id);
}

std::vector<ErasedItem> ErasePersonData(pqxx::transaction_base& txn,
                                        const privacy::DataKeys& keys,
                                        PersonId id,
                                        const std::string& shown_as) {
  const std::string subject = Subject("person", id);
  const std::vector<std::string> texts = Texts(
      txn, keys, pqxx::result(), Exec(txn, kPersonLockedTexts, id), subject);
  std::vector<ErasedItem> items = {
      {"name and e-mail address", "names and e-mail addresses", 1},
      {"stored answer to a request", "stored answers to requests",
       Changed(Exec(txn, kForgetOwnAnswers, id)) +
           ForgetAnswersHolding(txn, keys, texts)},
      {"e-mail reminder's list", "e-mail reminders' lists",
       Changed(Exec(txn, kMailListsHolding, PgArray(texts)))},
      {"sign-in (ended)", "sign-ins (ended)",
       Changed(Exec(txn, kEndSignIns, id))},
      {"e-mail message", "e-mail messages",
       Changed(Exec(txn, kForgetMail, id))},
      {"reason given with a vote", "reasons given with votes",
       Exec(txn, kVoteReasons, id)[0][0].as<int64_t>()},
      {"reason for a conflict of interest", "reasons for conflicts of interest",
       Changed(Exec(txn, kPersonConflictReasons, id))},
      {"reason for reopening a decision", "reasons for reopening decisions",
       Changed(Exec(txn, kReopenReasons, id))},
      {"note on time or expenses", "notes on time or expenses",
       Changed(Exec(txn, kTimeNotes, id))},
      {"income limit", "income limits", Changed(Exec(txn, kIncomeLimit, id))},
      {"reason in the audit trail", "reasons in the audit trail",
       Changed(Exec(txn, kEventTexts, subject))},
      KeyDestroyed(txn, subject),
  };
  Exec(txn, kErasePerson, id, shown_as);
  return items;
}

std::vector<ErasedItem> EraseCandidateData(pqxx::transaction_base& txn,
                                           const privacy::DataKeys& keys,
                                           CandidateId id,
                                           const std::string& shown_as,
                                           const std::string& decision_title) {
  const std::string subject = Subject("candidate", id);
  const std::vector<std::string> texts =
      Texts(txn, keys, Exec(txn, kCandidateTexts, id),
            Exec(txn, kCandidateLockedTexts, id), subject);
  std::vector<ErasedItem> items = {
      {"name and reference", "names and references", 1},
      {"stored answer to a request", "stored answers to requests",
       ForgetAnswersHolding(txn, keys, texts)},
      {"e-mail reminder's list", "e-mail reminders' lists",
       Changed(Exec(txn, kMailListsHolding, PgArray(texts)))},
      {"score sheet (evidence notes taken out, scores kept)",
       "score sheets (evidence notes taken out, scores kept)",
       Changed(Exec(txn, kSheetNotes, id))},
      {"document", "documents", Changed(Exec(txn, kDocuments, id))},
      {"reason for a conflict of interest", "reasons for conflicts of interest",
       Changed(Exec(txn, kCandidateConflictReasons, id))},
      {"note by HR", "notes by HR", Changed(Exec(txn, kHrNotes, id))},
      {"reason in the audit trail", "reasons in the audit trail",
       Changed(Exec(txn, kEventTexts, subject))},
      KeyDestroyed(txn, subject),
  };
  Exec(txn, kDecision, id, decision_title);
  Exec(txn, kEraseCandidate, id, shown_as);
  return items;
}

std::vector<DueErasure> DueForErasure(pqxx::transaction_base& txn,
                                      const privacy::DataKeys& keys,
                                      const RetentionPolicy& policy, int limit,
                                      bool hold) {
  std::vector<DueErasure> due;
  privacy::PeopleNames names(txn, keys);
  for (const auto& row :
       Exec(txn, hold ? kHoldDuePeople : kDuePeople, policy.people_months,
            limit, PgArray(InProgressStateNames()))) {
    const PersonId person = IdAt<PersonId>(row[0]);
    due.push_back({.person = person,
                   .name = names.Name(person, row[1].as<std::string>()),
                   .since = row[3].as<std::string>()});
  }
  for (const auto& row : Exec(txn, hold ? kHoldDueCandidates : kDueCandidates,
                              policy.candidate_months, limit)) {
    due.push_back({.candidate = IdAt<CandidateId>(row[0]),
                   .round_id = IdAt<RoundId>(row[2]),
                   .name = names.Text({"candidate/" + row[0].as<std::string>()},
                                      privacy::kCandidateNameContext,
                                      row[1].as<std::string>()),
                   .since = row[3].as<std::string>()});
  }
  return due;
}

int64_t ForgetOldAnswers(pqxx::transaction_base& txn, int hours) {
  const int64_t forgotten = Changed(Exec(txn, kForgetOldAnswers, hours));
  privacy::DestroyOldAnswerKeys(txn, hours);
  return forgotten;
}

}  // namespace equalsay::panels
