// cartable-generate: fills a fresh appliance database with a generated school.
#include <charconv>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/auth/password.h"
#include "core/base/civil_date.h"
#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "schema/schema.h"
#include "tests/tools/generator/risk_labels.h"
#include "tests/tools/generator/school_generator.h"
#include "tests/tools/generator/school_timetable.h"
#include "tests/tools/generator/school_year.h"

namespace {

using cartable::Errc;
using cartable::Error;
using cartable::Result;
using cartable::Status;
using cartable::generator::GeneratedSchool;
using cartable::generator::GeneratorOptions;
using cartable::generator::YearSummary;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

constexpr std::string_view kUsage =
    "usage: cartable-generate --database PATH [--students N] [--classes N] [--teachers N]\n"
    "                         [--staff N] [--seed S] [--kind college|lycee]\n"
    "                         [--school-year YYYY-YYYY] [--password PW]\n"
    "                         [--argon2-memory-kib K] [--argon2-iterations T]\n"
    "                         [--until YYYY-MM-DD|none] [--at-risk yes|no]\n"
    "Generates a realistic school (default: a collège of 1200 students, 45 classes,\n"
    "90 teachers, 10 staff) into a fresh Cartable database; every account gets PW.\n"
    "Its school year is then lived day by day up to --until (default: the last day\n"
    "of the calendar; none: no school life): roll calls, absences and\n"
    "justifications, the cahier de textes, homework with hand-ins and feedback,\n"
    "evaluations and scores. A few hand-ins carry a PDF, stored in the files/\n"
    "folder next to the database (the node's data_dir/files).\n"
    "--at-risk yes plants at-risk trajectories for the early-warning evaluation and\n"
    "writes their labels to DATABASE.labels.csv (tests/tools/early_warning_eval).\n";

struct Command {
  std::string database;
  GeneratorOptions options;
  std::string password = "cartable-demo";
  cartable::auth::Argon2Params argon2;
  bool live_year = true;
  std::optional<std::string> until;  // none: the calendar's last day
  bool at_risk = false;              // plant trajectories and write their labels
};

Error usageError(const std::string& message) {
  return cartable::makeError(Errc::invalid_argument, message);
}

template <class Number>
Status parseNumber(std::string_view flag, std::string_view text, Number min, Number& out) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size() || value < min) {
    const std::string bound = min > 0 ? " of at least " + std::to_string(min) : "";
    return usageError("flag " + std::string(flag) + " expects a whole number" + bound + ", got \"" +
                      std::string(text) + "\"");
  }
  out = value;
  return cartable::okStatus();
}

Status parseKind(std::string_view text, GeneratorOptions::Kind& kind) {
  if (text == "college") {
    kind = GeneratorOptions::Kind::college;
  } else if (text == "lycee") {
    kind = GeneratorOptions::Kind::lycee;
  } else {
    return usageError("flag --kind expects college or lycee, got \"" + std::string(text) + "\"");
  }
  return cartable::okStatus();
}

Status parseUntil(std::string_view text, Command& command) {
  command.live_year = text != "none";
  if (!command.live_year) return cartable::okStatus();
  if (!cartable::civil::parseDay(text)) {
    return usageError("flag --until expects a date YYYY-MM-DD or none, got \"" + std::string(text) +
                      "\"");
  }
  command.until = std::string(text);
  return cartable::okStatus();
}

Result<Command> parseCommand(int argc, char** argv) {
  Command command;
  GeneratorOptions& o = command.options;
  using Setter = std::function<Status(std::string_view)>;
  const std::map<std::string_view, Setter> flags = {
      {"--database",
       [&](std::string_view v) {
         command.database = v;
         return Status();
       }},
      {"--students",
       [&](std::string_view v) { return parseNumber("--students", v, 0, o.students); }},
      {"--classes", [&](std::string_view v) { return parseNumber("--classes", v, 0, o.classes); }},
      {"--teachers",
       [&](std::string_view v) { return parseNumber("--teachers", v, 0, o.teachers); }},
      {"--staff", [&](std::string_view v) { return parseNumber("--staff", v, 0, o.staff); }},
      {"--seed",
       [&](std::string_view v) { return parseNumber<std::uint64_t>("--seed", v, 0, o.seed); }},
      {"--kind", [&](std::string_view v) { return parseKind(v, o.kind); }},
      {"--school-year",
       [&](std::string_view v) {
         o.school_year = v;
         return Status();
       }},
      {"--password",
       [&](std::string_view v) {
         command.password = v;
         return Status();
       }},
      {"--argon2-memory-kib",
       [&](std::string_view v) {
         return parseNumber<std::uint64_t>("--argon2-memory-kib", v, 8, command.argon2.memory_kib);
       }},
      {"--until", [&](std::string_view v) { return parseUntil(v, command); }},
      {"--at-risk",
       [&](std::string_view v) {
         command.at_risk = v == "yes";
         if (v == "yes" || v == "no") return Status();
         return Status(
             usageError("flag --at-risk expects yes or no, got \"" + std::string(v) + "\""));
       }},
      {"--argon2-iterations",
       [&](std::string_view v) {
         return parseNumber<std::uint32_t>("--argon2-iterations", v, 1, command.argon2.iterations);
       }},
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    const auto found = flags.find(flag);
    if (found == flags.end()) return usageError("unknown flag \"" + std::string(flag) + "\"");
    if (i + 1 >= argc) return usageError("flag " + std::string(flag) + " needs a value");
    CARTABLE_RETURN_IF_ERROR(found->second(argv[++i]));
  }
  if (command.database.empty()) return usageError("flag --database is required");
  if (command.password.empty()) return usageError("flag --password must not be empty");
  return command;
}

// The command-line flag behind a generator option ("school_year" -> "--school-year").
std::string flagOf(std::string field) {
  for (char& c : field) c = c == '_' ? '-' : c;
  return "--" + field;
}

// People other than the administrators `cartable init` creates.
Result<std::int64_t> countUsers(cartable::storage::Database& db) {
  std::int64_t users = 0;
  CARTABLE_RETURN_IF_ERROR(db.read([&](cartable::storage::Connection& c) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(
        auto count, c.scalarInt64("SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM "
                                  "user_roles r WHERE r.user_id = u.id AND r.role = 'admin')"));
    users = count.value_or(0);
    return cartable::okStatus();
  }));
  return users;
}

Result<std::unique_ptr<cartable::storage::Database>> openFreshDatabase(const std::string& path) {
  CARTABLE_ASSIGN_OR_RETURN(auto db, cartable::storage::Database::open(path));
  CARTABLE_RETURN_IF_ERROR(cartable::storage::applyMigrations(*db, cartable::schema::migrations(),
                                                              cartable::SystemClock::instance()));
  CARTABLE_ASSIGN_OR_RETURN(const std::int64_t users, countUsers(*db));
  if (users > 0) {
    return cartable::makeError(Errc::failed_precondition,
                               path + " already holds " + std::to_string(users) +
                                   " people besides its administrators; generate into a "
                                   "freshly initialised node");
  }
  return db;
}

void printSummary(const Command& command, const GeneratedSchool& school, std::int64_t generate_ms,
                  std::int64_t hash_ms, std::int64_t write_ms) {
  const bool lycee = school.options.kind == GeneratorOptions::Kind::lycee;
  std::printf("Generated a %s for %s (seed %llu) into %s\n", lycee ? "lycée" : "collège",
              school.options.school_year.c_str(),
              static_cast<unsigned long long>(school.options.seed), command.database.c_str());
  const std::pair<const char*, std::size_t> rows[] = {
      {"students", school.students.size()},
      {"parents", school.parents.size()},
      {"teachers", school.teachers.size()},
      {"staff", school.staff.size()},
      {"classes", school.classes.size()},
      {"groups", school.groups.size()},
      {"subjects", school.subjects.size()},
      {"assignments", school.assignments.size()},
      {"guardianships", school.guardianships.size()}};
  for (const auto& [name, count] : rows) std::printf("  %-14s %6zu\n", name, count);
  std::printf("Time: %lld ms to generate, %lld ms to hash the password, %lld ms to write\n",
              static_cast<long long>(generate_ms), static_cast<long long>(hash_ms),
              static_cast<long long>(write_ms));
  std::printf("Sample logins (password: %s):\n", command.password.c_str());
  for (const auto& login : cartable::generator::sampleLogins(school)) {
    std::printf("  %-8s %-28s %s, %s\n",
                std::string(cartable::directory::roleName(login.role)).c_str(), login.login.c_str(),
                login.display_name.c_str(), login.description.c_str());
  }
}

void printYear(const YearSummary& y, std::size_t students, std::int64_t ms) {
  std::printf("School year lived from %s to %s (%zu school days) in %lld ms:\n",
              y.first_day.c_str(), y.last_day.c_str(), y.school_days, static_cast<long long>(ms));
  const double student_days = static_cast<double>(y.school_days) * static_cast<double>(students);
  const double absent =
      student_days > 0 ? 100.0 * static_cast<double>(y.absent_student_days) / student_days : 0;
  std::printf("  roll calls     %8zu (%zu corrected)\n", y.roll_calls, y.corrected_roll_calls);
  std::printf("  absences       %8zu lessons, %.1f%% of students absent a day\n", y.absence_marks,
              absent);
  std::printf("  lateness       %8zu\n", y.late_marks);
  std::printf("  justifications %8zu from parents (%zu accepted, %zu refused), %zu by staff\n",
              y.justifications_submitted, y.justifications_accepted, y.justifications_refused,
              y.justifications_recorded);
  std::printf("  cahier entries %8zu\n", y.lesson_records);
  std::printf("  homework       %8zu (%zu for groups, %zu differentiated)\n", y.homework,
              y.group_homework, y.differentiated_homework);
  std::printf("  done ticks     %8zu\n", y.done_ticks);
  std::printf("  hand-ins       %8zu (%zu late, %zu with a PDF)\n", y.hand_ins, y.late_hand_ins,
              y.hand_in_files);
  std::printf("  feedback       %8zu (%zu scored)\n", y.feedback, y.scored_feedback);
  std::printf("  evaluations    %8zu\n", y.evaluations);
  std::printf("  scores         %8zu (and %zu absent, exempt or not graded)\n", y.scores,
              y.special_marks);
  std::printf("  notifications  %8zu\n", y.notifications);
}

int fail(const Error& error) {
  std::cerr << "cartable-generate: " << error.message << "\n";
  return kExitFailure;
}

int run(const Command& command) {
  const auto& clock = cartable::SystemClock::instance();
  std::int64_t started = clock.monotonicMillis();
  auto school = cartable::generator::generateSchool(command.options);
  if (!school.ok()) {
    std::cerr << "cartable-generate: " << flagOf(school.error().field) << ": "
              << school.error().message << "\n"
              << kUsage;
    return kExitUsage;
  }
  const std::int64_t generate_ms = clock.monotonicMillis() - started;

  auto db = openFreshDatabase(command.database);
  if (!db.ok()) return fail(db.error());

  started = clock.monotonicMillis();
  const auto hash = cartable::auth::hashPassword(command.password, command.argon2);
  if (!hash.ok()) return fail(hash.error());
  const std::int64_t hash_ms = clock.monotonicMillis() - started;

  started = clock.monotonicMillis();
  const Status written = cartable::generator::writeSchool(**db, *school, *hash, clock.now());
  if (!written.ok()) return fail(written.error());
  const std::int64_t write_ms = clock.monotonicMillis() - started;

  started = clock.monotonicMillis();
  const auto timetable = cartable::generator::writeTimetable(**db, *school);
  if (!timetable.ok()) return fail(timetable.error());
  std::printf("Timetable: %zu weekly lessons, %zu hours without a free slot, %lld ms\n",
              timetable->lessons, timetable->unplaced_hours,
              static_cast<long long>(clock.monotonicMillis() - started));
  printSummary(command, *school, generate_ms, hash_ms, write_ms);
  if (!command.live_year) return 0;
  std::printf("Living the school year day by day (a whole year takes a few minutes)...\n");
  std::fflush(stdout);
  // A larger page cache for the bulk load: each day rewrites the same index pages.
  const Status cache = (*db)->withWriter(
      [](cartable::storage::Connection& c) { return c.script("PRAGMA cache_size = -65536"); });
  if (!cache.ok()) return fail(cache.error());
  started = clock.monotonicMillis();
  cartable::generator::YearOptions year;
  year.until = command.until;
  year.files_root = std::filesystem::absolute(command.database).parent_path() / "files";
  year.plant_at_risk = command.at_risk;
  const auto lived = cartable::generator::writeSchoolYear(**db, *school, year);
  if (!lived.ok()) return fail(lived.error());
  printYear(*lived, school->students.size(), clock.monotonicMillis() - started);
  if (command.at_risk) {
    const std::string labels = command.database + ".labels.csv";
    const Status written_labels = cartable::generator::writeRiskLabels(labels, lived->risk_labels);
    if (!written_labels.ok()) return fail(written_labels.error());
    std::printf("At-risk labels (%zu students) written to %s\n", lived->risk_labels.size(),
                labels.c_str());
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h")) {
    std::cout << kUsage;
    return 0;
  }
  const auto command = parseCommand(argc, argv);
  if (!command.ok()) {
    std::cerr << "cartable-generate: " << command.error().message << "\n" << kUsage;
    return kExitUsage;
  }
  try {
    return run(*command);
  } catch (const std::exception& e) {
    std::cerr << "cartable-generate: " << e.what() << "\n";
    return kExitFailure;
  }
}
