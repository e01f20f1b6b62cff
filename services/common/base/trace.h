// Request ids and W3C trace context: what ties a call's log line to the
// client that made it and to the trace it belongs to.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_TRACE_H_
#define EQUALSAY_SERVICES_COMMON_BASE_TRACE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace equalsay {

// 16 random hex digits.
std::string NewRequestId();

// Whether a client's own x-request-id can be used as it is: 1 to 64
// letters, digits, '.', '_' or '-' (nothing a log reader could be fooled
// by).
bool IsRequestId(absl::string_view id);

// The trace id of a W3C traceparent ("00-<32 hex>-<16 hex>-<2 hex>"), or ""
// when the header is not one (an all-zero id is not one either).
std::string TraceIdOf(absl::string_view traceparent);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_TRACE_H_
