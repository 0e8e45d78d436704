#include "tests/tools/generator/year_model.h"

#include <algorithm>

#include "directory/structure.h"
#include "directory/users.h"

namespace cartable::generator::year {
namespace {

using storage::Connection;

Result<std::int64_t> userId(Connection& db, const GeneratedPerson& person) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, directory::findUserByLogin(db, person.login));
  if (!found) {
    return makeError(Errc::failed_precondition, person.login + " is not in the database");
  }
  return found->id;
}

Result<std::vector<std::int64_t>> userIds(Connection& db,
                                          const std::vector<GeneratedPerson>& people) {
  std::vector<std::int64_t> out;
  for (const GeneratedPerson& person : people) {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, userId(db, person));
    out.push_back(id);
  }
  return out;
}

Student drawStudent(Dice& dice, std::size_t subjects) {
  Student s;
  const std::size_t kind = dice.below(100);
  s.in_difficulty = kind < 4;
  const bool weak = kind >= 4 && kind < 16;
  s.level = weak ? 7.5 + 1.5 * gaussian(dice) : 12.5 + 2.8 * gaussian(dice);
  if (s.in_difficulty) s.level = 8 + 2 * gaussian(dice);
  s.level = std::clamp(s.level, 3.0, 18.5);
  for (std::size_t i = 0; i < subjects; ++i) s.affinity.push_back(1.5 * gaussian(dice));
  // Most students are seldom absent, some more often, a few far more.
  const std::size_t habit = dice.below(100);
  s.absence_weight = s.in_difficulty ? 550 : habit < 75 ? 60 : 160;
  s.diligence = s.in_difficulty ? 40 + static_cast<int>(dice.below(21))
                                : 72 + static_cast<int>(dice.below(27)) - (weak ? 12 : 0);
  return s;
}

double uniform(Dice& dice) {
  return static_cast<double>(dice.below(10001)) / 10000.0;
}

Status loadStudents(Connection& db, const GeneratedSchool& school, Dice& dice, Model& model) {
  CARTABLE_ASSIGN_OR_RETURN(auto ids, userIds(db, school.students));
  std::vector<std::optional<std::size_t>> guardian(school.students.size());
  for (const GeneratedGuardianship& g : school.guardianships) {
    if (g.legal_guardian && !guardian[g.student]) guardian[g.student] = g.parent;
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Student student = drawStudent(dice, school.subjects.size());
    student.id = ids[i];
    if (guardian[i]) {
      CARTABLE_ASSIGN_OR_RETURN(student.guardian, userId(db, school.parents[*guardian[i]]));
    }
    model.students.push_back(std::move(student));
  }
  return okStatus();
}

Status loadAudiences(Connection& db, const GeneratedSchool& school, Model& model) {
  for (const GeneratedClass& c : school.classes) {
    CARTABLE_ASSIGN_OR_RETURN(auto found,
                              directory::findClass(db, c.code, school.options.school_year));
    if (!found) return makeError(Errc::failed_precondition, "class " + c.code + " is missing");
    model.audiences.push_back({found->id, std::nullopt, {}});
  }
  for (const GeneratedGroup& g : school.groups) {
    CARTABLE_ASSIGN_OR_RETURN(auto found, directory::findGroup(db, g.code));
    if (!found) return makeError(Errc::failed_precondition, "group " + g.code + " is missing");
    model.audiences.push_back({std::nullopt, found->id, {}});
  }
  for (const GeneratedEnrollment& e : school.enrollments) {
    model.audiences[e.school_class].students.push_back(e.student);
  }
  for (const GeneratedMembership& m : school.group_members) {
    model.audiences[school.classes.size() + m.group].students.push_back(m.student);
  }
  return okStatus();
}

std::tuple<std::int64_t, std::int64_t, std::int64_t> keyOf(std::int64_t subject_id,
                                                           std::optional<std::int64_t> class_id,
                                                           std::optional<std::int64_t> group_id) {
  return {subject_id, class_id.value_or(0), group_id.value_or(0)};
}

Status loadTeachings(Connection& db, const GeneratedSchool& school, Model& model) {
  CARTABLE_ASSIGN_OR_RETURN(auto teachers, userIds(db, school.teachers));
  std::vector<std::int64_t> subjects;
  for (const GeneratedSubject& s : school.subjects) {
    CARTABLE_ASSIGN_OR_RETURN(auto found, directory::findSubject(db, s.code));
    if (!found) return makeError(Errc::failed_precondition, "subject " + s.code + " is missing");
    subjects.push_back(found->id);
  }
  for (const GeneratedAssignment& a : school.assignments) {
    Teaching t;
    t.teacher_id = teachers[a.teacher];
    t.subject_id = subjects[a.subject];
    t.subject = a.subject;
    t.audience = a.school_class ? *a.school_class : school.classes.size() + *a.group;
    const Audience& audience = model.audiences[t.audience];
    model.teaching_keys[keyOf(t.subject_id, audience.class_id, audience.group_id)] =
        model.teachings.size();
    model.teachings.push_back(std::move(t));
  }
  CARTABLE_ASSIGN_OR_RETURN(auto lessons, timetable::listLessons(db, {}));
  for (const timetable::Lesson& lesson : lessons) {
    const auto found =
        model.teaching_keys.find(keyOf(lesson.subject_id, lesson.class_id, lesson.group_id));
    if (found == model.teaching_keys.end()) continue;
    Teaching& t = model.teachings[found->second];
    t.weekdays.insert(lesson.weekday);
    ++t.weekly_hours;
  }
  return okStatus();
}

Status loadStaff(Connection& db, const GeneratedSchool& school, Model& model) {
  CARTABLE_ASSIGN_OR_RETURN(model.staff, userIds(db, school.staff));
  for (std::size_t i = 0; i < school.staff.size(); ++i) {
    if (school.staff[i].position == "CPE") model.cpe.push_back(model.staff[i]);
  }
  if (model.cpe.empty() && !model.staff.empty()) model.cpe.push_back(model.staff.front());
  if (model.staff.empty()) {
    return makeError(Errc::failed_precondition, "the school has no staff to follow attendance");
  }
  return okStatus();
}

}  // namespace

Seconds instant(Day day, int minutes) {
  return Seconds{day.time_since_epoch().count()} * 86400 + Seconds{minutes} * 60;
}

int minutesOf(const std::string& time) {
  return std::stoi(time.substr(0, 2)) * 60 + std::stoi(time.substr(3, 2));
}

double gaussian(Dice& dice) {
  constexpr std::size_t kSteps = 1000000;
  double sum = 0;
  for (int i = 0; i < 4; ++i) sum += static_cast<double>(dice.below(kSteps)) / kSteps;
  return (sum - 2.0) * 1.7320508;  // four uniforms have a variance of 1/3
}

SchoolCalendar::SchoolCalendar(timetable::Calendar calendar) : calendar_(std::move(calendar)) {
  first_ = *civil::parseDay(calendar_.periods.front().starts_on);
  last_ = *civil::parseDay(calendar_.periods.back().ends_on);
  for (const auto& period : calendar_.periods) {
    first_ = std::min(first_, *civil::parseDay(period.starts_on));
    last_ = std::max(last_, *civil::parseDay(period.ends_on));
  }
}

bool SchoolCalendar::isSchoolDay(Day day) const {
  if (civil::isoWeekday(day) > 5 || !periodOf(day)) return false;
  const std::string date = civil::formatDay(day);
  return std::none_of(calendar_.holidays.begin(), calendar_.holidays.end(),
                      [&](const auto& h) { return h.starts_on <= date && date <= h.ends_on; });
}

std::optional<std::size_t> SchoolCalendar::periodOf(Day day) const {
  const std::string date = civil::formatDay(day);
  for (std::size_t i = 0; i < calendar_.periods.size(); ++i) {
    if (calendar_.periods[i].starts_on <= date && date <= calendar_.periods[i].ends_on) return i;
  }
  return std::nullopt;
}

Day SchoolCalendar::nextSchoolDay(Day day, bool or_same) const {
  Day next = or_same ? day : day + std::chrono::days{1};
  while (!isSchoolDay(next) && next <= last_) next += std::chrono::days{1};
  return next;
}

std::size_t SchoolCalendar::chapterOn(Day day) const {
  return day < first_ ? 0 : static_cast<std::size_t>((day - first_).count() / 28);
}

std::optional<std::size_t> Model::teachingOf(const timetable::Occurrence& occurrence) const {
  const auto found =
      teaching_keys.find(keyOf(occurrence.subject_id, occurrence.class_id, occurrence.group_id));
  if (found == teaching_keys.end()) return std::nullopt;
  return found->second;
}

Result<Model> loadModel(Connection& db, const GeneratedSchool& school, Dice& dice) {
  Model model;
  model.school = &school;
  CARTABLE_ASSIGN_OR_RETURN(auto calendar, timetable::getCalendar(db));
  if (calendar.periods.empty()) {
    return makeError(Errc::failed_precondition,
                     "the school calendar is not set; write the timetable first");
  }
  model.calendar.emplace(std::move(calendar));
  CARTABLE_RETURN_IF_ERROR(loadStudents(db, school, dice, model));
  CARTABLE_RETURN_IF_ERROR(loadAudiences(db, school, model));
  CARTABLE_RETURN_IF_ERROR(loadTeachings(db, school, model));
  CARTABLE_RETURN_IF_ERROR(loadStaff(db, school, model));
  return model;
}

double Trajectory::on(Day day) const {
  if (kind == Kind::bad_week) return day >= from && day < from + std::chrono::days{7} ? 0.6 : 0;
  if (kind != Kind::slipping || day < from) return 0;
  const double ramp = static_cast<double>((day - from).count() + 1) / 14.0;
  return strength * std::min(1.0, ramp);
}

int Student::absenceWeightOn(Day day) const {
  const double slip = trajectory.on(day);
  if (trajectory.kind == Trajectory::Kind::bad_week && slip > 0) return absence_weight * 12;
  return static_cast<int>(absence_weight * (1 + 5 * slip));
}

int Student::diligenceOn(Day day) const {
  return static_cast<int>(diligence * (1 - 0.65 * trajectory.on(day)));
}

int Student::latenessWeightOn(Day day) const {
  return static_cast<int>((in_difficulty ? 300 : 100) * (1 + 3 * trajectory.on(day)));
}

double Student::levelOn(Day day) const {
  return level - 4.5 * trajectory.on(day);
}

void plantTrajectories(Model& model, Day last, Dice& dice) {
  for (Student& student : model.students) {
    const std::size_t draw = dice.below(100);
    if (student.in_difficulty || draw >= 12) continue;
    Trajectory& t = student.trajectory;
    if (draw < 6) {
      t.kind = Trajectory::Kind::slipping;
      t.from = last - std::chrono::days{14 + dice.below(22)};
      t.strength = 0.3 + 0.7 * uniform(dice);
    } else {
      t.kind = Trajectory::Kind::bad_week;
      t.from = civil::mondayOf(last - std::chrono::days{7 * dice.below(4)});
    }
  }
}

}  // namespace cartable::generator::year
