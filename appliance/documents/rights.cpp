#include "directory/relations.h"
#include "directory/structure.h"
#include "documents/internal.h"

namespace cartable::documents {
namespace {

using directory::Role;
using storage::Connection;

bool isOwner(const Folder& folder, const Person& who) {
  return folder.space == Space::personal && folder.owner_id == who.user_id;
}

Result<bool> isInClass(Connection& db, std::int64_t student_id, std::int64_t class_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto current, directory::currentClassOf(db, student_id));
  return current && current->id == class_id;
}

Result<bool> hasChildInClass(Connection& db, std::int64_t parent_id, std::int64_t class_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto children, directory::childrenOf(db, parent_id));
  for (const directory::Guardianship& child : children) {
    CARTABLE_ASSIGN_OR_RETURN(bool inside, isInClass(db, child.student_id, class_id));
    if (inside) return true;
  }
  return false;
}

// Whether a share of the document (when given) or of `folder` or a folder
// above it reaches `who`.
Result<bool> sharedWithPerson(Connection& db, const Folder& folder,
                              std::optional<std::int64_t> document_id, const Person& who) {
  CARTABLE_ASSIGN_OR_RETURN(auto folders, detail::ancestorsOf(db, folder.id));
  return detail::shareReaches(db, who.user_id, document_id, folders);
}

}  // namespace

Result<bool> readsClassSpace(Connection& db, std::int64_t class_id, const Person& who) {
  CARTABLE_ASSIGN_OR_RETURN(bool writes, writesClassSpace(db, class_id, who));
  if (writes) return true;
  if (who.roles.has(Role::student)) {
    CARTABLE_ASSIGN_OR_RETURN(bool inside, isInClass(db, who.user_id, class_id));
    if (inside) return true;
  }
  if (who.roles.has(Role::parent)) return hasChildInClass(db, who.user_id, class_id);
  return false;
}

Result<bool> writesClassSpace(Connection& db, std::int64_t class_id, const Person& who) {
  if (who.roles.intersects({Role::admin, Role::staff})) return true;
  if (!who.roles.has(Role::teacher)) return false;
  return directory::teachesClass(db, who.user_id, class_id);
}

Result<FolderRights> rightsOnFolder(Connection& db, std::int64_t folder_id, const Person& who) {
  auto folder = getFolder(db, folder_id);
  if (!folder.ok()) {
    if (folder.error().code == Errc::not_found) return FolderRights{};
    return folder.error();
  }
  FolderRights rights;
  rights.exists = true;
  if (folder->space == Space::personal) {
    const bool owner = isOwner(*folder, who);
    rights.write = rights.share = owner;
    if (owner) {
      rights.read = true;
    } else {
      CARTABLE_ASSIGN_OR_RETURN(rights.read, sharedWithPerson(db, *folder, std::nullopt, who));
    }
    return rights;
  }
  CARTABLE_ASSIGN_OR_RETURN(rights.write, writesClassSpace(db, *folder->class_id, who));
  CARTABLE_ASSIGN_OR_RETURN(rights.read, readsClassSpace(db, *folder->class_id, who));
  return rights;
}

Result<DocumentRights> rightsOnDocument(Connection& db, std::int64_t document_id,
                                        const Person& who) {
  auto document = getDocument(db, document_id);
  if (!document.ok()) {
    if (document.error().code == Errc::not_found) return DocumentRights{};
    return document.error();
  }
  CARTABLE_ASSIGN_OR_RETURN(Folder folder, getFolder(db, document->folder_id));
  DocumentRights rights;
  rights.exists = true;
  if (folder.space == Space::personal) {
    const bool owner = isOwner(folder, who);
    rights.edit = rights.share = owner;
    if (owner) {
      rights.read = true;
    } else {
      CARTABLE_ASSIGN_OR_RETURN(rights.read, sharedWithPerson(db, folder, document_id, who));
    }
  } else {
    CARTABLE_ASSIGN_OR_RETURN(rights.read, readsClassSpace(db, *folder.class_id, who));
    if (document->created_by == who.user_id) {
      CARTABLE_ASSIGN_OR_RETURN(rights.edit, writesClassSpace(db, *folder.class_id, who));
    }
  }
  // Admins remove any document (moderation), without reading personal ones.
  rights.remove = rights.edit || who.roles.has(Role::admin);
  return rights;
}

}  // namespace cartable::documents
