#include <algorithm>

#include "core/base/utf8.h"
#include "directory/structure.h"
#include "documents/internal.h"

namespace cartable::documents {
namespace {

using storage::Connection;

constexpr const char* kPersonalRootName = "Mes documents";

std::string kindName(Space space) {
  return space == Space::personal ? "personal" : "class";
}

bool hasLineBreakOrTab(std::string_view name) {
  return name.find_first_of("\t\n\r") != std::string_view::npos;
}

// Folds the two bytes of a Latin letter in U+00C0..U+017F to lower case.
void foldTwoBytes(unsigned char lead, unsigned char next, std::string& out) {
  if (lead == 0xC3 && next >= 0x80 && next <= 0x9E && next != 0x97) {  // À..Þ, not ×
    next = static_cast<unsigned char>(next + 0x20);
  } else if (lead == 0xC5 && next == 0x92) {  // Œ
    next = 0x93;
  } else if (lead == 0xC5 && next == 0xB8) {  // Ÿ is U+0178, ÿ U+00FF
    lead = 0xC3;
    next = 0xBF;
  }
  out += static_cast<char>(lead);
  out += static_cast<char>(next);
}

Result<std::optional<Folder>> findRoot(Connection& db, Space space, std::int64_t holder) {
  const std::string column = space == Space::personal ? "owner_id" : "class_id";
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      detail::collect<Folder>(
          db.query(std::string("SELECT ") + detail::kFolderColumns +
                       " FROM document_folders f WHERE f.parent_id IS NULL AND f.kind = ? AND f." +
                       column + " = ?",
                   kindName(space), holder),
          detail::readFolder));
  if (found.empty()) return std::optional<Folder>{};
  return std::optional<Folder>(found.front());
}

Result<Folder> makeRoot(Connection& db, Space space, std::int64_t holder, const std::string& name,
                        Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto existing, findRoot(db, space, holder));
  if (existing) return *existing;
  const bool personal = space == Space::personal;
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO document_folders (kind, owner_id, class_id, name, name_key, "
              "created_at) VALUES (?, ?, ?, ?, ?, ?)",
              kindName(space), personal ? std::optional(holder) : std::nullopt,
              personal ? std::nullopt : std::optional(holder), name, nameKey(name), now));
  return getFolder(db, db.lastInsertId());
}

// already_exists naming "name" when a folder under `parent_id` other than
// `self` has the key of `name`.
Status checkFreeName(Connection& db, std::int64_t parent_id, const std::string& name,
                     std::int64_t self) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto taken, db.scalarInt64("SELECT id FROM document_folders WHERE parent_id = ? AND "
                                 "name_key = ? AND id <> ?",
                                 parent_id, nameKey(name), self));
  if (!taken) return okStatus();
  return makeError(Errc::already_exists,
                   "\"name\" \"" + name + "\" is already the name of a folder here", "name");
}

Result<std::string> subjectLabel(Connection& db, std::int64_t subject_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto subjects, directory::listSubjects(db));
  for (const directory::Subject& subject : subjects) {
    if (subject.id == subject_id) return subject.label;
  }
  return detail::invalid("subject_id", "names no subject: " + std::to_string(subject_id));
}

// The parent named by `parent_id`, as an input: invalid_argument when absent.
Result<Folder> parentFolder(Connection& db, std::int64_t parent_id) {
  auto parent = getFolder(db, parent_id);
  if (!parent.ok() && parent.error().code == Errc::not_found) {
    return detail::invalid("parent_id", "names no folder: " + std::to_string(parent_id));
  }
  return parent;
}

Error rootRefused(std::int64_t id) {
  return makeError(Errc::conflict,
                   "folder " + std::to_string(id) +
                       " is the root of its space: it cannot be renamed, moved or deleted",
                   "id");
}

Status checkMove(Connection& db, const Folder& folder, const Folder& target) {
  if (!detail::sameSpace(folder, target)) {
    return detail::invalid("parent_id", "is in another space: folders move within their space");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto above, detail::ancestorsOf(db, target.id));
  if (std::find(above.begin(), above.end(), folder.id) != above.end()) {
    return detail::invalid("parent_id", "is the folder itself or a folder inside it");
  }
  return okStatus();
}

}  // namespace

namespace detail {

Error invalid(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Folder readFolder(const storage::Statement& row) {
  Folder f;
  f.id = row.int64(0);
  f.space = row.text(1) == "personal" ? Space::personal : Space::school_class;
  f.owner_id = row.optionalInt64(2);
  f.class_id = row.optionalInt64(3);
  f.parent_id = row.optionalInt64(4);
  f.name = row.text(5);
  f.subject_id = row.optionalInt64(6);
  f.created_by = row.optionalInt64(7);
  f.created_at = row.int64(8);
  return f;
}

bool sameSpace(const Folder& a, const Folder& b) {
  return a.space == b.space && a.owner_id == b.owner_id && a.class_id == b.class_id;
}

Result<std::vector<std::int64_t>> ancestorsOf(Connection& db, std::int64_t folder_id) {
  return collect<std::int64_t>(
      db.query("WITH RECURSIVE up(id, parent_id) AS ("
               " SELECT id, parent_id FROM document_folders WHERE id = ?"
               " UNION ALL SELECT f.id, f.parent_id FROM document_folders f"
               " JOIN up ON f.id = up.parent_id) SELECT id FROM up",
               folder_id),
      [](const storage::Statement& row) { return row.int64(0); });
}

}  // namespace detail

Status checkName(std::string_view name, std::size_t max_length, const std::string& field) {
  const auto length = utf8::countCodePoints(name);
  if (!length || utf8::hasControlCharacter(name) || hasLineBreakOrTab(name)) {
    return detail::invalid(field,
                           "must be valid UTF-8 text on one line without control characters");
  }
  if (*length == 0) return detail::invalid(field, "is required");
  if (*length > max_length) {
    return detail::invalid(field, "is longer than " + std::to_string(max_length) + " characters");
  }
  if (name.find_first_of("/\\") != std::string_view::npos) {
    return detail::invalid(field, "must not contain '/' or '\\'");
  }
  if (name == "." || name == "..") return detail::invalid(field, "must not be \".\" or \"..\"");
  return okStatus();
}

std::string nameKey(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + ('a' - 'A'));
    } else if ((c == 0xC3 || c == 0xC5) && i + 1 < name.size()) {
      foldTwoBytes(c, static_cast<unsigned char>(name[i + 1]), out);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

Result<Folder> personalRoot(Connection& db, std::int64_t user_id, Seconds now) {
  return makeRoot(db, Space::personal, user_id, kPersonalRootName, now);
}

Result<Folder> classRoot(Connection& db, std::int64_t class_id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto school_class, directory::getClass(db, class_id));
  return makeRoot(db, Space::school_class, class_id, school_class.label, now);
}

Result<std::optional<Folder>> findPersonalRoot(Connection& db, std::int64_t user_id) {
  return findRoot(db, Space::personal, user_id);
}

Result<std::optional<Folder>> findClassRoot(Connection& db, std::int64_t class_id) {
  return findRoot(db, Space::school_class, class_id);
}

Result<Folder> getFolder(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, detail::collect<Folder>(db.query(std::string("SELECT ") + detail::kFolderColumns +
                                                       " FROM document_folders f WHERE f.id = ?",
                                                   id),
                                          detail::readFolder));
  if (found.empty()) {
    return makeError(Errc::not_found, "no folder with id " + std::to_string(id), "id");
  }
  return found.front();
}

Result<std::vector<Folder>> subFolders(Connection& db, std::int64_t folder_id) {
  return detail::collect<Folder>(
      db.query(std::string("SELECT ") + detail::kFolderColumns +
                   " FROM document_folders f WHERE f.parent_id = ? ORDER BY f.name_key, f.id",
               folder_id),
      detail::readFolder);
}

Result<std::vector<Folder>> pathTo(Connection& db, std::int64_t folder_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto ids, detail::ancestorsOf(db, folder_id));
  std::vector<Folder> out;
  for (auto id = ids.rbegin(); id != ids.rend(); ++id) {
    CARTABLE_ASSIGN_OR_RETURN(auto folder, getFolder(db, *id));
    out.push_back(std::move(folder));
  }
  return out;
}

Result<Folder> createFolder(Connection& db, const NewFolder& input, std::int64_t creator_id,
                            Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Folder parent, parentFolder(db, input.parent_id));
  std::string name = input.name.value_or("");
  if (input.subject_id) {
    if (parent.space != Space::school_class) {
      return detail::invalid("subject_id", "is for the folders of a class, not a personal space");
    }
    CARTABLE_ASSIGN_OR_RETURN(std::string label, subjectLabel(db, *input.subject_id));
    if (!input.name) name = label;
  }
  CARTABLE_RETURN_IF_ERROR(checkName(name, kMaxFolderName, "name"));
  CARTABLE_RETURN_IF_ERROR(checkFreeName(db, parent.id, name, 0));
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO document_folders (kind, owner_id, class_id, parent_id, name, name_key, "
              "subject_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
              kindName(parent.space), parent.owner_id, parent.class_id, parent.id, name,
              nameKey(name), input.subject_id, creator_id, now));
  return getFolder(db, db.lastInsertId());
}

Result<Folder> updateFolder(Connection& db, std::int64_t id, const FolderChange& change) {
  CARTABLE_ASSIGN_OR_RETURN(Folder folder, getFolder(db, id));
  if (!folder.parent_id) return rootRefused(id);
  if (change.parent_id) {
    CARTABLE_ASSIGN_OR_RETURN(Folder target, parentFolder(db, *change.parent_id));
    CARTABLE_RETURN_IF_ERROR(checkMove(db, folder, target));
    folder.parent_id = target.id;
  }
  if (change.name) {
    CARTABLE_RETURN_IF_ERROR(checkName(*change.name, kMaxFolderName, "name"));
    folder.name = *change.name;
  }
  CARTABLE_RETURN_IF_ERROR(checkFreeName(db, *folder.parent_id, folder.name, id));
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE document_folders SET parent_id = ?, name = ?, name_key = ? WHERE id = ?",
              folder.parent_id, folder.name, nameKey(folder.name), id));
  return folder;
}

Status deleteFolder(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(Folder folder, getFolder(db, id));
  if (!folder.parent_id) return rootRefused(id);
  CARTABLE_ASSIGN_OR_RETURN(
      auto held, db.scalarInt64("SELECT 1 FROM document_folders WHERE parent_id = ?1 UNION ALL "
                                "SELECT 1 FROM documents WHERE folder_id = ?1 LIMIT 1",
                                id));
  if (held) {
    return makeError(
        Errc::conflict,
        "folder " + std::to_string(id) + " is not empty: delete or move what it holds first", "id");
  }
  return db.exec("DELETE FROM document_folders WHERE id = ?", id);
}

}  // namespace cartable::documents
