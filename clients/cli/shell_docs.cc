#include "clients/cli/shell_docs.h"

#include <algorithm>
#include <vector>

namespace equalsay::cli {
namespace {

struct OptionDoc {
  std::vector<std::string> names;  // "-f", "--file"
  bool takes_value = false;
  bool required = false;
  bool file = false;
  std::string help;
  std::vector<std::string> choices;
};

struct CommandDoc {
  std::string path;  // "round create"; "" for equalsay itself.
  std::string help;
  std::vector<std::pair<std::string, std::string>> subcommands;  // name, help
  std::vector<OptionDoc> arguments;  // names: {"ROUND"}
  std::vector<OptionDoc> options;
  std::string example;       // One command line.
  std::string example_note;  // What to know about it, if anything.
  std::string details;       // More help before the example (laid out).
};

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t at; (at = text.find(sep, start)) != std::string::npos;) {
    parts.push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(text.substr(start));
  for (std::string& p : parts) {
    while (!p.empty() && p.front() == ' ') p.erase(p.begin());
  }
  return parts;
}

// The values an option accepts: from a set it checks ("{text,json}") or
// from the "[a, b]" its help ends with (the protocol's enums).
std::vector<std::string> Choices(const CLI::Option& opt) {
  const std::string type = opt.get_type_name();
  const size_t brace = type.find('{');
  if (brace != std::string::npos && type.back() == '}') {
    return Split(type.substr(brace + 1, type.size() - brace - 2), ',');
  }
  const std::string& help = opt.get_description();
  const size_t bracket = help.rfind('[');
  if (bracket != std::string::npos && help.back() == ']') {
    return Split(help.substr(bracket + 1, help.size() - bracket - 2), ',');
  }
  return {};
}

bool Visible(const CLI::App& sub) { return !sub.get_group().empty(); }

void Collect(const CLI::App& app, const std::string& path,
             std::vector<CommandDoc>& out) {
  CommandDoc doc{.path = path, .help = app.get_description()};
  const std::string footer = app.get_footer();
  const size_t example = footer.find("Example:\n");
  if (example != std::string::npos) {
    // The example's line, then any note on it.
    std::string rest = footer.substr(example + 9);
    while (!rest.empty() && rest.front() == ' ') rest.erase(rest.begin());
    const size_t end = rest.find('\n');
    doc.example = rest.substr(0, end);
    if (end != std::string::npos) doc.example_note = rest.substr(end + 1);
    doc.details = footer.substr(0, example);
  }
  for (const CLI::Option* opt : app.get_options()) {
    OptionDoc o{.takes_value = opt->get_expected_max() > 0,
                .required = opt->get_required(),
                .file = opt->get_type_name().find("FILE") != std::string::npos,
                .help = opt->get_description(),
                .choices = Choices(*opt)};
    if (opt->get_positional()) {
      o.names = {opt->get_name(true)};
      doc.arguments.push_back(std::move(o));
      continue;
    }
    for (const std::string& s : opt->get_snames()) o.names.push_back("-" + s);
    for (const std::string& l : opt->get_lnames()) o.names.push_back("--" + l);
    doc.options.push_back(std::move(o));
  }
  std::vector<const CLI::App*> subs;
  for (const CLI::App* sub : const_cast<CLI::App&>(app).get_subcommands({})) {
    if (!Visible(*sub)) continue;
    doc.subcommands.emplace_back(sub->get_name(), sub->get_description());
    subs.push_back(sub);
  }
  out.push_back(std::move(doc));
  for (const CLI::App* sub : subs) {
    Collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(),
            out);
  }
}

std::vector<CommandDoc> Commands(const CLI::App& app) {
  std::vector<CommandDoc> docs;
  Collect(app, "", docs);
  return docs;
}

// "round create" -> "/round/create": how the scripts track where they are.
std::string Key(const std::string& path) {
  std::string key;
  for (const std::string& word : Split(path, ' ')) {
    if (!word.empty()) key += "/" + word;
  }
  return key;
}

// Words a shell may complete at `doc`: its subcommands, then its options
// and, since they may come anywhere, those of equalsay itself.
std::vector<std::string> Words(const CommandDoc& doc, const CommandDoc& top) {
  std::vector<std::string> words;
  for (const auto& [name, help] : doc.subcommands) words.push_back(name);
  for (const CommandDoc* d : {&doc, &top}) {
    for (const OptionDoc& o : d->options) {
      for (const std::string& n : o.names) {
        if (n.rfind("--", 0) == 0 &&
            std::find(words.begin(), words.end(), n) == words.end()) {
          words.push_back(n);
        }
      }
    }
  }
  return words;
}

std::string Join(const std::vector<std::string>& words, const char* sep) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : sep) + w;
  return out;
}

// The options of `doc` whose values can be completed ("--kind" with
// "recruitment strategy", or a file name), by each of their names.
std::vector<std::pair<std::string, const OptionDoc*>> ValueOptions(
    const CommandDoc& doc) {
  std::vector<std::pair<std::string, const OptionDoc*>> out;
  for (const OptionDoc& o : doc.options) {
    if (!o.takes_value || (o.choices.empty() && !o.file)) continue;
    for (const std::string& n : o.names) out.emplace_back(n, &o);
  }
  return out;
}

// Every option name that takes a value, so the scripts can tell an
// option's value from an argument: "--title|--kind|-f".
std::string TakingValue(const std::vector<CommandDoc>& docs) {
  std::vector<std::string> names;
  for (const CommandDoc& d : docs) {
    for (const OptionDoc& o : d.options) {
      if (!o.takes_value) continue;
      for (const std::string& n : o.names) {
        if (std::find(names.begin(), names.end(), n) == names.end()) {
          names.push_back(n);
        }
      }
    }
  }
  return Join(names, "|");
}

// The arguments of `doc` with choices: the Nth (from 0) and its values.
std::vector<std::pair<int, std::vector<std::string>>> ArgumentChoices(
    const CommandDoc& doc) {
  std::vector<std::pair<int, std::vector<std::string>>> out;
  for (size_t i = 0; i < doc.arguments.size(); ++i) {
    if (!doc.arguments[i].choices.empty()) {
      out.emplace_back(static_cast<int>(i), doc.arguments[i].choices);
    }
  }
  return out;
}

std::string AllKeys(const std::vector<CommandDoc>& docs) {
  std::vector<std::string> keys;
  for (const CommandDoc& d : docs) {
    if (!d.path.empty()) keys.push_back(Key(d.path));
  }
  return Join(keys, "|");
}

// The first sentence of a help text, for a one-line description.
std::string Short(std::string help) {
  const size_t stop = help.find_first_of(".:\n");
  if (stop != std::string::npos) help = help.substr(0, stop);
  if (help.size() > 70) help = help.substr(0, 67) + "...";
  return help;
}

std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text)
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Text for roff: backslashes escaped, and no line read as a request.
std::string Roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

// A name or command a person types: hyphens kept as hyphens when copied.
std::string RoffCode(const std::string& text) {
  std::string out;
  for (char c : Roff(text)) {
    if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
  }
  return out;
}

// Both scripts walk the words before the cursor the same way: command
// words extend `cmd` ("/round/create"), an option that takes a value skips
// it, and anything else is the command's next argument (counted in `n`).
// `words` is bash's COMP_WORDS or zsh's $words; `first` the first word
// after "equalsay", `before` the cursor's index.
std::string WalkWords(const std::vector<CommandDoc>& docs,
                      const std::string& words, const std::string& first,
                      const std::string& before, const char* open) {
  return "  local cmd= word i n=0\n"
         "  for ((i = " +
         first + "; i < " + before +
         "; i++)); do\n"
         "    word=${" +
         words +
         "[i]}\n"
         "    case \"$word\" in\n"
         "      " +
         open +
         "--*=*) continue ;;\n"
         "      " +
         open + TakingValue(docs) +
         ") i=$((i + 1)); continue ;;\n"
         "      " +
         open +
         "-*) continue ;;\n"
         "    esac\n"
         "    case \"$cmd/$word\" in\n"
         "      " +
         open + AllKeys(docs) +
         ") cmd=$cmd/$word ;;\n"
         "      " +
         open +
         "*) n=$((n + 1)) ;;\n"
         "    esac\n"
         "  done\n";
}

// The `case` arms completing values: an option's (by the word before the
// cursor) and an argument's (by its place), each as `complete(choices)` or
// `files` says.
template <typename Complete>
std::string ValueArms(const std::vector<CommandDoc>& docs, const char* open,
                      const std::string& files, Complete complete) {
  const CommandDoc& top = docs.front();
  std::string s = "  case \"$cmd $prev\" in\n";
  for (const CommandDoc& d : docs) {
    if (&d == &top) continue;
    for (const auto& [name, o] : ValueOptions(d)) {
      s += "    " + std::string(open) + "\"" + Key(d.path) + " " + name +
           "\") " + (o->file ? files : complete(o->choices)) + "; return ;;\n";
    }
  }
  // equalsay's own options may come after any command.
  for (const auto& [name, o] : ValueOptions(top)) {
    s += "    " + std::string(open) + "*\" " + name + "\") " +
         (o->file ? files : complete(o->choices)) + "; return ;;\n";
  }
  // Any other option's value is the person's to type.
  std::vector<std::string> others;
  for (const std::string& name : Split(TakingValue(docs), '|')) {
    others.push_back("*\" " + name + "\"");
  }
  s += "    " + std::string(open) + Join(others, "|") + ") return ;;\n  esac\n";
  s += "  case \"$cur $cmd#$n\" in\n    " + std::string(open) + "-*) ;;\n";
  for (const CommandDoc& d : docs) {
    for (const auto& [index, choices] : ArgumentChoices(d)) {
      s += "    " + std::string(open) + "*\" " + Key(d.path) + "#" +
           std::to_string(index) + "\") " + complete(choices) + "; return ;;\n";
    }
  }
  return s + "  esac\n";
}

}  // namespace

std::string BashCompletion(const CLI::App& app) {
  const std::vector<CommandDoc> docs = Commands(app);
  const CommandDoc& top = docs.front();
  std::string s =
      "# bash completion for equalsay, written by `equalsay completion "
      "bash`.\n"
      "# Load it with: source <(equalsay completion bash)\n"
      "_equalsay() {\n"
      "  local cur=${COMP_WORDS[COMP_CWORD]} "
      "prev=${COMP_WORDS[COMP_CWORD-1]}\n" +
      WalkWords(docs, "COMP_WORDS", "1", "COMP_CWORD", "") +
      ValueArms(docs, "", "COMPREPLY=($(compgen -f -- \"$cur\"))",
                [](const std::vector<std::string>& choices) {
                  return "COMPREPLY=($(compgen -W " +
                         ShellQuote(Join(choices, " ")) + " -- \"$cur\"))";
                }) +
      "  local words=\n  case \"$cmd\" in\n";
  for (const CommandDoc& d : docs) {
    s += "    \"" + Key(d.path) +
         "\") words=" + ShellQuote(Join(Words(d, top), " ")) + " ;;\n";
  }
  s += "  esac\n"
       "  COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
       "}\n"
       "complete -F _equalsay equalsay\n";
  return s;
}

std::string ZshCompletion(const CLI::App& app) {
  const std::vector<CommandDoc> docs = Commands(app);
  const CommandDoc& top = docs.front();
  // `path` is special in zsh (it is $PATH), hence `cmd`.
  std::string s =
      "#compdef equalsay\n"
      "# zsh completion for equalsay, written by `equalsay completion zsh`.\n"
      "# Put it in a folder of $fpath as _equalsay, or source it after "
      "compinit.\n"
      "_equalsay() {\n"
      "  local cur=${words[CURRENT]} prev=${words[CURRENT-1]}\n" +
      WalkWords(docs, "words", "2", "CURRENT", "(") +
      ValueArms(docs, "(", "_files",
                [](const std::vector<std::string>& choices) {
                  return "compadd -- " + Join(choices, " ");
                }) +
      "  local -a items\n  case \"$cmd\" in\n";
  for (const CommandDoc& d : docs) {
    std::vector<std::string> items;
    for (const auto& [name, help] : d.subcommands) {
      items.push_back(ShellQuote(name + ":" + Short(help)));
    }
    for (const std::string& w : Words(d, top)) {
      if (w.rfind("--", 0) == 0) items.push_back(ShellQuote(w));
    }
    s += "    (\"" + Key(d.path) + "\") items=(" + Join(items, " ") + ") ;;\n";
  }
  s += "  esac\n"
       "  _describe -t commands equalsay items\n"
       "}\n"
       "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
       "  _equalsay \"$@\"\n"
       "else\n"
       "  compdef _equalsay equalsay\n"
       "fi\n";
  return s;
}

std::string ManualPage(const CLI::App& app) {
  const std::vector<CommandDoc> docs = Commands(app);
  const CommandDoc& top = docs.front();
  std::string m =
      ".TH EQUALSAY 1 \"\" \"" + std::string(kVersion) +
      "\" \"User Commands\"\n"
      ".SH NAME\n"
      "equalsay \\- co\\-produced decisions, where a Service User Panel holds "
      "an equal veto\n"
      ".SH SYNOPSIS\n"
      ".B equalsay\n"
      "\\fICOMMAND\\fR [\\fIARGUMENTS\\fR] [\\fIOPTIONS\\fR]\n"
      ".SH DESCRIPTION\n" +
      Roff(top.help) +
      "\n.PP\nOptions may come anywhere on the line, before or after the "
      "command.\n"
      ".SH OPTIONS\n";
  auto options = [&](const std::vector<OptionDoc>& list) {
    std::string out;
    for (const OptionDoc& o : list) {
      out += ".TP\n";
      std::vector<std::string> names;
      for (const std::string& n : o.names) {
        names.push_back("\\fB" + RoffCode(n) + "\\fR");
      }
      out += Join(names, ", ");
      if (o.takes_value) out += " \\fIVALUE\\fR";
      if (o.required) out += " (required)";
      out += "\n" + Roff(o.help) + "\n";
    }
    return out;
  };
  m += options(top.options);
  m += ".SH COMMANDS\n";
  for (const CommandDoc& d : docs) {
    if (d.path.empty() || !d.subcommands.empty()) continue;  // Groups.
    m += ".SS \"" + RoffCode(d.path) + "\"\n";
    std::string usage = "\\fBequalsay " + RoffCode(d.path) + "\\fR";
    for (const OptionDoc& a : d.arguments) {
      usage += " \\fI" + Roff(a.names[0]) + "\\fR";
    }
    m += usage + "\n.br\n" + Roff(d.help) + "\n";
    for (const OptionDoc& a : d.arguments) {
      m += ".TP\n\\fI" + Roff(a.names[0]) + "\\fR\n" + Roff(a.help) + "\n";
    }
    std::vector<OptionDoc> own;
    for (const OptionDoc& o : d.options) {
      if (o.names != std::vector<std::string>{"-h", "--help"}) own.push_back(o);
    }
    m += options(own);
    if (!d.details.empty()) {
      m += ".PP\n.nf\n" + Roff(d.details) + ".fi\n";
    }
    if (!d.example.empty()) {
      m += ".PP\nExample:\n.RS\n.nf\n" + RoffCode(d.example) + "\n.fi\n.RE\n";
      if (!d.example_note.empty()) m += Roff(d.example_note) + "\n";
    }
  }
  m += ".SH EXIT STATUS\n" + Roff(app.get_footer()) +
       "\n"
       ".SH ENVIRONMENT\n"
       ".TP\n.B EQUALSAY_SERVER\nThe server's address, as "
       "\\fB\\-\\-server\\fR.\n"
       ".TP\n.B EQUALSAY_TOKEN\nYour sign\\-in token, as \\fB\\-\\-token\\fR.\n"
       ".TP\n.B XDG_CONFIG_HOME\nWhere kept tokens go (default "
       "\\fI~/.config\\fR).\n"
       ".SH FILES\n"
       ".TP\n.I ~/.config/equalsay/token\nThe token \\fBequalsay login\\fR "
       "keeps, readable only by you.\n"
       ".TP\n.I ~/.config/equalsay/people/KEY\nA token "
       "\\fBequalsay apply \\-\\-issue\\-tokens\\fR keeps for a person of the "
       "file, for \\fB\\-\\-as\\fR \\fIKEY\\fR.\n"
       ".SH SEE ALSO\n"
       "The README of equalsay, and \\fBequalsay \\fICOMMAND\\fB "
       "\\-\\-help\\fR.\n";
  return m;
}

}  // namespace equalsay::cli
