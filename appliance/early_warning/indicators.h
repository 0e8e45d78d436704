// The indicators of early warning, per student, computed at the school from
// what it already records: over the last four weeks (the window), compared
// where it helps with the student's own eight weeks before (the earlier
// period).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/civil_date.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::early_warning {

// The window ends on the day of the computation (included).
inline constexpr int kWindowDays = 28;
inline constexpr int kWindowWeeks = kWindowDays / 7;
// The earlier period, just before the window.
inline constexpr int kEarlierDays = 56;

enum class Indicator {
  absence_half_days,      // half-days absent
  unjustified_half_days,  // of which no justification, accepted or pending, covers an absence
  lateness,               // times late
  missing_hand_ins,       // work due in the window (before today) never handed in
  late_hand_ins,          // work due in the window handed in late
  grade_gap,              // hundredths of points on /20 below the class, same evaluations
  grade_drop,             // hundredths of points lost against the class since the earlier period
  quiz_mean,  // hundredths of points on /20: best score of each quiz closed in the window
};
inline constexpr std::size_t kIndicatorCount = 8;
inline constexpr std::array<Indicator, kIndicatorCount> kIndicators = {
    Indicator::absence_half_days, Indicator::unjustified_half_days,
    Indicator::lateness,          Indicator::missing_hand_ins,
    Indicator::late_hand_ins,     Indicator::grade_gap,
    Indicator::grade_drop,        Indicator::quiz_mean};

// "absence.half_days", "absence.unjustified_half_days", "lateness.count",
// "homework.missing", "homework.late", "grades.gap", "grades.drop", "quizzes.mean".
std::string_view indicatorName(Indicator indicator);
std::optional<Indicator> parseIndicator(std::string_view name);
// What a teacher reads, in French ("demi-journées d'absence").
std::string_view indicatorLabel(Indicator indicator);
// True for the indicators whose value is points in hundredths (grades, quizzes).
bool inPoints(Indicator indicator);
// True when a low value is the worrying side (the quiz mean); else a high one is.
bool lowIsWorse(Indicator indicator);

// A subject where the student's grades stand below the class's in the window.
struct SubjectGap {
  std::string subject;       // its label
  std::int64_t student = 0;  // mean on /20, hundredths
  std::int64_t class_mean = 0;
};

struct StudentIndicators {
  std::int64_t student_id = 0;
  std::int64_t class_id = 0;
  // By Indicator; none when it cannot be measured (no grade, no quiz in the window).
  std::array<std::optional<std::int64_t>, kIndicatorCount> values{};
  // The same over the earlier period, brought to four weeks (counts rounded):
  // what is usual for this student. None when the earlier period says nothing
  // (no grade or quiz then) and for the grade drop, itself a comparison.
  std::array<std::optional<std::int64_t>, kIndicatorCount> usual{};
  // Weeks of the window (0..4) with at least one absence, lateness, missing
  // or late hand-in, or a grade 3 points or more below its evaluation's mean:
  // a difficulty that lasts shows in more than one.
  int weeks_with_signs = 0;
  std::vector<SubjectGap> gaps;  // the subjects furthest below the class first, at most 3
  // The counted indicators' events by week of the window (0: the week ending
  // today): a difficulty that lasts shows in several weeks, a bad week in one.
  std::array<std::array<std::int64_t, kWindowWeeks>, kIndicatorCount> weekly{};
  // How many grades the grade indicators read, in the window and in the
  // earlier period: a mean over few grades is a noisy one.
  // The counted indicators' events over the whole earlier period (eight
  // weeks, not brought to four): the evidence reads them unrounded.
  std::array<std::int64_t, kIndicatorCount> earlier{};
  // The class's usual for each count: the mean over the class's students of
  // the earlier period's events, brought to four weeks (the class's habit).
  std::array<double, kIndicatorCount> class_usual{};
  int recent_grades = 0;
  int earlier_grades = 0;

  std::optional<std::int64_t> value(Indicator indicator) const {
    return values[static_cast<std::size_t>(indicator)];
  }
  std::optional<std::int64_t> usualValue(Indicator indicator) const {
    return usual[static_cast<std::size_t>(indicator)];
  }
};

// The indicators of every student enrolled in a class on `today`, by student id.
Result<std::vector<StudentIndicators>> computeIndicators(storage::Connection& db, civil::Day today);

}  // namespace cartable::early_warning
