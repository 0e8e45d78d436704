// The three sides of a simulated school day: attendance (absences, lateness,
// roll calls, justifications), homework (the cahier de textes, homework,
// hand-ins, feedback) and grades (evaluations, scores). Each draws from its
// own dice, keeps what it has scheduled for later days, and acts through the
// modules' functions in the day's transaction. Private to the year simulation.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "attendance/attendance.h"
#include "files/files.h"
#include "grades/grades.h"
#include "tests/tools/generator/school_year.h"
#include "tests/tools/generator/year_model.h"

namespace cartable::generator::year {

using storage::Connection;
using timetable::Occurrence;

struct DayContext {
  Day day{};
  std::string date;
  bool school_day = false;
  std::vector<Occurrence> occurrences;  // given that day, not cancelled, by start time
};

// Prefixes an error with the day it happened on.
Error onDay(const Error& error, const std::string& date, const std::string& what);

class AttendanceLife {
 public:
  AttendanceLife(const Model& model, std::uint64_t seed, YearSummary& summary);

  // Who is absent, and who will be late, today.
  void startDay(const DayContext& day);
  // Staff record the justifications phoned in and decide the parents' ones.
  Status morning(Connection& db, const DayContext& day);
  // The teacher takes the roll at the end of the lesson.
  Status rollCall(Connection& db, const Occurrence& occurrence, std::size_t teaching);
  // Parents send justifications for absences that have ended.
  Status evening(Connection& db, const DayContext& day);

  bool isAbsent(std::size_t student, bool afternoon) const;

 private:
  struct Episode {
    std::size_t student = 0;
    Day first{}, last{};
    bool from_afternoon = false;  // absent from the afternoon of `first` only
    bool to_noon = false;         // back for the afternoon of `last`
    attendance::Reason reason = attendance::Reason::illness;
    enum class Outcome { none, recorded, accepted, refused, pending } outcome = Outcome::none;
    std::int64_t justification_id = 0;
  };

  void startEpisode(std::size_t student, const DayContext& day);
  Episode::Outcome drawOutcome(const Student& student, Day day);
  void drawLateness(Day day);
  std::uint8_t halvesAbsent(const Episode& episode, Day day) const;
  attendance::NewJustification justificationOf(const Episode& episode);
  Status submit(Connection& db, std::size_t episode, const DayContext& day);
  std::vector<attendance::RollEntry> entriesFor(const Occurrence& occurrence,
                                                const std::vector<std::size_t>& students,
                                                std::optional<std::size_t>& corrected);

  const Model& model_;
  Dice dice_;
  YearSummary& summary_;
  std::vector<Episode> episodes_;
  std::vector<std::size_t> active_;    // episodes not over
  std::vector<Day> busy_until_;        // by student: the last day of their absence
  std::vector<std::uint8_t> absent_;   // today, by student: 1 morning, 2 afternoon
  std::vector<std::uint8_t> late_[2];  // today, by student and half-day: minutes late
  std::map<Day, std::vector<std::size_t>> to_record_, to_submit_, to_decide_;
};

class HomeworkLife {
 public:
  HomeworkLife(const Model& model, std::uint64_t seed, YearSummary& summary,
               files::FileStore* store);

  // The teacher writes the cahier de textes and decides on homework.
  Status lesson(Connection& db, const Occurrence& occurrence, std::size_t teaching);
  // Late records, homework set, feedback returned, students' work.
  Status evening(Connection& db, const DayContext& day);
  // Lets go of the files staged for the day, once it is committed.
  void afterCommit() { staged_.clear(); }

 private:
  struct Set {
    std::int64_t id = 0;
    std::int64_t teacher_id = 0;
    std::size_t teaching = 0;
    std::vector<std::pair<std::size_t, std::int64_t>> hand_ins;  // student, hand-in id
    std::optional<std::int64_t> score_out_of;                    // feedback scored on it
  };
  struct Work {
    std::uint32_t set = 0;
    std::uint32_t student = 0;
    std::uint16_t minute = 0;
    bool done = false;
    bool hand_in = false;
    bool twice = false;  // hands in again a little later, replacing the first
    bool file = false;
  };
  struct ToSet {
    Occurrence occurrence;
    std::size_t teaching = 0;
  };

  Status writeRecord(Connection& db, const Occurrence& occurrence, std::size_t teaching,
                     Seconds now);
  Status setHomework(Connection& db, const ToSet& item, const DayContext& day, int minute);
  std::optional<Day> dueDay(const Teaching& teaching, Day day);
  std::vector<std::int64_t> chooseStudents(const Audience& audience);
  void scheduleWork(std::size_t set, const std::vector<std::size_t>& students, Day day, Day due,
                    bool hand_in);
  Status returnFeedback(Connection& db, std::size_t set, Day day);
  Status doWork(Connection& db, const Work& work, Day day);
  Result<std::vector<std::int64_t>> handInFile(Connection& db, const Set& set,
                                               const Student& student, Seconds now);

  const Model& model_;
  Dice dice_;
  YearSummary& summary_;
  files::FileStore* store_;
  std::vector<files::StagedFile> staged_;
  std::vector<ToSet> to_set_;  // today
  std::vector<Set> sets_;
  std::map<Day, std::vector<ToSet>> late_records_;
  std::map<Day, std::vector<std::size_t>> feedback_;
  std::map<Day, std::vector<Work>> work_;
};

class GradesLife {
 public:
  GradesLife(const Model& model, std::uint64_t seed, YearSummary& summary);

  // Plans the evaluations of a period on its first day.
  void startDay(const DayContext& day);
  // The node's maintenance announces the evaluations that became visible.
  Status morning(Connection& db, const DayContext& day);
  // A planned evaluation takes place in this lesson.
  void lesson(const Occurrence& occurrence, std::size_t teaching, const AttendanceLife& attendance);
  // Teachers create today's evaluations and enter the scores of earlier ones.
  Status evening(Connection& db, const DayContext& day);

 private:
  struct Planned {
    std::size_t teaching = 0;
    int rank = 0;  // its rank in the period, for the title
  };
  struct Held {
    std::int64_t id = 0;
    std::size_t teaching = 0;
    std::size_t period = 0;
    int rank = 0;
    std::string date;
    std::vector<std::size_t> absent;
    grades::Hundredths out_of = 2000;
    double difficulty = 0;  // points added to every score
  };

  void planPeriod(std::size_t period, Day from);
  Status create(Connection& db, Held& held, const DayContext& day, int minute);
  Status enterScores(Connection& db, const Held& held, Day day);
  grades::Score scoreOf(const Held& held, std::size_t student);

  const Model& model_;
  Dice dice_;
  YearSummary& summary_;
  std::optional<std::size_t> planned_period_;
  std::map<Day, std::vector<Planned>> planned_;
  std::vector<Held> today_;
  std::vector<Held> held_;
  std::map<Day, std::vector<std::size_t>> to_score_;
};

}  // namespace cartable::generator::year
