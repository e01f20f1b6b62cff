#include "clients/cli/commands.h"

#include "clients/cli/call.h"
#include "clients/cli/fields.h"

namespace equalsay::cli {
namespace {

constexpr char kPanels[] = "equalsay.v1.PanelService.";
constexpr char kScoring[] = "equalsay.v1.ScoringService.";
constexpr char kConsensus[] = "equalsay.v1.ConsensusService.";

std::string P(const char* m) { return std::string(kPanels) + m; }
std::string S(const char* m) { return std::string(kScoring) + m; }
std::string C(const char* m) { return std::string(kConsensus) + m; }

}  // namespace

const std::vector<Command>& Commands() {
  static const auto* kCommands = new std::vector<Command>{
      // People and sign-in tokens (administrators).
      {"person add",
       P("CreatePerson"),
       "Add a person who can use equalsay",
       {{"--name", "display_name", "Their name as others see it", true},
        {"--email", "email", "Their e-mail address (optional)"},
        {"--role", "org_role",
         "What they may do across the organisation: admin sets up, hr "
         "confirms outcomes, member sits on panels",
         true}},
       "equalsay person add --name 'Asha Patel' --role member"},
      {"person show",
       P("GetPerson"),
       "Show one person",
       {{"PERSON", "person_id", "The person's id"}},
       "equalsay person show 12"},
      {"person list",
       P("ListPeople"),
       "List everyone",
       {{"--all", "include_inactive", "Include deactivated people"}},
       "equalsay person list --all"},
      {"person deactivate",
       P("DeactivatePerson"),
       "Stop someone using equalsay; their tokens stop working at once",
       {{"PERSON", "person_id", "The person's id"}},
       "equalsay person deactivate 12"},
      {"person update",
       P("UpdatePerson"),
       "Correct someone's name, e-mail address or role",
       {{"PERSON", "person_id", "The person's id"},
        {"--name", "display_name", "Their name as others see it"},
        {"--email", "email", "Their e-mail address ('' removes it)"},
        {"--role", "org_role", "admin, hr or member"}},
       "equalsay person update 12 --name 'Siân Llewellyn'"},
      {"token issue",
       P("IssueToken"),
       "Give someone a sign-in token (shown only this once)",
       {{"PERSON", "person_id", "The person's id"},
        {"--label", "label", "What it is for, e.g. 'phone'"},
        {"--expires-in-days", "expires_in_days",
         "Days until it stops working (0: never)"}},
       "equalsay token issue 12 --label phone --expires-in-days 90"},
      {"token revoke",
       P("RevokeToken"),
       "Stop a token, session or sign-in link working",
       {{"TOKEN_ID", "token_id",
         "Its id, from `equalsay token list` (not the token itself)"}},
       "equalsay token revoke 4"},
      {"token list",
       P("ListTokens"),
       "List the sign-in links, sessions (one per device) and tokens of "
       "someone (administrators), or your own",
       {{"--person", "person_id", "The person's id (default: you)"}},
       "equalsay token list --person 12"},
      {"person link",
       P("CreateSignInLink"),
       "Make a sign-in link for someone to open in their web browser (it "
       "works once, for a few days; shown only this once)",
       {{"PERSON", "person_id", "The person's id"}},
       "equalsay person link 12"},
      {"whoami",
       P("GetMe"),
       "Show who you are signed in as",
       {},
       "equalsay whoami"},

      // Rounds, panels and set-up.
      {"round create",
       P("CreateRound"),
       "Start setting up a round: a recruitment (hiring for one post) or a "
       "strategy round (a steering group's decisions)",
       {{"--kind", "kind", "What kind of round", true},
        {"--title", "title", "A short title", true},
        {"--purpose", "purpose", "What the round is for, in plain words", true},
        {"--scope", "scope_statement",
         "What is fixed and what is open to the panels", true},
        {"--publish-secret-counts", "publish_secret_counts",
         "Secret votes show each panel's counts where it has 5 or more "
         "voters (a unanimous count then shows how everyone voted). Without "
         "it: only whether each panel agreed and who took part"},
        {"--assisted-entries-need-confirmation",
         "assisted_entries_need_confirmation",
         "A vote a supporter enters for a member counts only once the member "
         "confirms it. Without it: it counts unless the member changes it"}},
       "equalsay round create --kind recruitment --title 'Peer support "
       "worker' --purpose '...' --scope 'Fixed: salary. Open: who is "
       "appointed.'"},
      {"round show",
       P("GetRound"),
       "Show a round with its panels, candidates and criteria",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay round show 3"},
      {"round list",
       P("ListRounds"),
       "List the rounds you can see",
       {},
       "equalsay round list"},
      {"round open",
       P("OpenRound"),
       "Finish set-up and start the round (scoring, or voting on proposals)",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay round open 3"},
      {"round update",
       P("UpdateRound"),
       "Correct a round's title, purpose or scope until it is finished",
       {{"ROUND", "round_id", "The round's id"},
        {"--title", "title", "A short title"},
        {"--purpose", "purpose", "What the round is for, in plain words"},
        {"--scope", "scope_statement",
         "What is fixed and what is open to the panels"}},
       "equalsay round update 3 --title 'Peer support worker (Leeds)'"},
      {"round withdraw",
       P("WithdrawRound"),
       "Stop a round before it ends",
       {{"ROUND", "round_id", "The round's id"},
        {"--reason", "reason", "Why, for the record", true}},
       "equalsay round withdraw 3 --reason 'The post was cut'"},
      {"panel remind",
       P("RemindPanel"),
       "Co-chairs: e-mail each voting member of your panel what they still "
       "have to do in the round (at most once an hour)",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay panel remind 3",
       "explanation"},
      {"mail list",
       P("ListMail"),
       "The e-mail equalsay sent or will send, and why any failed (never "
       "what it said)",
       {{"--round", "filter_round_id", "Only this round's"},
        {"--person", "filter_person_id", "Only this person's"},
        {"--state", "filter_state", "Only those in this state"}},
       "equalsay mail list --state failed"},
      {"mail retry",
       P("RetryMail"),
       "Send a failed message again",
       {{"MAIL_ID", "mail_id", "Its number, from `equalsay mail list`"}},
       "equalsay mail retry 12"},
      {"panel update",
       P("UpdatePanel"),
       "Rename a panel, or change its rule until the round's first decision "
       "is put",
       {{"PANEL", "panel_id", "The panel's id"},
        {"--name", "name", "The panel's name"},
        {"--quorum", "quorum",
         "How many voting members must take part (0: more than half)"},
        {"--threshold", "threshold", "How much agreement the panel needs"}},
       "equalsay panel update 7 --threshold two-thirds"},
      {"panel add",
       P("AddPanel"),
       "Add a panel to a round: the Service User Panel or the staff panel. "
       "Each holds an equal veto.",
       {{"ROUND", "round_id", "The round's id"},
        {"--kind", "kind", "Which panel", true},
        {"--name", "name", "Defaults to 'Service User Panel' or 'Staff Panel'"},
        {"--quorum", "rule.quorum",
         "How many voting members must take part (0: more than half)"},
        {"--threshold", "rule.threshold",
         "How much agreement the panel needs (default simple-majority)"}},
       "equalsay panel add 3 --kind service-user --threshold two-thirds"},
      {"member add",
       P("AddMember"),
       "Put a person on a panel",
       {{"PANEL", "panel_id", "The panel's id"},
        {"PERSON", "person_id", "The person's id"},
        {"--role", "role",
         "co-chair (runs the panel), member (scores and votes) or observer "
         "(sees, never scores or votes)",
         true}},
       "equalsay member add 5 12 --role co-chair"},
      {"member remove",
       P("RemoveMember"),
       "Take a person off a panel",
       {{"PANEL", "panel_id", "The panel's id"},
        {"PERSON", "person_id", "The person's id"}},
       "equalsay member remove 5 12"},
      {"member replace",
       P("ReplaceMember"),
       "Once a round has started, replace a panel member who can no longer "
       "take part (or add one to a panel that has lost its voting members). "
       "The person leaving keeps what they submitted; a panel always keeps "
       "an active voting member",
       {{"PANEL", "panel_id", "The panel's id"},
        {"--leaving", "leaving_person_id", "Who leaves the panel (their id)"},
        {"--joining", "joining_person_id", "Who joins the panel (their id)"},
        {"--role", "role", "The joining person's role on the panel"},
        {"--reason", "reason", "Why, for the record", true}},
       "equalsay member replace 3 --leaving 12 --joining 19 --role co-chair "
       "--reason 'Asha has moved out of the area'"},
      {"candidate add",
       P("AddCandidate"),
       "Add a candidate to a recruitment round",
       {{"ROUND", "round_id", "The round's id"},
        {"--name", "name", "The candidate's name", true},
        {"--reference", "anonymised_reference",
         "e.g. 'Candidate B': panels then see this instead of the name"}},
       "equalsay candidate add 3 --name 'Sam Jones' --reference 'Candidate A'"},
      {"candidate update",
       P("UpdateCandidate"),
       "Correct a candidate's name or the reference panels see, until the "
       "round is finished",
       {{"CANDIDATE", "candidate_id", "The candidate's id"},
        {"--name", "name", "Their name"},
        {"--reference", "anonymised_reference",
         "What the panels see instead of the name ('' shows the name)"}},
       "equalsay candidate update 4 --reference 'Candidate B'"},
      {"criterion update",
       P("UpdateCriterion"),
       "Change a criterion's question or weight while the round is being set "
       "up",
       {{"CRITERION", "criterion_id", "The criterion's id"},
        {"--question", "question", "The question, in plain words"},
        {"--weight", "weight", "How much it counts"}},
       "equalsay criterion update 2 --weight 2"},
      {"candidate withdraw",
       P("WithdrawCandidate"),
       "Record that a candidate has withdrawn",
       {{"CANDIDATE", "candidate_id", "The candidate's id"}},
       "equalsay candidate withdraw 7"},
      {"document add",
       P("AddDocument"),
       "Add a document to a round's pack, for everyone in the round to read: "
       "a PDF or a plain text file, at most 3 MB. Take a candidate's name "
       "out of the file itself if the panels know them by a reference",
       {{"ROUND", "round_id", "The round's id"},
        {"FILE", "content", "The file ('-' reads standard input)"},
        {"--kind", "kind", "What it is", true},
        {"--candidate", "candidate_id",
         "The candidate it is about (leave out for the whole round)"},
        {"--title", "title", "What people see it called (default: the kind)"}},
       "equalsay document add 3 clients/cli/examples/job-description.txt "
       "--kind job-description"},
      {"document list",
       P("ListDocuments"),
       "List a round's pack: the whole round's documents, then each "
       "candidate's",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay document list 3"},
      {"document get",
       P("GetDocument"),
       "Write a document of the pack to standard output, exactly as added",
       {{"DOCUMENT", "document_id", "The document's id"}},
       "equalsay document get 12 > job-description.pdf",
       "content"},
      {"document remove",
       P("RemoveDocument"),
       "Take a document out of a round's pack, saying why",
       {{"DOCUMENT", "document_id", "The document's id"},
        {"--reason", "reason", "Why, for the record", true}},
       "equalsay document remove 12 --reason \"It was last year's "
       "questions\""},
      {"conflict declare",
       P("DeclareConflict"),
       "Say you know a candidate: you then neither score nor vote on them",
       {{"CANDIDATE", "candidate_id", "The candidate's id"},
        {"--reason", "reason", "How you know them", true}},
       "equalsay conflict declare 7 --reason 'We worked together last year'"},
      {"supporter name",
       P("NameSupporter"),
       "Name someone who may enter your votes for you in a round (your "
       "supporter). Co-chairs: name one for a member of your panel who "
       "agreed to it in person",
       {{"ROUND", "round_id", "The round's id"},
        {"SUPPORTER", "supporter_person_id", "The supporter's person id"},
        {"--member", "member_person_id",
         "Co-chairs: the member they will support (default: you)"},
        {"--consent-given-in-person", "consent_given_in_person",
         "Co-chairs: the member agreed to this in person"}},
       "equalsay supporter name 3 21"},
      {"supporter withdraw",
       P("WithdrawSupporter"),
       "Stop a supporter acting for a member, at once",
       {{"ROUND", "round_id", "The round's id"},
        {"SUPPORTER", "supporter_person_id", "The supporter's person id"},
        {"--member", "member_person_id",
         "The member they supported (default: you)"}},
       "equalsay supporter withdraw 3 21"},
      {"supporter list",
       P("ListSupporters"),
       "Show the supporters you may see in a round",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay supporter list 3"},
      {"todo",
       P("ListMyRounds"),
       "What you still need to do, round by round",
       {},
       "equalsay todo"},

      // Scoring.
      {"sheet show",
       S("GetScoreSheet"),
       "Show your score sheet for a candidate (or someone else's, once you "
       "may see it)",
       {{"CANDIDATE", "candidate_id", "The candidate's id"},
        {"--person", "person_id", "Whose sheet (default: yours)"}},
       "equalsay sheet show 7 --person 12"},
      {"sheet list",
       S("ListScoreSheets"),
       "Show the score sheets you may see in a round, and what is not shown "
       "yet",
       {{"ROUND", "round_id", "The round's id"},
        {"--candidate", "candidate_id", "Only this candidate"}},
       "equalsay sheet list 3 --candidate 7"},
      {"sheet history",
       S("GetScoreSheetHistory"),
       "Show every saved version of a score sheet",
       {{"CANDIDATE", "candidate_id", "The candidate's id"},
        {"--person", "person_id", "Whose sheet (default: yours)"}},
       "equalsay sheet history 7"},
      {"scoring progress",
       S("GetScoringProgress"),
       "Who has submitted their sheets, per candidate (never what they "
       "scored)",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay scoring progress 3"},
      {"scoring close",
       S("CloseScoring"),
       "Close your panel's scoring (co-chairs). Refused while sheets are "
       "missing unless --anyway",
       {{"PANEL", "panel_id", "Your panel's id"},
        {"--anyway", "close_anyway", "Close even with sheets missing"}},
       "equalsay scoring close 5 --anyway"},
      {"results",
       S("GetResults"),
       "Each candidate's scores per panel and combined, and whether the "
       "panels agree (once every panel has closed scoring)",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay results 3"},

      // Decisions and votes.
      {"decision create",
       C("CreateDecision"),
       "Put a decision to the panels and open voting",
       {{"ROUND", "round_id", "The round's id"},
        {"--candidate", "candidate_id",
         "Recruitment: the candidate to decide on"},
        {"--title", "title", "Strategy: the proposal's title"},
        {"--text", "text", "Strategy: the proposal in plain words"},
        {"--method", "method",
         "yes-no (agree, disagree, abstain) or consent (agree, stand aside, "
         "object: any objection blocks)",
         true},
        {"--secrecy", "secrecy",
         "named (who voted what is shown after the close) or secret (only "
         "tallies)",
         true},
        {"--closes-at", "closes_at_unix",
         "When voting closes by itself, e.g. 2026-12-01T17:00 (UTC) or +2h"},
        {"--close-when-all-voted", "close_when_all_voted",
         "Close as soon as everyone has voted"}},
       "equalsay decision create 3 --candidate 7 --method yes-no --secrecy "
       "secret"},
      {"decision show",
       C("GetDecision"),
       "Show a decision and how many have voted in each panel",
       {{"DECISION", "decision_id", "The decision's id"}},
       "equalsay decision show 9"},
      {"decision list",
       C("ListDecisions"),
       "List a round's decisions",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay decision list 3"},
      {"vote",
       C("CastBallot"),
       "Vote on a decision; voting again replaces your vote until it closes",
       {{"DECISION", "decision_id", "The decision's id"},
        {"CHOICE", "choice",
         "agree, disagree or abstain (yes-no); agree, stand-aside or object "
         "(consent)"},
        {"--reason", "reason", "Why (optional)"}},
       "equalsay vote 9 disagree --reason 'Did not show how they share "
       "power'"},
      {"ballot show",
       C("GetMyBallot"),
       "Show your vote on a decision",
       {{"DECISION", "decision_id", "The decision's id"}},
       "equalsay ballot show 9"},
      {"ballot enter",
       C("CastBallotFor"),
       "Enter a member's vote for them, as they gave it (you must be their "
       "named supporter). It stays theirs: they see it and can confirm or "
       "change it until voting closes",
       {{"DECISION", "decision_id", "The decision's id"},
        {"MEMBER", "member_person_id", "The member's person id"},
        {"CHOICE", "choice", "Their choice, as for equalsay vote"},
        {"--how", "how", "How they gave it: in-room, phone, paper or with-help",
         true},
        {"--asked-for-help", "member_asked_for_help",
         "They asked you for help with this vote (needed for a secret "
         "vote)"},
        {"--reason", "reason", "Their reason, in their words (optional)"}},
       "equalsay ballot enter 9 14 agree --how phone"},
      {"ballot confirm",
       C("ConfirmBallot"),
       "Confirm that the vote your supporter entered for you is yours",
       {{"DECISION", "decision_id", "The decision's id"}},
       "equalsay ballot confirm 9"},
      {"decision count-papers",
       C("CountPaperBallots"),
       "Enter the count of a secret vote's paper ballots, counted in the "
       "room. A co-chair of your panel counts first; a second person of the "
       "panel counts again and enters the same. The papers count only when "
       "both counts agree, and those who handed one in cannot vote again",
       {{"DECISION", "decision_id", "The decision's id"},
        {"--voted", "voter_person_ids",
         "The person ids of everyone in your panel who handed in a paper, "
         "separated by commas",
         true},
        {"--agree", "agree", "How many papers say agree"},
        {"--disagree", "disagree", "How many papers say disagree"},
        {"--abstain", "abstain",
         "How many papers say abstain (count a blank paper here)"},
        {"--stand-aside", "stand_aside", "How many papers say stand aside"},
        {"--object", "object", "How many papers say object"}},
       "equalsay decision count-papers 9 --voted 14,15,16 --agree 2 "
       "--disagree 1"},
      {"decision close",
       C("CloseDecision"),
       "Close a decision for your panel (co-chairs); it closes when every "
       "panel's co-chair has",
       {{"DECISION", "decision_id", "The decision's id"}},
       "equalsay decision close 9"},
      {"outcome",
       C("GetOutcome"),
       "The outcome of a closed decision, explained in plain words",
       {{"DECISION", "decision_id", "The decision's id"}},
       "equalsay outcome 9"},
      {"reason",
       C("GiveReason"),
       "After a veto: say why you disagreed or objected",
       {{"DECISION", "decision_id", "The decision's id"},
        {"TEXT", "reason", "Your reason"}},
       "equalsay reason 9 'The role needs lived experience of services'"},
      {"next-step",
       C("RecordNextStep"),
       "After a decision that did not go ahead, record with the other "
       "co-chairs what happens next",
       {{"DECISION", "decision_id", "The decision's id"},
        {"STEP", "next_step",
         "not-appointed, reinterview or readvertise (recruitment); "
         "not-adopted or revise-and-return (strategy)"}},
       "equalsay next-step 9 reinterview"},
      {"decision reopen",
       C("RequestReopen"),
       "Ask to hold a closed decision again; it reopens when a co-chair of "
       "every panel has asked",
       {{"DECISION", "decision_id", "The decision's id"},
        {"--reason", "reason", "Why", true}},
       "equalsay decision reopen 9 --reason 'New evidence came to light'"},
      {"offers",
       C("GetConfirmationQueue"),
       "HR: the agreed candidates in order of score, and who is next",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay offers 3"},
      {"confirm",
       C("ConfirmOutcome"),
       "HR: record an offer and its answer. Only candidates every panel "
       "agreed on can be confirmed.",
       {{"DECISION", "decision_id", "The candidate's decision id"},
        {"ACTION", "action", "What happened"},
        {"--note", "note", "A note for the record"}},
       "equalsay confirm 9 offer-made"},
      {"correct-confirmation",
       C("CorrectConfirmation"),
       "HR: correct the round's latest confirmation, saying why. The first "
       "entry stays in the record, marked corrected.",
       {{"ROUND", "round_id", "The round's id"},
        {"ACTION", "action", "What should have been recorded"},
        {"--note", "note", "Why it is corrected", true}},
       "equalsay correct-confirmation 3 declined --note 'They turned it down "
       "on "
       "the phone; I pressed the wrong button'"},

      // After an agreed decision: what will be done.
      {"action add",
       C("AddAction"),
       "Say what will be done after an agreed decision, who owns it and by "
       "when (co-chairs and administrators)",
       {{"DECISION", "decision_id", "The agreed decision's id"},
        {"--what", "what", "What will be done, in plain words", true},
        {"--owner", "owner_person_id",
         "The person id of who will do it (a co-chair or member of one of "
         "the round's panels, or an administrator or HR)",
         true},
        {"--due", "due_unix", "By when, e.g. 2027-02-03T10:00 (UTC) or +30d",
         true}},
       "equalsay action add 9 --what 'Open the drop-in on Saturdays' --owner "
       "21 --due +30d"},
      {"action update",
       C("UpdateAction"),
       "Record progress on an action you own (or, as a co-chair or "
       "administrator, any action of the round)",
       {{"ACTION", "action_id", "The action's id"},
        {"--state", "state",
         "in-progress, done or dropped (leave out to add a note only)"},
        {"--note", "note",
         "How it is going; for done, what was done, as members will read it",
         true}},
       "equalsay action update 4 --state done --note 'Open from 3 "
       "February, 10:00 to 14:00.'"},
      {"action list",
       C("ListActions"),
       "List a round's actions, with who owns each, by when, and whether it "
       "is overdue",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay action list 3"},
      {"you-said-we-did",
       C("GetYouSaidWeDid"),
       "What came of each agreed decision, as Markdown: for one round, or "
       "for the whole organisation (administrators and HR)",
       {{"--round", "round_id", "The round's id (leave out for every round)"}},
       "equalsay you-said-we-did --round 3 > you-said-we-did.md",
       "markdown"},

      // Subject access: what is held about a person or a candidate.
      {"person data",
       P("ExportPersonData"),
       "Everything equalsay holds about you (or, for administrators, about "
       "anyone), as Markdown; never how anyone voted in "
       "a secret vote",
       {{"--person", "person_id", "Administrators: whose (leave out for you)"}},
       "equalsay person data > my-data.md",
       "markdown"},
      {"candidate data",
       P("ExportCandidateData"),
       "Administrators: everything equalsay holds about a candidate (details, "
       "documents, the scores and evidence about them without who gave them, "
       "HR's record), as Markdown",
       {{"CANDIDATE", "candidate_id", "The candidate's id"}},
       "equalsay candidate data 7 > candidate-7.md",
       "markdown"},
      // Erasure on request: cannot be undone, so the name is asked for too.
      {"person erase",
       P("ErasePerson"),
       "Administrators: erase a person's personal data on their request "
       "(name, e-mail address, sign-ins, what they wrote). They show as "
       "\"Erased person\" from then on; votes, scores and outcomes stay. "
       "Cannot be undone; refused while they are on a round in progress",
       {{"PERSON", "person_id", "The person's id"},
        {"--name", "confirm_name", "Their name as equalsay shows it now",
         true}},
       "equalsay person erase 12 --name \"Ben Jones\""},
      {"candidate erase",
       P("EraseCandidate"),
       "Administrators: erase a candidate's personal data (name, reference, "
       "documents, the evidence notes about them, HR's notes). The scores "
       "and outcome stay. Cannot be undone; refused while their round is in "
       "progress, unless they withdrew",
       {{"CANDIDATE", "candidate_id", "The candidate's id"},
        {"--name", "confirm_name", "Their name as equalsay shows it now",
         true}},
       "equalsay candidate erase 7 --name \"Jo Bloggs\""},
      {"retention plan",
       P("PlanRetention"),
       "Administrators: the retention policy, and who it would erase now "
       "(a dry run: nothing changes; the server erases them by itself)",
       {},
       "equalsay retention plan"},
      {"privacy",
       P("GetPrivacyNotice"),
       "The privacy notice: who is responsible for your data, whom to ask, "
       "and how long it is kept",
       {},
       "equalsay privacy"},

      // Involvement: time given, expenses, and how it is recognised.
      {"rate set",
       P("SetRate"),
       "Administrators: set what an hour of an activity is paid at for a "
       "role; the same on both panels",
       {{"--activity", "kind", "What the time is for", true},
        {"--role", "role", "co-chair or member", true},
        {"--per-hour", "pence_per_hour", "Pounds an hour, e.g. 15.00", true}},
       "equalsay rate set --activity interview-day --role member --per-hour "
       "15.00"},
      {"rate list",
       P("ListRates"),
       "The rates time is paid at, and the rule behind them",
       {},
       "equalsay rate list"},
      {"time add",
       P("RecordInvolvement"),
       "Record time you gave to a round (a co-chair may record it for a "
       "member of their panel); it counts once a co-chair confirms it",
       {{"ROUND", "round_id", "The round's id"},
        {"--activity", "kind", "What the time was for", true},
        {"--minutes", "minutes", "How long, in minutes", true},
        {"--on", "on_date", "The day, e.g. 2027-02-03 (default today)"},
        {"--note", "note", "Anything a co-chair should know"},
        {"--for", "person_id", "Co-chairs: the member's person id"}},
       "equalsay time add 3 --activity preparation --minutes 45 --on "
       "2027-02-01"},
      {"expense add",
       P("RecordInvolvement"),
       "Claim a cost of taking part (travel, data, care); repaid whatever "
       "you chose, once a co-chair confirms it",
       {{"ROUND", "round_id", "The round's id"},
        {"--kind", "kind", "travel, data, care-costs or other-expense", true},
        {"--amount", "amount_pence", "Pounds, e.g. 6.40", true},
        {"--note", "note", "What it was", true},
        {"--on", "on_date", "The day, e.g. 2027-02-03 (default today)"},
        {"--for", "person_id", "Co-chairs: the member's person id"}},
       "equalsay expense add 3 --kind travel --amount 6.40 --note 'Bus "
       "there and back'"},
      {"time fill",
       P("FillInvolvement"),
       "Co-chairs: record an interview day or meeting for everyone on your "
       "panel who submitted a score sheet or voted, to confirm after",
       {{"ROUND", "round_id", "The round's id"},
        {"--minutes", "minutes", "How long the day or meeting was", true},
        {"--on", "on_date", "The day, e.g. 2027-02-03 (default today)"}},
       "equalsay time fill 3 --minutes 420 --on 2027-02-03"},
      {"time confirm",
       P("ConfirmInvolvement"),
       "Co-chairs and administrators: confirm someone else's time or "
       "expense, or decline it saying why",
       {{"ROUND", "round_id", "The round's id"},
        {"ENTRY", "entry_id", "The entry's id"},
        {"--decline", "decline", "Decline it instead"},
        {"--reason", "reason", "Why it is declined"}},
       "equalsay time confirm 3 41"},
      {"time list",
       P("ListInvolvement"),
       "A round's time and expenses: co-chairs see everyone's, members "
       "their own",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay time list 3"},
      {"recognition",
       P("ChooseRecognition"),
       "Choose how your time in a round is recognised; you may change it",
       {{"ROUND", "round_id", "The round's id"},
        {"CHOICE", "recognition", "payment, voucher, training or none"}},
       "equalsay recognition 3 voucher"},
      {"income-limit",
       P("SetIncomeLimit"),
       "Set the income you must keep under in a tax year (for example "
       "because of your benefits), so your statement warns you; 0 takes it "
       "away. Only you, administrators and HR see it.",
       {{"POUNDS", "limit_pence", "The limit in pounds, e.g. 1500.00"}},
       "equalsay income-limit 1500"},
      {"statement",
       P("GetStatement"),
       "Your time, expenses and what they come to for a tax year (6 April "
       "to 5 April); administrators and HR may see anyone's",
       {{"--tax-year", "tax_year",
         "The year the tax year starts in (default this one)"},
        {"--person", "person_id", "Administrators and HR: whose"}},
       "equalsay statement --tax-year 2026"},
      {"payments export",
       P("ExportPayments"),
       "Administrators and HR: what to pay, per person and round, for the "
       "confirmed time and expenses dated in a period, as CSV",
       {{"--from", "from_date", "The first day, e.g. 2026-04-06", true},
        {"--to", "to_date", "The last day, e.g. 2027-04-05", true}},
       "equalsay payments export --from 2026-04-06 --to 2027-04-05 > "
       "payments.csv",
       "csv"},

      // The record.
      {"minutes",
       C("GetMinutes"),
       "The minutes of a round, as Markdown (or --output json): who took "
       "part, each decision with its tallies, outcome and reasons, what "
       "happened after a veto, HR's confirmations",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay minutes 3 > minutes.md",
       "markdown"},
      {"feedback",
       C("GetCandidateFeedback"),
       "Feedback for each candidate: each panel's strengths and gaps, with "
       "no panel member named (administrators, HR and co-chairs)",
       {{"ROUND", "round_id", "The round's id"}},
       "equalsay feedback 3 > feedback.md",
       "markdown"},
  };
  return *kCommands;
}

std::string InTypedWords(std::string message, const Command& command) {
  return InTypedWords(std::move(message), command.args);
}

int FailAs(const grpc::Status& status, const Session& session,
           const std::vector<Arg>& args) {
  return Fail(grpc::Status(status.error_code(),
                           InTypedWords(status.error_message(), args)),
              session);
}

std::string InTypedWords(std::string message, const std::vector<Arg>& args) {
  for (const Arg& arg : args) {
    // "There is no round with round_id 12." is "There is no round 12."
    const std::string with = " with " + arg.field + " ";
    const bool id = arg.field.size() > 3 &&
                    arg.field.compare(arg.field.size() - 3, 3, "_id") == 0;
    for (size_t at; id && (at = message.find(with)) != std::string::npos;) {
      message.replace(at, with.size(), 1, ' ');
    }
    // Options by their flag; arguments by their name in the usage line.
    ReplaceWholeWord(message, arg.field, arg.name);
  }
  return message;
}

}  // namespace equalsay::cli
