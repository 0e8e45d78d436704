#include "tests/tools/report_sim/simulated_reports.h"

#include <algorithm>
#include <cmath>

#include "reporting/report_metrics.h"
#include "reporting/suppression.h"
#include "tests/tools/generator/dice.h"

namespace cartable::report_sim {

namespace {

using generator::Dice;
using reporting::DailyReport;
using reporting::ReportCell;

constexpr const char* kSubjects[] = {"FRANC", "MATHS", "HIGEO", "ANGL1", "SVT", "PHYCH"};

// Where a day falls in its school year, from 0 (1 September) to 1 (early July).
double yearFraction(civil::Day day) {
  const std::chrono::year_month_day ymd{day};
  const int start_year = static_cast<unsigned>(ymd.month()) >= 9 ? static_cast<int>(ymd.year())
                                                                 : static_cast<int>(ymd.year()) - 1;
  const civil::Day start = std::chrono::year{start_year} / std::chrono::September / 1;
  return std::clamp((day - start).count() / 306.0, 0.0, 1.0);
}

double noise(Dice& dice, double spread) {
  return 1 + spread * (static_cast<double>(dice.below(2'000'001)) / 1e6 - 1);
}

// Winter colds peak late January; Mondays and Fridays are missed more.
double absenceFactor(civil::Day day) {
  const double fraction = yearFraction(day);
  const double winter = 0.45 * std::exp(-std::pow((fraction - 0.47) / 0.12, 2));
  constexpr double kWeekday[] = {0, 1.12, 0.97, 0.9, 0.98, 1.15};
  return (1 + winter + 0.2 * fraction) * kWeekday[civil::isoWeekday(day) % 6];
}

struct DayShape {
  double lessons = 0;     // lessons per student that day
  double roll_share = 0;  // of them, those whose roll is called in the workspace
  double absence = 0;
  double on_time = 0;  // share of hand-ins on time
  double adoption = 0;
  double fraction = 0;
};

DayShape shapeOf(const SimulatedSchool& school, civil::Day day) {
  DayShape shape;
  const bool wednesday = civil::isoWeekday(day) == 3;
  const bool lycee = school.kind == SchoolKind::lycee;
  shape.lessons = wednesday ? (lycee ? 4 : 3) : (lycee ? 7 : 6);
  shape.roll_share = school.low_adoption ? 0.55 : 0.97;
  shape.absence = school.absence_base * absenceFactor(day);
  shape.fraction = yearFraction(day);
  // Hand-ins slip as each trimester wears on, and recover after the holidays.
  const double trimester = std::fmod(shape.fraction * 3, 1.0);
  shape.on_time = (school.low_adoption ? 0.62 : 0.8) - 0.08 * trimester;
  shape.adoption = std::min(0.9, school.adoption + school.adoption_gain * shape.fraction);
  return shape;
}

double count(double value) {
  return std::max(0.0, std::round(value));
}

// The student figures of `students` students; summed into the cells above.
void fillStudentMetrics(Dice& dice, const SimulatedSchool& school, const DayShape& shape,
                        double students, double classes, ReportCell& cell) {
  auto& v = cell.values;
  const double expected = count(students * shape.lessons * shape.roll_share * noise(dice, 0.03));
  const double absent = count(expected * shape.absence * noise(dice, 0.25));
  v["attendance.expected"] = expected;
  v["attendance.absent"] = absent;
  v["attendance.late"] = count(expected * 0.012 * noise(dice, 0.4));
  v["attendance.rate"] = expected > 0 ? 1 - absent / expected : 0;
  const double half_days = count(absent / (shape.lessons / 2) * noise(dice, 0.1));
  v["absence.half_days"] = half_days;
  v["absence.unjustified_half_days"] = count(half_days * 0.28 * noise(dice, 0.4));
  const double handins = count(students * 0.25 * school.homework_habit * noise(dice, 0.3));
  const double on_time = count(handins * std::min(0.97, shape.on_time * noise(dice, 0.06)));
  const double late = count((handins - on_time) * 0.35);
  v["handin.expected"] = handins;
  v["handin.on_time"] = on_time;
  v["handin.late"] = late;
  v["handin.missing"] = handins - on_time - late;
  v["homework.posted"] = count(classes * school.homework_habit * noise(dice, 0.5));
}

void addInto(ReportCell& total, const ReportCell& part) {
  total.n += part.n;
  for (const auto& [metric, value] : part.values) total.values[metric] += value;
}

void setRate(ReportCell& cell) {
  const double expected = cell.values["attendance.expected"];
  cell.values["attendance.rate"] =
      expected > 0 ? 1 - cell.values["attendance.absent"] / expected : 0;
}

ReportCell subjectCell(Dice& dice, const std::string& level, const char* subject, double students) {
  ReportCell cell;
  cell.scope = "subject";
  cell.level = level;
  cell.subject = subject;
  cell.n = static_cast<std::int64_t>(students);
  const double mean = std::clamp(11.5 + 1.5 * (noise(dice, 1) - 1) * 2, 6.0, 17.0);
  cell.values["grades.count"] = count(students);
  cell.values["grades.mean"] = std::round(mean * 100) / 100;
  cell.values["grades.q1"] = std::round((mean - 2.6) * 100) / 100;
  cell.values["grades.median"] = std::round((mean + 0.3) * 100) / 100;
  cell.values["grades.q3"] = std::round(std::min(20.0, mean + 2.9) * 100) / 100;
  return cell;
}

// One level's cell, and its classes and graded subjects in full detail.
void addLevel(Dice& dice, const SimulatedSchool& school, const DayShape& shape,
              const std::string& level, int level_students, int level_classes, ReportDetail detail,
              std::vector<ReportCell>& cells, ReportCell& total) {
  ReportCell level_cell;
  level_cell.scope = "level";
  level_cell.level = level;
  for (int c = 0; c < level_classes; ++c) {
    ReportCell class_cell;
    class_cell.scope = "class";
    class_cell.level = level;
    class_cell.class_code = level.substr(0, 1) + static_cast<char>('A' + c);
    class_cell.n = level_students / level_classes + (c < level_students % level_classes ? 1 : 0);
    fillStudentMetrics(dice, school, shape, static_cast<double>(class_cell.n), 1, class_cell);
    addInto(level_cell, class_cell);
    if (detail == ReportDetail::full) cells.push_back(std::move(class_cell));
  }
  setRate(level_cell);
  if (detail == ReportDetail::full) {
    for (const char* subject : kSubjects) {
      if (dice.chance(30)) {
        cells.push_back(subjectCell(dice, level, subject, level_students / level_classes * 1.0));
      }
    }
  }
  addInto(total, level_cell);
  cells.push_back(std::move(level_cell));
}

void addRoles(Dice& dice, const SimulatedSchool& school, const DayShape& shape,
              std::vector<ReportCell>& cells) {
  struct Role {
    const char* name;
    int accounts;
    double activity;  // relative to the school's adoption
    double messages, documents;
  };
  const Role roles[] = {{"student", school.students, 1.0, 0.05, 0.01},
                        {"parent", school.parents, 0.55, 0.04, 0},
                        {"teacher", school.teachers, 1.7, 1.2, 0.4},
                        {"staff", school.staff, 1.8, 2.5, 0.3},
                        {"admin", school.admins, 2.0, 1.0, 0.5}};
  for (const Role& role : roles) {
    ReportCell cell;
    cell.scope = "role";
    cell.role = role.name;
    cell.n = role.accounts;
    const double day_share = std::min(0.95, shape.adoption * role.activity * noise(dice, 0.15));
    const double active = count(role.accounts * day_share);
    cell.values["adoption.active_day"] = active;
    cell.values["adoption.active_week"] = std::min<double>(role.accounts, count(active * 2.1));
    cell.values["adoption.sessions"] = count(active * 1.6 * noise(dice, 0.2));
    cell.values["messages.sent"] = count(active * role.messages * noise(dice, 0.5));
    cell.values["documents.shared"] = count(active * role.documents * noise(dice, 0.5));
    cells.push_back(std::move(cell));
  }
}

}  // namespace

DailyReport simulatedReport(const SimulatedSchool& school, const ReportRequest& request) {
  Dice dice(request.seed * 1'000'003 + static_cast<std::uint64_t>(school.index) * 7919 +
            static_cast<std::uint64_t>(request.day.time_since_epoch().count()));
  const DayShape shape = shapeOf(school, request.day);
  DailyReport report;
  report.uai = school.uai;
  report.day = civil::formatDay(request.day);
  report.k = request.k;
  report.generated_at = request.generated_at;
  ReportCell total;
  total.scope = "school";
  const int levels = static_cast<int>(school.levels.size());
  for (int i = 0; i < levels; ++i) {
    const int students = school.students / levels + (i < school.students % levels ? 1 : 0);
    const int classes = school.classes / levels + (i < school.classes % levels ? 1 : 0);
    addLevel(dice, school, shape, school.levels[static_cast<std::size_t>(i)], students,
             std::max(1, classes), request.detail, report.cells, total);
  }
  setRate(total);
  total.values["messages.sent"] = 0;
  addRoles(dice, school, shape, report.cells);
  for (const ReportCell& cell : report.cells) {
    if (cell.scope == "role") total.values["messages.sent"] += cell.values.at("messages.sent");
  }
  total.values["documents.shared"] = count(school.teachers * shape.adoption * noise(dice, 0.5));
  total.values["helpdesk.opened"] = count(shape.adoption * 2 * noise(dice, 1));
  total.values["helpdesk.open"] = count(3 + 4 * shape.adoption * noise(dice, 0.5));
  report.cells.insert(report.cells.begin(), std::move(total));
  report.suppressed = reporting::suppressSmallCells(report.cells, request.k);
  report.unavailable = {reporting::kDifficultyMetric};
  return report;
}

}  // namespace cartable::report_sim
