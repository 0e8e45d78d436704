// Grade and quiz signs: where the student stands against the class on the
// same evaluations in the window, how that moved since the earlier period,
// and the quiz mean.
#include <algorithm>
#include <map>
#include <vector>

#include "early_warning/internal.h"

namespace cartable::early_warning::detail {

namespace {

// Fewer grades than this in a period say too little about a trend.
constexpr int kMinGradesForTrend = 2;
constexpr std::size_t kSubjectsShown = 3;
// A grade this far below its evaluation's mean is a sign of its week.
constexpr std::int64_t kLowGrade = 300;

struct Grade {
  std::int64_t student = 0;
  std::int64_t subject = 0;
  bool recent = false;
  int week = -1;               // in the window
  std::int64_t on_twenty = 0;  // hundredths
};

struct Evaluation {
  std::vector<Grade> grades;
  std::int64_t mean = 0;  // of its grades, hundredths
};

struct Sums {
  std::int64_t total = 0;
  std::int64_t count = 0;
  void add(std::int64_t value) {
    total += value;
    ++count;
  }
  std::int64_t mean() const { return roundedDiv(total, count); }
};

// Per student: per subject in the window, the student's and the class's sums;
// overall, the distance to the class in each period.
struct StudentGrades {
  std::map<std::int64_t, std::pair<Sums, Sums>> subjects;
  Sums recent_distance, earlier_distance;
};

Result<std::map<std::int64_t, Evaluation>> readEvaluations(storage::Connection& db,
                                                           const Window& window) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT e.id, e.subject_id, e.date, sc.student_id, sc.value, e.out_of "
                          "FROM evaluations e JOIN scores sc ON sc.evaluation_id = e.id WHERE "
                          "e.date BETWEEN ?1 AND ?2 AND sc.mark = 'score'",
                          window.earlier_from, window.today));
  std::map<std::int64_t, Evaluation> evaluations;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    const std::string date = rows.text(2);
    const Grade grade{rows.int64(3), rows.int64(1), date >= window.from, window.weekOf(date),
                      roundedDiv(rows.int64(4) * 2000, rows.int64(5))};
    evaluations[rows.int64(0)].grades.push_back(grade);
  }
  for (auto& [id, evaluation] : evaluations) {
    Sums sums;
    for (const Grade& grade : evaluation.grades) sums.add(grade.on_twenty);
    evaluation.mean = sums.mean();
  }
  return evaluations;
}

Result<std::map<std::int64_t, std::string>> subjectLabels(storage::Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query("SELECT id, label FROM subjects"));
  std::map<std::int64_t, std::string> labels;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return labels;
    labels[rows.int64(0)] = rows.text(1);
  }
}

void setGradeIndicators(StudentIndicators& student, const StudentGrades& grades,
                        const std::map<std::int64_t, std::string>& labels) {
  Sums gap;
  for (const auto& [subject, sums] : grades.subjects) {
    const std::int64_t mine = sums.first.mean(), theirs = sums.second.mean();
    gap.add(theirs - mine);
    if (mine < theirs) student.gaps.push_back({labels.at(subject), mine, theirs});
  }
  if (gap.count > 0) student.values[static_cast<std::size_t>(Indicator::grade_gap)] = gap.mean();
  if (grades.earlier_distance.count > 0) {
    student.usual[static_cast<std::size_t>(Indicator::grade_gap)] = -grades.earlier_distance.mean();
  }
  std::sort(student.gaps.begin(), student.gaps.end(), [](const auto& a, const auto& b) {
    return a.class_mean - a.student > b.class_mean - b.student;
  });
  if (student.gaps.size() > kSubjectsShown) student.gaps.resize(kSubjectsShown);
  student.recent_grades = static_cast<int>(grades.recent_distance.count);
  student.earlier_grades = static_cast<int>(grades.earlier_distance.count);
  if (grades.recent_distance.count >= kMinGradesForTrend &&
      grades.earlier_distance.count >= kMinGradesForTrend) {
    student.values[static_cast<std::size_t>(Indicator::grade_drop)] =
        grades.earlier_distance.mean() - grades.recent_distance.mean();
  }
}

}  // namespace

Status readGrades(storage::Connection& db, const Window& window, Students& students) {
  CARTABLE_ASSIGN_OR_RETURN(auto evaluations, readEvaluations(db, window));
  CARTABLE_ASSIGN_OR_RETURN(auto labels, subjectLabels(db));
  std::map<std::int64_t, StudentGrades> by_student;
  for (const auto& [id, evaluation] : evaluations) {
    for (const Grade& grade : evaluation.grades) {
      if (students.find(grade.student) == nullptr) continue;
      StudentGrades& mine = by_student[grade.student];
      const std::int64_t distance = grade.on_twenty - evaluation.mean;
      if (!grade.recent) {
        mine.earlier_distance.add(distance);
        continue;
      }
      mine.recent_distance.add(distance);
      if (distance <= -kLowGrade) students.addSign(grade.student, grade.week);
      auto& subject = mine.subjects[grade.subject];
      subject.first.add(grade.on_twenty);
      subject.second.add(evaluation.mean);
    }
  }
  for (const auto& [id, grades] : by_student) {
    setGradeIndicators(*students.find(id), grades, labels);
  }
  return okStatus();
}

Status readQuizzes(storage::Connection& db, const Window& window, Students& students) {
  const auto startOf = [](civil::Day day) {
    return Seconds{day.time_since_epoch().count()} * 86'400;
  };
  const Seconds earlier = startOf(*civil::parseDay(window.earlier_from));
  const Seconds from = startOf(*civil::parseDay(window.from));
  const Seconds to = startOf(window.today_day + std::chrono::days(1));
  // Each quiz's best score, in the period of the student's first attempt.
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT student_id, max(score * 2000 / out_of), min(submitted_at) >= ? "
                          "FROM quiz_attempts WHERE submitted_at >= ? AND submitted_at < ? GROUP "
                          "BY student_id, quiz_id",
                          from, earlier, to));
  std::map<std::int64_t, std::pair<Sums, Sums>> best;  // recent, earlier
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    auto& sums = best[rows.int64(0)];
    (rows.int64(2) == 1 ? sums.first : sums.second).add(rows.int64(1));
  }
  const std::size_t quiz = static_cast<std::size_t>(Indicator::quiz_mean);
  for (const auto& [id, sums] : best) {
    StudentIndicators* student = students.find(id);
    if (student == nullptr) continue;
    if (sums.first.count > 0) student->values[quiz] = sums.first.mean();
    if (sums.second.count > 0) student->usual[quiz] = sums.second.mean();
  }
  return okStatus();
}

}  // namespace cartable::early_warning::detail
