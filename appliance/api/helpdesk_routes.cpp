// The help desk: tickets users open (with an optional screenshot), the
// admins' handling of them, and the conversation on each.
#include "api/access.h"
#include "api/routes.h"
#include "api/uploads.h"
#include "core/http/problem.h"
#include "helpdesk/helpdesk.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

constexpr std::string_view kScreenshotField = "screenshot";

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

Poco::JSON::Object::Ptr ticketJson(const helpdesk::Ticket& t) {
  auto out = http::newObject();
  out->set("id", t.id);
  out->set("reporter_id", t.reporter_id);
  out->set("category", t.category);
  out->set("subject", t.subject);
  out->set("text", t.text);
  out->set("status", t.status);
  out->set("assignee_id",
           t.assignee_id ? Poco::Dynamic::Var(*t.assignee_id) : Poco::Dynamic::Var());
  out->set("has_screenshot", t.screenshot_id.has_value());
  out->set("created_at", t.created_at);
  out->set("updated_at", t.updated_at);
  return out;
}

Poco::JSON::Object::Ptr commentJson(const helpdesk::Comment& c) {
  auto out = http::newObject();
  out->set("id", c.id);
  out->set("author_id", c.author_id ? Poco::Dynamic::Var(*c.author_id) : Poco::Dynamic::Var());
  out->set("text", c.text);
  out->set("internal", c.internal);
  out->set("created_at", c.created_at);
  return out;
}

bool isAdmin(const Call& call) {
  return call.who().has(directory::Role::admin);
}

// The ticket with its conversation; internal notes for admins only.
Json ticketView(Call& call, Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto ticket, helpdesk::getTicket(db, id));
  auto out = ticketJson(ticket);
  CARTABLE_ASSIGN_OR_RETURN(auto comments, helpdesk::commentsOf(db, id, isAdmin(call)));
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const helpdesk::Comment& comment : comments) list->add(commentJson(comment));
  out->set("comments", list);
  return out;
}

bool isMultipart(const Call& call) {
  return call.request.header("content-type").starts_with("multipart/form-data");
}

Result<helpdesk::NewTicket> ticketFromJson(const Call& call) {
  // The route takes uploads; a JSON body keeps the ordinary body limit.
  if (call.request.body.size() > call.services.settings.limits.max_body_bytes) {
    return makeError(Errc::resource_exhausted, "the JSON body is larger than the node's limit");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto body, call.body());
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"category", "subject", "text"}));
  helpdesk::NewTicket input;
  CARTABLE_ASSIGN_OR_RETURN(input.category, body.requiredString("category", 32));
  CARTABLE_ASSIGN_OR_RETURN(input.subject, body.requiredString("subject", 200));
  CARTABLE_ASSIGN_OR_RETURN(input.text, body.requiredString("text", 10000));
  return input;
}

// The screenshot part of the form, checked to be an image before anything is
// written; none when no file was chosen.
Result<std::vector<files::StagedFile>> stageScreenshot(
    Call& call, const std::vector<http::MultipartPart>& parts) {
  std::optional<files::Upload> upload;
  for (const http::MultipartPart& part : parts) {
    if (part.name != kScreenshotField) continue;
    if (!part.filename) return fieldError("screenshot", "must be a file");
    if (upload) return fieldError("screenshot", "must be one file");
    if (part.filename->empty() && part.content.empty()) continue;
    upload = files::Upload{*part.filename, part.content_type, part.content, "screenshot"};
  }
  std::vector<files::StagedFile> staged;
  if (!upload) return staged;
  CARTABLE_ASSIGN_OR_RETURN(std::string type, call.services.files.check(*upload));
  if (!helpdesk::isScreenshotType(type)) {
    return fieldError("screenshot", "must be a PNG, JPEG or WebP image, not " + type);
  }
  CARTABLE_ASSIGN_OR_RETURN(auto file, call.services.files.stage(*upload));
  staged.push_back(std::move(file));
  return staged;
}

http::Response openTicket(Call& call) {
  helpdesk::NewTicket input;
  std::vector<files::StagedFile> screenshot;  // none or one
  if (isMultipart(call)) {
    auto form = uploads::readForm(call, {"category", "subject", "text", kScreenshotField});
    if (!form.ok()) return http::problem(form.error());
    input = {uploads::textField(*form, "category"), uploads::textField(*form, "subject"),
             uploads::textField(*form, "text"), std::nullopt};
    auto staged = stageScreenshot(call, *form);
    if (!staged.ok()) return http::problem(staged.error());
    screenshot = std::move(*staged);
  } else {
    auto parsed = ticketFromJson(call);
    if (!parsed.ok()) return http::problem(parsed.error());
    input = std::move(*parsed);
  }
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto recorded, uploads::recordFiles(call, db, screenshot));
    if (!recorded.empty()) input.screenshot_id = recorded.front().id;
    CARTABLE_ASSIGN_OR_RETURN(auto ticket, helpdesk::openTicket(db, input, call.who().user_id,
                                                                call.services.clock.now()));
    return ticketView(call, db, ticket.id);
  });
}

Result<helpdesk::TicketFilter> filterOf(const Call& call) {
  helpdesk::TicketFilter filter;
  const auto& query = call.request.query;
  if (query.contains("status")) filter.status = query.at("status");
  if (query.contains("category")) filter.category = query.at("category");
  CARTABLE_ASSIGN_OR_RETURN(auto assignee, call.queryInt("assignee_id", 0, 1, INT64_MAX));
  if (assignee != 0) filter.assignee_id = assignee;
  CARTABLE_ASSIGN_OR_RETURN(auto limit, call.queryInt("limit", 50, 1, 200));
  CARTABLE_ASSIGN_OR_RETURN(auto offset, call.queryInt("offset", 0, 0, 1000000));
  filter.limit = static_cast<int>(limit);
  filter.offset = static_cast<int>(offset);
  // Admins see every ticket; anyone else their own.
  if (!isAdmin(call)) filter.reporter_id = call.who().user_id;
  return filter;
}

http::Response listTickets(Call& call) {
  auto filter = filterOf(call);
  if (!filter.ok()) return http::problem(filter.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto tickets, helpdesk::listTickets(db, *filter));
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const helpdesk::Ticket& ticket : tickets) list->add(ticketJson(ticket));
    auto out = http::newObject();
    out->set("items", list);
    if (tickets.size() == static_cast<std::size_t>(filter->limit)) {
      out->set("next", filter->offset + filter->limit);
    }
    return out;
  });
}

http::Response getTicket(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) { return ticketView(call, db, *id); });
}

Result<helpdesk::TicketChange> changeFrom(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"status", "assignee_id"}));
  helpdesk::TicketChange change;
  CARTABLE_ASSIGN_OR_RETURN(change.status, body.optionalString("status", 32));
  change.change_assignee = body.has("assignee_id");
  CARTABLE_ASSIGN_OR_RETURN(change.assignee_id, body.optionalInt("assignee_id", 1, INT64_MAX));
  return change;
}

http::Response patchTicket(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto change = changeFrom(*body);
  if (!change.ok()) return http::problem(change.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(
        helpdesk::updateTicket(db, *id, *change, call.who().user_id, call.services.clock.now()));
    return ticketView(call, db, *id);
  });
}

http::Response addComment(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  if (auto only = body->onlyKeys({"text", "internal"}); !only.ok()) {
    return http::problem(only.error());
  }
  auto text = body->requiredString("text", 10000);
  if (!text.ok()) return http::problem(text.error());
  auto internal = body->optionalBool("internal");
  if (!internal.ok()) return http::problem(internal.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(
        auto comment, helpdesk::addComment(db, *id, call.who().user_id, isAdmin(call), *text,
                                           internal->value_or(false), call.services.clock.now()));
    return commentJson(comment);
  });
}

http::Response downloadScreenshot(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return uploads::downloadHeld(call, [&](Connection& db) -> Result<std::int64_t> {
    CARTABLE_ASSIGN_OR_RETURN(auto ticket, helpdesk::getTicket(db, *id));
    if (!ticket.screenshot_id) {
      return uploads::notHeld("ticket " + std::to_string(*id), "screenshot", "screenshot");
    }
    return *ticket.screenshot_id;
  });
}

}  // namespace

void addHelpdeskRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  const std::string tickets = "/api/v1/helpdesk/tickets";
  table.add({Method::get, tickets, signed_in, access::listTickets, listTickets});
  ApiRoute open{Method::post, tickets, signed_in, access::openTicket, openTicket};
  open.accepts_upload = true;
  table.add(open);
  table.add({Method::get, tickets + "/{id}", signed_in, access::viewTicket, getTicket});
  table.add({Method::patch, tickets + "/{id}", signed_in, access::handleTicket, patchTicket});
  table.add(
      {Method::post, tickets + "/{id}/comments", signed_in, access::commentTicket, addComment});
  table.add({Method::get, tickets + "/{id}/screenshot", signed_in, access::viewTicket,
             downloadScreenshot});
}

}  // namespace cartable::api
