#include "early_warning/alerts.h"

#include <map>
#include <set>

#include "core/base/civil_date.h"
#include "notifications/notifications.h"

namespace cartable::early_warning {

namespace {

using storage::Connection;

struct OpenAlert {
  std::int64_t id = 0;
  int level = 0;
  int notified_level = 0;
  bool reached_level2 = false;
};

Result<std::map<std::int64_t, OpenAlert>> openAlerts(Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT student_id, id, level, notified_level, level2_since IS NOT NULL "
                          "FROM early_warning_alerts WHERE cleared_on IS NULL"));
  std::map<std::int64_t, OpenAlert> open;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return open;
    open[rows.int64(0)] = {rows.int64(1), static_cast<int>(rows.int64(2)),
                           static_cast<int>(rows.int64(3)), rows.int64(4) == 1};
  }
}

Result<std::vector<std::int64_t>> mainTeachersOf(Connection& db, std::int64_t class_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT DISTINCT teacher_id FROM teaching_assignments WHERE class_id = "
                          "? AND main_teacher = 1",
                          class_id));
  std::vector<std::int64_t> ids;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return ids;
    ids.push_back(rows.int64(0));
  }
}

std::string valueText(Indicator indicator, std::int64_t value) {
  if (!inPoints(indicator)) return std::to_string(value);
  const std::string sign = value < 0 ? "-" : "";
  const std::int64_t magnitude = value < 0 ? -value : value;
  const std::int64_t cents = magnitude % 100;
  return sign + std::to_string(magnitude / 100) + "," + (cents < 10 ? "0" : "") +
         std::to_string(cents);
}

// "5 demi-journées d'absence (seuil 4, d'habitude 1)", one line per reason.
std::string noticeBody(const Assessment& assessment) {
  std::string body;
  for (const Reason& reason : assessment.reasons) {
    body += "- " + valueText(reason.indicator, reason.value) + " " +
            std::string(indicatorLabel(reason.indicator)) + " (seuil " +
            valueText(reason.indicator, reason.threshold) + (reason.strong ? ", fort" : "") +
            (reason.usual ? ", d'habitude " + valueText(reason.indicator, *reason.usual) : "") +
            (reason.share ? ", " + std::to_string(*reason.share) + " % de l'alerte" : "") + ")\n";
  }
  return body + "Sur les 4 dernières semaines; signes sur " +
         std::to_string(assessment.weeks_with_signs) + " semaine(s).";
}

Result<int> tellMainTeachers(Connection& db, const StudentIndicators& student,
                             const Assessment& assessment, bool rose, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto teachers, mainTeachersOf(db, student.class_id));
  if (teachers.empty()) return 0;
  CARTABLE_ASSIGN_OR_RETURN(
      auto name, db.query("SELECT u.given_name || ' ' || u.family_name, c.code FROM users u, "
                          "classes c WHERE u.id = ? AND c.id = ?",
                          student.student_id, student.class_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, name.step());
  if (!found) return 0;
  notifications::Notice notice;
  notice.kind = kAlertNotice;
  notice.title = std::string(rose ? "Alerte (niveau 2) : " : "Élève à suivre (") +
                 (rose ? "" : std::string(levelName(assessment.level)) + ") : ") + name.text(0) +
                 ", " + name.text(1);
  notice.body = noticeBody(assessment);
  notice.link = "/early-warning/classes/" + std::to_string(student.class_id);
  CARTABLE_RETURN_IF_ERROR(notifications::notify(db, teachers, notice, 0, now));
  return static_cast<int>(teachers.size());
}

class Run {
 public:
  Run(Connection& db, Seconds now) : db_(db), now_(now) {
    summary_.on_date = civil::formatDay(civil::dayOf(now));
  }

  Result<RunSummary> go() {
    CARTABLE_ASSIGN_OR_RETURN(const Thresholds thresholds, loadThresholds(db_));
    CARTABLE_ASSIGN_OR_RETURN(open_, openAlerts(db_));
    CARTABLE_ASSIGN_OR_RETURN(auto students, computeIndicators(db_, civil::dayOf(now_)));
    std::set<std::int64_t> assessed;
    for (const StudentIndicators& student : students) {
      assessed.insert(student.student_id);
      CARTABLE_RETURN_IF_ERROR(apply(student, assess(student, thresholds)));
    }
    for (const auto& [student_id, alert] : open_) {
      if (!assessed.contains(student_id)) CARTABLE_RETURN_IF_ERROR(clear(alert));
    }
    summary_.students = static_cast<int>(students.size());
    CARTABLE_RETURN_IF_ERROR(record());
    return summary_;
  }

 private:
  Status apply(const StudentIndicators& student, const Assessment& assessment) {
    auto found = open_.find(student.student_id);
    if (assessment.level == 0) {
      return found == open_.end() ? okStatus() : clear(found->second);
    }
    ++summary_.open_alerts;
    if (found == open_.end()) return raise(student, assessment);
    return update(student, assessment, found->second);
  }

  Status raise(const StudentIndicators& student, const Assessment& assessment) {
    const auto level2 = assessment.level == 2 ? std::optional(summary_.on_date) : std::nullopt;
    CARTABLE_RETURN_IF_ERROR(db_.exec(
        "INSERT INTO early_warning_alerts(student_id, class_id, level, first_seen_on, "
        "level2_since, computed_on, reasons, notified_level) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?6, "
        "?3)",
        student.student_id, student.class_id, assessment.level, summary_.on_date, level2,
        reasonsToJson(assessment.reasons, assessment.weeks_with_signs)));
    ++summary_.raised;
    CARTABLE_ASSIGN_OR_RETURN(int told, tellMainTeachers(db_, student, assessment, false, now_));
    summary_.notices += told;
    return okStatus();
  }

  Status update(const StudentIndicators& student, const Assessment& assessment,
                const OpenAlert& alert) {
    const bool tell = assessment.level > alert.notified_level;
    CARTABLE_RETURN_IF_ERROR(db_.exec(
        "UPDATE early_warning_alerts SET class_id = ?2, level = ?3, computed_on = ?4, reasons = "
        "?5, level2_since = CASE WHEN ?3 = 2 THEN coalesce(level2_since, ?4) ELSE level2_since "
        "END, notified_level = max(notified_level, ?3) WHERE id = ?1",
        alert.id, student.class_id, assessment.level, summary_.on_date,
        reasonsToJson(assessment.reasons, assessment.weeks_with_signs)));
    if (assessment.level == 2 && !alert.reached_level2) ++summary_.rose;
    if (!tell) return okStatus();
    CARTABLE_ASSIGN_OR_RETURN(int told, tellMainTeachers(db_, student, assessment, true, now_));
    summary_.notices += told;
    return okStatus();
  }

  Status clear(const OpenAlert& alert) {
    ++summary_.cleared;
    return db_.exec("UPDATE early_warning_alerts SET cleared_on = ? WHERE id = ?", summary_.on_date,
                    alert.id);
  }

  Status record() {
    return db_.exec(
        "INSERT INTO early_warning_runs(on_date, computed_at, students, alerts) VALUES (?, ?, ?, "
        "?) ON CONFLICT(on_date) DO UPDATE SET computed_at = excluded.computed_at, students = "
        "excluded.students, alerts = excluded.alerts",
        summary_.on_date, now_, summary_.students, summary_.open_alerts);
  }

  Connection& db_;
  Seconds now_;
  RunSummary summary_;
  std::map<std::int64_t, OpenAlert> open_;
};

constexpr std::string_view kAlertColumns =
    "SELECT a.id, a.student_id, u.given_name || ' ' || u.family_name, a.class_id, "
    "coalesce(c.code, ''), a.level, a.first_seen_on, a.level2_since, a.computed_on, "
    "a.cleared_on, a.reasons FROM early_warning_alerts a JOIN users u ON u.id = a.student_id "
    "LEFT JOIN classes c ON c.id = a.class_id ";

template <class... Args>
Result<std::vector<Alert>> readAlerts(Connection& db, const std::string& where,
                                      const Args&... args) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query(std::string(kAlertColumns) + where, args...));
  std::vector<Alert> alerts;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return alerts;
    Alert alert;
    alert.id = rows.int64(0);
    alert.student_id = rows.int64(1);
    alert.student_name = rows.text(2);
    alert.class_id = rows.optionalInt64(3);
    alert.class_code = rows.text(4);
    alert.level = static_cast<int>(rows.int64(5));
    alert.first_seen_on = rows.text(6);
    alert.level2_since = rows.optionalText(7);
    alert.computed_on = rows.text(8);
    alert.cleared_on = rows.optionalText(9);
    reasonsFromJson(rows.text(10), alert.reasons, alert.weeks_with_signs);
    alerts.push_back(std::move(alert));
  }
}

}  // namespace

Result<RunSummary> computeAlerts(storage::Connection& db, Seconds now) {
  return Run(db, now).go();
}

Result<std::optional<RunSummary>> computeAlertsIfDue(storage::Connection& db, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto done,
                            db.scalarInt64("SELECT 1 FROM early_warning_runs WHERE on_date = ?",
                                           civil::formatDay(civil::dayOf(now))));
  if (done) return std::optional<RunSummary>();
  CARTABLE_ASSIGN_OR_RETURN(RunSummary summary, computeAlerts(db, now));
  return std::optional<RunSummary>(summary);
}

Result<std::vector<Alert>> openAlertsOfClass(storage::Connection& db, std::int64_t class_id) {
  return readAlerts(db,
                    "WHERE a.class_id = ? AND a.cleared_on IS NULL ORDER BY a.level DESC, "
                    "a.first_seen_on DESC, u.family_name, u.given_name",
                    class_id);
}

Result<std::vector<Alert>> alertsOfStudent(storage::Connection& db, std::int64_t student_id) {
  return readAlerts(db, "WHERE a.student_id = ? ORDER BY a.first_seen_on DESC, a.id DESC",
                    student_id);
}

}  // namespace cartable::early_warning
