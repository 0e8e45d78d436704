// Early warning: the alerts of a class and of a student, computing them again
// on demand, and the school's thresholds.
#include <Poco/JSON/Array.h>

#include <cmath>

#include "api/access.h"
#include "api/routes.h"
#include "core/base/civil_date.h"
#include "core/http/problem.h"
#include "early_warning/alerts.h"

namespace cartable::api {
namespace {

using early_warning::Indicator;
using http::Method;
using Object = Poco::JSON::Object::Ptr;
using Poco::Dynamic::Var;
using storage::Connection;
using Json = Result<Object>;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

// Counts as they are, points (hundredths inside) as numbers on /20.
Var indicatorValue(Indicator indicator, std::int64_t value) {
  if (!early_warning::inPoints(indicator)) return value;
  return static_cast<double>(value) / 100.0;
}

Object reasonView(const early_warning::Reason& reason) {
  auto out = http::newObject();
  out->set("indicator", std::string(early_warning::indicatorName(reason.indicator)));
  out->set("label", std::string(early_warning::indicatorLabel(reason.indicator)));
  out->set("value", indicatorValue(reason.indicator, reason.value));
  out->set("threshold", indicatorValue(reason.indicator, reason.threshold));
  out->set("strong_threshold", indicatorValue(reason.indicator, reason.strong_threshold));
  out->set("strong", reason.strong);
  out->set("usual", reason.usual ? indicatorValue(reason.indicator, *reason.usual) : Var());
  out->set("detail", reason.detail);
  // The evidence rule's: the indicator's evidence and its share of the alert's.
  if (reason.evidence) out->set("evidence", static_cast<double>(*reason.evidence) / 100.0);
  if (reason.share) out->set("share", *reason.share);
  return out;
}

Object alertView(const early_warning::Alert& alert, const std::string& today) {
  auto out = http::newObject();
  out->set("id", alert.id);
  out->set("student_id", alert.student_id);
  out->set("student_name", alert.student_name);
  out->set("class_id", alert.class_id ? Var(*alert.class_id) : Var());
  out->set("class_code", alert.class_code);
  out->set("level", alert.level);
  out->set("level_name", std::string(early_warning::levelName(alert.level)));
  out->set("first_seen_on", alert.first_seen_on);
  out->set("level2_since", alert.level2_since ? Var(*alert.level2_since) : Var());
  out->set("computed_on", alert.computed_on);
  out->set("cleared_on", alert.cleared_on ? Var(*alert.cleared_on) : Var());
  const auto first = civil::parseDay(alert.first_seen_on), now = civil::parseDay(today);
  const bool fresh = first && now && (*now - *first).count() < early_warning::kNewForDays;
  out->set("new", !alert.cleared_on && fresh);
  out->set("weeks_with_signs", alert.weeks_with_signs);
  Poco::JSON::Array::Ptr reasons = new Poco::JSON::Array;
  for (const auto& reason : alert.reasons) reasons->add(reasonView(reason));
  out->set("reasons", reasons);
  return out;
}

Object alertList(const std::vector<early_warning::Alert>& alerts, const std::string& today) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& alert : alerts) items->add(alertView(alert, today));
  auto out = http::newObject();
  out->set("items", items);
  return out;
}

Result<Var> lastComputedOn(Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query("SELECT max(on_date) FROM early_warning_runs"));
  CARTABLE_ASSIGN_OR_RETURN(bool row, rows.step());
  const auto day = row ? rows.optionalText(0) : std::nullopt;
  return day ? Var(*day) : Var();
}

std::string today(Call& call) {
  return civil::formatDay(civil::dayOf(call.services.clock.now()));
}

http::Response classAlerts(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto alerts, early_warning::openAlertsOfClass(db, *id));
    auto out = alertList(alerts, today(call));
    out->set("class_id", *id);
    CARTABLE_ASSIGN_OR_RETURN(auto computed, lastComputedOn(db));
    out->set("computed_on", computed);
    return out;
  });
}

http::Response studentAlerts(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto alerts, early_warning::alertsOfStudent(db, *id));
    auto out = alertList(alerts, today(call));
    out->set("student_id", *id);
    return out;
  });
}

http::Response refreshAlerts(Call& call) {
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto run,
                              early_warning::computeAlerts(db, call.services.clock.now()));
    auto out = http::newObject();
    out->set("computed_on", run.on_date);
    out->set("students", run.students);
    out->set("open_alerts", run.open_alerts);
    out->set("raised", run.raised);
    out->set("rose", run.rose);
    out->set("cleared", run.cleared);
    out->set("notices", run.notices);
    return out;
  });
}

// The evidence rule's levels as the API names them.
struct EvidenceField {
  const char* name;
  std::int64_t early_warning::EvidenceThresholds::*member;
};
constexpr EvidenceField kEvidenceFields[] = {
    {"vigilance", &early_warning::EvidenceThresholds::vigilance},
    {"alert", &early_warning::EvidenceThresholds::alert},
    {"lasting_vigilance", &early_warning::EvidenceThresholds::lasting_vigilance},
    {"lasting_alert", &early_warning::EvidenceThresholds::lasting_alert},
};

Object thresholdsView(const early_warning::Thresholds& thresholds) {
  auto indicators = http::newObject();
  for (Indicator indicator : early_warning::kIndicators) {
    auto item = http::newObject();
    const auto& t = thresholds.of(indicator);
    item->set("label", std::string(early_warning::indicatorLabel(indicator)));
    item->set("threshold", indicatorValue(indicator, t.threshold));
    item->set("strong", indicatorValue(indicator, t.strong));
    item->set("low_is_worse", early_warning::lowIsWorse(indicator));
    indicators->set(std::string(early_warning::indicatorName(indicator)), item);
  }
  auto out = http::newObject();
  out->set("indicators", indicators);
  out->set("vigilance_count", thresholds.vigilance_count);
  out->set("alert_count", thresholds.alert_count);
  out->set("min_weeks", thresholds.min_weeks);
  out->set("window_days", early_warning::kWindowDays);
  out->set("rule", std::string(early_warning::ruleName(thresholds.rule)));
  auto evidence = http::newObject();
  for (const EvidenceField& field : kEvidenceFields) {
    evidence->set(field.name, static_cast<double>(thresholds.evidence.*field.member) / 100.0);
  }
  out->set("evidence", evidence);
  return out;
}

http::Response getThresholds(Call& call) {
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto thresholds, early_warning::loadThresholds(db));
    return thresholdsView(thresholds);
  });
}

// A threshold as the API writes it: a whole count, or points with at most 2 decimals.
Status readValue(const http::JsonObject& item, Indicator indicator, const std::string& key,
                 const std::string& field, std::int64_t& out) {
  if (!item.has(key)) return okStatus();
  if (!early_warning::inPoints(indicator)) {
    CARTABLE_ASSIGN_OR_RETURN(auto count, item.optionalInt(key, 0, 100));
    out = count.value_or(out);
    return okStatus();
  }
  const Var& value = item.raw()->get(key);
  double points = 0;
  if (!value.isNumeric() || !std::isfinite(points = value.convert<double>()) || points < 0 ||
      points > 20 || std::abs(points * 100 - std::round(points * 100)) > 1e-6) {
    return fieldError(field, "must be a number of points from 0 to 20 with at most 2 decimals");
  }
  out = static_cast<std::int64_t>(std::llround(points * 100));
  return okStatus();
}

Status applyIndicators(const http::JsonObject& body, early_warning::Thresholds& thresholds) {
  if (!body.has("indicators")) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(auto indicators, body.object("indicators"));
  for (const auto& [name, unused] : *indicators.raw()) {
    const auto indicator = early_warning::parseIndicator(name);
    if (!indicator) return fieldError("indicators." + name, "is not an indicator");
    CARTABLE_ASSIGN_OR_RETURN(auto item, indicators.object(name));
    CARTABLE_RETURN_IF_ERROR(item.onlyKeys({"threshold", "strong"}));
    auto& t = thresholds.of(*indicator);
    const std::string field = "indicators." + name + ".";
    CARTABLE_RETURN_IF_ERROR(
        readValue(item, *indicator, "threshold", field + "threshold", t.threshold));
    CARTABLE_RETURN_IF_ERROR(readValue(item, *indicator, "strong", field + "strong", t.strong));
  }
  return okStatus();
}

// An evidence level: a number from 0.01 to 100 with at most 2 decimals.
Status readEvidence(const http::JsonObject& evidence, const EvidenceField& field,
                    early_warning::EvidenceThresholds& out) {
  if (!evidence.has(field.name)) return okStatus();
  const Var& value = evidence.raw()->get(field.name);
  double level = 0;
  if (!value.isNumeric() || !std::isfinite(level = value.convert<double>()) || level < 0.01 ||
      level > 100 || std::abs(level * 100 - std::round(level * 100)) > 1e-6) {
    return fieldError(std::string("evidence.") + field.name,
                      "must be a number from 0.01 to 100 with at most 2 decimals");
  }
  out.*field.member = static_cast<std::int64_t>(std::llround(level * 100));
  return okStatus();
}

Status applyEvidence(const http::JsonObject& body, early_warning::Thresholds& thresholds) {
  if (body.has("rule")) {
    const Var& value = body.raw()->get("rule");
    const auto rule =
        value.isString() ? early_warning::parseRule(value.convert<std::string>()) : std::nullopt;
    if (!rule) return fieldError("rule", "must be \"evidence\" or \"thresholds\"");
    thresholds.rule = *rule;
  }
  if (!body.has("evidence")) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(auto evidence, body.object("evidence"));
  CARTABLE_RETURN_IF_ERROR(
      evidence.onlyKeys({"vigilance", "alert", "lasting_vigilance", "lasting_alert"}));
  for (const EvidenceField& field : kEvidenceFields) {
    CARTABLE_RETURN_IF_ERROR(readEvidence(evidence, field, thresholds.evidence));
  }
  return okStatus();
}

Status applyRules(const http::JsonObject& body, early_warning::Thresholds& thresholds) {
  CARTABLE_ASSIGN_OR_RETURN(auto vigilance, body.optionalInt("vigilance_count", 1, 8));
  CARTABLE_ASSIGN_OR_RETURN(auto alert, body.optionalInt("alert_count", 1, 8));
  CARTABLE_ASSIGN_OR_RETURN(auto weeks, body.optionalInt("min_weeks", 1, 4));
  if (vigilance) thresholds.vigilance_count = static_cast<int>(*vigilance);
  if (alert) thresholds.alert_count = static_cast<int>(*alert);
  if (weeks) thresholds.min_weeks = static_cast<int>(*weeks);
  return okStatus();
}

http::Response putThresholds(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  const Status known = body->onlyKeys(
      {"indicators", "vigilance_count", "alert_count", "min_weeks", "rule", "evidence"});
  if (!known.ok()) return http::problem(known.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto thresholds, early_warning::loadThresholds(db));
    CARTABLE_RETURN_IF_ERROR(applyIndicators(*body, thresholds));
    CARTABLE_RETURN_IF_ERROR(applyRules(*body, thresholds));
    CARTABLE_RETURN_IF_ERROR(applyEvidence(*body, thresholds));
    CARTABLE_RETURN_IF_ERROR(early_warning::saveThresholds(db, thresholds, call.who().user_id,
                                                           call.services.clock.now()));
    return thresholdsView(thresholds);
  });
}

}  // namespace

void addEarlyWarningRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  const std::string base = "/api/v1/early-warning";
  table.add({Method::get, "/api/v1/classes/{id}/alerts", signed_in, access::viewClassAlerts,
             classAlerts});
  table.add(
      {Method::get, base + "/students/{id}", signed_in, access::viewStudentAlerts, studentAlerts});
  table.add({Method::post, base + "/refresh", signed_in, access::refreshAlerts, refreshAlerts});
  table.add(
      {Method::get, base + "/thresholds", signed_in, access::manageAlertThresholds, getThresholds});
  table.add(
      {Method::put, base + "/thresholds", signed_in, access::manageAlertThresholds, putThresholds});
}

}  // namespace cartable::api
