// The content-addressed file store. An uploaded file's bytes live once on disk
// under <root>/ab/cdef... (named by their SHA-256), its metadata in the `files`
// table. Features (homework, documents, messages, absence justifications)
// reference files(id) with a foreign key; a file that nothing references any
// more is removed by sweepUnreferenced.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::files {

// A file as received.
struct Upload {
  std::string name;           // the file name the client sent
  std::string declared_type;  // the Content-Type the client sent; may be empty
  std::string_view content;
  std::string field;  // the form field, named in errors ("file", "files[2]")
};

struct FileInfo {
  std::int64_t id = 0;
  std::string sha256;  // 64 lowercase hex digits
  std::uint64_t size = 0;
  std::string content_type;  // found from the bytes, never the declared type
  std::string name;          // sanitised
  std::optional<std::int64_t> uploaded_by;
  Seconds created_at = 0;
};

// The accepted type of `content`, found from its first bytes (magic numbers):
// PDF, PNG, JPEG, GIF, WebP, UTF-8 text, OpenDocument text/spreadsheet/
// presentation, Word/Excel/PowerPoint (OOXML), MP3 and M4A audio. Nothing
// when the content is none of these.
std::optional<std::string> sniffContentType(std::string_view content);

// A name safe to store and send back: the last path component, without
// control characters, quotes or characters Windows refuses, without leading
// dots, at most 200 bytes (the extension kept), "fichier" when nothing is left.
std::string sanitiseFileName(std::string_view name);

// `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<RFC 5987 encoding>`.
std::string attachmentDisposition(std::string_view name);

class FileStore;

// An accepted upload whose bytes are on disk. While it lives, the sweeper
// leaves its blob alone: record it (in the transaction that references it)
// before letting it go.
class StagedFile {
 public:
  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile();

  const std::string& sha256() const { return sha256_; }
  std::uint64_t size() const { return size_; }
  const std::string& contentType() const { return content_type_; }
  const std::string& name() const { return name_; }

 private:
  friend class FileStore;
  StagedFile(FileStore* store, std::string sha256, std::uint64_t size, std::string content_type,
             std::string name);
  FileStore* store_;
  std::string sha256_;
  std::uint64_t size_;
  std::string content_type_;
  std::string name_;
};

struct SweepReport {
  int rows = 0;   // `files` rows nothing referenced
  int blobs = 0;  // blobs (and leftover temporary files) removed from disk
};

class FileStore {
 public:
  // Blobs live under `root` (<data_dir>/files), created on first use; files
  // larger than `max_bytes` are refused.
  FileStore(std::filesystem::path root, std::uint64_t max_bytes);

  // Checks `upload` without writing anything: resource_exhausted when it is
  // larger than the limit; invalid_argument naming upload.field when it is
  // empty, of a type not accepted, or declared as a type its bytes are not.
  // Returns the type found from the bytes.
  Result<std::string> check(const Upload& upload) const;

  // Checks `upload`, then writes its bytes unless the same content is already
  // stored: to a temporary file in the blob's directory, synced, renamed, and
  // the directory synced. io_error when the disk fails (nothing is left behind).
  Result<StagedFile> stage(const Upload& upload);

  // Inserts the metadata row of `staged` in the caller's transaction.
  Result<FileInfo> record(storage::Connection& db, const StagedFile& staged,
                          std::int64_t uploaded_by, Seconds now);

  // The metadata of file `id`; not_found when absent.
  static Result<FileInfo> find(storage::Connection& db, std::int64_t id);

  // What the store holds according to the `files` table: its rows, the
  // distinct blobs they name and the bytes of those blobs on disk.
  struct Usage {
    std::int64_t files = 0;
    std::int64_t blobs = 0;
    std::int64_t bytes = 0;
  };
  static Result<Usage> usage(storage::Connection& db);

  // The bytes of `file`; corrupt when the blob is missing or of another size.
  Result<std::string> read(const FileInfo& file) const;

  // Deletes the `files` rows that no foreign key references, then the blobs
  // (and temporary files left by a crash) that no row names, except those of
  // files being staged. Runs on the writer, so no upload commits meanwhile.
  Result<SweepReport> sweepUnreferenced(storage::Database& db);

  // The two phases of the blob sweep. Listing runs on a read snapshot, beside
  // the writer: the blobs no row names, and every temporary file.
  Result<std::vector<std::filesystem::path>> listOrphanCandidates(storage::Connection& db) const;
  // On the writer: removes the candidates still named by no row and not being
  // staged; returns how many were removed.
  Result<int> removeOrphans(storage::Connection& db,
                            const std::vector<std::filesystem::path>& candidates);

  std::filesystem::path blobPath(std::string_view sha256) const;
  std::uint64_t maxBytes() const { return max_bytes_; }

 private:
  friend class StagedFile;
  void pin(const std::string& sha256);
  void unpin(const std::string& sha256);
  Status writeBlob(const std::string& sha256, std::string_view content);

  std::filesystem::path root_;
  std::uint64_t max_bytes_;
  mutable std::mutex mutex_;
  std::map<std::string, int> pins_;  // blobs being staged, by hash, with a count
  std::uint64_t temp_counter_ = 0;   // guarded by mutex_
};

}  // namespace cartable::files
