#include "services/panels/service/panel_service.h"

#include <algorithm>
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "services/common/base/enum_names.h"
#include "services/common/base/json.h"
#include "services/common/base/panel_roles.h"
#include "services/common/base/status_macros.h"
#include "services/common/base/token.h"
#include "services/common/store/events.h"
#include "services/common/store/sql.h"
#include "services/mail/store/mail_queue.h"
#include "services/panels/rules/access_table.h"
#include "services/panels/rules/erasure.h"
#include "services/panels/rules/my_work.h"
#include "services/panels/rules/pack.h"
#include "services/panels/rules/round_state.h"
#include "services/panels/rules/setup.h"
#include "services/panels/rules/subject_access.h"
#include "services/panels/rules/supporters.h"
#include "services/panels/rules/validation.h"
#include "services/panels/service/own_record.h"
#include "services/panels/store/pack_store.h"
#include "services/panels/store/people_store.h"
#include "services/panels/store/round_store.h"
#include "services/panels/store/subject_access_store.h"
#include "services/panels/store/supporter_store.h"
#include "services/privacy/store/kept_texts.h"

namespace equalsay::panels {
namespace {

// Loads the round and holds its row for the rest of the transaction.
absl::StatusOr<v1::Round> LockRound(Call& call, RoundId round_id) {
  std::optional<v1::Round> round =
      LoadRound(call.txn(), round_id, RoundHold::kExclusive);
  if (!round.has_value()) {
    return NoSuch("round", "round_id", round_id.str());
  }
  return *round;
}

// Panels see an anonymised candidate by reference only; the name behind it
// is for administrators and HR.
void HideNamesUnlessOverseer(const Call& call, v1::Round& round) {
  if (!call.Is(Role::kAdmin) && !call.Is(Role::kHr)) HideAnonymisedNames(round);
}

absl::Status CheckRule(const v1::DecisionRule& rule) {
  if (rule.quorum() > kMaxPanelMembers) {
    return absl::InvalidArgumentError(
        absl::StrCat("rule.quorum must be at most ", kMaxPanelMembers,
                     " (or 0 for more than half of the voting members)"));
  }
  if (rule.threshold() != v1::THRESHOLD_UNSPECIFIED &&
      ThresholdName(rule.threshold()).empty()) {
    return MustBeOneOf("rule.threshold", *v1::Threshold_descriptor());
  }
  return absl::OkStatus();
}

absl::Status CheckImportSize(int rows) {
  if (rows == 0) {
    return absl::InvalidArgumentError("The import has no rows to import.");
  }
  if (rows > kMaxImportRows) {
    return absl::InvalidArgumentError(absl::StrCat(
        "An import takes at most ", kMaxImportRows, " rows; this one has ",
        rows, ": split it into smaller files."));
  }
  return absl::OkStatus();
}

// A round's words, checked as CreateRound and UpdateRound take them.
absl::Status CheckRoundText(const v1::Round& round) {
  EQ_RETURN_IF_ERROR(CheckText("title", round.title(), kMaxTitle));
  EQ_RETURN_IF_ERROR(CheckText("purpose", round.purpose(), kMaxLongText, true,
                               /*multiline=*/true));
  return CheckText("scope_statement", round.scope_statement(), kMaxLongText,
                   true, /*multiline=*/true);
}

// What a person is, checked as CreatePerson and UpdatePerson take it.
absl::Status CheckPerson(const v1::Person& person) {
  EQ_RETURN_IF_ERROR(
      CheckText("display_name", person.display_name(), kMaxName));
  EQ_RETURN_IF_ERROR(CheckEmail(person.email()));
  if (OrgRoleName(person.org_role()).empty()) {
    return MustBeOneOf("org_role", *v1::OrgRole_descriptor());
  }
  return absl::OkStatus();
}

// A person as CreatePerson and ImportPeople take one.
v1::Person PersonFrom(const v1::CreatePersonRequest& req) {
  v1::Person person;
  person.set_display_name(req.display_name());
  person.set_email(req.email());
  person.set_org_role(req.org_role());
  return person;
}

// The words of a candidate as AddCandidate and ImportCandidates take them.
absl::Status CheckCandidate(const v1::AddCandidateRequest& req) {
  EQ_RETURN_IF_ERROR(CheckText("name", req.name(), kMaxName));
  return CheckText("anonymised_reference", req.anonymised_reference(), kMaxName,
                   /*required=*/false);
}

// Holds the round until the call ends; OK when candidates may still be
// added to it.
absl::Status LockRoundForCandidates(Call& call, RoundId round_id) {
  EQ_ASSIGN_OR_RETURN(const v1::Round locked, LockRound(call, round_id));
  if (locked.kind() != v1::ROUND_KIND_RECRUITMENT) {
    return absl::FailedPreconditionError(
        "Candidates belong to recruitment rounds, and this is a strategy "
        "round.");
  }
  return CheckSetupChange(locked.state(), "add candidates");
}

// Whether any row of an import was refused (then none is written).
bool AnyRefused(const v1::ImportReport& report) {
  return std::any_of(report.rows().begin(), report.rows().end(),
                     [](const v1::ImportRow& r) {
                       return r.outcome() == v1::IMPORT_OUTCOME_REFUSED;
                     });
}

// Adds a checked person and records it; `imported` marks an import's row.
PersonId AddPerson(Call& call, const privacy::DataKeys& keys,
                   const v1::CreatePersonRequest& req, bool imported) {
  const PersonId id = InsertPerson(call.txn(), keys, req.display_name(),
                                   req.org_role(), req.email());
  JsonObject detail;
  detail.Add("org_role", OrgRoleName(req.org_role()));
  if (imported) detail.Add("imported", true);
  call.Event("person.created", Subject("person", id), std::nullopt,
             detail.str());
  return id;
}

// Adds a checked candidate to a locked round and records it (by id only:
// the audit trail holds no candidate names).
CandidateId AddCandidateTo(Call& call, const privacy::DataKeys& keys,
                           RoundId round_id, const v1::AddCandidateRequest& req,
                           bool imported) {
  const CandidateId id = InsertCandidate(call.txn(), keys, round_id, req.name(),
                                         req.anonymised_reference());
  JsonObject detail;
  detail.Add("anonymised", !req.anonymised_reference().empty());
  if (imported) detail.Add("imported", true);
  call.Event("candidate.added", Subject("candidate", id), round_id,
             detail.str());
  return id;
}

// "display_name,email": which fields a correction changed, for the record
// (never their values: the trail keeps no names).
std::string Changed(
    std::initializer_list<std::pair<const char*, bool>> fields) {
  std::string out;
  for (const auto& [name, changed] : fields) {
    if (changed) absl::StrAppend(&out, out.empty() ? "" : ",", name);
  }
  return out;
}

// Holds the round until the call ends; OK while its pack may change.
absl::Status LockRoundForPack(Call& call, RoundId round_id) {
  EQ_ASSIGN_OR_RETURN(const v1::Round locked, LockRound(call, round_id));
  if (IsFinished(locked.state())) {
    return absl::FailedPreconditionError(
        absl::StrCat("The round is ", StateWords(locked.state()),
                     ", so its pack can no longer change."));
  }
  return absl::OkStatus();
}

// A document without its content.
std::optional<v1::Document> LoadDocumentInfo(pqxx::transaction_base& txn,
                                             const privacy::DataKeys& keys,
                                             DocumentId id) {
  return LoadDocument(txn, keys, id, /*with_content=*/false);
}

// The person a sign-in is for, who must still be active.
absl::StatusOr<v1::Person> LoadActivePerson(Call& call,
                                            const privacy::DataKeys& keys,
                                            PersonId id) {
  std::optional<v1::Person> person = LoadPerson(call.txn(), keys, id);
  if (!person.has_value()) return NoSuch("person", "person_id", id.str());
  if (!person->active()) {
    return absl::FailedPreconditionError(
        "This person is deactivated, so they cannot sign in.");
  }
  return *std::move(person);
}

// What a person still has to do in a round, in the words ListMyRounds and
// reminders give, and the candidates they stand aside from.
struct WorkLeft {
  std::vector<std::string> to_do;
  std::vector<CandidateId> recused;
};
WorkLeft WorkLeftOf(pqxx::transaction_base& txn, const v1::Round& round,
                    const Membership& m, PersonId person) {
  WorkLeft left;
  left.recused = RecusedCandidates(txn, m.round_id, person);
  int to_score = 0;
  for (CandidateId id : ActiveCandidateIds(txn, m.round_id)) {
    if (std::find(left.recused.begin(), left.recused.end(), id) ==
        left.recused.end()) {
      ++to_score;
    }
  }
  const WorkCounts work = CountWork(txn, m.round_id, m.panel_id, person);
  left.to_do = ToDo({.kind = round.kind(),
                     .state = round.state(),
                     .role = m.role,
                     .candidates = to_score,
                     .submitted = work.submitted,
                     .scoring_closed = work.scoring_closed,
                     .to_vote = work.to_vote,
                     .to_close = work.to_close,
                     .to_count_papers = work.to_count_papers,
                     .papers_differ = work.papers_differ,
                     .actions_owned = work.actions_owned,
                     .actions_overdue = work.actions_overdue,
                     .to_confirm = work.to_confirm});
  return left;
}

// A new sign-in link for an active person, recorded.
absl::StatusOr<SignInLink> MakeSignInLink(Call& call,
                                          const privacy::DataKeys& keys,
                                          PersonId id,
                                          const SignInOptions& options) {
  EQ_RETURN_IF_ERROR(LoadActivePerson(call, keys, id).status());
  SignInLink link =
      IssueSignInLink(call.txn(), id, options.link_days, options.public_url);
  call.Event("sign_in_link.created", Subject("person", id), std::nullopt,
             JsonObject()
                 .Add("token_id", link.token_id)
                 .Add("expires_in_days", int64_t{options.link_days})
                 .str());
  return link;
}

// Loads what `id` names (a panel, a candidate, a document) and authorises
// the caller in the round it belongs to: the shared first step of calls
// about any of them. `keys` open what is kept locked (a candidate's name).
template <typename T, typename IdType>
absl::StatusOr<T> LoadAndAuthorize(
    Call& call, const privacy::DataKeys& keys, absl::string_view what,
    absl::string_view field, absl::string_view id,
    std::optional<T> (*load)(pqxx::transaction_base&, const privacy::DataKeys&,
                             IdType)) {
  EQ_ASSIGN_OR_RETURN(const IdType parsed, ParseId<IdType>(field, id));
  std::optional<T> found = load(call.txn(), keys, parsed);
  if (!found.has_value()) return NoSuch(what, field, id);
  EQ_RETURN_IF_ERROR(call.AuthorizeInRound(IdOf<RoundId>(found->round_id())));
  return *std::move(found);
}

// The panel a membership change names, authorised, with its round held
// alone for the change.
struct PanelChange {
  v1::Panel panel;
  PanelId panel_id{0};
  RoundId round_id{0};
  v1::Round round;
};

// A panel's row holds nothing locked; the loader's shape is shared.
std::optional<v1::Panel> PanelAbout(pqxx::transaction_base& txn,
                                    const privacy::DataKeys&, PanelId id) {
  return LoadPanel(txn, id);
}

absl::StatusOr<PanelChange> LockPanelForChange(Call& call,
                                               const privacy::DataKeys& keys,
                                               absl::string_view panel_id) {
  PanelChange change;
  EQ_ASSIGN_OR_RETURN(
      change.panel,
      LoadAndAuthorize(call, keys, "panel", "panel_id", panel_id, &PanelAbout));
  change.panel_id = IdOf<PanelId>(change.panel.id());
  change.round_id = IdOf<RoundId>(change.panel.round_id());
  EQ_ASSIGN_OR_RETURN(change.round, LockRound(call, change.round_id));
  return change;
}

// Puts `person_id` on the changed panel in `role`, once checked: an active
// person, on no panel of the round yet, and room on the panel. `field`
// names the request's field in errors.
// Puts the person on the panel and, when e-mail is set up, invites them.
absl::StatusOr<v1::Member> Join(Call& call, const privacy::DataKeys& keys,
                                const PanelChange& change, PersonId person_id,
                                absl::string_view field, v1::PanelRole role,
                                const mail::Outbox& outbox) {
  auto person = LoadPerson(call.txn(), keys, person_id);
  if (!person.has_value()) {
    return NoSuch("person", field, person_id.str());
  }
  EQ_ASSIGN_OR_RETURN(const RoundPlace existing,
                      PlaceInRound(call.txn(), change.round_id, person_id));
  EQ_RETURN_IF_ERROR(CheckCanJoin(*person, existing.panel_role.has_value(),
                                  CountMembers(call.txn(), change.panel_id)));
  if (existing.supporter) {
    std::vector<PanelId> supported;
    for (const v1::Supporter& s :
         ListSupporters(call.txn(), keys, change.round_id)) {
      if (s.supporter_person_id() != person->id()) continue;
      if (const std::optional<Membership> m =
              MembershipIn(call.txn(), change.round_id,
                           IdOf<PersonId>(s.member_person_id()))) {
        supported.push_back(m->panel_id);
      }
    }
    EQ_RETURN_IF_ERROR(
        CheckJoiningAsSupporter(*person, supported, change.panel_id));
  }
  InsertMember(call.txn(), change.round_id, change.panel_id, person_id, role);
  outbox.Queue(call.txn(), {.person_id = person_id,
                            .kind = mail::MailKind::kInvitation,
                            .round_id = change.round_id,
                            .once_key = absl::StrCat(
                                "invitation:round/", change.round_id.value(),
                                ":person/", person_id.value())});
  v1::Member member;
  member.set_panel_id(change.panel.id());
  member.set_person_id(person->id());
  member.set_display_name(person->display_name());
  member.set_role(role);
  return member;
}

std::vector<PanelShape> ShapesOf(const v1::Round& round) {
  std::vector<PanelShape> shapes;
  for (const v1::Panel& panel : round.panels()) {
    PanelShape shape{.kind = panel.kind(), .quorum = panel.rule().quorum()};
    for (const v1::Member& member : panel.members()) {
      const PanelRoleRights rights = RightsOf(member.role());
      if (rights.votes && rights.acts_for_panel) ++shape.co_chairs;
      if (rights.votes && !rights.acts_for_panel) ++shape.members;
    }
    shapes.push_back(shape);
  }
  return shapes;
}

int ActiveCandidates(const v1::Round& round) {
  return static_cast<int>(
      std::count_if(round.candidates().begin(), round.candidates().end(),
                    [](const v1::Candidate& c) { return !c.withdrawn(); }));
}

}  // namespace

PanelServiceImpl::PanelServiceImpl(DbPool& pool, const privacy::DataKeys& keys,
                                   SignInOptions sign_in,
                                   InvolvementOptions involvement,
                                   PrivacyOptions privacy, ChangeFeed* feed,
                                   mail::Outbox outbox)
    : runner_(pool, PanelAccessTable(), keys, feed),
      keys_(keys),
      feed_(feed),
      sign_in_(std::move(sign_in)),
      involvement_(involvement),
      privacy_(std::move(privacy)),
      outbox_(outbox) {}

void PanelServiceImpl::EndStreamsAfterCommit(Call& call) {
  if (feed_ != nullptr) call.AfterCommit([this] { feed_->AccessChanged(); });
}

grpc::Status PanelServiceImpl::CreatePerson(Ctx* ctx,
                                            const v1::CreatePersonRequest* req,
                                            v1::Person* resp) {
  return runner_.Run(ctx, "CreatePerson", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_RETURN_IF_ERROR(CheckPerson(PersonFrom(*req)));
    *resp = *LoadPerson(call.txn(), keys_,
                        AddPerson(call, keys_, *req, /*imported=*/false));
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::GetPerson(Ctx* ctx,
                                         const v1::GetPersonRequest* req,
                                         v1::Person* resp) {
  return runner_.Run(ctx, "GetPerson", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_ASSIGN_OR_RETURN(const PersonId id,
                        ParseId<PersonId>("person_id", req->person_id()));
    auto person = LoadPerson(call.txn(), keys_, id);
    if (!person.has_value())
      return NoSuch("person", "person_id", req->person_id());
    *resp = *person;
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ListPeople(Ctx* ctx,
                                          const v1::ListPeopleRequest* req,
                                          v1::ListPeopleResponse* resp) {
  return runner_.Run(ctx, "ListPeople", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    for (auto& person :
         panels::ListPeople(call.txn(), keys_, req->include_inactive())) {
      *resp->add_people() = std::move(person);
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::DeactivatePerson(
    Ctx* ctx, const v1::DeactivatePersonRequest* req, v1::Person* resp) {
  return runner_.Run(ctx, "DeactivatePerson", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_ASSIGN_OR_RETURN(const PersonId id,
                        ParseId<PersonId>("person_id", req->person_id()));
    auto person = LoadPerson(call.txn(), keys_, id);
    if (!person.has_value())
      return NoSuch("person", "person_id", req->person_id());
    if (person->active()) {
      EQ_RETURN_IF_ERROR(
          CheckCanDeactivate(*person, CountActiveAdmins(call.txn())));
      panels::DeactivatePerson(call.txn(), id);
      call.Event("person.deactivated", Subject("person", id), std::nullopt,
                 "{}");
      EndStreamsAfterCommit(call);
    }
    *resp = *LoadPerson(call.txn(), keys_, id);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::UpdatePerson(Ctx* ctx,
                                            const v1::UpdatePersonRequest* req,
                                            v1::Person* resp) {
  return runner_.Run(ctx, "UpdatePerson", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_ASSIGN_OR_RETURN(const PersonId id,
                        ParseId<PersonId>("person_id", req->person_id()));
    std::optional<v1::Person> before = LoadPerson(call.txn(), keys_, id);
    if (!before.has_value()) {
      return NoSuch("person", "person_id", req->person_id());
    }
    EQ_RETURN_IF_ERROR(
        CheckNotErased("person_id", req->person_id(), before->erased()));
    v1::Person after = *before;
    if (req->has_display_name()) after.set_display_name(req->display_name());
    if (req->has_email()) after.set_email(req->email());
    if (req->has_org_role()) after.set_org_role(req->org_role());
    EQ_RETURN_IF_ERROR(CheckPerson(after));
    if (before->org_role() == v1::ORG_ROLE_ADMIN &&
        after.org_role() != v1::ORG_ROLE_ADMIN) {
      EQ_RETURN_IF_ERROR(
          CheckCanDeactivate(*before, CountActiveAdmins(call.txn())));
    }
    const std::string changed = Changed(
        {{"display_name", after.display_name() != before->display_name()},
         {"email", after.email() != before->email()},
         {"org_role", after.org_role() != before->org_role()}});
    if (!changed.empty()) {
      panels::UpdatePerson(call.txn(), keys_, after);
      JsonObject payload;
      payload.Add("changed", changed);
      if (after.org_role() != before->org_role()) {
        payload.Add("org_role", OrgRoleName(after.org_role()));
      }
      call.Event("person.updated", Subject("person", id), std::nullopt,
                 payload.str());
      // A role taken away ends what it allowed, live views included.
      if (after.org_role() != before->org_role()) EndStreamsAfterCommit(call);
    }
    *resp = *LoadPerson(call.txn(), keys_, id);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ImportPeople(Ctx* ctx,
                                            const v1::ImportPeopleRequest* req,
                                            v1::ImportReport* resp) {
  return runner_.Run(ctx, "ImportPeople", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_RETURN_IF_ERROR(CheckImportSize(req->people_size()));
    // Every row is checked before any is written: all or none.
    std::map<std::string, int> first_row_of;  // Lower-case address.
    for (int i = 0; i < req->people_size(); ++i) {
      const v1::CreatePersonRequest& row = req->people(i);
      v1::ImportRow* out = resp->add_rows();
      out->set_row(i + 1);
      out->set_outcome(v1::IMPORT_OUTCOME_ADDED);
      if (absl::Status s = CheckPerson(PersonFrom(row)); !s.ok()) {
        out->set_outcome(v1::IMPORT_OUTCOME_REFUSED);
        out->set_problem(std::string(s.message()));
        continue;
      }
      if (row.email().empty()) continue;
      const auto [seen, first] =
          first_row_of.emplace(absl::AsciiStrToLower(row.email()), i + 1);
      if (!first) {
        out->set_outcome(v1::IMPORT_OUTCOME_REFUSED);
        out->set_problem(absl::StrCat("email is the same as row ", seen->second,
                                      "'s: one address is one person"));
      } else if (const std::vector<v1::Person> found =
                     FindPeopleByEmail(call.txn(), keys_, row.email());
                 !found.empty()) {
        out->set_outcome(v1::IMPORT_OUTCOME_ALREADY_THERE);
        out->set_id(found.front().id());
      }
    }
    resp->set_imported(!AnyRefused(*resp));
    if (!resp->imported()) return absl::OkStatus();
    for (v1::ImportRow& out : *resp->mutable_rows()) {
      if (out.outcome() != v1::IMPORT_OUTCOME_ADDED) continue;
      out.set_id(
          AddPerson(call, keys_, req->people(out.row() - 1), /*imported=*/true)
              .str());
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::IssueToken(Ctx* ctx,
                                          const v1::IssueTokenRequest* req,
                                          v1::IssueTokenResponse* resp) {
  return runner_.Run(
      ctx, "IssueToken", *req, resp,
      [&](Call& call) {
        EQ_RETURN_IF_ERROR(call.Authorize());
        EQ_ASSIGN_OR_RETURN(const PersonId id,
                            ParseId<PersonId>("person_id", req->person_id()));
        EQ_RETURN_IF_ERROR(
            CheckText("label", req->label(), kMaxName, /*required=*/false));
        if (req->expires_in_days() > kMaxTokenDays) {
          return absl::InvalidArgumentError(
              absl::StrCat("expires_in_days must be at most ", kMaxTokenDays,
                           " (or 0 for a token that does not expire)"));
        }
        EQ_RETURN_IF_ERROR(LoadActivePerson(call, keys_, id).status());
        const std::string token = GenerateToken();
        const IssuedToken issued = InsertToken(
            call.txn(),
            {.person_id = id,
             .token_hash = HashToken(token),
             .kind = v1::TOKEN_KIND_SCRIPT,
             .label = LockTokenLabel(call.txn(), keys_, id, req->label()),
             .expires_in_days = static_cast<int>(req->expires_in_days())});
        resp->set_token_id(issued.id.str());
        resp->set_token(token);
        // In the fragment, which browsers never send to a server.
        resp->set_sign_in_link(
            absl::StrCat(sign_in_.public_url, "/#token=", token));
        resp->set_expires_at_unix(issued.expires_at_unix);
        JsonObject payload;
        payload.Add("token_id", issued.id);
        privacy::KeepText(call.txn(), keys_, payload, "label", req->label(),
                          {Subject("person", id)});
        call.Event("token.issued", Subject("person", id), std::nullopt,
                   payload.str());
        return absl::OkStatus();
      },
      Replay::kRefuse);
}

grpc::Status PanelServiceImpl::RevokeToken(Ctx* ctx,
                                           const v1::RevokeTokenRequest* req,
                                           v1::RevokeTokenResponse* resp) {
  return runner_.Run(ctx, "RevokeToken", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_ASSIGN_OR_RETURN(const TokenId id,
                        ParseId<TokenId>("token_id", req->token_id()));
    auto owner = LoadTokenOwner(call.txn(), id);
    if (!owner.has_value()) return NoSuch("token", "token_id", req->token_id());
    if (owner->person_id != call.caller().person_id && !call.Is(Role::kAdmin)) {
      return absl::PermissionDeniedError(
          "You can revoke only your own tokens; an administrator can revoke "
          "anyone's.");
    }
    if (!owner->revoked) {
      equalsay::RevokeToken(call.txn(), id);
      call.Event("token.revoked", Subject("person", owner->person_id),
                 std::nullopt, JsonObject().Add("token_id", id).str());
      EndStreamsAfterCommit(call);
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::GetMe(Ctx* ctx, const v1::GetMeRequest* req,
                                     v1::Person* resp) {
  return runner_.Run(ctx, "GetMe", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    *resp = *LoadPerson(call.txn(), keys_, call.caller().person_id);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::CreateSignInLink(
    Ctx* ctx, const v1::CreateSignInLinkRequest* req,
    v1::CreateSignInLinkResponse* resp) {
  return runner_.Run(
      ctx, "CreateSignInLink", *req, resp,
      [&](Call& call) {
        EQ_RETURN_IF_ERROR(call.Authorize());
        EQ_ASSIGN_OR_RETURN(const PersonId id,
                            ParseId<PersonId>("person_id", req->person_id()));
        EQ_ASSIGN_OR_RETURN(const SignInLink link,
                            MakeSignInLink(call, keys_, id, sign_in_));
        resp->set_token_id(link.token_id.str());
        resp->set_sign_in_link(link.url);
        resp->set_expires_at_unix(link.expires_at_unix);
        return absl::OkStatus();
      },
      Replay::kRefuse);
}

void PanelServiceImpl::StartSession(Call& call, PersonId person_id,
                                    const std::string& device,
                                    const JsonObject& how,
                                    v1::SignInResponse* resp) const {
  const std::string token = GenerateToken();
  const IssuedToken session = InsertToken(
      call.txn(),
      {.person_id = person_id,
       .token_hash = HashToken(token),
       .kind = v1::TOKEN_KIND_SESSION,
       .label = LockTokenLabel(call.txn(), keys_, person_id, device),
       .idle_days = sign_in_.idle_days});
  resp->set_token(token);
  resp->set_token_id(session.id.str());
  *resp->mutable_person() = *LoadPerson(call.txn(), keys_, person_id);
  resp->set_idle_days(sign_in_.idle_days);
  JsonObject record = how;
  record.Add("session_id", session.id);
  call.Event({.actor_id = person_id,
              .action = "person.signed_in",
              .subject = Subject("person", person_id),
              .payload_json = record.str()});
}

grpc::Status PanelServiceImpl::SignIn(Ctx* ctx, const v1::SignInRequest* req,
                                      v1::SignInResponse* resp) {
  return runner_.Run(ctx, "SignIn", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_RETURN_IF_ERROR(
        CheckText("device", req->device(), kMaxName, /*required=*/false));
    const Caller& caller = call.caller();
    MarkLinkUsed(call.txn(), caller.token_id);
    StartSession(call, caller.person_id, req->device(),
                 JsonObject().Add("link_id", caller.token_id), resp);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::GetSignInMethods(
    Ctx* ctx, const v1::GetSignInMethodsRequest* req, v1::SignInMethods* resp) {
  // The provider is asked before the call's transaction, not inside it.
  std::optional<absl::StatusOr<oidc::Endpoints>> endpoints;
  if (sign_in_.provider != nullptr) endpoints = sign_in_.provider->Discover();
  return runner_.Run(ctx, "GetSignInMethods", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    if (!endpoints.has_value()) return absl::OkStatus();
    if (!endpoints->ok()) {
      resp->set_organisation_unavailable(
          std::string(endpoints->status().message()));
      return absl::OkStatus();
    }
    const oidc::ProviderSettings& provider = sign_in_.provider->settings();
    v1::OrganisationSignIn* organisation = resp->mutable_organisation();
    organisation->set_name(provider.name);
    organisation->set_authorization_endpoint((*endpoints)->authorization);
    organisation->set_client_id(provider.client_id);
    organisation->set_scope("openid email profile");
    return absl::OkStatus();
  });
}

absl::StatusOr<oidc::Identity> PanelServiceImpl::RedeemProviderCode(
    const v1::SignInWithProviderRequest& req) const {
  if (sign_in_.provider == nullptr) {
    return absl::FailedPreconditionError(
        "Signing in with an organisation's account is not set up on this "
        "server: use the sign-in link you were sent.");
  }
  EQ_RETURN_IF_ERROR(CheckText("code", req.code(), kMaxLongText));
  // RFC 7636 §4.1: 43 to 128 characters.
  if (req.code_verifier().size() < 43 || req.code_verifier().size() > 128) {
    return absl::InvalidArgumentError(
        "code_verifier must be 43 to 128 characters (RFC 7636).");
  }
  EQ_RETURN_IF_ERROR(
      CheckText("redirect_uri", req.redirect_uri(), kMaxLongText));
  EQ_RETURN_IF_ERROR(CheckText("nonce", req.nonce(), kMaxName));
  EQ_RETURN_IF_ERROR(
      CheckText("device", req.device(), kMaxName, /*required=*/false));
  return sign_in_.provider->Redeem(req.code(), req.code_verifier(),
                                   req.redirect_uri(), req.nonce());
}

grpc::Status PanelServiceImpl::SignInWithProvider(
    Ctx* ctx, const v1::SignInWithProviderRequest* req,
    v1::SignInResponse* resp) {
  // Redeemed once, before the transaction: a retried transaction must not
  // spend the code again.
  const absl::StatusOr<oidc::Identity> identity = RedeemProviderCode(*req);
  return runner_.Run(ctx, "SignInWithProvider", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    if (!identity.ok()) return identity.status();
    const std::vector<v1::Person> people =
        FindPeopleByEmail(call.txn(), keys_, identity->email);
    if (people.empty()) {
      return absl::PermissionDeniedError(absl::StrCat(
          "No one in equalsay has the address ", identity->email,
          ". Ask an administrator to add you with that address, then sign "
          "in again."));
    }
    if (people.size() > 1) {
      return absl::FailedPreconditionError(absl::StrCat(
          "More than one person in equalsay has the address ", identity->email,
          ", so equalsay cannot tell which one you are. Ask an "
          "administrator to correct it."));
    }
    StartSession(call, IdOf<PersonId>(people.front().id()), req->device(),
                 JsonObject().Add("with", "organisation account"), resp);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::SignOut(Ctx* ctx, const v1::SignOutRequest* req,
                                       v1::SignOutResponse* resp) {
  return runner_.Run(ctx, "SignOut", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    const Caller& caller = call.caller();
    const std::vector<TokenId> ended = EndSessions(
        call.txn(), caller.person_id, caller.token_id, req->everywhere());
    resp->set_ended(static_cast<uint32_t>(ended.size()));
    call.Event("person.signed_out", Subject("person", caller.person_id),
               std::nullopt,
               JsonObject()
                   .Add("everywhere", req->everywhere())
                   .Add("ended", static_cast<int64_t>(ended.size()))
                   .str());
    EndStreamsAfterCommit(call);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ListTokens(Ctx* ctx,
                                          const v1::ListTokensRequest* req,
                                          v1::ListTokensResponse* resp) {
  return runner_.Run(ctx, "ListTokens", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_ASSIGN_OR_RETURN(
        const v1::Person person,
        OwnOrOverseen(call, keys_, req->person_id(), {Role::kAdmin},
                      "You can list only your own sign-ins; an administrator "
                      "can list anyone's."));
    const PersonId id = IdOf<PersonId>(person.id());
    for (v1::TokenInfo& t :
         panels::ListTokens(call.txn(), keys_, id, call.caller().token_id)) {
      *resp->add_tokens() = std::move(t);
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::CreateRound(Ctx* ctx,
                                           const v1::CreateRoundRequest* req,
                                           v1::Round* resp) {
  return runner_.Run(ctx, "CreateRound", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    if (RoundKindName(req->kind()).empty()) {
      return MustBeOneOf("kind", *v1::RoundKind_descriptor());
    }
    v1::Round round;
    round.set_kind(req->kind());
    round.set_title(req->title());
    round.set_purpose(req->purpose());
    round.set_scope_statement(req->scope_statement());
    round.set_publish_secret_counts(req->publish_secret_counts());
    round.set_setup_key(req->setup_key());
    round.set_assisted_entries_need_confirmation(
        req->assisted_entries_need_confirmation());
    EQ_RETURN_IF_ERROR(CheckRoundText(round));
    if (!req->setup_key().empty()) {
      EQ_RETURN_IF_ERROR(CheckSetupKey(req->setup_key()));
      if (const auto taken = RoundBySetupKey(call.txn(), req->setup_key())) {
        return absl::AlreadyExistsError(absl::StrCat(
            "setup_key \"", req->setup_key(), "\" is already round ",
            taken->value(), "'s: give this round a key of its own."));
      }
    }
    const RoundId id = InsertRound(call.txn(), round, call.caller().person_id);
    *resp = *LoadRoundInFull(call.txn(), keys_, id);
    call.Event("round.created", Subject("round", id), id,
               JsonObject()
                   .Add("kind", RoundKindName(req->kind()))
                   .Add("publish_secret_counts", req->publish_secret_counts())
                   .Add("assisted_entries_need_confirmation",
                        req->assisted_entries_need_confirmation())
                   .str());
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::UpdateRound(Ctx* ctx,
                                           const v1::UpdateRoundRequest* req,
                                           v1::Round* resp) {
  return runner_.Run(ctx, "UpdateRound", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(id));
    EQ_ASSIGN_OR_RETURN(const v1::Round before, LockRound(call, id));
    v1::Round after = before;
    if (req->has_title()) after.set_title(req->title());
    if (req->has_purpose()) after.set_purpose(req->purpose());
    if (req->has_scope_statement()) {
      after.set_scope_statement(req->scope_statement());
    }
    EQ_RETURN_IF_ERROR(CheckRoundText(after));
    EQ_RETURN_IF_ERROR(CheckCorrection(before.state(), "change this round"));
    const std::string changed =
        Changed({{"title", after.title() != before.title()},
                 {"purpose", after.purpose() != before.purpose()},
                 {"scope_statement",
                  after.scope_statement() != before.scope_statement()}});
    if (!changed.empty()) {
      UpdateRoundText(call.txn(), after);
      call.Event("round.updated", Subject("round", id), id,
                 JsonObject().Add("changed", changed).str());
    }
    *resp = *LoadRoundInFull(call.txn(), keys_, id);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::GetRound(Ctx* ctx,
                                        const v1::GetRoundRequest* req,
                                        v1::Round* resp) {
  return runner_.Run(ctx, "GetRound", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(id));
    *resp = *LoadRoundInFull(call.txn(), keys_, id);
    HideNamesUnlessOverseer(call, *resp);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ListRounds(Ctx* ctx,
                                          const v1::ListRoundsRequest* req,
                                          v1::ListRoundsResponse* resp) {
  return runner_.Run(ctx, "ListRounds", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    const bool overseer = call.Is(Role::kAdmin) || call.Is(Role::kHr);
    for (auto& round :
         overseer ? ListAllRounds(call.txn())
                  : ListRoundsOf(call.txn(), call.caller().person_id)) {
      *resp->add_rounds() = std::move(round);
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::OpenRound(Ctx* ctx,
                                         const v1::OpenRoundRequest* req,
                                         v1::Round* resp) {
  return runner_.Run(ctx, "OpenRound", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(id));
    EQ_ASSIGN_OR_RETURN(const v1::Round locked, LockRound(call, id));
    const v1::RoundState next = StateAfterSetup(locked.kind());
    EQ_RETURN_IF_ERROR(CheckTransition(locked.kind(), locked.state(), next));
    const v1::Round full = *LoadRoundInFull(call.txn(), keys_, id);
    EQ_RETURN_IF_ERROR(CheckCanLeaveSetup(full.kind(), ShapesOf(full),
                                          ActiveCandidates(full),
                                          full.criteria_size()));
    EQ_RETURN_IF_ERROR(MoveRound(
        call.txn(), locked, next, call.caller().person_id, call.events(),
        JsonObject().Add("state", RoundStateName(next)).str()));
    if (next == v1::ROUND_STATE_SCORING)
      outbox_.QueueScoringOpen(call.txn(), id);
    *resp = full;
    resp->set_state(next);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::WithdrawRound(
    Ctx* ctx, const v1::WithdrawRoundRequest* req, v1::Round* resp) {
  return runner_.Run(ctx, "WithdrawRound", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(id));
    EQ_RETURN_IF_ERROR(CheckText("reason", req->reason(), kMaxReason,
                                 /*required=*/false, /*multiline=*/true));
    EQ_ASSIGN_OR_RETURN(const v1::Round locked, LockRound(call, id));
    JsonObject payload;
    privacy::KeepText(call.txn(), keys_, payload, "reason", req->reason(),
                      {Subject("person", call.caller().person_id)});
    EQ_RETURN_IF_ERROR(MoveRound(call.txn(), locked, v1::ROUND_STATE_WITHDRAWN,
                                 call.caller().person_id, call.events(),
                                 payload.str()));
    *resp = *LoadRoundInFull(call.txn(), keys_, id);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::AddPanel(Ctx* ctx,
                                        const v1::AddPanelRequest* req,
                                        v1::Panel* resp) {
  return runner_.Run(ctx, "AddPanel", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    if (PanelKindName(req->kind()).empty()) {
      return MustBeOneOf("kind", *v1::PanelKind_descriptor());
    }
    EQ_RETURN_IF_ERROR(
        CheckText("name", req->name(), kMaxName, /*required=*/false));
    EQ_RETURN_IF_ERROR(CheckRule(req->rule()));
    EQ_ASSIGN_OR_RETURN(const v1::Round locked, LockRound(call, round_id));
    EQ_RETURN_IF_ERROR(CheckSetupChange(locked.state(), "add panels"));
    if (HasPanelOfKind(call.txn(), round_id, req->kind())) {
      return absl::AlreadyExistsError(absl::StrCat(
          "This round already has ", PanelWords(req->kind()), "."));
    }
    v1::Panel panel;
    panel.set_round_id(round_id.str());
    panel.set_kind(req->kind());
    panel.set_name(req->name().empty() ? DefaultPanelName(req->kind())
                                       : req->name());
    panel.mutable_rule()->set_quorum(req->rule().quorum());
    panel.mutable_rule()->set_threshold(req->rule().threshold() ==
                                                v1::THRESHOLD_UNSPECIFIED
                                            ? v1::THRESHOLD_SIMPLE_MAJORITY
                                            : req->rule().threshold());
    const PanelId id = InsertPanel(call.txn(), panel);
    *resp = *LoadPanel(call.txn(), id);
    call.Event("panel.added", Subject("panel", id), round_id,
               JsonObject()
                   .Add("kind", PanelKindName(panel.kind()))
                   .Add("quorum", static_cast<int64_t>(panel.rule().quorum()))
                   .Add("threshold", ThresholdName(panel.rule().threshold()))
                   .str());
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::AddMember(Ctx* ctx,
                                         const v1::AddMemberRequest* req,
                                         v1::Member* resp) {
  return runner_.Run(ctx, "AddMember", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const PersonId person_id,
                        ParseId<PersonId>("person_id", req->person_id()));
    EQ_ASSIGN_OR_RETURN(const PanelChange change,
                        LockPanelForChange(call, keys_, req->panel_id()));
    const auto& locked = change.round;
    const PanelId panel_id = change.panel_id;
    const RoundId round_id = change.round_id;
    if (PanelRoleName(req->role()).empty()) {
      return MustBeOneOf("role", *v1::PanelRole_descriptor());
    }
    EQ_RETURN_IF_ERROR(
        CheckSetupChange(locked.state(), "add voting members",
                         req->role() == v1::PANEL_ROLE_OBSERVER));
    EQ_ASSIGN_OR_RETURN(*resp, Join(call, keys_, change, person_id, "person_id",
                                    req->role(), outbox_));
    call.Event("member.added", Subject("panel", panel_id), round_id,
               JsonObject()
                   .Add("person_id", person_id)
                   .Add("role", PanelRoleName(req->role()))
                   .str());
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::RemoveMember(Ctx* ctx,
                                            const v1::RemoveMemberRequest* req,
                                            v1::RemoveMemberResponse* resp) {
  return runner_.Run(ctx, "RemoveMember", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const PersonId person_id,
                        ParseId<PersonId>("person_id", req->person_id()));
    EQ_ASSIGN_OR_RETURN(const PanelChange change,
                        LockPanelForChange(call, keys_, req->panel_id()));
    const auto& [panel, panel_id, round_id, locked] = change;
    EQ_RETURN_IF_ERROR(CheckSetupChange(locked.state(), "remove members"));
    if (!DeleteMember(call.txn(), panel_id, person_id)) {
      return absl::NotFoundError(absl::StrCat("Person ", req->person_id(),
                                              " is not on panel ",
                                              req->panel_id(), "."));
    }
    call.Event("member.removed", Subject("panel", panel_id), round_id,
               JsonObject().Add("person_id", person_id).str());
    EndStreamsAfterCommit(call);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ReplaceMember(
    Ctx* ctx, const v1::ReplaceMemberRequest* req, v1::Member* resp) {
  return runner_.Run(ctx, "ReplaceMember", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const PanelChange change,
                        LockPanelForChange(call, keys_, req->panel_id()));
    EQ_RETURN_IF_ERROR(CheckText("reason", req->reason(), kMaxLongText,
                                 /*required=*/true, /*multiline=*/true));
    std::optional<PersonId> leaving, joining;
    if (!req->leaving_person_id().empty()) {
      EQ_ASSIGN_OR_RETURN(leaving, ParseId<PersonId>("leaving_person_id",
                                                     req->leaving_person_id()));
    }
    if (!req->joining_person_id().empty()) {
      EQ_ASSIGN_OR_RETURN(joining, ParseId<PersonId>("joining_person_id",
                                                     req->joining_person_id()));
      if (PanelRoleName(req->role()).empty()) {
        return MustBeOneOf("role", *v1::PanelRole_descriptor(),
                           ": the role of the person joining");
      }
    }
    if (!leaving.has_value() && !joining.has_value()) {
      return absl::InvalidArgumentError(
          "leaving_person_id or joining_person_id is required: name who "
          "leaves the panel, who joins it, or both");
    }
    int active_voters_after = 0;
    bool leaving_found = false;
    for (const PanelSeat& seat : SeatsOf(call.txn(), change.panel_id)) {
      if (leaving == seat.person_id) {
        leaving_found = true;
        continue;
      }
      if (seat.active && Votes(seat.role)) ++active_voters_after;
    }
    if (leaving.has_value() && !leaving_found) {
      return absl::NotFoundError(
          absl::StrCat("leaving_person_id: person ", leaving->value(),
                       " is not on panel ", req->panel_id(), "."));
    }
    if (joining.has_value() && Votes(req->role())) ++active_voters_after;
    EQ_RETURN_IF_ERROR(
        CheckReplacement(change.round.state(), active_voters_after));
    if (leaving.has_value())
      DeleteMember(call.txn(), change.panel_id, *leaving);
    if (joining.has_value()) {
      EQ_ASSIGN_OR_RETURN(
          *resp, Join(call, keys_, change, *joining, "joining_person_id",
                      req->role(), outbox_));
    }
    JsonObject payload;
    payload.Add("leaving_person_id", leaving.value_or(PersonId(0)))
        .Add("joining_person_id", joining.value_or(PersonId(0)))
        .Add("role", joining ? PanelRoleName(req->role()) : "");
    std::vector<std::string> about = {
        Subject("person", call.caller().person_id)};
    for (const std::optional<PersonId>& who : {leaving, joining}) {
      if (who.has_value()) about.push_back(Subject("person", *who));
    }
    privacy::KeepText(call.txn(), keys_, payload, "reason", req->reason(),
                      about);
    call.Event("member.replaced", Subject("panel", change.panel_id),
               change.round_id, payload.str());
    if (leaving.has_value()) EndStreamsAfterCommit(call);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::AddCandidate(Ctx* ctx,
                                            const v1::AddCandidateRequest* req,
                                            v1::Candidate* resp) {
  return runner_.Run(ctx, "AddCandidate", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    EQ_RETURN_IF_ERROR(CheckCandidate(*req));
    EQ_RETURN_IF_ERROR(LockRoundForCandidates(call, round_id));
    EQ_RETURN_IF_ERROR(CheckRoom("round_id", "round", "candidates",
                                 CountCandidates(call.txn(), round_id),
                                 kMaxCandidates));
    *resp = *LoadCandidate(
        call.txn(), keys_,
        AddCandidateTo(call, keys_, round_id, *req, /*imported=*/false));
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::WithdrawCandidate(
    Ctx* ctx, const v1::WithdrawCandidateRequest* req, v1::Candidate* resp) {
  return runner_.Run(ctx, "WithdrawCandidate", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(
        const v1::Candidate candidate,
        LoadAndAuthorize(call, keys_, "candidate", "candidate_id",
                         req->candidate_id(), &LoadCandidate));
    const CandidateId id = IdOf<CandidateId>(candidate.id());
    const RoundId round_id = IdOf<RoundId>(candidate.round_id());
    EQ_ASSIGN_OR_RETURN(const v1::Round locked, LockRound(call, round_id));
    if (IsFinished(locked.state())) {
      return absl::FailedPreconditionError(
          absl::StrCat("The round is ", StateWords(locked.state()),
                       ", so its candidates can no longer be withdrawn."));
    }
    if (!candidate.withdrawn()) {
      panels::WithdrawCandidate(call.txn(), id);
      call.Event("candidate.withdrawn", Subject("candidate", id), round_id,
                 "{}");
    }
    *resp = *LoadCandidate(call.txn(), keys_, id);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::AddCriterion(Ctx* ctx,
                                            const v1::AddCriterionRequest* req,
                                            v1::Criterion* resp) {
  return runner_.Run(ctx, "AddCriterion", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    EQ_RETURN_IF_ERROR(CheckText("question", req->question(), kMaxQuestion,
                                 true, /*multiline=*/true));
    EQ_RETURN_IF_ERROR(CheckScale(req->scale()));
    const double weight = req->weight() == 0 ? 1.0 : req->weight();
    EQ_RETURN_IF_ERROR(CheckWeight(weight));
    EQ_ASSIGN_OR_RETURN(const v1::Round locked, LockRound(call, round_id));
    EQ_RETURN_IF_ERROR(CheckSetupChange(locked.state(), "add criteria"));
    EQ_RETURN_IF_ERROR(CheckRoom("round_id", "round", "criteria",
                                 CountCriteria(call.txn(), round_id),
                                 kMaxCriteria));
    v1::Criterion criterion;
    criterion.set_round_id(round_id.str());
    criterion.set_question(req->question());
    *criterion.mutable_scale() = req->scale();
    criterion.set_weight(weight);
    *resp = InsertCriterion(call.txn(), std::move(criterion));
    call.Event("criterion.added",
               Subject("criterion", IdOf<CriterionId>(resp->id())), round_id,
               JsonObject()
                   .Add("points", static_cast<int64_t>(req->scale_size()))
                   .str());
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::UpdateCandidate(
    Ctx* ctx, const v1::UpdateCandidateRequest* req, v1::Candidate* resp) {
  return runner_.Run(ctx, "UpdateCandidate", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(
        const v1::Candidate candidate,
        LoadAndAuthorize(call, keys_, "candidate", "candidate_id",
                         req->candidate_id(), &LoadCandidate));
    EQ_RETURN_IF_ERROR(CheckNotErased("candidate_id", req->candidate_id(),
                                      candidate.erased()));
    const CandidateId id = IdOf<CandidateId>(candidate.id());
    const RoundId round_id = IdOf<RoundId>(candidate.round_id());
    // As stored: the name, and the reference panels see instead (if any).
    const std::string stored_name =
        candidate.anonymised() ? candidate.name() : candidate.label();
    const std::string stored_reference =
        candidate.anonymised() ? candidate.label() : "";
    const std::string name = req->has_name() ? req->name() : stored_name;
    const std::string reference = req->has_anonymised_reference()
                                      ? req->anonymised_reference()
                                      : stored_reference;
    EQ_RETURN_IF_ERROR(CheckText("name", name, kMaxName));
    EQ_RETURN_IF_ERROR(CheckText("anonymised_reference", reference, kMaxName,
                                 /*required=*/false));
    EQ_ASSIGN_OR_RETURN(const v1::Round locked, LockRound(call, round_id));
    EQ_RETURN_IF_ERROR(CheckCorrection(locked.state(), "correct candidates"));
    const std::string changed =
        Changed({{"name", name != stored_name},
                 {"anonymised_reference", reference != stored_reference}});
    if (!changed.empty()) {
      panels::UpdateCandidate(call.txn(), keys_, id, name, reference);
      call.Event("candidate.updated", Subject("candidate", id), round_id,
                 JsonObject().Add("changed", changed).str());
    }
    *resp = *LoadCandidate(call.txn(), keys_, id);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ImportCandidates(
    Ctx* ctx, const v1::ImportCandidatesRequest* req, v1::ImportReport* resp) {
  return runner_.Run(ctx, "ImportCandidates", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    EQ_RETURN_IF_ERROR(CheckImportSize(req->candidates_size()));
    EQ_RETURN_IF_ERROR(LockRoundForCandidates(call, round_id));
    // A candidate is known by name and reference.
    using Key = std::pair<std::string, std::string>;
    std::map<Key, std::string> known;
    const v1::Round round = *LoadRoundInFull(call.txn(), keys_, round_id);
    for (const v1::Candidate& c : round.candidates()) {
      known.emplace(Key(c.anonymised() ? c.name() : c.label(),
                        c.anonymised() ? c.label() : ""),
                    c.id());
    }
    std::map<Key, int> first_row_of;
    int adding = 0;
    for (int i = 0; i < req->candidates_size(); ++i) {
      const v1::AddCandidateRequest& row = req->candidates(i);
      v1::ImportRow* out = resp->add_rows();
      out->set_row(i + 1);
      out->set_outcome(v1::IMPORT_OUTCOME_REFUSED);
      if (absl::Status s = CheckCandidate(row); !s.ok()) {
        out->set_problem(std::string(s.message()));
        continue;
      }
      const Key key(row.name(), row.anonymised_reference());
      if (const auto [seen, first] = first_row_of.emplace(key, i + 1); !first) {
        out->set_problem(
            absl::StrCat("name and anonymised_reference are the same as row ",
                         seen->second, "'s"));
      } else if (const auto there = known.find(key); there != known.end()) {
        out->set_outcome(v1::IMPORT_OUTCOME_ALREADY_THERE);
        out->set_id(there->second);
      } else {
        out->set_outcome(v1::IMPORT_OUTCOME_ADDED);
        ++adding;
      }
    }
    resp->set_imported(!AnyRefused(*resp));
    if (!resp->imported()) return absl::OkStatus();
    if (round.candidates_size() + adding > kMaxCandidates) {
      return absl::InvalidArgumentError(absl::StrCat(
          "A round has at most ", kMaxCandidates, " candidates: this one has ",
          round.candidates_size(), " and the import would add ", adding,
          ". Nothing was imported."));
    }
    for (v1::ImportRow& out : *resp->mutable_rows()) {
      if (out.outcome() != v1::IMPORT_OUTCOME_ADDED) continue;
      out.set_id(AddCandidateTo(call, keys_, round_id,
                                req->candidates(out.row() - 1),
                                /*imported=*/true)
                     .str());
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::UpdateCriterion(
    Ctx* ctx, const v1::UpdateCriterionRequest* req, v1::Criterion* resp) {
  return runner_.Run(ctx, "UpdateCriterion", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_ASSIGN_OR_RETURN(
        const CriterionId id,
        ParseId<CriterionId>("criterion_id", req->criterion_id()));
    const std::optional<v1::Criterion> before = LoadCriterion(call.txn(), id);
    if (!before.has_value()) {
      return NoSuch("criterion", "criterion_id", req->criterion_id());
    }
    v1::Criterion after = *before;
    if (req->has_question()) after.set_question(req->question());
    if (!req->scale().empty()) *after.mutable_scale() = req->scale();
    if (req->has_weight()) after.set_weight(req->weight());
    EQ_RETURN_IF_ERROR(CheckText("question", after.question(), kMaxQuestion,
                                 true, /*multiline=*/true));
    EQ_RETURN_IF_ERROR(CheckScale(after.scale()));
    EQ_RETURN_IF_ERROR(CheckWeight(after.weight()));
    const RoundId round_id = IdOf<RoundId>(before->round_id());
    EQ_ASSIGN_OR_RETURN(const v1::Round locked, LockRound(call, round_id));
    EQ_RETURN_IF_ERROR(CheckSetupChange(
        locked.state(), "change criteria (members have scored against them)"));
    const auto scale_of = [](const v1::Criterion& c) {
      v1::Criterion only;
      *only.mutable_scale() = c.scale();
      return Serialize(only);
    };
    const std::string changed =
        Changed({{"question", after.question() != before->question()},
                 {"scale", scale_of(after) != scale_of(*before)},
                 {"weight", after.weight() != before->weight()}});
    if (!changed.empty()) {
      panels::UpdateCriterion(call.txn(), after);
      call.Event("criterion.updated", Subject("criterion", id), round_id,
                 JsonObject().Add("changed", changed).str());
    }
    *resp = *LoadCriterion(call.txn(), id);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::UpdatePanel(Ctx* ctx,
                                           const v1::UpdatePanelRequest* req,
                                           v1::Panel* resp) {
  return runner_.Run(ctx, "UpdatePanel", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const PanelChange change,
                        LockPanelForChange(call, keys_, req->panel_id()));
    v1::Panel after = change.panel;
    if (req->has_name()) {
      EQ_RETURN_IF_ERROR(CheckText("name", req->name(), kMaxName));
      after.set_name(req->name());
    }
    if (req->has_quorum()) after.mutable_rule()->set_quorum(req->quorum());
    if (req->has_threshold()) {
      after.mutable_rule()->set_threshold(req->threshold());
    }
    EQ_RETURN_IF_ERROR(CheckRule(after.rule()));
    if (after.rule().threshold() == v1::THRESHOLD_UNSPECIFIED) {
      return MustBeOneOf("threshold", *v1::Threshold_descriptor());
    }
    EQ_RETURN_IF_ERROR(
        CheckCorrection(change.round.state(), "change this panel"));
    const bool rule_changed =
        Serialize(after.rule()) != Serialize(change.panel.rule());
    if (rule_changed) {
      EQ_RETURN_IF_ERROR(
          CheckRuleChange(CountDecisions(call.txn(), change.round_id)));
    }
    const std::string changed =
        Changed({{"name", after.name() != change.panel.name()},
                 {"rule", rule_changed}});
    if (!changed.empty()) {
      panels::UpdatePanel(call.txn(), after);
      call.Event("panel.updated", Subject("panel", change.panel_id),
                 change.round_id,
                 JsonObject()
                     .Add("changed", changed)
                     .Add("quorum", int64_t{after.rule().quorum()})
                     .Add("threshold", ThresholdName(after.rule().threshold()))
                     .str());
    }
    *resp = *LoadPanel(call.txn(), change.panel_id);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::DeclareConflict(
    Ctx* ctx, const v1::DeclareConflictRequest* req, v1::Conflict* resp) {
  return runner_.Run(ctx, "DeclareConflict", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(
        const v1::Candidate candidate,
        LoadAndAuthorize(call, keys_, "candidate", "candidate_id",
                         req->candidate_id(), &LoadCandidate));
    const CandidateId candidate_id = IdOf<CandidateId>(candidate.id());
    const RoundId round_id = IdOf<RoundId>(candidate.round_id());
    EQ_RETURN_IF_ERROR(CheckText("reason", req->reason(), kMaxReason, true,
                                 /*multiline=*/true));
    EQ_ASSIGN_OR_RETURN(const v1::Round locked, LockRound(call, round_id));
    if (IsFinished(locked.state())) {
      return absl::FailedPreconditionError(
          absl::StrCat("The round is ", StateWords(locked.state()), "."));
    }
    const PersonId person_id = call.caller().person_id;
    if (!InsertConflict(call.txn(), keys_, round_id, candidate_id, person_id,
                        req->reason())) {
      return absl::AlreadyExistsError(
          "You have already declared a conflict of interest with this "
          "candidate.");
    }
    resp->set_round_id(candidate.round_id());
    resp->set_candidate_id(candidate.id());
    resp->set_person_id(person_id.str());
    resp->set_reason(req->reason());
    JsonObject payload;
    payload.Add("person_id", person_id);
    privacy::KeepText(
        call.txn(), keys_, payload, "reason", req->reason(),
        {Subject("person", person_id), Subject("candidate", candidate_id)});
    call.Event("conflict.declared", Subject("candidate", candidate_id),
               round_id, payload.str());
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ListMyRounds(Ctx* ctx,
                                            const v1::ListMyRoundsRequest* req,
                                            v1::ListMyRoundsResponse* resp) {
  return runner_.Run(ctx, "ListMyRounds", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    const PersonId me = call.caller().person_id;
    for (const Membership& m : MembershipsOf(call.txn(), me)) {
      const v1::Round round = *LoadRound(call.txn(), m.round_id);
      const WorkLeft left = WorkLeftOf(call.txn(), round, m, me);
      v1::MyRound* mine = resp->add_rounds();
      mine->set_round_id(round.id());
      mine->set_title(round.title());
      mine->set_kind(round.kind());
      mine->set_state(round.state());
      mine->set_panel_id(m.panel_id.str());
      mine->set_panel_kind(m.panel_kind);
      mine->set_role(m.role);
      for (const std::string& item : left.to_do) mine->add_to_do(item);
      for (CandidateId id : left.recused) {
        mine->add_recused_candidate_ids(id.str());
      }
    }
    for (v1::Supporter& s : SupportedBy(call.txn(), keys_, me)) {
      *resp->add_supporting() = std::move(s);
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ListMail(Ctx* ctx,
                                        const v1::ListMailRequest* req,
                                        v1::ListMailResponse* resp) {
  return runner_.Run(ctx, "ListMail", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    mail::MailFilter filter;
    if (!req->filter_round_id().empty()) {
      EQ_ASSIGN_OR_RETURN(
          filter.round_id,
          ParseId<RoundId>("filter_round_id", req->filter_round_id()));
    }
    if (!req->filter_person_id().empty()) {
      EQ_ASSIGN_OR_RETURN(
          filter.person_id,
          ParseId<PersonId>("filter_person_id", req->filter_person_id()));
    }
    if (req->filter_state() != v1::MAIL_STATE_UNSPECIFIED) {
      const auto* value =
          v1::MailState_descriptor()->FindValueByNumber(req->filter_state());
      if (value == nullptr) {
        return MustBeOneOf("filter_state", *v1::MailState_descriptor());
      }
      filter.state = absl::AsciiStrToLower(
          absl::StripPrefix(value->name(), "MAIL_STATE_"));
    }
    for (v1::MailInfo& m : mail::ListMail(call.txn(), keys_, filter)) {
      *resp->add_mail() = std::move(m);
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::RetryMail(Ctx* ctx,
                                         const v1::RetryMailRequest* req,
                                         v1::MailInfo* resp) {
  return runner_.Run(ctx, "RetryMail", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    int64_t id = 0;
    if (!absl::SimpleAtoi(req->mail_id(), &id) || id <= 0) {
      return absl::InvalidArgumentError(
          "mail_id must be the number of a message, from the list of mail");
    }
    const std::optional<bool> was_failed = mail::RetryFailed(call.txn(), id);
    if (!was_failed.has_value()) {
      return NoSuch("message", "mail_id", req->mail_id());
    }
    if (!*was_failed) {
      return absl::FailedPreconditionError(
          "Only a message that failed can be sent again; this one has not "
          "failed.");
    }
    call.Event("mail.retried", absl::StrCat("mail/", id), std::nullopt, "{}");
    for (v1::MailInfo& m : mail::ListMail(call.txn(), keys_, {})) {
      if (m.id() == req->mail_id()) *resp = std::move(m);
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::RemindPanel(Ctx* ctx,
                                           const v1::RemindPanelRequest* req,
                                           v1::RemindPanelResponse* resp) {
  return runner_.Run(ctx, "RemindPanel", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    if (!outbox_.enabled()) {
      return absl::FailedPreconditionError(
          "equalsay is not set up to send e-mail, so it cannot send "
          "reminders: remind your panel another way, or ask an "
          "administrator to set EQUALSAY_SMTP_URL.");
    }
    const v1::Round round = *LoadRound(call.txn(), round_id);
    if (round.state() != v1::ROUND_STATE_SCORING &&
        round.state() != v1::ROUND_STATE_DECIDING &&
        round.state() != v1::ROUND_STATE_OPEN) {
      return absl::FailedPreconditionError(
          "There is nothing to remind anyone of: the round is not scoring "
          "or deciding.");
    }
    const PersonId me = call.caller().person_id;
    const Membership mine = *MembershipIn(call.txn(), round_id, me);
    // Everyone on the panel gets one, with their own list (which may be
    // empty), so nobody can tell from the mail who had not voted.
    const int64_t hour =
        absl::ToUnixSeconds(TransactionTime(call.txn())) / 3600;
    for (const PanelSeat& seat : SeatsOf(call.txn(), mine.panel_id)) {
      if (seat.person_id == me || !seat.active || !Votes(seat.role)) continue;
      const Membership theirs{.round_id = round_id,
                              .panel_id = mine.panel_id,
                              .panel_kind = mine.panel_kind,
                              .role = seat.role};
      outbox_.Queue(
          call.txn(),
          {.person_id = seat.person_id,
           .kind = mail::MailKind::kReminder,
           .round_id = round_id,
           .asked_by = me,
           .to_do = WorkLeftOf(call.txn(), round, theirs, seat.person_id).to_do,
           .once_key =
               absl::StrCat("reminder:round/", round_id.value(), ":person/",
                            seat.person_id.value(), ":hour/", hour)});
    }
    call.Event("panel.reminded", Subject("panel", mine.panel_id), round_id,
               "{}");
    resp->set_explanation(
        "A reminder is on its way by e-mail to each voting member of your "
        "panel, telling them what they still have to do. Asking again "
        "within the hour sends nothing more.");
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::AddDocument(Ctx* ctx,
                                           const v1::AddDocumentRequest* req,
                                           v1::Document* resp) {
  return runner_.Run(ctx, "AddDocument", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    if (DocumentKindName(req->kind()).empty()) {
      return MustBeOneOf("kind", *v1::DocumentKind_descriptor());
    }
    const std::string title =
        req->title().empty() ? DocumentKindWords(req->kind()) : req->title();
    EQ_RETURN_IF_ERROR(CheckText("title", title, kMaxTitle));
    EQ_ASSIGN_OR_RETURN(const std::string media_type,
                        DocumentMediaType(req->content()));
    EQ_RETURN_IF_ERROR(LockRoundForPack(call, round_id));
    std::optional<CandidateId> candidate_id;
    if (!req->candidate_id().empty()) {
      EQ_ASSIGN_OR_RETURN(
          candidate_id,
          ParseId<CandidateId>("candidate_id", req->candidate_id()));
      const std::optional<v1::Candidate> candidate =
          LoadCandidate(call.txn(), keys_, *candidate_id);
      if (!candidate.has_value() || candidate->round_id() != req->round_id()) {
        return NoSuch("candidate in this round", "candidate_id",
                      req->candidate_id());
      }
      EQ_RETURN_IF_ERROR(CheckNotErased("candidate_id", req->candidate_id(),
                                        candidate->erased()));
    }
    std::vector<std::string> hidden_names;
    const v1::Round full = *LoadRoundInFull(call.txn(), keys_, round_id);
    for (const v1::Candidate& c : full.candidates()) {
      if (c.anonymised()) hidden_names.push_back(c.name());
    }
    EQ_RETURN_IF_ERROR(CheckTitleHidesNames(title, hidden_names));
    EQ_RETURN_IF_ERROR(CheckRoom("round_id", "round", "documents",
                                 CountDocuments(call.txn(), round_id),
                                 kMaxDocuments));
    const DocumentId id = InsertDocument(call.txn(), keys_,
                                         {.round_id = round_id,
                                          .candidate_id = candidate_id,
                                          .title = title,
                                          .kind = req->kind(),
                                          .media_type = media_type,
                                          .content = req->content(),
                                          .added_by = call.caller().person_id});
    // The trail holds no titles: a title may name a candidate.
    JsonObject detail;
    detail.Add("kind", DocumentKindName(req->kind()))
        .Add("media_type", media_type)
        .Add("size_bytes", static_cast<int64_t>(req->content().size()));
    if (candidate_id.has_value()) detail.Add("candidate_id", *candidate_id);
    call.Event("document.added", Subject("document", id), round_id,
               detail.str());
    *resp = *LoadDocumentInfo(call.txn(), keys_, id);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ListDocuments(
    Ctx* ctx, const v1::ListDocumentsRequest* req,
    v1::ListDocumentsResponse* resp) {
  return runner_.Run(ctx, "ListDocuments", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(const RoundId round_id,
                        ParseId<RoundId>("round_id", req->round_id()));
    EQ_RETURN_IF_ERROR(call.AuthorizeInRound(round_id));
    for (v1::Document& doc :
         panels::ListDocuments(call.txn(), keys_, round_id)) {
      *resp->add_documents() = std::move(doc);
    }
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::GetDocument(Ctx* ctx,
                                           const v1::GetDocumentRequest* req,
                                           v1::Document* resp) {
  return runner_.Run(ctx, "GetDocument", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(
        const v1::Document info,
        LoadAndAuthorize(call, keys_, "document", "document_id",
                         req->document_id(), &LoadDocumentInfo));
    *resp = *LoadDocument(call.txn(), keys_, IdOf<DocumentId>(info.id()),
                          /*with_content=*/true);
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::RemoveDocument(
    Ctx* ctx, const v1::RemoveDocumentRequest* req, v1::Document* resp) {
  return runner_.Run(ctx, "RemoveDocument", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(
        *resp, LoadAndAuthorize(call, keys_, "document", "document_id",
                                req->document_id(), &LoadDocumentInfo));
    EQ_RETURN_IF_ERROR(CheckText("reason", req->reason(), kMaxReason,
                                 /*required=*/true, /*multiline=*/true));
    const RoundId round_id = IdOf<RoundId>(resp->round_id());
    EQ_RETURN_IF_ERROR(LockRoundForPack(call, round_id));
    const DocumentId id = IdOf<DocumentId>(resp->id());
    MarkDocumentRemoved(call.txn(), id);
    JsonObject payload;
    std::vector<std::string> about = {
        Subject("person", call.caller().person_id)};
    if (!resp->candidate_id().empty()) {
      about.push_back(
          Subject("candidate", IdOf<CandidateId>(resp->candidate_id())));
    }
    privacy::KeepText(call.txn(), keys_, payload, "reason", req->reason(),
                      about);
    call.Event("document.removed", Subject("document", id), round_id,
               payload.str());
    return absl::OkStatus();
  });
}

// ---- Subject access ----

grpc::Status PanelServiceImpl::ExportPersonData(
    Ctx* ctx, const v1::ExportPersonDataRequest* req, v1::PersonalData* resp) {
  return runner_.Run(ctx, "ExportPersonData", *req, resp, [&](Call& call) {
    EQ_RETURN_IF_ERROR(call.Authorize());
    EQ_ASSIGN_OR_RETURN(
        const v1::Person person,
        OwnOrOverseen(call, keys_, req->person_id(), {Role::kAdmin},
                      "person_id: you may ask for what equalsay holds about "
                      "you; administrators may ask for anyone's."));
    *resp = SubjectAccess(
        absl::StrCat("person ", person.id(), ", ", person.display_name()),
        PersonData(call.txn(), keys_, IdOf<PersonId>(person.id())));
    return absl::OkStatus();
  });
}

grpc::Status PanelServiceImpl::ExportCandidateData(
    Ctx* ctx, const v1::ExportCandidateDataRequest* req,
    v1::PersonalData* resp) {
  return runner_.Run(ctx, "ExportCandidateData", *req, resp, [&](Call& call) {
    EQ_ASSIGN_OR_RETURN(
        const v1::Candidate candidate,
        LoadAndAuthorize(call, keys_, "candidate", "candidate_id",
                         req->candidate_id(), &LoadCandidate));
    const CandidateId id = IdOf<CandidateId>(candidate.id());
    *resp = SubjectAccess(
        absl::StrCat("candidate ", id.str(), ", ", candidate.name()),
        CandidateData(call.txn(), keys_, id));
    return absl::OkStatus();
  });
}

}  // namespace equalsay::panels
