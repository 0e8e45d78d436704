// The region's public indicators and their open-data export, served by the
// hub to anyone without sign-in (federation/hub/indicators.h); 404 on a
// school node.
#include <algorithm>

#include "api/routes.h"
#include "core/base/civil_date.h"
#include "core/http/json.h"
#include "core/http/problem.h"
#include "federation/hub/indicators.h"
#include "federation/hub/open_data.h"

namespace cartable::api {
namespace {

using federation::hub::AreaDay;
using federation::hub::DayRange;
using federation::hub::Indicator;
using http::Method;

constexpr int kDefaultExportDays = 366;

std::string queryParameter(const Call& call, const std::string& name) {
  auto found = call.request.query.find(name);
  return found == call.request.query.end() ? std::string() : found->second;
}

Poco::Dynamic::Var optionalNumber(const std::optional<double>& value) {
  if (!value) return Poco::Dynamic::Var();
  return *value;
}

Poco::JSON::Object::Ptr indicatorJson(const Indicator& indicator) {
  auto out = http::newObject();
  out->set("name", indicator.name);
  out->set("label", indicator.label);
  out->set("unit", indicator.unit);
  out->set("definition", indicator.definition);
  return out;
}

Poco::JSON::Object::Ptr areaDayJson(const std::string& day, const AreaDay& area) {
  auto out = http::newObject();
  out->set("day", day);
  out->set("schools", area.schools);
  out->set("status", std::string(federation::hub::statusName(area.status)));
  out->set("value", optionalNumber(area.value));
  out->set("numerator", optionalNumber(area.numerator));
  out->set("denominator", optionalNumber(area.denominator));
  return out;
}

// Every route here answers 404 on a school node, before reading anything.
Status requireHub(const Call& call) {
  if (call.services.federation_hub != nullptr) return okStatus();
  return makeError(Errc::not_found, "ce nœud n'est pas un hub / this node is not a hub");
}

http::Response onHub(
    Call& call, const std::function<Result<Poco::JSON::Object::Ptr>(storage::Connection&)>& work) {
  if (Status hub = requireHub(call); !hub.ok()) return http::problem(hub.error());
  return readJson(call, 200, work);
}

http::Response listIndicators(Call& call) {
  return onHub(call, [](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    CARTABLE_ASSIGN_OR_RETURN(auto departments, federation::hub::reportingDepartments(db));
    Poco::JSON::Array::Ptr indicators = new Poco::JSON::Array;
    for (const auto& indicator : federation::hub::publicIndicators()) {
      indicators->add(indicatorJson(indicator));
    }
    Poco::JSON::Array::Ptr names = new Poco::JSON::Array;
    for (const auto& department : departments) names->add(department);
    auto out = http::newObject();
    out->set("indicators", indicators);
    out->set("departments", names);
    out->set("min_schools", federation::hub::kMinSchools);
    out->set("max_days", federation::hub::kMaxIndicatorDays);
    CARTABLE_ASSIGN_OR_RETURN(auto latest, federation::hub::latestReportedDay(db));
    out->set("latest_day", latest ? Poco::Dynamic::Var(*latest) : Poco::Dynamic::Var());
    return out;
  });
}

// The department asked for, or empty for the region; invalid_argument naming
// "scope" or "department".
Result<std::string> departmentOf(const Call& call, storage::Connection& db) {
  const std::string scope = queryParameter(call, "scope");
  const std::string department = queryParameter(call, "department");
  if (scope.empty() || scope == "region") {
    if (department.empty()) return std::string();
    return makeError(Errc::invalid_argument, "department is given only with scope=department",
                     "department");
  }
  if (scope != "department") {
    return makeError(Errc::invalid_argument,
                     "scope must be region or department, got \"" + scope + "\"", "scope");
  }
  if (department.empty()) {
    return makeError(Errc::invalid_argument, "department is required with scope=department",
                     "department");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto known, federation::hub::reportingDepartments(db));
  if (std::find(known.begin(), known.end(), department) == known.end()) {
    return makeError(Errc::invalid_argument,
                     "department \"" + department + "\" has no reporting school", "department");
  }
  return department;
}

http::Response indicatorSeries(Call& call) {
  return onHub(call, [&call](storage::Connection& db) -> Result<Poco::JSON::Object::Ptr> {
    const std::string name = call.request.path_params.at("metric");
    const Indicator* indicator = federation::hub::findIndicator(name);
    if (indicator == nullptr) {
      return makeError(Errc::invalid_argument, "unknown indicator \"" + name + "\"", "metric");
    }
    CARTABLE_ASSIGN_OR_RETURN(
        DayRange range,
        federation::hub::parseDayRange(queryParameter(call, "from"), queryParameter(call, "to")));
    CARTABLE_ASSIGN_OR_RETURN(std::string department, departmentOf(call, db));
    CARTABLE_ASSIGN_OR_RETURN(auto days, federation::hub::indicatorDays(db, *indicator, range));
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& day : days) {
      items->add(
          areaDayJson(day.day, department.empty() ? day.region : day.departments.at(department)));
    }
    auto out = http::newObject();
    out->set("indicator", indicatorJson(*indicator));
    out->set("scope", department.empty() ? "region" : "department");
    out->set("department",
             department.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(department));
    out->set("from", range.from);
    out->set("to", range.to);
    out->set("min_schools", federation::hub::kMinSchools);
    out->set("days", items);
    return out;
  });
}

// The export's range: from/to when given, else the kDefaultExportDays days
// ending on the latest reported day.
Result<DayRange> exportRange(const Call& call, storage::Connection& db) {
  std::string from = queryParameter(call, "from");
  std::string to = queryParameter(call, "to");
  if (from.empty() && to.empty()) {
    CARTABLE_ASSIGN_OR_RETURN(auto latest, federation::hub::latestReportedDay(db));
    const civil::Day last = latest ? *civil::parseDay(*latest) : civil::dayOf(0);
    to = civil::formatDay(last);
    from = civil::formatDay(last - std::chrono::days(kDefaultExportDays - 1));
  }
  return federation::hub::parseDayRange(from, to);
}

Result<std::vector<federation::hub::OpenDataRow>> exportRows(const Call& call,
                                                             storage::Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(DayRange range, exportRange(call, db));
  return federation::hub::openDataRows(db, range);
}

http::Response attachment(http::Response response, const std::string& file) {
  response.setHeader("Content-Disposition", "attachment; filename=\"" + file + "\"");
  return response;
}

// The export as `format` ("csv" or "json") from the rows of the range asked.
http::Response openDataExport(Call& call, const std::string& format) {
  if (Status hub = requireHub(call); !hub.ok()) return http::problem(hub.error());
  std::string body;
  Status read = call.services.db.read([&](storage::Connection& db) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto rows, exportRows(call, db));
    body = format == "csv" ? federation::hub::openDataCsv(rows)
                           : federation::hub::openDataJson(rows);
    return okStatus();
  });
  if (!read.ok()) return http::problem(read.error());
  const std::string type = format == "csv" ? "text/csv" : "application/json";
  return attachment(http::Response{200, type + "; charset=utf-8", std::move(body), {}},
                    "indicateurs." + format);
}

http::Response openDataJson(Call& call) { return openDataExport(call, "json"); }

http::Response openDataCsv(Call& call) { return openDataExport(call, "csv"); }

}  // namespace

void addIndicatorRoutes(RouteTable& table) {
  const auto anyone = Audience::anyone;
  table.add({Method::get, "/api/v1/indicators", anyone, nullptr, listIndicators});
  table.add({Method::get, "/api/v1/indicators/{metric}", anyone, nullptr, indicatorSeries});
  table.add({Method::get, "/api/v1/open-data/indicators.csv", anyone, nullptr, openDataCsv});
  table.add({Method::get, "/api/v1/open-data/indicators.json", anyone, nullptr, openDataJson});
}

}  // namespace cartable::api
