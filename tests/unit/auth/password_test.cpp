#include "core/auth/password.h"

#include <gtest/gtest.h>

#include <sodium.h>
#include <sys/resource.h>

#include <cstdlib>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace cartable::auth {
namespace {

// The smallest costs libsodium accepts, so that the suite stays fast.
constexpr Argon2Params kCheap{8, 1};

std::string hashOrFail(std::string_view password, const Argon2Params& params = kCheap) {
  auto hashed = hashPassword(password, params);
  if (!hashed) ADD_FAILURE() << hashed.error().message;
  return hashed ? *hashed : std::string();
}

TEST(AuthPassword, HashIsArgon2idWithTheRequestedCosts) {
  const std::string hash = hashOrFail("Correct horse 42", {16, 3});
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=16,t=3,p=1$")) << hash;
}

TEST(AuthPassword, VerifiesTheRightPasswordAndRefusesAnother) {
  const std::string hash = hashOrFail("Correct horse 42");
  EXPECT_TRUE(verifyPassword(hash, "Correct horse 42"));
  EXPECT_FALSE(verifyPassword(hash, "correct horse 42"));
  EXPECT_FALSE(verifyPassword(hash, ""));
}

TEST(AuthPassword, SamePasswordHashesDifferentlyEachTime) {
  EXPECT_NE(hashOrFail("Correct horse 42"), hashOrFail("Correct horse 42"));
}

TEST(AuthPassword, HashRefusesZeroIterations) {
  const auto hashed = hashPassword("Correct horse 42", {8, 0});
  ASSERT_FALSE(hashed.ok());
  EXPECT_EQ(hashed.error().code, Errc::invalid_argument);
  EXPECT_EQ(hashed.error().field, "iterations");
}

TEST(AuthPassword, HashRefusesMemoryBelowTheArgon2Minimum) {
  const auto hashed = hashPassword("Correct horse 42", {4, 1});
  ASSERT_FALSE(hashed.ok());
  EXPECT_EQ(hashed.error().code, Errc::invalid_argument);
  EXPECT_EQ(hashed.error().message, "Argon2 memory must be between 8 and " +
                                        std::to_string(crypto_pwhash_argon2id_MEMLIMIT_MAX / 1024) +
                                        " KiB, got 4");
}

#if defined(__SANITIZE_ADDRESS__)
TEST(AuthPasswordDeathTest, HashReportsResourceExhaustedWhenMemoryRunsOut) {
  GTEST_SKIP() << "address-space limits do not mix with AddressSanitizer";
}
#else
// Runs in a child process whose address space is capped at 1 GiB, and asks
// for 2 GiB.
[[noreturn]] void hashWithTooLittleMemoryAndExit() {
  const rlimit cap{1ull << 30, 1ull << 30};
  setrlimit(RLIMIT_AS, &cap);
  const auto hashed = hashPassword("Correct horse 42", {2ull * 1024 * 1024, 1});
  const bool exhausted = !hashed.ok() && hashed.error().code == Errc::resource_exhausted;
  std::exit(exhausted ? 0 : 1);
}

TEST(AuthPasswordDeathTest, HashReportsResourceExhaustedWhenMemoryRunsOut) {
  EXPECT_EXIT(hashWithTooLittleMemoryAndExit(), ::testing::ExitedWithCode(0), "");
}
#endif

TEST(AuthPassword, ManyThreadsHashingAndVerifyingAtOnceAllFinishWithTheRightAnswers) {
  // More threads than the hashing gate has slots: each waits its turn.
  const std::string hash = hashOrFail("mot de passe commun");
  constexpr int kThreads = 24;
  std::vector<int> results(kThreads, -1);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      if (i % 2 == 0) {
        results[i] = verifyPassword(hash, i % 4 == 0 ? "mot de passe commun" : "autre") ? 1 : 0;
      } else {
        auto made = hashPassword("mot de passe " + std::to_string(i), kCheap);
        results[i] = made.ok() && verifyPassword(*made, "mot de passe " + std::to_string(i));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kThreads; ++i) {
    EXPECT_EQ(results[i], i % 2 == 1 || i % 4 == 0 ? 1 : 0) << "thread " << i;
  }
}

TEST(AuthPassword, VerifyReturnsFalseForMalformedHashes) {
  const std::string hash = hashOrFail("Correct horse 42");
  std::string altered = hash;
  altered.back() = altered.back() == 'A' ? 'B' : 'A';
  const std::string with_nul = hash.substr(0, 20) + '\0' + hash.substr(20);
  for (const std::string& bad :
       {std::string(), std::string("garbage"), std::string("$argon2id$"),
        hash.substr(0, hash.size() / 2), hash.substr(0, hash.size() - 1), altered, with_nul,
        std::string(300, 'a'), "$argon2id$v=19$m=8,t=1,p=1$" + std::string(200, '$')}) {
    EXPECT_FALSE(verifyPassword(bad, "Correct horse 42")) << bad;
  }
}

TEST(AuthPassword, NeedsRehashOnlyWhenCostsDiffer) {
  const std::string hash = hashOrFail("Correct horse 42", {16, 2});
  EXPECT_FALSE(needsRehash(hash, {16, 2}));
  EXPECT_TRUE(needsRehash(hash, {32, 2}));
  EXPECT_TRUE(needsRehash(hash, {16, 3}));
}

TEST(AuthPassword, NeedsRehashForMalformedOrArgon2iHashes) {
  EXPECT_TRUE(needsRehash("garbage", kCheap));
  char argon2i[crypto_pwhash_STRBYTES];
  ASSERT_EQ(crypto_pwhash_str_alg(argon2i, "pw", 2, 3, 8 * 1024, crypto_pwhash_ALG_ARGON2I13), 0);
  EXPECT_TRUE(needsRehash(argon2i, {8, 3}));
}

TEST(AuthPassword, DummyHashIsMadeOncePerParameterSet) {
  const std::string& first = dummyHash(kCheap);
  EXPECT_EQ(&dummyHash(kCheap), &first);
  EXPECT_NE(&dummyHash({16, 1}), &first);
}

TEST(AuthPassword, DummyHashIsAValidHashThatMatchesNoTypedPassword) {
  const std::string& dummy = dummyHash(kCheap);
  EXPECT_FALSE(needsRehash(dummy, kCheap));
  EXPECT_FALSE(verifyPassword(dummy, ""));
  EXPECT_FALSE(verifyPassword(dummy, "password"));
}

TEST(AuthPasswordPolicy, RefusesAShortPasswordInFrenchAndEnglish) {
  EXPECT_EQ(passwordProblem("abc123xyz", 10, "jean.dupont"),
            "Le mot de passe doit contenir au moins 10 caractères / The password must be at "
            "least 10 characters long");
}

TEST(AuthPasswordPolicy, CountsCodePointsNotBytes) {
  // 9 code points in 12 bytes: too short although the bytes would suffice.
  EXPECT_TRUE(passwordProblem("Élève-ça1", 10, "jean.dupont").has_value());
  EXPECT_EQ(passwordProblem("Élève-ça12", 10, "jean.dupont"), std::nullopt);
}

TEST(AuthPasswordPolicy, RefusesMoreThan256Bytes) {
  std::string long_password;
  for (int i = 0; i < 257; ++i) long_password.push_back(static_cast<char>('a' + i % 26));
  EXPECT_EQ(passwordProblem(long_password, 10, "jean.dupont"),
            "Le mot de passe ne doit pas dépasser 256 octets / The password must be at most 256 "
            "bytes long");
  long_password.pop_back();
  EXPECT_EQ(passwordProblem(long_password, 10, "jean.dupont"), std::nullopt);
}

TEST(AuthPasswordPolicy, RefusesInvalidUtf8) {
  for (std::string_view bad :
       {"abcdefghij\xff", "abcdefghij\xc3", "abcdefghij\xc0\xaf", "abcdefghij\xed\xa0\x80"}) {
    EXPECT_EQ(passwordProblem(bad, 10, "jean.dupont"),
              "Le mot de passe contient des caractères invalides (UTF-8 attendu) / The password "
              "is not valid UTF-8 text");
  }
}

TEST(AuthPasswordPolicy, RefusesOneRepeatedCharacter) {
  const std::string message =
      "Le mot de passe ne doit pas être un seul caractère répété / The password must not be a "
      "single repeated character";
  EXPECT_EQ(passwordProblem("aaaaaaaaaaaa", 10, "jean.dupont"), message);
  EXPECT_EQ(passwordProblem("éééééééééééé", 10, "jean.dupont"), message);
  EXPECT_EQ(passwordProblem("aaaaaaaaaaab", 10, "jean.dupont"), std::nullopt);
}

TEST(AuthPasswordPolicy, RefusesTheLoginWhateverItsCase) {
  const std::string message =
      "Le mot de passe doit être différent de l'identifiant / The password must not be the same "
      "as the login";
  EXPECT_EQ(passwordProblem("jean.dupont", 10, "jean.dupont"), message);
  EXPECT_EQ(passwordProblem("Jean.Dupont", 10, "jean.dupont"), message);
}

TEST(AuthPasswordPolicy, RefusesAnEmptyPasswordEvenWithoutMinimum) {
  EXPECT_TRUE(passwordProblem("", 0, "jean.dupont").has_value());
}

TEST(AuthGeneratePassword, MakesThreeGroupsOfFourFromTheUnambiguousAlphabet) {
  const std::string alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";
  SeededRandom random(7);
  for (int i = 0; i < 200; ++i) {
    const std::string password = generatePassword(random);
    ASSERT_EQ(password.size(), 14u) << password;
    for (std::size_t k = 0; k < password.size(); ++k) {
      if (k == 4 || k == 9) {
        EXPECT_EQ(password[k], '-') << password;
      } else {
        EXPECT_NE(alphabet.find(password[k]), std::string::npos) << password;
      }
    }
  }
}

TEST(AuthGeneratePassword, UsesTheWholeAlphabetAndNoLookAlikes) {
  SeededRandom random(11);
  std::set<char> seen;
  for (int i = 0; i < 500; ++i) {
    for (char c : generatePassword(random)) seen.insert(c);
  }
  seen.erase('-');
  EXPECT_EQ(seen.size(), 54u);
  for (char look_alike : {'0', 'O', 'o', '1', 'l', 'I', 'i', 'L'}) {
    EXPECT_EQ(seen.count(look_alike), 0u) << look_alike;
  }
}

TEST(AuthGeneratePassword, HonoursTheGroupLayout) {
  SeededRandom random(3);
  const std::string password = generatePassword(random, 4, 5);
  EXPECT_EQ(password.size(), 23u);
  EXPECT_EQ(password[5], '-');
  EXPECT_EQ(password[17], '-');
}

TEST(AuthGeneratePassword, DependsOnlyOnTheRandomStream) {
  SeededRandom first(5), same(5), other(6);
  const std::string password = generatePassword(first);
  EXPECT_EQ(generatePassword(same), password);
  EXPECT_NE(generatePassword(other), password);
}

}  // namespace
}  // namespace cartable::auth
