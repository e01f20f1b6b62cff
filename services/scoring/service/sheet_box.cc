#include "services/scoring/service/sheet_box.h"

#include <optional>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "services/common/base/enum_names.h"
#include "services/common/base/json.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"
#include "services/scoring/rules/sheet_rules.h"
#include "services/scoring/store/sheet_store.h"

namespace equalsay::scoring {
namespace {

constexpr absl::string_view kSave = "SaveScoreSheet";
constexpr absl::string_view kSubmit = "SubmitScoreSheet";

// The request as a save; nullptr for a submit.
const v1::SaveScoreSheetRequest* AsSave(
    const google::protobuf::Message& request) {
  return google::protobuf::DynamicCastToGenerated<v1::SaveScoreSheetRequest>(
      &request);
}
const v1::SubmitScoreSheetRequest& AsSubmit(
    const google::protobuf::Message& request) {
  return *google::protobuf::DynamicCastToGenerated<v1::SubmitScoreSheetRequest>(
      &request);
}

// The sheet a save or submit makes of `sheet`, or nullopt where the
// one-call path gives the answer: a refusal, or a submit of a sheet
// submitted already (which writes nothing).
std::optional<v1::ScoreSheet> Changed(
    const google::protobuf::Message& request,
    const std::vector<v1::Criterion>& criteria, v1::ScoreSheet sheet) {
  if (const v1::SaveScoreSheetRequest* save = AsSave(request)) {
    absl::StatusOr<v1::ScoreSheet> saved =
        SavedSheet(*save, criteria, std::move(sheet));
    if (!saved.ok()) return std::nullopt;
    return *std::move(saved);
  }
  absl::StatusOr<std::optional<v1::ScoreSheet>> submitted =
      SubmittedSheet(AsSubmit(request), std::move(sheet));
  if (!submitted.ok()) return std::nullopt;
  return *std::move(submitted);
}

}  // namespace

NewEvent SheetWrittenEvent(std::string action, const v1::ScoreSheet& written,
                           const std::optional<EnteredFor>& entered) {
  const PersonId member = IdOf<PersonId>(written.person_id());
  JsonObject payload;
  payload.Add("panel_id", IdOf<PanelId>(written.panel_id()))
      .Add("version", static_cast<int64_t>(written.version()));
  if (entered.has_value()) {
    payload.Add("member_id", member).Add("how", HowGivenName(entered->how));
  }
  return {.actor_id = entered.has_value() ? entered->supporter : member,
          .action = std::move(action),
          .subject =
              Subject("candidate", IdOf<CandidateId>(written.candidate_id())),
          .round_id = IdOf<RoundId>(written.round_id()),
          .payload_json = payload.str()};
}

std::string SaveAction(const v1::ScoreSheet& saved) {
  return saved.state() == v1::SHEET_STATE_SUBMITTED ? "score_sheet.amended"
                                                    : "score_sheet.saved";
}

v1::ScoreSheet SheetToChange(std::optional<v1::ScoreSheet> current,
                             RoundId round_id, CandidateId candidate_id,
                             PersonId person_id, PanelId panel_id) {
  v1::ScoreSheet sheet;
  if (current.has_value()) {
    sheet = *std::move(current);
  } else {
    sheet.set_state(v1::SHEET_STATE_DRAFT);
  }
  sheet.set_round_id(round_id.str());
  sheet.set_candidate_id(candidate_id.str());
  sheet.set_person_id(person_id.str());
  sheet.set_panel_id(panel_id.str());
  return sheet;
}

SheetBox::SheetBox(RpcRunner& runner, const privacy::DataKeys& keys,
                   One<v1::SaveScoreSheetRequest> save_one,
                   One<v1::SubmitScoreSheetRequest> submit_one,
                   Sheets::Options options)
    : keys_(keys),
      sheets_(
          runner, std::string(kSave),
          "The server has too many score sheets waiting to be written. "
          "Nothing was changed; please try again in a moment.",
          options, Isolation::kReadCommitted,
          [](const google::protobuf::Message& request)
              -> absl::StatusOr<int64_t> {
            const v1::SaveScoreSheetRequest* save = AsSave(request);
            EQ_ASSIGN_OR_RETURN(
                const CandidateId id,
                ParseId<CandidateId>("candidate_id",
                                     save != nullptr
                                         ? save->candidate_id()
                                         : AsSubmit(request).candidate_id()));
            return id.value();
          },
          [this](BatchCall& batch, const Sheets::Groups& groups,
                 std::vector<std::function<void()>>&) {
            // One candidate's saves at a time, in candidate order.
            for (const auto& [key, group] : groups) {
              EQ_RETURN_IF_ERROR(Write(batch, CandidateId(key), group));
            }
            return absl::OkStatus();
          },
          [save_one = std::move(save_one), submit_one = std::move(submit_one)](
              grpc::ServerContextBase* context,
              const google::protobuf::Message& request,
              v1::ScoreSheet* response) {
            const v1::SaveScoreSheetRequest* save = AsSave(request);
            return save != nullptr
                       ? save_one(context, *save, response)
                       : submit_one(context, AsSubmit(request), response);
          }) {}

absl::Status SheetBox::Write(BatchCall& batch, CandidateId candidate_id,
                             const std::vector<Sheets::Pending*>& group) {
  pqxx::transaction_base& txn = batch.txn();

  // Everything about the members, the candidate and its round in one
  // statement: who holds each token, whether the request is a retry, their
  // seats, conflicts and sheets so far.
  std::vector<SheetAsked> asked;
  for (const Sheets::Pending* p : group) {
    asked.push_back({.token = p->admission->token,
                     .request_id = p->admission->request_id.value_or("")});
  }
  const SheetWritersRead read =
      ReadSheetWriters(txn, keys_, candidate_id, asked);
  // Saves are refused (below) unless the round is scoring, past set-up.
  if (!read.candidate_found || !read.round_scoring) return absl::OkStatus();
  const FixedCriteria::Criteria criteria = criteria_.Of(txn, read.round_id);

  // Calls the one-call path answers: a token that does not work, a retry,
  // a person's second change in this batch (it waits for the first), a
  // submit of a sheet submitted already, and anything it would refuse.
  absl::flat_hash_set<PersonId> seen;
  std::vector<Sheets::Pending*> saving;
  std::vector<v1::ScoreSheet> sheets;
  std::vector<LedgerClaim> claims;
  std::vector<NewEvent> events;
  for (size_t i = 0; i < group.size(); ++i) {
    const std::optional<SheetWriter>& w = read.writers[i];
    Sheets::Pending& p = *group[i];
    const bool save = AsSave(*p.request) != nullptr;
    const absl::string_view method = save ? kSave : kSubmit;
    if (!w.has_value() || w->request_id_used ||
        !seen.insert(w->caller.person_id).second ||
        !batch.Authorize(w->caller, w->panel_role, method) ||
        !w->panel_role.has_value() ||
        !CheckCanWrite({.role = *w->panel_role,
                        .round_scoring = read.round_scoring,
                        .panel_closed = w->panel_closed,
                        .recused = w->recused,
                        .candidate_withdrawn = read.candidate_withdrawn})
             .ok()) {
      continue;
    }
    std::optional<v1::ScoreSheet> changed =
        Changed(*p.request, *criteria,
                SheetToChange(w->sheet, read.round_id, candidate_id,
                              w->caller.person_id, w->panel_id));
    if (!changed.has_value()) continue;
    // As the stored row will read back (SheetFrom).
    changed->set_version(changed->version() + 1);
    changed->set_saved_at_unix(read.read_at_unix);
    if (!save) changed->set_submitted_at_unix(read.read_at_unix);
    if (!w->sheet.has_value()) {
      changed->set_display_name(w->display_name);
      changed->set_panel_kind(w->panel_kind);
    }
    EQ_ASSIGN_OR_RETURN(
        LedgerClaim claim,
        batch.Claim(w->caller.person_id, *p.admission, *changed, method));
    claims.push_back(std::move(claim));
    events.push_back(SheetWrittenEvent(
        save ? SaveAction(*changed) : "score_sheet.submitted", *changed));
    sheets.push_back(*std::move(changed));
    saving.push_back(&p);
  }
  if (sheets.empty()) return absl::OkStatus();

  // The sheets, their kept versions, ledger claims (answers included) and
  // events in one statement. If anything changed since the read, it writes
  // nothing and the pool runs all this again.
  batch.Committed(read.round_id,
                  WriteCheckedSheets(txn, keys_, read, candidate_id, sheets,
                                     claims, events));
  for (size_t k = 0; k < saving.size(); ++k) {
    *saving[k]->response = std::move(sheets[k]);
    saving[k]->written = true;
  }
  return absl::OkStatus();
}

}  // namespace equalsay::scoring
