// The API's routes, grouped by resource; each function adds its group.
#pragma once

#include <functional>

#include "api/route_table.h"

namespace cartable::api {

// Every route of the school node's API.
RouteTable schoolRoutes(std::function<bool()> ready);

void addSessionRoutes(RouteTable& table);
void addMeRoutes(RouteTable& table);
void addUserRoutes(RouteTable& table);
void addStructureRoutes(RouteTable& table);
void addAuditRoutes(RouteTable& table);
void addImportRoutes(RouteTable& table);
void addTimetableRoutes(RouteTable& table);
void addCalendarFeedRoutes(RouteTable& table);
void addNotificationRoutes(RouteTable& table);
void addGradeRoutes(RouteTable& table);
void addOperationalRoutes(RouteTable& table, std::function<bool()> ready);
void addAttendanceRoutes(RouteTable& table);
void addHomeworkRoutes(RouteTable& table);
void addHandInRoutes(RouteTable& table);
void addLessonRecordRoutes(RouteTable& table);
void addMessageRoutes(RouteTable& table);
void addMessagingAdminRoutes(RouteTable& table);
void addAnnouncementRoutes(RouteTable& table);
void addHelpdeskRoutes(RouteTable& table);
void addLiveRoutes(RouteTable& table);
void addNotificationPreferenceRoutes(RouteTable& table);
void addDocumentRoutes(RouteTable& table);
void addDashboardRoutes(RouteTable& table);
void addFederationRoutes(RouteTable& table);
void addRegionalAccountRoutes(RouteTable& table);
void addQuizRoutes(RouteTable& table);
void addIndicatorRoutes(RouteTable& table);
void addEarlyWarningRoutes(RouteTable& table);
void addFollowUpRoutes(RouteTable& table);
void addPathwayRoutes(RouteTable& table);

// Reads a database in a handler: runs `work` on a reader and turns an error
// into a problem response.
http::Response readJson(Call& call, int status,
                        const std::function<Result<Poco::JSON::Object::Ptr>(storage::Connection&)>& work);
// The same on the writer, inside one transaction.
http::Response writeJson(Call& call, int status,
                         const std::function<Result<Poco::JSON::Object::Ptr>(storage::Connection&)>& work);

}  // namespace cartable::api
