// RETURN_IF_ERROR / ASSIGN_OR_RETURN, which Debian's Abseil 20220623 lacks.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_STATUS_MACROS_H_
#define EQUALSAY_SERVICES_COMMON_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define EQ_STATUS_CONCAT_INNER(a, b) a##b
#define EQ_STATUS_CONCAT(a, b) EQ_STATUS_CONCAT_INNER(a, b)

// Returns the status from the enclosing function if `expr` is not OK.
#define EQ_RETURN_IF_ERROR(expr)                                               \
  do {                                                                         \
    if (absl::Status eq_status_ = (expr); !eq_status_.ok()) return eq_status_; \
  } while (false)

// `EQ_ASSIGN_OR_RETURN(auto x, F())` declares x from F()'s value, or returns
// F()'s status from the enclosing function.
#define EQ_ASSIGN_OR_RETURN(lhs, expr) \
  EQ_ASSIGN_OR_RETURN_IMPL(EQ_STATUS_CONCAT(eq_statusor_, __LINE__), lhs, expr)
#define EQ_ASSIGN_OR_RETURN_IMPL(statusor, lhs, expr)      \
  auto statusor = (expr);                                  \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

#endif  // EQUALSAY_SERVICES_COMMON_BASE_STATUS_MACROS_H_
