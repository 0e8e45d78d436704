// Password hashing with Argon2id (libsodium crypto_pwhash_str), the password
// policy, and generated initial passwords. At most one hash or verification
// per core runs at a time; the others wait their turn.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/random.h"
#include "core/base/result.h"

namespace cartable::auth {

struct Argon2Params {
  std::uint64_t memory_kib = 19 * 1024;
  std::uint32_t iterations = 2;
};

// An encoded "$argon2id$v=19$m=...,t=...,p=1$salt$hash" string. Fails with
// resource_exhausted when the memory cannot be allocated.
Result<std::string> hashPassword(std::string_view password, const Argon2Params& params);

// True when `password` matches `encoded_hash`; false for any mismatch or a
// malformed hash. Takes the same time whether or not the account exists
// when called with dummyHash() for unknown accounts.
bool verifyPassword(std::string_view encoded_hash, std::string_view password);

// True when `encoded_hash` was made with other parameters than `params`
// (rehash on next successful sign-in).
bool needsRehash(std::string_view encoded_hash, const Argon2Params& params);

// A valid hash of a random password, made once per parameter set, to verify
// against when the account does not exist (no timing oracle).
const std::string& dummyHash(const Argon2Params& params);

// Why `password` is refused, in French and English, or nothing when it is
// acceptable: at least `min_length` characters (counted as UTF-8 code
// points), at most 256 bytes, valid UTF-8, not only one repeated character,
// and not equal to the login.
std::optional<std::string> passwordProblem(std::string_view password, std::uint32_t min_length,
                                           std::string_view login);

// A random password of `length` characters from an alphabet without
// look-alikes (no 0/O, 1/l/I), grouped for reading aloud: "k7Rt-m4Qx-9wZp".
std::string generatePassword(Random& random, int groups = 3, int group_length = 4);

}  // namespace cartable::auth
