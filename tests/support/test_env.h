// Test settings from the environment that scripts/test prepares.
#ifndef EQUALSAY_TESTS_SUPPORT_TEST_ENV_H_
#define EQUALSAY_TESTS_SUPPORT_TEST_ENV_H_

#include <string>

namespace equalsay::testing {

// The variable's value; fails the test (naming scripts/test) when unset.
std::string RequireEnv(const char* name);

// Where Debian keeps PostgreSQL's programs (pg_dump, pgbench).
inline constexpr char kPgBin[] = "/usr/lib/postgresql/15/bin/";

}  // namespace equalsay::testing

#endif  // EQUALSAY_TESTS_SUPPORT_TEST_ENV_H_
