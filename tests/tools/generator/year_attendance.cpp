#include <algorithm>

#include "tests/tools/generator/year_life.h"
#include "tests/tools/generator/year_texts.h"

namespace cartable::generator::year {
namespace {

using attendance::Presence;
using attendance::Reason;

// Chances per ten thousand on a school day, for a student of usual habits:
// with absences lasting 1.7 days on average, about 4% of students are absent a day.
constexpr std::size_t kAbsenceStarts = 240;
constexpr std::size_t kLateArrivals = 100;
constexpr int kNoon = 12 * 60;
constexpr std::uint8_t kMorning = 1, kAfternoon = 2;

Reason drawReason(Dice& dice) {
  const std::size_t r = dice.below(100);
  if (r < 55) return Reason::illness;
  if (r < 70) return Reason::medical;
  if (r < 82) return Reason::family;
  if (r < 90) return Reason::transport;
  return Reason::other;
}

bool afternoonOf(const Occurrence& occurrence) {
  return minutesOf(occurrence.starts_at) >= kNoon;
}

Day dayOf(const std::string& date) {
  return *civil::parseDay(date);
}

}  // namespace

AttendanceLife::AttendanceLife(const Model& model, std::uint64_t seed, YearSummary& summary)
    : model_(model),
      dice_(seed),
      summary_(summary),
      busy_until_(model.students.size()),
      absent_(model.students.size()) {
  late_[0].resize(model.students.size());
  late_[1].resize(model.students.size());
}

bool AttendanceLife::isAbsent(std::size_t student, bool afternoon) const {
  return (absent_[student] & (afternoon ? kAfternoon : kMorning)) != 0;
}

std::uint8_t AttendanceLife::halvesAbsent(const Episode& episode, Day day) const {
  if (day < episode.first || day > episode.last) return 0;
  std::uint8_t halves = kMorning | kAfternoon;
  if (day == episode.first && episode.from_afternoon) halves &= kAfternoon;
  if (day == episode.last && episode.to_noon) halves &= kMorning;
  return halves;
}

void AttendanceLife::startDay(const DayContext& day) {
  std::fill(absent_.begin(), absent_.end(), 0);
  for (auto& late : late_) std::fill(late.begin(), late.end(), 0);
  if (!day.school_day) return;
  std::erase_if(active_, [&](std::size_t e) { return episodes_[e].last < day.day; });
  for (std::size_t e : active_)
    absent_[episodes_[e].student] |= halvesAbsent(episodes_[e], day.day);
  for (std::size_t s = 0; s < model_.students.size(); ++s) {
    const std::size_t chance =
        kAbsenceStarts * static_cast<std::size_t>(model_.students[s].absenceWeightOn(day.day)) /
        100;
    if (busy_until_[s] < day.day && dice_.below(10000) < chance) startEpisode(s, day);
  }
  drawLateness(day.day);
  summary_.absent_student_days += static_cast<std::size_t>(
      std::count_if(absent_.begin(), absent_.end(), [](auto a) { return a != 0; }));
}

void AttendanceLife::startEpisode(std::size_t student, const DayContext& day) {
  Episode e;
  e.student = student;
  e.first = e.last = day.day;
  const bool wednesday = civil::isoWeekday(day.day) == 3;  // no lessons in the afternoon
  const std::size_t kind = dice_.below(100);
  if (kind < 18 || (kind < 36 && wednesday)) {
    e.to_noon = true;
  } else if (kind < 36) {
    e.from_afternoon = true;
  } else if (kind >= 70) {
    const SchoolCalendar& calendar = *model_.calendar;
    for (std::size_t extra = 1 + dice_.below(4); extra > 0; --extra) {
      const Day next = calendar.nextSchoolDay(e.last);
      if (next > calendar.lastDay()) break;
      e.last = next;
    }
  }
  e.reason = drawReason(dice_);
  e.outcome = drawOutcome(model_.students[student], day.day);
  if (e.outcome == Episode::Outcome::refused) e.reason = Reason::other;
  const std::size_t index = episodes_.size();
  if (e.outcome == Episode::Outcome::recorded) {
    to_record_[e.first].push_back(index);
  } else if (e.outcome != Episode::Outcome::none) {
    to_submit_[e.last + std::chrono::days{1 + dice_.below(3)}].push_back(index);
  }
  busy_until_[student] = e.last;
  absent_[student] |= halvesAbsent(e, day.day);
  episodes_.push_back(e);
  active_.push_back(index);
}

AttendanceLife::Episode::Outcome AttendanceLife::drawOutcome(const Student& student, Day day) {
  using Outcome = Episode::Outcome;
  const std::size_t r = dice_.below(100);
  // Families of students in difficulty justify far less, and less convincingly.
  const bool struggling = student.strugglingOn(day);
  const std::size_t bounds[4] = {struggling ? 5u : 10u, struggling ? 40u : 78u,
                                 struggling ? 50u : 81u, struggling ? 53u : 84u};
  Outcome outcome = r < bounds[0]   ? Outcome::recorded
                    : r < bounds[1] ? Outcome::accepted
                    : r < bounds[2] ? Outcome::refused
                    : r < bounds[3] ? Outcome::pending
                                    : Outcome::none;
  // Without a legal guardian to write, the vie scolaire records what it is told.
  if (!student.guardian && outcome != Outcome::none) outcome = Outcome::recorded;
  return outcome;
}

void AttendanceLife::drawLateness(Day day) {
  for (std::size_t s = 0; s < model_.students.size(); ++s) {
    const std::size_t chance =
        kLateArrivals * static_cast<std::size_t>(model_.students[s].latenessWeightOn(day)) / 100;
    if (dice_.below(10000) >= chance) continue;
    const bool afternoon = dice_.chance(30);
    const std::size_t minutes = dice_.chance(70) ? 1 + dice_.below(8) : 5 + dice_.below(16);
    if (!isAbsent(s, afternoon)) late_[afternoon ? 1 : 0][s] = static_cast<std::uint8_t>(minutes);
  }
}

std::vector<attendance::RollEntry> AttendanceLife::entriesFor(
    const Occurrence& occurrence, const std::vector<std::size_t>& students,
    std::optional<std::size_t>& corrected) {
  const bool afternoon = afternoonOf(occurrence);
  std::vector<attendance::RollEntry> entries;
  for (std::size_t s : students) {
    const std::int64_t id = model_.students[s].id;
    if (isAbsent(s, afternoon)) {
      entries.push_back({id, Presence::absent, 0});
      continue;
    }
    // Late to the first lesson of the half-day only.
    std::uint8_t& late = late_[afternoon ? 1 : 0][s];
    if (late == 0) continue;
    if (!corrected && dice_.chance(12)) corrected = entries.size();
    entries.push_back({id, Presence::late, late});
    late = 0;
  }
  return entries;
}

Status AttendanceLife::rollCall(Connection& db, const Occurrence& occurrence,
                                std::size_t teaching) {
  const Teaching& t = model_.teachings[teaching];
  const std::int64_t author =
      occurrence.teacher_ids.empty() ? t.teacher_id : occurrence.teacher_ids.front();
  const Day day = dayOf(occurrence.date);
  std::optional<std::size_t> corrected;
  const auto entries = entriesFor(occurrence, model_.audiences[t.audience].students, corrected);
  if (corrected) {
    // Taken at the start of the lesson before a late student came in, then corrected.
    auto first = entries;
    first[*corrected] = {first[*corrected].student_id, Presence::absent, 0};
    const Seconds start = instant(day, minutesOf(occurrence.starts_at) + 5);
    auto taken =
        attendance::recordRollCall(db, occurrence.lesson_id, occurrence.date, first, author, start);
    if (!taken.ok()) return onDay(taken.error(), occurrence.date, "the first roll call");
    ++summary_.corrected_roll_calls;
  }
  const Seconds end = instant(day, minutesOf(occurrence.ends_at));
  auto taken =
      attendance::recordRollCall(db, occurrence.lesson_id, occurrence.date, entries, author, end);
  if (!taken.ok()) return onDay(taken.error(), occurrence.date, "a roll call");
  ++summary_.roll_calls;
  for (const auto& entry : entries) {
    ++(entry.status == Presence::absent ? summary_.absence_marks : summary_.late_marks);
  }
  return okStatus();
}

attendance::NewJustification AttendanceLife::justificationOf(const Episode& episode) {
  attendance::NewJustification out;
  out.student_id = model_.students[episode.student].id;
  out.from_date = civil::formatDay(episode.first);
  out.to_date = civil::formatDay(episode.last);
  if (episode.from_afternoon) out.from_time = "13:30";
  if (episode.to_noon) out.to_time = "12:00";
  out.reason = episode.reason;
  out.text = justificationText(episode.reason, dice_);
  return out;
}

Status AttendanceLife::morning(Connection& db, const DayContext& day) {
  if (auto found = to_record_.find(day.day); found != to_record_.end()) {
    for (std::size_t e : found->second) {
      const std::int64_t author = dice_.pick(model_.staff);
      const Seconds now = instant(day.day, 8 * 60 + 30 + static_cast<int>(dice_.below(120)));
      auto recorded =
          attendance::recordJustification(db, justificationOf(episodes_[e]), author, now);
      if (!recorded.ok()) return onDay(recorded.error(), day.date, "a recorded justification");
      ++summary_.justifications_recorded;
    }
    to_record_.erase(found);
  }
  if (auto found = to_decide_.find(day.day); found != to_decide_.end()) {
    for (std::size_t e : found->second) {
      const Episode& episode = episodes_[e];
      const bool accept = episode.outcome == Episode::Outcome::accepted;
      const std::string comment = accept ? "" : refusalComment(dice_);
      const Seconds now = instant(day.day, 10 * 60 + static_cast<int>(dice_.below(90)));
      auto decided = attendance::decideJustification(db, episode.justification_id, accept, comment,
                                                     dice_.pick(model_.cpe), now);
      if (!decided.ok()) return onDay(decided.error(), day.date, "a decision on a justification");
      ++(accept ? summary_.justifications_accepted : summary_.justifications_refused);
    }
    to_decide_.erase(found);
  }
  return okStatus();
}

Status AttendanceLife::submit(Connection& db, std::size_t e, const DayContext& day) {
  Episode& episode = episodes_[e];
  const Seconds now = instant(day.day, 19 * 60 + static_cast<int>(dice_.below(180)));
  auto submitted = attendance::submitJustification(db, justificationOf(episode),
                                                   *model_.students[episode.student].guardian, now);
  if (!submitted.ok()) return onDay(submitted.error(), day.date, "a parent's justification");
  episode.justification_id = submitted->id;
  ++summary_.justifications_submitted;
  if (episode.outcome == Episode::Outcome::pending) return okStatus();  // forgotten
  const SchoolCalendar& calendar = *model_.calendar;
  Day decided = calendar.nextSchoolDay(day.day);
  for (std::size_t wait = dice_.below(3); wait > 0; --wait)
    decided = calendar.nextSchoolDay(decided);
  to_decide_[decided].push_back(e);
  return okStatus();
}

Status AttendanceLife::evening(Connection& db, const DayContext& day) {
  const auto found = to_submit_.find(day.day);
  if (found == to_submit_.end()) return okStatus();
  for (std::size_t e : found->second) CARTABLE_RETURN_IF_ERROR(submit(db, e, day));
  to_submit_.erase(found);
  return okStatus();
}

}  // namespace cartable::generator::year
