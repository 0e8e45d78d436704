#include "core/auth/password.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "core/base/utf8.h"

namespace cartable::auth {
namespace {

constexpr std::size_t kMaxPasswordBytes = 256;
constexpr std::string_view kPasswordAlphabet =
    "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

void initSodiumOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    // Only fails when the system has no usable randomness source.
    if (sodium_init() < 0) std::abort();
  });
}

// Argon2id is memory-hard and single-threaded: more hashes at once than cores
// only add their 19 MiB each to the footprint and go no faster. A sign-in
// storm queues here instead of allocating for every worker thread.
class HashingGate {
 public:
  HashingGate() : free_(std::max(1u, std::thread::hardware_concurrency())) {}

  // Holds one slot for the lifetime of the returned guard.
  class Slot {
   public:
    explicit Slot(HashingGate& gate) : gate_(gate) { gate_.acquire(); }
    ~Slot() { gate_.release(); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    HashingGate& gate_;
  };

 private:
  void acquire() {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [this] { return free_ > 0; });
    --free_;
  }
  void release() {
    {
      const std::lock_guard lock(mutex_);
      ++free_;
    }
    freed_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable freed_;
  unsigned free_;
};

HashingGate& hashingGate() {
  static HashingGate gate;
  return gate;
}

std::uint64_t memlimitBytes(const Argon2Params& params) {
  return params.memory_kib * 1024;
}

Status checkParams(const Argon2Params& params) {
  // Every uint32 above the minimum is accepted by libsodium.
  if (params.iterations < crypto_pwhash_argon2id_OPSLIMIT_MIN) {
    return makeError(Errc::invalid_argument, "Argon2 iterations must be at least 1, got 0",
                     "iterations");
  }
  const std::uint64_t max_kib = crypto_pwhash_argon2id_MEMLIMIT_MAX / 1024;
  const std::uint64_t min_kib = crypto_pwhash_argon2id_MEMLIMIT_MIN / 1024;
  if (params.memory_kib < min_kib || params.memory_kib > max_kib) {
    return makeError(Errc::invalid_argument,
                     "Argon2 memory must be between " + std::to_string(min_kib) + " and " +
                         std::to_string(max_kib) + " KiB, got " + std::to_string(params.memory_kib),
                     "memory_kib");
  }
  return okStatus();
}

char asciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (asciiLower(a[i]) != asciiLower(b[i])) return false;
  }
  return true;
}

// `text` is valid UTF-8 holding `code_points` code points.
bool isOneRepeatedCharacter(std::string_view text, std::size_t code_points) {
  if (code_points == 0 || text.size() % code_points != 0) return false;
  const std::size_t unit = text.size() / code_points;
  for (std::size_t i = unit; i < text.size(); i += unit) {
    if (text.compare(i, unit, text, 0, unit) != 0) return false;
  }
  return true;
}

}  // namespace

Result<std::string> hashPassword(std::string_view password, const Argon2Params& params) {
  CARTABLE_RETURN_IF_ERROR(checkParams(params));
  initSodiumOnce();
  try {
    std::string encoded(crypto_pwhash_STRBYTES, '\0');
    const HashingGate::Slot slot(hashingGate());
    if (crypto_pwhash_str_alg(encoded.data(), password.data(), password.size(), params.iterations,
                              memlimitBytes(params), crypto_pwhash_ALG_ARGON2ID13) != 0) {
      // With valid parameters, the only failure left is the memory allocation.
      return makeError(
          Errc::resource_exhausted,
          "cannot allocate " + std::to_string(params.memory_kib) + " KiB to hash a password",
          "memory_kib");
    }
    encoded.resize(encoded.find('\0'));
    return encoded;
  } catch (const std::exception& e) {
    return makeError(Errc::resource_exhausted, std::string("cannot hash a password: ") + e.what());
  }
}

bool verifyPassword(std::string_view encoded_hash, std::string_view password) {
  // libsodium reads a NUL-terminated string of at most STRBYTES bytes.
  if (encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (encoded_hash.find('\0') != std::string_view::npos) return false;
  initSodiumOnce();
  std::array<char, crypto_pwhash_STRBYTES> terminated{};
  std::copy(encoded_hash.begin(), encoded_hash.end(), terminated.begin());
  const HashingGate::Slot slot(hashingGate());
  return crypto_pwhash_str_verify(terminated.data(), password.data(), password.size()) == 0;
}

bool needsRehash(std::string_view encoded_hash, const Argon2Params& params) {
  if (encoded_hash.size() >= crypto_pwhash_STRBYTES) return true;
  if (!encoded_hash.starts_with(crypto_pwhash_argon2id_STRPREFIX)) return true;
  initSodiumOnce();
  std::array<char, crypto_pwhash_STRBYTES> terminated{};
  std::copy(encoded_hash.begin(), encoded_hash.end(), terminated.begin());
  return crypto_pwhash_str_needs_rehash(terminated.data(), params.iterations,
                                        memlimitBytes(params)) != 0;
}

const std::string& dummyHash(const Argon2Params& params) {
  static std::mutex mutex;
  static std::map<std::pair<std::uint64_t, std::uint32_t>, std::string> hashes;
  static const std::string kNoHash;

  const std::lock_guard lock(mutex);
  const auto key = std::make_pair(params.memory_kib, params.iterations);
  if (const auto found = hashes.find(key); found != hashes.end()) return found->second;
  auto hashed = hashPassword(SecureRandom::instance().token(24), params);
  // Not cached on failure, so a later call may succeed once memory is available.
  if (!hashed) return kNoHash;
  return hashes.emplace(key, std::move(hashed).value()).first->second;
}

std::optional<std::string> passwordProblem(std::string_view password, std::uint32_t min_length,
                                           std::string_view login) {
  if (password.size() > kMaxPasswordBytes) {
    return "Le mot de passe ne doit pas dépasser " + std::to_string(kMaxPasswordBytes) +
           " octets / The password must be at most " + std::to_string(kMaxPasswordBytes) +
           " bytes long";
  }
  const auto code_points = utf8::countCodePoints(password);
  if (!code_points) {
    return std::string(
        "Le mot de passe contient des caractères invalides (UTF-8 attendu) / The password is "
        "not valid UTF-8 text");
  }
  if (*code_points == 0 || *code_points < min_length) {
    const std::string count = std::to_string(std::max<std::uint32_t>(min_length, 1));
    return "Le mot de passe doit contenir au moins " + count +
           " caractères / The password must be at least " + count + " characters long";
  }
  if (isOneRepeatedCharacter(password, *code_points)) {
    return std::string(
        "Le mot de passe ne doit pas être un seul caractère répété / The password must not be "
        "a single repeated character");
  }
  if (!login.empty() && equalIgnoringAsciiCase(password, login)) {
    return std::string(
        "Le mot de passe doit être différent de l'identifiant / The password must not be the "
        "same as the login");
  }
  return std::nullopt;
}

std::string generatePassword(Random& random, int groups, int group_length) {
  std::string out;
  const auto alphabet_size = static_cast<std::uint32_t>(kPasswordAlphabet.size());
  for (int group = 0; group < groups; ++group) {
    if (group > 0) out.push_back('-');
    for (int i = 0; i < group_length; ++i)
      out.push_back(kPasswordAlphabet[random.uniform(alphabet_size)]);
  }
  return out;
}

}  // namespace cartable::auth
