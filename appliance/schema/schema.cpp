#include "schema/schema.h"

#include <cstdlib>

#include "core/base/log.h"

namespace cartable::schema {

const std::vector<storage::Migration>& migrations() {
  static const std::vector<storage::Migration> list = [] {
    auto parsed = storage::migrationsFromFiles(migrationFiles());
    if (!parsed.ok()) {
      // The files are compiled in: a bad name is a build defect.
      log::error("schema: " + parsed.error().message);
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return list;
}

int latestVersion() { return migrations().empty() ? 0 : migrations().back().version; }

}  // namespace cartable::schema
