// Access to the documents space: folders, documents, versions and shares.
#include "api/access.h"
#include "api/access_internal.h"
#include "directory/relations.h"
#include "documents/documents.h"

namespace cartable::api::access {

using detail::denied;
using detail::requireRelation;
using directory::Role;

namespace {

documents::Person personOf(const Call& call) {
  return {call.who().user_id, call.who().roles};
}

// `granted` when the resource exists; when it does not, admin passes (to get
// 404 from the handler) and anyone else is refused.
Status existingAnd(const Call& call, bool exists, bool granted) {
  if (!exists) return call.who().has(Role::admin) ? okStatus() : Status(denied());
  return granted ? okStatus() : Status(denied());
}

template <class Right>
Status onFolder(Call& call, std::int64_t folder_id, Right right) {
  documents::FolderRights rights;
  CARTABLE_RETURN_IF_ERROR(call.services.db.read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(rights, documents::rightsOnFolder(db, folder_id, personOf(call)));
    return okStatus();
  }));
  return existingAnd(call, rights.exists, right(rights));
}

template <class Right>
Status onDocument(Call& call, Right right) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  documents::DocumentRights rights;
  CARTABLE_RETURN_IF_ERROR(call.services.db.read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(rights, documents::rightsOnDocument(db, id, personOf(call)));
    return okStatus();
  }));
  return existingAnd(call, rights.exists, right(rights));
}

// A share with a class or a group: a teacher of it, staff or admin. A body
// naming neither (people, or unreadable) is not an access question.
Status checkShareTarget(Call& call) {
  const Principal& who = call.who();
  if (who.roles.intersects({Role::admin, Role::staff})) return okStatus();
  auto body = call.body();
  if (!body.ok()) return okStatus();
  auto class_id = body->optionalInt("class_id", 1, INT64_MAX);
  auto group_id = body->optionalInt("group_id", 1, INT64_MAX);
  if (!class_id.ok() || !group_id.ok() || (!*class_id && !*group_id)) return okStatus();
  if (!who.has(Role::teacher)) return denied();
  return requireRelation(call, [&](storage::Connection& db) -> Result<bool> {
    if (*class_id) return directory::teachesClass(db, who.user_id, **class_id);
    return directory::teachesGroup(db, who.user_id, **group_id);
  });
}

}  // namespace

Status viewDocumentFolder(Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return onFolder(call, id, [](const documents::FolderRights& r) { return r.read; });
}

Status writeDocumentFolder(Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  return onFolder(call, id, [](const documents::FolderRights& r) { return r.write; });
}

Status createDocumentFolder(Call& call) {
  auto body = call.body();
  if (!body.ok()) return okStatus();
  auto parent = body->requiredInt("parent_id", 1, INT64_MAX);
  if (!parent.ok()) return okStatus();
  documents::FolderRights rights;
  CARTABLE_RETURN_IF_ERROR(call.services.db.read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(rights, documents::rightsOnFolder(db, *parent, personOf(call)));
    return okStatus();
  }));
  if (!rights.exists) return okStatus();
  return rights.write ? okStatus() : Status(denied());
}

Status viewClassDocuments(Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t class_id, call.pathId("id"));
  if (call.who().has(Role::admin)) return okStatus();
  return requireRelation(call, [&](storage::Connection& db) {
    return documents::readsClassSpace(db, class_id, personOf(call));
  });
}

Status viewDocument(Call& call) {
  return onDocument(call, [](const documents::DocumentRights& r) { return r.read; });
}

Status editDocument(Call& call) {
  return onDocument(call, [](const documents::DocumentRights& r) { return r.edit; });
}

Status deleteDocument(Call& call) {
  return onDocument(call, [](const documents::DocumentRights& r) { return r.remove; });
}

Status shareDocument(Call& call) {
  CARTABLE_RETURN_IF_ERROR(
      onDocument(call, [](const documents::DocumentRights& r) { return r.share; }));
  return checkShareTarget(call);
}

Status shareDocumentFolder(Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  CARTABLE_RETURN_IF_ERROR(
      onFolder(call, id, [](const documents::FolderRights& r) { return r.share; }));
  return checkShareTarget(call);
}

Status revokeDocumentShare(Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, call.pathId("id"));
  bool exists = false, sharer = false;
  CARTABLE_RETURN_IF_ERROR(call.services.db.read([&](storage::Connection& db) -> Status {
    auto found = documents::getShare(db, id);
    if (!found.ok()) return found.error().code == Errc::not_found ? okStatus() : found.error();
    exists = true;
    sharer = found->shared_by == call.who().user_id;
    return okStatus();
  }));
  return existingAnd(call, exists, sharer);
}

}  // namespace cartable::api::access
