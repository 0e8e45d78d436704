#include "federation/hub/registry.h"

#include <gtest/gtest.h>

#include <tuple>

#include "core/storage/migrations.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::federation::hub {
namespace {

constexpr Seconds kDay = 86'400;

class HubRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(storage::Database::open(dir_.file("hub.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    transcript_[0] = 42;
    sign_public_[0] = 1;
    box_public_[0] = 2;
  }

  template <class Work>
  auto inTransaction(Work work) {
    std::optional<decltype(work(std::declval<storage::Connection&>()))> result;
    Status status = db_->write([&](storage::Connection& conn) -> Status {
      result.emplace(work(conn));
      return okStatus();
    });
    EXPECT_TRUE(status.ok());
    return std::move(*result);
  }

  IssuedCode add(const std::string& uai = "0541234Y") {
    return inTransaction([&](storage::Connection& conn) {
      return std::move(addSchool(conn, uai, "Collège A", "54", 3 * kDay, clock_.now(), random_))
          .value();
    });
  }

  Result<Enrolled> redeem(const std::string& code, const std::string& uai = "0541234Y") {
    const Key32 proof = schoolProof(*enrollmentCodeKey(code), transcript_);
    return inTransaction([&](storage::Connection& conn) {
      return redeemCode(conn, uai, proof, transcript_, sign_public_, box_public_,
                        clock_.now() + 365 * kDay, clock_.now());
    });
  }

  School school(const std::string& uai = "0541234Y") {
    return *inTransaction(
        [&](storage::Connection& conn) { return std::move(findSchool(conn, uai)).value(); });
  }

  testing::TempDir dir_;
  ManualClock clock_{1'795'943'700};
  SeededRandom random_{5};
  std::unique_ptr<storage::Database> db_;
  Key32 transcript_{};
  Key32 sign_public_{};
  Key32 box_public_{};
};

TEST_F(HubRegistryTest, ASchoolEnrollsOnceWithItsCode) {
  const IssuedCode issued = add();
  EXPECT_EQ(issued.expires_at, clock_.now() + 3 * kDay);
  auto enrolled = redeem(issued.code);
  ASSERT_TRUE(enrolled.ok()) << enrolled.error().message;
  EXPECT_EQ(enrolled->serial, 1);
  EXPECT_EQ(enrolled->code_key, *enrollmentCodeKey(issued.code));
  const School entry = school();
  EXPECT_EQ(entry.enrolled_at, clock_.now());
  EXPECT_EQ(entry.certificate_serial, 1);
  EXPECT_EQ(entry.link_state, "never");

  clock_.advance(60);
  auto again = redeem(issued.code);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, "this enrollment code was already used on 2026-11-29T09:15:00Z");
}

TEST_F(HubRegistryTest, AWrongOrExpiredCodeIsRefusedSayingWhich) {
  const IssuedCode issued = add();
  auto wrong = redeem("0000-0000-0000-0000-0000");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, Errc::permission_denied);
  EXPECT_EQ(wrong.error().message, "the enrollment code is wrong for 0541234Y");

  clock_.advance(3 * kDay);
  auto expired = redeem(issued.code);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().message, "this enrollment code expired on 2026-12-02T09:15:00Z");
  EXPECT_FALSE(school().enrolled_at.has_value());
}

TEST_F(HubRegistryTest, RepeatedWrongCodesWithdrawEveryCode) {
  const IssuedCode issued = add();
  for (int i = 1; i < kMaxEnrollmentFailures; ++i) {
    EXPECT_EQ(redeem("0000-0000-0000-0000-000" + std::to_string(i)).error().message,
              "the enrollment code is wrong for 0541234Y");
  }
  EXPECT_EQ(redeem("0000-0000-0000-0000-0009").error().message,
            "too many wrong enrollment codes for 0541234Y: every code was withdrawn; ask the "
            "hub's administrator for a new one");
  EXPECT_FALSE(redeem(issued.code).ok());
  EXPECT_TRUE(redeem(add().code).ok()) << "a new code works";
}

TEST_F(HubRegistryTest, AnUnknownSchoolOrAMalformedUaiIsRefused) {
  add();
  EXPECT_EQ(redeem(add().code, "0750654D").error().message,
            "0750654D is not in the hub's register; ask the hub's administrator");
  auto bad = inTransaction([&](storage::Connection& conn) {
    return addSchool(conn, "0541234A", "", "", kDay, clock_.now(), random_);
  });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "uai");
}

TEST_F(HubRegistryTest, AnEnrolledSchoolNeedsRevokingBeforeANewCode) {
  ASSERT_TRUE(redeem(add().code).ok());
  auto second = inTransaction([&](storage::Connection& conn) {
    return addSchool(conn, "0541234Y", "", "", kDay, clock_.now(), random_);
  });
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, Errc::already_exists);
  EXPECT_EQ(second.error().message,
            "0541234Y is already enrolled (since 2026-11-29T09:15:00Z); revoke it first to "
            "enroll it again");
}

TEST_F(HubRegistryTest, AdmissionNeedsAnEnrolledUnrevokedSchoolWithItsLatestCertificate) {
  auto admit = [&](std::int64_t serial) {
    return inTransaction(
        [&](storage::Connection& conn) { return admitSchool(conn, "0541234Y", serial); });
  };
  add();
  EXPECT_EQ(admit(1).error().message, "0541234Y is not enrolled with this hub");
  ASSERT_TRUE(redeem(add().code).ok());
  EXPECT_TRUE(admit(school().certificate_serial.value()).ok());

  clock_.advance(10);
  ASSERT_TRUE(inTransaction([&](storage::Connection& conn) {
                return revokeSchool(conn, "0541234Y", "stolen server", clock_.now());
              }).ok());
  const std::int64_t old_serial = *school().certificate_serial;
  EXPECT_EQ(admit(old_serial).error().message, "0541234Y was revoked on 2026-11-29T09:15:10Z");
  EXPECT_EQ(school().revoked_reason, "stolen server");

  // Re-enrolled with new keys: the old certificate no longer admits it.
  ASSERT_TRUE(redeem(add().code).ok());
  EXPECT_EQ(admit(old_serial).error().message, "0541234Y presented certificate " +
                                                   std::to_string(old_serial) +
                                                   ", replaced by a later enrollment");
  EXPECT_TRUE(admit(*school().certificate_serial).ok());
}

TEST_F(HubRegistryTest, ARevokedSchoolCannotEnrollWithAnOldCode) {
  const IssuedCode issued = add();
  ASSERT_TRUE(inTransaction([&](storage::Connection& conn) {
                return revokeSchool(conn, "0541234Y", "closed", clock_.now());
              }).ok());
  EXPECT_FALSE(redeem(issued.code).ok());
  EXPECT_EQ(inTransaction([&](storage::Connection& conn) {
              return revokeSchool(conn, "0750654D", "", clock_.now());
            })
                .error()
                .code,
            Errc::not_found);
}

TEST_F(HubRegistryTest, LinkStateFollowsTheConnections) {
  ASSERT_TRUE(redeem(add().code).ok());
  ASSERT_TRUE(inTransaction([&](storage::Connection& conn) {
                return recordLink(conn, "0541234Y", true, "", clock_.now());
              }).ok());
  EXPECT_EQ(school().link_state, "up");
  clock_.advance(5);
  ASSERT_TRUE(inTransaction([&](storage::Connection& conn) {
                return recordLink(conn, "0541234Y", false, "idle timeout", clock_.now());
              }).ok());
  EXPECT_EQ(school().link_state, "down");
  EXPECT_EQ(school().last_error, "idle timeout");
  EXPECT_EQ(school().link_changed_at, clock_.now());
  ASSERT_TRUE(inTransaction([&](storage::Connection& conn) {
                return recordLink(conn, "0541234Y", true, "", clock_.now());
              }).ok());
  ASSERT_TRUE(inTransaction([&](storage::Connection& conn) {
                return markAllLinksDown(conn, clock_.now());
              }).ok());
  EXPECT_EQ(school().link_state, "down");
  EXPECT_EQ(school().last_error, "idle timeout");
}

TEST_F(HubRegistryTest, OldLinkEventsGoButEachSchoolsLastStateBeforeThemStays) {
  // 0541234Y: up at 100, down at 200, up at 300; 0571234A: down at 150.
  ASSERT_TRUE(inTransaction([&](storage::Connection& conn) -> Status {
                for (const auto& [uai, at, up] :
                     {std::tuple{"0541234Y", 100, 1}, std::tuple{"0541234Y", 200, 0},
                      std::tuple{"0541234Y", 300, 1}, std::tuple{"0571234A", 150, 0}}) {
                  CARTABLE_RETURN_IF_ERROR(conn.exec(
                      "INSERT INTO federation_link_events(uai, at, up) VALUES (?, ?, ?)", uai, at,
                      up));
                }
                return okStatus();
              }).ok());
  int removed = -1;
  ASSERT_TRUE(inTransaction([&](storage::Connection& conn) -> Status {
                CARTABLE_ASSIGN_OR_RETURN(removed, purgeLinkEventsBefore(conn, 250));
                return okStatus();
              }).ok());
  EXPECT_EQ(removed, 1);  // 0541234Y's up at 100: its down at 200 tells the state at 250
  std::string left;
  ASSERT_TRUE(db_->read([&](storage::Connection& conn) -> Status {
                   CARTABLE_ASSIGN_OR_RETURN(
                       auto rows, conn.query("SELECT uai || '@' || at || '=' || up FROM "
                                             "federation_link_events ORDER BY uai, at"));
                   for (;;) {
                     CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
                     if (!more) return okStatus();
                     left += rows.text(0) + " ";
                   }
                 }).ok());
  EXPECT_EQ(left, "0541234Y@200=0 0541234Y@300=1 0571234A@150=0 ");
}

}  // namespace
}  // namespace cartable::federation::hub
