// Each person's private iCalendar (RFC 5545) subscription: a secret URL that a
// phone or desktop calendar polls, showing their lessons (changes applied) and
// homework due dates — a parent's, each child's. The token is shown once, stored only as a hash,
// and revoked or replaced by its owner.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/clock.h"
#include "core/base/random.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::calendar_feed {

// Creates the feed token of `user_id`, replacing (and so revoking) any earlier one.
Result<std::string> issueToken(storage::Connection& db, std::int64_t user_id, Random& random,
                               Seconds now);
// Revokes it: not_found when the person has none.
Status revokeToken(storage::Connection& db, std::int64_t user_id);
// When the current token was issued, if there is one.
Result<std::optional<Seconds>> issuedAt(storage::Connection& db, std::int64_t user_id);
// The person whose live token this is, when their account is active.
Result<std::optional<std::int64_t>> ownerOf(storage::Connection& db, std::string_view token);

struct FeedOptions {
  std::string uai;          // makes event UIDs unique across schools
  std::string school_name;  // the calendar's name
  Seconds now = 0;
  int weeks_before = 2;  // past weeks kept in the feed
  int weeks_after = 10;  // weeks ahead, this one included
};

// The VCALENDAR of `user_id` around `options.now`.
Result<std::string> render(storage::Connection& db, std::int64_t user_id,
                           const FeedOptions& options);

}  // namespace cartable::calendar_feed
