// The `cartable` subcommands. Each returns the process exit code.
#pragma once

namespace cartable::cli {

int runInit(int argc, char** argv);
int runServe(int argc, char** argv);
int runCheckConfig(int argc, char** argv);
int runUser(int argc, char** argv);
int runBackup(int argc, char** argv);
int runRestore(int argc, char** argv);
int runImport(int argc, char** argv);
int runHub(int argc, char** argv);
int runEnroll(int argc, char** argv);

}  // namespace cartable::cli
