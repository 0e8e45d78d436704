#include <algorithm>
#include <cmath>

#include "tests/tools/generator/year_life.h"
#include "tests/tools/generator/year_texts.h"

namespace cartable::generator::year {
namespace {

using grades::Mark;

Day plusDays(Day day, std::size_t days) {
  return day + std::chrono::days{static_cast<int>(days)};
}

}  // namespace

GradesLife::GradesLife(const Model& model, std::uint64_t seed, YearSummary& summary)
    : model_(model), dice_(seed), summary_(summary) {}

void GradesLife::startDay(const DayContext& day) {
  if (!day.school_day) return;
  const auto period = model_.calendar->periodOf(day.day);
  if (!period || period == planned_period_) return;
  planned_period_ = period;
  planPeriod(*period, day.day);
}

// About three evaluations per teaching, spread over the period's lessons.
void GradesLife::planPeriod(std::size_t period, Day from) {
  const Day last = *civil::parseDay(model_.calendar->periods()[period].ends_on);
  std::vector<Day> school_days;
  for (Day day = from; day <= last; day += std::chrono::days{1}) {
    if (model_.calendar->isSchoolDay(day)) school_days.push_back(day);
  }
  for (std::size_t t = 0; t < model_.teachings.size(); ++t) {
    std::vector<Day> lesson_days;
    for (Day day : school_days) {
      if (model_.teachings[t].weekdays.contains(civil::isoWeekday(day))) lesson_days.push_back(day);
    }
    const std::size_t draw = dice_.below(100);
    const std::size_t count = std::min<std::size_t>(lesson_days.size(), draw < 15   ? 2
                                                                        : draw < 85 ? 3
                                                                                    : 4);
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t low = i * lesson_days.size() / count;
      const std::size_t high = (i + 1) * lesson_days.size() / count;
      const Day day = lesson_days[low + dice_.below(std::max<std::size_t>(1, high - low))];
      planned_[day].push_back({t, static_cast<int>(i + 1)});
    }
  }
}

Status GradesLife::morning(Connection& db, const DayContext& day) {
  auto published = grades::publishDueEvaluations(db, instant(day.day, 6 * 60));
  if (!published.ok()) return onDay(published.error(), day.date, "the announcement of grades");
  return okStatus();
}

void GradesLife::lesson(const Occurrence& occurrence, std::size_t teaching,
                        const AttendanceLife& attendance) {
  const auto found = planned_.find(*civil::parseDay(occurrence.date));
  if (found == planned_.end()) return;
  auto& plans = found->second;
  const auto plan = std::find_if(plans.begin(), plans.end(),
                                 [&](const Planned& p) { return p.teaching == teaching; });
  if (plan == plans.end()) return;
  Held held;
  held.teaching = teaching;
  held.period = planned_period_.value_or(0);
  held.rank = plan->rank;
  held.date = occurrence.date;
  const bool afternoon = minutesOf(occurrence.starts_at) >= 12 * 60;
  for (std::size_t s : model_.audiences[model_.teachings[teaching].audience].students) {
    if (attendance.isAbsent(s, afternoon)) held.absent.push_back(s);
  }
  plans.erase(plan);  // one evaluation, even with two lessons that day
  today_.push_back(std::move(held));
}

Status GradesLife::create(Connection& db, Held& held, const DayContext& day, int minute) {
  const Teaching& t = model_.teachings[held.teaching];
  const Audience& audience = model_.audiences[t.audience];
  const std::string& subject = model_.school->subjects[t.subject].code;
  const std::size_t chapter = model_.calendar->chapterOn(day.day);
  grades::Evaluation e;
  e.subject_id = t.subject_id;
  e.class_id = audience.class_id;
  e.group_id = audience.group_id;
  e.teacher_id = t.teacher_id;
  e.date = held.date;
  e.title = evaluationTitle(subject, chapter, held.rank, dice_);
  if (dice_.chance(30)) e.description = "Sur le chapitre « " + topicOf(subject, chapter) + " ».";
  e.out_of = dice_.chance(20) ? 1000 : 2000;
  e.coefficient = dice_.chance(30) ? 200 : 100;
  const std::size_t marking = 2 + dice_.below(8);  // days to mark the papers
  // Shown at once, or once the teacher has gone through the papers in class.
  e.visible_from =
      dice_.chance(50) ? held.date : civil::formatDay(plusDays(day.day, marking + dice_.below(4)));
  held.out_of = e.out_of;
  held.difficulty = 1.5 * gaussian(dice_);
  auto id = grades::createEvaluation(db, e, instant(day.day, minute));
  if (!id.ok()) return onDay(id.error(), day.date, "an evaluation");
  held.id = *id;
  ++summary_.evaluations;
  to_score_[plusDays(day.day, marking)].push_back(held_.size());
  held_.push_back(held);
  return okStatus();
}

grades::Score GradesLife::scoreOf(const Held& held, std::size_t s) {
  const Student& student = model_.students[s];
  const std::size_t subject = model_.teachings[held.teaching].subject;
  grades::Score score;
  score.student_id = student.id;
  const bool sport = model_.school->subjects[subject].code == "EPS";
  const std::size_t odds = dice_.below(1000);
  if (std::find(held.absent.begin(), held.absent.end(), s) != held.absent.end()) {
    score.mark = Mark::absent;
  } else if (odds < (sport ? 40u : 3u)) {
    score.mark = Mark::exempt;
    score.comment = sport ? "Dispense médicale" : "Dispensé";
  } else if (odds >= 997) {
    score.mark = Mark::not_graded;
    score.comment = "Copie non rendue";
  } else {
    const double points =
        std::clamp(student.levelOn(*civil::parseDay(held.date)) + student.affinity[subject] +
                       held.difficulty + 2.3 * gaussian(dice_),
                   0.0, 20.0);
    const double steps = std::round(points * static_cast<double>(held.out_of) / 20.0 / 50.0);
    score.value = std::min<grades::Hundredths>(held.out_of, static_cast<std::int64_t>(steps) * 50);
    score.comment = scoreComment(points, dice_);
  }
  return score;
}

Status GradesLife::enterScores(Connection& db, const Held& held, Day day) {
  const Teaching& t = model_.teachings[held.teaching];
  std::vector<grades::Score> scores;
  for (std::size_t s : model_.audiences[t.audience].students) {
    scores.push_back(scoreOf(held, s));
    ++(scores.back().mark == Mark::score ? summary_.scores : summary_.special_marks);
  }
  const Seconds now = instant(day, 19 * 60 + static_cast<int>(dice_.below(120)));
  const Status set = grades::setScores(db, held.id, scores, t.teacher_id, now);
  if (!set.ok()) return onDay(set.error(), civil::formatDay(day), "scores");
  return okStatus();
}

Status GradesLife::evening(Connection& db, const DayContext& day) {
  int minute = 17 * 60;
  for (Held& held : today_) CARTABLE_RETURN_IF_ERROR(create(db, held, day, ++minute));
  today_.clear();
  const auto found = to_score_.find(day.day);
  if (found == to_score_.end()) return okStatus();
  for (std::size_t index : found->second) {
    CARTABLE_RETURN_IF_ERROR(enterScores(db, held_[index], day.day));
  }
  to_score_.erase(found);
  return okStatus();
}

}  // namespace cartable::generator::year
