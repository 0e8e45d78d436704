// `cartable check-config`: validates the configuration without starting anything.
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"

namespace cartable::cli {

int runCheckConfig(int argc, char** argv) {
  auto args = Args::parse(argc, argv, 2, {"config"}, {});
  if (!args.ok()) return usage("check-config", args.error().message);
  auto settings = loadConfig(*args);
  if (!settings) return kExitConfig;
  std::cout << args->value("config").value_or("/etc/cartable/cartable.yaml") << ": OK ("
            << (settings->role == config::Role::school ? "school " + settings->school->uai
                                                       : "hub " + settings->hub->name)
            << ", data in " << settings->data_dir << ")\n";
  return kExitOk;
}

}  // namespace cartable::cli
