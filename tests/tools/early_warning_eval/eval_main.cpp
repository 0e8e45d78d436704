// cartable-early-warning-eval: runs the early-warning detector on a generated
// school whose at-risk trajectories are known, and prints precision and
// recall per level against the target (recall >= 0.8 at precision >= 0.6).
#include <stdlib.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/auth/password.h"
#include "core/base/civil_date.h"
#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "early_warning/alerts.h"
#include "early_warning/indicators.h"
#include "schema/schema.h"
#include "tests/tools/early_warning_eval/evaluation.h"
#include "tests/tools/generator/risk_labels.h"
#include "tests/tools/generator/school_generator.h"
#include "tests/tools/generator/school_timetable.h"

namespace {

using cartable::Errc;
using cartable::Result;
using cartable::Status;
using cartable::early_warning_eval::Evaluation;
using cartable::early_warning_eval::Score;

constexpr double kTargetRecall = 0.8;
constexpr double kTargetPrecision = 0.6;

constexpr std::string_view kUsage =
    "usage: cartable-early-warning-eval [--students N] [--classes N] [--teachers N] [--seed S]\n"
    "                                   [--until YYYY-MM-DD] [--keep DIR]\n"
    "                                   [--min-recall X] [--min-precision X] [--dump CSV]\n"
    "                                   [--rule evidence|thresholds]\n"
    "   or: cartable-early-warning-eval --database FILE --on YYYY-MM-DD [--labels FILE]\n"
    "Generates a school (default 600 students, 24 classes, 50 teachers) with at-risk\n"
    "trajectories planted, lives its year up to --until (default 2026-12-11), runs the\n"
    "early-warning detector on that day and prints precision and recall per level against\n"
    "the planted labels. With --database, evaluates a school made by\n"
    "`cartable-generate --at-risk yes` (labels: FILE.labels.csv). Exits 1 when the overall\n"
    "recall or precision falls under --min-recall or --min-precision (default 0).\n"
    "--dump writes each student's indicators, usual values, weeks with signs and label\n"
    "to CSV (to study the rule offline; the detector never reads the labels).\n"
    "--rule sets the school's rule before detecting (default: the school's own, the\n"
    "evidence rule unless changed), to compare the two rules on the same school.\n";

struct Command {
  cartable::generator::GeneratorOptions school;
  std::string until = "2026-12-11";
  std::optional<std::string> database, labels, keep, dump;
  std::optional<cartable::early_warning::RuleKind> rule;
  double min_recall = 0, min_precision = 0;
};

cartable::Error usage(const std::string& message) {
  return cartable::makeError(Errc::invalid_argument, message);
}

template <class Number>
Status number(std::string_view flag, std::string_view text, Number& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return usage("flag " + std::string(flag) + " expects a number, got \"" + std::string(text) +
                 "\"");
  }
  return cartable::okStatus();
}

Status setFlag(Command& c, std::string_view flag, std::string_view value) {
  if (flag == "--students") return number(flag, value, c.school.students);
  if (flag == "--classes") return number(flag, value, c.school.classes);
  if (flag == "--teachers") return number(flag, value, c.school.teachers);
  if (flag == "--seed") return number(flag, value, c.school.seed);
  if (flag == "--min-recall") return number(flag, value, c.min_recall);
  if (flag == "--min-precision") return number(flag, value, c.min_precision);
  if (flag == "--until" || flag == "--on") {
    if (!cartable::civil::parseDay(value)) return usage(std::string(flag) + " expects a date");
    c.until = value;
  } else if (flag == "--database") {
    c.database = value;
  } else if (flag == "--labels") {
    c.labels = value;
  } else if (flag == "--dump") {
    c.dump = value;
  } else if (flag == "--rule") {
    c.rule = cartable::early_warning::parseRule(value);
    if (!c.rule) return usage("--rule expects evidence or thresholds");
  } else if (flag == "--keep") {
    c.keep = value;
  } else {
    return usage("unknown flag \"" + std::string(flag) + "\"");
  }
  return cartable::okStatus();
}

Result<Command> parse(int argc, char** argv) {
  Command c;
  c.school.students = 600;
  c.school.classes = 24;
  c.school.teachers = 50;
  for (int i = 1; i < argc; i += 2) {
    if (i + 1 >= argc) return usage("flag " + std::string(argv[i]) + " needs a value");
    CARTABLE_RETURN_IF_ERROR(setFlag(c, argv[i], argv[i + 1]));
  }
  return c;
}

cartable::Seconds evening(const std::string& date) {
  return cartable::Seconds{cartable::civil::parseDay(date)->time_since_epoch().count()} * 86400 +
         21 * 3600;
}

// A fresh database holding the generated school and its year up to `until`.
Result<std::vector<cartable::generator::RiskLabel>> generate(const Command& c,
                                                             const std::string& path) {
  namespace gen = cartable::generator;
  const auto& clock = cartable::SystemClock::instance();
  CARTABLE_ASSIGN_OR_RETURN(auto school, gen::generateSchool(c.school));
  CARTABLE_ASSIGN_OR_RETURN(auto db, cartable::storage::Database::open(path));
  CARTABLE_RETURN_IF_ERROR(
      cartable::storage::applyMigrations(*db, cartable::schema::migrations(), clock));
  CARTABLE_ASSIGN_OR_RETURN(auto hash, cartable::auth::hashPassword("evaluation", {8, 1}));
  CARTABLE_RETURN_IF_ERROR(gen::writeSchool(*db, school, hash, clock.now()));
  CARTABLE_RETURN_IF_ERROR(gen::writeTimetable(*db, school));
  gen::YearOptions year;
  year.until = c.until;
  year.plant_at_risk = true;
  CARTABLE_ASSIGN_OR_RETURN(auto lived, gen::writeSchoolYear(*db, school, year));
  return lived.risk_labels;
}

struct Detection {
  std::map<std::int64_t, int> levels;
  cartable::early_warning::RunSummary run;
  std::int64_t millis = 0;
};

Result<Detection> detect(const std::string& path, const std::string& on,
                         std::optional<cartable::early_warning::RuleKind> rule) {
  namespace ew = cartable::early_warning;
  CARTABLE_ASSIGN_OR_RETURN(auto db, cartable::storage::Database::open(path));
  Detection out;
  const std::int64_t started = cartable::SystemClock::instance().monotonicMillis();
  CARTABLE_RETURN_IF_ERROR(db->write([&](cartable::storage::Connection& conn) -> Status {
    if (rule) {
      CARTABLE_ASSIGN_OR_RETURN(auto thresholds, ew::loadThresholds(conn));
      thresholds.rule = *rule;
      CARTABLE_ASSIGN_OR_RETURN(auto admin, conn.query("SELECT min(id) FROM users"));
      CARTABLE_ASSIGN_OR_RETURN(bool found, admin.step());
      if (!found) return cartable::makeError(Errc::failed_precondition, "no user");
      CARTABLE_RETURN_IF_ERROR(ew::saveThresholds(conn, thresholds, admin.int64(0), evening(on)));
    }
    CARTABLE_ASSIGN_OR_RETURN(out.run, cartable::early_warning::computeAlerts(conn, evening(on)));
    return cartable::okStatus();
  }));
  out.millis = cartable::SystemClock::instance().monotonicMillis() - started;
  return db->read([&](cartable::storage::Connection& conn) -> Status {
             CARTABLE_ASSIGN_OR_RETURN(auto rows,
                                       conn.query("SELECT student_id, level FROM "
                                                  "early_warning_alerts WHERE cleared_on IS NULL"));
             for (;;) {
               CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
               if (!more) return cartable::okStatus();
               out.levels[rows.int64(0)] = static_cast<int>(rows.int64(1));
             }
           }).ok()
             ? Result<Detection>(out)
             : cartable::makeError(Errc::internal, "cannot read the alerts");
}

std::string cell(const std::optional<std::int64_t>& value) {
  return value ? std::to_string(*value) : "";
}

// One line per student assessed: the label (or "none"), the indicators, the
// usual values and the weeks with signs.
Status dumpIndicators(const std::string& path, const std::string& on,
                      const std::vector<cartable::generator::RiskLabel>& labels,
                      const std::string& csv) {
  namespace ew = cartable::early_warning;
  std::map<std::int64_t, const cartable::generator::RiskLabel*> by_student;
  for (const auto& label : labels) by_student[label.student_id] = &label;
  CARTABLE_ASSIGN_OR_RETURN(auto db, cartable::storage::Database::open(path));
  std::vector<ew::StudentIndicators> students;
  CARTABLE_RETURN_IF_ERROR(db->read([&](cartable::storage::Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(students,
                              ew::computeIndicators(conn, *cartable::civil::parseDay(on)));
    return cartable::okStatus();
  }));
  std::ofstream out(csv);
  out << "student_id,class_id,kind,strength,weeks_with_signs";
  for (ew::Indicator i : ew::kIndicators) out << "," << ew::indicatorName(i);
  for (ew::Indicator i : ew::kIndicators) out << ",usual." << ew::indicatorName(i);
  for (ew::Indicator i : ew::kIndicators) {
    for (int w = 0; w < ew::kWindowWeeks; ++w) out << ",w" << w << "." << ew::indicatorName(i);
  }
  for (ew::Indicator i : ew::kIndicators) out << ",earlier." << ew::indicatorName(i);
  out << ",recent_grades,earlier_grades\n";
  for (const auto& s : students) {
    const auto label = by_student.find(s.student_id);
    const bool labelled = label != by_student.end();
    out << s.student_id << "," << s.class_id << "," << (labelled ? label->second->kind : "none")
        << "," << (labelled ? label->second->strength : 0.0) << "," << s.weeks_with_signs;
    for (ew::Indicator i : ew::kIndicators) out << "," << cell(s.value(i));
    for (ew::Indicator i : ew::kIndicators) out << "," << cell(s.usualValue(i));
    for (const auto& weeks : s.weekly) {
      for (const std::int64_t count : weeks) out << "," << count;
    }
    for (const std::int64_t count : s.earlier) out << "," << count;
    out << "," << s.recent_grades << "," << s.earlier_grades << "\n";
  }
  if (!out) return cartable::makeError(Errc::io_error, "cannot write " + csv);
  return cartable::okStatus();
}

void printScore(const char* name, const Score& s) {
  std::printf(
      "  %-22s flagged %4d (%4d at risk)  precision %.2f   expected %4d, found %4d  recall %.2f\n",
      name, s.flagged, s.true_flags, s.precision(), s.expected, s.found, s.recall());
}

void print(const Evaluation& e, const Detection& d, const std::string& on) {
  std::printf("Early warning on %s: %d students assessed in %lld ms, %d open alerts\n", on.c_str(),
              d.run.students, static_cast<long long>(d.millis), d.run.open_alerts);
  printScore("level 1 or 2 (overall)", e.overall);
  printScore("level 1 (vigilance)", e.vigilance);
  printScore("level 2 (alerte)", e.alerte);
  for (const auto& [kind, counts] : e.by_kind) {
    std::printf("  label %-9s %4d students, %4d flagged\n", kind.c_str(), counts.second,
                counts.first);
  }
  const bool met = e.overall.recall() >= kTargetRecall && e.overall.precision() >= kTargetPrecision;
  std::printf("Target recall >= %.1f at precision >= %.1f (overall): %s\n", kTargetRecall,
              kTargetPrecision, met ? "met" : "not met");
}

int run(const Command& c) {
  std::string path, labels_path;
  std::string made_dir;
  std::vector<cartable::generator::RiskLabel> labels;
  if (c.database) {
    path = *c.database;
    labels_path = c.labels.value_or(path + ".labels.csv");
    auto read = cartable::generator::readRiskLabels(labels_path);
    if (!read.ok()) return std::cerr << read.error().message << "\n", 1;
    labels = *read;
  } else {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "cartable-eval-XXXXXX").string();
    if (c.keep)
      pattern = *c.keep;
    else if (::mkdtemp(pattern.data()) == nullptr)
      return std::cerr << "no temp dir\n", 1;
    std::filesystem::create_directories(pattern);
    made_dir = c.keep ? "" : pattern;
    path = pattern + "/cartable.db";
    const std::int64_t started = cartable::SystemClock::instance().monotonicMillis();
    auto generated = generate(c, path);
    if (!generated.ok()) return std::cerr << generated.error().message << "\n", 1;
    labels = *generated;
    std::printf(
        "Generated %d students (seed %llu), lived up to %s in %lld ms\n", c.school.students,
        static_cast<unsigned long long>(c.school.seed), c.until.c_str(),
        static_cast<long long>(cartable::SystemClock::instance().monotonicMillis() - started));
    if (c.keep) {
      (void)cartable::generator::writeRiskLabels(path + ".labels.csv", labels);
    }
  }
  if (c.dump) {
    const Status dumped = dumpIndicators(path, c.until, labels, *c.dump);
    if (!dumped.ok()) return std::cerr << dumped.error().message << "\n", 1;
  }
  auto detection = detect(path, c.until, c.rule);
  if (!made_dir.empty()) std::filesystem::remove_all(made_dir);
  if (!detection.ok()) return std::cerr << detection.error().message << "\n", 1;
  const Evaluation e =
      cartable::early_warning_eval::evaluate(detection->levels, labels, detection->run.students);
  print(e, *detection, c.until);
  const bool floor = e.overall.recall() >= c.min_recall && e.overall.precision() >= c.min_precision;
  return floor ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--help") return std::cout << kUsage, 0;
  const auto command = parse(argc, argv);
  if (!command.ok()) {
    std::cerr << "cartable-early-warning-eval: " << command.error().message << "\n" << kUsage;
    return 2;
  }
  try {
    return run(*command);
  } catch (const std::exception& e) {
    std::cerr << "cartable-early-warning-eval: " << e.what() << "\n";
    return 1;
  }
}
