#include "federation/hub/dashboard_sql.h"

#include "federation/hub/reports.h"
#include "federation/hub/school_months.h"

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

// The region's and a department's sums come from the totals kept per
// department and day (area_days.h); a school's from its own cells.
bool fromAreaDays(const Area& area) { return area.level != AreaLevel::school; }

std::string areaDaysWhere(const Area& area, const std::string& scope,
                          const std::vector<std::string>& metrics) {
  return " FROM regional_area_days WHERE scope = '" + scope + "' AND metric IN (" +
         metricsSql(metrics) + ") AND day BETWEEN ?1 AND ?2" + areaSql(area);
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
  const std::string sql =
      fromAreaDays(area) && scope == "school"
          ? "SELECT metric, day, sum(value_sum), sum(n_sum), sum(cells)" +
                areaDaysWhere(area, scope, metrics)
          : "SELECT metric, day, sum(value), sum(n), count(*)" +
                valuesWhere(area, range, scope, metrics);
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query(sql + " GROUP BY metric, day", range.from, range.to, area.key));
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
  const std::string sql = fromAreaDays(area)
                              ? "SELECT part, metric, day, sum(value_sum), sum(n_sum), sum(cells)" +
                                    areaDaysWhere(area, "role", metrics) +
                                    " GROUP BY part, metric, day"
                              : "SELECT role, metric, day, sum(value), sum(n), count(*)" +
                                    valuesWhere(area, range, "role", metrics) +
                                    " GROUP BY role, metric, day";
  CARTABLE_ASSIGN_OR_RETURN(auto stmt, conn.query(sql, range.from, range.to, area.key));
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

namespace {

const std::vector<std::string> kGradeMetrics = {"grades.count", "grades.mean", "grades.q1",
                                                "grades.median", "grades.q3"};

// A school's: one row per subject cell first (its count beside its mean and
// quartiles), then per subject each figure's mean weighted by the counts of
// the cells that give it.
std::string schoolGradesSql(const DayRange& range) {
  const std::string cells =
      "SELECT subject, sum(CASE metric WHEN 'grades.count' THEN value END) AS c, "
      "sum(CASE metric WHEN 'grades.mean' THEN value END) AS m, "
      "sum(CASE metric WHEN 'grades.q1' THEN value END) AS a, "
      "sum(CASE metric WHEN 'grades.median' THEN value END) AS b, "
      "sum(CASE metric WHEN 'grades.q3' THEN value END) AS d" +
      valuesWhere({AreaLevel::school, ""}, range, "subject", kGradeMetrics) +
      " GROUP BY uai, day, level, subject";
  auto weighted = [](const char* figure) {
    return std::string(", sum(c * ") + figure + ") / sum(CASE WHEN " + figure +
           " IS NOT NULL THEN c END)";
  };
  return "SELECT subject, sum(c)" + weighted("m") + weighted("a") + weighted("b") + weighted("d") +
         " FROM (" + cells + ") WHERE c > 0 GROUP BY subject ORDER BY subject";
}

// The region's or a department's, from the weighted sums kept per day.
std::string areaGradesSql(const Area& area) {
  auto weighted = [](const char* metric) {
    return std::string(", sum(CASE metric WHEN '") + metric +
           "' THEN weighted_sum END) / sum(CASE metric WHEN '" + metric + "' THEN weight_sum END)";
  };
  return "SELECT part, sum(CASE metric WHEN 'grades.count' THEN value_sum END)" +
         weighted("grades.mean") + weighted("grades.q1") + weighted("grades.median") +
         weighted("grades.q3") + areaDaysWhere(area, "subject", kGradeMetrics) +
         " GROUP BY part ORDER BY part";
}

}  // namespace

Result<std::vector<GradeSummary>> gradeSummaries(storage::Connection& conn, const Area& area,
                                                 const DayRange& range) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query(fromAreaDays(area) ? areaGradesSql(area) : schoolGradesSql(range),
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

const std::vector<std::string> kChildMetrics = {"attendance.expected", "attendance.absent",
                                                "handin.expected", "handin.on_time"};

// A department's schools with a report in the range: one seek per school
// the hub knows into the reports' covering index (school year, department,
// uai, day), cheaper than reading the department's entries for DISTINCT.
std::string schoolsOfDepartmentSql(const DayRange& range) {
  return "SELECT f.uai FROM federation_schools f WHERE EXISTS (SELECT 1 FROM regional_reports r "
         "WHERE r.school_year IN (" +
         schoolYearsSql(range) +
         ") AND r.department = ?3 AND r.uai = f.uai AND r.day BETWEEN ?1 AND ?2)";
}

// Per school of the department and metric (and role for role cells): Σ value,
// Σ n, cells. Whole months come from the school's monthly totals
// (school_months.h), the days at either end from its cells; both are read
// along each school's primary key (uai, scope or metric, ...). The unary +
// keeps the planner off the department indexes, through which every row
// would cost a lookup into the table.
std::string departmentSchoolsSql(const DayRange& range, const std::string& scope,
                                 const std::vector<std::string>& metrics,
                                 const std::string& roles) {
  const MonthSplit split = splitByMonths(range);
  // The same cells of the same schools from either table; `part` is the
  // column holding the role.
  auto where = [&](const std::string& part) {
    return " WHERE uai IN (" + schoolsOfDepartmentSql(range) + ") AND metric IN (" +
           metricsSql(metrics) + ") AND scope = '" + scope + "' AND +department = ?3" +
           (roles.empty() ? "" : " AND " + part + " IN (" + roles + ")");
  };
  std::vector<std::string> parts;
  if (!emptyRange(split.months)) {
    parts.push_back("SELECT uai, metric, part AS role, value_sum AS v, n_sum AS n, cells AS c "
                    "FROM regional_school_months" +
                    where("part") + " AND month BETWEEN '" + split.months.from + "' AND '" +
                    split.months.to + "'");
  }
  for (const DayRange& days : {split.head, split.tail}) {
    if (emptyRange(days)) continue;
    parts.push_back("SELECT uai, metric, role, value AS v, n, 1 AS c FROM regional_report_values" +
                    where("role") + " AND day BETWEEN '" + days.from + "' AND '" + days.to + "'");
  }
  std::string all;
  for (const std::string& part : parts) all += (all.empty() ? "" : " UNION ALL ") + part;
  const std::string child = scope == "role" ? "role" : "metric";
  return "SELECT uai, " + child + ", sum(v), sum(n), sum(c) FROM (" + all + ") GROUP BY uai, " +
         child;
}

// Per child and metric: Σ value, Σ n, cells. A region's children are its
// departments (their totals per day), a department's its schools, a
// school's its levels (their cells).
std::string childCellsSql(const Area& area, const DayRange& range) {
  switch (area.level) {
    case AreaLevel::region:
      return "SELECT department, metric, sum(value_sum), sum(n_sum), sum(cells)" +
             areaDaysWhere(area, "school", kChildMetrics) + " GROUP BY department, metric";
    case AreaLevel::department:
      return departmentSchoolsSql(range, "school", kChildMetrics, "");
    case AreaLevel::school:
      break;
  }
  return "SELECT level, metric, sum(value), sum(n), count(*)" +
         valuesWhere(area, range, "level", kChildMetrics) + " GROUP BY level, metric";
}

// Per child (department or school) and role: the weekly active students and
// teachers.
std::string childRolesSql(const Area& area, const DayRange& range) {
  const std::vector<std::string> metric = {"adoption.active_week"};
  if (area.level == AreaLevel::region) {
    return "SELECT department, part, sum(value_sum), sum(n_sum), sum(cells)" +
           areaDaysWhere(area, "role", metric) +
           " AND part IN ('student', 'teacher') GROUP BY department, part";
  }
  return departmentSchoolsSql(range, "role", metric, "'student', 'teacher'");
}

Status readChildCells(storage::Connection& conn, const Area& area, const DayRange& range,
                      std::map<std::string, ChildSums>& children) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query(childCellsSql(area, range), range.from, range.to, area.key));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    ChildSums& child = children[stmt.text(0)];
    child.school[stmt.text(1)][""] = {stmt.real(2), stmt.real(3), static_cast<int>(stmt.int64(4))};
    child.schools = 1;  // a school, or one of its levels; a department's are counted below
  }
  return okStatus();
}

// The schools of each department with a report in the range.
Status countDepartmentSchools(storage::Connection& conn, const DayRange& range,
                              std::map<std::string, ChildSums>& children) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT department, count(*) FROM (SELECT DISTINCT department, uai "
                            "FROM regional_reports WHERE school_year IN (" +
                                schoolYearsSql(range) +
                                ") AND day BETWEEN ?1 AND ?2) GROUP BY department",
                            range.from, range.to));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool row, stmt.step());
    if (!row) break;
    auto found = children.find(stmt.text(0));
    if (found != children.end()) found->second.schools = static_cast<int>(stmt.int64(1));
  }
  return okStatus();
}

Status readChildRoles(storage::Connection& conn, const Area& area, const DayRange& range,
                      std::map<std::string, ChildSums>& children) {
  if (area.level == AreaLevel::school) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query(childRolesSql(area, range), range.from, range.to, area.key));
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
  if (area.level == AreaLevel::region)
    CARTABLE_RETURN_IF_ERROR(countDepartmentSchools(conn, range, children));
  CARTABLE_RETURN_IF_ERROR(readChildRoles(conn, area, range, children));
  if (area.level == AreaLevel::department)
    CARTABLE_RETURN_IF_ERROR(readSchoolNames(conn, children));
  return children;
}

}  // namespace cartable::federation::hub::detail
