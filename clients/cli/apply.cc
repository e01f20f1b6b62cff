#include "clients/cli/apply.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <vector>

#include "clients/cli/call.h"
#include "clients/cli/fields.h"
#include "clients/cli/render.h"
#include "clients/cli/session.h"
#include "clients/cli/suggest.h"
#include "clients/cli/text_width.h"
#include "equalsay/v1/panels.grpc.pb.h"
#include "equalsay/v1/panels.pb.h"

namespace equalsay::cli {
namespace {

namespace pb = google::protobuf;

// A mistake in the file, said with where it is.
struct FileError {
  std::string where, what;
};

std::string Text(const YAML::Node& node, const std::string& key,
                 const std::string& where, bool required = true) {
  const YAML::Node value = node[key];
  if (!value.IsDefined() || value.IsNull()) {
    if (required) throw FileError{where, key + " is required"};
    return "";
  }
  if (!value.IsScalar()) throw FileError{where, key + " must be plain text"};
  return value.as<std::string>();
}

}  // namespace

bool IsFileKey(const std::string& key) {
  static const std::regex kKey("[a-z0-9][a-z0-9-]{0,29}");
  return std::regex_match(key, kKey);
}

namespace {

void CheckKey(const std::string& key, const std::string& where) {
  if (!IsFileKey(key)) {
    throw FileError{where,
                    "key must be 1 to 30 lowercase letters, digits or dashes "
                    "(got \"" +
                        key + "\")"};
  }
}

std::string LineOf(const YAML::Node& node) {
  return "line " + std::to_string(node.Mark().line + 1);
}

// Refuses any key of the map `node` that is not `known`: a misspelt key
// (`treshold:`) would otherwise leave a rule at its default without a word.
void CheckKnownKeys(const YAML::Node& node,
                    const std::vector<std::string>& known,
                    const std::string& where) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsMap()) throw FileError{where, "must be a map of keys"};
  for (auto it = node.begin(); it != node.end(); ++it) {
    const std::string key = it->first.as<std::string>();
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string what = "unknown key \"" + key + "\"";
    if (const auto nearest = ClosestWord(key, known)) {
      what += "; did you mean \"" + *nearest + "\"?";
    } else {
      std::string all;
      for (const std::string& k : known) all += (all.empty() ? "" : ", ") + k;
      what += " (known keys here: " + all + ")";
    }
    throw FileError{where + ", " + LineOf(it->first), what};
  }
}

// Every key the file may hold, section by section, with what it means:
// what apply accepts and what `apply --help` says come from this one table.
struct FileSection {
  std::string path;  // "panels.members"; "" for the top of the file.
  std::string meaning;
  std::vector<std::pair<std::string, std::string>> keys;
};

const std::vector<FileSection>& FileSections() {
  static const auto* kSections = new std::vector<FileSection>{
      {"",
       "",
       {{"key",
         "names this set-up (lowercase letters, digits, dashes): applying a "
         "file with the same key again changes nothing"},
        {"people", "a list of the people taking part"},
        {"round", "the round itself"},
        {"panels", "a list of the two panels"},
        {"candidates", "a list of candidates (recruitment)"},
        {"criteria", "a list of what candidates are scored on (recruitment)"}}},
      {"people",
       "each person",
       {{"key", "how the rest of the file names them, e.g. asha"},
        {"name", "their name as others see it"},
        {"role", "admin, hr or member"},
        {"email", "their e-mail address (optional)"}}},
      {"round",
       "the round",
       {{"kind", "recruitment or strategy"},
        {"title", "a short title"},
        {"purpose", "what the round is for, in plain words"},
        {"scope", "what is fixed and what is open to the panels"},
        {"open", "yes: start the round once everything is set up"},
        {"publish-secret-counts",
         "yes: secret votes show each panel's counts where it has 5 or more "
         "voters (default no)"}}},
      {"panels",
       "each panel",
       {{"kind", "service-user or staff"},
        {"name", "defaults to Service User Panel or Staff Panel"},
        {"quorum",
         "how many voting members must take part (0 or absent: more than "
         "half)"},
        {"threshold", "simple-majority (default), two-thirds or unanimous"},
        {"members", "a list of the panel's members"}}},
      {"panels.members",
       "each member of a panel",
       {{"person", "a key from people"},
        {"role",
         "co-chair, member or observer (sees, never scores or votes)"}}},
      {"candidates",
       "each candidate",
       {{"key", "how the file names them, e.g. sam"},
        {"name", "their name (administrators and HR see it)"},
        {"reference",
         "what the panels see instead of the name, e.g. Candidate A "
         "(optional)"}}},
      {"criteria",
       "each criterion",
       {{"question", "the question, in plain words"},
        {"weight", "how much it counts (default 1)"},
        {"scale", "its points, lowest first, each as POINT: WORDS"}}}};
  return *kSections;
}

std::vector<std::string> KeysOf(const std::string& path) {
  for (const FileSection& section : FileSections()) {
    if (section.path != path) continue;
    std::vector<std::string> keys;
    for (const auto& [key, meaning] : section.keys) keys.push_back(key);
    return keys;
  }
  return {};
}

// Checks every key of the file before anything is applied, so a typo
// changes nothing.
void CheckFileKeys(const YAML::Node& file) {
  CheckKnownKeys(file, KeysOf(""), "the file");
  for (const YAML::Node& p : file["people"]) {
    CheckKnownKeys(p, KeysOf("people"), "people");
  }
  CheckKnownKeys(file["round"], KeysOf("round"), "round");
  for (const YAML::Node& p : file["panels"]) {
    CheckKnownKeys(p, KeysOf("panels"), "panels");
    for (const YAML::Node& m : p["members"]) {
      CheckKnownKeys(m, KeysOf("panels.members"), "panels.members");
    }
  }
  for (const YAML::Node& c : file["candidates"]) {
    CheckKnownKeys(c, KeysOf("candidates"), "candidates");
  }
  for (const YAML::Node& c : file["criteria"]) {
    CheckKnownKeys(c, KeysOf("criteria"), "criteria");
  }
}

// A yes-or-no key: yes/no or true/false; anything else is refused rather
// than read as "no".
bool YesNo(const YAML::Node& node, const std::string& key,
           const std::string& where) {
  if (!node.IsMap()) return false;
  const YAML::Node value = node[key];
  if (!value.IsDefined() || value.IsNull()) return false;
  const std::string text = value.IsScalar() ? value.as<std::string>() : "";
  if (text == "yes" || text == "true") return true;
  if (text == "no" || text == "false") return false;
  throw FileError{where + ", " + LineOf(value),
                  key + " must be yes or no (got \"" + text + "\")"};
}

// "name, email": the fields set in an update request, as the file calls
// them.
std::string FieldsOf(const pb::Message& update,
                     const std::map<std::string, std::string>& words) {
  std::string out;
  for (const auto& [field, word] : words) {
    const auto* f = update.GetDescriptor()->FindFieldByName(field);
    const bool set = f->is_repeated()
                         ? update.GetReflection()->FieldSize(update, f) > 0
                         : update.GetReflection()->HasField(update, f);
    if (set) out += (out.empty() ? "" : ", ") + word;
  }
  return out;
}

// Carries out (or, in a dry run, only describes) the changes a file asks
// for, counting what changed and what was already in place.
class Applier {
 public:
  Applier(const Session& session, std::string file_key, bool dry_run)
      : session_(session), file_key_(std::move(file_key)), dry_run_(dry_run) {}

  // Sets the request's fields from words beforehand, then makes the change
  // that `what` describes. `step` names a creation, so that a file applied
  // again makes it only once; changes to what exists take a fresh request
  // id (making the same change twice changes nothing). On failure throws
  // what to say, naming `where`.
  template <typename Response>
  Response Do(const std::string& method, pb::Message& request,
              const std::string& step, const std::string& where,
              const std::string& what) {
    ++changed_;
    changes_.push_back(what);
    if (dry_run_) return Response();
    request.GetReflection()->SetString(
        &request, request.GetDescriptor()->FindFieldByName("request_id"),
        step.empty() ? NewRequestId() : "apply:" + file_key_ + ":" + step);
    Response response;
    bool replayed = false;
    last_status_ = Call(method, request, &response, &replayed);
    if (!last_status_.ok()) {
      std::string said = last_status_.error_message();
      if (last_status_.error_code() == grpc::StatusCode::INVALID_ARGUMENT &&
          said.find("already used for a different change") !=
              std::string::npos) {
        said =
            "this was set up from a file with this key with different "
            "details that apply cannot match to what exists now: give it "
            "an e-mail address (people) or use the matching update command.";
      }
      changes_.pop_back();
      --changed_;
      throw FileError{where, said};
    }
    if (replayed) {
      changes_.pop_back();
      --changed_;
      ++unchanged_;
    }
    return response;
  }
  // Sends `update`, an Update call with only the fields that differ from
  // what exists set, unless none differs. `what` says what it changes from
  // the fields' words (`words` maps field names to the file's keys).
  template <typename Response>
  std::optional<Response> Correct(
      const std::string& method, pb::Message& update,
      const std::map<std::string, std::string>& words, const std::string& where,
      const std::function<std::string(const std::string&)>& what) {
    const std::string fields = FieldsOf(update, words);
    if (fields.empty()) {
      InPlace();
      return std::nullopt;
    }
    return Do<Response>(method, update, "", where, what(fields));
  }
  // Reads what exists (in a dry run too).
  template <typename Response>
  Response Read(const std::string& method, const pb::Message& request,
                const std::string& where) {
    Response response;
    const grpc::Status s = Call(method, request, &response, nullptr);
    if (!s.ok()) {
      last_status_ = s;
      throw FileError{where, s.error_message()};
    }
    return response;
  }
  void InPlace() { ++unchanged_; }
  // Sets `field` of the request from the file's `key` in `node`; a mistake
  // is reported with the key as the file spells it.
  void Set(pb::Message& request, const std::string& field,
           const YAML::Node& node, const std::string& key,
           const std::string& where, bool required = true) {
    const std::string text = Text(node, key, where, required);
    if (text.empty()) return;
    if (auto error = SetField(request, field, text, key)) {
      throw FileError{where, *error};
    }
  }

  bool dry_run() const { return dry_run_; }
  int changed_ = 0, unchanged_ = 0;
  std::vector<std::string> changes_;  // In words, in order.
  grpc::Status last_status_;

 private:
  grpc::Status Call(const std::string& method, const pb::Message& request,
                    pb::Message* response, bool* replayed) {
    return CallMethod(session_,
                      FindMethod("equalsay.v1.PanelService." + method), request,
                      response, replayed);
  }

  const Session& session_;
  const std::string file_key_;
  const bool dry_run_;
};

// `s` as a JSON string, quotes included.
std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char code[8];
      std::snprintf(code, sizeof(code), "\\u%04x", c);
      out += code;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(c));
  return s;
}

}  // namespace

std::string ApplyFileKeys() {
  std::string out = "The file's keys (YAML):\n";
  for (const FileSection& section : FileSections()) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& [key, meaning] : section.keys)
      rows.push_back({key, meaning});
    if (!section.path.empty()) {
      out += "In " + section.meaning + " (" + section.path + "):\n";
    }
    out += AlignedRows(rows, "  ");
  }
  return out;
}

int Apply(const Session& session, const Output& out, const std::string& path,
          bool issue_tokens, bool dry_run) {
  YAML::Node file;
  try {
    file = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return FailUsage("cannot read " + path + ": " + e.what());
  }
  v1::Round round;
  std::vector<std::pair<std::string, v1::Person>> people;
  std::vector<v1::Panel> panels;
  std::vector<std::pair<std::string, v1::Candidate>> candidates;
  std::vector<v1::Criterion> criteria;
  std::vector<std::string> notes;  // What apply leaves alone, and why.
  std::unique_ptr<Applier> applier;
  try {
    if (!file.IsMap()) throw FileError{"the file", "must be a YAML map"};
    CheckFileKeys(file);
    const bool open = YesNo(file["round"], "open", "round");
    const bool publish_counts =
        YesNo(file["round"], "publish-secret-counts", "round");
    const std::string key = Text(file, "key", "the file");
    CheckKey(key, "key");
    applier = std::make_unique<Applier>(session, key, dry_run);
    Applier& a = *applier;

    // People are found by e-mail address, so a person in two files (or a
    // file applied twice) is one person.
    std::map<std::string, std::vector<v1::Person>> by_email;
    const auto everyone = a.Read<v1::ListPeopleResponse>(
        "ListPeople", v1::ListPeopleRequest(), "people");
    for (const v1::Person& p : everyone.people()) {
      if (!p.email().empty()) by_email[Lower(p.email())].push_back(p);
    }
    std::map<std::string, std::string> person_ids;
    for (const YAML::Node& p : file["people"]) {
      const std::string pkey = Text(p, "key", "people");
      const std::string where = "people[" + pkey + "]";
      CheckKey(pkey, where);
      v1::CreatePersonRequest req;
      a.Set(req, "display_name", p, "name", where);
      a.Set(req, "email", p, "email", where, false);
      a.Set(req, "org_role", p, "role", where);
      v1::Person person;
      const auto found = by_email.find(Lower(req.email()));
      if (!req.email().empty() && found != by_email.end()) {
        if (found->second.size() > 1) {
          throw FileError{where, "more than one person has the address " +
                                     req.email() +
                                     ": correct them with `equalsay person "
                                     "update` first"};
        }
        person = found->second.front();
        v1::UpdatePersonRequest update;
        update.set_person_id(person.id());
        if (req.display_name() != person.display_name()) {
          update.set_display_name(req.display_name());
        }
        if (req.org_role() != person.org_role()) {
          update.set_org_role(req.org_role());
        }
        const std::optional<v1::Person> changed = a.Correct<v1::Person>(
            "UpdatePerson", update,
            {{"display_name", "name"}, {"org_role", "role"}}, where,
            [&](const std::string& fields) {
              return "change " + fields + " of " + person.display_name() +
                     " (" + req.email() + ")";
            });
        if (changed.has_value() && !a.dry_run()) person = *changed;
      } else {
        person = a.Do<v1::Person>(
            "CreatePerson", req, "person:" + pkey, where,
            "add " + req.display_name() +
                (req.email().empty() ? "" : " (" + req.email() + ")"));
        if (a.dry_run()) person.set_display_name(req.display_name());
      }
      people.emplace_back(pkey, person);
      person_ids[pkey] = person.id();
    }

    // The round is found by the file's key.
    const YAML::Node r = file["round"];
    if (!r.IsMap()) throw FileError{"round", "is required"};
    v1::CreateRoundRequest create;
    a.Set(create, "kind", r, "kind", "round");
    a.Set(create, "title", r, "title", "round");
    a.Set(create, "purpose", r, "purpose", "round");
    a.Set(create, "scope_statement", r, "scope", "round");
    create.set_publish_secret_counts(publish_counts);
    create.set_setup_key(key);
    std::optional<std::string> existing_round;
    const auto rounds = a.Read<v1::ListRoundsResponse>(
        "ListRounds", v1::ListRoundsRequest(), "round");
    for (const v1::Round& each : rounds.rounds()) {
      if (each.setup_key() == key) existing_round = each.id();
    }
    if (existing_round.has_value()) {
      v1::GetRoundRequest get;
      get.set_round_id(*existing_round);
      round = a.Read<v1::Round>("GetRound", get, "round");
      if (round.kind() != create.kind()) {
        throw FileError{"round", "kind: this file's round (" + round.id() +
                                     ") is of another kind, which never "
                                     "changes: give the file a new key for "
                                     "a new round"};
      }
      if (round.publish_secret_counts() != create.publish_secret_counts()) {
        throw FileError{"round",
                        "publish-secret-counts: whether secret votes show "
                        "counts is settled when a round is made, so that "
                        "nobody votes under one promise and is counted "
                        "under another"};
      }
      v1::UpdateRoundRequest update;
      update.set_round_id(round.id());
      if (create.title() != round.title()) update.set_title(create.title());
      if (create.purpose() != round.purpose()) {
        update.set_purpose(create.purpose());
      }
      if (create.scope_statement() != round.scope_statement()) {
        update.set_scope_statement(create.scope_statement());
      }
      a.Correct<v1::Round>("UpdateRound", update,
                           {{"title", "title"},
                            {"purpose", "purpose"},
                            {"scope_statement", "scope"}},
                           "round", [](const std::string& fields) {
                             return "change the round's " + fields;
                           });
    } else {
      round = a.Do<v1::Round>("CreateRound", create, "round", "round",
                              "create the round \"" + create.title() + "\"");
      if (a.dry_run()) {
        round.set_title(create.title());
        round.set_state(v1::ROUND_STATE_SETUP);
      } else {
        WarnAbout(round);
      }
    }

    for (const YAML::Node& p : file["panels"]) {
      const std::string kind = Text(p, "kind", "panels");
      const std::string where = "panels[" + kind + "]";
      v1::AddPanelRequest req;
      req.set_round_id(round.id());
      a.Set(req, "kind", p, "kind", where);
      a.Set(req, "name", p, "name", where, false);
      a.Set(req, "rule.quorum", p, "quorum", where, false);
      a.Set(req, "rule.threshold", p, "threshold", where, false);
      const v1::Threshold threshold =
          req.rule().threshold() == v1::THRESHOLD_UNSPECIFIED
              ? v1::THRESHOLD_SIMPLE_MAJORITY
              : req.rule().threshold();
      v1::Panel panel;
      const auto here = std::find_if(
          round.panels().begin(), round.panels().end(),
          [&](const v1::Panel& each) { return each.kind() == req.kind(); });
      if (here != round.panels().end()) {
        panel = *here;
        v1::UpdatePanelRequest update;
        update.set_panel_id(panel.id());
        if (!req.name().empty() && req.name() != panel.name()) {
          update.set_name(req.name());
        }
        if (req.rule().quorum() != panel.rule().quorum()) {
          update.set_quorum(req.rule().quorum());
        }
        if (threshold != panel.rule().threshold()) {
          update.set_threshold(threshold);
        }
        a.Correct<v1::Panel>("UpdatePanel", update,
                             {{"name", "name"},
                              {"quorum", "quorum"},
                              {"threshold", "threshold"}},
                             where, [&](const std::string& fields) {
                               return "change " + fields + " of the " +
                                      panel.name();
                             });
      } else {
        panel = a.Do<v1::Panel>("AddPanel", req, "panel:" + kind, where,
                                "add the " + kind + " panel");
      }
      panels.push_back(panel);
      for (const YAML::Node& m : p["members"]) {
        const std::string who = Text(m, "person", where + ".members");
        const std::string mwhere = where + ".members[" + who + "]";
        if (!person_ids.contains(who)) {
          throw FileError{mwhere,
                          "no person with key \"" + who + "\" in people"};
        }
        v1::AddMemberRequest add;
        add.set_panel_id(panel.id());
        add.set_person_id(person_ids[who]);
        a.Set(add, "role", m, "role", mwhere);
        const auto seated =
            std::find_if(panel.members().begin(), panel.members().end(),
                         [&](const v1::Member& each) {
                           return each.person_id() == add.person_id();
                         });
        if (seated == panel.members().end()) {
          a.Do<v1::Member>("AddMember", add, "member:" + kind + ":" + who,
                           mwhere, "put " + who + " on the " + kind + " panel");
        } else if (seated->role() != add.role()) {
          throw FileError{mwhere,
                          "role: they sit on this panel in another role, "
                          "which apply does not change: use `equalsay member "
                          "replace` (it keeps what they already did)"};
        } else {
          a.InPlace();
        }
      }
    }

    // Candidates and criteria in file order, matched by their place.
    int index = 0;
    for (const YAML::Node& c : file["candidates"]) {
      const std::string ckey = Text(c, "key", "candidates");
      const std::string where = "candidates[" + ckey + "]";
      CheckKey(ckey, where);
      v1::AddCandidateRequest req;
      req.set_round_id(round.id());
      a.Set(req, "name", c, "name", where);
      a.Set(req, "anonymised_reference", c, "reference", where, false);
      if (index < round.candidates_size()) {
        const v1::Candidate& now = round.candidates(index);
        v1::UpdateCandidateRequest update;
        update.set_candidate_id(now.id());
        if (req.name() != (now.anonymised() ? now.name() : now.label())) {
          update.set_name(req.name());
        }
        if (req.anonymised_reference() !=
            (now.anonymised() ? now.label() : "")) {
          update.set_anonymised_reference(req.anonymised_reference());
        }
        a.Correct<v1::Candidate>(
            "UpdateCandidate", update,
            {{"name", "name"}, {"anonymised_reference", "reference"}}, where,
            [&](const std::string& fields) {
              return "change " + fields + " of candidate " + ckey;
            });
        candidates.emplace_back(ckey, now);
      } else {
        candidates.emplace_back(
            ckey, a.Do<v1::Candidate>("AddCandidate", req, "candidate:" + ckey,
                                      where, "add candidate " + ckey));
      }
      ++index;
    }
    if (round.candidates_size() > index) {
      notes.push_back(
          "The round has " + std::to_string(round.candidates_size()) +
          " candidates and the file names " + std::to_string(index) +
          ": apply never removes one (`equalsay candidate "
          "withdraw` does).");
    }

    index = 0;
    for (const YAML::Node& c : file["criteria"]) {
      const std::string where = "criteria[" + std::to_string(index) + "]";
      v1::AddCriterionRequest req;
      req.set_round_id(round.id());
      a.Set(req, "question", c, "question", where);
      a.Set(req, "weight", c, "weight", where, false);
      for (const YAML::Node& point : c["scale"]) {
        if (!point.IsMap() || point.size() != 1) {
          throw FileError{where + ".scale",
                          "each point is one line such as `0: no evidence`"};
        }
        v1::ScalePoint* sp = req.add_scale();
        try {
          sp->set_value(point.begin()->first.as<int>());
        } catch (const YAML::Exception&) {
          throw FileError{where + ".scale",
                          "each point starts with a whole number"};
        }
        sp->set_words(point.begin()->second.as<std::string>());
      }
      const double weight = req.weight() == 0 ? 1 : req.weight();
      if (index < round.criteria_size()) {
        const v1::Criterion& now = round.criteria(index);
        v1::UpdateCriterionRequest update;
        update.set_criterion_id(now.id());
        if (req.question() != now.question()) {
          update.set_question(req.question());
        }
        if (weight != now.weight()) update.set_weight(weight);
        v1::Criterion wanted;
        *wanted.mutable_scale() = req.scale();
        v1::Criterion had;
        *had.mutable_scale() = now.scale();
        if (wanted.SerializeAsString() != had.SerializeAsString()) {
          *update.mutable_scale() = req.scale();
        }
        a.Correct<v1::Criterion>("UpdateCriterion", update,
                                 {{"question", "question"},
                                  {"weight", "weight"},
                                  {"scale", "scale"}},
                                 where, [&](const std::string& fields) {
                                   return "change " + fields +
                                          " of criterion " +
                                          std::to_string(index + 1);
                                 });
        criteria.push_back(now);
      } else {
        criteria.push_back(a.Do<v1::Criterion>(
            "AddCriterion", req, "criterion:" + std::to_string(index), where,
            "add criterion " + std::to_string(index + 1)));
      }
      ++index;
    }

    if (open && round.state() == v1::ROUND_STATE_SETUP) {
      v1::OpenRoundRequest open_round;
      open_round.set_round_id(round.id());
      round = a.Do<v1::Round>("OpenRound", open_round, "open", "round.open",
                              "open the round");
    } else if (open) {
      a.InPlace();
    }
  } catch (const FileError& e) {
    std::cerr << "equalsay: " << path << ", " << e.where << ": " << e.what
              << "\n";
    if (applier != nullptr && applier->changed_ > 0) {
      std::cerr << "The steps before this one were applied; fix the file and "
                   "apply it again to carry on.\n";
    }
    return applier != nullptr && !applier->last_status_.ok()
               ? ExitCodeFor(applier->last_status_.error_code())
               : kExitUsage;
  } catch (const YAML::Exception& e) {
    return FailUsage(path + ": " + e.what());
  }

  if (dry_run) {
    if (out.json) {
      std::cout << "{\n  \"dryRun\": true,\n  \"changes\": [";
      for (size_t i = 0; i < applier->changes_.size(); ++i) {
        std::cout << (i ? ", " : "") << JsonString(applier->changes_[i]);
      }
      std::cout << "],\n  \"unchanged\": " << applier->unchanged_ << "\n}\n";
      return kExitOk;
    }
    std::cout << "Nothing was changed (a dry run). ";
    if (applier->changes_.empty()) {
      std::cout << "Applying " << path << " would change nothing: all "
                << applier->unchanged_ << " items are in place.\n";
    } else {
      std::cout << "Applying " << path << " would:\n";
      for (const std::string& change : applier->changes_) {
        std::cout << "  - " << change << "\n";
      }
      std::cout << applier->unchanged_ << " items are already in place.\n";
    }
    for (const std::string& note : notes) std::cout << note << "\n";
    return kExitOk;
  }

  // A step already in place answers as it first did, so ask where the
  // round is now.
  {
    v1::GetRoundRequest get;
    get.set_round_id(round.id());
    const grpc::Status s = v1::PanelService::NewStub(session.Channel())
                               ->GetRound(session.Context().get(), get, &round);
    if (!s.ok()) return Fail(s, session);
  }

  // New tokens for --as KEY, kept readable by this user only.
  std::vector<std::string> kept_for;
  if (issue_tokens) {
    for (const auto& [k, p] : people) {
      v1::IssueTokenRequest req;
      req.set_request_id(NewRequestId());
      req.set_person_id(p.id());
      req.set_label("apply --issue-tokens");
      v1::IssueTokenResponse issued;
      const grpc::Status s =
          v1::PanelService::NewStub(session.Channel())
              ->IssueToken(session.Context().get(), req, &issued);
      if (!s.ok()) return Fail(s, session);
      if (auto error = SaveToken(issued.token(), k)) return FailUsage(*error);
      kept_for.push_back(k);
    }
  }

  if (out.json) {
    std::cout << "{\n  \"roundId\": \"" << round.id()
              << "\",\n  \"changes\": " << applier->changed_
              << ",\n  \"unchanged\": " << applier->unchanged_
              << ",\n  \"people\": {";
    for (size_t i = 0; i < people.size(); ++i) {
      std::cout << (i ? ", " : "") << "\"" << people[i].first << "\": \""
                << people[i].second.id() << "\"";
    }
    std::cout << "},\n  \"panels\": {";
    for (size_t i = 0; i < panels.size(); ++i) {
      std::cout << (i ? ", " : "") << "\""
                << EnumWords(v1::PanelKind_descriptor()->FindValueByNumber(
                       panels[i].kind()))
                << "\": \"" << panels[i].id() << "\"";
    }
    std::cout << "},\n  \"candidates\": {";
    for (size_t i = 0; i < candidates.size(); ++i) {
      std::cout << (i ? ", " : "") << "\"" << candidates[i].first << "\": \""
                << candidates[i].second.id() << "\"";
    }
    std::cout << "},\n  \"criteria\": [";
    for (size_t i = 0; i < criteria.size(); ++i) {
      std::cout << (i ? ", " : "") << "\"" << criteria[i].id() << "\"";
    }
    std::cout << "],\n  \"tokensKeptFor\": [";
    for (size_t i = 0; i < kept_for.size(); ++i) {
      std::cout << (i ? ", " : "") << "\"" << kept_for[i] << "\"";
    }
    std::cout << "]\n}\n";
    return kExitOk;
  }
  std::cout << "Applied " << path << ": " << applier->changed_
            << " changes made, " << applier->unchanged_
            << " already in place.\n";
  for (const std::string& change : applier->changes_) {
    std::cout << "  - " << change << "\n";
  }
  for (const std::string& note : notes) std::cout << note << "\n";
  std::cout << "Round " << round.id() << ": " << round.title() << " ("
            << EnumWords(v1::RoundState_descriptor()->FindValueByNumber(
                   round.state()))
            << ")\n";
  std::vector<std::vector<std::string>> rows = {{"Key", "Id", "Name"}};
  for (const auto& [k, p] : people)
    rows.push_back({k, p.id(), p.display_name()});
  std::cout << "People:\n" << AlignedRows(rows, "  ");
  rows = {{"Id", "Panel"}};
  for (const v1::Panel& p : panels) rows.push_back({p.id(), p.name()});
  std::cout << "Panels:\n" << AlignedRows(rows, "  ");
  rows = {{"Key", "Id", "Seen by panels as"}};
  for (const auto& [k, c] : candidates) rows.push_back({k, c.id(), c.label()});
  std::cout << "Candidates:\n" << AlignedRows(rows, "  ");
  rows = {{"Id", "Question"}};
  for (const v1::Criterion& c : criteria)
    rows.push_back({c.id(), c.question()});
  std::cout << "Criteria:\n" << AlignedRows(rows, "  ");
  if (!kept_for.empty()) {
    std::cout << "A new sign-in token for each person is kept in "
              << std::filesystem::path(TokenFilePath(kept_for.front()))
                     .parent_path()
                     .string()
              << "/, readable only by you: act as one with --as KEY (e.g. "
                 "--as "
              << kept_for.front() << ").\n";
  }
  return kExitOk;
}

}  // namespace equalsay::cli
