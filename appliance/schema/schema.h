// The appliance's database schema: the migrations in this folder, in order.
#pragma once

#include <span>
#include <vector>

#include "core/base/embedded_file.h"
#include "core/storage/migrations.h"

namespace cartable::schema {

// The NNNN_name.sql files of this folder, compiled in.
std::span<const EmbeddedFile> migrationFiles();

// The parsed, checked list (built once).
const std::vector<storage::Migration>& migrations();

// The version a database has once every migration is applied.
int latestVersion();

}  // namespace cartable::schema
