// The dashboard (tableau de bord): what a person sees first, in one read,
// with one section per role they hold. It only composes the other modules'
// public reads (timetable, homework, grades, attendance, messaging,
// announcements, directory, files); every list is bounded by
// the constants below.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attendance/attendance.h"
#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "directory/roles.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "files/files.h"
#include "follow_up/plans.h"
#include "follow_up/recommendations.h"
#include "grades/grades.h"
#include "homework/homework.h"
#include "messaging/messaging.h"
#include "timetable/timetable.h"

namespace cartable::dashboards {

// Homework due from today to this many days later, both included, at most kMaxHomework.
inline constexpr int kHomeworkDays = 7;
inline constexpr std::size_t kMaxHomework = 50;
inline constexpr int kLatestGrades = 5;
inline constexpr int kLatestRecommendations = 5;
inline constexpr std::size_t kLatestAbsences = 5;
inline constexpr int kLatestAnnouncements = 3;
inline constexpr std::size_t kMaxJustificationsRequested = 10;
inline constexpr int kMaxReviewHomework = 10;
inline constexpr std::size_t kMaxMissingRollCalls = 50;
inline constexpr std::size_t kMaxUnjustifiedStudents = 50;
inline constexpr int kLatestTeacherRecommendations = 5;

// The lessons of one day as the person lives them, changes applied
// (cancelled ones stay listed).
struct Day {
  std::string date;
  std::vector<timetable::Occurrence> lessons;
};

// What the person has not read yet (their own, whatever their role).
struct Unread {
  messaging::Unread messages;
  std::int64_t notifications = 0;  // the feed's unread notices
  std::int64_t announcements = 0;
  struct Announcement {
    std::int64_t id = 0;
    std::string title;
    Seconds publish_at = 0;
    bool pinned = false;
  };
  std::vector<Announcement> latest_announcements;  // unread ones, at most kLatestAnnouncements
};

// A teacher's written remark to the student: the feedback returned on a
// hand-in, or the comment on an evaluation's score (visible ones only).
struct Recommendation {
  enum class Source { hand_in, evaluation } source = Source::hand_in;
  std::string date;  // when the student could first read it
  std::int64_t subject_id = 0;
  std::optional<std::int64_t> teacher_id;
  std::optional<std::int64_t> homework_id;    // hand_in
  std::optional<std::int64_t> evaluation_id;  // evaluation
  std::string title;                          // the evaluation's title; empty for a hand-in
  std::string text;
};

// The absences of the calendar period holding today (or, between periods,
// the last one begun); none when the calendar has no period begun.
struct Absences {
  std::optional<attendance::DateSpan> period;
  int half_days_absent = 0;
  int half_days_unjustified = 0;
  int late_count = 0;
  int minutes_late = 0;
  std::vector<attendance::AttendanceEvent> latest;  // newest first, at most kLatestAbsences
};

// One student's part of the dashboard: theirs, or one child's in a parent's.
struct StudentView {
  std::int64_t student_id = 0;
  std::string name;
  std::optional<directory::SchoolClass> school_class;
  Day today;
  Day tomorrow;
  std::vector<homework::StudentHomework> homework;  // by due date
  std::vector<grades::ReportLine> latest_grades;    // visible today, newest first
  Absences absences;
  std::vector<Recommendation> recommendations;  // newest first
  // The student's open follow-up plans (without notes) and the latest
  // recommendations teachers wrote to them, newest first.
  struct FollowUp {
    std::vector<cartable::follow_up::Plan> open_plans;
    std::vector<cartable::follow_up::Recommendation>
        recommendations;  // at most kLatestTeacherRecommendations
  } follow_up;
};

struct StudentSection {
  StudentView view;
  Unread unread;
};

// Absences and lateness of the period not covered by any justification:
// what the school waits for the family to justify.
struct JustificationsRequested {
  std::int64_t count = 0;
  std::vector<attendance::AttendanceEvent>
      latest;  // newest first, at most kMaxJustificationsRequested
};

struct ChildView {
  StudentView view;
  JustificationsRequested justifications_requested;
};

struct ParentSection {
  std::vector<ChildView> children;  // in the order of directory::childrenOf
  Unread unread;
};

enum class RollState { done, missing, upcoming, cancelled };
std::string_view rollStateName(RollState state);  // "done", "missing", "upcoming", "cancelled"

struct TeacherLesson {
  timetable::Occurrence lesson;
  RollState roll_call = RollState::upcoming;
  int students = 0;  // of the lesson; 0 when cancelled
  int absent = 0;    // as the roll call says
  int late = 0;
};

struct TeacherSection {
  std::string date;
  std::vector<TeacherLesson> today;
  homework::ReviewQueue hand_ins_to_review;  // at most kMaxReviewHomework homework listed
  Unread unread;
};

struct UnjustifiedStudent {
  attendance::StudentAttendance attendance;  // today's events only
  std::optional<directory::SchoolClass> school_class;
};

struct StaffSection {
  std::string date;
  std::int64_t missing_roll_call_count = 0;
  std::vector<timetable::Occurrence> missing_roll_calls;  // at most kMaxMissingRollCalls
  std::int64_t unjustified_student_count = 0;
  std::vector<UnjustifiedStudent> unjustified_today;  // at most kMaxUnjustifiedStudents
};

struct AdminSection {
  directory::UserCounts accounts;
  files::FileStore::Usage files;
  std::int64_t database_bytes = 0;
  // The link to the hub (not_configured, not_enrolled, up, down): the API
  // fills it in from the running agent, which the dashboards module does not see.
  std::string federation_state = "not_configured";
};

// Labels of the ids the sections name, so that one request is enough to show them.
struct Names {
  std::map<std::int64_t, std::string> people;    // "Given Family"
  std::map<std::int64_t, std::string> subjects;  // label
  std::map<std::int64_t, std::string> classes;   // label
  std::map<std::int64_t, std::string> groups;    // label
};

struct Dashboard {
  std::int64_t person_id = 0;
  std::string today;
  std::optional<StudentSection> student;
  std::optional<ParentSection> parent;
  std::optional<TeacherSection> teacher;
  std::optional<StaffSection> staff;
  std::optional<AdminSection> admin;
  Names names;
};

// The dashboard of `person_id` holding `roles`, at `now` (read as the
// school's civil time): one section per role held.
Result<Dashboard> dashboardOf(storage::Connection& db, std::int64_t person_id,
                              directory::RoleSet roles, Seconds now);

}  // namespace cartable::dashboards
