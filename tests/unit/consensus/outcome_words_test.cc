// Every explanation DecideOutcome can give reads as plain English: Flesch
// reading ease 70 or more, over every kind of round, voting method, secrecy
// and tally of two panels of up to 5 voters.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>

#include "services/consensus/rules/outcome.h"
#include "tests/support/readability.h"

namespace equalsay::consensus {
namespace {

// Every tally of a panel of `voters`: how many chose each of three ways,
// with the rest not voting, under each threshold.
std::vector<PanelCount> EveryTally(const std::string& id, v1::PanelKind kind,
                                   const std::string& name, bool consent) {
  std::vector<PanelCount> out;
  for (int voters : {1, 2, 5}) {
    for (int a = 0; a <= voters; ++a) {
      for (int b = 0; a + b <= voters; ++b) {
        for (int c = 0; a + b + c <= voters; ++c) {
          for (v1::Threshold threshold :
               {v1::THRESHOLD_SIMPLE_MAJORITY, v1::THRESHOLD_UNANIMOUS}) {
            PanelCount p{.panel_id = id,
                         .kind = kind,
                         .name = name,
                         .voters = voters,
                         .agree = a};
            p.threshold = threshold;
            if (consent) {
              p.stand_aside = b;
              p.object = c;
            } else {
              p.disagree = b;
              p.abstain = c;
            }
            out.push_back(p);
          }
        }
      }
    }
  }
  return out;
}

// A panel's name is the organisation's own, explained on the page of words:
// it is read as one word, so that the test measures equalsay's own words.
std::string AsRead(std::string text) {
  for (const std::string name : {"Service User Panel", "Staff Panel"}) {
    for (size_t at; (at = text.find(name)) != std::string::npos;) {
      text.replace(at, name.size(), "Name");
    }
  }
  return text;
}

TEST(OutcomeWordsTest, EveryExplanationReadsAsPlainEnglish) {
  std::map<double, std::string> hard;  // Below 70, hardest first.
  double lowest = 100;
  int checked = 0;
  for (v1::DecisionMethod method :
       {v1::DECISION_METHOD_YES_NO, v1::DECISION_METHOD_CONSENT}) {
    const bool consent = method == v1::DECISION_METHOD_CONSENT;
    const auto su = EveryTally("1", v1::PANEL_KIND_SERVICE_USER,
                               "Service User Panel", consent);
    const auto staff =
        EveryTally("2", v1::PANEL_KIND_STAFF, "Staff Panel", consent);
    for (v1::RoundKind kind :
         {v1::ROUND_KIND_RECRUITMENT, v1::ROUND_KIND_STRATEGY}) {
      for (bool secret : {false, true}) {
        for (const PanelCount& a : su) {
          for (const PanelCount& b : staff) {
            const v1::Outcome o = DecideOutcome({.method = method,
                                                 .round_kind = kind,
                                                 .secret = secret,
                                                 .publish_counts = false,
                                                 .panels = {a, b}});
            const double ease =
                testing::FleschReadingEase(AsRead(o.explanation()));
            ++checked;
            lowest = std::min(lowest, ease);
            if (ease < 70) hard.emplace(ease, o.explanation());
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 10000);
  std::cout << "Lowest reading ease over " << checked
            << " explanations: " << lowest << "\n";
  // The hardest to read, if any fall short.
  int shown = 0;
  for (const auto& [ease, text] : hard) {
    ADD_FAILURE() << "Reading ease " << ease << " (under 70): " << text;
    if (++shown == 10) break;
  }
}

}  // namespace
}  // namespace equalsay::consensus
