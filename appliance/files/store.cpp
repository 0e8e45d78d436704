#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <vector>

#include "files/files.h"

namespace cartable::files {
namespace {

namespace fs = std::filesystem;
using storage::Connection;

constexpr std::string_view kTempPrefix = ".tmp-";
constexpr std::string_view kAcceptedTypes =
    "PDF, PNG, JPEG, GIF, WebP, UTF-8 text, OpenDocument, Word, Excel, PowerPoint, MP3, M4A";

std::string toHex(const unsigned char* bytes, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < size; ++i) {
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0x0f];
  }
  return out;
}

std::string sha256Hex(std::string_view content) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(content.data()),
                     content.size());
  return toHex(digest, sizeof digest);
}

// The media type of a Content-Type header: lower case, parameters dropped.
std::string mediaType(std::string_view declared) {
  declared = declared.substr(0, declared.find(';'));
  std::string out;
  for (const char c : declared) {
    if (c != ' ' && c != '\t')
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

// Whether a client that declared `declared` may have sent content of type
// `found`: the type itself, its common aliases, or no claim at all.
bool declaredMatches(std::string_view declared_header, const std::string& found) {
  const std::string declared = mediaType(declared_header);
  if (declared.empty() || declared == "application/octet-stream" || declared == found) return true;
  if (found == "text/plain") return declared.starts_with("text/");
  if (found.find("openxmlformats") != std::string::npos) {
    return declared == "application/zip" || declared == "application/x-zip-compressed";
  }
  static const std::set<std::pair<std::string, std::string>> kAliases = {
      {"application/pdf", "application/x-pdf"},
      {"image/jpeg", "image/jpg"},
      {"image/jpeg", "image/pjpeg"},
      {"image/png", "image/x-png"},
      {"audio/mpeg", "audio/mp3"},
      {"audio/mpeg", "audio/mpeg3"},
      {"audio/mpeg", "audio/x-mpeg"},
      {"audio/mp4", "audio/x-m4a"},
      {"audio/mp4", "audio/m4a"}};
  return kAliases.contains({found, declared});
}

Error ioError(const std::string& what, const fs::path& path, int error_number) {
  return makeError(Errc::io_error, what + " " + path.string() + ": " + std::strerror(error_number));
}

Status writeAll(int fd, std::string_view content, const fs::path& path) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return ioError("cannot write", path, errno);
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  if (::fsync(fd) != 0) return ioError("cannot sync", path, errno);
  return okStatus();
}

Status syncDirectory(const fs::path& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ioError("cannot open", directory, errno);
  const int synced = ::fsync(fd);
  const int error_number = errno;
  ::close(fd);
  if (synced != 0) return ioError("cannot sync", directory, error_number);
  return okStatus();
}

// Writes `content` to `temp`, then renames it to `target`; on failure removes `temp`.
Status writeThenRename(const fs::path& temp, const fs::path& target, std::string_view content) {
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return ioError("cannot create", temp, errno);
  Status written = writeAll(fd, content, temp);
  if (::close(fd) != 0 && written.ok()) written = ioError("cannot close", temp, errno);
  if (written.ok() && ::rename(temp.c_str(), target.c_str()) != 0) {
    written = ioError("cannot rename to", target, errno);
  }
  if (!written.ok()) ::unlink(temp.c_str());
  return written;
}

FileInfo readInfo(const storage::Statement& row) {
  FileInfo info;
  info.id = row.int64(0);
  info.sha256 = row.text(1);
  info.size = static_cast<std::uint64_t>(row.int64(2));
  info.content_type = row.text(3);
  info.name = row.text(4);
  info.uploaded_by = row.optionalInt64(5);
  info.created_at = row.int64(6);
  return info;
}

std::string quoted(const std::string& identifier) {
  std::string out = "\"";
  for (const char c : identifier) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// DELETE of the files rows that no foreign key to files(id) references.
Result<std::string> unreferencedRowsQuery(Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto references,
      db.query("SELECT m.name, f.\"from\" FROM sqlite_schema m, pragma_foreign_key_list(m.name) f "
               "WHERE m.type = 'table' AND f.\"table\" = 'files'"));
  std::string sql = "DELETE FROM files WHERE 1";
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, references.step());
    if (!has_row) break;
    const std::string table = quoted(references.text(0));
    const std::string column = quoted(references.text(1));
    sql += " AND id NOT IN (SELECT " + column + " FROM " + table + " WHERE " + column +
           " IS NOT NULL)";
  }
  return sql;
}

}  // namespace

StagedFile::StagedFile(FileStore* store, std::string sha256, std::uint64_t size,
                       std::string content_type, std::string name)
    : store_(store),
      sha256_(std::move(sha256)),
      size_(size),
      content_type_(std::move(content_type)),
      name_(std::move(name)) {}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : store_(std::exchange(other.store_, nullptr)),
      sha256_(std::move(other.sha256_)),
      size_(other.size_),
      content_type_(std::move(other.content_type_)),
      name_(std::move(other.name_)) {}

StagedFile::~StagedFile() {
  if (store_ != nullptr) store_->unpin(sha256_);
}

FileStore::FileStore(std::filesystem::path root, std::uint64_t max_bytes)
    : root_(std::move(root)), max_bytes_(max_bytes) {}

fs::path FileStore::blobPath(std::string_view sha256) const {
  return root_ / std::string(sha256.substr(0, 2)) / std::string(sha256.substr(2));
}

Result<std::string> FileStore::check(const Upload& upload) const {
  const std::string shown = "file \"" + sanitiseFileName(upload.name) + "\"";
  if (upload.content.size() > max_bytes_) {
    return makeError(Errc::resource_exhausted,
                     shown + " is " + std::to_string(upload.content.size()) +
                         " bytes; the limit is " + std::to_string(max_bytes_) + " bytes",
                     upload.field);
  }
  if (upload.content.empty()) {
    return makeError(Errc::invalid_argument, shown + " is empty", upload.field);
  }
  const auto found = sniffContentType(upload.content);
  if (!found) {
    return makeError(Errc::invalid_argument,
                     shown + " is not of an accepted type (" + std::string(kAcceptedTypes) + ")",
                     upload.field);
  }
  if (!declaredMatches(upload.declared_type, *found)) {
    return makeError(Errc::invalid_argument,
                     shown + " is declared as " + mediaType(upload.declared_type) +
                         " but its content is " + *found,
                     upload.field);
  }
  return *found;
}

Result<StagedFile> FileStore::stage(const Upload& upload) {
  CARTABLE_ASSIGN_OR_RETURN(std::string type, check(upload));
  StagedFile staged(this, sha256Hex(upload.content), upload.content.size(), std::move(type),
                    sanitiseFileName(upload.name));
  pin(staged.sha256());
  CARTABLE_RETURN_IF_ERROR(writeBlob(staged.sha256(), upload.content));
  return staged;
}

Status FileStore::writeBlob(const std::string& sha256, std::string_view content) {
  const fs::path target = blobPath(sha256);
  std::error_code error;
  if (fs::file_size(target, error) == content.size() && !error) return okStatus();
  fs::create_directories(target.parent_path(), error);
  if (error) return ioError("cannot create", target.parent_path(), error.value());
  std::string temp_name;
  {
    std::lock_guard lock(mutex_);
    temp_name = std::string(kTempPrefix) + sha256 + "-" + std::to_string(++temp_counter_);
  }
  CARTABLE_RETURN_IF_ERROR(writeThenRename(target.parent_path() / temp_name, target, content));
  CARTABLE_RETURN_IF_ERROR(syncDirectory(target.parent_path()));
  return syncDirectory(root_);
}

Result<FileInfo> FileStore::record(Connection& db, const StagedFile& staged,
                                   std::int64_t uploaded_by, Seconds now) {
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO files (sha256, size, content_type, name, uploaded_by, created_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              staged.sha256(), static_cast<std::int64_t>(staged.size()), staged.contentType(),
              staged.name(), uploaded_by, now));
  return FileInfo{db.lastInsertId(),
                  staged.sha256(),
                  staged.size(),
                  staged.contentType(),
                  staged.name(),
                  uploaded_by,
                  now};
}

Result<FileInfo> FileStore::find(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row, db.query("SELECT id, sha256, size, content_type, name, uploaded_by, created_at "
                         "FROM files WHERE id = ?",
                         id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return makeError(Errc::not_found, "no such file: " + std::to_string(id), "file_id");
  return readInfo(row);
}

Result<FileStore::Usage> FileStore::usage(Connection& db) {
  // Identical content is stored once, so blobs and bytes count distinct hashes.
  CARTABLE_ASSIGN_OR_RETURN(
      auto row, db.query("SELECT (SELECT count(*) FROM files), count(*), ifnull(sum(size), 0) "
                         "FROM (SELECT sha256, max(size) AS size FROM files GROUP BY sha256)"));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return Usage{};
  return Usage{row.int64(0), row.int64(1), row.int64(2)};
}

Result<std::string> FileStore::read(const FileInfo& file) const {
  const fs::path path = blobPath(file.sha256);
  std::error_code error;
  const auto size = fs::file_size(path, error);
  if (error || size != file.size) {
    return makeError(Errc::corrupt, "file " + std::to_string(file.id) + ": blob " + path.string() +
                                        " is missing or not " + std::to_string(file.size) +
                                        " bytes long");
  }
  std::ifstream in(path, std::ios::binary);
  std::string content(file.size, '\0');
  if (!in.read(content.data(), static_cast<std::streamsize>(content.size()))) {
    return ioError("cannot read", path, errno);
  }
  return content;
}

Result<SweepReport> FileStore::sweepUnreferenced(storage::Database& db) {
  SweepReport report;
  CARTABLE_RETURN_IF_ERROR(db.write([&](Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(const std::string sql, unreferencedRowsQuery(conn));
    CARTABLE_RETURN_IF_ERROR(conn.exec(sql));
    report.rows = conn.changes();
    return okStatus();
  }));
  // Listing every blob takes long on a school with years of uploads, so it
  // runs beside the writer against a read snapshot; only the few candidates
  // are checked again, and removed, with the writer held, so that no upload
  // records a row for a blob while it is being removed.
  std::vector<fs::path> candidates;
  CARTABLE_RETURN_IF_ERROR(db.read([&](Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(candidates, listOrphanCandidates(conn));
    return okStatus();
  }));
  if (candidates.empty()) return report;
  CARTABLE_RETURN_IF_ERROR(db.write([&](Connection& conn) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(report.blobs, removeOrphans(conn, candidates));
    return okStatus();
  }));
  return report;
}

namespace {

// The hash a blob or temporary file in directory `prefix` stands for.
std::string hashOf(const std::string& prefix, const std::string& name) {
  return name.starts_with(kTempPrefix) ? name.substr(kTempPrefix.size(), 64) : prefix + name;
}

Result<std::set<std::string>> liveHashes(Connection& db) {
  std::set<std::string> live;
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query("SELECT DISTINCT sha256 FROM files"));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) break;
    live.insert(rows.text(0));
  }
  return live;
}

}  // namespace

Result<std::vector<fs::path>> FileStore::listOrphanCandidates(Connection& db) const {
  CARTABLE_ASSIGN_OR_RETURN(const std::set<std::string> live, liveHashes(db));
  std::vector<fs::path> candidates;
  std::error_code error;
  for (auto dir = fs::directory_iterator(root_, error); !error && dir != fs::directory_iterator();
       dir.increment(error)) {
    const std::string prefix = dir->path().filename().string();
    if (prefix.size() != 2 || !dir->is_directory()) continue;
    std::error_code inner;
    for (auto blob = fs::directory_iterator(dir->path(), inner);
         !inner && blob != fs::directory_iterator(); blob.increment(inner)) {
      const std::string name = blob->path().filename().string();
      const bool temporary = name.starts_with(kTempPrefix);
      if (temporary || !live.contains(hashOf(prefix, name))) candidates.push_back(blob->path());
    }
  }
  if (error && error != std::errc::no_such_file_or_directory) {
    return ioError("cannot list", root_, error.value());
  }
  return candidates;
}

Result<int> FileStore::removeOrphans(Connection& db, const std::vector<fs::path>& candidates) {
  int removed = 0;
  std::lock_guard lock(mutex_);
  for (const fs::path& path : candidates) {
    const std::string name = path.filename().string();
    const std::string sha256 = hashOf(path.parent_path().filename().string(), name);
    if (pins_.contains(sha256)) continue;
    if (!name.starts_with(kTempPrefix)) {
      CARTABLE_ASSIGN_OR_RETURN(auto row,
                                db.query("SELECT 1 FROM files WHERE sha256 = ? LIMIT 1", sha256));
      CARTABLE_ASSIGN_OR_RETURN(const bool still_named, row.step());
      if (still_named) continue;
    }
    std::error_code ignored;
    if (fs::remove(path, ignored)) ++removed;
  }
  return removed;
}

void FileStore::pin(const std::string& sha256) {
  std::lock_guard lock(mutex_);
  ++pins_[sha256];
}

void FileStore::unpin(const std::string& sha256) {
  std::lock_guard lock(mutex_);
  if (--pins_[sha256] <= 0) pins_.erase(sha256);
}

}  // namespace cartable::files
