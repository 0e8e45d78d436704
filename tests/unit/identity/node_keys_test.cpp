#include "federation/identity/node_keys.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

#include <sys/stat.h>

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace cartable::federation {
namespace {

namespace fs = std::filesystem;

class IdentityNodeKeys : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_.file("keys"); }

  std::string file(std::string_view name) const { return (fs::path(dir_) / name).string(); }

  static mode_t modeOf(const std::string& path) {
    struct stat info {};
    EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
    return info.st_mode & 07777;
  }

  void saveFreshKeys() {
    const Status saved = saveNodeKeys(keys_, dir_);
    ASSERT_TRUE(saved.ok()) << saved.error().message;
  }

  cartable::testing::TempDir temp_;
  fs::path root_ = temp_.path();
  std::string dir_;
  NodeKeys keys_ = generateNodeKeys();
};

TEST_F(IdentityNodeKeys, LoadReturnsTheSavedKeys) {
  saveFreshKeys();
  const auto loaded = loadNodeKeys(dir_);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->sign_public, keys_.sign_public);
  EXPECT_EQ(loaded->sign_secret, keys_.sign_secret);
  EXPECT_EQ(loaded->box_public, keys_.box_public);
  EXPECT_EQ(loaded->box_secret, keys_.box_secret);
}

TEST_F(IdentityNodeKeys, GeneratesDifferentKeysEachTime) {
  const NodeKeys other = generateNodeKeys();
  EXPECT_NE(other.sign_public, keys_.sign_public);
  EXPECT_NE(other.box_public, keys_.box_public);
}

TEST_F(IdentityNodeKeys, WritesRawKeyBytes) {
  saveFreshKeys();
  EXPECT_EQ(fs::file_size(file("sign.key")), 64u);
  EXPECT_EQ(fs::file_size(file("sign.pub")), 32u);
  EXPECT_EQ(fs::file_size(file("box.key")), 32u);
  EXPECT_EQ(fs::file_size(file("box.pub")), 32u);
  std::ifstream in(file("box.pub"), std::ios::binary);
  std::array<char, 32> bytes{};
  in.read(bytes.data(), bytes.size());
  EXPECT_EQ(std::memcmp(bytes.data(), keys_.box_public.data(), bytes.size()), 0);
}

TEST_F(IdentityNodeKeys, SecretFilesAre0600PublicFiles0644AndTheDirectory0700) {
  saveFreshKeys();
  EXPECT_EQ(modeOf(dir_), 0700u);
  EXPECT_EQ(modeOf(file("sign.key")), 0600u);
  EXPECT_EQ(modeOf(file("box.key")), 0600u);
  EXPECT_EQ(modeOf(file("sign.pub")), 0644u);
  EXPECT_EQ(modeOf(file("box.pub")), 0644u);
}

TEST_F(IdentityNodeKeys, LeavesNoTemporaryFilesBehind) {
  saveFreshKeys();
  int entries = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir_)) ++entries;
  EXPECT_EQ(entries, 4);
}

TEST_F(IdentityNodeKeys, RefusesToOverwriteExistingKeys) {
  saveFreshKeys();
  const Status again = saveNodeKeys(generateNodeKeys(), dir_);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::already_exists);
  EXPECT_EQ(again.error().message,
            file("sign.key") + " already exists; refusing to overwrite node keys");
  const auto loaded = loadNodeKeys(dir_);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->sign_public, keys_.sign_public);
}

TEST_F(IdentityNodeKeys, RefusesWhenAnyOneKeyFileExists) {
  fs::create_directory(dir_);
  std::ofstream(file("box.pub")) << "x";
  const Status saved = saveNodeKeys(keys_, dir_);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().code, Errc::already_exists);
  EXPECT_EQ(saved.error().field, file("box.pub"));
  EXPECT_FALSE(fs::exists(file("sign.key")));
}

TEST_F(IdentityNodeKeys, DoesNotCreateMissingParentDirectories) {
  const std::string deep = (root_ / "missing" / "keys").string();
  const Status saved = saveNodeKeys(keys_, deep);
  ASSERT_FALSE(saved.ok());
  EXPECT_EQ(saved.error().code, Errc::io_error);
  EXPECT_FALSE(fs::exists(root_ / "missing"));
}

TEST_F(IdentityNodeKeys, RefusesASecretFileReadableByOthers) {
  saveFreshKeys();
  fs::permissions(file("box.key"), static_cast<fs::perms>(0644));
  const auto loaded = loadNodeKeys(dir_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, Errc::failed_precondition);
  EXPECT_EQ(loaded.error().message,
            file("box.key") +
                " has mode 0644; a secret key must not be accessible by group or others "
                "(chmod 600 " +
                file("box.key") + ")");
}

TEST_F(IdentityNodeKeys, RefusesAPublicKeyThatDoesNotMatchItsSecretKey) {
  saveFreshKeys();
  const NodeKeys other = generateNodeKeys();
  fs::remove(file("sign.pub"));
  std::ofstream(file("sign.pub"), std::ios::binary)
      .write(reinterpret_cast<const char*>(other.sign_public.data()), 32);
  const auto loaded = loadNodeKeys(dir_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, Errc::corrupt);
  EXPECT_EQ(loaded.error().message, file("sign.pub") + " does not match " + file("sign.key"));
}

TEST_F(IdentityNodeKeys, RefusesABoxPublicKeyWithAFlippedBit) {
  saveFreshKeys();
  std::fstream box(file("box.pub"), std::ios::binary | std::ios::in | std::ios::out);
  box.seekp(5);
  box.put(static_cast<char>(keys_.box_public[5] ^ 0x01));
  box.close();
  const auto loaded = loadNodeKeys(dir_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message, file("box.pub") + " does not match " + file("box.key"));
}

TEST_F(IdentityNodeKeys, RefusesATruncatedFile) {
  saveFreshKeys();
  fs::resize_file(file("sign.key"), 40);
  const auto loaded = loadNodeKeys(dir_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, Errc::corrupt);
  EXPECT_EQ(loaded.error().message, file("sign.key") + " holds 40 bytes, expected 64");
  EXPECT_EQ(loaded.error().field, file("sign.key"));
}

TEST_F(IdentityNodeKeys, ReportsAMissingFileByName) {
  saveFreshKeys();
  fs::remove(file("box.key"));
  const auto loaded = loadNodeKeys(dir_);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code, Errc::not_found);
  EXPECT_EQ(loaded.error().message, file("box.key") + " is missing");
}

TEST_F(IdentityNodeKeys, FingerprintIsEightGroupsOfFourHexDigits) {
  const std::string fingerprint = keys_.fingerprint();
  EXPECT_TRUE(std::regex_match(fingerprint, std::regex("([0-9a-f]{4}:){7}[0-9a-f]{4}")))
      << fingerprint;
  EXPECT_NE(generateNodeKeys().fingerprint(), fingerprint);
}

TEST_F(IdentityNodeKeys, FingerprintIsTheBlake2bOfTheSigningKey) {
  // BLAKE2b with a 16-byte output over 32 zero bytes, computed independently.
  NodeKeys zero;
  EXPECT_EQ(zero.fingerprint(), "ff0f:2249:2f44:bac4:c4b3:0ae5:8d0e:8daa");
}

}  // namespace
}  // namespace cartable::federation
