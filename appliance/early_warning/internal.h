// Helpers shared by the early_warning module's .cpp files; nobody outside
// this folder includes it.
#pragma once

#include <array>
#include <map>
#include <set>
#include <string>

#include "core/base/result.h"
#include "core/storage/database.h"
#include "early_warning/indicators.h"

namespace cartable::early_warning::detail {

// The days the indicators read, as ISO dates.
struct Window {
  explicit Window(civil::Day today);
  // 0 for the week ending today, up to kWindowWeeks - 1; -1 outside the window.
  int weekOf(const std::string& date) const;

  civil::Day today_day;
  std::string today, yesterday, from, earlier_from;
};

// Each student being assessed, with the weeks where signs showed.
struct Students {
  std::map<std::int64_t, StudentIndicators> by_id;
  std::map<std::int64_t, std::set<int>> sign_weeks;

  // The student's indicators, or null for someone not being assessed.
  StudentIndicators* find(std::int64_t student_id);
  void addSign(std::int64_t student_id, int week);
  void add(std::int64_t student_id, Indicator indicator, std::int64_t amount = 1);
  // Counts one event in the window's `week` (0..3, 0 ending today), or in
  // the earlier period when `week` is -1.
  void count(std::int64_t student_id, Indicator indicator, int week);
  // Brings the earlier counts to four weeks, once everything is read.
  void scaleUsualCounts();

  std::map<std::int64_t, std::array<std::int64_t, kIndicatorCount>> earlier_counts;
};

Status readAttendance(storage::Connection& db, const Window& window, Students& students);
Status readHandIns(storage::Connection& db, const Window& window, Students& students);
Status readGrades(storage::Connection& db, const Window& window, Students& students);
Status readQuizzes(storage::Connection& db, const Window& window, Students& students);

// Integer division rounded half away from zero (means in hundredths).
std::int64_t roundedDiv(std::int64_t numerator, std::int64_t denominator);

}  // namespace cartable::early_warning::detail
