// The cahier de textes: for each lesson given on a date, what was covered.
// It is an official record: every edit keeps the version it replaces, and
// only an admin deletes an entry (audited; its versions stay in the history).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::homework {

struct LessonRecord {
  std::int64_t lesson_id = 0;
  std::string on_date;  // a date the lesson takes place, YYYY-MM-DD
  int version = 1;      // 1 when written, +1 at each edit
  std::string title;    // may be empty
  std::string content;  // required
  std::optional<std::int64_t> written_by;
  Seconds written_at = 0;
};

// A version that an edit replaced, or that an admin deleted.
struct RecordVersion {
  LessonRecord record;
  std::optional<std::int64_t> replaced_by;  // the editor, or the admin who deleted it
  Seconds replaced_at = 0;
  bool deleted = false;
};

// An entry of a class's cahier de textes, with what the lesson is about.
struct ClassRecordEntry {
  LessonRecord record;
  std::int64_t subject_id = 0;
  std::optional<std::int64_t> class_id;  // the lesson's class, or
  std::optional<std::int64_t> group_id;  // its group (a group with students of the class)
  std::string starts_at;
};

// Writes the entry of lesson `lesson_id` on `on_date` by `author_id`: creates
// it, or replaces it and keeps the previous version in the history. Errors:
// not_found for an unknown lesson; invalid_argument naming "date" (not a date
// the lesson takes place), "title" (over 200 characters) or "content" (empty
// or over 20000 characters).
Result<LessonRecord> writeLessonRecord(storage::Connection& db, std::int64_t lesson_id,
                                       const std::string& on_date, const std::string& title,
                                       const std::string& content, std::int64_t author_id,
                                       Seconds now);

// The current entry; not_found when none was written (or it was deleted).
Result<LessonRecord> getLessonRecord(storage::Connection& db, std::int64_t lesson_id,
                                     const std::string& on_date);

// The versions replaced or deleted, oldest first.
Result<std::vector<RecordVersion>> lessonRecordHistory(storage::Connection& db,
                                                       std::int64_t lesson_id,
                                                       const std::string& on_date);

// Deletes the entry (not_found when there is none); its last version goes to
// the history, marked deleted, and "lesson_record.deleted" to the audit log,
// in the caller's transaction.
Status deleteLessonRecord(storage::Connection& db, std::int64_t lesson_id,
                          const std::string& on_date, std::int64_t admin_id,
                          const std::string& remote_address, Seconds now);

// The entries of the lessons of class `class_id` and of the groups holding
// its students, from `from` to `to` (both included, at most 366 days apart;
// invalid_argument naming "from" or "to"), by date then start time.
Result<std::vector<ClassRecordEntry>> classRecord(storage::Connection& db, std::int64_t class_id,
                                                  const std::string& from, const std::string& to);

}  // namespace cartable::homework
