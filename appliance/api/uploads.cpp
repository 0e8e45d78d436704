#include "api/uploads.h"

#include <algorithm>

#include "api/routes.h"
#include "core/http/json.h"
#include "core/http/problem.h"

namespace cartable::api::uploads {

Result<std::vector<http::MultipartPart>> readForm(
    const Call& call, std::initializer_list<std::string_view> allowed_fields) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto parts, http::parseMultipart(call.request.header("content-type"), call.request.body));
  for (const http::MultipartPart& part : parts) {
    if (std::find(allowed_fields.begin(), allowed_fields.end(), part.name) ==
        allowed_fields.end()) {
      return makeError(Errc::invalid_argument,
                       "form field \"" + part.name + "\" is not expected here", part.name);
    }
  }
  return parts;
}

std::string textField(const std::vector<http::MultipartPart>& parts, std::string_view name) {
  for (const http::MultipartPart& part : parts) {
    if (part.name != name || part.filename) continue;
    std::string text;
    for (std::size_t i = 0; i < part.content.size(); ++i) {
      if (part.content[i] == '\r' && i + 1 < part.content.size() && part.content[i + 1] == '\n') {
        continue;
      }
      text += part.content[i];
    }
    return text;
  }
  return {};
}

Result<std::vector<files::StagedFile>> stageFiles(Call& call,
                                                  const std::vector<http::MultipartPart>& parts,
                                                  std::string_view name) {
  std::vector<files::Upload> uploads;
  for (const http::MultipartPart& part : parts) {
    if (part.name != name) continue;
    if (!part.filename) {
      return makeError(Errc::invalid_argument, "form field \"" + part.name + "\" must be a file",
                       part.name);
    }
    if (part.filename->empty() && part.content.empty()) continue;
    uploads.push_back({*part.filename, part.content_type, part.content, part.name});
  }
  files::FileStore& store = call.services.files;
  for (const files::Upload& upload : uploads) CARTABLE_RETURN_IF_ERROR(store.check(upload));
  std::vector<files::StagedFile> staged;
  for (const files::Upload& upload : uploads) {
    CARTABLE_ASSIGN_OR_RETURN(files::StagedFile file, store.stage(upload));
    staged.push_back(std::move(file));
  }
  return staged;
}

Result<std::vector<files::FileInfo>> recordFiles(Call& call, storage::Connection& db,
                                                 const std::vector<files::StagedFile>& staged) {
  std::vector<files::FileInfo> out;
  for (const files::StagedFile& file : staged) {
    CARTABLE_ASSIGN_OR_RETURN(auto info, call.services.files.record(db, file, call.who().user_id,
                                                                    call.services.clock.now()));
    out.push_back(std::move(info));
  }
  return out;
}

Result<std::vector<files::StagedFile>> stageFileForm(Call& call, std::string_view field) {
  CARTABLE_ASSIGN_OR_RETURN(auto form, readForm(call, {field}));
  CARTABLE_ASSIGN_OR_RETURN(auto staged, stageFiles(call, form, field));
  if (staged.empty()) {
    return makeError(Errc::invalid_argument,
                     "\"" + std::string(field) + "\" is required: no file was sent",
                     std::string(field));
  }
  return staged;
}

http::Response downloadHeld(Call& call,
                            const std::function<Result<std::int64_t>(storage::Connection&)>& held) {
  files::FileInfo file;
  Status found = call.services.db.read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t file_id, held(db));
    CARTABLE_ASSIGN_OR_RETURN(file, files::FileStore::find(db, file_id));
    return okStatus();
  });
  if (!found.ok()) return http::problem(found.error());
  return download(call, file);
}

Error notHeld(const std::string& holder, const std::string& what, const std::string& field) {
  return makeError(Errc::not_found, holder + " has no " + what, field);
}

http::Response download(Call& call, const files::FileInfo& file) {
  auto content = call.services.files.read(file);
  if (!content.ok()) return http::problem(content.error());
  http::Response response;
  response.status = 200;
  response.content_type =
      file.content_type == "text/plain" ? "text/plain; charset=utf-8" : file.content_type;
  response.body = std::move(content).value();
  response.setHeader("Content-Disposition", files::attachmentDisposition(file.name));
  response.setHeader("X-Content-Type-Options", "nosniff");
  return response;
}

Poco::JSON::Object::Ptr fileJson(const files::FileInfo& file) {
  auto out = http::newObject();
  out->set("id", file.id);
  out->set("name", file.name);
  out->set("content_type", file.content_type);
  out->set("size", static_cast<std::int64_t>(file.size));
  out->set("sha256", file.sha256);
  out->set("created_at", file.created_at);
  return out;
}

http::Response attachUploads(
    Call& call, const std::function<Status(storage::Connection&, std::int64_t id)>& check,
    const std::function<Status(storage::Connection&, std::int64_t id, std::int64_t file_id)>&
        attach,
    const std::function<Result<Poco::JSON::Object::Ptr>(storage::Connection&, std::int64_t id)>&
        view) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto staged = stageFileForm(call, "file");
  if (!staged.ok()) return http::problem(staged.error());
  return writeJson(call, 201, [&](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_RETURN_IF_ERROR(check(db, *id));
    CARTABLE_ASSIGN_OR_RETURN(auto recorded, recordFiles(call, db, *staged));
    for (const files::FileInfo& file : recorded) {
      CARTABLE_RETURN_IF_ERROR(attach(db, *id, file.id));
    }
    return view(db, *id);
  });
}

}  // namespace cartable::api::uploads
