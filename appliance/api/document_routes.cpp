// The documents space: personal and class folders, uploads that add
// documents or versions, downloads of any version, shares, quotas.
#include "api/access.h"
#include "api/routes.h"
#include "api/uploads.h"
#include "core/http/problem.h"
#include "documents/documents.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;
namespace docs = documents;

constexpr std::string_view kFileField = "file";
constexpr std::size_t kMaxSharedPeople = 100;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Poco::Dynamic::Var optionalId(const std::optional<std::int64_t>& id) {
  return id ? Poco::Dynamic::Var(*id) : Poco::Dynamic::Var();
}

docs::Person personOf(const Call& call) {
  return {call.who().user_id, call.who().roles};
}

docs::Quotas quotasOf(const Call& call) {
  const auto& settings = call.services.settings.documents;
  return {settings.user_quota_bytes, settings.school_quota_bytes};
}

Poco::JSON::Object::Ptr folderJson(const docs::Folder& f) {
  auto out = http::newObject();
  out->set("id", f.id);
  out->set("space", f.space == docs::Space::personal ? "personal" : "class");
  out->set("owner_id", optionalId(f.owner_id));
  out->set("class_id", optionalId(f.class_id));
  out->set("parent_id", optionalId(f.parent_id));
  out->set("name", f.name);
  out->set("subject_id", optionalId(f.subject_id));
  out->set("created_at", f.created_at);
  return out;
}

Poco::JSON::Object::Ptr versionJson(const docs::Version& v) {
  auto out = http::newObject();
  out->set("number", v.number);
  out->set("size", static_cast<std::int64_t>(v.size));
  out->set("content_type", v.content_type);
  out->set("uploaded_by", optionalId(v.uploaded_by));
  out->set("uploaded_at", v.uploaded_at);
  return out;
}

// The document with its current version; `with_versions` adds every version.
Poco::JSON::Object::Ptr documentJson(const docs::Document& d, bool with_versions) {
  auto out = http::newObject();
  out->set("id", d.id);
  out->set("folder_id", d.folder_id);
  out->set("name", d.name);
  out->set("created_by", optionalId(d.created_by));
  out->set("created_at", d.created_at);
  out->set("updated_at", d.updated_at);
  out->set("current", versionJson(d.current()));
  out->set("version_count", static_cast<std::int64_t>(d.versions.size()));
  if (with_versions) {
    Poco::JSON::Array::Ptr versions = new Poco::JSON::Array;
    for (auto v = d.versions.rbegin(); v != d.versions.rend(); ++v) versions->add(versionJson(*v));
    out->set("versions", versions);
  }
  return out;
}

std::string targetName(docs::ShareTarget target) {
  switch (target) {
    case docs::ShareTarget::school_class:
      return "class";
    case docs::ShareTarget::group:
      return "group";
    case docs::ShareTarget::person:
      break;
  }
  return "person";
}

Poco::JSON::Object::Ptr shareJson(const docs::Share& s) {
  auto out = http::newObject();
  out->set("id", s.id);
  out->set("document_id", optionalId(s.document_id));
  out->set("folder_id", optionalId(s.folder_id));
  out->set("name", s.item_name);
  out->set("target", targetName(s.target));
  out->set("target_id", s.target_id);
  out->set("shared_by", s.shared_by);
  out->set("created_at", s.created_at);
  return out;
}

template <class T, class ToJson>
Poco::JSON::Array::Ptr arrayOf(const std::vector<T>& items, ToJson to_json) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const T& item : items) out->add(to_json(item));
  return out;
}

Poco::JSON::Object::Ptr sharesJson(const std::vector<docs::Share>& shares) {
  auto out = http::newObject();
  out->set("items", arrayOf(shares, shareJson));
  return out;
}

// Folder `id` with the path from its root, what it holds and what the caller
// may do there (the shares too, for its owner).
Json folderView(Call& call, Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto folder, docs::getFolder(db, id));
  CARTABLE_ASSIGN_OR_RETURN(auto rights, docs::rightsOnFolder(db, id, personOf(call)));
  CARTABLE_ASSIGN_OR_RETURN(auto path, docs::pathTo(db, id));
  CARTABLE_ASSIGN_OR_RETURN(auto folders, docs::subFolders(db, id));
  CARTABLE_ASSIGN_OR_RETURN(auto documents, docs::documentsIn(db, id));
  auto out = folderJson(folder);
  out->set("path", arrayOf(path, folderJson));
  out->set("folders", arrayOf(folders, folderJson));
  out->set("documents",
           arrayOf(documents, [](const docs::Document& d) { return documentJson(d, false); }));
  out->set("can_write", rights.write);
  if (rights.share) {
    CARTABLE_ASSIGN_OR_RETURN(auto shares, docs::sharesOfFolder(db, id));
    out->set("shares", arrayOf(shares, shareJson));
  }
  return out;
}

Json documentView(Call& call, Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto document, docs::getDocument(db, id));
  CARTABLE_ASSIGN_OR_RETURN(auto rights, docs::rightsOnDocument(db, id, personOf(call)));
  auto out = documentJson(document, true);
  out->set("can_edit", rights.edit);
  out->set("can_delete", rights.remove);
  if (rights.share) {
    CARTABLE_ASSIGN_OR_RETURN(auto shares, docs::sharesOfDocument(db, id));
    out->set("shares", arrayOf(shares, shareJson));
  }
  return out;
}

Result<Poco::JSON::Object::Ptr> usageJson(Call& call, Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(std::uint64_t used, docs::userUsage(db, call.who().user_id));
  auto out = http::newObject();
  out->set("used", static_cast<std::int64_t>(used));
  out->set("limit", static_cast<std::int64_t>(quotasOf(call).user_bytes));
  return out;
}

// The root of a space, made on first use: read first, so that most calls
// stay off the writer.
template <class Find, class Make>
Result<std::int64_t> rootOf(Call& call, Find find, Make make) {
  std::optional<docs::Folder> root;
  CARTABLE_RETURN_IF_ERROR(call.services.db.read([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(root, find(db));
    return okStatus();
  }));
  if (root) return root->id;
  std::int64_t id = 0;
  CARTABLE_RETURN_IF_ERROR(call.services.db.write([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto made, make(db, call.services.clock.now()));
    id = made.id;
    return okStatus();
  }));
  return id;
}

http::Response myDocuments(Call& call) {
  const std::int64_t user = call.who().user_id;
  auto root = rootOf(
      call, [&](Connection& db) { return docs::findPersonalRoot(db, user); },
      [&](Connection& db, Seconds now) { return docs::personalRoot(db, user, now); });
  if (!root.ok()) return http::problem(root.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto out, folderView(call, db, *root));
    CARTABLE_ASSIGN_OR_RETURN(auto usage, usageJson(call, db));
    out->set("usage", usage);
    return out;
  });
}

http::Response myUsage(Call& call) {
  return readJson(call, 200, [&](Connection& db) { return usageJson(call, db); });
}

http::Response sharedWithMe(Call& call) {
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto shares, docs::sharedWith(db, call.who().user_id));
    return sharesJson(shares);
  });
}

http::Response classDocuments(Call& call) {
  auto class_id = call.pathId("id");
  if (!class_id.ok()) return http::problem(class_id.error());
  auto root = rootOf(
      call, [&](Connection& db) { return docs::findClassRoot(db, *class_id); },
      [&](Connection& db, Seconds now) { return docs::classRoot(db, *class_id, now); });
  if (!root.ok()) return http::problem(root.error());
  return readJson(call, 200, [&](Connection& db) { return folderView(call, db, *root); });
}

http::Response getFolder(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) { return folderView(call, db, *id); });
}

Result<docs::NewFolder> newFolderFrom(const Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(auto body, call.body());
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"parent_id", "name", "subject_id"}));
  docs::NewFolder input;
  CARTABLE_ASSIGN_OR_RETURN(input.parent_id, body.requiredInt("parent_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(input.name, body.optionalString("name", docs::kMaxFolderName));
  CARTABLE_ASSIGN_OR_RETURN(input.subject_id, body.optionalInt("subject_id", 1, INT64_MAX));
  return input;
}

http::Response createFolder(Call& call) {
  auto input = newFolderFrom(call);
  if (!input.ok()) return http::problem(input.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(
        auto folder, docs::createFolder(db, *input, call.who().user_id, call.services.clock.now()));
    return folderView(call, db, folder.id);
  });
}

http::Response patchFolder(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  docs::FolderChange change;
  Status read = [&]() -> Status {
    CARTABLE_RETURN_IF_ERROR(body->onlyKeys({"name", "parent_id"}));
    CARTABLE_ASSIGN_OR_RETURN(change.name, body->optionalString("name", docs::kMaxFolderName));
    CARTABLE_ASSIGN_OR_RETURN(change.parent_id, body->optionalInt("parent_id", 1, INT64_MAX));
    return okStatus();
  }();
  if (!read.ok()) return http::problem(read.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(docs::updateFolder(db, *id, change));
    return folderView(call, db, *id);
  });
}

http::Response removeFolder(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  Status deleted =
      call.services.db.write([&](Connection& db) { return docs::deleteFolder(db, *id); });
  if (!deleted.ok()) return http::problem(deleted.error());
  return http::Response{204, "", "", {}};
}

// Every file is checked and staged before the transaction; the quota is
// checked in it, and a refusal rolls back the files' rows too, leaving their
// staged bytes to the sweep.
http::Response uploadFiles(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto staged = uploads::stageFileForm(call, kFileField);
  if (!staged.ok()) return http::problem(staged.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto recorded, uploads::recordFiles(call, db, *staged));
    CARTABLE_ASSIGN_OR_RETURN(auto touched,
                              docs::addFiles(db, *id, recorded, call.who().user_id, quotasOf(call),
                                             call.services.clock.now()));
    auto out = http::newObject();
    out->set("documents",
             arrayOf(touched, [](const docs::Document& d) { return documentJson(d, false); }));
    CARTABLE_ASSIGN_OR_RETURN(auto usage, usageJson(call, db));
    out->set("usage", usage);
    return out;
  });
}

http::Response getDocument(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) { return documentView(call, db, *id); });
}

http::Response downloadCurrent(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return uploads::downloadHeld(call, [&](Connection& db) -> Result<std::int64_t> {
    CARTABLE_ASSIGN_OR_RETURN(auto document, docs::getDocument(db, *id));
    return document.current().file_id;
  });
}

http::Response downloadVersion(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto number = call.pathId("number");
  if (!number.ok()) return http::problem(number.error());
  return uploads::downloadHeld(call,
                               [&](Connection& db) { return docs::versionFile(db, *id, *number); });
}

http::Response patchDocument(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  docs::DocumentChange change;
  Status read = [&]() -> Status {
    CARTABLE_RETURN_IF_ERROR(body->onlyKeys({"name", "folder_id"}));
    CARTABLE_ASSIGN_OR_RETURN(change.name, body->optionalString("name", docs::kMaxDocumentName));
    CARTABLE_ASSIGN_OR_RETURN(change.folder_id, body->optionalInt("folder_id", 1, INT64_MAX));
    return okStatus();
  }();
  if (!read.ok()) return http::problem(read.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(docs::updateDocument(db, *id, change, call.services.clock.now()));
    return documentView(call, db, *id);
  });
}

http::Response removeDocument(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  Status deleted =
      call.services.db.write([&](Connection& db) { return docs::deleteDocument(db, *id); });
  if (!deleted.ok()) return http::problem(deleted.error());
  return http::Response{204, "", "", {}};
}

Result<std::vector<std::int64_t>> peopleFrom(const http::JsonObject& body) {
  Poco::JSON::Array::Ptr list = body.raw()->getArray("user_ids");
  if (!list) return fieldError("user_ids", "must be an array of ids");
  if (list->size() == 0 || list->size() > kMaxSharedPeople) {
    return fieldError("user_ids", "must name 1 to " + std::to_string(kMaxSharedPeople) + " people");
  }
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const Poco::Dynamic::Var item = list->get(static_cast<unsigned>(i));
    if (!item.isInteger() || item.convert<std::int64_t>() < 1) {
      return fieldError("user_ids[" + std::to_string(i) + "]", "must be a positive integer id");
    }
    out.push_back(item.convert<std::int64_t>());
  }
  return out;
}

// Exactly one of "class_id", "group_id", "user_ids".
Result<docs::NewShare> shareFrom(const Call& call) {
  CARTABLE_ASSIGN_OR_RETURN(auto body, call.body());
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"class_id", "group_id", "user_ids"}));
  const int targets = (body.has("class_id") ? 1 : 0) + (body.has("group_id") ? 1 : 0) +
                      (body.has("user_ids") ? 1 : 0);
  if (targets != 1) {
    return fieldError("class_id", "or \"group_id\" or \"user_ids\": give exactly one of them");
  }
  docs::NewShare input;
  if (body.has("user_ids")) {
    CARTABLE_ASSIGN_OR_RETURN(input.target_ids, peopleFrom(body));
    return input;
  }
  const std::string key = body.has("class_id") ? "class_id" : "group_id";
  input.target = body.has("class_id") ? docs::ShareTarget::school_class : docs::ShareTarget::group;
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t target, body.requiredInt(key, 1, INT64_MAX));
  input.target_ids = {target};
  return input;
}

http::Response shareItem(Call& call, bool folder) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto input = shareFrom(call);
  if (!input.ok()) return http::problem(input.error());
  (folder ? input->folder_id : input->document_id) = *id;
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(
        auto shares, docs::share(db, *input, call.who().user_id, call.services.clock.now()));
    return sharesJson(shares);
  });
}

http::Response shareDocument(Call& call) {
  return shareItem(call, false);
}
http::Response shareFolder(Call& call) {
  return shareItem(call, true);
}

http::Response revokeShare(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  Status revoked =
      call.services.db.write([&](Connection& db) { return docs::revokeShare(db, *id); });
  if (!revoked.ok()) return http::problem(revoked.error());
  return http::Response{204, "", "", {}};
}

}  // namespace

void addDocumentRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  const std::string folders = "/api/v1/documents/folders";
  const std::string one = "/api/v1/documents/{id}";
  table.add({Method::get, "/api/v1/me/documents", signed_in, access::self, myDocuments});
  table.add({Method::get, "/api/v1/me/documents/usage", signed_in, access::self, myUsage});
  table.add({Method::get, "/api/v1/me/documents/shared", signed_in, access::self, sharedWithMe});
  table.add({Method::get, "/api/v1/classes/{id}/documents", signed_in, access::viewClassDocuments,
             classDocuments});
  table.add({Method::post, folders, signed_in, access::createDocumentFolder, createFolder});
  table.add({Method::get, folders + "/{id}", signed_in, access::viewDocumentFolder, getFolder});
  table.add(
      {Method::patch, folders + "/{id}", signed_in, access::writeDocumentFolder, patchFolder});
  table.add({Method::del, folders + "/{id}", signed_in, access::writeDocumentFolder, removeFolder});
  ApiRoute upload{Method::post, folders + "/{id}/files", signed_in, access::writeDocumentFolder,
                  uploadFiles};
  upload.accepts_upload = true;
  table.add(upload);
  table.add({Method::post, folders + "/{id}/shares", signed_in, access::shareDocumentFolder,
             shareFolder});
  table.add({Method::get, one, signed_in, access::viewDocument, getDocument});
  table.add({Method::patch, one, signed_in, access::editDocument, patchDocument});
  table.add({Method::del, one, signed_in, access::deleteDocument, removeDocument});
  table.add({Method::get, one + "/content", signed_in, access::viewDocument, downloadCurrent});
  table.add({Method::get, one + "/versions/{number}/content", signed_in, access::viewDocument,
             downloadVersion});
  table.add({Method::post, one + "/shares", signed_in, access::shareDocument, shareDocument});
  table.add({Method::del, "/api/v1/documents/shares/{id}", signed_in, access::revokeDocumentShare,
             revokeShare});
}

}  // namespace cartable::api
