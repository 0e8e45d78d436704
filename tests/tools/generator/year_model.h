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

struct Student {
  std::int64_t id = 0;
  std::optional<std::int64_t> guardian;  // the legal guardian who writes to the school
  double level = 12;                     // the usual score, on 20
  std::vector<double> affinity;          // by subject index: points above or below the level
  int absence_weight = 100;              // percent of the usual chance to be absent
  int diligence = 85;                    // percent of homework done and handed in
  bool in_difficulty = false;            // absent far more often, works less
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

// Reads the ids of `school` (written with writeSchool and writeTimetable) and
// draws each student's habits. failed_precondition when the calendar is unset.
Result<Model> loadModel(storage::Connection& db, const GeneratedSchool& school, Dice& dice);

}  // namespace cartable::generator::year
