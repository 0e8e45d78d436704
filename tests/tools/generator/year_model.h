// What the simulated school year works from: the generated school's database
// ids, each student's habits and level, the teachings with their weekly
// lessons, and the school calendar. Private to the year simulation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/base/civil_date.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "tests/tools/generator/dice.h"
#include "tests/tools/generator/school_generator.h"
#include "timetable/timetable.h"

namespace cartable::generator::year {

using civil::Day;

// Unix time of `day` at `minutes` past midnight, read as the school's civil time.
Seconds instant(Day day, int minutes);
// Minutes past midnight of an "HH:MM" time.
int minutesOf(const std::string& time);
// Points drawn around 0 with a standard deviation close to 1 (a sum of uniforms:
// the same on every standard library).
double gaussian(Dice& dice);

// A trajectory planted for the early-warning evaluation (YearOptions::plant_at_risk).
struct Trajectory {
  enum class Kind { steady, slipping, bad_week };
  Kind kind = Kind::steady;
  Day from{};           // slipping: its first day; bad_week: the week's Monday
  double strength = 0;  // slipping: 0.3 to 1, how far the student slips

  // How far the student has slipped on `day`: 0 before, rising to `strength`
  // over two weeks; 0.6 during a bad week.
  double on(Day day) const;
  bool slipping(Day day) const { return kind == Kind::slipping && day >= from; }
};

struct Student {
  std::int64_t id = 0;
  std::optional<std::int64_t> guardian;  // the legal guardian who writes to the school
  double level = 12;                     // the usual score, on 20
  std::vector<double> affinity;          // by subject index: points above or below the level
  int absence_weight = 100;              // percent of the usual chance to be absent
  int diligence = 85;                    // percent of homework done and handed in
  bool in_difficulty = false;            // absent far more often, works less
  Trajectory trajectory;

  // Habits on `day`, once the trajectory is applied.
  int absenceWeightOn(Day day) const;
  int diligenceOn(Day day) const;
  int latenessWeightOn(Day day) const;  // percent of the usual chance to be late
  double levelOn(Day day) const;
  // Justifies absences as a student in difficulty's family does.
  bool strugglingOn(Day day) const { return in_difficulty || trajectory.slipping(day); }
};

// A class or a group and its students (indexes into Model::students).
struct Audience {
  std::optional<std::int64_t> class_id;
  std::optional<std::int64_t> group_id;
  std::vector<std::size_t> students;
};

// One teacher teaching one subject to one class or group.
struct Teaching {
  std::int64_t teacher_id = 0;
  std::int64_t subject_id = 0;
  std::size_t subject = 0;  // index into the school's subjects
  std::size_t audience = 0;
  std::set<int> weekdays;  // of its weekly lessons
  int weekly_hours = 0;
};

class SchoolCalendar {
 public:
  explicit SchoolCalendar(timetable::Calendar calendar);

  // A weekday of a period that is not a holiday.
  bool isSchoolDay(Day day) const;
  // The index (0-based) of the period holding `day`.
  std::optional<std::size_t> periodOf(Day day) const;
  const std::vector<timetable::DateRange>& periods() const { return calendar_.periods; }
  Day firstDay() const { return first_; }
  Day lastDay() const { return last_; }
  // The first school day after `day` (`day` itself with `or_same`).
  Day nextSchoolDay(Day day, bool or_same = false) const;
  // The chapter taught on `day`: a new one every four weeks, in every subject.
  std::size_t chapterOn(Day day) const;

 private:
  timetable::Calendar calendar_;
  Day first_{}, last_{};
};

struct Model {
  const GeneratedSchool* school = nullptr;
  std::vector<Student> students;
  std::vector<Audience> audiences;  // the classes, then the groups
  std::vector<Teaching> teachings;
  std::vector<std::int64_t> cpe;    // the CPE's ids
  std::vector<std::int64_t> staff;  // every staff member's id
  std::optional<SchoolCalendar> calendar;

  // The teaching an occurrence belongs to; none for a lesson the generator did not make.
  std::optional<std::size_t> teachingOf(const timetable::Occurrence& occurrence) const;

  std::map<std::tuple<std::int64_t, std::int64_t, std::int64_t>, std::size_t> teaching_keys;
};

// Plants trajectories from `dice`: among students not already in difficulty,
// about 6% start slipping 2 to 5 weeks before `last` (more absences, unjustified
// more often, more lateness, less homework, lower grades, each to a degree
// drawn per student) and about 6% have one bad week (mostly absent, little
// work, lower grades) in the 4 weeks ending on `last`.
void plantTrajectories(Model& model, Day last, Dice& dice);

// Reads the ids of `school` (written with writeSchool and writeTimetable) and
// draws each student's habits. failed_precondition when the calendar is unset.
Result<Model> loadModel(storage::Connection& db, const GeneratedSchool& school, Dice& dice);

}  // namespace cartable::generator::year
