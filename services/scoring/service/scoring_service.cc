#include "services/scoring/service/scoring_service.h"

#include <algorithm>
#include <set>

#include "absl/functional/function_ref.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/common/base/assisted_entry.h"
#include "services/common/base/enum_names.h"
#include "services/common/base/json.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/validation.h"
#include "services/panels/api/panels_api.h"
#include "services/panels/rules/round_state.h"
#include "services/privacy/store/people_names.h"
#include "services/scoring/api/results_loader.h"
#include "services/scoring/rules/access_table.h"
#include "services/scoring/rules/assisted_sheets.h"
#include "services/scoring/rules/progress.h"
#include "services/scoring/rules/sheet_rules.h"
#include "services/scoring/rules/visibility.h"
#include "services/scoring/service/sheet_box.h"
#include "services/scoring/store/sheet_store.h"

namespace equalsay::scoring {
namespace {

using panels::Membership;
using panels::RoundHold;

// A candidate the call is about, with the caller authorised in its round.
struct CandidatePlace {
  v1::Candidate candidate;
  CandidateId candidate_id{0};
  RoundId round_id{0};
};

absl::StatusOr<CandidatePlace> CandidateInRound(Call& call,
                                                const privacy::DataKeys& keys,
                                                absl::string_view id) {
  EQ_ASSIGN_OR_RETURN(const CandidateId candidate_id,
                      ParseId<CandidateId>("candidate_id", id));
  std::optional<v1::Candidate> candidate =
      panels::LoadCandidate(call.txn(), keys, candidate_id);
  if (!candidate.has_value()) return NoSuch("candidate", "candidate_id", id);
  const RoundId round_id = IdOf<RoundId>(candidate->round_id());
  EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
  return CandidatePlace{.candidate = *std::move(candidate),
                        .candidate_id = candidate_id,
                        .round_id = round_id};
}

absl::StatusOr<RoundId> AuthorizeRound(Call& call, absl::string_view id) {
  EQ_ASSIGN_OR_RETURN(const RoundId round_id, ParseId<RoundId>("round_id", id));
  EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
  return round_id;
}

Viewer ViewerOf(Call& call, RoundId round_id) {
  Viewer viewer{.person_id = call.caller().person_id,
                .overseer = call.Is(Role::kAdmin) || call.Is(Role::kHr)};
  if (std::optional<Membership> seat =
          panels::MembershipIn(call.txn(), round_id, viewer.person_id)) {
    viewer.panel_id = seat->panel_id;
    viewer.role = seat->role;
  }
  return viewer;
}

bool Submitted(const v1::ScoreSheet& sheet) {
  return sheet.state() == v1::SHEET_STATE_SUBMITTED;
}
bool Submitted(const std::optional<v1::ScoreSheet>& sheet) {
  return sheet.has_value() && Submitted(*sheet);
}

// The person whose sheet is asked for: `id`, or the caller when empty.
absl::StatusOr<PersonId> SheetOwner(const Call& call, absl::string_view id) {
  if (id.empty()) return call.caller().person_id;
  return ParseId<PersonId>("person_id", id);
}

// OK when the caller may see `owner`'s sheet for the candidate, judged as if
// it were submitted, so that the answer reveals nothing about whether it is.
absl::Status CheckMaySee(Call& call, const CandidatePlace& place,
                         PersonId owner, bool every_panel_closed) {
  const Viewer viewer = ViewerOf(call, place.round_id);
  if (owner == viewer.person_id) return absl::OkStatus();
  std::optional<Membership> owner_seat =
      panels::MembershipIn(call.txn(), place.round_id, owner);
  if (!owner_seat.has_value()) {
    return absl::NotFoundError(
        absl::StrCat("Person ", owner.value(),
                     " is not on a panel of this round, so they have no "
                     "score sheets in it."));
  }
  const bool viewer_submitted = Submitted(LoadSheet(
      call.txn(), /*keys=*/nullptr, place.candidate_id, viewer.person_id));
  const Visibility visibility = SheetVisibility(
      viewer,
      {.person_id = owner, .panel_id = owner_seat->panel_id, .submitted = true},
      viewer_submitted, every_panel_closed);
  if (visibility == Visibility::kVisible) return absl::OkStatus();
  return absl::PermissionDeniedError(
      HiddenWords(visibility, place.candidate.label()));
}

absl::Status NotSubmitted(PersonId owner, const v1::Candidate& candidate) {
  return absl::NotFoundError(absl::StrCat("Person ", owner.value(),
                                          " has not submitted a sheet for ",
                                          candidate.label(), "."));
}

// Everything a write to a member's sheet checks first, in one place for
// saving and submitting their own and for their supporter's saving.
struct OwnSheet {
  PersonId owner{0};
  CandidatePlace place;
  Membership seat;
  std::optional<v1::ScoreSheet> current;
};

// `owner`'s place for the candidate, held until commit (so a close waits
// for this write, never loses it), and their sheet so far. `authorize`
// decides about the caller once the owner's seat is known.
absl::StatusOr<OwnSheet> HoldSheet(
    Call& call, const privacy::DataKeys& keys, CandidateId id, PersonId owner,
    absl::FunctionRef<absl::Status(const std::optional<Membership>&)>
        authorize) {
  std::optional<panels::ScoringPlace> place =
      panels::HoldScoringPlace(call.txn(), keys, id, owner);
  if (!place.has_value()) return NoSuch("candidate", "candidate_id", id.str());
  const std::optional<Membership>& seat = place->seat;
  EQ_RETURN_IF_ERROR(authorize(seat));
  EQ_RETURN_IF_ERROR(CheckCanWrite(
      {.role = seat->role,
       .round_scoring = place->round_state == v1::ROUND_STATE_SCORING,
       .panel_closed = place->panel_scoring_closed,
       .recused = place->recused,
       .candidate_withdrawn = place->candidate.withdrawn()}));
  std::optional<v1::ScoreSheet> current =
      LoadSheet(call.txn(), &keys, id, owner);
  return OwnSheet{.owner = owner,
                  .place = {.candidate = std::move(place->candidate),
                            .candidate_id = id,
                            .round_id = seat->round_id},
                  .seat = *seat,
                  .current = std::move(current)};
}

// The caller's own sheet, to save or submit.
absl::StatusOr<OwnSheet> PrepareWrite(Call& call, const privacy::DataKeys& keys,
                                      absl::string_view candidate_id) {
  EQ_ASSIGN_OR_RETURN(const CandidateId id,
                      ParseId<CandidateId>("candidate_id", candidate_id));
  return HoldSheet(
      call, keys, id, call.caller().person_id,
      [&](const std::optional<Membership>& seat) {
        EQ_RETURN_IF_ERROR(call.AuthorizeInRoundAs(
            seat.has_value() ? std::optional(seat->role) : std::nullopt));
        if (!seat.has_value()) {
          return absl::PermissionDeniedError(
              "Only voting members of a panel score "
              "candidates.");
        }
        return absl::OkStatus();
      });
}

uint32_t VersionOf(const std::optional<v1::ScoreSheet>& sheet) {
  return sheet.has_value() ? sheet->version() : 0;
}

// Writes the next version after `read_version` and records the event (by
// the supporter who `entered` it, if any); ABORTED if another device saved
// in between.
absl::Status WriteVersion(Call& call, const privacy::DataKeys& keys,
                          const OwnSheet& own, const v1::ScoreSheet& sheet,
                          uint32_t read_version, absl::string_view action,
                          v1::ScoreSheet* out,
                          const std::optional<EnteredFor>& entered = {}) {
  std::optional<v1::ScoreSheet> written =
      WriteSheet(call.txn(), keys, sheet, read_version);
  if (!written.has_value()) {
    const uint32_t now = VersionOf(LoadSheet(
        call.txn(), /*keys=*/nullptr, own.place.candidate_id, own.owner));
    EQ_RETURN_IF_ERROR(CheckVersion(read_version, now));
    return absl::AbortedError("This sheet changed while saving. Reload it.");
  }
  call.Event(SheetWrittenEvent(std::string(action), *written, entered));
  if (entered.has_value()) {
    MarkVersionAssisted(call.txn(), *written, entered->how, entered->supporter);
    MarkAssisted({{.candidate_id = own.place.candidate_id,
                   .person_id = own.owner,
                   .version = written->version(),
                   .how = entered->how,
                   .entered_by_name = privacy::NameOf(
                       call.txn(), keys, call.caller().person_id)}},
                 *written);
  }
  *out = *std::move(written);
  return absl::OkStatus();
}

v1::ScoreSheet NewVersion(const OwnSheet& own) {
  return SheetToChange(own.current, own.place.round_id, own.place.candidate_id,
                       own.owner, own.seat.panel_id);
}

std::vector<v1::Candidate> ActiveCandidates(const v1::Round& round) {
  std::vector<v1::Candidate> active;
  for (const v1::Candidate& c : round.candidates()) {
    if (!c.withdrawn()) active.push_back(c);
  }
  return active;
}

// Progress of the round's panels that `wanted` picks, reading the round's
// sheets and conflicts once however many panels are shown.
std::vector<v1::PanelProgress> ProgressOf(
    pqxx::transaction_base& txn, const v1::Round& round,
    const std::set<std::string>& closed,
    absl::FunctionRef<bool(const v1::Panel&)> wanted) {
  const RoundId round_id = IdOf<RoundId>(round.id());
  ProgressInput input{.candidates = ActiveCandidates(round),
                      .recused = RecusalsOf(txn, round_id),
                      .submitted = SubmittedSheets(txn, round_id)};
  std::vector<v1::PanelProgress> out;
  for (const v1::Panel& panel : round.panels()) {
    if (!wanted(panel)) continue;
    input.panel = panel;
    input.closed = closed.contains(panel.id());
    out.push_back(Progress(input));
  }
  return out;
}

}  // namespace

ScoringServiceImpl::ScoringServiceImpl(DbPool& pool,
                                       const privacy::DataKeys& keys,
                                       ChangeFeed* feed,
                                       SheetBox::Sheets::Options sheets)
    : runner_(pool, ScoringAccessTable(), keys, feed),
      keys_(keys),
      sheet_box_(
          runner_, keys,
          [this](grpc::ServerContextBase* ctx,
                 const v1::SaveScoreSheetRequest& req,
                 v1::ScoreSheet* resp) { return SaveOneSheet(ctx, req, resp); },
          [this](grpc::ServerContextBase* ctx,
                 const v1::SubmitScoreSheetRequest& req, v1::ScoreSheet* resp) {
            return SubmitOneSheet(ctx, req, resp);
          },
          sheets) {}

grpc::Status ScoringServiceImpl::GetScoreSheet(
    Ctx* ctx, const v1::GetScoreSheetRequest* req, v1::ScoreSheet* resp) {
  return runner_.Run(ctx, "GetScoreSheet", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const CandidatePlace place,
                        CandidateInRound(call, keys_, req->candidate_id()));
    EQ_ASSIGN_OR_RETURN(const PersonId owner,
                        SheetOwner(call, req->person_id()));
    // The member, or their supporter, who sees it as the member does.
    const bool as_owner = owner == call.caller().person_id ||
                          panels::HoldSupporter(call.txn(), place.round_id,
                                                owner, call.caller().person_id);
    if (!as_owner) {
      EQ_RETURN_IF_ERROR(CheckMaySee(
          call, place, owner, EveryPanelClosed(call.txn(), place.round_id)));
    }
    std::optional<v1::ScoreSheet> sheet =
        LoadSheet(call.txn(), &keys_, place.candidate_id, owner);
    if (sheet.has_value()) {
      MarkAssisted(
          AssistedMarks(call.txn(), keys_, place.round_id, place.candidate_id),
          *sheet);
    }
    if (!as_owner) {
      if (!Submitted(sheet)) return NotSubmitted(owner, place.candidate);
      *resp = *std::move(sheet);
      return absl::OkStatus();
    }
    if (sheet.has_value()) {
      *resp = *std::move(sheet);
      return absl::OkStatus();
    }
    // Not started: an empty sheet at version 0, ready to save.
    resp->set_round_id(place.round_id.str());
    resp->set_candidate_id(place.candidate_id.str());
    resp->set_person_id(owner.str());
    if (owner == call.caller().person_id) {
      resp->set_display_name(
          privacy::NameOf(call.txn(), keys_, call.caller().person_id));
    }
    if (auto seat = panels::MembershipIn(call.txn(), place.round_id, owner)) {
      resp->set_panel_id(seat->panel_id.str());
      resp->set_panel_kind(seat->panel_kind);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* ScoringServiceImpl::SaveScoreSheet(
    grpc::CallbackServerContext* ctx, const v1::SaveScoreSheetRequest* req,
    v1::ScoreSheet* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  sheet_box_.Save(ctx, req, resp,
                  [reactor](grpc::Status status) { reactor->Finish(status); });
  return reactor;
}

grpc::Status ScoringServiceImpl::SaveOneSheet(
    grpc::ServerContextBase* ctx, const v1::SaveScoreSheetRequest& req,
    v1::ScoreSheet* resp) {
  return runner_.Run(ctx, "SaveScoreSheet", req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const OwnSheet own,
                        PrepareWrite(call, keys_, req.candidate_id()));
    EQ_ASSIGN_OR_RETURN(
        const v1::ScoreSheet sheet,
        SavedSheet(req, panels::ListCriteria(call.txn(), own.place.round_id),
                   NewVersion(own)));
    return WriteVersion(call, keys_, own, sheet, req.version(),
                        SaveAction(sheet), resp);
  });
}

grpc::Status ScoringServiceImpl::SaveScoreSheetFor(
    Ctx* ctx, const v1::SaveScoreSheetForRequest* req, v1::ScoreSheet* resp) {
  return runner_.Run(ctx, "SaveScoreSheetFor", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const CandidatePlace place,
                        CandidateInRound(call, keys_, req->candidate_id()));
    EQ_ASSIGN_OR_RETURN(
        const PersonId member,
        ParseId<PersonId>("member_person_id", req->member_person_id()));
    const PersonId me = call.caller().person_id;
    const bool is_supporter =
        panels::HoldSupporter(call.txn(), place.round_id, member, me);
    EQ_ASSIGN_OR_RETURN(
        const OwnSheet own,
        HoldSheet(call, keys_, place.candidate_id, member,
                  [&](const std::optional<Membership>& seat) {
                    EQ_RETURN_IF_ERROR(CheckAssistedEntry(
                        is_supporter, req->how(), false, "score sheet"));
                    if (seat.has_value()) return absl::OkStatus();
                    return absl::FailedPreconditionError(
                        "member_person_id: this person does not score in "
                        "this round (not a voting member of its panels).");
                  }));
    const std::vector<AssistedMark> marks =
        AssistedMarks(call.txn(), keys_, place.round_id, place.candidate_id);
    v1::ScoreSheet current_marked = own.current.value_or(v1::ScoreSheet());
    MarkAssisted(marks, current_marked);
    EQ_RETURN_IF_ERROR(CheckAssistedSave(
        {.is_supporter = is_supporter,
         .how = req->how(),
         .member_wrote_current =
             own.current.has_value() && !IsAssistedWay(current_marked.how()),
         .submit = req->submit(),
         .needs_confirmation = panels::LoadRound(call.txn(), place.round_id)
                                   ->assisted_entries_need_confirmation()}));
    v1::SaveScoreSheetRequest as_saved;
    as_saved.set_candidate_id(req->candidate_id());
    as_saved.set_version(req->version());
    *as_saved.mutable_entries() = req->entries();
    as_saved.set_overall_view(req->overall_view());
    EQ_ASSIGN_OR_RETURN(
        v1::ScoreSheet sheet,
        SavedSheet(as_saved, panels::ListCriteria(call.txn(), place.round_id),
                   NewVersion(own)));
    if (req->submit()) {
      EQ_RETURN_IF_ERROR(CheckReadyToSubmit(sheet));
      sheet.set_state(v1::SHEET_STATE_SUBMITTED);
    }
    const bool first_submission = req->submit() && !Submitted(own.current);
    return WriteVersion(
        call, keys_, own, sheet, req->version(),
        first_submission ? "score_sheet.submitted" : SaveAction(sheet), resp,
        EnteredFor{.supporter = me, .how = req->how()});
  });
}

grpc::ServerUnaryReactor* ScoringServiceImpl::SubmitScoreSheet(
    grpc::CallbackServerContext* ctx, const v1::SubmitScoreSheetRequest* req,
    v1::ScoreSheet* resp) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  sheet_box_.Submit(ctx, req, resp, [reactor](grpc::Status status) {
    reactor->Finish(status);
  });
  return reactor;
}

grpc::Status ScoringServiceImpl::SubmitOneSheet(
    grpc::ServerContextBase* ctx, const v1::SubmitScoreSheetRequest& req,
    v1::ScoreSheet* resp) {
  return runner_.Run(ctx, "SubmitScoreSheet", req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const OwnSheet own,
                        PrepareWrite(call, keys_, req.candidate_id()));
    EQ_ASSIGN_OR_RETURN(const std::optional<v1::ScoreSheet> sheet,
                        SubmittedSheet(req, NewVersion(own)));
    if (!sheet.has_value()) {  // Submitted already.
      *resp = *own.current;
      return absl::OkStatus();
    }
    return WriteVersion(call, keys_, own, *sheet, req.version(),
                        "score_sheet.submitted", resp);
  });
}

grpc::Status ScoringServiceImpl::ListScoreSheets(
    Ctx* ctx, const v1::ListScoreSheetsRequest* req,
    v1::ListScoreSheetsResponse* resp) {
  return runner_.Run(ctx, "ListScoreSheets", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        AuthorizeRound(call, req->round_id()));
    std::optional<CandidateId> only;  // nullopt: every candidate.
    if (!req->candidate_id().empty()) {
      EQ_ASSIGN_OR_RETURN(
          only, ParseId<CandidateId>("candidate_id", req->candidate_id()));
    }
    const v1::Round round =
        *panels::LoadRoundInFull(call.txn(), keys_, round_id);
    const Viewer viewer = ViewerOf(call, round_id);
    const bool closed = EveryPanelClosed(call.txn(), round_id);
    std::vector<v1::ScoreSheet> sheets =
        ListSheets(call.txn(), &keys_, round_id, only);
    const std::vector<AssistedMark> marks =
        AssistedMarks(call.txn(), keys_, round_id, only);
    for (v1::ScoreSheet& sheet : sheets) MarkAssisted(marks, sheet);
    std::set<std::string> mine_submitted;  // Candidate ids.
    for (const v1::ScoreSheet& s : sheets) {
      if (IdOf<PersonId>(s.person_id()) == viewer.person_id && Submitted(s)) {
        mine_submitted.insert(s.candidate_id());
      }
    }
    for (const v1::ScoreSheet& s : sheets) {
      const Visibility visibility =
          SheetVisibility(viewer,
                          {.person_id = IdOf<PersonId>(s.person_id()),
                           .panel_id = IdOf<PanelId>(s.panel_id()),
                           .submitted = Submitted(s)},
                          mine_submitted.contains(s.candidate_id()), closed);
      if (visibility == Visibility::kVisible) *resp->add_sheets() = s;
    }
    const std::vector<CandidateId> recused =
        panels::RecusedCandidates(call.txn(), round_id, viewer.person_id);
    std::vector<std::string> unsubmitted;
    for (const v1::Candidate& c : ActiveCandidates(round)) {
      const CandidateId id = IdOf<CandidateId>(c.id());
      if ((!only || *only == id) && !mine_submitted.contains(c.id()) &&
          std::find(recused.begin(), recused.end(), id) == recused.end()) {
        unsubmitted.push_back(c.label());
      }
    }
    for (std::string& words : WithheldWords(viewer, unsubmitted, closed)) {
      resp->add_withheld(std::move(words));
    }
    return absl::OkStatus();
  });
}

grpc::Status ScoringServiceImpl::GetScoreSheetHistory(
    Ctx* ctx, const v1::GetScoreSheetHistoryRequest* req,
    v1::GetScoreSheetHistoryResponse* resp) {
  return runner_.Run(ctx, "GetScoreSheetHistory", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const CandidatePlace place,
                        CandidateInRound(call, keys_, req->candidate_id()));
    EQ_ASSIGN_OR_RETURN(const PersonId owner,
                        SheetOwner(call, req->person_id()));
    const bool mine = owner == call.caller().person_id;
    const bool closed = EveryPanelClosed(call.txn(), place.round_id);
    EQ_RETURN_IF_ERROR(CheckMaySee(call, place, owner, closed));
    if (!mine && !closed) {
      return absl::PermissionDeniedError(
          "Earlier versions of other members' sheets are shown when every "
          "panel has closed scoring.");
    }
    const std::vector<AssistedMark> marks =
        AssistedMarks(call.txn(), keys_, place.round_id, place.candidate_id);
    for (v1::ScoreSheet& version :
         SheetHistory(call.txn(), keys_, place.candidate_id, owner)) {
      MarkAssisted(marks, version);
      // Others' drafts stay private, even in the history.
      if (mine || version.state() == v1::SHEET_STATE_SUBMITTED) {
        *resp->add_versions() = std::move(version);
      }
    }
    if (!mine && resp->versions().empty()) {
      return NotSubmitted(owner, place.candidate);
    }
    return absl::OkStatus();
  });
}

grpc::Status ScoringServiceImpl::GetScoringProgress(
    Ctx* ctx, const v1::GetScoringProgressRequest* req,
    v1::ScoringProgress* resp) {
  return runner_.Run(ctx, "GetScoringProgress", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        AuthorizeRound(call, req->round_id()));
    const v1::Round round =
        *panels::LoadRoundInFull(call.txn(), keys_, round_id);
    const std::set<std::string> closed = ClosedPanels(call.txn(), round_id);
    const Viewer viewer = ViewerOf(call, round_id);
    // Co-chairs follow their own panel; administrators every panel.
    for (v1::PanelProgress& p :
         ProgressOf(call.txn(), round, closed, [&](const v1::Panel& panel) {
           return call.Is(Role::kAdmin) ||
                  IdOf<PanelId>(panel.id()) == viewer.panel_id;
         })) {
      *resp->add_panels() = std::move(p);
    }
    return absl::OkStatus();
  });
}

grpc::Status ScoringServiceImpl::CloseScoring(
    Ctx* ctx, const v1::CloseScoringRequest* req,
    v1::CloseScoringResponse* resp) {
  return runner_.Run(ctx, "CloseScoring", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const PanelId panel_id,
                        ParseId<PanelId>("panel_id", req->panel_id()));
    const std::optional<v1::Panel> panel =
        panels::LoadPanel(call.txn(), panel_id);
    if (!panel.has_value()) return NoSuch("panel", "panel_id", req->panel_id());
    const RoundId round_id = IdOf<RoundId>(panel->round_id());
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    if (ViewerOf(call, round_id).panel_id != panel_id) {
      return absl::PermissionDeniedError(
          "Only this panel's own co-chair closes its scoring.");
    }
    // The round first, then the panel: the same order as every save.
    const v1::Round round =
        *panels::LoadRound(call.txn(), round_id, RoundHold::kExclusive);
    const bool already_closed = HoldPanelForClose(call.txn(), panel_id);
    const v1::Round full =
        *panels::LoadRoundInFull(call.txn(), keys_, round_id);
    v1::PanelProgress progress = ProgressOf(
        call.txn(), full, {},
        [&](const v1::Panel& p) { return p.id() == panel->id(); })[0];
    EQ_RETURN_IF_ERROR(CheckCanCloseScoring(round.state(), already_closed,
                                            progress, req->close_anyway()));
    ClosePanelScoring(call.txn(), panel_id, call.caller().person_id);
    progress.set_closed(true);
    int64_t submitted = 0, still_needed = 0;
    for (const auto& c : progress.candidates()) {
      submitted += c.submitted();
      still_needed += c.still_needed();
    }
    call.Event("scoring.closed", Subject("panel", panel_id), round_id,
               JsonObject()
                   .Add("submitted", submitted)
                   .Add("not_submitted", still_needed)
                   .str());
    if (EveryPanelClosed(call.txn(), round_id)) {
      EQ_RETURN_IF_ERROR(
          panels::MoveRound(call.txn(), round, v1::ROUND_STATE_DECIDING,
                            call.caller().person_id, call.events()));
      resp->set_round_moved_to_deciding(true);
    }
    *resp->mutable_panel() = std::move(progress);
    return absl::OkStatus();
  });
}

grpc::Status ScoringServiceImpl::GetResults(Ctx* ctx,
                                            const v1::GetResultsRequest* req,
                                            v1::ScoringResults* resp) {
  return runner_.Run(ctx, "GetResults", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        AuthorizeRound(call, req->round_id()));
    const v1::Round round =
        *panels::LoadRoundInFull(call.txn(), keys_, round_id);
    EQ_RETURN_IF_ERROR(CheckResultsShown(
        round.kind(), EveryPanelClosed(call.txn(), round_id)));
    *resp = LoadResults(call.txn(), round);
    return absl::OkStatus();
  });
}

}  // namespace equalsay::scoring
