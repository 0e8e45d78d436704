#include "federation/hub/dashboard_sql.h"

#include "federation/hub/reports.h"

namespace cartable::federation::hub::detail {
namespace {

// The area's condition on a table with uai and department columns; ?3 is
// always the area's key (empty for the region) so every query binds the same.
std::string areaSql(const Area& area) {
  switch (area.level) {
    case AreaLevel::region:
      return " AND ?3 = ''";
    case AreaLevel::department:
      return " AND department = ?3";
    case AreaLevel::school:
      return " AND uai = ?3";
  }
  return " AND ?3 = ''";
}

// metric names are fixed in the program; quoted as literals.
std::string metricsSql(const std::vector<std::string>& metrics) {
  std::string out;
  for (const auto& metric : metrics) out += (out.empty() ? "'" : ",'") + metric + "'";
  return out;
}

std::string valuesWhere(const Area& area, const DayRange& range, const std::string& scope,
                        const std::vector<std::string>& metrics) {
  return " FROM regional_report_values WHERE metric IN (" + metricsSql(metrics) +
         ") AND scope = '" + scope + "' AND school_year IN (" + schoolYearsSql(range) +
         ") AND day BETWEEN ?1 AND ?2" + areaSql(area);
}

}  // namespace

std::string schoolYearsSql(const DayRange& range) {
  const std::string first = schoolYearOf(range.from);
  const std::string last = schoolYearOf(range.to);
  std::string out;
  for (int start = std::stoi(first.substr(0, 4)); start <= std::stoi(last.substr(0, 4)); ++start) {
    out +=
        (out.empty() ? "'" : ",'") + std::to_string(start) + "-" + std::to_string(start + 1) + "'";
  }
  return out;
}

Result<DaySums> cellSums(storage::Connection& conn, const Area& area, const DayRange& range,
                         const std::string& scope, const std::vector<std::string>& metrics) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT metric, day, sum(value), sum(n), count(*)" +
                                valuesWhere(area, range, scope, metrics) + " GROUP BY metric, day",
                            range.from, range.to, area.key));
  DaySums sums;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    sums[stmt.text(0)][stmt.text(1)] = {stmt.real(2), stmt.real(3),
                                        static_cast<int>(stmt.int64(4))};
  }
  return sums;
}

Result<std::map<std::string, DaySums>> roleSums(storage::Connection& conn, const Area& area,
                                                const DayRange& range,
                                                const std::vector<std::string>& metrics) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT role, metric, day, sum(value), sum(n), count(*)" +
                     valuesWhere(area, range, "role", metrics) + " GROUP BY role, metric, day",
                 range.from, range.to, area.key));
  std::map<std::string, DaySums> sums;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    sums[stmt.text(0)][stmt.text(1)][stmt.text(2)] = {stmt.real(3), stmt.real(4),
                                                      static_cast<int>(stmt.int64(5))};
  }
  return sums;
}

Result<std::pair<int, int>> reportCounts(storage::Connection& conn, const Area& area,
                                         const DayRange& range) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT count(DISTINCT uai), count(*) FROM regional_reports WHERE "
                 "school_year IN (" +
                     schoolYearsSql(range) + ") AND day BETWEEN ?1 AND ?2" + areaSql(area),
                 range.from, range.to, area.key));
  CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
  if (!row) return std::pair<int, int>(0, 0);
  return std::pair<int, int>(static_cast<int>(stmt.int64(0)), static_cast<int>(stmt.int64(1)));
}

Result<std::vector<GradeSummary>> gradeSummaries(storage::Connection& conn, const Area& area,
                                                 const DayRange& range) {
  // One row per subject cell first (its count beside its mean and quartiles),
  // then the count-weighted means per subject.
  const std::string cells =
      "SELECT subject, sum(CASE metric WHEN 'grades.count' THEN value END) AS c, "
      "sum(CASE metric WHEN 'grades.mean' THEN value END) AS m, "
      "sum(CASE metric WHEN 'grades.q1' THEN value END) AS a, "
      "sum(CASE metric WHEN 'grades.median' THEN value END) AS b, "
      "sum(CASE metric WHEN 'grades.q3' THEN value END) AS d" +
      valuesWhere(area, range, "subject",
                  {"grades.count", "grades.mean", "grades.q1", "grades.median", "grades.q3"}) +
      " GROUP BY uai, day, level, subject";
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT subject, sum(c), sum(c * m) / sum(c), sum(c * a) / sum(c), "
                            "sum(c * b) / sum(c), sum(c * d) / sum(c) FROM (" +
                                cells + ") WHERE c > 0 GROUP BY subject ORDER BY subject",
                            range.from, range.to, area.key));
  std::vector<GradeSummary> grades;
  auto optional = [&](int column) {
    return stmt.isNull(column) ? std::nullopt : std::optional<double>(stmt.real(column));
  };
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    grades.push_back(
        {stmt.text(0), stmt.real(1), optional(2), optional(3), optional(4), optional(5)});
  }
  return grades;
}

namespace {

// The column naming the level below `area`, and the scope of its cells.
std::pair<std::string, std::string> childColumn(const Area& area) {
  switch (area.level) {
    case AreaLevel::region:
      return {"department", "school"};
    case AreaLevel::department:
      return {"uai", "school"};
    case AreaLevel::school:
      return {"level", "level"};
  }
  return {"department", "school"};
}

Status readChildCells(storage::Connection& conn, const Area& area, const DayRange& range,
                      std::map<std::string, ChildSums>& children) {
  const auto [column, scope] = childColumn(area);
  const std::vector<std::string> metrics = {"attendance.expected", "attendance.absent",
                                            "handin.expected", "handin.on_time"};
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT " + column + ", metric, sum(value), sum(n), count(*), " +
                                "count(DISTINCT uai)" + valuesWhere(area, range, scope, metrics) +
                                " GROUP BY " + column + ", metric",
                            range.from, range.to, area.key));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    ChildSums& child = children[stmt.text(0)];
    child.school[stmt.text(1)][""] = {stmt.real(2), stmt.real(3), static_cast<int>(stmt.int64(4))};
    child.schools = std::max(child.schools, static_cast<int>(stmt.int64(5)));
  }
  return okStatus();
}

Status readChildRoles(storage::Connection& conn, const Area& area, const DayRange& range,
                      std::map<std::string, ChildSums>& children) {
  if (area.level == AreaLevel::school) return okStatus();
  const std::string column = childColumn(area).first;
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT " + column + ", role, sum(value), sum(n), count(*)" +
                                valuesWhere(area, range, "role", {"adoption.active_week"}) +
                                " AND role IN ('student', 'teacher') GROUP BY " + column + ", role",
                            range.from, range.to, area.key));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    auto found = children.find(stmt.text(0));
    if (found == children.end()) continue;
    found->second.roles[stmt.text(1)]["adoption.active_week"][""] = {
        stmt.real(2), stmt.real(3), static_cast<int>(stmt.int64(4))};
  }
  return okStatus();
}

Status readSchoolNames(storage::Connection& conn, std::map<std::string, ChildSums>& children) {
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query("SELECT uai, name FROM federation_schools"));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    auto found = children.find(stmt.text(0));
    if (found != children.end()) found->second.name = stmt.text(1);
  }
  return okStatus();
}

}  // namespace

Result<std::map<std::string, ChildSums>> childSums(storage::Connection& conn, const Area& area,
                                                   const DayRange& range) {
  std::map<std::string, ChildSums> children;
  CARTABLE_RETURN_IF_ERROR(readChildCells(conn, area, range, children));
  CARTABLE_RETURN_IF_ERROR(readChildRoles(conn, area, range, children));
  if (area.level == AreaLevel::department)
    CARTABLE_RETURN_IF_ERROR(readSchoolNames(conn, children));
  return children;
}

}  // namespace cartable::federation::hub::detail
