// The `cartable` program: one binary for school and hub nodes.
#include <sys/stat.h>

#include <iostream>
#include <string>

#include "cli/args.h"
#include "cli/commands.h"

namespace {

constexpr const char* kHelp = R"(Usage: cartable COMMAND [OPTIONS]

Every command reads /etc/cartable/cartable.yaml unless --config FILE is given.

  init            create the data directory, database, node keys, TLS certificate
                  and the first admin (options: --admin-login, --admin-given-name,
                  --admin-family-name)
  serve           run the node until SIGTERM; SIGHUP reloads the logging settings
  check-config    validate the configuration file and exit
  user add        --given-name G --family-name F --role R [--role R] [--login L]
                  [--email E] [--ine I] [--birth-date YYYY-MM-DD]
  user list       [--role R]
  user disable|enable|reset-password|revoke-sessions LOGIN
  user attach     LOGIN --to LOGIN   (the same person as an account of another school)
  user confirm-attach LOGIN [--refuse]
                  answer, for the person LOGIN, other schools' requests to attach
                  an account to theirs (they can also answer on their account page)
  import FORMAT FILE [--apply]
                  preview (default) or apply an import; FORMAT is siecle-eleves,
                  siecle-responsables, sts, csv-eleves, csv-responsables,
                  csv-personnels or csv-emploi-du-temps; plain, zipped,
                  UTF-8 or ISO-8859-15 files
  import sheets   --class CODE [--audience students|parents] --out FILE.html
                  printable login sheets; issues one-time passwords to accounts
                  not yet activated
  import purge-departed
                  purge accounts disabled longer than retention.departed_account_days
  backup          --to FILE   online copy of the database
  backup          --to-dir DIR [--keep N]
                  online copy named cartable-YYYYMMDD-HHMMSS.db (UTC) in DIR;
                  then deletes the oldest such copies beyond N
  restore         --from FILE replace the database (service stopped)
  enroll          --hub HOST:PORT --code CODE [--replace]
                  (school) link this school to its regional hub with the
                  one-time code from the hub's administrator
  hub add-school  --uai UAI [--name N] [--department D] [--valid-hours H]
                  (hub) register a school and print its one-time enrollment code
  hub schools     (hub) list the schools with their link state and last sync
  hub revoke-school --uai UAI [--reason R]
                  (hub) refuse the school's certificate from now on
  hub reset-second-factor --login L
                  (hub) forget an authority account's lost authenticator
  version         print the version
)";

}  // namespace

int main(int argc, char** argv) {
  using namespace cartable::cli;
  // Databases, keys and backups hold personal data: never world-readable.
  ::umask(027);
  const std::string command = argc > 1 ? argv[1] : "help";
  try {
    if (command == "init") return runInit(argc, argv);
    if (command == "serve") return runServe(argc, argv);
    if (command == "check-config") return runCheckConfig(argc, argv);
    if (command == "user") return runUser(argc, argv);
    if (command == "backup") return runBackup(argc, argv);
    if (command == "restore") return runRestore(argc, argv);
    if (command == "import") return runImport(argc, argv);
    if (command == "hub") return runHub(argc, argv);
    if (command == "enroll") return runEnroll(argc, argv);
    if (command == "version" || command == "--version") {
      std::cout << "cartable " << CARTABLE_VERSION << "\n";
      return kExitOk;
    }
    if (command == "help" || command == "--help" || command == "-h") {
      std::cout << kHelp;
      return kExitOk;
    }
  } catch (const std::exception& error) {
    std::cerr << "cartable " << command << ": internal error: " << error.what() << "\n";
    return kExitFailure;
  }
  std::cerr << "cartable: unknown command " << command << "\n" << kHelp;
  return kExitUsage;
}
