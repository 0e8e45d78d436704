// The timetable CSV (imports/timetable_csv.h) previewed against a small school
// (a calendar, subjects, two classes, a group, three teachers) in a database
// under a temporary directory. A preview rolls back, so every input meets the
// same school.
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "core/base/clock.h"
#include "core/storage/migrations.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "fuzz_bytes.h"
#include "imports/timetable_csv.h"
#include "schema/schema.h"
#include "timetable/timetable.h"

namespace {

using namespace cartable;

constexpr Seconds kSeptember2026 = 1788220800;  // 2026-09-01

struct School {
  std::filesystem::path dir;
  std::unique_ptr<storage::Database> db;
};

School* school = nullptr;

void removeSchool() {
  if (school == nullptr) return;
  school->db.reset();
  std::filesystem::remove_all(school->dir);
}

Status addTeacher(storage::Connection& db, const std::string& login,
                  const std::string& external_id) {
  directory::NewUser user;
  user.login = login;
  user.given_name = login;
  user.family_name = "Fuzz";
  user.external_id = external_id;
  user.roles = {directory::Role::teacher};
  CARTABLE_RETURN_IF_ERROR(directory::insertUser(db, user, kSeptember2026));
  return okStatus();
}

Status fillSchool(storage::Connection& db) {
  CARTABLE_RETURN_IF_ERROR(addTeacher(db, "prof.maths", "csv-personnel:P1"));
  CARTABLE_RETURN_IF_ERROR(addTeacher(db, "prof.french", "csv-personnel:P2"));
  CARTABLE_RETURN_IF_ERROR(addTeacher(db, "prof.spanish", "csv-personnel:P3"));
  CARTABLE_RETURN_IF_ERROR(directory::insertSubject(db, {0, "MATHS", "Mathématiques"}));
  CARTABLE_RETURN_IF_ERROR(directory::insertSubject(db, {0, "FRANC", "Français"}));
  CARTABLE_RETURN_IF_ERROR(directory::insertSubject(db, {0, "ESP", "Espagnol"}));
  CARTABLE_RETURN_IF_ERROR(directory::insertClass(db, {0, "6A", "6e A", "6e", "2026-2027"}));
  CARTABLE_RETURN_IF_ERROR(directory::insertClass(db, {0, "6B", "6e B", "6e", "2026-2027"}));
  CARTABLE_RETURN_IF_ERROR(directory::insertGroup(db, {0, "6_ESP", "Espagnol 6e"}));
  timetable::Calendar calendar;
  calendar.week_a_monday = "2026-09-07";
  calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"},
                      {"Trimestre 2", "2026-12-01", "2027-03-15"}};
  calendar.holidays = {{"Toussaint", "2026-10-17", "2026-11-01"}};
  return timetable::setCalendar(db, calendar);
}

void fail(const Error& error) {
  std::fprintf(stderr, "cannot prepare the school: %s\n", error.message.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string pattern = (std::filesystem::temp_directory_path() / "cartable-fuzz-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  school = new School{pattern, nullptr};
  std::atexit(removeSchool);
  auto db = storage::Database::open((school->dir / "cartable.db").string());
  if (!db.ok()) fail(db.error());
  school->db = std::move(db).value();
  ManualClock clock{kSeptember2026};
  if (auto migrated = storage::applyMigrations(*school->db, schema::migrations(), clock);
      !migrated.ok()) {
    fail(migrated.error());
  }
  if (Status filled = school->db->write(fillSchool); !filled.ok()) fail(filled.error());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const imports::ImportOptions options{"0541234Y", "2026-10-05", "2026-2027"};
  auto report = imports::importTimetable(*school->db, fuzz::asText(data, size), "edt.csv", options,
                                         kSeptember2026 + 34 * 86400, false, std::nullopt);
  if (!report.ok()) {
    std::fprintf(stderr, "the preview failed: %s\n", report.error().message.c_str());
    std::abort();  // a file's content must give problems, not an internal error
  }
  fuzz::require(!report->applied, "a preview applies nothing");
  return 0;
}
