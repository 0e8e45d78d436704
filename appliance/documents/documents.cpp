#include <algorithm>
#include <cstdio>
#include <map>

#include "documents/internal.h"

namespace cartable::documents {
namespace {

using storage::Connection;

constexpr const char* kDocumentColumns =
    "d.id, d.folder_id, d.name, d.created_by, d.created_at, d.updated_at";
constexpr const char* kVersionColumns =
    "v.document_id, v.number, v.file_id, v.size, f.content_type, v.uploaded_by, v.uploaded_at";

using VersionRow = std::pair<std::int64_t, Version>;  // the document's id, the version

Document readDocument(const storage::Statement& row) {
  Document d;
  d.id = row.int64(0);
  d.folder_id = row.int64(1);
  d.name = row.text(2);
  d.created_by = row.optionalInt64(3);
  d.created_at = row.int64(4);
  d.updated_at = row.int64(5);
  return d;
}

VersionRow readVersion(const storage::Statement& row) {
  Version v;
  v.number = static_cast<int>(row.int64(1));
  v.file_id = row.int64(2);
  v.size = static_cast<std::uint64_t>(row.int64(3));
  v.content_type = row.text(4);
  v.uploaded_by = row.optionalInt64(5);
  v.uploaded_at = row.int64(6);
  return {row.int64(0), v};
}

// Fills the versions of `found` from the versions selected by `where` (on
// `document_versions v`).
template <class... Args>
Status fillVersions(Connection& db, std::vector<Document>& found, const std::string& where,
                    const Args&... args) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto versions,
      detail::collect<VersionRow>(
          db.query(std::string("SELECT ") + kVersionColumns +
                       " FROM document_versions v JOIN files f ON f.id = v.file_id WHERE " + where +
                       " ORDER BY v.document_id, v.number",
                   args...),
          readVersion));
  std::map<std::int64_t, Document*> by_id;
  for (Document& document : found) by_id[document.id] = &document;
  for (auto& [document_id, version] : versions) {
    if (auto it = by_id.find(document_id); it != by_id.end()) {
      it->second->versions.push_back(std::move(version));
    }
  }
  return okStatus();
}

// "512 bytes", "1.5 MiB": sizes as a person reads them in an error.
std::string describeBytes(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " bytes";
  static constexpr const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.1f %s", value, kUnits[unit]);
  return text;
}

// The bytes already counted are not reduced when the store keeps one copy of
// identical content: a quota counts what each person put in, version by version.
Status checkQuotas(Connection& db, std::int64_t uploader_id, std::uint64_t adding,
                   const Quotas& quotas) {
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t user_used, userUsage(db, uploader_id));
  if (user_used + adding > quotas.user_bytes) {
    return makeError(Errc::resource_exhausted,
                     "these files (" + describeBytes(adding) +
                         ") would exceed your documents quota: " + describeBytes(user_used) +
                         " used of " + describeBytes(quotas.user_bytes) + "; nothing was stored",
                     "documents.user_quota_bytes");
  }
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t school_used, schoolUsage(db));
  if (school_used + adding > quotas.school_bytes) {
    return makeError(
        Errc::resource_exhausted,
        "these files (" + describeBytes(adding) +
            ") would exceed the school's documents quota: " + describeBytes(school_used) +
            " used of " + describeBytes(quotas.school_bytes) + "; nothing was stored",
        "documents.school_quota_bytes");
  }
  return okStatus();
}

Result<std::optional<std::int64_t>> documentNamed(Connection& db, std::int64_t folder_id,
                                                  const std::string& name, std::int64_t self) {
  return db.scalarInt64("SELECT id FROM documents WHERE folder_id = ? AND name_key = ? AND id <> ?",
                        folder_id, nameKey(name), self);
}

// Adds `file` to folder `folder_id` as a new document or a new version;
// returns the document's id.
Result<std::int64_t> addFile(Connection& db, std::int64_t folder_id, const files::FileInfo& file,
                             std::int64_t uploader_id, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(checkName(file.name, kMaxDocumentName, "file"));
  CARTABLE_ASSIGN_OR_RETURN(auto existing, documentNamed(db, folder_id, file.name, 0));
  std::int64_t document_id = 0;
  if (existing) {
    document_id = *existing;
    CARTABLE_RETURN_IF_ERROR(
        db.exec("UPDATE documents SET updated_at = ? WHERE id = ?", now, document_id));
  } else {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO documents (folder_id, name, name_key, created_by, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                folder_id, file.name, nameKey(file.name), uploader_id, now, now));
    document_id = db.lastInsertId();
  }
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO document_versions (document_id, number, file_id, size, uploaded_by, "
              "uploaded_at) SELECT ?1, ifnull(max(number), 0) + 1, ?2, ?3, ?4, ?5 "
              "FROM document_versions WHERE document_id = ?1",
              document_id, file.id, static_cast<std::int64_t>(file.size), uploader_id, now));
  return document_id;
}

Result<Folder> targetFolder(Connection& db, std::int64_t folder_id) {
  auto folder = getFolder(db, folder_id);
  if (!folder.ok() && folder.error().code == Errc::not_found) {
    return detail::invalid("folder_id", "names no folder: " + std::to_string(folder_id));
  }
  return folder;
}

}  // namespace

Result<Document> getDocument(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, detail::collect<Document>(db.query(std::string("SELECT ") + kDocumentColumns +
                                                         " FROM documents d WHERE d.id = ?",
                                                     id),
                                            readDocument));
  if (found.empty()) {
    return makeError(Errc::not_found, "no document with id " + std::to_string(id), "id");
  }
  CARTABLE_RETURN_IF_ERROR(fillVersions(db, found, "v.document_id = ?", id));
  return found.front();
}

Result<std::vector<Document>> documentsIn(Connection& db, std::int64_t folder_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, detail::collect<Document>(db.query(std::string("SELECT ") + kDocumentColumns +
                                                         " FROM documents d WHERE d.folder_id = ? "
                                                         "ORDER BY d.name_key, d.id",
                                                     folder_id),
                                            readDocument));
  CARTABLE_RETURN_IF_ERROR(fillVersions(
      db, found, "v.document_id IN (SELECT id FROM documents WHERE folder_id = ?)", folder_id));
  return found;
}

Result<std::int64_t> versionFile(Connection& db, std::int64_t id, std::int64_t number) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto file, db.scalarInt64("SELECT file_id FROM document_versions WHERE document_id = ? AND "
                                "number = ?",
                                id, number));
  if (!file) {
    return makeError(Errc::not_found,
                     "document " + std::to_string(id) + " has no version " + std::to_string(number),
                     "number");
  }
  return *file;
}

Result<std::uint64_t> userUsage(Connection& db, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto sum,
                            db.scalarInt64("SELECT ifnull(sum(size), 0) FROM document_versions "
                                           "WHERE uploaded_by = ?",
                                           user_id));
  return static_cast<std::uint64_t>(sum.value_or(0));
}

Result<std::uint64_t> schoolUsage(Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(auto sum,
                            db.scalarInt64("SELECT ifnull(sum(size), 0) FROM document_versions"));
  return static_cast<std::uint64_t>(sum.value_or(0));
}

Result<std::vector<Document>> addFiles(Connection& db, std::int64_t folder_id,
                                       const std::vector<files::FileInfo>& files,
                                       std::int64_t uploader_id, const Quotas& quotas,
                                       Seconds now) {
  CARTABLE_RETURN_IF_ERROR(getFolder(db, folder_id));
  std::uint64_t adding = 0;
  for (const files::FileInfo& file : files) adding += file.size;
  CARTABLE_RETURN_IF_ERROR(checkQuotas(db, uploader_id, adding, quotas));
  std::vector<std::int64_t> touched;
  for (const files::FileInfo& file : files) {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, addFile(db, folder_id, file, uploader_id, now));
    if (std::find(touched.begin(), touched.end(), id) == touched.end()) touched.push_back(id);
  }
  std::vector<Document> out;
  for (const std::int64_t id : touched) {
    CARTABLE_ASSIGN_OR_RETURN(auto document, getDocument(db, id));
    out.push_back(std::move(document));
  }
  return out;
}

Result<Document> updateDocument(Connection& db, std::int64_t id, const DocumentChange& change,
                                Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Document document, getDocument(db, id));
  if (change.folder_id) {
    CARTABLE_ASSIGN_OR_RETURN(Folder current, getFolder(db, document.folder_id));
    CARTABLE_ASSIGN_OR_RETURN(Folder target, targetFolder(db, *change.folder_id));
    if (!detail::sameSpace(current, target)) {
      return detail::invalid("folder_id", "is in another space: documents move within their space");
    }
    document.folder_id = target.id;
  }
  if (change.name) {
    CARTABLE_RETURN_IF_ERROR(checkName(*change.name, kMaxDocumentName, "name"));
    document.name = *change.name;
  }
  CARTABLE_ASSIGN_OR_RETURN(auto taken, documentNamed(db, document.folder_id, document.name, id));
  if (taken) {
    return makeError(Errc::conflict,
                     "\"name\" \"" + document.name +
                         "\" is already the name of a document in that folder (upload the file "
                         "there to add a version)",
                     "name");
  }
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE documents SET folder_id = ?, name = ?, name_key = ?, updated_at = ? "
              "WHERE id = ?",
              document.folder_id, document.name, nameKey(document.name), now, id));
  document.updated_at = now;
  return document;
}

Status deleteDocument(Connection& db, std::int64_t id) {
  CARTABLE_RETURN_IF_ERROR(getDocument(db, id));
  return db.exec("DELETE FROM documents WHERE id = ?", id);
}

}  // namespace cartable::documents
