// equalsay: the command-line client. Every RPC of the three services has a
// command in plain words; most are rows of commands.cc, filled in through
// the protocol's descriptors, and a few need code of their own (special.cc,
// apply.cc).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <map>

#include "clients/cli/apply.h"
#include "clients/cli/call.h"
#include "clients/cli/commands.h"
#include "clients/cli/fields.h"
#include "clients/cli/import.h"
#include "clients/cli/render.h"
#include "clients/cli/session.h"
#include "clients/cli/shell_docs.h"
#include "clients/cli/special.h"
#include "clients/cli/suggest.h"
#include "clients/cli/summary.h"
#include "equalsay/v1/consensus.pb.h"
#include "equalsay/v1/panels.pb.h"
#include "equalsay/v1/scoring.pb.h"

namespace equalsay::cli {
namespace {

namespace pb = google::protobuf;

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

// The subcommand for "round create", making "round" on the way.
CLI::App* Subcommand(CLI::App& app, const std::string& path,
                     const std::string& help) {
  CLI::App* parent = &app;
  std::string rest = path;
  for (size_t space; (space = rest.find(' ')) != std::string::npos;) {
    const std::string group = rest.substr(0, space);
    CLI::App* found = nullptr;
    for (CLI::App* sub : parent->get_subcommands({})) {
      if (sub->get_name() == group) found = sub;
    }
    if (found == nullptr) {
      found = parent->add_subcommand(group, "");
      found->require_subcommand(1);
    }
    parent = found;
    rest = rest.substr(space + 1);
  }
  return parent->add_subcommand(rest, help);
}

const pb::FieldDescriptor* FieldAt(const pb::Descriptor* type,
                                   const std::string& path) {
  const pb::FieldDescriptor* field = nullptr;
  std::string rest = path;
  while (true) {
    const size_t dot = rest.find('.');
    field = type->FindFieldByName(rest.substr(0, dot));
    if (field == nullptr || dot == std::string::npos) return field;
    type = field->message_type();
    rest = rest.substr(dot + 1);
  }
}

// A command row, its subcommand, and where the typed words go.
struct Bound {
  const Command* command;
  CLI::App* sub;
  std::vector<std::pair<const Arg*, std::string*>> values;
  std::vector<std::pair<const Arg*, CLI::Option*>> options;
  bool long_form = false;  // Every field, where a list has a short form.
};

int RunRow(const Bound& bound, const Session& session, const Output& out) {
  const pb::MethodDescriptor* method = FindMethod(bound.command->method);
  if (method == nullptr)
    return FailUsage("this server protocol lacks " + bound.command->method);
  std::unique_ptr<pb::Message> request = NewMessage(method->input_type());
  for (size_t i = 0; i < bound.values.size(); ++i) {
    const auto& [arg, value] = bound.values[i];
    if (bound.options[i].second->count() == 0) continue;
    if (auto error = SetField(*request, arg->field, *value, arg->name)) {
      return FailUsage(*error);
    }
  }
  if (const auto* f = request->GetDescriptor()->FindFieldByName("request_id")) {
    request->GetReflection()->SetString(request.get(), f, out.RequestId());
  }
  std::unique_ptr<pb::Message> response = NewMessage(method->output_type());
  const grpc::Status s = CallMethod(session, method, *request, response.get());
  if (!s.ok()) {
    return Fail(grpc::Status(s.error_code(),
                             InTypedWords(EnumValuesTyped(s.error_message(),
                                                          method->input_type()),
                                          *bound.command)),
                session);
  }
  WarnAbout(*response);
  const std::optional<std::string> summary =
      out.json || bound.long_form ? std::nullopt : Summary(*response);
  if (summary.has_value()) {
    std::cout << *summary;
  } else if (!out.json && !bound.command->text_field.empty()) {
    std::cout << response->GetReflection()->GetString(
        *response,
        response->GetDescriptor()->FindFieldByName(bound.command->text_field));
  } else {
    std::cout << Render(*response, out.json);
  }
  return kExitOk;
}

int Main(int argc, char** argv) {
  // Names the protocol files, so their descriptors are linked in.
  (void)v1::Round::descriptor();
  (void)v1::ScoreSheet::descriptor();
  (void)v1::Decision::descriptor();

  CLI::App app{
      "equalsay: co-produced decisions, where a Service User Panel holds an "
      "equal veto.\nThis command talks to an equalsay server: set up rounds, "
      "score candidates, vote, see outcomes.\nRun `equalsay COMMAND --help` "
      "for any command."};
  app.name("equalsay");  // In usage lines, not the binary's whole path.
  app.set_version_flag("--version", std::string(kVersion));
  app.require_subcommand(1);
  // The options above may come anywhere on the line, after the command too
  // (`equalsay round show 1 --output json`): a subcommand hands what it does
  // not know to the command above it.
  app.fallthrough();
  app.footer(
      "Exit codes: 0 done, 2 bad usage or input, 3 not found, 4 not signed "
      "in or not allowed, 5 not possible now (wrong state), 6 server "
      "unavailable, 7 the audit trail is not intact, 1 anything else.");

  Session session;
  session.server = EnvOr("EQUALSAY_SERVER", "127.0.0.1:50051");
  std::string token;
  std::string output = "text";
  Output out;
  app.add_option("--server", session.server,
                 "Server address as host:port (or set EQUALSAY_SERVER)")
      ->capture_default_str();
  CLI::Option* token_option =
      app.add_option("--token", token,
                     "Your sign-in token (or set EQUALSAY_TOKEN, or use "
                     "`equalsay login` once)");
  app.add_flag("--tls", session.tls,
               "Connect with TLS (when the server uses it)");
  app.add_option("--ca-cert", session.ca_cert_file,
                 "File with the certificate authority to trust for --tls")
      ->check(CLI::ExistingFile);
  app.add_option("--output", output,
                 "text (readable) or json (the protocol's JSON mapping, for "
                 "scripts)")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  std::string as;
  app.add_option("--as", as,
                 "Act as a person of a file given to `apply --issue-tokens`, "
                 "by their key in it (e.g. --as asha), with the token kept "
                 "for them, in place of EQUALSAY_TOKEN");
  app.add_option("--request-id", out.request_id,
                 "Your own id for this change: repeating the command with the "
                 "same id changes nothing a second time");

  auto* status = app.add_subcommand(
      "status", "Check that the server is up and can reach its database");
  status->footer(
      "Example:\n  equalsay --server equalsay.example.org:443 "
      "--tls status");

  auto* login = app.add_subcommand(
      "login",
      "Sign in with the sign-in link you were sent (or a token) and keep "
      "the sign-in, readable only by you, for later commands");
  std::string login_token;
  login->add_option("LINK", login_token,
                    "The sign-in link or token (default: read it from the "
                    "terminal)");
  login->add_option("--token", login_token, "The same, as an option");
  login->footer(
      "Example:\n  equalsay login 'https://equalsay.example.org/#link=...'");
  auto* logout = app.add_subcommand(
      "logout", "Sign out: end the kept sign-in and forget it");
  bool logout_everywhere = false;
  logout->add_flag("--everywhere", logout_everywhere,
                   "Also end your sign-ins on every other device, and any "
                   "sign-in link not yet used");
  logout->footer("Example:\n  equalsay logout --everywhere");

  // Rows of the table.
  std::deque<std::string> storage;
  std::vector<Bound> rows;
  for (const Command& command : Commands()) {
    Bound bound{.command = &command,
                .sub = Subcommand(app, command.path, command.help)};
    if (!command.example.empty())
      bound.sub->footer("Example:\n  " + command.example);
    const pb::MethodDescriptor* method = FindMethod(command.method);
    for (const Arg& arg : command.args) {
      const pb::FieldDescriptor* target =
          method == nullptr ? nullptr
                            : FieldAt(method->input_type(), arg.field);
      std::string help = arg.help;
      if (target != nullptr && target->enum_type() != nullptr) {
        help += " [" + EnumChoices(target->enum_type()) + "]";
      }
      std::string* value = &storage.emplace_back();
      // A yes-or-no option is a plain flag (`--all`; `--all=no` also works).
      CLI::Option* option =
          arg.is_option() && target != nullptr &&
                  target->cpp_type() == pb::FieldDescriptor::CPPTYPE_BOOL
              ? bound.sub->add_flag(arg.name, *value, help)
              : bound.sub->add_option(arg.name, *value, help);
      if (!arg.is_option() || arg.required) option->required();
      bound.values.emplace_back(&arg, value);
      bound.options.emplace_back(&arg, option);
    }
    rows.push_back(std::move(bound));
  }
  for (Bound& bound : rows) {
    const pb::MethodDescriptor* method = FindMethod(bound.command->method);
    if (method != nullptr &&
        Summary(*NewMessage(method->output_type())).has_value()) {
      bound.sub->add_flag("--long", bound.long_form,
                          "Show every field, not the short form");
    }
  }

  // Commands with code of their own.
  CriterionArgs criterion;
  auto* criterion_add = Subcommand(
      app, "criterion add",
      "Add a criterion candidates are scored on: a question, a scale whose "
      "every point has words, and a weight");
  criterion_add->add_option("ROUND", criterion.round_id, "The round's id")
      ->required();
  criterion_add
      ->add_option("--question", criterion.question,
                   "The question, in plain words")
      ->required();
  criterion_add
      ->add_option("--scale", criterion.scale,
                   "A point of the scale as VALUE=WORDS; give one "
                   "--scale per point, lowest first")
      ->required();
  criterion_add->add_option("--weight", criterion.weight,
                            "How much it counts (default 1)");
  criterion_add->footer(
      "Example:\n  equalsay criterion add 3 --question 'How well would they "
      "listen?' --scale '0=no evidence' --scale '1=some evidence' --scale "
      "'2=strong evidence' --weight 2");

  ScoreArgs score;
  auto* score_cmd = app.add_subcommand(
      "score",
      "Score a candidate: your scores are saved as a draft (add --submit "
      "to submit); you can change them until your panel's scoring closes");
  score_cmd->add_option("CANDIDATE", score.candidate_id, "The candidate's id")
      ->required();
  score_cmd->add_option("--score", score.scores,
                        "CRITERION=VALUE, a point of that criterion's scale; "
                        "one per criterion");
  score_cmd->add_option("--blank", score.blanks,
                        "CRITERION: leave it blank (not counted, never zero)");
  score_cmd->add_option("--evidence", score.evidence,
                        "CRITERION=TEXT: what you saw or heard");
  score_cmd->add_option("--view", score.view,
                        "Your overall view [appointable, not-appointable, "
                        "unsure]");
  score_cmd->add_option("--version", score.version,
                        "Save only if the sheet is still at this version "
                        "(default: the latest)");
  score_cmd->add_flag("--submit", score.submit,
                      "Submit the sheet after saving");
  score_cmd->add_option("--for", score.member,
                        "MEMBER: as their named supporter, enter the scores "
                        "this member gave you (their sheet stays theirs)");
  score_cmd->add_option("--how", score.how,
                        "With --for: how they gave them [in-room, phone, "
                        "paper, with-help]");
  score_cmd->footer(
      "Example:\n  equalsay score 7 --score 9=3 --evidence '9=Spoke about "
      "peer support' --view appointable --submit");

  std::string submit_candidate, submit_version;
  auto* sheet_submit = Subcommand(
      app, "sheet submit", "Submit your saved score sheet for a candidate");
  sheet_submit->add_option("CANDIDATE", submit_candidate, "The candidate's id")
      ->required();
  sheet_submit->add_option("--version", submit_version,
                           "Submit only if the sheet is still at this version");
  sheet_submit->footer("Example:\n  equalsay sheet submit 7");

  std::string import_file, import_round;
  auto* import_people = Subcommand(
      app, "import people",
      "Add many people from a spreadsheet saved as CSV, all or none, with "
      "a report of each row. Columns: name, role, email (optional); a "
      "person whose address is already someone's is not added again.");
  import_people->add_option("FILE", import_file, "The CSV file")
      ->required()
      ->check(CLI::ExistingFile);
  import_people->footer(
      "Example:\n  equalsay import people clients/cli/examples/people.csv");
  auto* import_candidates = Subcommand(
      app, "import candidates",
      "Add a round's candidates from a spreadsheet saved as CSV, all or "
      "none. Columns: name, reference (optional: what the panels see "
      "instead of the name).");
  import_candidates->add_option("ROUND", import_round, "The round's id")
      ->required();
  import_candidates->add_option("FILE", import_file, "The CSV file")
      ->required()
      ->check(CLI::ExistingFile);
  import_candidates->footer(
      "Example:\n  equalsay import candidates 3 "
      "clients/cli/examples/candidates.csv");

  std::string status_round;
  auto* round_status = Subcommand(
      app, "round status",
      "A round on one screen: its panels, how scoring stands, its decisions "
      "and what happens next");
  round_status->add_option("ROUND", status_round, "The round's id")->required();
  round_status->footer("Example:\n  equalsay round status 3");

  std::string watch_round;
  auto* watch = app.add_subcommand(
      "watch", "Follow a round live until it finishes (Ctrl-C to stop)");
  watch->add_option("ROUND", watch_round, "The round's id")->required();
  watch->footer("Example:\n  equalsay watch 3");

  auto* audit = app.add_subcommand("audit", "The audit trail: verify");
  audit->require_subcommand(1);
  auto* audit_verify = audit->add_subcommand(
      "verify",
      "Check that the audit trail is intact: no event changed, deleted, "
      "inserted or reordered. Exits 7 when it is not. Administrators only; "
      "keep the last seal it prints somewhere else, to compare later.");
  audit_verify->footer("Example:\n  equalsay audit verify");

  std::string apply_file;
  auto* apply = app.add_subcommand(
      "apply",
      "Set up a whole round from a YAML file: people, panels, members, "
      "candidates and criteria. People are found by e-mail address and the "
      "round by the file's key, so applying a file again changes only what "
      "the file changed, where the round still allows it.");
  apply->add_option("-f,--file", apply_file, "The YAML file")
      ->required()
      ->check(CLI::ExistingFile);
  bool issue_tokens = false, dry_run = false;
  apply->add_flag("--dry-run", dry_run,
                  "Show what would change, and change nothing");
  apply->add_flag(
      "--issue-tokens", issue_tokens,
      "Also give each person in the file a new sign-in token, kept here "
      "readable only by you, for --as KEY: to try equalsay out, or to act "
      "for people while setting up. Each run issues new tokens.");
  apply->footer(
      ApplyFileKeys() +
      "Example:\n  equalsay apply -f "
      "clients/cli/examples/recruitment-round.yaml"
      "\nThe example file is a realistic one to copy, with comments.");

  std::string shell;
  auto* completion = app.add_subcommand(
      "completion",
      "Print a script that completes equalsay's commands, options and "
      "choices as you type, for bash or zsh");
  completion->add_option("SHELL", shell, "bash or zsh")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh"}));
  completion->footer(
      "Example:\n  source <(equalsay completion bash)\nIn ~/.bashrc, that "
      "completes in every new terminal. For zsh, save `equalsay completion "
      "zsh` as _equalsay in a folder of $fpath.");
  // Hidden (no group): the build writes equalsay.1 with it.
  auto* manual_page =
      app.add_subcommand("manual-page", "Print the manual page (roff)")
          ->group("");

  // Each group says what it is and what it holds: "Rounds: create, show".
  const std::map<std::string, std::string> group_titles = {
      {"person", "People"},
      {"token", "Sign-in tokens"},
      {"round", "Rounds"},
      {"panel", "Panels"},
      {"member", "Panel members"},
      {"candidate", "Candidates"},
      {"document", "The pack: documents for a round"},
      {"conflict", "Conflicts of interest"},
      {"sheet", "Score sheets"},
      {"scoring", "Scoring"},
      {"decision", "Decisions"},
      {"ballot", "Your vote"},
      {"action", "After an agreed decision: what will be done"},
      {"criterion", "Criteria"}};
  for (CLI::App* sub : app.get_subcommands({})) {
    auto title = group_titles.find(sub->get_name());
    if (title == group_titles.end()) continue;
    std::string words = title->second + ":";
    for (CLI::App* leaf : sub->get_subcommands({})) {
      words += (words.back() == ':' ? " " : ", ") + leaf->get_name();
    }
    sub->description(words);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (const auto unknown = UnknownCommand(
            app, std::vector<std::string>(argv + 1, argv + argc))) {
      std::cerr << "equalsay: " << *unknown << "\n";
      return kExitUsage;
    }
    std::cerr << "equalsay: " << e.what()
              << "\nRun with --help to see how to use it.\n";
    return kExitUsage;
  }

  // Neither needs a server or a token.
  if (*completion) {
    std::cout << (shell == "bash" ? BashCompletion(app) : ZshCompletion(app));
    return kExitOk;
  }
  if (*manual_page) {
    std::cout << ManualPage(app);
    return kExitOk;
  }

  if (!as.empty()) {
    // --as names the person on this line; EQUALSAY_TOKEN stays the default.
    if (token_option->count() > 0)
      return FailUsage("give --token or --as, not both");
    if (!IsFileKey(as)) {
      return FailUsage(
          "--as takes a person's key from the applied file: 1 "
          "to 30 lowercase letters, digits or dashes (got \"" +
          as + "\")");
    }
    const std::optional<std::string> kept = ReadSavedToken(as);
    if (!kept.has_value()) {
      return FailUsage("no sign-in token is kept for \"" + as +
                       "\": an administrator runs `equalsay apply -f FILE "
                       "--issue-tokens` first");
    }
    session.token = *kept;
  } else {
    if (token.empty()) token = EnvOr("EQUALSAY_TOKEN", "");
    session.token = token.empty() ? ReadSavedToken().value_or("") : token;
  }
  out.json = output == "json";

  if (*status) return Status(session, out);
  if (*login) return Login(session, login_token, out);
  if (*logout) return Logout(session, logout_everywhere, out);
  if (*criterion_add) return AddCriterion(session, out, criterion);
  if (*score_cmd) return Score(session, out, score);
  if (*sheet_submit)
    return SubmitSheet(session, out, submit_candidate, submit_version);
  if (*watch) return Watch(session, out, watch_round);
  if (*round_status) return RoundStatus(session, out, status_round);
  if (*import_people) return ImportPeople(session, out, import_file);
  if (*import_candidates) {
    return ImportCandidates(session, out, import_round, import_file);
  }
  if (*apply) return Apply(session, out, apply_file, issue_tokens, dry_run);
  if (*audit_verify) return VerifyAudit(session, out);
  for (const Bound& row : rows) {
    if (*row.sub) return RunRow(row, session, out);
  }
  return FailUsage("no command given; run with --help");
}

}  // namespace
}  // namespace equalsay::cli

int main(int argc, char** argv) { return equalsay::cli::Main(argc, argv); }
