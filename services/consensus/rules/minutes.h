// The published record of a round as Markdown, from the Minutes message the
// service assembles (secrecy already applied to it).
#ifndef EQUALSAY_SERVICES_CONSENSUS_RULES_MINUTES_H_
#define EQUALSAY_SERVICES_CONSENSUS_RULES_MINUTES_H_

#include <string>

#include "equalsay/v1/consensus.pb.h"

namespace equalsay::consensus {

// Times appear as "2026-11-22 20:50 UTC" (the caller formats nothing).
std::string MinutesMarkdown(const v1::Minutes& minutes);

// "2026-11-22 20:50 UTC"; "" for 0.
std::string UtcTime(int64_t unix_seconds);

}  // namespace equalsay::consensus

#endif  // EQUALSAY_SERVICES_CONSENSUS_RULES_MINUTES_H_
