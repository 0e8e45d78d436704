// What each person wants to be told: per category of notice, in the feed
// (on unless turned off) and by email (off unless turned on). notify() and
// notifyOnce() apply them, so every feature honours them without knowing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "directory/roles.h"

namespace cartable::notifications {

// The categories, named by the prefix of the notice kinds they hold
// ("attendance.absence" is in "attendance").
inline constexpr std::string_view kCategories[] = {"timetable",  "homework", "grades",
                                                   "attendance", "message",  "announcement",
                                                   "document",   "helpdesk"};

// The category of a notice `kind`; nothing for a kind outside every category
// (such a notice always reaches the feed and is never emailed).
std::optional<std::string_view> categoryOf(std::string_view kind);

// Refuses with invalid_argument, naming it, a `name` that is not a category.
Status checkCategory(std::string_view name);

// A feed that people with `role` may not turn off, and why.
struct RequiredFeed {
  directory::Role role;
  std::string_view category;
  std::string_view reason;
};

// A parent always sees their children's attendance in the feed: an absence of
// one's child must be seen, whatever the preferences.
inline constexpr RequiredFeed kRequiredFeeds[] = {
    {directory::Role::parent, "attendance", "a parent must see their children's absences"},
};

// The categories whose feed `roles` may not turn off, in kCategories order.
std::vector<std::string> requiredFeedsFor(directory::RoleSet roles);

struct Preference {
  std::string category;
  bool feed = true;
  bool email = false;
};

// `user_id`'s preference for every category, in kCategories order. A required
// feed reads as on.
Result<std::vector<Preference>> preferencesOf(storage::Connection& db, std::int64_t user_id);

// A change to one category; an absent channel keeps its value.
struct PreferenceChange {
  std::string category;
  std::optional<bool> feed;
  std::optional<bool> email;
};

// Applies `changes` to `user_id`'s preferences. Refuses with invalid_argument
// an unknown category (field: the category), a required feed turned off
// (field "<category>.feed") and email turned on while `email_available` is
// false (field "<category>.email"); nothing is written when one is refused.
Status setPreferences(storage::Connection& db, std::int64_t user_id,
                      const std::vector<PreferenceChange>& changes, bool email_available,
                      Seconds now);

// How a notice of `kind` reaches `user_id`: in the feed, and by email (only
// when the person asked for it and has an address on an active account).
struct Channels {
  bool feed = true;
  bool email = false;
};
Result<Channels> channelsFor(storage::Connection& db, std::int64_t user_id, std::string_view kind);

}  // namespace cartable::notifications
