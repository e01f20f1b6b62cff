#include "services/panels/store/subject_access_store.h"

#include "services/common/store/sql.h"
#include "services/privacy/store/kept_texts.h"
#include "services/privacy/store/subject_keys.h"

namespace equalsay::panels {
namespace {

// A time as people read it, in UTC; empty when there is none.
// An enum's stored name in words: "SERVICE_USER" is "service user".
#define EQ_WORDS(column) "lower(replace(" column ", '_', ' '))"
#define EQ_AT(column)        \
  "coalesce(to_char(" column \
  " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI \"UTC\"'), '')"

// Sections whose rows hold locked text: every locked value is opened with
// the keys of the subjects it is about (the candidate in the column
// "candidate id", or the subject), and `json_column`, JSON as stored, has
// each locked string in it opened. Values are locked for `context` with the
// keys `key_of` names, or, in `other_column`, for `other_context` with
// those `other_key_of` names.
enum class KeyOf { kCandidate, kPerson, kPersonAndCandidate };
struct LockedColumns {
  const char* context;
  KeyOf key_of = KeyOf::kCandidate;
  const char* json_column = nullptr;
  const char* other_column = nullptr;
  const char* other_context = nullptr;
  KeyOf other_key_of = KeyOf::kCandidate;
};
constexpr char kCandidateColumn[] = "candidate id";
#define EQ_EMAIL_COLUMN "e-mail address"
constexpr char kEmailColumn[] = EQ_EMAIL_COLUMN;

// Each section's query takes the subject's id as $1 and names its columns
// in words; every value is text.
struct SectionQuery {
  const char* title;
  const char* about;
  Statement statement;
  std::optional<LockedColumns> locked;
};
constexpr LockedColumns kEvidence{privacy::kEvidenceContext, KeyOf::kCandidate,
                                  "scores and evidence"};

const SectionQuery kPersonSections[] = {
    {"You",
     "Your details as administrators entered them.",
     {"sar_person",
      "SELECT id::text AS \"id\", display_name AS \"name\", coalesce(email, "
      "'') AS \"" EQ_EMAIL_COLUMN "\", " EQ_WORDS(
          "org_role") " AS \"role in the organisation\", "
                      "CASE WHEN active THEN 'yes' ELSE 'no' END AS \"can sign "
                      "in\", " EQ_AT("created_at") " AS \"added\" FROM people "
                                                   "WHERE id = $1"},
     LockedColumns{privacy::kNameContext, KeyOf::kPerson, nullptr, kEmailColumn,
                   privacy::kEmailContext, KeyOf::kPerson}},
    {"Sign-ins",
     "Your sign-in links, sessions and script tokens: when each was made and "
     "ended. equalsay keeps only a fingerprint of each, never the token.",
     {"sar_tokens",
      "SELECT kind AS \"kind\", label AS \"device or label\", " EQ_AT(
          "created_at") " AS \"made\", " EQ_AT("revoked_at") " AS \"ended\" "
                                                             "FROM tokens "
                                                             "WHERE person_id "
                                                             "= $1 ORDER BY "
                                                             "id"},
     LockedColumns{privacy::kTokenLabelContext, KeyOf::kPerson}},
    {"Panels",
     "The rounds and panels you were on, and your role.",
     {"sar_panels",
      "SELECT r.id::text AS \"round id\", r.title AS \"round\", " EQ_WORDS(
          "p.kind") " AS "
                    "\"panel\", " EQ_WORDS("m.role") " AS \"role\", " EQ_AT(
                        "m.added_at") " AS \"added\" FROM panel_members m JOIN "
                                      "panels p ON "
                                      "p.id = m.panel_id JOIN rounds r ON r.id "
                                      "= m.round_id "
                                      "WHERE m.person_id = $1 ORDER BY "
                                      "m.round_id"}},
    {"Requests to reopen a decision",
     "Why you asked, for your panel, that a decision be taken again.",
     {"sar_reopen_requests",
      "SELECT d.round_id::text AS \"round id\", r.decision_id::text AS "
      "\"decision id\", r.run::text AS \"run\", r.reason AS \"reason\", " EQ_AT(
          "r.at") " AS \"asked\" FROM reopen_requests r JOIN decisions d "
                  "ON d.id = r.decision_id WHERE r.person_id = $1 ORDER BY "
                  "r.at"},
     LockedColumns{privacy::kReopenReasonContext, KeyOf::kPerson}},
    {"Conflicts of interest",
     "Candidates you said you know, and why.",
     {"sar_conflicts",
      "SELECT round_id::text AS \"round id\", candidate_id::text AS "
      "\"candidate id\", reason AS \"reason\", " EQ_AT(
          "declared_at") " AS \"declared\" FROM conflicts WHERE person_id = "
                         "$1 ORDER BY declared_at"},
     LockedColumns{privacy::kConflictContext, KeyOf::kPersonAndCandidate}},
    {"Score sheets",
     "Every version of every score sheet of yours: scores and the evidence "
     "you noted.",
     {"sar_sheets",
      "SELECT s.round_id::text AS \"round id\", s.candidate_id::text AS "
      "\"candidate id\", v.version::text AS \"version\", " EQ_WORDS(
          "v.state") " AS "
                     "\"state\", " EQ_WORDS(
                         "v.overall_view") " AS \"overall view\", "
                                           "v.entries::text AS "
                                           "\"scores and evidence\", " EQ_AT(
                                               "v.saved_at") " AS \"saved\" "
                                                             "FROM "
                                                             "score_sheets s "
                                                             "JOIN "
                                                             "score_sheet_"
                                                             "versions v ON "
                                                             "v.sheet_id = "
                                                             "s.id WHERE "
                                                             "s.person_id = $1 "
                                                             "ORDER BY s.id, "
                                                             "v.version"},
     kEvidence},
    {"Votes",
     "The decisions you voted in. In a secret vote, how you voted is held "
     "apart from your name and is not shown here.",
     {"sar_votes",
      "SELECT d.round_id::text AS \"round id\", coalesce(d.candidate_id::"
      "text, '') AS \"candidate id\", d.title AS \"decision\", "
      "lower(d.secrecy) AS \"vote\", CASE WHEN d.secrecy = 'SECRET' THEN 'not "
      "shown: the vote was secret' WHEN b.choice IS NULL THEN 'on paper' "
      "ELSE " EQ_WORDS(
          "b.choice") " END AS \"your vote\", CASE WHEN d.secrecy = 'SECRET' "
                      "THEN '' ELSE b.reason END AS \"your reason\", CASE WHEN "
                      "d.secrecy = "
                      "'SECRET' THEN '' ELSE " EQ_AT(
                          "b.cast_at") " END AS \"when\" FROM ballots b JOIN "
                                       "decisions d ON "
                                       "d.id = b.decision_id WHERE b.person_id "
                                       "= $1 ORDER BY "
                                       "d.id, b.run"},
     LockedColumns{privacy::kVoteReasonContext, KeyOf::kPerson, nullptr,
                   "decision", privacy::kDecisionTitleContext}},
    {"Supporters",
     "Who may enter ballots and scores for you, or for whom you may.",
     {"sar_supporters",
      "SELECT round_id::text AS \"round id\", CASE WHEN member_id = $1 THEN "
      "'your supporter' ELSE 'you support them' END AS \"who\", (CASE WHEN "
      "member_id = $1 THEN supporter_id ELSE member_id END)::text AS "
      "\"person id\", " EQ_WORDS("consent") " AS \"consent\", " EQ_AT(
          "named_at") " AS \"named\", " EQ_AT("withdrawn_at") " AS "
                                                              "\"withdrawn\" "
                                                              "FROM supporters "
                                                              "WHERE member_id "
                                                              "= $1 OR "
                                                              "supporter_id = "
                                                              "$1 ORDER BY "
                                                              "id"}},
    {"Actions",
     "Actions you own, and the progress you recorded on any action.",
     {"sar_actions",
      "SELECT a.id::text AS \"action id\", a.what AS \"action\", " EQ_WORDS(
          "a.state") " AS "
                     "\"state\", CASE WHEN a.owner_id = $1 THEN 'yes' ELSE "
                     "'no' END AS "
                     "\"yours\", coalesce(u.note, '') AS \"your note\", " EQ_AT(
                         "u.at") " AS \"noted\" FROM actions a LEFT JOIN "
                                 "action_updates u ON "
                                 "u.action_id = a.id AND u.by_id = $1 WHERE "
                                 "a.owner_id = $1 "
                                 "OR u.by_id IS NOT NULL ORDER BY a.id, "
                                 "u.seq"}},
    {"Time and expenses",
     "The time you gave and the costs you claimed, and what came of each.",
     {"sar_involvement",
      "SELECT round_id::text AS \"round id\", " EQ_WORDS(
          "kind") " AS \"what\", "
                  "minutes::text AS \"minutes\", amount_pence::text AS "
                  "\"amount in "
                  "pence\", on_date::text AS \"day\", note AS "
                  "\"note\", " EQ_WORDS(
                      "state") " AS "
                               "\"state\", decline_reason AS \"why not "
                               "confirmed\" FROM involvement "
                               "WHERE person_id = $1 ORDER BY id"},
     LockedColumns{privacy::kInvolvementContext, KeyOf::kPerson}},
    {"Recognition",
     "How you chose to be recognised in each round, and any income limit you "
     "set.",
     {"sar_recognition",
      "SELECT round_id::text AS \"round id\", " EQ_WORDS(
          "recognition") " AS \"choice\", "
                         "'' AS \"income limit in pence\", " EQ_AT(
                             "chosen_at") " AS \"set\" FROM "
                                          "recognition_choices WHERE person_id "
                                          "= $1 UNION ALL SELECT '', '', "
                                          "limit_pence::text, " EQ_AT(
                                              "set_at") " FROM income_limits "
                                                        "WHERE person_id = "
                                                        "$1"}},
    {"E-mail",
     "Messages equalsay sent or tried to send you (not their words).",
     {"sar_mail",
      "SELECT kind AS \"message\", coalesce(round_id::text, '') AS \"round "
      "id\", state AS \"state\", " EQ_AT(
          "created_at") " AS \"queued\" FROM mail_queue WHERE person_id = $1 "
                        "ORDER BY id"}},
    {"Events that name you",
     "The audit trail's record of what you did and what was done about you "
     "(what, not the details).",
     {"sar_events",
      "SELECT seq::text AS \"event\", " EQ_AT(
          "at") " AS \"when\", action AS \"what\", CASE WHEN actor_id = "
                "$1::bigint THEN 'by you' ELSE 'about you' END AS \"you "
                "were\" FROM events WHERE actor_id = $1::bigint OR subject = "
                "'person/' || $1::bigint ORDER BY seq"}},
};

// A document's size is its content's, without the seal's 41 bytes.
static_assert(privacy::kSealOverhead == 41);
#define EQ_DOCUMENTS \
  "SELECT title AS \"title\", " EQ_WORDS("kind") " AS \"kind\", media_type " \
  "AS \"type\", (length(content) - CASE WHEN sealed THEN 41 ELSE 0 "        \
  "END)::text AS \"size in bytes\", " EQ_AT("added_at") " AS \"added\", "   \
  EQ_AT("removed_at") " AS \"removed\" FROM documents WHERE candidate_id "  \
  "= $1 ORDER BY id"

const SectionQuery kCandidateSections[] = {
    {"The candidate",
     "Their details as administrators entered them.",
     {"sar_candidate",
      "SELECT c.id::text AS \"id\", c.name AS \"name\", c.reference AS "
      "\"reference\", r.title AS \"round\", " EQ_AT(
          "c.withdrawn_at") " AS \"withdrawn\" FROM candidates c JOIN rounds "
                            "r ON r.id = c.round_id WHERE c.id = $1"},
     LockedColumns{privacy::kCandidateNameContext, KeyOf::kCandidate, nullptr,
                   "reference", privacy::kCandidateReferenceContext}},
    {"Documents",
     "Their application, CV or other papers in the pack.",
     {"sar_documents", EQ_DOCUMENTS},
     LockedColumns{privacy::kDocumentTitleContext}},
    {"Scores and evidence",
     "What each panel's members scored and noted about them, without who.",
     {"sar_candidate_scores",
      "SELECT " EQ_WORDS("p.kind") " AS \"panel\", " EQ_WORDS(
          "s.state") " AS \"state\", " EQ_WORDS("s.overall_view") " AS "
                                                                  "\"overall "
                                                                  "view\", "
                                                                  "s.entries::"
                                                                  "text AS "
                                                                  "\"scores "
                                                                  "and "
                                                                  "evidence\" "
                                                                  "FROM "
                                                                  "score_"
                                                                  "sheets s "
                                                                  "JOIN panels "
                                                                  "p ON p.id = "
                                                                  "s.panel_id "
                                                                  "WHERE "
                                                                  "s.candidate_"
                                                                  "id = $1 "
                                                                  "ORDER BY "
                                                                  "p.kind, "
                                                                  "s.id"},
     kEvidence},
    {"Decision",
     "The panels' decision about them.",
     {"sar_candidate_decision",
      "SELECT title AS \"decision\", " EQ_WORDS(
          "state") " AS \"state\", " EQ_WORDS("result") " AS "
                                                        "\"result\", " EQ_WORDS(
                                                            "next_step") " AS "
                                                                         "\"nex"
                                                                         "t "
                                                                         "step"
                                                                         "\" "
                                                                         "FROM "
                                                                         "decis"
                                                                         "ions "
                                                                         "WHERE"
                                                                         " "
                                                                         "candi"
                                                                         "date_"
                                                                         "id = "
                                                                         "$1"},
     LockedColumns{privacy::kDecisionTitleContext}},
    {"HR's record",
     "Offers made and their answers, with HR's notes.",
     {"sar_candidate_offers",
      "SELECT " EQ_WORDS("c.action") " AS \"what\", c.note AS \"note\", " EQ_AT(
          "c.at") " AS \"when\" FROM confirmations c JOIN decisions d ON "
                  "d.id = c.decision_id WHERE d.candidate_id = $1 ORDER BY "
                  "c.id"},
     LockedColumns{privacy::kHrNoteContext}},
    {"Events that name them",
     "The audit trail's record about them.",
     {"sar_candidate_events",
      "SELECT seq::text AS \"event\", " EQ_AT(
          "at") " AS \"when\", action AS \"what\" FROM events WHERE subject = "
                "'candidate/' || $1::bigint ORDER BY seq"}},
};
#undef EQ_DOCUMENTS
#undef EQ_AT
#undef EQ_WORDS
#undef EQ_EMAIL_COLUMN

// A row's locked values opened in place.
void OpenLocked(privacy::TextOpener& opener, const LockedColumns& locked,
                const std::string& person, const std::string& subject_candidate,
                std::vector<std::pair<std::string, std::string>>& values) {
  std::string candidate = subject_candidate;
  for (const auto& [column, value] : values) {
    if (column == kCandidateColumn) candidate = value;
  }
  const auto about = [&](KeyOf key_of) {
    std::vector<std::string> subjects;
    if (key_of != KeyOf::kCandidate) subjects.push_back("person/" + person);
    if (key_of != KeyOf::kPerson) subjects.push_back("candidate/" + candidate);
    return subjects;
  };
  for (auto& [column, value] : values) {
    if (privacy::IsLockedText(value)) {
      const bool other =
          locked.other_column != nullptr && column == locked.other_column;
      value = other ? opener.Text(about(locked.other_key_of),
                                  locked.other_context, value)
                    : opener.Text(about(locked.key_of), locked.context, value);
    } else if (locked.json_column != nullptr && column == locked.json_column) {
      value = opener.Json(about(locked.key_of), locked.context, value);
    }
  }
}

// `person` or `candidate`: the subject.
template <typename IdType, size_t N>
std::vector<DataSection> Read(pqxx::transaction_base& txn,
                              const privacy::DataKeys& keys,
                              const SectionQuery (&queries)[N], IdType id,
                              const std::string& person,
                              const std::string& candidate) {
  std::vector<DataSection> out;
  privacy::TextOpener opener(txn, keys);
  for (const SectionQuery& q : queries) {
    DataSection section{.title = q.title, .about = q.about};
    const pqxx::result rows = Exec(txn, q.statement, id);
    for (const auto& row : rows) {
      auto& values = section.rows.emplace_back();
      for (pqxx::row::size_type i = 0; i < row.size(); ++i) {
        values.emplace_back(rows.column_name(i),
                            row[i].is_null() ? "" : row[i].c_str());
      }
      if (q.locked.has_value()) {
        OpenLocked(opener, *q.locked, person, candidate, values);
      }
    }
    out.push_back(std::move(section));
  }
  return out;
}

// Sealed under the subjects' keys, so opened here rather than in SQL.
DataSection KeptReasons(pqxx::transaction_base& txn,
                        const privacy::DataKeys& keys,
                        const std::string& subject, std::string about) {
  DataSection section{.title = "Reasons in the audit trail",
                      .about = std::move(about)};
  for (const privacy::KeptText& kept :
       privacy::KeptTextsAbout(txn, keys, subject)) {
    section.rows.push_back(
        {{"reason id", std::to_string(kept.id)}, {"reason", kept.text}});
  }
  return section;
}

}  // namespace

std::vector<DataSection> PersonData(pqxx::transaction_base& txn,
                                    const privacy::DataKeys& keys,
                                    PersonId id) {
  std::vector<DataSection> out =
      Read(txn, keys, kPersonSections, id, id.str(), "");
  out.push_back(KeptReasons(txn, keys, Subject("person", id),
                            "Reasons you gave, or that were given about you, "
                            "which the audit trail's events point to."));
  return out;
}

std::vector<DataSection> CandidateData(pqxx::transaction_base& txn,
                                       const privacy::DataKeys& keys,
                                       CandidateId id) {
  std::vector<DataSection> out =
      Read(txn, keys, kCandidateSections, id, "", id.str());
  out.push_back(KeptReasons(
      txn, keys, Subject("candidate", id),
      "Reasons given about them, which the audit trail's events point to."));
  return out;
}

}  // namespace equalsay::panels
