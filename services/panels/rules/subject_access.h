// Subject access: what equalsay holds about one person or candidate, laid
// out as sections of rows, written as JSON and as Markdown to read.
#ifndef EQUALSAY_SERVICES_PANELS_RULES_SUBJECT_ACCESS_H_
#define EQUALSAY_SERVICES_PANELS_RULES_SUBJECT_ACCESS_H_

#include <string>
#include <utility>
#include <vector>

#include "equalsay/v1/panels.pb.h"

namespace equalsay::panels {

// One kind of thing held ("Score sheets"), what it is for, and its rows,
// each a list of named values in a steady order.
struct DataSection {
  std::string title;
  std::string about;
  std::vector<std::vector<std::pair<std::string, std::string>>> rows;
};

// `subject` names who it is about ("person 12, Asha Patel").
v1::PersonalData SubjectAccess(const std::string& subject,
                               const std::vector<DataSection>& sections);

}  // namespace equalsay::panels

#endif  // EQUALSAY_SERVICES_PANELS_RULES_SUBJECT_ACCESS_H_
