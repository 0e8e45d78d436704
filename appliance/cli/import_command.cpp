// `cartable import FORMAT FILE [--apply]`: preview (default) or apply an import
// of SIECLE, STS-Web or CSV exports; `cartable import sheets`: login sheets
// for a class; `cartable import purge-departed`: the retention purge, now.
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "directory/structure.h"
#include "imports/formats.h"
#include "imports/login_sheets.h"
#include "imports/parsers.h"
#include "imports/retention.h"
#include "node/node.h"

namespace cartable::cli {
namespace {

const accounts::Origin kOrigin{"cli", "cartable import"};

void printReport(const imports::ImportReport& report) {
  for (const imports::Change& change : report.changes) {
    std::cout << "  " << imports::changeKindName(change.kind) << " " << change.entity << ": "
              << change.description;
    if (!change.place.where.empty()) std::cout << "  [" << change.place.toString() << "]";
    std::cout << "\n";
  }
  for (const imports::Problem& warning : report.warnings) {
    std::cout << "  warning: " << warning.place.toString() << ": " << warning.message << "\n";
  }
  for (const imports::Problem& problem : report.problems) {
    std::cerr << problem.place.toString() << ": " << problem.message << "\n";
  }
  std::cout << report.changes.size() << " change(s), " << report.warnings.size()
            << " warning(s), " << report.problems.size() << " problem(s)\n";
}

int importFile(node::Node& node, const config::Settings& settings, imports::Format format,
               const std::string& path, bool apply) {
  if (!settings.school) return usage("import", "imports are for school nodes");
  const Seconds now = SystemClock::instance().now();
  const auto options = imports::importOptions(settings.school->uai, now);
  std::ifstream file(path, std::ios::binary);
  if (!file) return fail("import", makeError(Errc::not_found, "cannot read " + path));
  std::stringstream bytes;
  bytes << file.rdbuf();
  auto report = imports::importFile(node.database(), format, bytes.str(), path, options, now,
                                    apply, std::nullopt);
  if (!report.ok()) return fail("import", report.error());
  printReport(*report);
  if (!report->problems.empty()) {
    std::cerr << "Nothing was applied: fix the problems above and import again.\n";
    return kExitFailure;
  }
  std::cout << (report->applied ? "Applied.\n" : "Preview only: add --apply to apply.\n");
  return kExitOk;
}

int sheets(node::Node& node, const config::Settings& settings, const Args& args) {
  const auto code = args.value("class");
  const auto out = args.value("out");
  const std::string audience = args.value("audience").value_or("students");
  if (!code || !out) return usage("import sheets", "--class CODE and --out FILE.html are required");
  if (audience != "students" && audience != "parents") {
    return usage("import sheets", "--audience must be students or parents");
  }
  const auto year = imports::schoolYearOf(imports::isoDate(SystemClock::instance().now()));
  std::optional<directory::SchoolClass> found;
  Status read = node.database().read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(found, directory::findClass(db, *code, year));
    return okStatus();
  });
  if (!read.ok()) return fail("import sheets", read.error());
  if (!found) return fail("import sheets", makeError(Errc::not_found, "no class " + *code + " in " + year));
  auto sheet = imports::issueLoginSheet(
      node.database(), node.accounts(), found->id,
      audience == "parents" ? imports::SheetAudience::parents : imports::SheetAudience::students,
      std::nullopt, kOrigin);
  if (!sheet.ok()) return fail("import sheets", sheet.error());
  const std::string address = args.value("address").value_or(
      "https://" + settings.http.listen_address + ":" + std::to_string(settings.http.port) + "/");
  std::ofstream file(*out, std::ios::binary | std::ios::trunc);
  file << imports::renderLoginSheet(*sheet, settings.school ? settings.school->name : "", address);
  if (!file.good()) return fail("import sheets", makeError(Errc::io_error, "cannot write " + *out));
  std::cout << sheet->entries.size() << " card(s) written to " << *out << "\n";
  return kExitOk;
}

}  // namespace

int runImport(int argc, char** argv) {
  if (argc < 3) {
    return usage("import", "expected a format (" + imports::formatNames() +
                               "), sheets or purge-departed");
  }
  const std::string what = argv[2];
  auto args = Args::parse(argc, argv, 3, {"config", "class", "audience", "out", "address"},
                          {"apply"});
  if (!args.ok()) return usage("import " + what, args.error().message);
  const auto format = imports::parseFormat(what);
  if (!format && what != "sheets" && what != "purge-departed") {
    return usage("import", "unknown format " + what + "; expected " + imports::formatNames() +
                               ", sheets or purge-departed");
  }
  if (format && args->positional().size() != 1) {
    return usage("import " + what, "expected one file, e.g. `cartable import " + what + " FILE`");
  }
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  if (Status owner = checkDataDirOwner(*settings); !owner.ok()) {
    return fail("import", owner.error());
  }
  auto node = node::Node::open(*settings);
  if (!node.ok()) return fail("import", node.error());
  if (format) return importFile(**node, *settings, *format, args->positional().front(), args->flag("apply"));
  if (what == "sheets") return sheets(**node, *settings, *args);
  auto purged = imports::purgeDepartedAccounts((*node)->database(), SystemClock::instance().now(),
                                               settings->retention.departed_account_days);
  if (!purged.ok()) return fail("import purge-departed", purged.error());
  std::cout << *purged << " departed account(s) purged\n";
  return kExitOk;
}

}  // namespace cartable::cli
