// Work handed in: by students (files and text), read and returned with
// feedback by the teacher who set the homework.
#include "api/access.h"
#include "api/homework_views.h"
#include "api/routes.h"
#include "api/uploads.h"
#include "core/http/problem.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

http::Response handIn(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto form = uploads::readForm(call, {"text", "file"});
  if (!form.ok()) return http::problem(form.error());
  const std::string text = uploads::textField(*form, "text");
  auto staged = uploads::stageFiles(call, *form, "file");
  if (!staged.ok()) return http::problem(staged.error());
  bool replaced = false;
  Poco::JSON::Object::Ptr result;
  Status done = call.services.db.write([&](Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto recorded, uploads::recordFiles(call, db, *staged));
    std::vector<std::int64_t> file_ids;
    for (const files::FileInfo& file : recorded) file_ids.push_back(file.id);
    CARTABLE_ASSIGN_OR_RETURN(auto hand_in,
                              homework::handIn(db, *id, call.who().user_id, text, file_ids,
                                               call.services.clock.now(), replaced));
    result = views::handIn(hand_in);
    return okStatus();
  });
  if (!done.ok()) return http::problem(done.error());
  return http::jsonResponse(replaced ? 200 : 201, result);
}

http::Response listHandIns(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto h, homework::getHomework(db, *id));
    CARTABLE_ASSIGN_OR_RETURN(auto rows, homework::handInsOf(db, h, call.services.clock.now()));
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const homework::HandInRow& row : rows) {
      auto item = http::newObject();
      item->set("student_id", row.student_id);
      item->set("status", std::string(homework::workStatusName(row.status)));
      if (row.hand_in) {
        item->set("hand_in", views::handIn(*row.hand_in));
      } else {
        item->set("hand_in", Poco::Dynamic::Var());
      }
      list->add(item);
    }
    auto out = http::newObject();
    out->set("homework_id", h.id);
    out->set("items", list);
    return out;
  });
}

http::Response getHandIn(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto hand_in, homework::getHandIn(db, *id));
    return views::handIn(hand_in);
  });
}

http::Response downloadHandInFile(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto file_id = call.pathId("file_id");
  if (!file_id.ok()) return http::problem(file_id.error());
  return uploads::downloadHeld(call, [&](Connection& db) -> Result<std::int64_t> {
    CARTABLE_ASSIGN_OR_RETURN(bool held, homework::handInHasFile(db, *id, *file_id));
    if (!held) {
      return uploads::notHeld("hand-in " + std::to_string(*id), "file " + std::to_string(*file_id),
                              "file_id");
    }
    return *file_id;
  });
}

Result<homework::Feedback> feedbackFrom(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"feedback", "score", "out_of"}));
  homework::Feedback feedback;
  CARTABLE_ASSIGN_OR_RETURN(feedback.text, body.requiredString("feedback", 5000));
  CARTABLE_ASSIGN_OR_RETURN(feedback.score, body.optionalInt("score", INT64_MIN, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(feedback.out_of, body.optionalInt("out_of", INT64_MIN, INT64_MAX));
  return feedback;
}

http::Response returnFeedback(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto feedback = feedbackFrom(*body);
  if (!feedback.ok()) return http::problem(feedback.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto hand_in,
                              homework::returnFeedback(db, *id, *feedback, call.who().user_id,
                                                       call.services.clock.now()));
    return views::handIn(hand_in);
  });
}

}  // namespace

void addHandInRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  ApiRoute hand_in{Method::post, "/api/v1/homework/{id}/hand-in", signed_in, access::doHomework,
                   handIn};
  hand_in.accepts_upload = true;
  table.add(hand_in);
  table.add({Method::get, "/api/v1/homework/{id}/hand-ins", signed_in, access::reviewHandIns,
             listHandIns});
  table.add({Method::get, "/api/v1/hand-ins/{id}", signed_in, access::viewHandIn, getHandIn});
  table.add({Method::get, "/api/v1/hand-ins/{id}/files/{file_id}", signed_in, access::viewHandIn,
             downloadHandInFile});
  table.add({Method::put, "/api/v1/hand-ins/{id}/feedback", signed_in, access::giveFeedback,
             returnFeedback});
}

}  // namespace cartable::api
