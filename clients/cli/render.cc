#include "clients/cli/render.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <set>
#include <sstream>
#include <vector>

#include "clients/cli/fields.h"
#include "clients/cli/text_width.h"
#include "equalsay/v1/consensus.pb.h"
#include "equalsay/v1/panels.pb.h"

namespace equalsay::cli {
namespace {

namespace pb = google::protobuf;
using Field = pb::FieldDescriptor;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string Label(const Field* f) {
  std::string name = f->name();
  if (EndsWith(name, "_unix")) name = name.substr(0, name.size() - 5);
  // Money shows in pounds: "amount_pence" is "Amount", "pence_per_hour"
  // "Per hour".
  if (IsMoney(f)) {
    std::string words;
    std::stringstream parts(name);
    for (std::string part; std::getline(parts, part, '_');) {
      if (part == "pence") continue;
      words += (words.empty() ? "" : "_") + part;
    }
    name = words;
  }
  std::replace(name.begin(), name.end(), '_', ' ');
  if (!name.empty()) name[0] = static_cast<char>(std::toupper(name[0]));
  return name;
}

// Results' scores are on 0-100 whatever the criteria's scales; a member's
// own scores (whole numbers) are points of a scale.
bool OutOf100(const Field* f) {
  static const auto* kNames =
      new std::set<std::string>{"score", "combined_score", "lowest", "highest"};
  return f->cpp_type() == Field::CPPTYPE_DOUBLE && kNames->count(f->name()) > 0;
}

// A count or a figure, where 0 is a value even in every row of a table.
bool IsFigure(const Field* f) {
  switch (f->cpp_type()) {
    case Field::CPPTYPE_INT32:
    case Field::CPPTYPE_UINT32:
    case Field::CPPTYPE_DOUBLE:
      return true;
    case Field::CPPTYPE_INT64:
      return !EndsWith(f->name(), "_unix");
    default:
      return false;
  }
}

// A count named after a way to vote ("disagree", "stand_aside").
bool IsChoice(const Field* f) {
  return EnumFromWords(v1::Choice_descriptor(), f->name()) != nullptr;
}

// A row whose counts the server withholds (a secret decision's tally).
bool Withheld(const pb::Message& row) {
  const Field* f = row.GetDescriptor()->FindFieldByName("counts_withheld");
  return f != nullptr && f->cpp_type() == Field::CPPTYPE_BOOL &&
         row.GetReflection()->GetBool(row, f);
}

// One value of a scalar field (index -1 for a singular field).
std::string Scalar(const pb::Message& m, const Field* f, int index) {
  const pb::Reflection* r = m.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case Field::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
    case Field::CPPTYPE_ENUM:
      return EnumWords(rep ? r->GetRepeatedEnum(m, f, index)
                           : r->GetEnum(m, f));
    case Field::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? "yes"
                                                                        : "no";
    case Field::CPPTYPE_DOUBLE:
      return Number(rep ? r->GetRepeatedDouble(m, f, index)
                        : r->GetDouble(m, f)) +
             (OutOf100(f) ? " / 100" : "");
    case Field::CPPTYPE_INT64: {
      const int64_t v =
          rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f);
      if (IsMoney(f)) return FormatPounds(v);
      return EndsWith(f->name(), "_unix") ? FormatTime(v) : std::to_string(v);
    }
    case Field::CPPTYPE_INT32:
      return std::to_string(rep ? r->GetRepeatedInt32(m, f, index)
                                : r->GetInt32(m, f));
    case Field::CPPTYPE_UINT32:
      return std::to_string(rep ? r->GetRepeatedUInt32(m, f, index)
                                : r->GetUInt32(m, f));
    default:
      return "";
  }
}

// Whether a singular field has something worth showing.
bool Shown(const pb::Message& m, const Field* f) {
  const pb::Reflection* r = m.GetReflection();
  if (f->has_presence()) return r->HasField(m, f);
  if (f->cpp_type() == Field::CPPTYPE_BOOL) return r->GetBool(m, f);
  const std::string s = Scalar(m, f, -1);
  return !s.empty() && s != "0" && s != "unspecified";
}

bool HasNestedContent(const pb::Message& m) {
  std::vector<const Field*> set;
  m.GetReflection()->ListFields(m, &set);
  for (const Field* f : set) {
    if (f->cpp_type() == Field::CPPTYPE_MESSAGE) return true;
  }
  return false;
}

void Render(const pb::Message& m, const std::string& indent, std::string& out);

// Records with only scalar fields, as a table with the columns in use.
void Table(const pb::Message& m, const Field* f, const std::string& indent,
           std::string& out) {
  const pb::Reflection* r = m.GetReflection();
  const pb::Descriptor* type = f->message_type();
  const int rows = r->FieldSize(m, f);
  auto used = [&](const Field* col) {
    for (int i = 0; i < rows; ++i) {
      const pb::Message& row = r->GetRepeatedMessage(m, f, i);
      if (col->is_repeated() ? row.GetReflection()->FieldSize(row, col) > 0
                             : Shown(row, col)) {
        return true;
      }
    }
    return false;
  };
  // A table of counts keeps a count that is 0 in every row ("Submitted 0"
  // beside "Expected 3"), but not a vote choice nobody made, which may not
  // even be one of the decision's choices.
  bool counts = false;
  for (int c = 0; c < type->field_count(); ++c) {
    counts |= IsFigure(type->field(c)) && used(type->field(c));
  }
  std::vector<const Field*> columns;
  for (int c = 0; c < type->field_count(); ++c) {
    const Field* col = type->field(c);
    if (col->cpp_type() == Field::CPPTYPE_MESSAGE) continue;
    const bool kept_zero =
        counts && IsFigure(col) && !col->is_repeated() && !IsChoice(col);
    if (kept_zero || used(col)) columns.push_back(col);
  }
  std::vector<std::vector<std::string>> cells(1);
  for (const Field* col : columns) cells[0].push_back(Label(col));
  for (int i = 0; i < r->FieldSize(m, f); ++i) {
    const pb::Message& row = r->GetRepeatedMessage(m, f, i);
    std::vector<std::string>& line = cells.emplace_back();
    for (const Field* col : columns) {
      if (col->is_repeated()) {
        std::string joined;
        for (int k = 0; k < row.GetReflection()->FieldSize(row, col); ++k) {
          joined += (k ? ", " : "") + Scalar(row, col, k);
        }
        line.push_back(joined);
      } else {
        // In a column in use, zero is a value ("0" on a scale), not absence;
        // but a withheld count is no count at all.
        const bool absent =
            (col->has_presence() && !row.GetReflection()->HasField(row, col)) ||
            (IsFigure(col) && Withheld(row));
        line.push_back(absent ? "" : Scalar(row, col, -1));
      }
    }
  }
  out += AlignedRows(cells, indent + "  ");
}

void Render(const pb::Message& m, const std::string& indent, std::string& out) {
  const pb::Reflection* r = m.GetReflection();
  const pb::Descriptor* d = m.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const Field* f = d->field(i);
    if (f->is_repeated()) {
      const int n = r->FieldSize(m, f);
      if (n == 0) continue;
      if (f->cpp_type() != Field::CPPTYPE_MESSAGE) {
        out += indent + Label(f) + ":\n";
        for (int k = 0; k < n; ++k)
          out += indent + "  - " + Scalar(m, f, k) + "\n";
        continue;
      }
      bool nested = false;
      for (int k = 0; k < n; ++k) {
        nested |= HasNestedContent(r->GetRepeatedMessage(m, f, k));
      }
      out += indent + Label(f) + ":\n";
      if (!nested) {
        Table(m, f, indent, out);
        continue;
      }
      for (int k = 0; k < n; ++k) {
        out += indent + "  -\n";
        Render(r->GetRepeatedMessage(m, f, k), indent + "    ", out);
      }
    } else if (f->cpp_type() == Field::CPPTYPE_MESSAGE) {
      if (!r->HasField(m, f)) continue;
      out += indent + Label(f) + ":\n";
      Render(r->GetMessage(m, f), indent + "  ", out);
    } else if (Shown(m, f)) {
      out += indent + Label(f) + ": " + Scalar(m, f, -1) + "\n";
    }
  }
}

}  // namespace

std::string Number(double d) {
  char out[32];
  if (std::abs(d - std::round(d)) < 1e-9) {
    std::snprintf(out, sizeof out, "%.0f", d);
  } else {
    std::snprintf(out, sizeof out, "%.2f", d);
  }
  return out;
}

std::string RenderText(const pb::Message& message) {
  std::string out;
  Render(message, "", out);
  if (out.empty()) out = "Done.\n";
  return out;
}

std::string RenderJson(const pb::Message& message) {
  pb::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string json;
  (void)pb::util::MessageToJsonString(message, &json, options);
  return json;
}

std::string Render(const pb::Message& message, bool json) {
  return json ? RenderJson(message) + "\n" : RenderText(message);
}

void WarnAbout(const google::protobuf::Message& response) {
  const auto* round = dynamic_cast<const v1::Round*>(&response);
  if (round != nullptr && round->publish_secret_counts()) {
    std::cerr << kPublishCountsWarning;
  }
}

}  // namespace equalsay::cli
