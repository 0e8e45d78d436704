// The region's directory of people, kept by the hub from what the schools
// publish: one regional identity per person, a membership per school account,
// logins unique in the region. The hub holds logins and INEs only as digests
// keyed with a key it gives the schools, and relays the sealed payloads
// schools send each other (credential verifiers, transfer dossiers) unread.
#pragma once

#include <string>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "federation/replication/change_log.h"

namespace cartable::federation::hub {

// Makes the digest key on first use and publishes it to every school.
Status ensureDirectoryKey(storage::Connection& conn, Random& random, Seconds now);

// Publishes each enrolled school's public keys, name and address to every
// school, and marks revoked schools, when they differ from what was published. Returns how
// many records it wrote.
Result<int> publishSchoolKeys(storage::Connection& conn, Seconds now);

// Applies an account record from the school `uai`: finds the person's
// regional identity (the membership already known, an attach request by
// login once the person agreed, the INE) or makes one when the login is free in the region, records
// the membership, and answers the school (and the person's other schools when
// the set of schools changed) with account statuses. A login used by another
// person answers "collision"; an attach to an unknown login "attach_failed".
// malformed (field named) for a body that is not an account record.
Status applyAccount(storage::Connection& conn, const std::string& uai, const Record& record,
                    Random& random, Seconds now);

// Applies a school's answer to an attach request (attach_consent.h): once a
// person agreed, their account of the asking school is joined to them; once
// they refused, the asking school is told so. Errors as recordAnswer().
Status applyAttachAnswer(storage::Connection& conn, const std::string& uai, const Record& record,
                         Random& random, Seconds now);

// Relays a sealed payload from the school `uai` to its destination school.
// Refused (permission_denied, nothing relayed) when the envelope names
// another sender than `uai`, or a destination that is not an enrolled,
// unrevoked school; malformed when it is not an envelope.
Status relaySealed(storage::Connection& conn, const std::string& uai, const Record& record,
                   Seconds now);

}  // namespace cartable::federation::hub
