// Where committed changes are announced, so that live watchers hear of them.
#ifndef EQUALSAY_SERVICES_COMMON_BASE_CHANGE_FEED_H_
#define EQUALSAY_SERVICES_COMMON_BASE_CHANGE_FEED_H_

#include <cstdint>

#include "services/common/base/ids.h"

namespace equalsay {

class ChangeFeed {
 public:
  virtual ~ChangeFeed() = default;
  // An audit event about a round has been committed. Called after the
  // commit, never inside the transaction; must not block.
  virtual void Committed(RoundId round_id, int64_t seq) = 0;
  // Someone's access may have ended (a person deactivated, a token revoked,
  // a member removed): every server checks its open streams again. Called
  // after the commit; must not block.
  virtual void AccessChanged() = 0;
};

}  // namespace equalsay

#endif  // EQUALSAY_SERVICES_COMMON_BASE_CHANGE_FEED_H_
