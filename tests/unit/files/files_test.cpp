// The content-addressed file store: types found from the bytes, one blob per
// content, the size limit, crash-safe writes and the sweep of what nothing uses.
#include "files/files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/storage/migrations.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::files {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kPdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";
constexpr std::string_view kPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
// SHA-256 of "abc".
constexpr const char* kAbcSha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

std::string le(std::uint32_t value, int bytes) {
  std::string out;
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

// A ZIP file whose entries are stored uncompressed, as office suites write
// the "mimetype" entry of OpenDocument files.
std::string storedZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out, central;
  for (const auto& [name, data] : entries) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto size = static_cast<std::uint32_t>(data.size());
    const auto name_size = static_cast<std::uint32_t>(name.size());
    out += std::string("PK\x03\x04", 4) + le(20, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4) +
           le(size, 4) + le(size, 4) + le(name_size, 2) + le(0, 2) + name + data;
    central += std::string("PK\x01\x02", 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(0, 2) +
               le(0, 4) + le(0, 4) + le(size, 4) + le(size, 4) + le(name_size, 2) + le(0, 2) +
               le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(offset, 4) + name;
  }
  const auto count = static_cast<std::uint32_t>(entries.size());
  const auto central_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  out += std::string("PK\x05\x06", 4) + le(0, 2) + le(0, 2) + le(count, 2) + le(count, 2) +
         le(static_cast<std::uint32_t>(central.size()), 4) + le(central_offset, 4) + le(0, 2);
  return out;
}

TEST(Sniffing, TheTypeComesFromTheBytes) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {std::string(kPdf), "application/pdf"},
      {std::string(kPng), "image/png"},
      {"\xff\xd8\xff\xe0\0\x10JFIF", "image/jpeg"},
      {"GIF89a\x01\0\x01\0", "image/gif"},
      {std::string("RIFF\x24\0\0\0WEBPVP8 ", 16), "image/webp"},
      {"Bonjour, voici mon devoir.\r\nÉté 2026\n", "text/plain"},
      {std::string("ID3\x04\0\0\0\0\0\0", 10), "audio/mpeg"},
      {"\xff\xfb\x90\x64", "audio/mpeg"},
      {std::string("\0\0\0\x20", 4) + "ftypM4A \0\0\0\0", "audio/mp4"},
      {storedZip(
           {{"mimetype", "application/vnd.oasis.opendocument.text"}, {"content.xml", "<x/>"}}),
       "application/vnd.oasis.opendocument.text"},
      {storedZip({{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"}}),
       "application/vnd.oasis.opendocument.spreadsheet"},
      {storedZip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w/>"}}),
       "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
      {storedZip({{"[Content_Types].xml", "<Types/>"}, {"xl/workbook.xml", "<x/>"}}),
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
      {storedZip({{"[Content_Types].xml", "<Types/>"}, {"ppt/presentation.xml", "<p/>"}}),
       "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
  };
  for (const auto& [content, type] : cases) {
    EXPECT_EQ(sniffContentType(content).value_or("none"), type) << type;
  }
}

TEST(Sniffing, ContentOfOtherTypesIsNotAccepted) {
  for (const std::string& content :
       {std::string("MZ\x90\0\x03\0\0\0", 8),
        std::string("\x7f"
                    "ELF\x02\x01",
                    6),
        storedZip({{"evil.sh", "rm -rf /"}}), std::string("text with a NUL\0 byte", 21),
        std::string("PK\x03\x04", 4), std::string("RIFF\0\0\0\0WAVE", 12),
        std::string("latin-1 caf\xe9")}) {
    EXPECT_FALSE(sniffContentType(content).has_value()) << content;
  }
}

TEST(FileNames, AreCutToTheirLastComponentAndCleaned) {
  EXPECT_EQ(sanitiseFileName("C:\\Users\\élève\\Devoir: maths?.pdf"), "Devoir_ maths_.pdf");
  EXPECT_EQ(sanitiseFileName("../../etc/passwd"), "passwd");
  EXPECT_EQ(sanitiseFileName("..."), "fichier");
  EXPECT_EQ(sanitiseFileName(".bashrc"), "bashrc");
  EXPECT_EQ(sanitiseFileName("a\x01\x1f\"b.txt"), "a_b.txt");
  EXPECT_EQ(sanitiseFileName("bad\xff.txt"), "bad_.txt");
  const std::string long_name = sanitiseFileName(std::string(300, 'a') + ".docx");
  EXPECT_EQ(long_name.size(), 200u);
  EXPECT_TRUE(long_name.ends_with("a.docx"));
}

TEST(FileNames, AreSentBackAsAnAttachmentWithAnRfc5987Name) {
  EXPECT_EQ(attachmentDisposition("exposé final.pdf"),
            "attachment; filename=\"expos_ final.pdf\"; "
            "filename*=UTF-8''expos%C3%A9%20final.pdf");
  EXPECT_EQ(attachmentDisposition("a\"b;c.txt"),
            "attachment; filename=\"a_b;c.txt\"; filename*=UTF-8''a%22b%3Bc.txt");
}

class Store : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    ASSERT_TRUE(db_->write([](storage::Connection& db) {
                     return db.script(
                         "INSERT INTO users (id, login, given_name, family_name, created_at, "
                         "updated_at) VALUES (1, 'prof', 'P', 'Prof', 0, 0);"
                         "CREATE TABLE test_refs (file_id INTEGER REFERENCES files(id))");
                   })
                    .ok());
  }

  Upload upload(std::string_view content, const std::string& name = "devoir.pdf",
                const std::string& type = "") {
    return Upload{name, type, content, "file"};
  }

  FileInfo recordOf(const StagedFile& staged) {
    FileInfo info;
    EXPECT_TRUE(db_->write([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(info, store_.record(db, staged, 1, clock_.now()));
                     return okStatus();
                   })
                    .ok());
    return info;
  }

  void reference(std::int64_t file_id) {
    ASSERT_TRUE(db_->write([&](storage::Connection& db) {
                     return db.exec("INSERT INTO test_refs VALUES (?)", file_id);
                   })
                    .ok());
  }

  // Every regular file under the store's root.
  std::vector<std::string> filesOnDisk() const {
    std::vector<std::string> out;
    if (!fs::exists(root_)) return out;
    for (const auto& entry : fs::recursive_directory_iterator(root_)) {
      if (entry.is_regular_file()) out.push_back(fs::relative(entry.path(), root_).string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  std::int64_t count(const std::string& sql) {
    std::int64_t n = -1;
    EXPECT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(auto value, db.scalarInt64(sql));
                     n = value.value_or(-1);
                     return okStatus();
                   })
                    .ok());
    return n;
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  fs::path root_ = dir_.path() / "files";
  FileStore store_{root_, 1024};
};

TEST_F(Store, ABlobIsNamedByTheSha256OfItsBytesAndReadsBack) {
  auto staged = store_.stage(upload("abc", "notes.txt"));
  ASSERT_TRUE(staged.ok()) << staged.error().message;
  EXPECT_EQ(staged->sha256(), kAbcSha);
  EXPECT_EQ(staged->contentType(), "text/plain");
  EXPECT_EQ(filesOnDisk(), std::vector<std::string>{"ba/" + std::string(kAbcSha + 2)});
  const FileInfo info = recordOf(*staged);
  EXPECT_EQ(info.name, "notes.txt");
  EXPECT_EQ(info.size, 3u);
  EXPECT_EQ(store_.read(info).value(), "abc");
}

TEST_F(Store, TheSameContentIsStoredOnce) {
  auto first = store_.stage(upload(kPdf, "a.pdf"));
  auto second = store_.stage(upload(kPdf, "b.pdf", "application/pdf"));
  ASSERT_TRUE(first.ok() && second.ok());
  const FileInfo a = recordOf(*first);
  const FileInfo b = recordOf(*second);
  EXPECT_NE(a.id, b.id);
  EXPECT_EQ(a.sha256, b.sha256);
  EXPECT_EQ(filesOnDisk().size(), 1u);
}

TEST_F(Store, AFileOverTheLimitIsRefusedAndNothingIsWritten) {
  const std::string big(1025, 'x');
  auto staged = store_.stage(upload(big, "gros.txt"));
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.error().code, Errc::resource_exhausted);
  EXPECT_EQ(staged.error().message, "file \"gros.txt\" is 1025 bytes; the limit is 1024 bytes");
  EXPECT_EQ(staged.error().field, "file");
  EXPECT_TRUE(filesOnDisk().empty());
  EXPECT_TRUE(store_.stage(upload(std::string(1024, 'x'), "juste.txt")).ok());
}

TEST_F(Store, ATypeNotAcceptedIsRefusedNamingTheFile) {
  auto staged = store_.stage(upload(std::string("MZ\x90\0\x03\0", 6), "setup.exe"));
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.error().code, Errc::invalid_argument);
  EXPECT_TRUE(staged.error().message.starts_with("file \"setup.exe\" is not of an accepted type ("))
      << staged.error().message;
  EXPECT_TRUE(filesOnDisk().empty());
}

TEST_F(Store, ADeclaredTypeTheBytesContradictIsRefused) {
  auto staged = store_.stage(upload(kPng, "photo.pdf", "application/pdf"));
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.error().code, Errc::invalid_argument);
  EXPECT_EQ(staged.error().message,
            "file \"photo.pdf\" is declared as application/pdf but its content is image/png");
  EXPECT_TRUE(filesOnDisk().empty());
}

TEST_F(Store, CommonAliasesAndNoClaimAtAllAreAccepted) {
  EXPECT_TRUE(store_.check(upload("\xff\xd8\xff\xe0", "p.jpg", "image/jpg")).ok());
  EXPECT_TRUE(store_.check(upload("a,b\n1,2\n", "t.csv", "text/csv; charset=utf-8")).ok());
  EXPECT_TRUE(store_.check(upload(kPdf, "d.pdf", "application/octet-stream")).ok());
  EXPECT_TRUE(store_.check(upload(kPdf, "d.pdf", "")).ok());
}

TEST_F(Store, AnEmptyFileIsRefused) {
  auto checked = store_.check(upload("", "vide.pdf"));
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().message, "file \"vide.pdf\" is empty");
}

TEST_F(Store, ATemporaryFileLeftByACrashIsNeverReadAndIsSwept) {
  // A crash between write and rename leaves a partial temporary file only.
  fs::create_directories(root_ / "ba");
  std::ofstream(root_ / "ba" / (std::string(".tmp-") + kAbcSha + "-7")) << "ab";
  FileInfo missing{1, kAbcSha, 3, "text/plain", "notes.txt", 1, 0};
  auto read = store_.read(missing);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, Errc::corrupt);
  auto report = store_.sweepUnreferenced(*db_);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->blobs, 1);
  EXPECT_TRUE(filesOnDisk().empty());
}

TEST_F(Store, ABlobOfTheWrongSizeReadsAsCorruptAndIsRewrittenByTheNextUpload) {
  auto staged = store_.stage(upload("abc", "notes.txt"));
  ASSERT_TRUE(staged.ok());
  const FileInfo info = recordOf(*staged);
  std::ofstream(store_.blobPath(kAbcSha), std::ios::trunc) << "a";
  EXPECT_EQ(store_.read(info).error().code, Errc::corrupt);
  ASSERT_TRUE(store_.stage(upload("abc", "again.txt")).ok());
  EXPECT_EQ(store_.read(info).value(), "abc");
}

TEST_F(Store, AFailedWriteLeavesNothingBehind) {
  // A plain file where the blob's directory should be: the write cannot happen.
  fs::create_directories(root_);
  std::ofstream(root_ / "ba") << "in the way";
  auto staged = store_.stage(upload("abc", "notes.txt"));
  ASSERT_FALSE(staged.ok());
  EXPECT_EQ(staged.error().code, Errc::io_error);
  EXPECT_EQ(filesOnDisk(), std::vector<std::string>{"ba"});
}

TEST_F(Store, TheSweepRemovesRowsNothingReferencesAndBlobsNoRowNames) {
  FileInfo kept_info;
  {
    auto kept = store_.stage(upload("abc", "kept.txt"));
    auto copy = store_.stage(upload("abc", "copy.txt"));
    auto dropped = store_.stage(upload(kPdf, "dropped.pdf"));
    ASSERT_TRUE(kept.ok() && copy.ok() && dropped.ok());
    kept_info = recordOf(*kept);
    recordOf(*copy);
    recordOf(*dropped);
    reference(kept_info.id);
    auto report = store_.sweepUnreferenced(*db_);
    ASSERT_TRUE(report.ok()) << report.error().message;
    EXPECT_EQ(report->rows, 2);   // copy.txt and dropped.pdf
    EXPECT_EQ(report->blobs, 0);  // uploads still in progress are left alone
  }
  auto report = store_.sweepUnreferenced(*db_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->rows, 0);
  EXPECT_EQ(report->blobs, 1);  // the PDF; "abc" is still named by kept.txt's row
  EXPECT_EQ(count("SELECT count(*) FROM files"), 1);
  EXPECT_EQ(store_.read(kept_info).value(), "abc");
  EXPECT_EQ(filesOnDisk().size(), 1u);
}

TEST_F(Store, AStagedFileIsKeptUntilReleasedThenSweptWhenNeverRecorded) {
  {
    auto staged = store_.stage(upload(kPdf));
    ASSERT_TRUE(staged.ok());
    ASSERT_TRUE(store_.sweepUnreferenced(*db_).ok());
    EXPECT_EQ(filesOnDisk().size(), 1u);
  }
  auto report = store_.sweepUnreferenced(*db_);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->blobs, 1);
  EXPECT_TRUE(filesOnDisk().empty());
}

TEST_F(Store, ABlobRecordedAfterTheSweepListedItIsKept) {
  // The listing runs beside the writer, so an upload may commit its row
  // between the listing and the removal: the removal checks again.
  std::vector<fs::path> candidates;
  FileInfo info;
  {
    auto staged = store_.stage(upload("abc", "late.txt"));
    ASSERT_TRUE(staged.ok());
    ASSERT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(candidates, store_.listOrphanCandidates(db));
                     return okStatus();
                   })
                    .ok());
    info = recordOf(*staged);
  }
  ASSERT_EQ(candidates.size(), 1u);
  int removed = -1;
  ASSERT_TRUE(db_->write([&](storage::Connection& db) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(removed, store_.removeOrphans(db, candidates));
                   return okStatus();
                 })
                  .ok());
  EXPECT_EQ(removed, 0);
  EXPECT_EQ(store_.read(info).value(), "abc");
}

}  // namespace
}  // namespace cartable::files
