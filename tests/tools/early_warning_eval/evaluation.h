// Precision and recall of the early-warning detector against the labels of
// the trajectories the generator planted.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tests/tools/generator/school_year.h"

namespace cartable::early_warning_eval {

// A slip this strong or more, and a student in difficulty all year, should
// reach level 2 (alerte).
inline constexpr double kSevereSlip = 0.6;

struct Score {
  int flagged = 0;     // students the detector flagged at this level
  int true_flags = 0;  // of which at risk
  int expected = 0;    // students it should flag
  int found = 0;       // of which flagged
  double precision() const { return flagged ? static_cast<double>(true_flags) / flagged : 0; }
  double recall() const { return expected ? static_cast<double>(found) / expected : 0; }
};

struct Evaluation {
  int students = 0;
  Score overall;    // level 1 or 2, against every student at risk (slipping or chronic)
  Score vigilance;  // level 1 exactly, against the mild slips
  Score alerte;     // level 2, against the severe ones (strong slips, chronic)
  std::map<std::string, std::pair<int, int>> by_kind;  // kind → (flagged, labelled)
};

// `levels`: each flagged student's level (students absent are not flagged);
// `labels`: the planted ones; `students`: how many were assessed.
Evaluation evaluate(const std::map<std::int64_t, int>& levels,
                    const std::vector<generator::RiskLabel>& labels, int students);

}  // namespace cartable::early_warning_eval
