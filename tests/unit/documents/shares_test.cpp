// Who reads and writes which folder and document, and sharing.
#include <gmock/gmock.h>

#include "document_fixture.h"

namespace cartable::documents {
namespace {

using directory::Role;

class DocumentRightsTest : public DocumentSchool {
 protected:
  void SetUp() override {
    DocumentSchool::SetUp();
    class_root_ = classRootOf(class_a_);
    class_doc_ = upload(class_root_.id, "cours.txt", "Cours", teacher_a_)->front().id;
    alice_root_ = personalRootOf(alice_);
    alice_folder_ = makeFolderOf(alice_root_.id, "Exposé");
    alice_doc_ = upload(alice_folder_, "plan.txt", "Plan", alice_)->front().id;
  }

  std::int64_t makeFolderOf(std::int64_t parent, const std::string& name) {
    return inWriter<Folder>([&](storage::Connection& db) {
             return createFolder(db, {parent, name, std::nullopt}, alice_, clock_.now());
           })
        ->id;
  }

  FolderRights onFolder(std::int64_t id, const Person& person) {
    return inWriter<FolderRights>(
               [&](storage::Connection& db) { return rightsOnFolder(db, id, person); })
        .value();
  }

  DocumentRights onDocument(std::int64_t id, const Person& person) {
    return inWriter<DocumentRights>(
               [&](storage::Connection& db) { return rightsOnDocument(db, id, person); })
        .value();
  }

  Result<std::vector<Share>> shareDoc(std::int64_t document, ShareTarget target,
                                      std::vector<std::int64_t> ids, std::int64_t by) {
    NewShare input;
    input.document_id = document;
    input.target = target;
    input.target_ids = std::move(ids);
    return inWriter<std::vector<Share>>(
        [&](storage::Connection& db) { return share(db, input, by, clock_.now()); });
  }

  Folder class_root_, alice_root_;
  std::int64_t class_doc_ = 0, alice_folder_ = 0, alice_doc_ = 0;
};

TEST_F(DocumentRightsTest, AClassSpaceIsReadByTheClassAndWrittenByItsTeachersAndStaff) {
  const struct {
    Person person;
    bool read, write;
  } cases[] = {
      {who(alice_, {Role::student}), true, false},
      {who(alice_mum_, {Role::parent}), true, false},
      {who(teacher_a_, {Role::teacher}), true, true},
      {who(cpe_, {Role::staff}), true, true},
      {who(admin_, {Role::admin}), true, true},
      {who(bob_, {Role::student}), false, false},
      {who(bob_dad_, {Role::parent}), false, false},
      {who(teacher_b_, {Role::teacher}), false, false},
  };
  for (const auto& c : cases) {
    const FolderRights folder = onFolder(class_root_.id, c.person);
    EXPECT_TRUE(folder.exists);
    EXPECT_EQ(folder.read, c.read) << c.person.user_id;
    EXPECT_EQ(folder.write, c.write) << c.person.user_id;
    EXPECT_FALSE(folder.share) << c.person.user_id;
    EXPECT_EQ(onDocument(class_doc_, c.person).read, c.read) << c.person.user_id;
  }
}

TEST_F(DocumentRightsTest, AClassDocumentIsEditedByItsPublisherAndRemovedByAdminToo) {
  const DocumentRights publisher = onDocument(class_doc_, who(teacher_a_, {Role::teacher}));
  EXPECT_TRUE(publisher.edit);
  EXPECT_TRUE(publisher.remove);
  EXPECT_FALSE(publisher.share);
  const DocumentRights staff = onDocument(class_doc_, who(cpe_, {Role::staff}));
  EXPECT_FALSE(staff.edit);
  EXPECT_FALSE(staff.remove);
  const DocumentRights admin = onDocument(class_doc_, who(admin_, {Role::admin}));
  EXPECT_FALSE(admin.edit);
  EXPECT_TRUE(admin.remove);
}

TEST_F(DocumentRightsTest, APersonalSpaceIsItsOwnersAlone) {
  const FolderRights owner = onFolder(alice_folder_, who(alice_, {Role::student}));
  EXPECT_TRUE(owner.read && owner.write && owner.share);
  const DocumentRights doc = onDocument(alice_doc_, who(alice_, {Role::student}));
  EXPECT_TRUE(doc.read && doc.edit && doc.remove && doc.share);
  for (const Person& other : {who(alice_mum_, {Role::parent}), who(teacher_a_, {Role::teacher}),
                              who(cpe_, {Role::staff}), who(admin_, {Role::admin})}) {
    EXPECT_FALSE(onFolder(alice_folder_, other).read) << other.user_id;
    EXPECT_FALSE(onDocument(alice_doc_, other).read) << other.user_id;
  }
  // Admins remove any document, without reading it.
  EXPECT_TRUE(onDocument(alice_doc_, who(admin_, {Role::admin})).remove);
}

TEST_F(DocumentRightsTest, UnknownIdsGiveNoRights) {
  EXPECT_FALSE(onFolder(999999, who(admin_, {Role::admin})).exists);
  const DocumentRights none = onDocument(999999, who(admin_, {Role::admin}));
  EXPECT_FALSE(none.exists || none.read || none.remove);
}

TEST_F(DocumentRightsTest, AGroupShareReachesTheGroupAsItIsToday) {
  auto shared = shareDoc(alice_doc_, ShareTarget::group, {group_}, alice_);
  ASSERT_TRUE(shared.ok()) << shared.error().message;
  ASSERT_EQ(shared->size(), 1u);
  EXPECT_EQ(shared->front().item_name, "plan.txt");
  EXPECT_EQ(shared->front().target, ShareTarget::group);
  // The group has alice and no one else: alice shared it, so nobody is told.
  EXPECT_EQ(notices(alice_), 0);
  Status joined =
      write([&](storage::Connection& db) { return directory::addGroupMember(db, group_, bob_); });
  ASSERT_TRUE(joined.ok());
  // Group membership is read today: bob, who joined, reads it.
  const DocumentRights bob = onDocument(alice_doc_, who(bob_, {Role::student}));
  EXPECT_TRUE(bob.read);
  EXPECT_FALSE(bob.edit || bob.remove || bob.share);
  EXPECT_FALSE(onFolder(alice_folder_, who(bob_, {Role::student})).read);
  EXPECT_FALSE(onDocument(alice_doc_, who(teacher_a_, {Role::teacher})).read);
}

TEST_F(DocumentRightsTest, SharingWithAClassTellsItsStudentsOnceAndNotTwice) {
  const std::int64_t teacher_doc =
      upload(personalRootOf(teacher_b_).id, "fiche.txt", "Fiche", teacher_b_)->front().id;
  ASSERT_TRUE(shareDoc(teacher_doc, ShareTarget::school_class, {class_b_}, teacher_b_).ok());
  ASSERT_TRUE(shareDoc(teacher_doc, ShareTarget::school_class, {class_b_}, teacher_b_).ok());
  EXPECT_EQ(notices(bob_), 1);
  EXPECT_EQ(notices(alice_), 0);
  EXPECT_EQ(notices(bob_dad_), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notifications WHERE kind = 'document.shared' AND "
                  "title = 'Document partagé : fiche.txt' AND link = '/documents/" +
                  std::to_string(teacher_doc) + "'"),
            1);
  EXPECT_TRUE(onDocument(teacher_doc, who(bob_, {Role::student})).read);
}

TEST_F(DocumentRightsTest, ASharedFolderLetsItsReadersIntoEverythingBelowIt) {
  NewShare input;
  input.folder_id = alice_folder_;
  input.target_ids = {teacher_a_};
  auto shared = inWriter<std::vector<Share>>(
      [&](storage::Connection& db) { return share(db, input, alice_, clock_.now()); });
  ASSERT_TRUE(shared.ok()) << shared.error().message;
  EXPECT_EQ(notices(teacher_a_), 1);
  const std::int64_t inner = makeFolderOf(alice_folder_, "Sources");
  const std::int64_t inner_doc = upload(inner, "source.txt", "S", alice_)->front().id;
  const Person teacher = who(teacher_a_, {Role::teacher});
  EXPECT_TRUE(onFolder(inner, teacher).read);
  EXPECT_FALSE(onFolder(inner, teacher).write);
  EXPECT_TRUE(onDocument(inner_doc, teacher).read);
  EXPECT_FALSE(onFolder(alice_root_.id, teacher).read);
  auto listed = inWriter<std::vector<Share>>(
      [&](storage::Connection& db) { return sharedWith(db, teacher_a_); });
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().folder_id, alice_folder_);
  EXPECT_EQ(listed->front().item_name, "Exposé");
}

TEST_F(DocumentRightsTest, ARevokedShareNoLongerReaches) {
  auto shared = shareDoc(alice_doc_, ShareTarget::person, {teacher_a_, cpe_}, alice_);
  ASSERT_TRUE(shared.ok()) << shared.error().message;
  ASSERT_EQ(shared->size(), 2u);
  EXPECT_EQ(notices(cpe_), 1);
  ASSERT_TRUE(
      write([&](storage::Connection& db) { return revokeShare(db, shared->front().id); }).ok());
  EXPECT_FALSE(onDocument(alice_doc_, who(teacher_a_, {Role::teacher})).read);
  EXPECT_TRUE(onDocument(alice_doc_, who(cpe_, {Role::staff})).read);
  auto listed = inWriter<std::vector<Share>>(
      [&](storage::Connection& db) { return sharedWith(db, teacher_a_); });
  EXPECT_TRUE(listed->empty());
}

TEST_F(DocumentRightsTest, BadShareTargetsAreRefusedNamingTheField) {
  struct Case {
    ShareTarget target;
    std::vector<std::int64_t> ids;
    std::string message;
  };
  const std::vector<Case> cases = {
      {ShareTarget::person, {alice_}, "\"user_ids\" names yourself"},
      {ShareTarget::person, {999999}, "\"user_ids\" names no active person: 999999"},
      {ShareTarget::person, {}, "\"user_ids\" must name 1 to 100 people"},
      {ShareTarget::school_class, {999999}, "\"class_id\" names no class: 999999"},
      {ShareTarget::group, {999999}, "\"group_id\" names no group: 999999"},
  };
  for (const Case& bad : cases) {
    auto refused = shareDoc(alice_doc_, bad.target, bad.ids, alice_);
    ASSERT_FALSE(refused.ok()) << bad.message;
    EXPECT_EQ(refused.error().code, Errc::invalid_argument);
    EXPECT_EQ(refused.error().message, bad.message);
  }
  auto class_doc = shareDoc(class_doc_, ShareTarget::person, {cpe_}, teacher_a_);
  ASSERT_FALSE(class_doc.ok());
  EXPECT_EQ(class_doc.error().code, Errc::conflict);
  EXPECT_EQ(count("SELECT count(*) FROM document_shares"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 0);
}

}  // namespace
}  // namespace cartable::documents
