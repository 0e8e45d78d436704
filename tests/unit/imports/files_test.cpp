#include <Poco/Checksum.h>
#include <Poco/DeflatingStream.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "imports/parsers.h"
#include "unit/imports/import_fixtures.h"

namespace cartable::imports {
namespace {

using ::testing::HasSubstr;

// A ZIP archive written by hand, so that tests control every field,
// including the sizes an archive declares.
struct ZipEntry {
  std::string name;
  std::string data;
  bool deflate = false;
  std::uint32_t declared_size = 0;  // 0: the real size
};

void put16(std::string& out, std::uint32_t value) {
  out += static_cast<char>(value & 0xFF);
  out += static_cast<char>((value >> 8) & 0xFF);
}

void put32(std::string& out, std::uint32_t value) {
  put16(out, value & 0xFFFF);
  put16(out, value >> 16);
}

std::string rawDeflate(const std::string& data) {
  std::ostringstream out;
  Poco::DeflatingOutputStream deflater(out, -15, 1);
  deflater.write(data.data(), static_cast<std::streamsize>(data.size()));
  deflater.close();
  return out.str();
}

std::string makeZip(const std::vector<ZipEntry>& entries) {
  std::string archive;
  std::string directory;
  for (const auto& entry : entries) {
    Poco::Checksum crc(Poco::Checksum::TYPE_CRC32);
    crc.update(entry.data);
    const std::string stored = entry.deflate ? rawDeflate(entry.data) : entry.data;
    const auto size = entry.declared_size != 0 ? entry.declared_size
                                               : static_cast<std::uint32_t>(entry.data.size());
    std::string fields;  // what the local header and the directory share
    put16(fields, 20);   // version needed
    put16(fields, 0);    // flags
    put16(fields, entry.deflate ? 8 : 0);
    put16(fields, 0);     // time
    put16(fields, 0x21);  // date: 1980-01-01
    put32(fields, crc.checksum());
    put32(fields, static_cast<std::uint32_t>(stored.size()));
    put32(fields, size);
    put16(fields, static_cast<std::uint32_t>(entry.name.size()));
    put16(fields, 0);  // extra field length
    const auto offset = static_cast<std::uint32_t>(archive.size());
    put32(archive, 0x04034b50);
    archive += fields + entry.name + stored;
    put32(directory, 0x02014b50);
    put16(directory, 20);  // version made by
    directory += fields;
    put16(directory, 0);  // comment length
    put16(directory, 0);  // disk
    put16(directory, 0);  // internal attributes
    put32(directory, 0);  // external attributes
    put32(directory, offset);
    directory += entry.name;
  }
  const auto directory_offset = static_cast<std::uint32_t>(archive.size());
  archive += directory;
  put32(archive, 0x06054b50);
  put16(archive, 0);
  put16(archive, 0);
  put16(archive, static_cast<std::uint32_t>(entries.size()));
  put16(archive, static_cast<std::uint32_t>(entries.size()));
  put32(archive, static_cast<std::uint32_t>(directory.size()));
  put32(archive, directory_offset);
  put16(archive, 0);
  return archive;
}

// A scratch directory removed with the test.
class ImportsFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cartable-imports-files-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::filesystem::path dir_;
};

// --- Files: encodings, archives, limits ---

TEST(ImportsFiles, Latin9ToUtf8ConvertsTheEightLatin9CodePoints) {
  EXPECT_EQ(latin9ToUtf8("\xA4\xA6\xA8\xB4\xB8\xBC\xBD\xBE"), "€ŠšŽžŒœŸ");
  EXPECT_EQ(latin9ToUtf8("\xC9l\xE9onore \xFF"), "Éléonore ÿ");
  EXPECT_EQ(latin9ToUtf8("plain ASCII"), "plain ASCII");
}

TEST(ImportsFiles, Utf8FileIsReturnedAsItIs) {
  auto text = readImportFile(fixturePath("ElevesSansAdresses.xml"));
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text, readFixture("ElevesSansAdresses.xml"));
}

TEST(ImportsFiles, ZippedExportGivesTheSameText) {
  auto zipped = readImportFile(fixturePath("ExportXML_ElevesSansAdresses.zip"));
  ASSERT_TRUE(zipped.ok()) << zipped.error().message;
  EXPECT_EQ(*zipped, readImportFile(fixturePath("ElevesSansAdresses.xml")).value());
}

TEST_F(ImportsFilesTest, DeflatedEntryIsExtracted) {
  const std::string xml = readFixture("ElevesSansAdresses.xml");
  const auto path = write("e.zip", makeZip({{"export/Eleves.XML", xml, true}, {"export/", ""}}));
  auto text = readImportFile(path);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text, xml);
}

TEST_F(ImportsFilesTest, MacResourceForksAreNotCandidates) {
  const auto path =
      write("e.zip", makeZip({{"__MACOSX/._eleves.csv", "junk"}, {"eleves.csv", "nom;prenom\n"}}));
  EXPECT_EQ(readImportFile(path).value(), "nom;prenom\n");
}

TEST_F(ImportsFilesTest, ArchiveWithSeveralImportFilesIsRefusedNamingThem) {
  const auto path =
      write("e.zip", makeZip({{"a.xml", "<a/>"}, {"notes.txt", "x"}, {"b.csv", "x;y\n"}}));
  auto text = readImportFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::invalid_argument);
  EXPECT_EQ(text.error().message, path +
                                      ": the archive holds several import files ('a.xml', "
                                      "'b.csv'); send them one by one");
}

TEST_F(ImportsFilesTest, ArchiveWithoutImportFileIsRefused) {
  const auto path = write("e.zip", makeZip({{"notes.txt", "x"}}));
  EXPECT_EQ(readImportFile(path).error().message,
            path + ": the archive holds no .xml or .csv file");
}

// Found by fuzz_import_siecle_guardians: a local header with an empty name and
// nothing in it made the reader look at the name's last character.
TEST(ImportsFiles, EntryWithAnEmptyNameIsNotACandidate) {
  const std::string header("PK\x03\x04\x00\x00\x00\xff\x07", 9);
  auto text = decodeImportBytes(header + std::string(21, '\0'), "upload.zip");
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().message, "upload.zip: the archive holds no .xml or .csv file");
}

TEST_F(ImportsFilesTest, EntryPointingOutsideTheArchiveIsRefused) {
  const auto path = write("e.zip", makeZip({{"../../etc/eleves.xml", "<a/>"}}));
  auto text = readImportFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().message,
            path + ": the archive entry '../../etc/eleves.xml' points outside the archive");
}

TEST_F(ImportsFilesTest, EntryDeclaredLargerThan64MiBIsRefused) {
  const auto path = write("e.zip", makeZip({{"big.xml", "<a/>", false, 64u * 1024u * 1024u + 1u}}));
  auto text = readImportFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::resource_exhausted);
  EXPECT_EQ(text.error().message,
            path + ": entry 'big.xml' is larger than 64 MiB once uncompressed; split the export");
}

TEST_F(ImportsFilesTest, ZipBombLyingAboutItsSizeIsCutAt64MiB) {
  const std::string zeros(64u * 1024u * 1024u + 4096u, '0');
  const auto path = write("bomb.zip", makeZip({{"bomb.xml", zeros, true, 100}}));
  auto text = readImportFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::resource_exhausted);
  EXPECT_EQ(text.error().message,
            path + ": entry 'bomb.xml' is larger than 64 MiB once uncompressed; split the export");
}

TEST_F(ImportsFilesTest, EntryFailingItsChecksumIsRefused) {
  std::string archive = makeZip({{"a.xml", "<a>some text</a>"}});
  archive[30 + 5 + 4] = 'S';  // after the local header and the name: "<a>some" -> "<a>Some"
  const auto path = write("e.zip", archive);
  auto text = readImportFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::invalid_argument);
  EXPECT_EQ(text.error().message,
            path + ": the archive is damaged or incomplete: ZIP Exception: CRC failure");
}

TEST_F(ImportsFilesTest, TruncatedArchiveIsRefused) {
  const std::string archive = makeZip({{"a.xml", readFixture("ElevesSansAdresses.xml"), true}});
  const auto path = write("e.zip", archive.substr(0, 200));
  auto text = readImportFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::invalid_argument);
  EXPECT_EQ(text.error().message, path +
                                      ": the archive is damaged or incomplete: I/O error: "
                                      "Failed to seek on input stream");
}

TEST_F(ImportsFilesTest, Latin1AndWindows1252AreDecodedAsDeclared) {
  const auto latin1 =
      write("l1.xml", "<?xml version='1.0' encoding='iso-8859-1'?><a>\xBD \xE9</a>");
  EXPECT_EQ(readImportFile(latin1).value(), "<?xml version='1.0' encoding='UTF-8'?><a>½ é</a>");
  const auto windows = write("w.xml",
                             "<?xml version=\"1.0\" encoding=\"windows-1252\"?><a>C\x9Cur N\x92"
                             "Diaye</a>");
  EXPECT_EQ(readImportFile(windows).value(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>Cœur N’Diaye</a>");
}

TEST_F(ImportsFilesTest, XmlDeclaringUtf8MustBeUtf8) {
  const auto path = write("e.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>L\xBDuvre</a>");
  auto text = readImportFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().message,
            path + ": line 2 is not valid UTF-8, although the XML declares UTF-8");
}

TEST_F(ImportsFilesTest, UnsupportedDeclaredEncodingIsRefused) {
  const auto path = write("e.xml", "<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><a/>");
  EXPECT_EQ(readImportFile(path).error().message,
            path +
                ": unsupported encoding 'ISO-8859-2' in the XML declaration (expected UTF-8 or "
                "ISO-8859-15)");
}

TEST_F(ImportsFilesTest, CsvThatIsNotUtf8IsReadAsLatin9OrWindows1252) {
  EXPECT_EQ(readImportFile(write("a.csv", "nom;prenom\nL\xBDuvre;\xC9lodie\n")).value(),
            "nom;prenom\nLœuvre;Élodie\n");
  // Bytes 0x80-0x9F are control codes in ISO-8859-15: Excel's windows-1252.
  EXPECT_EQ(readImportFile(write("b.csv",
                                 "nom;prenom\nN\x92"
                                 "Diaye;C\x9Cline\n"))
                .value(),
            "nom;prenom\nN’Diaye;Cœline\n");
  EXPECT_EQ(readImportFile(write("c.csv", "nom;prénom\n")).value(), "nom;prénom\n");
}

TEST_F(ImportsFilesTest, Utf8ByteOrderMarkIsDropped) {
  EXPECT_EQ(readImportFile(write("a.csv", "\xEF\xBB\xBFnom;prénom\n")).value(), "nom;prénom\n");
  const auto bad = write("b.csv", "\xEF\xBB\xBFnom\nL\xBDuvre\n");
  EXPECT_EQ(readImportFile(bad).error().message,
            bad +
                ": line 2 is not valid UTF-8, although the file starts with a UTF-8 byte order "
                "mark");
}

TEST_F(ImportsFilesTest, Utf16IsRefused) {
  const auto path = write("a.csv", std::string("\xFF\xFEn\0o\0m\0", 8));
  EXPECT_EQ(readImportFile(path).error().message,
            path + ": the file is UTF-16; save it as UTF-8 or ISO-8859-15");
}

TEST_F(ImportsFilesTest, MissingFileIsNotFoundNamingThePath) {
  const std::string path = (dir_ / "absent.xml").string();
  auto text = readImportFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::not_found);
  EXPECT_EQ(text.error().message, path + ": cannot open the file: No such file or directory");
}

TEST_F(ImportsFilesTest, FileLargerThan64MiBIsRefused) {
  const auto path = write("big.xml", "");
  std::filesystem::resize_file(path, 64u * 1024u * 1024u + 1u);  // sparse: costs no disk
  auto text = readImportFile(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, Errc::resource_exhausted);
  EXPECT_EQ(text.error().message, path + ": the file is larger than 64 MiB");
}

TEST(ImportsFiles, BytesInMemoryAreDecodedLikeAFile) {
  const std::string zip = readFixture("ExportXML_ElevesSansAdresses.zip");
  auto text = decodeImportBytes(zip, "upload.zip");
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text, readFixture("ElevesSansAdresses.xml"));
  EXPECT_EQ(decodeImportBytes("\xFF\xFE", "upload.csv").error().message,
            "upload.csv: the file is UTF-16; save it as UTF-8 or ISO-8859-15");
}

}  // namespace
}  // namespace cartable::imports
