// Announcements (actualités): news the school's direction, vie scolaire or a
// teacher addresses to audiences (the whole school, the staff, a class's
// students and/or parents), published now or at a chosen instant, optionally
// expiring, pinned ones first; who read them. The audience is notified
// ("announcement.new") when an announcement is published.
//
// Read receipts: authors and admins see how many people of the audience read
// an announcement (a count and a ratio), never who; a family's reading habits
// are not shown to the school.
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
#include "files/files.h"

namespace cartable::announcements {

enum class AudienceKind {
  school,          // everyone
  staff,           // staff, admins and teachers
  class_all,       // a class's students and their parents ("class")
  class_students,  // a class's students
  class_parents,   // the parents of a class's students
};
// "school", "staff", "class", "class_students", "class_parents".
std::string_view audienceKindName(AudienceKind kind);
std::optional<AudienceKind> parseAudienceKind(std::string_view name);

struct Audience {
  AudienceKind kind = AudienceKind::school;
  std::optional<std::int64_t> class_id;  // for the class kinds only
  bool operator==(const Audience&) const = default;
};

struct Announcement {
  std::int64_t id = 0;
  std::optional<std::int64_t> author_id;  // empty once the account is gone
  std::string title;                      // 1..200 characters, one line
  std::string body;                       // 1..20000 characters, plain text
  Seconds publish_at = 0;                 // on create, 0 or a past instant: now
  std::optional<Seconds> expires_at;      // after publish_at
  bool pinned = false;
  bool announced = false;           // the audience was notified
  std::vector<Audience> audiences;  // 1..20, without repeats
  Seconds created_at = 0;
  Seconds updated_at = 0;
  std::vector<files::FileInfo> attachments;  // filled by reads
};

enum class Publication { scheduled, published, expired };
Publication publicationAt(const Announcement& announcement, Seconds now);
std::string_view publicationName(Publication publication);  // "scheduled", ...

// True when a person with `roles` may address every one of `audiences`:
// admins and staff any audience; teachers only the class kinds of classes
// they teach (directory::teachesClass; an unknown class is not one of them);
// students and parents none.
Result<bool> mayAddress(storage::Connection& db, std::int64_t author_id, directory::RoleSet roles,
                        const std::vector<Audience>& audiences);

// Checks `announcement` (by announcement.author_id; who may address its
// audiences is the access check's question, see mayAddress) and inserts it.
// When it is published at `now` its audience is notified in the same
// transaction; a scheduled one waits for publishDueAnnouncements.
// invalid_argument names the field: "title", "body", "audiences",
// "audiences[i].class_id" (missing, unknown, or given for school/staff),
// "audiences[i]" (a repeat), "expires_at" (not after publish_at, or past).
Result<std::int64_t> createAnnouncement(storage::Connection& db, const Announcement& announcement,
                                        Seconds now);

// The announcement with its audiences and attachments; not_found when absent.
Result<Announcement> getAnnouncement(storage::Connection& db, std::int64_t id);

// Replaces the editable fields (title, body, publish_at, expires_at, pinned,
// audiences) of `updated.id`, checked as by createAnnouncement. publish_at
// cannot move once published (invalid_argument naming it); a scheduled one
// moved to now or earlier is published (and notified) now.
Status updateAnnouncement(storage::Connection& db, const Announcement& updated, Seconds now);

// Deletes it with its audiences, read receipts and attachment links; the files
// are left to the sweeper.
Status deleteAnnouncement(storage::Connection& db, std::int64_t id);

// At most 10 attachments (invalid_argument naming "file").
Status attachFile(storage::Connection& db, std::int64_t announcement_id, std::int64_t file_id);
Result<bool> hasAttachment(storage::Connection& db, std::int64_t announcement_id,
                           std::int64_t file_id);

// True when `user_id` wrote the announcement.
Result<bool> isAuthor(storage::Connection& db, std::int64_t announcement_id, std::int64_t user_id);
// True when the announcement is published, not expired at `now`, and
// addresses `user_id` (a parent through each child's current class).
Result<bool> isVisibleTo(storage::Connection& db, std::int64_t announcement_id,
                         std::int64_t user_id, Seconds now);

struct Page {
  int limit = 50;  // 1..200
  int offset = 0;
};

struct FeedItem {
  Announcement announcement;
  bool read = false;
};

// What `user_id` sees: published, unexpired announcements addressed to them,
// pinned first, then newest first.
Result<std::vector<FeedItem>> feedOf(storage::Connection& db, std::int64_t user_id, Seconds now,
                                     const Page& page);
// How many of those they have not read.
Result<std::int64_t> unreadCount(storage::Connection& db, std::int64_t user_id, Seconds now);

// Every announcement `author_id` wrote (scheduled and expired included), or
// every announcement of the school (no author), newest publication first.
Result<std::vector<Announcement>> listAnnouncements(storage::Connection& db,
                                                    std::optional<std::int64_t> author_id,
                                                    const Page& page);

// Records that `user_id` read it (again: the first reading is kept).
Status markRead(storage::Connection& db, std::int64_t announcement_id, std::int64_t user_id,
                Seconds now);

// The people an announcement addresses now (active accounts), without repeats.
Result<std::vector<std::int64_t>> audienceMembers(storage::Connection& db,
                                                  const std::vector<Audience>& audiences);

struct ReadStats {
  std::int64_t read = 0;      // people of the audience who read it
  std::int64_t audience = 0;  // people it addresses now
  double ratio = 0;           // read / audience; 0 for an empty audience
};
Result<ReadStats> readStats(storage::Connection& db, const Announcement& announcement);

// Notifies the audience of every announcement whose publication instant has
// come and that was not announced yet (one already expired is marked without
// notice), and marks them announced. For the node's hourly maintenance.
// Returns how many were notified.
Result<int> publishDueAnnouncements(storage::Connection& db, Seconds now);

}  // namespace cartable::announcements
