#include "clients/cli/import.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "clients/cli/call.h"
#include "clients/cli/csv.h"
#include "clients/cli/fields.h"
#include "clients/cli/render.h"
#include "clients/cli/text_width.h"
#include "equalsay/v1/panels.grpc.pb.h"

namespace equalsay::cli {
namespace {

// The file's table, or a message saying what is wrong with it.
absl::StatusOr<CsvTable> ReadTable(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<CsvTable> table = ParseCsv(text.str());
  if (!table.ok()) {
    return absl::InvalidArgumentError(path + ", " +
                                      std::string(table.status().message()));
  }
  if (table->rows.empty()) {
    return absl::InvalidArgumentError(path +
                                      ": no rows under the column names");
  }
  return table;
}

std::string Cell(const std::vector<std::string>& row,
                 const std::map<std::string, int>& at,
                 const std::string& column) {
  const auto it = at.find(column);
  if (it == at.end() || it->second >= static_cast<int>(row.size())) return "";
  return row[it->second];
}

// Prints the report, rows numbered by their line in the file and problems
// in the file's words (its column names for the request's field names).
int Report(const Output& out, const std::string& path, const CsvTable& table,
           v1::ImportReport report, const std::string& things,
           const std::vector<std::pair<std::string, std::string>>& columns) {
  for (v1::ImportRow& row : *report.mutable_rows()) {
    row.set_problem(absl::StrReplaceAll(row.problem(), columns));
  }
  if (out.json) {
    std::cout << Render(report, /*json=*/true);
    return report.imported() ? kExitOk : kExitUsage;
  }
  std::vector<std::vector<std::string>> rows = {
      {"Line", "Outcome", "Id", "Problem"}};
  int added = 0, there = 0, refused = 0;
  for (const v1::ImportRow& r : report.rows()) {
    const int line = table.lines[r.row() - 1];
    std::string outcome;
    switch (r.outcome()) {
      case v1::IMPORT_OUTCOME_ADDED:
        outcome = report.imported() ? "added" : "would be added";
        ++added;
        break;
      case v1::IMPORT_OUTCOME_ALREADY_THERE:
        outcome = "already there";
        ++there;
        break;
      default:
        outcome = "refused";
        ++refused;
    }
    rows.push_back({std::to_string(line), outcome, r.id(), r.problem()});
  }
  std::cout << AlignedRows(rows, "");
  if (!report.imported()) {
    std::cerr << "equalsay: " << path << ": nothing was imported: " << refused
              << (refused == 1 ? " row was" : " rows were")
              << " refused (see above). Correct the file and import it "
                 "again.\n";
    return kExitUsage;
  }
  std::cout << "Imported " << path << ": " << added << " " << things
            << " added, " << there << " already there.\n";
  return kExitOk;
}

}  // namespace

int ImportPeople(const Session& session, const Output& out,
                 const std::string& path) {
  absl::StatusOr<CsvTable> table = ReadTable(path);
  if (!table.ok()) return FailUsage(std::string(table.status().message()));
  const auto at = Columns(table->heading, {"name", "role"}, {"email"});
  if (!at.ok())
    return FailUsage(path + ", " + std::string(at.status().message()));
  v1::ImportPeopleRequest req;
  req.set_request_id(out.RequestId());
  // A role the server would refuse by its field name is explained in the
  // file's own words ("role").
  std::map<uint32_t, std::string> role_problems;
  for (const std::vector<std::string>& row : table->rows) {
    v1::CreatePersonRequest* person = req.add_people();
    person->set_display_name(Cell(row, *at, "name"));
    person->set_email(Cell(row, *at, "email"));
    if (auto error =
            SetField(*person, "org_role", Cell(row, *at, "role"), "role")) {
      role_problems[req.people_size()] = *error;
    }
  }
  v1::ImportReport report;
  const grpc::Status s =
      v1::PanelService::NewStub(session.Channel())
          ->ImportPeople(session.Context().get(), req, &report);
  if (!s.ok()) return Fail(s, session);
  for (v1::ImportRow& row : *report.mutable_rows()) {
    const auto problem = role_problems.find(row.row());
    if (problem != role_problems.end() &&
        row.outcome() == v1::IMPORT_OUTCOME_REFUSED &&
        absl::StrContains(row.problem(), "org_role")) {
      row.set_problem(problem->second);
    }
  }
  return Report(out, path, *table, report, "people",
                {{"display_name", "name"}, {"org_role", "role"}});
}

int ImportCandidates(const Session& session, const Output& out,
                     const std::string& round_id, const std::string& path) {
  absl::StatusOr<CsvTable> table = ReadTable(path);
  if (!table.ok()) return FailUsage(std::string(table.status().message()));
  const auto at = Columns(table->heading, {"name"}, {"reference"});
  if (!at.ok())
    return FailUsage(path + ", " + std::string(at.status().message()));
  v1::ImportCandidatesRequest req;
  req.set_request_id(out.RequestId());
  req.set_round_id(round_id);
  for (const std::vector<std::string>& row : table->rows) {
    v1::AddCandidateRequest* candidate = req.add_candidates();
    candidate->set_name(Cell(row, *at, "name"));
    candidate->set_anonymised_reference(Cell(row, *at, "reference"));
  }
  v1::ImportReport report;
  const grpc::Status s =
      v1::PanelService::NewStub(session.Channel())
          ->ImportCandidates(session.Context().get(), req, &report);
  if (!s.ok()) return Fail(s, session);
  return Report(out, path, *table, report, "candidates",
                {{"anonymised_reference", "reference"}});
}

}  // namespace equalsay::cli
