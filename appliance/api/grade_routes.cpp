// Grades: evaluations, their scores and corrections, each student's report for
// a period and a class's averages. Numbers of points travel as JSON numbers
// with at most two decimals; averages are rounded half up to two decimals.
#include <cmath>

#include "api/access.h"
#include "api/routes.h"
#include "core/http/problem.h"
#include "directory/relations.h"
#include "grades/grades.h"

namespace cartable::api {
namespace {

using grades::Hundredths;
using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;
using Object = Poco::JSON::Object::Ptr;

constexpr std::size_t kMaxScoresPerRequest = 500;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

// A JSON number with at most two decimals, as hundredths (15.25 -> 1525).
Result<Hundredths> hundredthsFrom(const Poco::Dynamic::Var& value, const std::string& field) {
  const Error wrong = fieldError(field, "must be a number with at most 2 decimals");
  if (value.isBoolean() || !value.isNumeric()) return wrong;
  if (value.isInteger()) {
    const auto whole = value.convert<std::int64_t>();
    if (whole < -1'000'000 || whole > 1'000'000) return wrong;
    return whole * 100;
  }
  const auto number = value.convert<double>();
  if (!std::isfinite(number) || std::fabs(number) > 1e6) return wrong;
  const double scaled = number * 100;
  const double nearest = std::round(scaled);
  // JSON 15.25 reads as the closest double; anything further is a third decimal.
  if (std::fabs(scaled - nearest) > 1e-6) return wrong;
  return static_cast<Hundredths>(nearest);
}

Result<std::optional<Hundredths>> optionalHundredths(const http::JsonObject& body,
                                                     const std::string& key,
                                                     const std::string& field) {
  if (!body.has(key) || body.raw()->isNull(key)) return std::optional<Hundredths>{};
  CARTABLE_ASSIGN_OR_RETURN(Hundredths value, hundredthsFrom(body.raw()->get(key), field));
  return std::optional<Hundredths>(value);
}

void setOptional(Poco::JSON::Object& object, const std::string& key,
                 const std::optional<std::int64_t>& value) {
  object.set(key, value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var());
}

// Hundredths as a JSON number: 1525 -> 15.25 (printed in its shortest form).
Poco::Dynamic::Var points(Hundredths value) {
  return static_cast<double>(value) / 100.0;
}

Poco::Dynamic::Var optionalPoints(const std::optional<Hundredths>& value) {
  return value ? points(*value) : Poco::Dynamic::Var();
}

Object evaluationView(const grades::Evaluation& value) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("subject_id", value.subject_id);
  setOptional(*out, "class_id", value.class_id);
  setOptional(*out, "group_id", value.group_id);
  setOptional(*out, "teacher_id",
              value.teacher_id > 0 ? std::optional(value.teacher_id) : std::nullopt);
  out->set("date", value.date);
  setOptional(*out, "period",
              value.period > 0 ? std::optional<std::int64_t>(value.period) : std::nullopt);
  out->set("title", value.title);
  out->set("description", value.description);
  out->set("out_of", points(value.out_of));
  out->set("coefficient", points(value.coefficient));
  out->set("visible_from", value.visible_from);
  return out;
}

Poco::Dynamic::Var scoreView(const std::optional<grades::Score>& score) {
  if (!score) return Poco::Dynamic::Var();
  auto out = http::newObject();
  out->set("mark", std::string(grades::markName(score->mark)));
  out->set("value", optionalPoints(score->value));
  out->set("comment", score->comment);
  return out;
}

Poco::Dynamic::Var statsView(const std::optional<grades::Stats>& stats) {
  if (!stats) return Poco::Dynamic::Var();
  auto out = http::newObject();
  out->set("min", points(stats->min));
  out->set("max", points(stats->max));
  out->set("mean", points(stats->mean));
  out->set("count", stats->count);
  return out;
}

Object periodView(const grades::Period& period) {
  auto out = http::newObject();
  out->set("index", period.index);
  out->set("label", period.label);
  out->set("starts_on", period.starts_on);
  out->set("ends_on", period.ends_on);
  return out;
}

Object gridView(const grades::GradeGrid& grid) {
  auto out = evaluationView(grid.evaluation);
  Poco::JSON::Array::Ptr rows = new Poco::JSON::Array;
  for (const auto& row : grid.rows) {
    auto item = http::newObject();
    item->set("student_id", row.student_id);
    item->set("name", row.name);
    item->set("score", scoreView(row.score));
    rows->add(item);
  }
  out->set("scores", rows);
  out->set("stats", statsView(grid.stats));
  return out;
}

Object changeView(const grades::ScoreChange& change) {
  auto out = http::newObject();
  out->set("student_id", change.student_id);
  out->set("before", scoreView(change.before));
  out->set("after", scoreView(change.after));
  setOptional(*out, "changed_by",
              change.changed_by > 0 ? std::optional(change.changed_by) : std::nullopt);
  out->set("changed_at", change.changed_at);
  return out;
}

Object subjectReportView(const grades::SubjectReport& subject) {
  auto out = http::newObject();
  out->set("subject_id", subject.subject_id);
  out->set("subject", subject.subject);
  out->set("average", optionalPoints(subject.average));
  out->set("class_average", statsView(subject.class_averages));
  Poco::JSON::Array::Ptr lines = new Poco::JSON::Array;
  for (const auto& line : subject.lines) {
    auto item = evaluationView(line.evaluation);
    item->set("score", scoreView(line.score));
    item->set("stats", statsView(line.stats));
    lines->add(item);
  }
  out->set("evaluations", lines);
  return out;
}

Object reportView(const grades::StudentReport& report) {
  auto out = http::newObject();
  out->set("student_id", report.student_id);
  setOptional(*out, "class_id", report.class_id);
  out->set("period", periodView(report.period));
  Poco::JSON::Array::Ptr subjects = new Poco::JSON::Array;
  for (const auto& subject : report.subjects) subjects->add(subjectReportView(subject));
  out->set("subjects", subjects);
  out->set("general_average", optionalPoints(report.general_average));
  return out;
}

Object classAveragesView(const grades::ClassAverages& table) {
  auto out = http::newObject();
  out->set("class_id", table.class_id);
  out->set("period", periodView(table.period));
  Poco::JSON::Array::Ptr subjects = new Poco::JSON::Array;
  for (const auto& column : table.subjects) {
    auto item = http::newObject();
    item->set("subject_id", column.subject_id);
    item->set("subject", column.subject);
    item->set("stats", statsView(column.stats));
    subjects->add(item);
  }
  out->set("subjects", subjects);
  Poco::JSON::Array::Ptr students = new Poco::JSON::Array;
  for (const auto& row : table.students) {
    auto item = http::newObject();
    item->set("student_id", row.student_id);
    item->set("name", row.name);
    Poco::JSON::Array::Ptr averages = new Poco::JSON::Array;
    for (const auto& average : row.averages) averages->add(optionalPoints(average));
    item->set("averages", averages);
    item->set("general_average", optionalPoints(row.general_average));
    students->add(item);
  }
  out->set("students", students);
  out->set("general_stats", statsView(table.general_stats));
  return out;
}

// The fields a teacher may change after creation, over `evaluation`.
Status applyEditable(const http::JsonObject& body, grades::Evaluation& evaluation) {
  CARTABLE_ASSIGN_OR_RETURN(auto date, body.optionalString("date", 10));
  CARTABLE_ASSIGN_OR_RETURN(auto title, body.optionalString("title", 100));
  CARTABLE_ASSIGN_OR_RETURN(auto description, body.optionalString("description", 1000));
  CARTABLE_ASSIGN_OR_RETURN(auto out_of, optionalHundredths(body, "out_of", "out_of"));
  CARTABLE_ASSIGN_OR_RETURN(auto coefficient,
                            optionalHundredths(body, "coefficient", "coefficient"));
  CARTABLE_ASSIGN_OR_RETURN(auto visible_from, body.optionalString("visible_from", 10));
  if (date) evaluation.date = *date;
  if (title) evaluation.title = *title;
  if (description) evaluation.description = *description;
  if (out_of) evaluation.out_of = *out_of;
  if (coefficient) evaluation.coefficient = *coefficient;
  if (visible_from) evaluation.visible_from = *visible_from;
  return okStatus();
}

Result<grades::Evaluation> newEvaluationFrom(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"subject_id", "class_id", "group_id", "date", "title",
                                          "description", "out_of", "coefficient", "visible_from"}));
  grades::Evaluation evaluation;
  CARTABLE_ASSIGN_OR_RETURN(evaluation.subject_id, body.requiredInt("subject_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(evaluation.class_id, body.optionalInt("class_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(evaluation.group_id, body.optionalInt("group_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(evaluation.date, body.requiredString("date", 10));
  CARTABLE_ASSIGN_OR_RETURN(evaluation.title, body.requiredString("title", 100));
  if (!body.has("out_of") || body.raw()->isNull("out_of")) {
    return fieldError("out_of", "is required");
  }
  evaluation.visible_from = evaluation.date;  // seen from the day it is taken, unless told
  CARTABLE_RETURN_IF_ERROR(applyEditable(body, evaluation));
  return evaluation;
}

Result<grades::Score> scoreFrom(const Poco::JSON::Object::Ptr& item, std::size_t index) {
  const std::string where = "scores[" + std::to_string(index) + "].";
  if (!item) return fieldError(where + "student_id", "must be in an object");
  http::JsonObject entry(item, where);
  CARTABLE_RETURN_IF_ERROR(entry.onlyKeys({"student_id", "value", "mark", "comment"}));
  grades::Score score;
  CARTABLE_ASSIGN_OR_RETURN(score.student_id, entry.requiredInt("student_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(auto mark, entry.optionalString("mark", 16));
  if (mark) {
    const auto parsed = grades::parseMark(*mark);
    if (!parsed) return fieldError(where + "mark", "must be score, absent, exempt or not_graded");
    score.mark = *parsed;
  }
  CARTABLE_ASSIGN_OR_RETURN(score.value, optionalHundredths(entry, "value", where + "value"));
  CARTABLE_ASSIGN_OR_RETURN(auto comment, entry.optionalString("comment", 200));
  score.comment = comment.value_or("");
  return score;
}

Result<std::vector<grades::Score>> scoresFrom(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"scores"}));
  Poco::JSON::Array::Ptr list =
      body.raw()->has("scores") ? body.raw()->getArray("scores") : nullptr;
  if (!list) return fieldError("scores", "must be an array");
  if (list->size() > kMaxScoresPerRequest) {
    return fieldError("scores", "has more than " + std::to_string(kMaxScoresPerRequest) + " items");
  }
  std::vector<grades::Score> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    CARTABLE_ASSIGN_OR_RETURN(auto score, scoreFrom(list->getObject(static_cast<unsigned>(i)), i));
    out.push_back(std::move(score));
  }
  return out;
}

Result<std::optional<std::int64_t>> optionalQueryId(Call& call, const std::string& name) {
  CARTABLE_ASSIGN_OR_RETURN(auto id, call.queryInt(name, 0, 1, INT64_MAX));
  return id == 0 ? std::nullopt : std::optional<std::int64_t>(id);
}

// ?period=N, or the period holding today when absent.
Result<std::int64_t> periodParameter(Call& call, Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(auto period, call.queryInt("period", 0, 1, 1000));
  if (period != 0) return period;
  const std::string today = grades::dateAt(call.services.clock.now());
  CARTABLE_ASSIGN_OR_RETURN(auto current, grades::periodHolding(db, today));
  if (!current) {
    return fieldError("period",
                      "is required: " + today + " is outside every period of the school calendar");
  }
  return current->index;
}

// Staff, admin and the student's own teachers see evaluations before their
// visible_from date; students and parents only from it.
Result<bool> seesHiddenGrades(Connection& db, const Principal& who, std::int64_t student) {
  using directory::Role;
  if (who.roles.intersects({Role::admin, Role::staff})) return true;
  if (!who.has(Role::teacher)) return false;
  return directory::teachesStudent(db, who.user_id, student);
}

http::Response createEvaluation(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto evaluation = newEvaluationFrom(*body);
  if (!evaluation.ok()) return http::problem(evaluation.error());
  evaluation->teacher_id = call.who().user_id;
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto id,
                              grades::createEvaluation(db, *evaluation, call.services.clock.now()));
    CARTABLE_ASSIGN_OR_RETURN(auto created, grades::getEvaluation(db, id));
    return evaluationView(created);
  });
}

http::Response listEvaluations(Call& call) {
  grades::EvaluationFilter filter;
  for (auto [name, slot] :
       {std::pair{"class_id", &filter.class_id}, std::pair{"group_id", &filter.group_id},
        std::pair{"period", &filter.period}}) {
    auto id = optionalQueryId(call, name);
    if (!id.ok()) return http::problem(id.error());
    *slot = *id;
  }
  // A teacher lists the evaluations of their own classes and subjects.
  if (!call.who().roles.intersects({directory::Role::admin, directory::Role::staff})) {
    filter.taught_by = call.who().user_id;
  }
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto list, grades::listEvaluations(db, filter));
    auto out = http::newObject();
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& evaluation : list) items->add(evaluationView(evaluation));
    out->set("items", items);
    return out;
  });
}

http::Response getEvaluation(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto grid, grades::gradeGrid(db, *id));
    return gridView(grid);
  });
}

http::Response patchEvaluation(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  Status known =
      body->onlyKeys({"date", "title", "description", "out_of", "coefficient", "visible_from"});
  if (!known.ok()) return http::problem(known.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto evaluation, grades::getEvaluation(db, *id));
    CARTABLE_RETURN_IF_ERROR(applyEditable(*body, evaluation));
    CARTABLE_RETURN_IF_ERROR(grades::updateEvaluation(db, evaluation, call.services.clock.now()));
    CARTABLE_ASSIGN_OR_RETURN(auto updated, grades::getEvaluation(db, *id));
    return evaluationView(updated);
  });
}

http::Response deleteEvaluation(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  Status deleted =
      call.services.db.write([&](Connection& db) { return grades::deleteEvaluation(db, *id); });
  if (!deleted.ok()) return http::problem(deleted.error());
  return http::Response{204, "", "", {}};
}

http::Response putScores(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto scores = scoresFrom(*body);
  if (!scores.ok()) return http::problem(scores.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(
        grades::setScores(db, *id, *scores, call.who().user_id, call.services.clock.now()));
    CARTABLE_ASSIGN_OR_RETURN(auto grid, grades::gradeGrid(db, *id));
    return gridView(grid);
  });
}

http::Response scoreHistory(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto changes, grades::scoreHistory(db, *id));
    auto out = http::newObject();
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (const auto& change : changes) items->add(changeView(change));
    out->set("items", items);
    return out;
  });
}

http::Response studentGrades(Call& call) {
  auto student = call.queryInt("student_id", 0, 1, INT64_MAX);
  if (!student.ok()) return http::problem(student.error());
  const std::int64_t person = *student != 0 ? *student : call.who().user_id;
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t period, periodParameter(call, db));
    CARTABLE_ASSIGN_OR_RETURN(bool sees_hidden, seesHiddenGrades(db, call.who(), person));
    std::optional<std::string> visible_on;
    if (!sees_hidden) visible_on = grades::dateAt(call.services.clock.now());
    CARTABLE_ASSIGN_OR_RETURN(auto report, grades::studentReport(db, person, period, visible_on));
    return reportView(report);
  });
}

http::Response classAverages(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t period, periodParameter(call, db));
    CARTABLE_ASSIGN_OR_RETURN(auto table, grades::classAverages(db, *id, period));
    return classAveragesView(table);
  });
}

}  // namespace

void addGradeRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  table.add(
      {Method::post, "/api/v1/evaluations", signed_in, access::createEvaluation, createEvaluation});
  table.add(
      {Method::get, "/api/v1/evaluations", signed_in, access::listEvaluations, listEvaluations});
  table.add(
      {Method::get, "/api/v1/evaluations/{id}", signed_in, access::viewEvaluation, getEvaluation});
  table.add({Method::patch, "/api/v1/evaluations/{id}", signed_in, access::manageEvaluation,
             patchEvaluation});
  table.add({Method::del, "/api/v1/evaluations/{id}", signed_in, access::manageEvaluation,
             deleteEvaluation});
  table.add({Method::put, "/api/v1/evaluations/{id}/scores", signed_in, access::manageEvaluation,
             putScores});
  table.add({Method::get, "/api/v1/evaluations/{id}/history", signed_in, access::viewEvaluation,
             scoreHistory});
  table.add({Method::get, "/api/v1/grades", signed_in, access::viewGrades, studentGrades});
  table.add({Method::get, "/api/v1/classes/{id}/averages", signed_in, access::viewClassAverages,
             classAverages});
}

}  // namespace cartable::api
