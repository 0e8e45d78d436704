#include "reporting/report_metrics.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <utility>

namespace cartable::reporting {

namespace {

using storage::Connection;

constexpr Seconds kDay = 86'400;
constexpr std::string_view kAfternoonStartsAt = "12:00";  // as attendance counts half-days
constexpr const char* kRoles[] = {"student", "parent", "teacher", "staff", "admin"};
constexpr const char* kStudentMetrics[] = {"attendance.expected",
                                           "attendance.absent",
                                           "attendance.late",
                                           "absence.half_days",
                                           "absence.unjustified_half_days",
                                           "handin.expected",
                                           "handin.on_time",
                                           "handin.late",
                                           "handin.missing",
                                           "homework.posted",
                                           kDifficultyMetric,
                                           kFollowUpMetric};
constexpr const char* kRoleMetrics[] = {"adoption.active_day", "adoption.active_week",
                                        "adoption.sessions", "messages.sent", "documents.shared"};

struct ClassInfo {
  std::string code;
  std::string level;
};

using SubjectOfLevel = std::pair<std::string, std::string>;  // (level, subject code)

// The cells being filled, and who is enrolled where that day.
class DayCells {
 public:
  DayCells(Connection& conn, civil::Day day)
      : conn_(conn),
        day_(civil::formatDay(day)),
        start_(Seconds{day.time_since_epoch().count()} * kDay),
        end_(start_ + kDay) {}

  Status readEnrollment();
  Status readAttendance();
  Status readHomeworkPosted();
  Status readHandIns();
  Status readGrades();
  Status readDifficulty();
  Status readFollowUp();
  Status readRoles();
  Status readSchoolWide();
  std::vector<ReportCell> take();

 private:
  void addForStudent(std::int64_t student, const std::string& metric, double amount = 1);
  Result<std::vector<std::int64_t>> audience(std::optional<std::int64_t> class_id,
                                             std::optional<std::int64_t> group_id);
  Result<std::vector<std::int64_t>> homeworkStudents(std::int64_t homework,
                                                     std::optional<std::int64_t> class_id,
                                                     std::optional<std::int64_t> group_id);
  Status readHandInsOf(std::int64_t homework, const std::string& subject,
                       const std::vector<std::int64_t>& students);
  ReportCell& subjectCell(const SubjectOfLevel& key);
  template <class... Args>
  Result<std::map<std::string, std::int64_t>> byRole(std::string_view sql, const Args&... args);

  Connection& conn_;
  std::string day_;
  Seconds start_, end_;
  std::map<std::int64_t, ClassInfo> classes_;
  std::map<std::int64_t, std::int64_t> class_of_;  // student → class
  std::map<std::int64_t, std::vector<std::int64_t>> class_students_;
  ReportCell school_;
  std::map<std::string, ReportCell> levels_;
  std::map<std::int64_t, ReportCell> class_cells_;
  std::map<SubjectOfLevel, ReportCell> subjects_;
  std::map<SubjectOfLevel, std::set<std::int64_t>> subject_students_;
  std::map<SubjectOfLevel, std::vector<double>> grades_;
  std::map<std::string, ReportCell> roles_;
};

Status DayCells::readEnrollment() {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      conn_.query("SELECT e.student_id, c.id, c.code, c.level FROM enrollments e "
                  "JOIN classes c ON c.id = e.class_id JOIN users u ON u.id = e.student_id "
                  "WHERE e.since <= ?1 AND (e.until IS NULL OR e.until >= ?1) "
                  "ORDER BY e.student_id, e.since DESC",
                  day_));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    const std::int64_t student = rows.int64(0);
    const std::int64_t class_id = rows.int64(1);
    if (!class_of_.emplace(student, class_id).second) continue;  // the latest class only
    classes_.emplace(class_id, ClassInfo{rows.text(2), rows.text(3)});
    class_students_[class_id].push_back(student);
  }
  school_.scope = "school";
  for (const auto& [class_id, students] : class_students_) {
    const ClassInfo& info = classes_.at(class_id);
    ReportCell& cell = class_cells_[class_id];
    cell.scope = "class";
    cell.level = info.level;
    cell.class_code = info.code;
    cell.n = static_cast<std::int64_t>(students.size());
    ReportCell& level = levels_[info.level];
    level.scope = "level";
    level.level = info.level;
    level.n += cell.n;
    school_.n += cell.n;
  }
  for (const char* metric : kStudentMetrics) {
    school_.values[metric] = 0;
    for (auto& [level, cell] : levels_) cell.values[metric] = 0;
    for (auto& [id, cell] : class_cells_) cell.values[metric] = 0;
  }
  return okStatus();
}

void DayCells::addForStudent(std::int64_t student, const std::string& metric, double amount) {
  auto found = class_of_.find(student);
  if (found == class_of_.end()) return;  // not enrolled that day
  const ClassInfo& info = classes_.at(found->second);
  school_.values[metric] += amount;
  levels_[info.level].values[metric] += amount;
  class_cells_[found->second].values[metric] += amount;
}

Result<std::vector<std::int64_t>> DayCells::audience(std::optional<std::int64_t> class_id,
                                                     std::optional<std::int64_t> group_id) {
  if (class_id) {
    auto found = class_students_.find(*class_id);
    return found == class_students_.end() ? std::vector<std::int64_t>{} : found->second;
  }
  std::vector<std::int64_t> students;
  if (!group_id) return students;
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, conn_.query("SELECT student_id FROM group_members WHERE group_id = ?", *group_id));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return students;
    if (class_of_.contains(rows.int64(0))) students.push_back(rows.int64(0));
  }
}

Status DayCells::readAttendance() {
  CARTABLE_ASSIGN_OR_RETURN(
      auto calls, conn_.query("SELECT l.class_id, l.group_id FROM roll_calls rc JOIN lessons l "
                              "ON l.id = rc.lesson_id WHERE rc.on_date = ?",
                              day_));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, calls.step());
    if (!more) break;
    CARTABLE_ASSIGN_OR_RETURN(auto students,
                              audience(calls.optionalInt64(0), calls.optionalInt64(1)));
    for (std::int64_t student : students) addForStudent(student, "attendance.expected");
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto marks,
      conn_.query(
          "SELECT m.student_id, m.status, rc.starts_at, EXISTS (SELECT 1 FROM "
          "absence_justifications j WHERE j.student_id = m.student_id AND j.state = 'accepted' "
          "AND j.from_date || ' ' || coalesce(j.from_time, '00:00') < rc.on_date || ' ' || "
          "rc.ends_at AND rc.on_date || ' ' || rc.starts_at < j.to_date || ' ' || "
          "coalesce(j.to_time, '24:00')) FROM attendance_marks m JOIN roll_calls rc ON rc.id = "
          "m.roll_call_id JOIN lessons l ON l.id = rc.lesson_id WHERE rc.on_date = ?",
          day_));
  std::map<std::pair<std::int64_t, bool>, bool> half_days;  // (student, afternoon) → unjustified
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, marks.step());
    if (!more) break;
    const std::int64_t student = marks.int64(0);
    if (marks.text(1) == "late") {
      addForStudent(student, "attendance.late");
      continue;
    }
    addForStudent(student, "attendance.absent");
    half_days[{student, marks.text(2) >= kAfternoonStartsAt}] |= marks.int64(3) == 0;
  }
  for (const auto& [half_day, unjustified] : half_days) {
    addForStudent(half_day.first, "absence.half_days");
    if (unjustified) addForStudent(half_day.first, "absence.unjustified_half_days");
  }
  return okStatus();
}

Status DayCells::readHomeworkPosted() {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, conn_.query("SELECT class_id FROM homework WHERE created_at >= ? AND created_at "
                             "< ?",
                             start_, end_));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return okStatus();
    const auto class_id = rows.optionalInt64(0);
    auto cell = class_id ? class_cells_.find(*class_id) : class_cells_.end();
    if (cell == class_cells_.end()) {  // a group's: the school's count only
      school_.values["homework.posted"] += 1;
      continue;
    }
    cell->second.values["homework.posted"] += 1;
    levels_[cell->second.level].values["homework.posted"] += 1;
    school_.values["homework.posted"] += 1;
  }
}

Result<std::vector<std::int64_t>> DayCells::homeworkStudents(std::int64_t homework,
                                                             std::optional<std::int64_t> class_id,
                                                             std::optional<std::int64_t> group_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      conn_.query("SELECT student_id FROM homework_students WHERE homework_id = ?", homework));
  std::vector<std::int64_t> chosen;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    if (class_of_.contains(rows.int64(0))) chosen.push_back(rows.int64(0));
  }
  CARTABLE_ASSIGN_OR_RETURN(auto everyone, audience(class_id, group_id));
  return chosen.empty() ? everyone : chosen;
}

ReportCell& DayCells::subjectCell(const SubjectOfLevel& key) {
  ReportCell& cell = subjects_[key];
  if (cell.scope.empty()) {
    cell.scope = "subject";
    cell.level = key.first;
    cell.subject = key.second;
  }
  return cell;
}

Status DayCells::readHandInsOf(std::int64_t homework, const std::string& subject,
                               const std::vector<std::int64_t>& students) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      conn_.query("SELECT student_id, late FROM hand_ins WHERE homework_id = ?", homework));
  std::map<std::int64_t, bool> handed_in;  // student → late
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    handed_in[rows.int64(0)] = rows.int64(1) == 1;
  }
  for (std::int64_t student : students) {
    auto found = handed_in.find(student);
    const char* outcome = found == handed_in.end() ? "handin.missing"
                          : found->second          ? "handin.late"
                                                   : "handin.on_time";
    addForStudent(student, "handin.expected");
    addForStudent(student, outcome);
    const SubjectOfLevel key{classes_.at(class_of_.at(student)).level, subject};
    ReportCell& cell = subjectCell(key);
    cell.values["handin.expected"] += 1;
    cell.values[outcome] += 1;
    subject_students_[key].insert(student);
  }
  return okStatus();
}

Status DayCells::readHandIns() {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, conn_.query("SELECT h.id, h.class_id, h.group_id, s.code FROM homework h JOIN "
                             "subjects s ON s.id = h.subject_id WHERE h.due_on = ? AND "
                             "h.hand_in_expected = 1",
                             day_));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return okStatus();
    const std::int64_t homework = rows.int64(0);
    CARTABLE_ASSIGN_OR_RETURN(
        auto students, homeworkStudents(homework, rows.optionalInt64(1), rows.optionalInt64(2)));
    CARTABLE_RETURN_IF_ERROR(readHandInsOf(homework, rows.text(3), students));
  }
}

// The p-quantile of sorted values, interpolated between the two nearest.
double quantile(const std::vector<double>& sorted, double p) {
  const double position = p * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return sorted[below] + (sorted[above] - sorted[below]) * fraction;
}

double hundredths(double value) {
  return std::round(value * 100) / 100;
}

Status DayCells::readGrades() {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows,
      conn_.query("SELECT sc.student_id, sc.value, e.out_of, su.code FROM evaluations e JOIN "
                  "scores sc ON sc.evaluation_id = e.id JOIN subjects su ON su.id = e.subject_id "
                  "WHERE e.date = ? AND sc.mark = 'score'",
                  day_));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    auto found = class_of_.find(rows.int64(0));
    if (found == class_of_.end()) continue;
    const SubjectOfLevel key{classes_.at(found->second).level, rows.text(3)};
    grades_[key].push_back(static_cast<double>(rows.int64(1)) * 20.0 /
                           static_cast<double>(rows.int64(2)));
    subject_students_[key].insert(found->first);
  }
  for (auto& [key, grades] : grades_) {
    std::sort(grades.begin(), grades.end());
    double sum = 0;
    for (double grade : grades) sum += grade;
    ReportCell& cell = subjectCell(key);
    cell.values["grades.count"] = static_cast<double>(grades.size());
    cell.values["grades.mean"] = hundredths(sum / static_cast<double>(grades.size()));
    cell.values["grades.q1"] = hundredths(quantile(grades, 0.25));
    cell.values["grades.median"] = hundredths(quantile(grades, 0.5));
    cell.values["grades.q3"] = hundredths(quantile(grades, 0.75));
  }
  for (auto& [key, cell] : subjects_) {
    cell.n = static_cast<std::int64_t>(subject_students_[key].size());
  }
  return okStatus();
}

Status DayCells::readDifficulty() {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, conn_.query("SELECT DISTINCT student_id FROM early_warning_alerts WHERE "
                             "first_seen_on <= ?1 AND (cleared_on IS NULL OR cleared_on > ?1)",
                             day_));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return okStatus();
    addForStudent(rows.int64(0), kDifficultyMetric);
  }
}

Status DayCells::readFollowUp() {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, conn_.query("SELECT DISTINCT student_id FROM follow_up_plans WHERE "
                             "created_at < ?1 AND (closed_at IS NULL OR closed_at >= ?1)",
                             end_));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return okStatus();
    addForStudent(rows.int64(0), kFollowUpMetric);
  }
}

template <class... Args>
Result<std::map<std::string, std::int64_t>> DayCells::byRole(std::string_view sql,
                                                             const Args&... args) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, conn_.query(sql, args...));
  std::map<std::string, std::int64_t> counts;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return counts;
    counts[rows.text(0)] = rows.int64(1);
  }
}

Status DayCells::readRoles() {
  constexpr std::string_view kActive =
      "SELECT r.role, count(DISTINCT s.user_id) FROM sessions s JOIN user_roles r ON r.user_id "
      "= s.user_id WHERE (s.created_at >= ?1 AND s.created_at < ?2) OR (s.last_seen_at >= ?1 "
      "AND s.last_seen_at < ?2) GROUP BY r.role";
  CARTABLE_ASSIGN_OR_RETURN(
      auto accounts,
      byRole("SELECT r.role, count(*) FROM user_roles r JOIN users u ON u.id = r.user_id WHERE "
             "u.disabled_at IS NULL GROUP BY r.role"));
  CARTABLE_ASSIGN_OR_RETURN(auto day, byRole(kActive, start_, end_));
  CARTABLE_ASSIGN_OR_RETURN(auto week, byRole(kActive, start_ - 6 * kDay, end_));
  CARTABLE_ASSIGN_OR_RETURN(
      auto sessions,
      byRole("SELECT r.role, count(*) FROM sessions s JOIN user_roles r ON r.user_id = "
             "s.user_id WHERE s.created_at >= ? AND s.created_at < ? GROUP BY r.role",
             start_, end_));
  CARTABLE_ASSIGN_OR_RETURN(
      auto messages,
      byRole("SELECT r.role, count(*) FROM messages m JOIN user_roles r ON r.user_id = "
             "m.author_id WHERE m.created_at >= ? AND m.created_at < ? GROUP BY r.role",
             start_, end_));
  CARTABLE_ASSIGN_OR_RETURN(
      auto shares,
      byRole("SELECT r.role, count(*) FROM document_shares d JOIN user_roles r ON r.user_id = "
             "d.shared_by WHERE d.created_at >= ? AND d.created_at < ? GROUP BY r.role",
             start_, end_));
  for (const char* role : kRoles) {
    ReportCell& cell = roles_[role];
    cell.scope = "role";
    cell.role = role;
    cell.n = accounts[role];
    cell.values[kRoleMetrics[0]] = static_cast<double>(day[role]);
    cell.values[kRoleMetrics[1]] = static_cast<double>(week[role]);
    cell.values[kRoleMetrics[2]] = static_cast<double>(sessions[role]);
    cell.values[kRoleMetrics[3]] = static_cast<double>(messages[role]);
    cell.values[kRoleMetrics[4]] = static_cast<double>(shares[role]);
  }
  return okStatus();
}

Status DayCells::readSchoolWide() {
  const auto count = [&](std::string_view sql) -> Result<double> {
    CARTABLE_ASSIGN_OR_RETURN(auto value, conn_.scalarInt64(sql, start_, end_));
    return static_cast<double>(value.value_or(0));
  };
  CARTABLE_ASSIGN_OR_RETURN(
      school_.values["messages.sent"],
      count("SELECT count(*) FROM messages WHERE created_at >= ? AND created_at < ?"));
  CARTABLE_ASSIGN_OR_RETURN(
      school_.values["documents.shared"],
      count("SELECT count(*) FROM document_shares WHERE created_at >= ? AND created_at < ?"));
  CARTABLE_ASSIGN_OR_RETURN(
      school_.values["helpdesk.opened"],
      count("SELECT count(*) FROM helpdesk_tickets WHERE created_at >= ? AND created_at < ?"));
  CARTABLE_ASSIGN_OR_RETURN(
      auto open, conn_.scalarInt64("SELECT count(*) FROM helpdesk_tickets WHERE created_at < ? "
                                   "AND status NOT IN ('resolved', 'closed')",
                                   end_));
  school_.values["helpdesk.open"] = static_cast<double>(open.value_or(0));
  return okStatus();
}

void addRate(ReportCell& cell) {
  const double expected = cell.values["attendance.expected"];
  if (expected > 0) {
    cell.values["attendance.rate"] = 1 - cell.values["attendance.absent"] / expected;
  }
}

std::vector<ReportCell> DayCells::take() {
  std::vector<ReportCell> cells;
  addRate(school_);
  cells.push_back(std::move(school_));
  for (auto& [level, cell] : levels_) {
    addRate(cell);
    cells.push_back(std::move(cell));
  }
  for (auto& [id, cell] : class_cells_) {
    addRate(cell);
    cells.push_back(std::move(cell));
  }
  for (auto& [key, cell] : subjects_) cells.push_back(std::move(cell));
  for (auto& [role, cell] : roles_) cells.push_back(std::move(cell));
  return cells;
}

}  // namespace

Result<std::vector<ReportCell>> computeReportCells(storage::Connection& conn, civil::Day day) {
  DayCells cells(conn, day);
  CARTABLE_RETURN_IF_ERROR(cells.readEnrollment());
  CARTABLE_RETURN_IF_ERROR(cells.readAttendance());
  CARTABLE_RETURN_IF_ERROR(cells.readHomeworkPosted());
  CARTABLE_RETURN_IF_ERROR(cells.readHandIns());
  CARTABLE_RETURN_IF_ERROR(cells.readGrades());
  CARTABLE_RETURN_IF_ERROR(cells.readDifficulty());
  CARTABLE_RETURN_IF_ERROR(cells.readFollowUp());
  CARTABLE_RETURN_IF_ERROR(cells.readRoles());
  CARTABLE_RETURN_IF_ERROR(cells.readSchoolWide());
  return cells.take();
}

}  // namespace cartable::reporting
