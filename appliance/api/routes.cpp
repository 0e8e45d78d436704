#include "api/routes.h"
#include "api/authority_routes.h"

#include "core/http/problem.h"

namespace cartable::api {
namespace {

http::Response runJson(
    Call& call, int status, bool write,
    const std::function<Result<Poco::JSON::Object::Ptr>(storage::Connection&)>& work) {
  Poco::JSON::Object::Ptr result;
  auto body = [&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(result, work(db));
    return okStatus();
  };
  Status status_of_work = write ? call.services.db.write(body) : call.services.db.read(body);
  if (!status_of_work.ok()) return http::problem(status_of_work.error());
  return http::jsonResponse(status, result);
}

}  // namespace

http::Response readJson(
    Call& call, int status,
    const std::function<Result<Poco::JSON::Object::Ptr>(storage::Connection&)>& work) {
  return runJson(call, status, false, work);
}

http::Response writeJson(
    Call& call, int status,
    const std::function<Result<Poco::JSON::Object::Ptr>(storage::Connection&)>& work) {
  return runJson(call, status, true, work);
}

RouteTable schoolRoutes(std::function<bool()> ready) {
  RouteTable table;
  addOperationalRoutes(table, std::move(ready));
  addSessionRoutes(table);
  addMeRoutes(table);
  addUserRoutes(table);
  addStructureRoutes(table);
  addAuditRoutes(table);
  addImportRoutes(table);
  addTimetableRoutes(table);
  addCalendarFeedRoutes(table);
  addNotificationRoutes(table);
  addGradeRoutes(table);
  addAttendanceRoutes(table);
  addHomeworkRoutes(table);
  addHandInRoutes(table);
  addLessonRecordRoutes(table);
  addMessageRoutes(table);
  addMessagingAdminRoutes(table);
  addAnnouncementRoutes(table);
  addHelpdeskRoutes(table);
  addLiveRoutes(table);
  addNotificationPreferenceRoutes(table);
  addDocumentRoutes(table);
  addDashboardRoutes(table);
  addFederationRoutes(table);
  addRegionalAccountRoutes(table);
  addQuizRoutes(table);
  addIndicatorRoutes(table);
  addAuthorityRoutes(table);
  addEarlyWarningRoutes(table);
  addFollowUpRoutes(table);
  addPathwayRoutes(table);
  return table;
}

}  // namespace cartable::api
