// Who may call what: roles, role sets and the check every RPC makes.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_ACCESS_H_
#define EQUALSAY_SERVICES_COMMON_BASE_ACCESS_H_

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "equalsay/v1/common.pb.h"

namespace equalsay {

// The columns of every access table. A caller holds one or more: their
// organisation role (administrator, HR) and, for a call about a round, their
// panel role there, or their place as a member's named supporter; someone
// with none of these is outside the round.
enum class Role : uint8_t {
  kAdmin,
  kHr,
  kCoChair,
  kMember,
  kObserver,
  kSupporter,  // On none of the round's panels; acts for a member there.
  kOutsider,
};
inline constexpr int kRoleCount = 7;
inline constexpr Role kAllRoles[kRoleCount] = {
    Role::kAdmin,    Role::kHr,        Role::kCoChair, Role::kMember,
    Role::kObserver, Role::kSupporter, Role::kOutsider};

class RoleSet {
 public:
  constexpr RoleSet() = default;
  constexpr RoleSet(std::initializer_list<Role> roles) {
    for (Role r : roles) bits_ |= 1u << static_cast<int>(r);
  }
  static constexpr RoleSet Everyone() {
    return {Role::kAdmin,    Role::kHr,        Role::kCoChair, Role::kMember,
            Role::kObserver, Role::kSupporter, Role::kOutsider};
  }
  constexpr bool Has(Role r) const {
    return bits_ & (1u << static_cast<int>(r));
  }
  constexpr bool Intersects(RoleSet other) const {
    return (bits_ & other.bits_) != 0;
  }
  constexpr void Add(Role r) { bits_ |= 1u << static_cast<int>(r); }
  constexpr bool empty() const { return bits_ == 0; }

 private:
  uint32_t bits_ = 0;
};

// The roles of a caller with `org_role`, holding `panel_role` in the round
// the call is about (nullopt: not on any of its panels, or no round), and
// whether they are a member's supporter there.
RoleSet RolesOf(v1::OrgRole org_role, std::optional<v1::PanelRole> panel_role,
                bool supporter = false);

// What a call is made with, which says who is asking.
enum class Credential : uint8_t {
  kToken,       // A session or script token: every RPC but those below.
  kSignInLink,  // A sign-in link, which then stops working (SignIn).
  kNothing,     // Asked before signing in: whoever asks is no one yet.
};

// One row of an access table: an RPC, who may call it, and what it does in
// words ("add people") for the refusal message.
struct AccessRule {
  absl::string_view method;  // The RPC's name, e.g. "CreatePerson".
  RoleSet allowed;
  bool round_scoped;  // Roles depend on the caller's place in one round.
  absl::string_view what;
  Credential credential = Credential::kToken;
};

// Finds the method's row; nullptr if it has none (a bug: every RPC has one).
const AccessRule* FindRule(const std::vector<AccessRule>& table,
                           absl::string_view method);

// OK when `roles` meets the rule; PERMISSION_DENIED in plain words otherwise.
absl::Status CheckAccess(const AccessRule& rule, RoleSet roles);

std::string RoleWords(Role role);

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_ACCESS_H_
