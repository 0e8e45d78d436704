// Directory imports (preview, apply) and login sheets, for admins.
#include "api/access.h"
#include "api/routes.h"
#include "api/views.h"
#include "core/http/problem.h"
#include "directory/structure.h"
#include "imports/formats.h"
#include "imports/login_sheets.h"

namespace cartable::api {
namespace {

using http::Method;

Poco::JSON::Object::Ptr placeJson(const imports::Place& place) {
  auto out = http::newObject();
  out->set("file", place.file);
  out->set("where", place.where);
  return out;
}

Poco::JSON::Array::Ptr problemsJson(const std::vector<imports::Problem>& problems) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const imports::Problem& p : problems) {
    auto item = placeJson(p.place);
    item->set("message", p.message);
    list->add(item);
  }
  return list;
}

Poco::JSON::Object::Ptr reportJson(const imports::ImportReport& report) {
  auto out = http::newObject();
  out->set("applied", report.applied);
  Poco::JSON::Array::Ptr changes = new Poco::JSON::Array;
  std::map<std::string, int> counts;
  for (const imports::Change& c : report.changes) {
    auto item = http::newObject();
    item->set("kind", std::string(imports::changeKindName(c.kind)));
    item->set("entity", c.entity);
    item->set("description", c.description);
    item->set("place", placeJson(c.place));
    changes->add(item);
    ++counts[c.entity + "." + std::string(imports::changeKindName(c.kind))];
  }
  auto summary = http::newObject();
  for (const auto& [key, n] : counts) summary->set(key, n);
  out->set("summary", summary);
  out->set("changes", changes);
  out->set("warnings", problemsJson(report.warnings));
  out->set("problems", problemsJson(report.problems));
  return out;
}

http::Response runImport(Call& call, bool apply) {
  const std::string name = call.request.path_params.at("format");
  const auto format = imports::parseFormat(name);
  if (!format) {
    return http::problem(404, "unknown import format " + name + "; expected " +
                                  imports::formatNames(), "format");
  }
  if (!call.services.settings.school) return http::problem(409, "imports are for school nodes");
  const Seconds now = call.services.clock.now();
  const auto options = imports::importOptions(call.services.settings.school->uai, now);
  const std::string file_name = call.request.query.contains("name")
                                    ? call.request.query.at("name").substr(0, 200)
                                    : name;
  auto report = imports::importFile(call.services.db, *format, call.request.body, file_name,
                                    options, now, apply, call.who().user_id);
  if (!report.ok()) return http::problem(report.error());
  // Problems in the file are the client's to fix: 422 with the full report.
  return http::jsonResponse(report->problems.empty() ? 200 : 422, reportJson(*report));
}

http::Response loginSheets(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (auto only = body->onlyKeys({"audience"}); !only.ok()) return http::problem(only.error());
  auto audience = body->requiredString("audience", 16);
  if (!audience.ok()) return http::problem(audience.error());
  if (*audience != "students" && *audience != "parents") {
    return http::problem(422, "\"audience\" must be \"students\" or \"parents\"", "audience");
  }
  auto sheet = imports::issueLoginSheet(
      call.services.db, call.services.accounts, *id,
      *audience == "parents" ? imports::SheetAudience::parents : imports::SheetAudience::students,
      call.who().user_id, call.origin());
  if (!sheet.ok()) return http::problem(sheet.error());
  const auto& settings = call.services.settings;
  const std::string host = call.request.header("host");
  const std::string address = (call.request.secure ? "https://" : "http://") + host + "/";
  return http::Response{200, "text/html; charset=utf-8",
                        imports::renderLoginSheet(*sheet, settings.school ? settings.school->name : "",
                                                  address),
                        {}};
}

}  // namespace

void addImportRoutes(RouteTable& table) {
  ApiRoute preview{Method::post, "/api/v1/imports/{format}/preview", Audience::signed_in,
                   access::manageImports, [](Call& call) { return runImport(call, false); }};
  preview.accepts_upload = true;
  table.add(preview);
  ApiRoute apply{Method::post, "/api/v1/imports/{format}/apply", Audience::signed_in,
                 access::manageImports, [](Call& call) { return runImport(call, true); }};
  apply.accepts_upload = true;
  table.add(apply);
  table.add({Method::post, "/api/v1/classes/{id}/login-sheets", Audience::signed_in,
             access::manageImports, loginSheets});
}

}  // namespace cartable::api
