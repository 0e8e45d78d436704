// Helpers shared by the documents module's .cpp files; nobody outside this
// folder includes it.
#pragma once

#include <string>
#include <vector>

#include "documents/documents.h"

namespace cartable::documents::detail {

// An invalid_argument error naming `field`: "\"field\" message".
Error invalid(const std::string& field, const std::string& message);

// The columns readFolder expects, on `document_folders f`.
inline constexpr const char* kFolderColumns =
    "f.id, f.kind, f.owner_id, f.class_id, f.parent_id, f.name, f.subject_id, f.created_by, "
    "f.created_at";
Folder readFolder(const storage::Statement& row);

// Every row of `rows`, read by `read`.
template <class T, class Read>
Result<std::vector<T>> collect(Result<storage::Statement> rows, Read read) {
  if (!rows.ok()) return rows.error();
  std::vector<T> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows->step());
    if (!has_row) return out;
    out.push_back(read(*rows));
  }
}

// Whether two folders belong to the same space (one person's, or one class's).
bool sameSpace(const Folder& a, const Folder& b);

// The ids of `folder_id` and the folders above it, up to the root.
Result<std::vector<std::int64_t>> ancestorsOf(storage::Connection& db, std::int64_t folder_id);

}  // namespace cartable::documents::detail

namespace cartable::documents::detail {

// Integers as a JSON array, for `IN (SELECT value FROM json_each(?))`.
std::string jsonList(const std::vector<std::int64_t>& ids);

// Whether a share of document `document_id` (when given) or of one of
// `folder_ids` reaches `user_id` today: by name, through their current
// class, or through one of their groups.
Result<bool> shareReaches(storage::Connection& db, std::int64_t user_id,
                          std::optional<std::int64_t> document_id,
                          const std::vector<std::int64_t>& folder_ids);

}  // namespace cartable::documents::detail
