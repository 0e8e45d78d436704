// Homework: work a teacher sets for a class, a group or chosen students of
// it, each student's private "done" tick, the work they hand in and the
// feedback they get back. Dates are the school's local civil dates; the
// Clock's Unix time is read as that local time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "files/files.h"

namespace cartable::homework {

struct Homework {
  std::int64_t id = 0;
  std::optional<std::int64_t> teacher_id;  // who set it (empty once their account is gone)
  std::int64_t subject_id = 0;
  std::optional<std::int64_t> class_id;  // exactly one of class_id, group_id
  std::optional<std::int64_t> group_id;
  std::vector<std::int64_t> student_ids;   // chosen students; empty: the whole class or group
  std::optional<std::int64_t> lesson_id;   // the lesson it was set in, with
  std::optional<std::string> lesson_date;  // the date of that lesson
  std::string due_on;                      // YYYY-MM-DD
  std::optional<std::string> due_at;       // HH:MM; absent: by the end of the day
  std::optional<std::int64_t> estimated_minutes;  // 1..600
  std::string instructions;                       // 1..10000 characters
  bool hand_in_expected = false;
  Seconds created_at = 0;
  Seconds updated_at = 0;
  std::vector<files::FileInfo> attachments;  // filled by reads
};

// Where a student is with one homework.
enum class WorkStatus {
  to_do,      // nothing handed in, and (for work to hand in) the deadline not passed
  late,       // work to hand in, deadline passed, nothing handed in
  handed_in,  // handed in (on time or late), no feedback yet
  returned,   // feedback returned
};
std::string_view workStatusName(WorkStatus status);  // "to_do", "late", "handed_in", "returned"

struct HandIn {
  std::int64_t id = 0;
  std::int64_t homework_id = 0;
  std::int64_t student_id = 0;
  std::string text;
  std::vector<files::FileInfo> files;
  Seconds handed_in_at = 0;
  bool late = false;  // handed in after the deadline
  std::optional<std::string> feedback;
  std::optional<std::int64_t> score;   // hundredths
  std::optional<std::int64_t> out_of;  // hundredths
  std::optional<std::int64_t> returned_by;
  std::optional<Seconds> returned_at;
};

// One student and one homework.
struct Progress {
  std::int64_t student_id = 0;
  bool done = false;  // the student's private tick
  std::optional<HandIn> hand_in;
  WorkStatus status = WorkStatus::to_do;
};

struct StudentHomework {
  Homework homework;
  Progress progress;
};

// The school's date at `now` (YYYY-MM-DD), and `date` moved by `days`
// (nothing when `date` is not a date).
std::string schoolDate(Seconds now);
std::optional<std::string> addDays(const std::string& date, int days);

// The instant after which a hand-in is late: due_on at due_at, or at the end
// of due_on.
Seconds deadlineOf(const Homework& homework);

// Checks `homework` (set by homework.teacher_id, who must teach its class or
// group, which access checks) and inserts it; notifies its students and their
// parents ("homework.new") in the same transaction. invalid_argument names
// the field: "subject_id", "class_id", "group_id", "student_ids[i]" (not in
// the class or group), "lesson_id" (unknown, or of another class or group),
// "lesson_date", "due_on" (not a date, or before today), "due_at" (not HH:MM,
// or earlier today), "estimated_minutes", "instructions".
Result<std::int64_t> createHomework(storage::Connection& db, const Homework& homework, Seconds now);

// The homework with its chosen students and attachments; not_found when absent.
Result<Homework> getHomework(storage::Connection& db, std::int64_t id);

// Replaces the editable fields of homework `updated.id` with those of
// `updated`, checked as by createHomework (the due date only when it
// changes). The class or group cannot change (invalid_argument).
Status updateHomework(storage::Connection& db, const Homework& updated, Seconds now);

// Deletes the homework with its hand-ins; their files are left to the sweeper.
Status deleteHomework(storage::Connection& db, std::int64_t id);

Status attachFile(storage::Connection& db, std::int64_t homework_id, std::int64_t file_id);
Result<bool> hasAttachment(storage::Connection& db, std::int64_t homework_id, std::int64_t file_id);

// The students who have the homework: the chosen ones, or the class or group.
Result<std::vector<std::int64_t>> studentsOfHomework(storage::Connection& db,
                                                     const Homework& homework);

// The homework student `student_id` has (their class, their groups, or chosen
// for them) due from `from` to `to` (both included, at most 366 days apart;
// invalid_argument naming "from" or "to"), by due date, with their progress.
Result<std::vector<StudentHomework>> homeworkOfStudent(storage::Connection& db,
                                                       std::int64_t student_id,
                                                       const std::string& from,
                                                       const std::string& to, Seconds now);
// The homework set by `teacher_id`, due from `from` to `to`, by due date.
Result<std::vector<Homework>> homeworkSetBy(storage::Connection& db, std::int64_t teacher_id,
                                            const std::string& from, const std::string& to);

Result<Progress> progressOf(storage::Connection& db, const Homework& homework,
                            std::int64_t student_id, Seconds now);

// Sets or clears the student's "done" tick.
Status setDone(storage::Connection& db, std::int64_t homework_id, std::int64_t student_id,
               bool done, Seconds now);

// Hands in the work of `student_id`: `text` and files already recorded in
// the store. Replaces an earlier hand-in until feedback is returned (then
// conflict), and is marked late when `now` is after the deadline. conflict
// when the homework expects no hand-in; invalid_argument naming "text" when
// there is neither text nor file, or the text is over 10000 characters.
// `replaced` tells whether an earlier hand-in was replaced.
Result<HandIn> handIn(storage::Connection& db, std::int64_t homework_id, std::int64_t student_id,
                      const std::string& text, const std::vector<std::int64_t>& file_ids,
                      Seconds now, bool& replaced);

Result<HandIn> getHandIn(storage::Connection& db, std::int64_t id);  // not_found when absent
Result<bool> handInHasFile(storage::Connection& db, std::int64_t hand_in_id, std::int64_t file_id);

// The teacher's view: every student who has the homework, with their hand-in
// (if any) and status; the private done ticks are not part of it.
struct HandInRow {
  std::int64_t student_id = 0;
  std::optional<HandIn> hand_in;
  WorkStatus status = WorkStatus::to_do;
};
Result<std::vector<HandInRow>> handInsOf(storage::Connection& db, const Homework& homework,
                                         Seconds now);

// The `limit` (1..50) latest hand-ins of `student_id` with feedback
// returned, the most recently returned first, among their 4 × `limit` latest
// hand-ins.
Result<std::vector<HandIn>> latestFeedbackOf(storage::Connection& db, std::int64_t student_id,
                                             int limit);

// Hand-ins to homework set by `teacher_id` still waiting for feedback.
struct ReviewQueue {
  struct Item {
    Homework homework;
    std::int64_t hand_ins = 0;  // waiting for feedback on this homework
  };
  std::int64_t hand_ins = 0;  // in all
  std::int64_t homework = 0;  // how many homework have some
  std::vector<Item> latest;   // at most the limit asked, latest due first
};
// The review queue of `teacher_id`, listing at most `limit` (1..50) homework.
Result<ReviewQueue> reviewQueueOf(storage::Connection& db, std::int64_t teacher_id, int limit);

struct Feedback {
  std::string text;                    // 1..5000 characters
  std::optional<std::int64_t> score;   // hundredths, 0..out_of; with out_of
  std::optional<std::int64_t> out_of;  // hundredths, 1..100000
};

// Returns feedback on hand-in `hand_in_id` (again, to amend it) and notifies
// the student and their parents ("homework.feedback"). invalid_argument
// naming "feedback", "score" (above out_of, or without it) or "out_of".
Result<HandIn> returnFeedback(storage::Connection& db, std::int64_t hand_in_id,
                              const Feedback& feedback, std::int64_t teacher_id, Seconds now);

}  // namespace cartable::homework
