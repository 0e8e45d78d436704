#include <algorithm>
#include <cmath>

#include "homework/homework.h"
#include "homework/lesson_records.h"
#include "tests/tools/generator/year_life.h"
#include "tests/tools/generator/year_texts.h"

namespace cartable::generator::year {
namespace {

constexpr int kEvening = 18 * 60;

// Homework a class gets in a subject in a week: most in the core subjects.
double homeworkPerWeek(const std::string& subject) {
  if (subject == "FRANCAIS" || subject == "MATHS") return 1.6;
  if (subject == "EPS") return 0.1;
  if (subject == "ARTS-PLA" || subject == "EDUC-MUS") return 0.3;
  if (subject == "ANGLAIS" || subject == "HIST-GEO" || subject == "PHILO" ||
      subject == "ESPAGNOL" || subject == "ALLEMAND") {
    return 1.2;
  }
  return 0.8;
}

std::int64_t teacherOf(const Occurrence& occurrence, const Teaching& teaching) {
  return occurrence.teacher_ids.empty() ? teaching.teacher_id : occurrence.teacher_ids.front();
}

// Points on 20 brought to `out_of` hundredths, by half points.
std::int64_t onScale(double points, std::int64_t out_of) {
  const double clamped = std::clamp(points, 0.0, 20.0);
  const auto steps = std::llround(clamped * static_cast<double>(out_of) / 20.0 / 50.0);
  return std::min(out_of, static_cast<std::int64_t>(steps) * 50);
}

// A one-page PDF naming the work, different for each hand-in.
std::string tinyPdf(std::int64_t homework_id, std::int64_t student_id) {
  return "%PDF-1.4\n% Devoir " + std::to_string(homework_id) + ", élève " +
         std::to_string(student_id) +
         "\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
         "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
         "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
         "trailer << /Root 1 0 R >>\n%%EOF\n";
}

}  // namespace

HomeworkLife::HomeworkLife(const Model& model, std::uint64_t seed, YearSummary& summary,
                           files::FileStore* store)
    : model_(model), dice_(seed), summary_(summary), store_(store) {}

Status HomeworkLife::writeRecord(Connection& db, const Occurrence& occurrence, std::size_t teaching,
                                 Seconds now) {
  const Teaching& t = model_.teachings[teaching];
  const std::string& subject = model_.school->subjects[t.subject].code;
  const std::size_t chapter = model_.calendar->chapterOn(*civil::parseDay(occurrence.date));
  auto written = homework::writeLessonRecord(
      db, occurrence.lesson_id, occurrence.date, lessonTitle(subject, chapter),
      lessonContent(subject, chapter, dice_), teacherOf(occurrence, t), now);
  if (!written.ok()) return onDay(written.error(), occurrence.date, "the cahier de textes");
  ++summary_.lesson_records;
  return okStatus();
}

Status HomeworkLife::lesson(Connection& db, const Occurrence& occurrence, std::size_t teaching) {
  const Day day = *civil::parseDay(occurrence.date);
  const std::size_t when = dice_.below(100);
  if (when < 80) {
    const int minute = minutesOf(occurrence.ends_at) + 5 + static_cast<int>(dice_.below(40));
    CARTABLE_RETURN_IF_ERROR(writeRecord(db, occurrence, teaching, instant(day, minute)));
  } else if (when < 88) {
    late_records_[day + std::chrono::days{1 + dice_.below(3)}].push_back({occurrence, teaching});
  }
  const Teaching& t = model_.teachings[teaching];
  const double per_lesson =
      homeworkPerWeek(model_.school->subjects[t.subject].code) / std::max(1, t.weekly_hours);
  if (static_cast<double>(dice_.below(1000)) < per_lesson * 1000) {
    to_set_.push_back({occurrence, teaching});
  }
  return okStatus();
}

std::optional<Day> HomeworkLife::dueDay(const Teaching& teaching, Day day) {
  // For the next lesson, or the one after when the next is tomorrow.
  const bool skip_tomorrow = dice_.chance(50);
  for (int ahead = 1; ahead <= 28; ++ahead) {
    const Day candidate = day + std::chrono::days{ahead};
    if (candidate > model_.calendar->lastDay()) return std::nullopt;
    if (!model_.calendar->isSchoolDay(candidate) ||
        !teaching.weekdays.contains(civil::isoWeekday(candidate))) {
      continue;
    }
    if (ahead == 1 && skip_tomorrow) continue;
    return candidate;
  }
  return std::nullopt;
}

// Differentiated work goes to the students who struggle most in the class.
std::vector<std::int64_t> HomeworkLife::chooseStudents(const Audience& audience) {
  std::vector<std::size_t> by_level = audience.students;
  std::stable_sort(by_level.begin(), by_level.end(), [&](std::size_t a, std::size_t b) {
    return model_.students[a].level < model_.students[b].level;
  });
  by_level.resize(std::min(by_level.size(), 2 + dice_.below(4)));
  std::vector<std::int64_t> ids;
  for (std::size_t s : by_level) ids.push_back(model_.students[s].id);
  return ids;
}

Status HomeworkLife::setHomework(Connection& db, const ToSet& item, const DayContext& day,
                                 int minute) {
  const Teaching& t = model_.teachings[item.teaching];
  const Audience& audience = model_.audiences[t.audience];
  const auto due = dueDay(t, day.day);
  if (!due) return okStatus();
  homework::Homework h;
  h.teacher_id = teacherOf(item.occurrence, t);
  h.subject_id = t.subject_id;
  h.class_id = audience.class_id;
  h.group_id = audience.group_id;
  h.lesson_id = item.occurrence.lesson_id;
  h.lesson_date = item.occurrence.date;
  h.due_on = civil::formatDay(*due);
  h.hand_in_expected = dice_.chance(25);
  if (h.hand_in_expected && dice_.chance(40)) h.due_at = "08:00";
  static constexpr std::int64_t kMinutes[] = {15, 20, 30, 45, 60};
  h.estimated_minutes = dice_.pick(kMinutes);
  h.instructions =
      homeworkInstructions(model_.school->subjects[t.subject].code,
                           model_.calendar->chapterOn(day.day), h.hand_in_expected, dice_);
  std::vector<std::size_t> students = audience.students;
  if (audience.class_id && dice_.chance(4)) {
    h.student_ids = chooseStudents(audience);
    std::erase_if(students, [&](std::size_t s) {
      return std::find(h.student_ids.begin(), h.student_ids.end(), model_.students[s].id) ==
             h.student_ids.end();
    });
    ++summary_.differentiated_homework;
  }
  auto id = homework::createHomework(db, h, instant(day.day, minute));
  if (!id.ok()) return onDay(id.error(), day.date, "homework");
  ++summary_.homework;
  if (audience.group_id) ++summary_.group_homework;
  Set set{*id, *h.teacher_id, item.teaching, {}, std::nullopt};
  if (h.hand_in_expected && dice_.chance(70)) {
    if (dice_.chance(60)) set.score_out_of = dice_.chance(75) ? 2000 : 1000;
    feedback_[*due + std::chrono::days{3 + dice_.below(6)}].push_back(sets_.size());
  }
  sets_.push_back(std::move(set));
  scheduleWork(sets_.size() - 1, students, day.day, *due, h.hand_in_expected);
  return okStatus();
}

void HomeworkLife::scheduleWork(std::size_t set, const std::vector<std::size_t>& students, Day day,
                                Day due, bool hand_in) {
  for (std::size_t s : students) {
    Work work;
    work.set = static_cast<std::uint32_t>(set);
    work.student = static_cast<std::uint32_t>(s);
    const bool works =
        dice_.below(100) < static_cast<std::size_t>(model_.students[s].diligenceOn(due));
    bool late = false;
    if (hand_in) {
      work.hand_in = works;
      late = dice_.chance(8);
      work.done = works && dice_.chance(85);
      work.twice = dice_.chance(2);
      work.file = dice_.below(200) == 0;
    } else {
      work.done = works;
      late = dice_.chance(15);
    }
    if (!work.done && !work.hand_in) continue;
    Day when = late ? due + std::chrono::days{1 + dice_.below(2)}
                    : std::max(day, due - std::chrono::days{1 + dice_.below(2)});
    // In the evening, and after the homework was set when that is the same day.
    const int from = when == day ? 20 * 60 + 15 : 18 * 60 + 30;
    work.minute = static_cast<std::uint16_t>(from + static_cast<int>(dice_.below(100)));
    work_[when].push_back(work);
  }
}

Result<std::vector<std::int64_t>> HomeworkLife::handInFile(Connection& db, const Set& set,
                                                           const Student& student, Seconds now) {
  if (store_ == nullptr) return std::vector<std::int64_t>{};
  const std::string content = tinyPdf(set.id, student.id);
  const files::Upload upload{"copie.pdf", "application/pdf", content, "files[0]"};
  CARTABLE_ASSIGN_OR_RETURN(files::StagedFile staged, store_->stage(upload));
  CARTABLE_ASSIGN_OR_RETURN(files::FileInfo file, store_->record(db, staged, student.id, now));
  staged_.push_back(std::move(staged));  // kept until the day commits
  ++summary_.hand_in_files;
  return std::vector<std::int64_t>{file.id};
}

Status HomeworkLife::doWork(Connection& db, const Work& work, Day day) {
  Set& set = sets_[work.set];
  const Student& student = model_.students[work.student];
  const Seconds now = instant(day, work.minute);
  const std::string date = civil::formatDay(day);
  if (work.hand_in) {
    const std::string& subject =
        model_.school->subjects[model_.teachings[set.teaching].subject].code;
    std::vector<std::int64_t> files;
    if (work.file) {
      CARTABLE_ASSIGN_OR_RETURN(files, handInFile(db, set, student, now));
    }
    bool replaced = false;
    auto handed =
        homework::handIn(db, set.id, student.id, handInText(subject, dice_), files, now, replaced);
    if (!handed.ok()) return onDay(handed.error(), date, "a hand-in");
    if (work.twice) {
      handed = homework::handIn(db, set.id, student.id,
                                "Version corrigée : " + handInText(subject, dice_), files,
                                now + 25 * 60, replaced);
      if (!handed.ok()) return onDay(handed.error(), date, "a second hand-in");
    }
    ++summary_.hand_ins;
    if (handed->late) ++summary_.late_hand_ins;
    set.hand_ins.emplace_back(work.student, handed->id);
  }
  if (work.done) {
    const Status ticked = homework::setDone(db, set.id, student.id, true, now + 30 * 60);
    if (!ticked.ok()) return onDay(ticked.error(), date, "a done tick");
    ++summary_.done_ticks;
  }
  return okStatus();
}

Status HomeworkLife::returnFeedback(Connection& db, std::size_t index, Day day) {
  const Set& set = sets_[index];
  const std::size_t subject = model_.teachings[set.teaching].subject;
  int minute = kEvening + 30;
  for (const auto& [s, hand_in_id] : set.hand_ins) {
    const Student& student = model_.students[s];
    const double points = student.levelOn(day) + student.affinity[subject] + 2 * gaussian(dice_);
    homework::Feedback feedback{feedbackText(points, dice_), std::nullopt, std::nullopt};
    if (set.score_out_of) {
      feedback.score = onScale(points, *set.score_out_of);
      feedback.out_of = set.score_out_of;
      ++summary_.scored_feedback;
    }
    minute = std::min(minute + 2, 23 * 60);
    auto returned =
        homework::returnFeedback(db, hand_in_id, feedback, set.teacher_id, instant(day, minute));
    if (!returned.ok()) return onDay(returned.error(), civil::formatDay(day), "feedback");
    ++summary_.feedback;
  }
  return okStatus();
}

Status HomeworkLife::evening(Connection& db, const DayContext& day) {
  if (auto found = late_records_.find(day.day); found != late_records_.end()) {
    for (const ToSet& item : found->second) {
      const int minute = kEvening + static_cast<int>(dice_.below(180));
      CARTABLE_RETURN_IF_ERROR(
          writeRecord(db, item.occurrence, item.teaching, instant(day.day, minute)));
    }
    late_records_.erase(found);
  }
  for (const ToSet& item : to_set_) {
    CARTABLE_RETURN_IF_ERROR(
        setHomework(db, item, day, kEvening + static_cast<int>(dice_.below(120))));
  }
  to_set_.clear();
  if (auto found = feedback_.find(day.day); found != feedback_.end()) {
    for (std::size_t set : found->second)
      CARTABLE_RETURN_IF_ERROR(returnFeedback(db, set, day.day));
    feedback_.erase(found);
  }
  if (auto found = work_.find(day.day); found != work_.end()) {
    for (const Work& work : found->second) CARTABLE_RETURN_IF_ERROR(doWork(db, work, day.day));
    work_.erase(found);
  }
  return okStatus();
}

}  // namespace cartable::generator::year
