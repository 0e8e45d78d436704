// A student's part of the dashboard: their days, homework, latest grades,
// absences of the period and their teachers' latest remarks.
#include <algorithm>

#include "core/base/civil_date.h"
#include "dashboards/internal.h"

namespace cartable::dashboards::detail {
namespace {

using storage::Connection;

Result<std::vector<homework::StudentHomework>> homeworkDue(Connection& db, const Context& context,
                                                           std::int64_t student_id) {
  const auto last = homework::addDays(context.today, kHomeworkDays);
  if (!last)
    return makeError(Errc::internal,
                     "no date " + std::to_string(kHomeworkDays) + " days after " + context.today);
  CARTABLE_ASSIGN_OR_RETURN(
      auto due, homework::homeworkOfStudent(db, student_id, context.today, *last, context.now));
  if (due.size() > kMaxHomework) due.resize(kMaxHomework);
  return due;
}

Result<Absences> absencesOf(Connection& db, const Context& context, std::int64_t student_id,
                            std::vector<attendance::AttendanceEvent>& events) {
  Absences out;
  out.period = context.period;
  if (!context.period) return out;
  CARTABLE_ASSIGN_OR_RETURN(auto summary,
                            attendance::studentAttendance(db, student_id, *context.period));
  out.half_days_absent = summary.half_days_absent;
  out.half_days_unjustified = summary.half_days_unjustified;
  out.late_count = summary.late_count;
  out.minutes_late = summary.minutes_late;
  events = std::move(summary.events);
  const std::size_t shown = std::min(events.size(), kLatestAbsences);
  out.latest.assign(events.rbegin(), events.rbegin() + static_cast<std::ptrdiff_t>(shown));
  return out;
}

Result<std::vector<Recommendation>> handInRemarks(Connection& db, std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto returned,
                            homework::latestFeedbackOf(db, student_id, kLatestRecommendations));
  std::vector<Recommendation> out;
  for (const homework::HandIn& hand_in : returned) {
    if (!hand_in.feedback || !hand_in.returned_at) continue;
    CARTABLE_ASSIGN_OR_RETURN(homework::Homework work,
                              homework::getHomework(db, hand_in.homework_id));
    Recommendation remark;
    remark.source = Recommendation::Source::hand_in;
    remark.date = homework::schoolDate(*hand_in.returned_at);
    remark.subject_id = work.subject_id;
    remark.teacher_id = hand_in.returned_by;
    remark.homework_id = work.id;
    remark.text = *hand_in.feedback;
    out.push_back(std::move(remark));
  }
  return out;
}

Result<std::vector<Recommendation>> evaluationRemarks(Connection& db, const Context& context,
                                                      std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto commented, grades::latestScoresOf(db, student_id, context.today,
                                                                   kLatestRecommendations, true));
  std::vector<Recommendation> out;
  for (const grades::ReportLine& line : commented) {
    const grades::Evaluation& evaluation = line.evaluation;
    Recommendation remark;
    remark.source = Recommendation::Source::evaluation;
    remark.date = std::max(evaluation.date, evaluation.visible_from);
    remark.subject_id = evaluation.subject_id;
    if (evaluation.teacher_id > 0) remark.teacher_id = evaluation.teacher_id;
    remark.evaluation_id = evaluation.id;
    remark.title = evaluation.title;
    remark.text = line.score ? line.score->comment : "";
    out.push_back(std::move(remark));
  }
  return out;
}

// Both kinds of remark merged, newest first, at most kLatestRecommendations.
Result<std::vector<Recommendation>> recommendationsOf(Connection& db, const Context& context,
                                                      std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto out, handInRemarks(db, student_id));
  CARTABLE_ASSIGN_OR_RETURN(auto graded, evaluationRemarks(db, context, student_id));
  out.insert(out.end(), graded.begin(), graded.end());
  std::stable_sort(out.begin(), out.end(), [](const Recommendation& a, const Recommendation& b) {
    return a.date > b.date;
  });
  if (out.size() > static_cast<std::size_t>(kLatestRecommendations)) {
    out.resize(static_cast<std::size_t>(kLatestRecommendations));
  }
  return out;
}

void nameReferences(Context& context, const StudentView& view) {
  for (const auto& work : view.homework) {
    context.subjects.insert(work.homework.subject_id);
    if (work.homework.teacher_id) context.people.insert(*work.homework.teacher_id);
  }
  for (const auto& line : view.latest_grades) {
    context.subjects.insert(line.evaluation.subject_id);
    if (line.evaluation.teacher_id > 0) context.people.insert(line.evaluation.teacher_id);
  }
  for (const auto& event : view.absences.latest) {
    if (event.subject_id) context.subjects.insert(*event.subject_id);
  }
  for (const auto& remark : view.recommendations) {
    context.subjects.insert(remark.subject_id);
    if (remark.teacher_id) context.people.insert(*remark.teacher_id);
  }
  for (const auto& advice : view.follow_up.recommendations) {
    if (advice.author_id) context.people.insert(*advice.author_id);
  }
}

Result<StudentView::FollowUp> followUpOf(Connection& db, std::int64_t student_id) {
  StudentView::FollowUp out;
  CARTABLE_ASSIGN_OR_RETURN(auto plans, follow_up::plansOfStudent(db, student_id));
  for (auto& plan : plans) {
    if (plan.state == follow_up::PlanState::open) out.open_plans.push_back(std::move(plan));
  }
  CARTABLE_ASSIGN_OR_RETURN(
      out.recommendations,
      follow_up::recommendationsTo(db, student_id, kLatestTeacherRecommendations));
  return out;
}

}  // namespace

void Context::nameLesson(const timetable::Occurrence& lesson) {
  subjects.insert(lesson.subject_id);
  people.insert(lesson.teacher_ids.begin(), lesson.teacher_ids.end());
  if (lesson.class_id) classes.insert(*lesson.class_id);
  if (lesson.group_id) groups.insert(*lesson.group_id);
}

Result<Day> dayOf(Connection& db, Context& context, std::int64_t person_id,
                  const std::string& date) {
  const auto day = civil::parseDay(date);
  if (!day) return makeError(Errc::internal, "not a date: " + date);
  const std::string monday = civil::formatDay(civil::mondayOf(*day));
  auto week = context.weeks.find({person_id, monday});
  if (week == context.weeks.end()) {
    CARTABLE_ASSIGN_OR_RETURN(auto read, timetable::weekFor(db, person_id, monday));
    week = context.weeks.emplace(std::pair(person_id, monday), std::move(read)).first;
  }
  Day out{date, {}};
  for (const timetable::Occurrence& lesson : week->second) {
    if (lesson.date != date) continue;
    context.nameLesson(lesson);
    out.lessons.push_back(lesson);
  }
  return out;
}

Result<StudentView> studentView(Connection& db, Context& context, std::int64_t student_id,
                                std::vector<attendance::AttendanceEvent>& events) {
  StudentView view;
  view.student_id = student_id;
  CARTABLE_ASSIGN_OR_RETURN(directory::User student, directory::getUser(db, student_id));
  view.name = student.displayName();
  CARTABLE_ASSIGN_OR_RETURN(view.school_class, directory::currentClassOf(db, student_id));
  CARTABLE_ASSIGN_OR_RETURN(view.today, dayOf(db, context, student_id, context.today));
  CARTABLE_ASSIGN_OR_RETURN(view.tomorrow, dayOf(db, context, student_id, context.tomorrow));
  CARTABLE_ASSIGN_OR_RETURN(view.homework, homeworkDue(db, context, student_id));
  CARTABLE_ASSIGN_OR_RETURN(view.latest_grades,
                            grades::latestScoresOf(db, student_id, context.today, kLatestGrades));
  CARTABLE_ASSIGN_OR_RETURN(view.absences, absencesOf(db, context, student_id, events));
  CARTABLE_ASSIGN_OR_RETURN(view.recommendations, recommendationsOf(db, context, student_id));
  CARTABLE_ASSIGN_OR_RETURN(view.follow_up, followUpOf(db, student_id));
  nameReferences(context, view);
  return view;
}

}  // namespace cartable::dashboards::detail
