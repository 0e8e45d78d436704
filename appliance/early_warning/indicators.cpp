#include "early_warning/indicators.h"

#include "early_warning/internal.h"

namespace cartable::early_warning {

namespace {

struct Description {
  Indicator indicator;
  std::string_view name;
  std::string_view label;
};

constexpr Description kDescriptions[] = {
    {Indicator::absence_half_days, "absence.half_days", "demi-journées d'absence"},
    {Indicator::unjustified_half_days, "absence.unjustified_half_days",
     "demi-journées d'absence non justifiées"},
    {Indicator::lateness, "lateness.count", "retards"},
    {Indicator::missing_hand_ins, "homework.missing", "travaux non rendus"},
    {Indicator::late_hand_ins, "homework.late", "travaux rendus en retard"},
    {Indicator::grade_gap, "grades.gap", "points sous la moyenne de la classe"},
    {Indicator::grade_drop, "grades.drop", "points perdus par rapport à la classe"},
    {Indicator::quiz_mean, "quizzes.mean", "moyenne aux QCM (sur 20)"},
};

const Description& describe(Indicator indicator) {
  return kDescriptions[static_cast<std::size_t>(indicator)];
}

Status readEnrolled(storage::Connection& db, const detail::Window& window,
                    detail::Students& students) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT e.student_id, e.class_id FROM enrollments e JOIN users u ON "
                          "u.id = e.student_id WHERE e.since <= ?1 AND (e.until IS NULL OR "
                          "e.until >= ?1) AND u.disabled_at IS NULL ORDER BY e.student_id, "
                          "e.since DESC",
                          window.today));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return okStatus();
    StudentIndicators student;
    student.student_id = rows.int64(0);
    student.class_id = rows.int64(1);
    for (Indicator counted :
         {Indicator::absence_half_days, Indicator::unjustified_half_days, Indicator::lateness,
          Indicator::missing_hand_ins, Indicator::late_hand_ins}) {
      student.values[static_cast<std::size_t>(counted)] = 0;
    }
    students.by_id.emplace(student.student_id, student);  // the latest class only
  }
}

constexpr std::array<Indicator, 5> kCounted = {
    Indicator::absence_half_days, Indicator::unjustified_half_days, Indicator::lateness,
    Indicator::missing_hand_ins, Indicator::late_hand_ins};

// Each class's mean of its students' earlier counts, brought to four weeks.
void setClassUsual(detail::Students& students) {
  std::map<std::int64_t, std::pair<std::array<std::int64_t, kIndicatorCount>, int>> classes;
  for (const auto& [id, student] : students.by_id) {
    auto& [sums, count] = classes[student.class_id];
    for (Indicator counted : kCounted) {
      sums[static_cast<std::size_t>(counted)] += student.earlier[static_cast<std::size_t>(counted)];
    }
    ++count;
  }
  for (auto& [id, student] : students.by_id) {
    const auto& [sums, count] = classes.at(student.class_id);
    for (Indicator counted : kCounted) {
      const std::size_t i = static_cast<std::size_t>(counted);
      student.class_usual[i] =
          static_cast<double>(sums[i]) * kWindowDays / kEarlierDays / static_cast<double>(count);
    }
  }
}

}  // namespace

std::string_view indicatorName(Indicator indicator) {
  return describe(indicator).name;
}

std::string_view indicatorLabel(Indicator indicator) {
  return describe(indicator).label;
}

std::optional<Indicator> parseIndicator(std::string_view name) {
  for (const Description& d : kDescriptions) {
    if (d.name == name) return d.indicator;
  }
  return std::nullopt;
}

bool inPoints(Indicator indicator) {
  return indicator == Indicator::grade_gap || indicator == Indicator::grade_drop ||
         indicator == Indicator::quiz_mean;
}

bool lowIsWorse(Indicator indicator) {
  return indicator == Indicator::quiz_mean;
}

Result<std::vector<StudentIndicators>> computeIndicators(storage::Connection& db,
                                                         civil::Day today) {
  const detail::Window window(today);
  detail::Students students;
  CARTABLE_RETURN_IF_ERROR(readEnrolled(db, window, students));
  CARTABLE_RETURN_IF_ERROR(detail::readAttendance(db, window, students));
  CARTABLE_RETURN_IF_ERROR(detail::readHandIns(db, window, students));
  CARTABLE_RETURN_IF_ERROR(detail::readGrades(db, window, students));
  CARTABLE_RETURN_IF_ERROR(detail::readQuizzes(db, window, students));
  students.scaleUsualCounts();
  setClassUsual(students);
  std::vector<StudentIndicators> out;
  out.reserve(students.by_id.size());
  for (auto& [id, student] : students.by_id) {
    student.weeks_with_signs = static_cast<int>(students.sign_weeks[id].size());
    out.push_back(std::move(student));
  }
  return out;
}

namespace detail {

Window::Window(civil::Day day)
    : today_day(day),
      today(civil::formatDay(day)),
      yesterday(civil::formatDay(day - std::chrono::days(1))),
      from(civil::formatDay(day - std::chrono::days(kWindowDays - 1))),
      earlier_from(civil::formatDay(day - std::chrono::days(kWindowDays + kEarlierDays - 1))) {}

int Window::weekOf(const std::string& date) const {
  const auto day = civil::parseDay(date);
  if (!day) return -1;
  const auto back = (today_day - *day).count();
  if (back < 0 || back >= kWindowDays) return -1;
  return static_cast<int>(back / 7);
}

StudentIndicators* Students::find(std::int64_t student_id) {
  auto found = by_id.find(student_id);
  return found == by_id.end() ? nullptr : &found->second;
}

void Students::addSign(std::int64_t student_id, int week) {
  if (week >= 0 && by_id.contains(student_id)) sign_weeks[student_id].insert(week);
}

void Students::count(std::int64_t student_id, Indicator indicator, int week) {
  if (week >= 0) {
    StudentIndicators* student = find(student_id);
    if (student != nullptr) ++student->weekly[static_cast<std::size_t>(indicator)][week];
    return add(student_id, indicator);
  }
  if (by_id.contains(student_id)) ++earlier_counts[student_id][static_cast<std::size_t>(indicator)];
}

void Students::scaleUsualCounts() {
  for (auto& [id, student] : by_id) {
    const auto counts = earlier_counts.find(id);
    for (Indicator counted :
         {Indicator::absence_half_days, Indicator::unjustified_half_days, Indicator::lateness,
          Indicator::missing_hand_ins, Indicator::late_hand_ins}) {
      const std::size_t i = static_cast<std::size_t>(counted);
      const std::int64_t earlier = counts == earlier_counts.end() ? 0 : counts->second[i];
      student.earlier[i] = earlier;
      student.usual[i] = roundedDiv(earlier * kWindowDays, kEarlierDays);
    }
  }
}

void Students::add(std::int64_t student_id, Indicator indicator, std::int64_t amount) {
  StudentIndicators* student = find(student_id);
  if (student == nullptr) return;
  auto& value = student->values[static_cast<std::size_t>(indicator)];
  value = value.value_or(0) + amount;
}

std::int64_t roundedDiv(std::int64_t numerator, std::int64_t denominator) {
  if (denominator < 0) return roundedDiv(-numerator, -denominator);
  const std::int64_t half = denominator / 2;
  return numerator >= 0 ? (numerator + half) / denominator : -((-numerator + half) / denominator);
}

}  // namespace detail
}  // namespace cartable::early_warning
