// The documents space (espace documentaire): every person's personal folders,
// each class's folders where its teachers publish course materials,
// corrections and resources (optionally one sub-folder per subject), and the
// documents in them. Re-uploading a document's name in its folder adds a
// version; every version stays downloadable. The owner of a personal document
// or folder shares it, read-only, with a class, a group or people, who are
// told ("document.shared"). Uploads count against a quota per person and one
// for the school.
//
// Rights (the access checks ask rightsOnFolder / rightsOnDocument):
// - a personal space: its owner reads and writes; a share reaching a person
//   lets them read what it covers (a shared folder: everything below it);
// - a class space: the class's current students, their parents, the class's
//   teachers, staff and admin read; the class's teachers, staff and admin
//   write (publish, make, rename and delete sub-folders);
// - a document: its publisher (class) or the space's owner (personal) renames
//   and moves it within its space, and deletes it; admin deletes any.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "directory/roles.h"
#include "files/files.h"

namespace cartable::documents {

inline constexpr std::size_t kMaxFolderName = 120;
inline constexpr std::size_t kMaxDocumentName = 200;

enum class Space { personal, school_class };

struct Folder {
  std::int64_t id = 0;
  Space space = Space::personal;
  std::optional<std::int64_t> owner_id;   // personal space
  std::optional<std::int64_t> class_id;   // class space
  std::optional<std::int64_t> parent_id;  // none: the space's root
  std::string name;
  std::optional<std::int64_t> subject_id;  // a class's folder for one subject
  std::optional<std::int64_t> created_by;
  Seconds created_at = 0;
};

struct Version {
  int number = 0;  // from 1; the highest is the current content
  std::int64_t file_id = 0;
  std::uint64_t size = 0;
  std::string content_type;  // found from the bytes at upload
  std::optional<std::int64_t> uploaded_by;
  Seconds uploaded_at = 0;
};

struct Document {
  std::int64_t id = 0;
  std::int64_t folder_id = 0;
  std::string name;
  std::optional<std::int64_t> created_by;  // the publisher
  Seconds created_at = 0;
  Seconds updated_at = 0;         // the newest version's upload, or the last rename or move
  std::vector<Version> versions;  // oldest first; never empty
  const Version& current() const { return versions.back(); }
};

// Who asks.
struct Person {
  std::int64_t user_id = 0;
  directory::RoleSet roles;
};

// A name is 1..max characters of UTF-8 text without control characters
// (tab and newline included), without '/' or '\', and not "." or "..".
// invalid_argument names `field`.
Status checkName(std::string_view name, std::size_t max_length, const std::string& field);
// The key under which siblings' names must differ: lower case, for ASCII
// and the Latin letters French uses ("Maths" and "MATHS", "Écrits" and "écrits").
std::string nameKey(std::string_view name);

// The root of `user_id`'s personal space, made on first use.
Result<Folder> personalRoot(storage::Connection& db, std::int64_t user_id, Seconds now);
// The root of class `class_id`'s space, made on first use; not_found naming
// "id" when there is no such class.
Result<Folder> classRoot(storage::Connection& db, std::int64_t class_id, Seconds now);
// The existing root of a space, on a reader; nothing before its first use.
Result<std::optional<Folder>> findPersonalRoot(storage::Connection& db, std::int64_t user_id);
Result<std::optional<Folder>> findClassRoot(storage::Connection& db, std::int64_t class_id);

// not_found naming "id" when absent.
Result<Folder> getFolder(storage::Connection& db, std::int64_t id);
// The folder's sub-folders and documents, by name.
Result<std::vector<Folder>> subFolders(storage::Connection& db, std::int64_t folder_id);
Result<std::vector<Document>> documentsIn(storage::Connection& db, std::int64_t folder_id);
// The folders from the space's root down to `folder_id` (included).
Result<std::vector<Folder>> pathTo(storage::Connection& db, std::int64_t folder_id);

struct NewFolder {
  std::int64_t parent_id = 0;
  std::optional<std::string> name;         // defaults to the subject's label
  std::optional<std::int64_t> subject_id;  // class spaces only
};
// Makes a sub-folder. invalid_argument names "parent_id" (no such folder),
// "name" (see checkName; required without a subject), "subject_id" (no such
// subject, or a personal space); already_exists naming "name" when a sibling
// has that name.
Result<Folder> createFolder(storage::Connection& db, const NewFolder& input,
                            std::int64_t creator_id, Seconds now);

struct FolderChange {
  std::optional<std::string> name;
  std::optional<std::int64_t> parent_id;  // the new parent, in the same space
};
// Renames and/or moves a folder that is not a root (conflict naming "id"
// otherwise). invalid_argument names "parent_id" (another space, the folder
// itself or a folder below it); already_exists naming "name".
Result<Folder> updateFolder(storage::Connection& db, std::int64_t id, const FolderChange& change);
// Deletes an empty folder that is not a root; conflict naming "id" otherwise.
Status deleteFolder(storage::Connection& db, std::int64_t id);

// not_found naming "id" when absent.
Result<Document> getDocument(storage::Connection& db, std::int64_t id);
// The file of version `number` of document `id`; not_found naming "number".
Result<std::int64_t> versionFile(storage::Connection& db, std::int64_t id, std::int64_t number);

struct Quotas {
  std::uint64_t user_bytes = 0;
  std::uint64_t school_bytes = 0;
};
// Bytes of the document versions `user_id` uploaded; of every version.
Result<std::uint64_t> userUsage(storage::Connection& db, std::int64_t user_id);
Result<std::uint64_t> schoolUsage(storage::Connection& db);

// Adds `files` (recorded in the store in this transaction) to folder
// `folder_id`, each under its file name: a new document, or a new version of
// the document of that name. resource_exhausted naming the quota
// ("documents.user_quota_bytes" or "documents.school_quota_bytes") when the
// files would take the uploader or the school above it: then nothing is added
// and the caller must roll back. Returns the documents touched, in order.
Result<std::vector<Document>> addFiles(storage::Connection& db, std::int64_t folder_id,
                                       const std::vector<files::FileInfo>& files,
                                       std::int64_t uploader_id, const Quotas& quotas, Seconds now);

struct DocumentChange {
  std::optional<std::string> name;
  std::optional<std::int64_t> folder_id;  // the new folder, in the same space
};
// Renames and/or moves a document. invalid_argument names "folder_id" (no
// such folder, or another space) or "name"; conflict naming "name" when the
// target folder has a document of that name.
Result<Document> updateDocument(storage::Connection& db, std::int64_t id,
                                const DocumentChange& change, Seconds now);
// Deletes the document and its versions (the sweep removes their bytes).
Status deleteDocument(storage::Connection& db, std::int64_t id);

enum class ShareTarget { school_class, group, person };

struct Share {
  std::int64_t id = 0;
  std::optional<std::int64_t> document_id;  // exactly one of document_id, folder_id
  std::optional<std::int64_t> folder_id;
  std::string item_name;  // the document's or folder's name
  ShareTarget target = ShareTarget::person;
  std::int64_t target_id = 0;  // a class, a group or a person
  std::int64_t shared_by = 0;
  Seconds created_at = 0;
};

struct NewShare {
  std::optional<std::int64_t> document_id;  // exactly one of document_id, folder_id
  std::optional<std::int64_t> folder_id;
  ShareTarget target = ShareTarget::person;
  std::vector<std::int64_t> target_ids;  // one class or group, or 1..100 people
};
// Shares a personal document or folder, read-only; the people it reaches
// (the class's current students, the group's members, the people) are told
// ("document.shared"). Sharing again with the same target keeps the first
// share. invalid_argument names "class_id", "group_id" or "user_ids" (no such
// class, group or active person, or the sharer themselves), conflict naming
// "id" for a class space's document or folder. Returns the shares of the item.
Result<std::vector<Share>> share(storage::Connection& db, const NewShare& input,
                                 std::int64_t sharer_id, Seconds now);
// The shares of a document, or of a folder.
Result<std::vector<Share>> sharesOfDocument(storage::Connection& db, std::int64_t document_id);
Result<std::vector<Share>> sharesOfFolder(storage::Connection& db, std::int64_t folder_id);
// not_found naming "id" when absent.
Result<Share> getShare(storage::Connection& db, std::int64_t id);
Status revokeShare(storage::Connection& db, std::int64_t id);
// The shares that reach `user_id` today (through their class, their groups
// or by name), newest first.
Result<std::vector<Share>> sharedWith(storage::Connection& db, std::int64_t user_id);

struct FolderRights {
  bool exists = false;
  bool read = false;
  bool write = false;  // publish, make sub-folders, rename, move and delete them
  bool share = false;  // the owner of a personal folder
};
struct DocumentRights {
  bool exists = false;
  bool read = false;    // the document, its versions and their content
  bool edit = false;    // rename and move within its space
  bool remove = false;  // delete it
  bool share = false;   // the owner of a personal document
};
// What `who` may do; all false when the folder or document does not exist.
Result<FolderRights> rightsOnFolder(storage::Connection& db, std::int64_t folder_id,
                                    const Person& who);
Result<DocumentRights> rightsOnDocument(storage::Connection& db, std::int64_t document_id,
                                        const Person& who);
// Reading and publishing in class `class_id`'s space (see the rules above).
Result<bool> readsClassSpace(storage::Connection& db, std::int64_t class_id, const Person& who);
Result<bool> writesClassSpace(storage::Connection& db, std::int64_t class_id, const Person& who);

}  // namespace cartable::documents
