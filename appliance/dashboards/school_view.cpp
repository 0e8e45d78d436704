// The school side of the dashboard: a teacher's day and review queue, and
// vie scolaire's roll calls and unjustified absences of the day.
#include <algorithm>

#include "dashboards/internal.h"

namespace cartable::dashboards::detail {
namespace {

using storage::Connection;

bool hasStarted(const timetable::Occurrence& lesson, Seconds now) {
  const attendance::CivilTime time = attendance::civilNow(now);
  return lesson.date < time.date || (lesson.date == time.date && lesson.starts_at <= time.time);
}

Result<TeacherLesson> withRollCall(Connection& db, timetable::Occurrence lesson, Seconds now) {
  TeacherLesson out;
  if (lesson.cancelled) {
    out.roll_call = RollState::cancelled;
    out.lesson = std::move(lesson);
    return out;
  }
  CARTABLE_ASSIGN_OR_RETURN(attendance::RollCall roll,
                            attendance::getRollCall(db, lesson.lesson_id, lesson.date));
  out.students = static_cast<int>(roll.students.size());
  for (const attendance::StudentPresence& student : roll.students) {
    out.absent += student.status == attendance::Presence::absent;
    out.late += student.status == attendance::Presence::late;
  }
  if (roll.taken) {
    out.roll_call = RollState::done;
  } else {
    out.roll_call = hasStarted(lesson, now) ? RollState::missing : RollState::upcoming;
  }
  out.lesson = std::move(lesson);
  return out;
}

bool givenBy(const timetable::Occurrence& lesson, std::int64_t teacher_id) {
  return std::find(lesson.teacher_ids.begin(), lesson.teacher_ids.end(), teacher_id) !=
         lesson.teacher_ids.end();
}

Result<std::vector<UnjustifiedStudent>> unjustifiedToday(Connection& db, Context& context,
                                                         StaffSection& section) {
  CARTABLE_ASSIGN_OR_RETURN(auto absent, attendance::attendanceOn(db, context.today));
  std::vector<UnjustifiedStudent> out;
  for (attendance::StudentAttendance& student : absent) {
    if (student.half_days_unjustified == 0) continue;
    ++section.unjustified_student_count;
    if (out.size() >= kMaxUnjustifiedStudents) continue;
    CARTABLE_ASSIGN_OR_RETURN(auto school_class, directory::currentClassOf(db, student.student_id));
    for (const auto& event : student.events) {
      if (event.subject_id) context.subjects.insert(*event.subject_id);
    }
    out.push_back({std::move(student), std::move(school_class)});
  }
  return out;
}

}  // namespace

Result<TeacherSection> teacherSection(Connection& db, Context& context) {
  TeacherSection section;
  section.date = context.today;
  CARTABLE_ASSIGN_OR_RETURN(Day today, dayOf(db, context, context.person_id, context.today));
  for (timetable::Occurrence& lesson : today.lessons) {
    // A teacher who is also a student (a trainee) sees only the lessons they give here.
    if (!givenBy(lesson, context.person_id)) continue;
    CARTABLE_ASSIGN_OR_RETURN(TeacherLesson given,
                              withRollCall(db, std::move(lesson), context.now));
    section.today.push_back(std::move(given));
  }
  CARTABLE_ASSIGN_OR_RETURN(section.hand_ins_to_review,
                            homework::reviewQueueOf(db, context.person_id, kMaxReviewHomework));
  for (const auto& item : section.hand_ins_to_review.latest) {
    context.subjects.insert(item.homework.subject_id);
    if (item.homework.class_id) context.classes.insert(*item.homework.class_id);
    if (item.homework.group_id) context.groups.insert(*item.homework.group_id);
  }
  return section;
}

Result<StaffSection> staffSection(Connection& db, Context& context) {
  StaffSection section;
  section.date = context.today;
  CARTABLE_ASSIGN_OR_RETURN(auto missing,
                            attendance::missingRollCalls(db, context.today, context.now));
  section.missing_roll_call_count = static_cast<std::int64_t>(missing.size());
  if (missing.size() > kMaxMissingRollCalls) missing.resize(kMaxMissingRollCalls);
  for (const timetable::Occurrence& lesson : missing) context.nameLesson(lesson);
  section.missing_roll_calls = std::move(missing);
  CARTABLE_ASSIGN_OR_RETURN(section.unjustified_today, unjustifiedToday(db, context, section));
  return section;
}

}  // namespace cartable::dashboards::detail
