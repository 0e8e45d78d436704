// Helpers shared by the grades module's .cpp files; nobody outside this folder
// includes it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "grades/fraction.h"
#include "grades/grades.h"

namespace cartable::grades::detail {

// An invalid_argument error naming `field`: "\"field\" message".
Error invalid(const std::string& field, const std::string& message);

// The calendar's periods, numbered from 1 by start date.
Result<std::vector<Period>> loadPeriods(storage::Connection& db);
// The index of the first period holding `date`, 0 when none does.
int periodIndexOf(const std::vector<Period>& periods, const std::string& date);

// The columns of `evaluations e` that readEvaluation() expects, in order.
extern const char* const kEvaluationColumns;
// Reads the kEvaluationColumns starting at column `first`.
Evaluation readEvaluation(const storage::Statement& row, int first,
                          const std::vector<Period>& periods);
// Reads the mark, value and comment columns starting at `first` (mark NULL: none).
std::optional<Score> readScore(const storage::Statement& row, int first, std::int64_t student_id);

// Min, max and mean of `values`, each rounded half up; none for no value.
std::optional<Stats> statsOf(const std::vector<Fraction>& values);

// The numeric scores of an evaluation as fractions of a point.
Result<std::vector<Fraction>> numericScores(storage::Connection& db, std::int64_t evaluation_id);

// Announces `evaluation` to its students and parents when it has scores, is
// visible on `now`'s date and was not announced yet.
Status publishIfDue(storage::Connection& db, const Evaluation& evaluation, std::int64_t author_id,
                    Seconds now);

}  // namespace cartable::grades::detail
