// What the web bridge adds to every call it passes to the services over the
// in-process channel, so a service can tell a browser's call from a native
// one.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_WEB_BRIDGE_H_
#define EQUALSAY_SERVICES_COMMON_BASE_WEB_BRIDGE_H_

namespace equalsay {

// The browser's address, for logs. A native call carries it only when a
// proxy on its way added it.
inline constexpr char kForwardedForKey[] = "x-forwarded-for";

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_WEB_BRIDGE_H_
