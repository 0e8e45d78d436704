// Internal to the access checks: what every resource's checks share.
#pragma once

#include "api/call.h"

namespace cartable::api::access::detail {

inline Error denied() {
  return makeError(Errc::permission_denied, "accès refusé / access denied");
}

inline Status anyOf(const Call& call, directory::RoleSet allowed) {
  return call.who().roles.intersects(allowed) ? okStatus() : Status(denied());
}

// Runs `relation` on a reader; a false answer is a denial.
template <class Relation>
Status requireRelation(Call& call, Relation relation) {
  bool related = false;
  CARTABLE_RETURN_IF_ERROR(call.services.db.read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(related, relation(db));
    return okStatus();
  }));
  return related ? okStatus() : Status(denied());
}

}  // namespace cartable::api::access::detail
