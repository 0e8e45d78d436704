#include "tests/tools/generator/school_timetable.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/base/civil_date.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "tests/tools/generator/dice.h"
#include "timetable/timetable.h"

namespace cartable::generator {
namespace {

using storage::Connection;

// Hours a week, as in the official timetables (rounded to whole hours).
int weeklyHours(const std::string& subject, bool lycee) {
  static const std::map<std::string, int> kCollege = {
      {"FRANCAIS", 4}, {"MATHS", 4},  {"HIST-GEO", 3}, {"ANGLAIS", 3},  {"SVT", 2},
      {"PH-CH", 1},    {"TECHNO", 1}, {"EPS", 4},      {"ARTS-PLA", 1}, {"EDUC-MUS", 1}};
  static const std::map<std::string, int> kLycee = {
      {"FRANCAIS", 4}, {"PHILO", 4}, {"MATHS", 4}, {"HIST-GEO", 3}, {"ANGLAIS", 3}, {"SVT", 2},
      {"PH-CH", 3},    {"SES", 2},   {"SNT", 2},   {"ENS-SCI", 2},  {"EPS", 2}};
  const auto& table = lycee ? kLycee : kCollege;
  const auto found = table.find(subject);
  return found == table.end() ? 2 : found->second;  // LV2: 2 hours
}

// One-hour slots: mornings 8-12 every weekday, afternoons 14-17 but Wednesday.
struct Slot {
  int weekday;
  int hour;
};

std::vector<Slot> weekSlots() {
  std::vector<Slot> out;
  for (int weekday = 1; weekday <= 5; ++weekday) {
    for (int hour : {8, 9, 10, 11, 14, 15, 16}) {
      if (weekday == 3 && hour >= 14) continue;
      out.push_back({weekday, hour});
    }
  }
  return out;
}

std::string hourText(int hour) {
  return (hour < 10 ? "0" : "") + std::to_string(hour) + ":00";
}

// A lesson to place: who teaches what to whom, and which classes it keeps busy.
struct Need {
  std::size_t assignment;
  std::set<std::size_t> classes;
  int hours;
};

class Scheduler {
 public:
  Scheduler(const GeneratedSchool& school, std::uint64_t attempt)
      : school_(school), slots_(weekSlots()), dice_(school.options.seed * 31 + attempt) {}

  // For each assignment, the slot indexes it got.
  std::map<std::size_t, std::vector<std::size_t>> run(std::size_t& unplaced) {
    std::map<std::size_t, std::vector<std::size_t>> placed;
    for (const Need& need : needs()) {
      for (int h = 0; h < need.hours; ++h) {
        const auto slot = freeSlot(need);
        if (!slot) {
          ++unplaced;
          continue;
        }
        take(need, *slot);
        placed[need.assignment].push_back(*slot);
      }
    }
    return placed;
  }

 private:
  // Groups first: they need a slot free in several classes at once.
  std::vector<Need> needs() const {
    const bool lycee = school_.options.kind == GeneratorOptions::Kind::lycee;
    std::map<std::size_t, std::set<std::size_t>> group_classes;
    std::map<std::size_t, std::size_t> class_of;
    for (const auto& e : school_.enrollments) class_of[e.student] = e.school_class;
    for (const auto& m : school_.group_members) group_classes[m.group].insert(class_of[m.student]);
    std::vector<Need> groups, classes;
    for (std::size_t i = 0; i < school_.assignments.size(); ++i) {
      const auto& a = school_.assignments[i];
      const int hours = weeklyHours(school_.subjects[a.subject].code, lycee);
      if (a.group) {
        groups.push_back({i, group_classes[*a.group], hours});
      } else {
        classes.push_back({i, {*a.school_class}, hours});
      }
    }
    // The busiest teachers' lessons next, while their week still has room.
    std::map<std::size_t, int> load;
    for (const Need& n : classes) load[school_.assignments[n.assignment].teacher] += n.hours;
    std::stable_sort(classes.begin(), classes.end(), [&](const Need& a, const Need& b) {
      return load[school_.assignments[a.assignment].teacher] >
             load[school_.assignments[b.assignment].teacher];
    });
    groups.insert(groups.end(), classes.begin(), classes.end());
    return groups;
  }

  std::optional<std::size_t> freeSlot(const Need& need) {
    const std::size_t teacher = school_.assignments[need.assignment].teacher;
    // Start at a random slot so that a class's subjects spread over the week.
    const std::size_t start = dice_.below(slots_.size());
    for (std::size_t k = 0; k < slots_.size(); ++k) {
      const std::size_t slot = (start + k) % slots_.size();
      if (teacher_busy_.contains({teacher, slot})) continue;
      bool free = true;
      for (std::size_t c : need.classes) free = free && !class_busy_.contains({c, slot});
      if (free) return slot;
    }
    return std::nullopt;
  }

  void take(const Need& need, std::size_t slot) {
    teacher_busy_.insert({school_.assignments[need.assignment].teacher, slot});
    for (std::size_t c : need.classes) class_busy_.insert({c, slot});
  }

  const GeneratedSchool& school_;
  std::vector<Slot> slots_;
  Dice dice_;
  std::set<std::pair<std::size_t, std::size_t>> teacher_busy_, class_busy_;

 public:
  const Slot& slot(std::size_t index) const { return slots_[index]; }
};

// The Saturday on or after `month`/`day` of `year`.
civil::Day saturdayFrom(int year, unsigned month, unsigned day) {
  civil::Day d{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
  while (civil::isoWeekday(d) != 6) d += std::chrono::days{1};
  return d;
}

// Close to the zone B calendar (Grand Est): two-week holidays from a Saturday
// to the second Sunday after it, and a long summer.
timetable::Calendar calendarFor(const std::string& school_year) {
  const int y = std::stoi(school_year.substr(0, 4));
  const auto day = [](int year, unsigned month, unsigned d) {
    return civil::formatDay(
        civil::Day{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{d}});
  };
  const auto holiday = [](const std::string& label, civil::Day from) {
    return timetable::DateRange{label, civil::formatDay(from),
                                civil::formatDay(from + std::chrono::days{15})};
  };
  timetable::Calendar calendar;
  calendar.week_a_monday = civil::formatDay(civil::mondayOf(*civil::parseDay(day(y, 9, 1))));
  calendar.periods = {{"Trimestre 1", day(y, 9, 1), day(y, 11, 30)},
                      {"Trimestre 2", day(y, 12, 1), day(y + 1, 2, 28)},
                      {"Trimestre 3", day(y + 1, 3, 1), day(y + 1, 7, 3)}};
  calendar.holidays = {holiday("Vacances de la Toussaint", saturdayFrom(y, 10, 17)),
                       holiday("Vacances de Noël", saturdayFrom(y, 12, 19)),
                       holiday("Vacances d'hiver", saturdayFrom(y + 1, 2, 13)),
                       holiday("Vacances de printemps", saturdayFrom(y + 1, 4, 10))};
  return calendar;
}

// Database ids of the school's classes, groups, subjects and teachers, by the
// generator's indexes.
struct Ids {
  std::vector<std::int64_t> classes, groups, subjects, teachers;
};

Result<Ids> lookUp(Connection& db, const GeneratedSchool& school) {
  Ids ids;
  for (const auto& c : school.classes) {
    CARTABLE_ASSIGN_OR_RETURN(auto found,
                              directory::findClass(db, c.code, school.options.school_year));
    if (!found) return makeError(Errc::not_found, "class " + c.code + " is not in the database");
    ids.classes.push_back(found->id);
  }
  for (const auto& g : school.groups) {
    CARTABLE_ASSIGN_OR_RETURN(auto found, directory::findGroup(db, g.code));
    if (!found) return makeError(Errc::not_found, "group " + g.code + " is not in the database");
    ids.groups.push_back(found->id);
  }
  for (const auto& s : school.subjects) {
    CARTABLE_ASSIGN_OR_RETURN(auto found, directory::findSubject(db, s.code));
    if (!found) return makeError(Errc::not_found, "subject " + s.code + " is not in the database");
    ids.subjects.push_back(found->id);
  }
  for (const auto& t : school.teachers) {
    CARTABLE_ASSIGN_OR_RETURN(auto found, directory::findUserByLogin(db, t.login));
    if (!found) return makeError(Errc::not_found, "teacher " + t.login + " is not in the database");
    ids.teachers.push_back(found->id);
  }
  return ids;
}

}  // namespace

Result<TimetableSummary> writeTimetable(storage::Database& db, const GeneratedSchool& school) {
  // A greedy placement; a few deterministic attempts find one without holes.
  constexpr std::uint64_t kAttempts = 20;
  std::optional<Scheduler> scheduler;
  std::map<std::size_t, std::vector<std::size_t>> placed;
  TimetableSummary summary;
  for (std::uint64_t attempt = 0; attempt < kAttempts; ++attempt) {
    std::size_t unplaced = 0;
    Scheduler candidate(school, attempt);
    auto result = candidate.run(unplaced);
    if (!scheduler || unplaced < summary.unplaced_hours) {
      scheduler.emplace(std::move(candidate));
      placed = std::move(result);
      summary.unplaced_hours = unplaced;
    }
    if (unplaced == 0) break;
  }
  const timetable::Calendar calendar = calendarFor(school.options.school_year);
  Status written = db.write([&](Connection& conn) -> Status {
    CARTABLE_RETURN_IF_ERROR(timetable::setCalendar(conn, calendar));
    CARTABLE_ASSIGN_OR_RETURN(Ids ids, lookUp(conn, school));
    for (const auto& [index, slots] : placed) {
      const GeneratedAssignment& a = school.assignments[index];
      for (std::size_t slot_index : slots) {
        const Slot& slot = scheduler->slot(slot_index);
        timetable::Lesson lesson;
        lesson.subject_id = ids.subjects[a.subject];
        if (a.school_class) lesson.class_id = ids.classes[*a.school_class];
        if (a.group) lesson.group_id = ids.groups[*a.group];
        lesson.teacher_ids = {ids.teachers[a.teacher]};
        // One room per class, one per group: rooms never clash.
        lesson.room = a.school_class ? "S" + std::to_string(101 + *a.school_class)
                                     : "L" + std::to_string(1 + *a.group);
        lesson.weekday = slot.weekday;
        lesson.starts_at = hourText(slot.hour);
        lesson.ends_at = hourText(slot.hour + 1);
        lesson.valid_from = calendar.periods.front().starts_on;
        lesson.valid_until = calendar.periods.back().ends_on;
        auto created = timetable::createLesson(conn, lesson);
        if (!created.ok()) return created.error();
        ++summary.lessons;
      }
    }
    return okStatus();
  });
  if (!written.ok()) return written.error();
  return summary;
}

}  // namespace cartable::generator
