#include "notifications/preferences.h"

#include <algorithm>

#include "directory/users.h"

namespace cartable::notifications {
namespace {

bool isCategory(std::string_view name) {
  return std::find(std::begin(kCategories), std::end(kCategories), name) != std::end(kCategories);
}

std::string categoryList() {
  std::string out;
  for (const auto category : kCategories) out += (out.empty() ? "" : ", ") + std::string(category);
  return out;
}

bool feedRequired(directory::RoleSet roles, std::string_view category) {
  return std::any_of(
      std::begin(kRequiredFeeds), std::end(kRequiredFeeds),
      [&](const RequiredFeed& rule) { return rule.category == category && roles.has(rule.role); });
}

std::string_view requiredReason(directory::RoleSet roles, std::string_view category) {
  for (const auto& rule : kRequiredFeeds) {
    if (rule.category == category && roles.has(rule.role)) return rule.reason;
  }
  return {};
}

// The stored row of one category, when the person changed its defaults.
Result<std::optional<Preference>> storedPreference(storage::Connection& db, std::int64_t user_id,
                                                   std::string_view category) {
  CARTABLE_ASSIGN_OR_RETURN(auto row, db.query("SELECT feed, email FROM notification_preferences "
                                               "WHERE user_id = ? AND category = ?",
                                               user_id, category));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return std::optional<Preference>();
  return std::optional<Preference>(
      Preference{std::string(category), row.int64(0) != 0, row.int64(1) != 0});
}

Status checkChange(const PreferenceChange& change, directory::RoleSet roles, bool email_available) {
  CARTABLE_RETURN_IF_ERROR(checkCategory(change.category));
  if (change.feed == false && feedRequired(roles, change.category)) {
    return makeError(Errc::invalid_argument,
                     "\"" + change.category + "\" notices cannot be turned off in the feed: " +
                         std::string(requiredReason(roles, change.category)),
                     change.category + ".feed");
  }
  if (change.email == true && !email_available) {
    return makeError(Errc::invalid_argument,
                     "email is not available: this school's node has no mail relay configured",
                     change.category + ".email");
  }
  return okStatus();
}

}  // namespace

Status checkCategory(std::string_view name) {
  if (isCategory(name)) return okStatus();
  return makeError(
      Errc::invalid_argument,
      "unknown notification category \"" + std::string(name) + "\"; categories: " + categoryList(),
      std::string(name));
}

std::optional<std::string_view> categoryOf(std::string_view kind) {
  const std::string_view prefix = kind.substr(0, kind.find('.'));
  if (isCategory(prefix)) return *std::find(std::begin(kCategories), std::end(kCategories), prefix);
  return std::nullopt;
}

std::vector<std::string> requiredFeedsFor(directory::RoleSet roles) {
  std::vector<std::string> out;
  for (const auto category : kCategories) {
    if (feedRequired(roles, category)) out.emplace_back(category);
  }
  return out;
}

Result<std::vector<Preference>> preferencesOf(storage::Connection& db, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto user, directory::getUser(db, user_id));
  std::vector<Preference> out;
  for (const auto category : kCategories) {
    CARTABLE_ASSIGN_OR_RETURN(auto stored, storedPreference(db, user_id, category));
    Preference preference = stored.value_or(Preference{std::string(category)});
    preference.feed = preference.feed || feedRequired(user.roles, category);
    out.push_back(std::move(preference));
  }
  return out;
}

Status setPreferences(storage::Connection& db, std::int64_t user_id,
                      const std::vector<PreferenceChange>& changes, bool email_available,
                      Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto user, directory::getUser(db, user_id));
  for (const auto& change : changes) {
    CARTABLE_RETURN_IF_ERROR(checkChange(change, user.roles, email_available));
  }
  for (const auto& change : changes) {
    CARTABLE_ASSIGN_OR_RETURN(auto stored, storedPreference(db, user_id, change.category));
    Preference next = stored.value_or(Preference{change.category});
    next.feed = change.feed.value_or(next.feed);
    next.email = change.email.value_or(next.email);
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO notification_preferences (user_id, category, feed, email, updated_at) "
                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (user_id, category) DO UPDATE "
                "SET feed = ?3, email = ?4, updated_at = ?5",
                user_id, change.category, next.feed, next.email, now));
  }
  return okStatus();
}

Result<Channels> channelsFor(storage::Connection& db, std::int64_t user_id, std::string_view kind) {
  const auto category = categoryOf(kind);
  if (!category) return Channels{};
  CARTABLE_ASSIGN_OR_RETURN(auto stored, storedPreference(db, user_id, *category));
  if (!stored) return Channels{};
  Channels channels{stored->feed, stored->email};
  if (channels.feed && !channels.email) return channels;
  CARTABLE_ASSIGN_OR_RETURN(auto user, directory::getUser(db, user_id));
  channels.feed = channels.feed || feedRequired(user.roles, *category);
  channels.email = channels.email && user.active() && user.email && !user.email->empty();
  return channels;
}

}  // namespace cartable::notifications
