#include "tests/support/test_env.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

namespace equalsay::testing {

std::string RequireEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    ADD_FAILURE() << name
                  << " is not set: run the tests through scripts/test, which "
                     "sets up what they need (PostgreSQL, helm)";
    throw std::runtime_error("missing test environment");
  }
  return value;
}

}  // namespace equalsay::testing
