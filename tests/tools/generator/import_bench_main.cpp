// cartable-import-bench: writes a generated school's SIECLE and STS-Web
// exports, imports them into a fresh database the way an admin would (each
// file read, previewed, applied) and prints how long each step took; then
// imports the same files again, which must change nothing.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "imports/formats.h"
#include "schema/schema.h"
#include "tests/tools/generator/school_export.h"
#include "tests/tools/generator/school_generator.h"

namespace {

using cartable::Errc;
using cartable::Error;
using cartable::Result;
using cartable::Seconds;
using cartable::Status;
using cartable::generator::GeneratedSchool;
namespace imports = cartable::imports;

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;
constexpr std::int64_t kBudgetMillis = 10'000;
constexpr std::string_view kUai = "0999001K";
constexpr std::size_t kProblemsShown = 10;

constexpr std::string_view kUsage =
    "usage: cartable-import-bench [--students N] [--seed S] [--keep DIR]\n"
    "Generates a collège (default 1200 students), writes its SIECLE and STS-Web\n"
    "exports and imports them into a fresh database, timing each file; then\n"
    "imports them again, which must change nothing. Exits 1 when an import\n"
    "reports problems or the second import changes something. With --keep, the\n"
    "exports and school.db are written to DIR and kept; otherwise to a temporary\n"
    "directory that is removed.\n";

struct Command {
  cartable::generator::GeneratorOptions options;
  std::string keep;
};

Error usageError(const std::string& message) {
  return cartable::makeError(Errc::invalid_argument, message);
}

template <class Number>
Status parseNumber(std::string_view flag, std::string_view text, Number& out) {
  Number value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) {
    return usageError("flag " + std::string(flag) + " expects a whole number, got \"" +
                      std::string(text) + "\"");
  }
  out = value;
  return cartable::okStatus();
}

Result<Command> parseCommand(int argc, char** argv) {
  Command command;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag != "--students" && flag != "--seed" && flag != "--keep") {
      return usageError("unknown flag \"" + std::string(flag) + "\"");
    }
    if (i + 1 >= argc) return usageError("flag " + std::string(flag) + " needs a value");
    const std::string_view value = argv[++i];
    if (flag == "--students") {
      CARTABLE_RETURN_IF_ERROR(parseNumber(flag, value, command.options.students));
    } else if (flag == "--seed") {
      CARTABLE_RETURN_IF_ERROR(parseNumber(flag, value, command.options.seed));
    } else {
      command.keep = value;
    }
  }
  return command;
}

// 08:00 UTC on the first day of the school year: the imports' "today".
Seconds importTime(const GeneratedSchool& school) {
  const std::string& day = school.enrollment_date;
  const std::chrono::year_month_day date{
      std::chrono::year{std::stoi(day.substr(0, 4))},
      std::chrono::month{static_cast<unsigned>(std::stoi(day.substr(5, 2)))},
      std::chrono::day{static_cast<unsigned>(std::stoi(day.substr(8, 2)))}};
  const auto midnight = std::chrono::sys_days{date}.time_since_epoch();
  return std::chrono::duration_cast<std::chrono::seconds>(midnight).count() + 8 * 3600;
}

Result<std::string> readBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return cartable::makeError(Errc::io_error, "cannot open " + path.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) return cartable::makeError(Errc::io_error, "cannot read " + path.string());
  return bytes.str();
}

// The directory the run works in: --keep DIR, or a fresh temporary one.
Result<std::string> workDirectory(const Command& command) {
  if (!command.keep.empty()) {
    std::error_code error;
    std::filesystem::create_directories(command.keep, error);
    if (error) return usageError("cannot create " + command.keep + ": " + error.message());
    if (std::filesystem::exists(std::filesystem::path(command.keep) / "school.db")) {
      return usageError(command.keep + " already holds a school.db; give an empty directory");
    }
    return command.keep;
  }
  std::string pattern =
      (std::filesystem::temp_directory_path() / "cartable-import-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return cartable::makeError(Errc::io_error, "cannot create a temporary directory");
  }
  return pattern;
}

struct FileRun {
  std::string name;
  imports::Format format;
};

struct FileTiming {
  std::size_t bytes = 0;
  std::int64_t parse_ms = 0;
  std::int64_t preview_ms = 0;
  std::int64_t apply_ms = 0;
  std::size_t changes = 0;
};

// Imports the school's files one by one, and says what went wrong.
class ImportRun {
 public:
  ImportRun(cartable::storage::Database& db, std::string directory, Seconds now)
      : db_(db),
        directory_(std::move(directory)),
        now_(now),
        options_(imports::importOptions(std::string(kUai), now)) {}

  // Reads, parses, optionally previews, then applies one file.
  Result<FileTiming> importFile(const FileRun& file, bool preview) {
    const auto& clock = cartable::SystemClock::instance();
    FileTiming timing;
    std::int64_t started = clock.monotonicMillis();
    CARTABLE_ASSIGN_OR_RETURN(const std::string bytes,
                              readBytes(std::filesystem::path(directory_) / file.name));
    timing.bytes = bytes.size();
    const imports::Batch batch = imports::parseBatch(file.format, bytes, file.name, options_.today);
    timing.parse_ms = clock.monotonicMillis() - started;
    if (!batch.problems.empty()) return reportProblems(file.name, "parse", batch.problems);
    std::optional<std::size_t> previewed;
    if (preview) {
      started = clock.monotonicMillis();
      CARTABLE_ASSIGN_OR_RETURN(const auto report,
                                imports::previewImport(db_, batch, options_, now_));
      timing.preview_ms = clock.monotonicMillis() - started;
      if (!report.problems.empty()) return reportProblems(file.name, "preview", report.problems);
      previewed = report.changes.size();
    }
    started = clock.monotonicMillis();
    CARTABLE_ASSIGN_OR_RETURN(const auto report,
                              imports::applyImport(db_, batch, options_, now_, std::nullopt));
    timing.apply_ms = clock.monotonicMillis() - started;
    if (!report.problems.empty()) return reportProblems(file.name, "apply", report.problems);
    if (!report.applied) {
      return cartable::makeError(Errc::internal, file.name + ": apply reported nothing applied");
    }
    for (const auto& warning : report.warnings) {
      std::cerr << "warning: " << warning.place.toString() << ": " << warning.message << "\n";
    }
    timing.changes = report.changes.size();
    changes_ = report.changes;
    if (previewed && *previewed != timing.changes) {
      return cartable::makeError(
          Errc::internal, file.name + ": the preview announced " + std::to_string(*previewed) +
                              " changes, the apply made " + std::to_string(timing.changes));
    }
    return timing;
  }

  // The changes of the last apply.
  const std::vector<imports::Change>& lastChanges() const { return changes_; }

 private:
  static Error reportProblems(const std::string& file, std::string_view step,
                              const std::vector<imports::Problem>& problems) {
    for (std::size_t i = 0; i < problems.size() && i < kProblemsShown; ++i) {
      std::cerr << "problem: " << problems[i].place.toString() << ": " << problems[i].message
                << "\n";
    }
    return cartable::makeError(Errc::invalid_argument,
                               file + ": the " + std::string(step) + " reported " +
                                   std::to_string(problems.size()) + " problem(s)");
  }

  cartable::storage::Database& db_;
  std::string directory_;
  Seconds now_;
  imports::ImportOptions options_;
  std::vector<imports::Change> changes_;
};

void printHeader(const GeneratedSchool& school) {
  std::printf(
      "import of the generated school (%zu students, %zu parents, %zu staff), budget %lld s\n",
      school.students.size(), school.parents.size(), school.teachers.size() + school.staff.size(),
      static_cast<long long>(kBudgetMillis / 1000));
  std::printf("%-30s %9s %9s %11s %9s %8s\n", "file", "bytes", "parse ms", "preview ms", "apply ms",
              "changes");
}

void printRow(const std::string& name, const FileTiming& t) {
  std::printf("%-30s %9zu %9lld %11lld %9lld %8zu\n", name.c_str(), t.bytes,
              static_cast<long long>(t.parse_ms), static_cast<long long>(t.preview_ms),
              static_cast<long long>(t.apply_ms), t.changes);
}

// Prints the changes a re-import made: each one is a lack of idempotence.
void printUnexpectedChanges(const std::string& file, const std::vector<imports::Change>& changes) {
  for (std::size_t i = 0; i < changes.size() && i < kProblemsShown; ++i) {
    std::cerr << "re-import of " << file << " changed: " << changes[i].entity << " "
              << imports::changeKindName(changes[i].kind) << " " << changes[i].description << "\n";
  }
}

Result<std::unique_ptr<cartable::storage::Database>> freshDatabase(const std::string& directory) {
  CARTABLE_ASSIGN_OR_RETURN(auto db, cartable::storage::Database::open(directory + "/school.db"));
  CARTABLE_RETURN_IF_ERROR(cartable::storage::applyMigrations(*db, cartable::schema::migrations(),
                                                              cartable::SystemClock::instance()));
  return db;
}

// Runs both imports; false when one failed or the second changed something.
Result<bool> benchmark(const GeneratedSchool& school, const std::string& directory) {
  const std::string year = school.options.school_year.substr(0, 4);
  CARTABLE_RETURN_IF_ERROR(
      cartable::generator::writeSiecleAndStsExports(school, std::string(kUai), year, directory));
  const auto names = cartable::generator::exportFileNames(std::string(kUai), year);
  const std::vector<FileRun> files = {{names.students, imports::Format::siecle_students},
                                      {names.guardians, imports::Format::siecle_guardians},
                                      {names.sts, imports::Format::sts_web}};
  CARTABLE_ASSIGN_OR_RETURN(auto db, freshDatabase(directory));
  ImportRun run(*db, directory, importTime(school));

  printHeader(school);
  std::int64_t first_ms = 0;
  for (const FileRun& file : files) {
    CARTABLE_ASSIGN_OR_RETURN(const FileTiming t, run.importFile(file, true));
    printRow(file.name, t);
    first_ms += t.parse_ms + t.preview_ms + t.apply_ms;
  }
  std::printf("%-62s %9lld ms  (= %.2f of the %lld s budget)\n", "total (first import)",
              static_cast<long long>(first_ms), static_cast<double>(first_ms) / kBudgetMillis,
              static_cast<long long>(kBudgetMillis / 1000));

  std::int64_t again_ms = 0;
  std::size_t again_changes = 0;
  for (const FileRun& file : files) {
    CARTABLE_ASSIGN_OR_RETURN(const FileTiming t, run.importFile(file, false));
    again_ms += t.parse_ms + t.apply_ms;
    again_changes += t.changes;
    printUnexpectedChanges(file.name, run.lastChanges());
  }
  std::printf("%-62s %9lld ms  %zu changes\n", "re-import (no change)",
              static_cast<long long>(again_ms), again_changes);
  return again_changes == 0;
}

int run(const Command& command) {
  auto school = cartable::generator::generateSchool(command.options);
  if (!school.ok()) {
    std::cerr << "cartable-import-bench: " << school.error().message << "\n" << kUsage;
    return kExitUsage;
  }
  auto directory = workDirectory(command);
  if (!directory.ok()) {
    std::cerr << "cartable-import-bench: " << directory.error().message << "\n";
    return kExitUsage;
  }
  const auto result = benchmark(*school, *directory);
  if (command.keep.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(*directory, ignored);
  }
  if (!result.ok()) {
    std::cerr << "cartable-import-bench: " << result.error().message << "\n";
    return kExitFailure;
  }
  if (!*result) {
    std::cerr << "cartable-import-bench: the re-import of unchanged files changed something\n";
    return kExitFailure;
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
    std::cerr << "cartable-import-bench: " << command.error().message << "\n" << kUsage;
    return kExitUsage;
  }
  try {
    return run(*command);
  } catch (const std::exception& e) {
    std::cerr << "cartable-import-bench: " << e.what() << "\n";
    return kExitFailure;
  }
}
