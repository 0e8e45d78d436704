#include "federation/identity/node_keys.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <mutex>
#include <span>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/base/random.h"

namespace cartable::federation {
namespace {

constexpr mode_t kDirectoryMode = 0700;
constexpr mode_t kSecretMode = 0600;
constexpr mode_t kPublicMode = 0644;
constexpr mode_t kGroupOrOtherBits = 0077;

struct KeyFile {
  std::string_view name;
  bool secret;
};
constexpr KeyFile kSignSecret{"sign.key", true};
constexpr KeyFile kSignPublic{"sign.pub", false};
constexpr KeyFile kBoxSecret{"box.key", true};
constexpr KeyFile kBoxPublic{"box.pub", false};
constexpr KeyFile kAllFiles[] = {kSignSecret, kSignPublic, kBoxSecret, kBoxPublic};

void initSodiumOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Only fails when the system has no usable randomness source.
    if (sodium_init() < 0) std::abort();
  });
}

std::string systemError(int error) {
  return std::generic_category().message(error);
}

std::string pathIn(const std::string& dir, std::string_view name) {
  return (std::filesystem::path(dir) / name).string();
}

std::string octalMode(mode_t mode) {
  char text[8] = {};
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes now, reporting the error that a deferred close would lose.
  int close() {
    const int result = ::close(fd_);
    fd_ = -1;
    return result;
  }

 private:
  int fd_;
};

Status fsyncDirectory(const std::string& dir) {
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid() || ::fsync(fd.get()) != 0) {
    return makeError(Errc::io_error, "cannot sync directory " + dir + ": " + systemError(errno),
                     dir);
  }
  return okStatus();
}

// Creates `dir` (not its parents) when missing, and makes its entry durable.
Status ensureDirectory(const std::string& dir) {
  struct stat info {};
  if (::stat(dir.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return okStatus();
    return makeError(Errc::invalid_argument, dir + " exists and is not a directory", dir);
  }
  if (errno != ENOENT || ::mkdir(dir.c_str(), kDirectoryMode) != 0) {
    return makeError(Errc::io_error, "cannot create directory " + dir + ": " + systemError(errno),
                     dir);
  }
  std::filesystem::path path(dir);
  if (!path.has_filename()) path = path.parent_path();  // "keys/" names "keys"
  const std::string parent = path.parent_path().string();
  return fsyncDirectory(parent.empty() ? "." : parent);
}

Status refuseExistingKeys(const std::string& dir) {
  for (const KeyFile& file : kAllFiles) {
    const std::string path = pathIn(dir, file.name);
    struct stat info {};
    if (::lstat(path.c_str(), &info) == 0) {
      return makeError(Errc::already_exists,
                       path + " already exists; refusing to overwrite node keys", path);
    }
    if (errno != ENOENT) {
      return makeError(Errc::io_error, "cannot check " + path + ": " + systemError(errno), path);
    }
  }
  return okStatus();
}

Status writeFully(int fd, std::span<const std::uint8_t> bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t written = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      return makeError(Errc::io_error, "cannot write " + path + ": " + systemError(errno), path);
    }
    done += static_cast<std::size_t>(written);
  }
  return okStatus();
}

// Writes `bytes` durably to a fresh temporary file next to `final_path` and
// returns its name; nothing is left behind on failure.
Result<std::string> writeTemporary(const std::string& final_path,
                                   std::span<const std::uint8_t> bytes, mode_t mode) {
  const std::string temp_path = final_path + ".tmp-" + SecureRandom::instance().hex(8);
  FileDescriptor fd(::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode));
  if (!fd.valid()) {
    return makeError(Errc::io_error, "cannot create " + temp_path + ": " + systemError(errno),
                     final_path);
  }
  Status status = okStatus();
  // fchmod makes the mode exact whatever the umask.
  if (::fchmod(fd.get(), mode) != 0) {
    status =
        makeError(Errc::io_error, "cannot set the mode of " + temp_path + ": " + systemError(errno),
                  final_path);
  }
  if (status.ok()) status = writeFully(fd.get(), bytes, temp_path);
  if (status.ok() && (::fsync(fd.get()) != 0 || fd.close() != 0)) {
    status = makeError(Errc::io_error, "cannot sync " + temp_path + ": " + systemError(errno),
                       final_path);
  }
  if (!status.ok()) {
    ::unlink(temp_path.c_str());
    return status.error();
  }
  return temp_path;
}

struct PendingFile {
  std::string temp_path;
  std::string final_path;
};

void removeFiles(const std::vector<PendingFile>& files, std::size_t renamed) {
  for (std::size_t i = 0; i < files.size(); ++i) {
    ::unlink((i < renamed ? files[i].final_path : files[i].temp_path).c_str());
  }
}

// All four files are written before any is renamed, and a failure removes
// what was written, so keys are not left half-saved.
Status writeKeyFiles(const NodeKeys& keys, const std::string& dir) {
  const std::pair<KeyFile, std::span<const std::uint8_t>> contents[] = {
      {kSignSecret, keys.sign_secret},
      {kSignPublic, keys.sign_public},
      {kBoxSecret, keys.box_secret},
      {kBoxPublic, keys.box_public},
  };
  std::vector<PendingFile> pending;
  for (const auto& [file, bytes] : contents) {
    const std::string final_path = pathIn(dir, file.name);
    auto temp = writeTemporary(final_path, bytes, file.secret ? kSecretMode : kPublicMode);
    if (!temp) {
      removeFiles(pending, 0);
      return temp.error();
    }
    pending.push_back({std::move(temp).value(), final_path});
  }
  for (std::size_t i = 0; i < pending.size(); ++i) {
    if (::rename(pending[i].temp_path.c_str(), pending[i].final_path.c_str()) != 0) {
      const int error = errno;
      removeFiles(pending, i);
      return makeError(Errc::io_error,
                       "cannot rename " + pending[i].temp_path + " to " + pending[i].final_path +
                           ": " + systemError(error),
                       pending[i].final_path);
    }
  }
  return fsyncDirectory(dir);
}

Status readFully(int fd, std::span<std::uint8_t> out, const std::string& path) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t got = ::read(fd, out.data() + done, out.size() - done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return makeError(Errc::io_error, "cannot read " + path + ": " + systemError(errno), path);
    }
    if (got == 0) {
      return makeError(Errc::corrupt, path + " ended early while reading", path);
    }
    done += static_cast<std::size_t>(got);
  }
  return okStatus();
}

Status checkFileInfo(const struct stat& info, const KeyFile& file, std::size_t expected_size,
                     const std::string& path) {
  if (!S_ISREG(info.st_mode)) {
    return makeError(Errc::corrupt, path + " is not a regular file", path);
  }
  if (file.secret && (info.st_mode & kGroupOrOtherBits) != 0) {
    return makeError(Errc::failed_precondition,
                     path + " has mode " + octalMode(info.st_mode) +
                         "; a secret key must not be accessible by group or others (chmod 600 " +
                         path + ")",
                     path);
  }
  if (static_cast<std::uintmax_t>(info.st_size) != expected_size) {
    return makeError(Errc::corrupt,
                     path + " holds " + std::to_string(info.st_size) + " bytes, expected " +
                         std::to_string(expected_size),
                     path);
  }
  return okStatus();
}

Status readKeyFile(const std::string& dir, const KeyFile& file, std::span<std::uint8_t> out) {
  const std::string path = pathIn(dir, file.name);
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    const int error = errno;
    if (error == ENOENT) return makeError(Errc::not_found, path + " is missing", path);
    return makeError(Errc::io_error, "cannot open " + path + ": " + systemError(error), path);
  }
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) {
    return makeError(Errc::io_error, "cannot inspect " + path + ": " + systemError(errno), path);
  }
  CARTABLE_RETURN_IF_ERROR(checkFileInfo(info, file, out.size(), path));
  return readFully(fd.get(), out, path);
}

Status checkSigningPair(const NodeKeys& keys, const std::string& dir) {
  std::array<std::uint8_t, crypto_sign_SEEDBYTES> seed{};
  std::array<std::uint8_t, crypto_sign_PUBLICKEYBYTES> derived_public{};
  std::array<std::uint8_t, crypto_sign_SECRETKEYBYTES> derived_secret{};
  crypto_sign_ed25519_sk_to_seed(seed.data(), keys.sign_secret.data());
  crypto_sign_seed_keypair(derived_public.data(), derived_secret.data(), seed.data());
  // An Ed25519 secret key embeds its public half; both must agree with the seed.
  const bool secret_consistent =
      sodium_memcmp(derived_secret.data(), keys.sign_secret.data(), derived_secret.size()) == 0;
  const bool public_matches =
      sodium_memcmp(derived_public.data(), keys.sign_public.data(), derived_public.size()) == 0;
  sodium_memzero(seed.data(), seed.size());
  sodium_memzero(derived_secret.data(), derived_secret.size());

  const std::string secret_path = pathIn(dir, kSignSecret.name);
  if (!secret_consistent) {
    return makeError(Errc::corrupt,
                     secret_path + " is damaged: its public half does not match its seed",
                     secret_path);
  }
  if (!public_matches) {
    const std::string public_path = pathIn(dir, kSignPublic.name);
    return makeError(Errc::corrupt, public_path + " does not match " + secret_path, public_path);
  }
  return okStatus();
}

Status checkBoxPair(const NodeKeys& keys, const std::string& dir) {
  std::array<std::uint8_t, crypto_box_PUBLICKEYBYTES> derived_public{};
  const bool derived = crypto_scalarmult_base(derived_public.data(), keys.box_secret.data()) == 0;
  if (!derived ||
      sodium_memcmp(derived_public.data(), keys.box_public.data(), derived_public.size()) != 0) {
    const std::string public_path = pathIn(dir, kBoxPublic.name);
    return makeError(Errc::corrupt, public_path + " does not match " + pathIn(dir, kBoxSecret.name),
                     public_path);
  }
  return okStatus();
}

void wipeSecrets(NodeKeys& keys) {
  sodium_memzero(keys.sign_secret.data(), keys.sign_secret.size());
  sodium_memzero(keys.box_secret.data(), keys.box_secret.size());
}

Result<NodeKeys> readAndCheckKeys(const std::string& dir) {
  NodeKeys keys;
  // The local copy is wiped whether or not the keys are returned.
  struct WipeOnExit {
    NodeKeys& keys;
    ~WipeOnExit() { wipeSecrets(keys); }
  } wipe{keys};
  CARTABLE_RETURN_IF_ERROR(readKeyFile(dir, kSignSecret, keys.sign_secret));
  CARTABLE_RETURN_IF_ERROR(readKeyFile(dir, kSignPublic, keys.sign_public));
  CARTABLE_RETURN_IF_ERROR(readKeyFile(dir, kBoxSecret, keys.box_secret));
  CARTABLE_RETURN_IF_ERROR(readKeyFile(dir, kBoxPublic, keys.box_public));
  CARTABLE_RETURN_IF_ERROR(checkSigningPair(keys, dir));
  CARTABLE_RETURN_IF_ERROR(checkBoxPair(keys, dir));
  return keys;
}

}  // namespace

std::string NodeKeys::fingerprint() const {
  constexpr std::size_t kFingerprintBytes = 16;
  constexpr std::size_t kGroupHexDigits = 4;
  std::array<std::uint8_t, kFingerprintBytes> digest{};
  crypto_generichash(digest.data(), digest.size(), sign_public.data(), sign_public.size(), nullptr,
                     0);
  std::array<char, kFingerprintBytes * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());

  std::string grouped;
  for (std::size_t i = 0; i < kFingerprintBytes * 2; ++i) {
    if (i > 0 && i % kGroupHexDigits == 0) grouped.push_back(':');
    grouped.push_back(hex[i]);
  }
  return grouped;
}

NodeKeys generateNodeKeys() {
  initSodiumOnce();
  NodeKeys keys;
  crypto_sign_keypair(keys.sign_public.data(), keys.sign_secret.data());
  crypto_box_keypair(keys.box_public.data(), keys.box_secret.data());
  return keys;
}

Status saveNodeKeys(const NodeKeys& keys, const std::string& dir) {
  try {
    initSodiumOnce();
    CARTABLE_RETURN_IF_ERROR(ensureDirectory(dir));
    CARTABLE_RETURN_IF_ERROR(refuseExistingKeys(dir));
    return writeKeyFiles(keys, dir);
  } catch (const std::exception& e) {
    return makeError(Errc::internal, "cannot save node keys in " + dir + ": " + e.what(), dir);
  }
}

Result<NodeKeys> loadNodeKeys(const std::string& dir) {
  try {
    initSodiumOnce();
    return readAndCheckKeys(dir);
  } catch (const std::exception& e) {
    return makeError(Errc::internal, "cannot load node keys from " + dir + ": " + e.what(), dir);
  }
}

}  // namespace cartable::federation
