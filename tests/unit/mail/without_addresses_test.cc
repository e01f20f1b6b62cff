// A mail server's error never carries a person's address into the queue,
// the log or the audit trail.
#include "services/mail/rules/without_addresses.h"

#include <gtest/gtest.h>

namespace equalsay::mail {
namespace {

TEST(WithoutAddressesTest, EveryAddressGoesAndEverythingElseStays) {
  const struct {
    const char* said;
    const char* kept;
  } kCases[] = {
      {"the mail server answered 550: RCPT failed: 550",
       "the mail server answered 550: RCPT failed: 550"},
      {"550 5.1.1 <jo.bloggs@example.org>: Recipient address rejected",
       "550 5.1.1 <(an address)>: Recipient address rejected"},
      {"mailbox jo@example.org unavailable (\"zoë@example.org\")",
       "mailbox (an address) unavailable (\"(an address)\")"},
      {"452 4.2.2 Over quota:jo@example.org,sam@example.org",
       "452 4.2.2 Over quota:(an address),(an address)"},
      {"", ""},
  };
  for (const auto& c : kCases) {
    EXPECT_EQ(WithoutAddresses(c.said), c.kept) << c.said;
  }
}

}  // namespace
}  // namespace equalsay::mail
