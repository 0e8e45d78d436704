#include <chrono>
#include <cstdio>

#include "directory/validate.h"
#include "grades/internal.h"
#include "timetable/timetable.h"

namespace cartable::grades {
namespace detail {

Error invalid(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Result<std::vector<Period>> loadPeriods(storage::Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(auto calendar, timetable::getCalendar(db));
  std::vector<Period> out;
  for (const auto& range : calendar.periods) {
    out.push_back({static_cast<int>(out.size()) + 1, range.label, range.starts_on, range.ends_on});
  }
  return out;
}

int periodIndexOf(const std::vector<Period>& periods, const std::string& date) {
  for (const Period& period : periods) {
    if (period.starts_on <= date && date <= period.ends_on) return period.index;
  }
  return 0;
}

const char* const kEvaluationColumns =
    "e.id, e.subject_id, e.class_id, e.group_id, e.teacher_id, e.date, e.title, "
    "e.description, e.out_of, e.coefficient, e.visible_from";

Evaluation readEvaluation(const storage::Statement& row, int first,
                          const std::vector<Period>& periods) {
  Evaluation out;
  out.id = row.int64(first);
  out.subject_id = row.int64(first + 1);
  out.class_id = row.optionalInt64(first + 2);
  out.group_id = row.optionalInt64(first + 3);
  out.teacher_id = row.optionalInt64(first + 4).value_or(0);
  out.date = row.text(first + 5);
  out.title = row.text(first + 6);
  out.description = row.text(first + 7);
  out.out_of = row.int64(first + 8);
  out.coefficient = row.int64(first + 9);
  out.visible_from = row.text(first + 10);
  out.period = periodIndexOf(periods, out.date);
  return out;
}

}  // namespace detail

namespace {

using detail::invalid;
using storage::Connection;

Status checkRange(Hundredths value, Hundredths max, const std::string& field) {
  if (value <= 0 || value > max) {
    return invalid(field, "must be above 0 and at most " + formatHundredths(max));
  }
  return okStatus();
}

// What may change after creation: dates, wording, scale and weight.
Status checkEditable(Connection& db, const Evaluation& evaluation) {
  CARTABLE_RETURN_IF_ERROR(directory::validate::date(evaluation.date, "date"));
  CARTABLE_ASSIGN_OR_RETURN(auto period, periodHolding(db, evaluation.date));
  if (!period) {
    return invalid("date", evaluation.date + " is outside every period of the school calendar");
  }
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(evaluation.title, "title", 100));
  if (!evaluation.description.empty()) {
    CARTABLE_RETURN_IF_ERROR(
        directory::validate::text(evaluation.description, "description", 1000));
  }
  CARTABLE_RETURN_IF_ERROR(checkRange(evaluation.out_of, 10000, "out_of"));
  CARTABLE_RETURN_IF_ERROR(checkRange(evaluation.coefficient, 2000, "coefficient"));
  return directory::validate::date(evaluation.visible_from, "visible_from");
}

Status requireRow(Connection& db, const char* sql, std::int64_t id, const std::string& field,
                  const std::string& what) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, db.scalarInt64(sql, id));
  if (!found) return invalid(field, "names no " + what + ": " + std::to_string(id));
  return okStatus();
}

// Who it is for and in which subject: fixed at creation.
Status checkTarget(Connection& db, const Evaluation& evaluation) {
  if (evaluation.class_id.has_value() == evaluation.group_id.has_value()) {
    return invalid("class_id", "exactly one of class_id and group_id must be given");
  }
  CARTABLE_RETURN_IF_ERROR(requireRow(db, "SELECT 1 FROM subjects WHERE id = ?",
                                      evaluation.subject_id, "subject_id", "subject"));
  if (evaluation.group_id) {
    return requireRow(db, "SELECT 1 FROM groups WHERE id = ?", *evaluation.group_id, "group_id",
                      "group");
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto archived, db.scalarInt64("SELECT archived_at IS NOT NULL FROM classes WHERE id = ?",
                                    *evaluation.class_id));
  if (!archived) {
    return invalid("class_id", "names no class: " + std::to_string(*evaluation.class_id));
  }
  if (*archived != 0) return invalid("class_id", "is a class of a past school year");
  return okStatus();
}

// An out_of below a score already given would leave that score above the maximum.
Status checkScoresFit(Connection& db, const Evaluation& evaluation) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT student_id, value FROM scores WHERE evaluation_id = ? AND "
                          "value > ? ORDER BY value DESC LIMIT 1",
                          evaluation.id, evaluation.out_of));
  CARTABLE_ASSIGN_OR_RETURN(bool above, rows.step());
  if (!above) return okStatus();
  return invalid("out_of", formatHundredths(evaluation.out_of) + " is below the score " +
                               formatHundredths(rows.int64(1)) + " already given to student " +
                               std::to_string(rows.int64(0)));
}

std::string evaluationQuery(const std::string& where) {
  return std::string("SELECT ") + detail::kEvaluationColumns + " FROM evaluations e " + where;
}

}  // namespace

std::string formatHundredths(Hundredths value) {
  const char* sign = value < 0 ? "-" : "";
  const Hundredths magnitude = value < 0 ? -value : value;
  std::string out = sign + std::to_string(magnitude / 100);
  const Hundredths cents = magnitude % 100;
  if (cents == 0) return out;
  char decimals[4];
  std::snprintf(decimals, sizeof decimals, "%02d", static_cast<int>(cents));
  out += '.';
  out += decimals;
  if (out.back() == '0') out.pop_back();
  return out;
}

std::string dateAt(Seconds time) {
  using namespace std::chrono;
  const year_month_day day{floor<days>(sys_seconds{seconds{time}})};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return buffer;
}

Result<Period> periodByIndex(Connection& db, std::int64_t index) {
  CARTABLE_ASSIGN_OR_RETURN(auto periods, detail::loadPeriods(db));
  if (periods.empty())
    return invalid("period", "cannot be chosen: the school calendar has no periods");
  if (index < 1 || index > static_cast<std::int64_t>(periods.size())) {
    return invalid("period", "must be from 1 to " + std::to_string(periods.size()) +
                                 " (the periods of the school calendar)");
  }
  return periods[static_cast<std::size_t>(index - 1)];
}

Result<std::optional<Period>> periodHolding(Connection& db, const std::string& date) {
  CARTABLE_ASSIGN_OR_RETURN(auto periods, detail::loadPeriods(db));
  const int index = detail::periodIndexOf(periods, date);
  if (index == 0) return std::optional<Period>{};
  return std::optional<Period>(periods[static_cast<std::size_t>(index - 1)]);
}

std::string_view markName(Mark mark) {
  switch (mark) {
    case Mark::absent:
      return "absent";
    case Mark::exempt:
      return "exempt";
    case Mark::not_graded:
      return "not_graded";
    default:
      return "score";
  }
}

std::optional<Mark> parseMark(std::string_view name) {
  for (Mark mark : {Mark::score, Mark::absent, Mark::exempt, Mark::not_graded}) {
    if (markName(mark) == name) return mark;
  }
  return std::nullopt;
}

Result<std::int64_t> createEvaluation(Connection& db, const Evaluation& evaluation, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(checkTarget(db, evaluation));
  CARTABLE_RETURN_IF_ERROR(checkEditable(db, evaluation));
  const std::optional<std::int64_t> teacher =
      evaluation.teacher_id > 0 ? std::optional(evaluation.teacher_id) : std::nullopt;
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO evaluations (subject_id, class_id, group_id, teacher_id, date, title, "
              "description, out_of, coefficient, visible_from, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              evaluation.subject_id, evaluation.class_id, evaluation.group_id, teacher,
              evaluation.date, evaluation.title, evaluation.description, evaluation.out_of,
              evaluation.coefficient, evaluation.visible_from, now, now));
  return db.lastInsertId();
}

Result<Evaluation> getEvaluation(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto periods, detail::loadPeriods(db));
  CARTABLE_ASSIGN_OR_RETURN(auto row, db.query(evaluationQuery("WHERE e.id = ?"), id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) {
    return makeError(Errc::not_found, "no such evaluation: " + std::to_string(id), "id");
  }
  return detail::readEvaluation(row, 0, periods);
}

Status updateEvaluation(Connection& db, const Evaluation& evaluation, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(getEvaluation(db, evaluation.id));
  CARTABLE_RETURN_IF_ERROR(checkEditable(db, evaluation));
  CARTABLE_RETURN_IF_ERROR(checkScoresFit(db, evaluation));
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE evaluations SET date = ?, title = ?, description = ?, out_of = ?, "
              "coefficient = ?, visible_from = ?, updated_at = ? WHERE id = ?",
              evaluation.date, evaluation.title, evaluation.description, evaluation.out_of,
              evaluation.coefficient, evaluation.visible_from, now, evaluation.id));
  CARTABLE_ASSIGN_OR_RETURN(Evaluation updated, getEvaluation(db, evaluation.id));
  return detail::publishIfDue(db, updated, 0, now);
}

Status deleteEvaluation(Connection& db, std::int64_t id) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM evaluations WHERE id = ?", id));
  if (db.changes() == 0) {
    return makeError(Errc::not_found, "no such evaluation: " + std::to_string(id), "id");
  }
  return okStatus();
}

Result<bool> teachesEvaluation(Connection& db, std::int64_t teacher_id,
                               std::int64_t evaluation_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64("SELECT 1 FROM evaluations e JOIN teaching_assignments t "
                                 "ON t.subject_id = e.subject_id "
                                 "AND (t.class_id = e.class_id OR t.group_id = e.group_id) "
                                 "WHERE e.id = ? AND t.teacher_id = ? LIMIT 1",
                                 evaluation_id, teacher_id));
  return found.has_value();
}

Result<std::vector<Evaluation>> listEvaluations(Connection& db, const EvaluationFilter& filter) {
  CARTABLE_ASSIGN_OR_RETURN(auto periods, detail::loadPeriods(db));
  std::optional<std::string> from, until;
  if (filter.period) {
    CARTABLE_ASSIGN_OR_RETURN(Period period, periodByIndex(db, *filter.period));
    from = period.starts_on;
    until = period.ends_on;
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      db.query(evaluationQuery(
                   "WHERE (?1 IS NULL OR e.class_id = ?1) AND (?2 IS NULL OR e.group_id = ?2) "
                   "AND (?3 IS NULL OR e.date BETWEEN ?3 AND ?4) AND (?5 IS NULL OR EXISTS ("
                   "  SELECT 1 FROM teaching_assignments t WHERE t.teacher_id = ?5"
                   "  AND t.subject_id = e.subject_id"
                   "  AND (t.class_id = e.class_id OR t.group_id = e.group_id))) "
                   "ORDER BY e.date, e.id"),
               filter.class_id, filter.group_id, from, until, filter.taught_by));
  std::vector<Evaluation> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back(detail::readEvaluation(rows, 0, periods));
  }
}

}  // namespace cartable::grades
