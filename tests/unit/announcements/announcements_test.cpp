#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>

#include "announcement_fixture.h"

namespace cartable::announcements {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr Seconds kHour = 3600;

TEST_F(AnnouncementSchool, TheWholeSchoolReachesEveryoneAndNotifiesAllButTheAuthor) {
  ASSERT_TRUE(create(draft({school()})).ok());
  for (std::int64_t user : {alice_, bob_, alice_mum_, bob_dad_, teacher_a_, cpe_, admin_}) {
    EXPECT_THAT(feedTitles(user), ElementsAre("Réunion parents-professeurs")) << user;
  }
  EXPECT_EQ(notices(alice_mum_), 1);
  EXPECT_EQ(notices(teacher_b_), 1);
  EXPECT_EQ(notices(admin_), 0);  // the author
}

TEST_F(AnnouncementSchool, TheStaffAudienceIsStaffAdminsAndTeachersOnly) {
  ASSERT_TRUE(create(draft({staffOnly()}, cpe_)).ok());
  EXPECT_THAT(feedTitles(teacher_a_), ElementsAre("Réunion parents-professeurs"));
  EXPECT_THAT(feedTitles(admin_), ElementsAre("Réunion parents-professeurs"));
  EXPECT_THAT(feedTitles(alice_), IsEmpty());
  EXPECT_THAT(feedTitles(alice_mum_), IsEmpty());
  EXPECT_EQ(notices(alice_mum_), 0);
  EXPECT_EQ(notices(teacher_b_), 1);
}

TEST_F(AnnouncementSchool, AClassStudentsAudienceReachesItsStudentsNotTheirParents) {
  ASSERT_TRUE(create(draft({ofClass(AudienceKind::class_students, class_a_)})).ok());
  EXPECT_THAT(feedTitles(alice_), ElementsAre("Réunion parents-professeurs"));
  EXPECT_THAT(feedTitles(alice_mum_), IsEmpty());
  EXPECT_THAT(feedTitles(bob_), IsEmpty());
  EXPECT_THAT(feedTitles(teacher_a_), IsEmpty());
}

TEST_F(AnnouncementSchool, AClassParentsAudienceReachesTheParentsOfItsStudentsOnly) {
  ASSERT_TRUE(create(draft({ofClass(AudienceKind::class_parents, class_a_)})).ok());
  EXPECT_THAT(feedTitles(alice_mum_), ElementsAre("Réunion parents-professeurs"));
  EXPECT_THAT(feedTitles(alice_), IsEmpty());
  EXPECT_THAT(feedTitles(bob_dad_), IsEmpty());
  EXPECT_EQ(notices(alice_mum_), 1);
  EXPECT_EQ(notices(alice_), 0);
}

TEST_F(AnnouncementSchool, AClassAudienceReachesItsStudentsAndTheirParents) {
  ASSERT_TRUE(create(draft({ofClass(AudienceKind::class_all, class_a_)})).ok());
  EXPECT_THAT(feedTitles(alice_), ElementsAre("Réunion parents-professeurs"));
  EXPECT_THAT(feedTitles(alice_mum_), ElementsAre("Réunion parents-professeurs"));
  EXPECT_THAT(feedTitles(bob_), IsEmpty());
  EXPECT_THAT(feedTitles(bob_dad_), IsEmpty());
}

TEST_F(AnnouncementSchool, AParentSeesTheAnnouncementsOfEachChildsClass) {
  ASSERT_TRUE(write([&](storage::Connection& db) {
                return directory::linkGuardian(db, {alice_mum_, bob_, true, "mère"});
              }).ok());
  auto a = draft({ofClass(AudienceKind::class_parents, class_a_)});
  a.title = "Sortie 6A";
  ASSERT_TRUE(create(a).ok());
  clock_.advance(60);
  a.title = "Sortie 6B";
  a.audiences = {ofClass(AudienceKind::class_parents, class_b_)};
  ASSERT_TRUE(create(a).ok());
  EXPECT_THAT(feedTitles(alice_mum_), ElementsAre("Sortie 6B", "Sortie 6A"));
  EXPECT_THAT(feedTitles(bob_dad_), ElementsAre("Sortie 6B"));
}

TEST_F(AnnouncementSchool, PinnedComeFirstThenTheNewest) {
  auto a = draft({school()});
  a.title = "Ancienne épinglée";
  a.pinned = true;
  ASSERT_TRUE(create(a).ok());
  clock_.advance(60);
  a.title = "Récente";
  a.pinned = false;
  ASSERT_TRUE(create(a).ok());
  clock_.advance(60);
  a.title = "Plus récente";
  ASSERT_TRUE(create(a).ok());
  EXPECT_THAT(feedTitles(alice_), ElementsAre("Ancienne épinglée", "Plus récente", "Récente"));
}

TEST_F(AnnouncementSchool, AScheduledOneIsHiddenAndSilentUntilItsPublication) {
  auto a = draft({school()});
  a.publish_at = clock_.now() + 2 * kHour;
  ASSERT_TRUE(create(a).ok());
  EXPECT_THAT(feedTitles(alice_), IsEmpty());
  EXPECT_EQ(notices(alice_), 0);
  EXPECT_EQ(read<int>([&](storage::Connection& db) -> Result<int> {
              return publishDueAnnouncements(db, clock_.now());
            }),
            0);

  clock_.advance(2 * kHour);
  EXPECT_THAT(feedTitles(alice_), ElementsAre("Réunion parents-professeurs"));
  int published = -1;
  ASSERT_TRUE(write([&](storage::Connection& db) -> Status {
                CARTABLE_ASSIGN_OR_RETURN(published, publishDueAnnouncements(db, clock_.now()));
                return okStatus();
              }).ok());
  EXPECT_EQ(published, 1);
  EXPECT_EQ(notices(alice_), 1);
  // Announced once only.
  ASSERT_TRUE(write([&](storage::Connection& db) -> Status {
                CARTABLE_ASSIGN_OR_RETURN(published, publishDueAnnouncements(db, clock_.now()));
                return okStatus();
              }).ok());
  EXPECT_EQ(published, 0);
  EXPECT_EQ(notices(alice_), 1);
}

TEST_F(AnnouncementSchool, OneThatExpiredBeforeMaintenanceIsMarkedWithoutNotice) {
  auto a = draft({school()});
  a.publish_at = clock_.now() + kHour;
  a.expires_at = clock_.now() + 2 * kHour;
  ASSERT_TRUE(create(a).ok());
  clock_.advance(3 * kHour);
  int published = -1;
  ASSERT_TRUE(write([&](storage::Connection& db) -> Status {
                CARTABLE_ASSIGN_OR_RETURN(published, publishDueAnnouncements(db, clock_.now()));
                return okStatus();
              }).ok());
  EXPECT_EQ(published, 0);
  EXPECT_EQ(notices(alice_), 0);
  EXPECT_EQ(count("SELECT count(*) FROM announcements WHERE announced = 0"), 0);
}

TEST_F(AnnouncementSchool, AnExpiredOneLeavesTheFeed) {
  auto a = draft({school()});
  a.expires_at = clock_.now() + kHour;
  ASSERT_TRUE(create(a).ok());
  EXPECT_THAT(feedTitles(alice_), ElementsAre("Réunion parents-professeurs"));
  clock_.advance(kHour);
  EXPECT_THAT(feedTitles(alice_), IsEmpty());
}

TEST_F(AnnouncementSchool, ExpiringBeforePublicationIsRefusedNamingExpiresAt) {
  auto a = draft({school()});
  a.publish_at = clock_.now() + 2 * kHour;
  a.expires_at = clock_.now() + kHour;
  auto created = create(a);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, Errc::invalid_argument);
  EXPECT_EQ(created.error().field, "expires_at");
  EXPECT_EQ(count("SELECT count(*) FROM announcements"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 0);
}

TEST_F(AnnouncementSchool, APastPublicationInstantMeansNow) {
  auto a = draft({school()});
  a.publish_at = clock_.now() - 10 * kHour;
  auto id = create(a);
  ASSERT_TRUE(id.ok());
  auto stored =
      read<Announcement>([&](storage::Connection& db) { return getAnnouncement(db, *id); });
  EXPECT_EQ(stored.publish_at, clock_.now());
  EXPECT_TRUE(stored.announced);
}

struct BadDraft {
  std::string name;
  std::function<void(Announcement&, std::int64_t unknown_class)> change;
  std::string field;
};

TEST_F(AnnouncementSchool, EachBadFieldIsRefusedByName) {
  const std::vector<BadDraft> cases = {
      {"empty title", [](Announcement& a, std::int64_t) { a.title = ""; }, "title"},
      {"two-line title", [](Announcement& a, std::int64_t) { a.title = "a\nb"; }, "title"},
      {"long title", [](Announcement& a, std::int64_t) { a.title = std::string(201, 'x'); },
       "title"},
      {"empty body", [](Announcement& a, std::int64_t) { a.body = ""; }, "body"},
      {"long body", [](Announcement& a, std::int64_t) { a.body = std::string(20001, 'x'); },
       "body"},
      {"no audience", [](Announcement& a, std::int64_t) { a.audiences.clear(); }, "audiences"},
      {"unknown class",
       [](Announcement& a, std::int64_t unknown) {
         a.audiences = {{AudienceKind::class_all, unknown}};
       },
       "audiences[0].class_id"},
      {"class kind without class",
       [](Announcement& a, std::int64_t) {
         a.audiences = {{AudienceKind::school, std::nullopt},
                        {AudienceKind::class_parents, std::nullopt}};
       },
       "audiences[1].class_id"},
      {"class given for the school",
       [this](Announcement& a, std::int64_t) {
         a.audiences = {{AudienceKind::school, class_a_}};
       },
       "audiences[0].class_id"},
      {"repeated audience",
       [](Announcement& a, std::int64_t) {
         a.audiences = {{AudienceKind::staff, std::nullopt}, {AudienceKind::staff, std::nullopt}};
       },
       "audiences[1]"},
      {"past expiry", [this](Announcement& a, std::int64_t) { a.expires_at = clock_.now() - 1; },
       "expires_at"},
  };
  for (const BadDraft& bad : cases) {
    auto a = draft({school()});
    bad.change(a, class_b_ + 100);
    auto created = create(a);
    ASSERT_FALSE(created.ok()) << bad.name;
    EXPECT_EQ(created.error().code, Errc::invalid_argument) << bad.name;
    EXPECT_EQ(created.error().field, bad.field) << bad.name << ": " << created.error().message;
  }
  EXPECT_EQ(count("SELECT count(*) FROM announcements"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM announcement_audiences"), 0);
}

TEST_F(AnnouncementSchool, TeachersAddressOnlyTheClassesTheyTeach) {
  auto may = [&](std::int64_t who, directory::RoleSet roles, std::vector<Audience> audiences) {
    return read<bool>(
        [&](storage::Connection& db) { return mayAddress(db, who, roles, audiences); });
  };
  using directory::Role;
  EXPECT_TRUE(may(teacher_a_, {Role::teacher},
                  {ofClass(AudienceKind::class_parents, class_a_),
                   ofClass(AudienceKind::class_students, class_a_)}));
  EXPECT_FALSE(may(teacher_a_, {Role::teacher}, {ofClass(AudienceKind::class_all, class_b_)}));
  EXPECT_FALSE(may(teacher_a_, {Role::teacher}, {school()}));
  EXPECT_FALSE(may(teacher_a_, {Role::teacher}, {staffOnly()}));
  EXPECT_FALSE(may(teacher_a_, {Role::teacher}, {ofClass(AudienceKind::class_all, 999)}));
  EXPECT_TRUE(may(cpe_, {Role::staff}, {school(), ofClass(AudienceKind::class_all, class_b_)}));
  EXPECT_TRUE(may(admin_, {Role::admin}, {staffOnly()}));
  EXPECT_FALSE(may(alice_mum_, {Role::parent}, {ofClass(AudienceKind::class_parents, class_a_)}));
}

TEST_F(AnnouncementSchool, ReadingLowersTheUnreadCountOnce) {
  auto first = create(draft({school()}));
  ASSERT_TRUE(create(draft({school()})).ok());
  auto unread = [&] {
    return read<std::int64_t>(
        [&](storage::Connection& db) { return unreadCount(db, alice_, clock_.now()); });
  };
  EXPECT_EQ(unread(), 2);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(write([&](storage::Connection& db) {
                  return markRead(db, *first, alice_, clock_.now());
                }).ok());
  }
  EXPECT_EQ(unread(), 1);
  auto feed = read<std::vector<FeedItem>>(
      [&](storage::Connection& db) { return feedOf(db, alice_, clock_.now(), {}); });
  ASSERT_EQ(feed.size(), 2u);
  EXPECT_EQ(feed[1].announcement.id, *first);
  EXPECT_TRUE(feed[1].read);
  EXPECT_FALSE(feed[0].read);
}

TEST_F(AnnouncementSchool, ReadStatsCountTheAudienceOnly) {
  auto id = create(draft({ofClass(AudienceKind::class_all, class_a_)}));
  ASSERT_TRUE(id.ok());
  for (std::int64_t reader : {alice_, admin_}) {
    ASSERT_TRUE(write([&](storage::Connection& db) {
                  return markRead(db, *id, reader, clock_.now());
                }).ok());
  }
  auto stats = read<ReadStats>([&](storage::Connection& db) -> Result<ReadStats> {
    CARTABLE_ASSIGN_OR_RETURN(auto a, getAnnouncement(db, *id));
    return readStats(db, a);
  });
  EXPECT_EQ(stats.audience, 2);  // alice and her mother
  EXPECT_EQ(stats.read, 1);      // the admin is not of the audience
  EXPECT_DOUBLE_EQ(stats.ratio, 0.5);
}

TEST_F(AnnouncementSchool, MarkingAnUnknownAnnouncementIsNotFound) {
  Status marked =
      write([&](storage::Connection& db) { return markRead(db, 999, alice_, clock_.now()); });
  ASSERT_FALSE(marked.ok());
  EXPECT_EQ(marked.error().code, Errc::not_found);
}

TEST_F(AnnouncementSchool, BringingAScheduledOneForwardPublishesAndNotifiesIt) {
  auto a = draft({school()});
  a.publish_at = clock_.now() + 5 * kHour;
  auto id = create(a);
  ASSERT_TRUE(id.ok());
  a.id = *id;
  a.publish_at = 0;
  ASSERT_TRUE(
      write([&](storage::Connection& db) { return updateAnnouncement(db, a, clock_.now()); }).ok());
  EXPECT_THAT(feedTitles(alice_), ElementsAre("Réunion parents-professeurs"));
  EXPECT_EQ(notices(alice_), 1);
}

TEST_F(AnnouncementSchool, APublishedOneKeepsItsPublicationInstant) {
  auto id = create(draft({school()}));
  ASSERT_TRUE(id.ok());
  auto a = read<Announcement>([&](storage::Connection& db) { return getAnnouncement(db, *id); });
  a.publish_at += kHour;
  Status updated =
      write([&](storage::Connection& db) { return updateAnnouncement(db, a, clock_.now()); });
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().field, "publish_at");
}

TEST_F(AnnouncementSchool, ARefusedEditLeavesTheAnnouncementAsItWas) {
  auto id = create(draft({ofClass(AudienceKind::class_all, class_a_)}));
  ASSERT_TRUE(id.ok());
  auto a = read<Announcement>([&](storage::Connection& db) { return getAnnouncement(db, *id); });
  a.title = "Nouveau titre";
  a.audiences = {school(), {AudienceKind::class_parents, 999}};
  Status updated =
      write([&](storage::Connection& db) { return updateAnnouncement(db, a, clock_.now()); });
  ASSERT_FALSE(updated.ok());
  EXPECT_EQ(updated.error().field, "audiences[1].class_id");
  auto stored =
      read<Announcement>([&](storage::Connection& db) { return getAnnouncement(db, *id); });
  EXPECT_EQ(stored.title, "Réunion parents-professeurs");
  EXPECT_EQ(stored.audiences, std::vector<Audience>{ofClass(AudienceKind::class_all, class_a_)});
}

TEST_F(AnnouncementSchool, EditingChangesWhatReadersSee) {
  auto id = create(draft({ofClass(AudienceKind::class_all, class_a_)}));
  ASSERT_TRUE(id.ok());
  auto a = read<Announcement>([&](storage::Connection& db) { return getAnnouncement(db, *id); });
  a.title = "Réunion reportée";
  a.audiences = {ofClass(AudienceKind::class_all, class_b_)};
  a.pinned = true;
  ASSERT_TRUE(
      write([&](storage::Connection& db) { return updateAnnouncement(db, a, clock_.now()); }).ok());
  EXPECT_THAT(feedTitles(alice_), IsEmpty());
  EXPECT_THAT(feedTitles(bob_dad_), ElementsAre("Réunion reportée"));
}

TEST_F(AnnouncementSchool, DeletingRemovesItsAudiencesAndReadReceipts) {
  auto id = create(draft({school()}));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(
      write([&](storage::Connection& db) { return markRead(db, *id, alice_, clock_.now()); }).ok());
  ASSERT_TRUE(write([&](storage::Connection& db) { return deleteAnnouncement(db, *id); }).ok());
  EXPECT_THAT(feedTitles(alice_), IsEmpty());
  EXPECT_EQ(count("SELECT count(*) FROM announcement_audiences"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM announcement_reads"), 0);
  Status again = write([&](storage::Connection& db) { return deleteAnnouncement(db, *id); });
  EXPECT_EQ(again.error().code, Errc::not_found);
}

TEST_F(AnnouncementSchool, VisibilityFollowsAudiencePublicationAndExpiry) {
  auto a = draft({ofClass(AudienceKind::class_parents, class_a_)});
  a.publish_at = clock_.now() + kHour;
  a.expires_at = clock_.now() + 3 * kHour;
  auto id = create(a);
  ASSERT_TRUE(id.ok());
  auto visible = [&](std::int64_t user) {
    return read<bool>(
        [&](storage::Connection& db) { return isVisibleTo(db, *id, user, clock_.now()); });
  };
  EXPECT_FALSE(visible(alice_mum_));  // scheduled
  clock_.advance(kHour);
  EXPECT_TRUE(visible(alice_mum_));
  EXPECT_FALSE(visible(bob_dad_));  // another family
  EXPECT_FALSE(visible(alice_));    // the parents only
  clock_.advance(2 * kHour);
  EXPECT_FALSE(visible(alice_mum_));  // expired
}

}  // namespace
}  // namespace cartable::announcements
