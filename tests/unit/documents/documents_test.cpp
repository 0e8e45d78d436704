// The documents module: names, folders, versions, quotas and deletion.
#include <gmock/gmock.h>

#include "document_fixture.h"

namespace cartable::documents {
namespace {

using ::testing::ElementsAre;

std::vector<std::string> namesOf(const std::vector<Folder>& folders) {
  std::vector<std::string> out;
  for (const Folder& folder : folders) out.push_back(folder.name);
  return out;
}

TEST(DocumentNames, AreRefusedWithTheReasonAndTheField) {
  struct Case {
    std::string name;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "\"name\" is required"},
      {std::string(121, 'a'), "\"name\" is longer than 120 characters"},
      {"Cours/Maths", "\"name\" must not contain '/' or '\\'"},
      {"Cours\\Maths", "\"name\" must not contain '/' or '\\'"},
      {"..", "\"name\" must not be \".\" or \"..\""},
      {"Cours\tMaths", "\"name\" must be valid UTF-8 text on one line without control characters"},
      {"Cours\nMaths", "\"name\" must be valid UTF-8 text on one line without control characters"},
      {std::string("Cours\x01", 6),
       "\"name\" must be valid UTF-8 text on one line without control characters"},
      {"Cours \xC3", "\"name\" must be valid UTF-8 text on one line without control characters"},
  };
  for (const Case& bad : cases) {
    const Status checked = checkName(bad.name, kMaxFolderName, "name");
    ASSERT_FALSE(checked.ok()) << bad.name;
    EXPECT_EQ(checked.error().code, Errc::invalid_argument);
    EXPECT_EQ(checked.error().message, bad.message);
    EXPECT_EQ(checked.error().field, "name");
  }
  EXPECT_TRUE(checkName(std::string(120, 'e'), kMaxFolderName, "name").ok());
  EXPECT_TRUE(checkName("Écrits d'élèves (2026)", kMaxFolderName, "name").ok());
}

TEST(DocumentNames, KeysIgnoreTheCaseOfAsciiAndFrenchLetters) {
  EXPECT_EQ(nameKey("MATHS"), nameKey("maths"));
  EXPECT_EQ(nameKey("ÉCRITS À RENDRE"), nameKey("écrits à rendre"));
  EXPECT_EQ(nameKey("ŒUVRES"), nameKey("œuvres"));
  EXPECT_EQ(nameKey("ŸVES"), nameKey("ÿves"));
  EXPECT_NE(nameKey("Écrits"), nameKey("Ecrits"));
  EXPECT_NE(nameKey("a×b"), nameKey("a÷b"));
}

TEST_F(DocumentSchool, EachPersonHasOnePersonalRootMadeOnFirstUse) {
  EXPECT_EQ(count("SELECT count(*) FROM document_folders"), 0);
  const Folder first = personalRootOf(alice_);
  const Folder again = personalRootOf(alice_);
  EXPECT_EQ(first.id, again.id);
  EXPECT_EQ(first.space, Space::personal);
  EXPECT_EQ(first.owner_id, alice_);
  EXPECT_EQ(first.name, "Mes documents");
  EXPECT_NE(personalRootOf(bob_).id, first.id);
}

TEST_F(DocumentSchool, AClassRootIsNamedAfterTheClassAndNeedsOne) {
  const Folder root = classRootOf(class_a_);
  EXPECT_EQ(root.space, Space::school_class);
  EXPECT_EQ(root.class_id, class_a_);
  EXPECT_EQ(root.name, "6e A");
  auto missing = inWriter<Folder>(
      [&](storage::Connection& db) { return classRoot(db, 999999, clock_.now()); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, Errc::not_found);
  EXPECT_EQ(missing.error().field, "id");
}

TEST_F(DocumentSchool, SiblingFoldersHaveNamesThatDifferRegardlessOfCase) {
  const Folder root = classRootOf(class_a_);
  ASSERT_TRUE(makeFolder(root.id, "Corrections").ok());
  auto same = makeFolder(root.id, "CORRECTIONS");
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().code, Errc::already_exists);
  EXPECT_EQ(same.error().message, "\"name\" \"CORRECTIONS\" is already the name of a folder here");
  EXPECT_EQ(same.error().field, "name");
  // The same name elsewhere is fine.
  EXPECT_TRUE(makeFolder(classRootOf(class_b_).id, "Corrections").ok());
}

TEST_F(DocumentSchool, ASubjectFolderTakesTheSubjectsLabelInAClassOnly) {
  const Folder root = classRootOf(class_a_);
  auto maths = makeFolder(root.id, std::nullopt, maths_);
  ASSERT_TRUE(maths.ok()) << maths.error().message;
  EXPECT_EQ(maths->name, "Mathématiques");
  EXPECT_EQ(maths->subject_id, maths_);
  EXPECT_EQ(maths->class_id, class_a_);
  auto personal = makeFolder(personalRootOf(teacher_a_).id, std::nullopt, maths_);
  ASSERT_FALSE(personal.ok());
  EXPECT_EQ(personal.error().field, "subject_id");
  auto unknown = makeFolder(root.id, std::nullopt, 999999);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message, "\"subject_id\" names no subject: 999999");
  auto nameless = makeFolder(root.id, std::nullopt);
  ASSERT_FALSE(nameless.ok());
  EXPECT_EQ(nameless.error().message, "\"name\" is required");
  auto orphan = makeFolder(999999, "Cours");
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, Errc::invalid_argument);
  EXPECT_EQ(orphan.error().field, "parent_id");
}

TEST_F(DocumentSchool, FoldersMoveWithinTheirSpaceButNotIntoThemselves) {
  const Folder root = classRootOf(class_a_);
  const Folder cours = makeFolder(root.id, "Cours").value();
  const Folder chapitre = makeFolder(cours.id, "Chapitre 1").value();
  const auto change = [&](std::int64_t id, FolderChange c) {
    return inWriter<Folder>([&](storage::Connection& db) { return updateFolder(db, id, c); });
  };
  auto into_child = change(cours.id, {std::nullopt, chapitre.id});
  ASSERT_FALSE(into_child.ok());
  EXPECT_EQ(into_child.error().message, "\"parent_id\" is the folder itself or a folder inside it");
  auto other_space = change(cours.id, {std::nullopt, personalRootOf(teacher_a_).id});
  ASSERT_FALSE(other_space.ok());
  EXPECT_EQ(other_space.error().field, "parent_id");
  auto root_renamed = change(root.id, {"Autre", std::nullopt});
  ASSERT_FALSE(root_renamed.ok());
  EXPECT_EQ(root_renamed.error().code, Errc::conflict);
  auto moved = change(chapitre.id, {"Chapitre un", root.id});
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  auto listed = inWriter<std::vector<Folder>>(
      [&](storage::Connection& db) { return subFolders(db, root.id); });
  EXPECT_THAT(namesOf(*listed), ElementsAre("Chapitre un", "Cours"));
}

TEST_F(DocumentSchool, OnlyAnEmptyFolderIsDeleted) {
  const Folder root = classRootOf(class_a_);
  const Folder cours = makeFolder(root.id, "Cours").value();
  ASSERT_TRUE(upload(cours.id, "cours.txt", "Chapitre 1", teacher_a_).ok());
  Status refused = write([&](storage::Connection& db) { return deleteFolder(db, cours.id); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::conflict);
  EXPECT_EQ(refused.error().message, "folder " + std::to_string(cours.id) +
                                         " is not empty: delete or move what it holds first");
  const Folder empty = makeFolder(root.id, "Vide").value();
  EXPECT_TRUE(write([&](storage::Connection& db) { return deleteFolder(db, empty.id); }).ok());
  EXPECT_FALSE(write([&](storage::Connection& db) { return deleteFolder(db, root.id); }).ok());
}

TEST_F(DocumentSchool, ReuploadingANameAddsAVersionAndKeepsTheOlderOnes) {
  const Folder root = classRootOf(class_a_);
  auto first = upload(root.id, "Cours.txt", "version une", teacher_a_);
  ASSERT_TRUE(first.ok()) << first.error().message;
  clock_.advance(60);
  auto second = upload(root.id, "cours.txt", "version deux, plus longue", teacher_b_);
  ASSERT_TRUE(second.ok()) << second.error().message;
  ASSERT_EQ(second->size(), 1u);
  const Document& document = second->front();
  EXPECT_EQ(document.id, first->front().id);
  EXPECT_EQ(document.name, "Cours.txt");
  ASSERT_EQ(document.versions.size(), 2u);
  EXPECT_EQ(document.current().number, 2);
  EXPECT_EQ(document.current().size, 25u);
  EXPECT_EQ(document.current().uploaded_by, teacher_b_);
  EXPECT_EQ(document.updated_at, clock_.now());
  EXPECT_EQ(document.created_by, teacher_a_);
  auto file = inWriter<std::int64_t>(
      [&](storage::Connection& db) { return versionFile(db, document.id, 1); });
  EXPECT_EQ(*file, first->front().current().file_id);
  auto missing = inWriter<std::int64_t>(
      [&](storage::Connection& db) { return versionFile(db, document.id, 3); });
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "number");
  EXPECT_EQ(count("SELECT count(*) FROM documents"), 1);
}

TEST_F(DocumentSchool, UsageCountsEveryVersionEvenWhenTheBytesAreTheSame) {
  const Folder root = personalRootOf(alice_);
  ASSERT_TRUE(upload(root.id, "notes.txt", "0123456789", alice_).ok());
  ASSERT_TRUE(upload(root.id, "notes.txt", "0123456789", alice_).ok());
  ASSERT_TRUE(upload(root.id, "copie.txt", "0123456789", alice_).ok());
  EXPECT_EQ(count("SELECT count(DISTINCT sha256) FROM files"), 1);
  auto used =
      inWriter<std::uint64_t>([&](storage::Connection& db) { return userUsage(db, alice_); });
  EXPECT_EQ(*used, 30u);
  auto school = inWriter<std::uint64_t>([&](storage::Connection& db) { return schoolUsage(db); });
  EXPECT_EQ(*school, 30u);
}

TEST_F(DocumentSchool, AnUploadAboveTheUploadersQuotaIsRefusedAndAddsNothing) {
  const Folder root = personalRootOf(alice_);
  ASSERT_TRUE(upload(root.id, "a.txt", std::string(60, 'a'), alice_, {100, 1000}).ok());
  auto refused = upload(root.id, "b.txt", std::string(50, 'b'), alice_, {100, 1000});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::resource_exhausted);
  EXPECT_EQ(refused.error().message,
            "these files (50 bytes) would exceed your documents quota: 60 bytes used of 100 "
            "bytes; nothing was stored");
  EXPECT_EQ(refused.error().field, "documents.user_quota_bytes");
  EXPECT_EQ(count("SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM document_versions"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM files"), 1);
  // Another person still has room; exactly the quota is allowed.
  EXPECT_TRUE(
      upload(personalRootOf(bob_).id, "b.txt", std::string(100, 'b'), bob_, {100, 1000}).ok());
}

TEST_F(DocumentSchool, AnUploadAboveTheSchoolsQuotaIsRefusedAndAddsNothing) {
  ASSERT_TRUE(
      upload(personalRootOf(alice_).id, "a.txt", std::string(1500, 'a'), alice_, {2048, 4096})
          .ok());
  ASSERT_TRUE(
      upload(personalRootOf(bob_).id, "b.txt", std::string(2000, 'b'), bob_, {2048, 4096}).ok());
  auto refused =
      upload(classRootOf(class_a_).id, "c.txt", std::string(1024, 'c'), teacher_a_, {2048, 4096});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message,
            "these files (1.0 KiB) would exceed the school's documents quota: 3.4 KiB used of "
            "4.0 KiB; nothing was stored");
  EXPECT_EQ(refused.error().field, "documents.school_quota_bytes");
  EXPECT_EQ(count("SELECT count(*) FROM documents"), 2);
}

TEST_F(DocumentSchool, DocumentsAreRenamedAndMovedWithinTheirSpace) {
  const Folder root = personalRootOf(alice_);
  const Folder maths = makeFolder(root.id, "Maths").value();
  const auto id = upload(root.id, "brouillon.txt", "x", alice_)->front().id;
  ASSERT_TRUE(upload(maths.id, "exercice.txt", "y", alice_).ok());
  const auto change = [&](DocumentChange c) {
    return inWriter<Document>(
        [&](storage::Connection& db) { return updateDocument(db, id, c, clock_.now()); });
  };
  auto taken = change({"EXERCICE.txt", maths.id});
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, Errc::conflict);
  EXPECT_EQ(taken.error().field, "name");
  auto other_space = change({std::nullopt, classRootOf(class_a_).id});
  ASSERT_FALSE(other_space.ok());
  EXPECT_EQ(other_space.error().message,
            "\"folder_id\" is in another space: documents move within their space");
  auto bad_name = change({"a/b", std::nullopt});
  ASSERT_FALSE(bad_name.ok());
  EXPECT_EQ(bad_name.error().field, "name");
  auto moved = change({"exercice 2.txt", maths.id});
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(moved->folder_id, maths.id);
  EXPECT_EQ(moved->name, "exercice 2.txt");
}

TEST_F(DocumentSchool, DeletingADocumentTakesItsVersionsAndTheSweepItsBytes) {
  const Folder root = classRootOf(class_a_);
  ASSERT_TRUE(upload(root.id, "cours.txt", "une", teacher_a_).ok());
  const auto id = upload(root.id, "cours.txt", "deux", teacher_a_)->front().id;
  ASSERT_TRUE(write([&](storage::Connection& db) { return deleteDocument(db, id); }).ok());
  EXPECT_EQ(count("SELECT count(*) FROM document_versions"), 0);
  auto swept = store_.sweepUnreferenced(*db_);
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(swept->rows, 2);
  EXPECT_EQ(swept->blobs, 2);
  EXPECT_EQ(count("SELECT count(*) FROM files"), 0);
  Status again = write([&](storage::Connection& db) { return deleteDocument(db, id); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, Errc::not_found);
}

}  // namespace
}  // namespace cartable::documents
