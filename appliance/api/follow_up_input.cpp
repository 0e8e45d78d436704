#include "api/follow_up_input.h"

namespace cartable::api::follow_up_input {
namespace {

using follow_up::Action;
using follow_up::Plan;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

bool present(const http::JsonObject& body, const std::string& key) {
  return body.has(key) && !body.raw()->isNull(key);
}

Result<std::optional<std::string>> optionalDate(const http::JsonObject& body,
                                                const std::string& key) {
  if (!present(body, key)) return std::optional<std::string>{};
  return body.optionalString(key, 10);
}

Result<Action> action(const Poco::JSON::Object::Ptr& raw, std::size_t index) {
  const std::string prefix = "actions[" + std::to_string(index) + "]";
  const http::JsonObject item(raw, prefix);
  CARTABLE_RETURN_IF_ERROR(item.onlyKeys({"what", "actor", "actor_id", "due_on", "done"}));
  Action out;
  CARTABLE_ASSIGN_OR_RETURN(out.what, item.requiredString("what", 2000));
  CARTABLE_ASSIGN_OR_RETURN(const std::string actor, item.requiredString("actor", 20));
  const auto parsed = follow_up::parseActor(actor);
  if (!parsed) {
    return fieldError(prefix + ".actor", "must be one of teacher, staff, student, parent");
  }
  out.actor = *parsed;
  if (present(item, "actor_id")) {
    CARTABLE_ASSIGN_OR_RETURN(out.actor_id, item.optionalInt("actor_id", 1, INT64_MAX));
  }
  CARTABLE_ASSIGN_OR_RETURN(out.due_on, optionalDate(item, "due_on"));
  CARTABLE_ASSIGN_OR_RETURN(auto done, item.optionalBool("done"));
  out.done = done.value_or(false);
  return out;
}

Result<std::vector<Action>> actions(const http::JsonObject& body) {
  Poco::JSON::Array::Ptr list = body.raw()->getArray("actions");
  if (!list) return fieldError("actions", "must be an array of actions");
  std::vector<Action> out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    Poco::JSON::Object::Ptr raw = list->getObject(static_cast<unsigned>(i));
    if (!raw) {
      return fieldError("actions[" + std::to_string(i) + "]",
                        "must be an object with what, actor, due_on");
    }
    CARTABLE_ASSIGN_OR_RETURN(auto read, action(raw, i));
    out.push_back(std::move(read));
  }
  return out;
}

Status readContent(const http::JsonObject& body, Plan& plan) {
  if (body.has("title")) {
    CARTABLE_ASSIGN_OR_RETURN(plan.title, body.requiredString("title", 1000));
  }
  if (present(body, "reason")) {
    CARTABLE_ASSIGN_OR_RETURN(plan.reason, body.requiredString("reason", 10000));
  } else if (body.has("reason")) {
    plan.reason.clear();
  }
  if (present(body, "goals")) {
    CARTABLE_ASSIGN_OR_RETURN(plan.goals, body.stringArray("goals", 100, 2000));
  }
  if (present(body, "actions")) {
    CARTABLE_ASSIGN_OR_RETURN(plan.actions, actions(body));
  }
  if (body.has("review_on")) {
    CARTABLE_ASSIGN_OR_RETURN(plan.review_on, optionalDate(body, "review_on"));
  }
  return okStatus();
}

}  // namespace

Result<Plan> newPlan(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(
      body.onlyKeys({"student_id", "title", "reason", "goals", "actions", "review_on"}));
  Plan plan;
  CARTABLE_ASSIGN_OR_RETURN(plan.student_id, body.requiredInt("student_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(plan.title, body.requiredString("title", 1000));
  CARTABLE_RETURN_IF_ERROR(readContent(body, plan));
  return plan;
}

Status applyChanges(const http::JsonObject& body, Plan& plan) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"title", "reason", "goals", "actions", "review_on"}));
  return readContent(body, plan);
}

Result<Closing> closing(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"outcome", "comment"}));
  CARTABLE_ASSIGN_OR_RETURN(const std::string name, body.requiredString("outcome", 20));
  const auto outcome = follow_up::parseOutcome(name);
  if (!outcome) return fieldError("outcome", "must be one of goals_met, partly_met, not_met");
  Closing out;
  out.outcome = *outcome;
  CARTABLE_ASSIGN_OR_RETURN(auto comment, body.optionalString("comment", 10000));
  out.comment = comment.value_or("");
  return out;
}

Result<follow_up::Recommendation> newRecommendation(const http::JsonObject& body) {
  CARTABLE_RETURN_IF_ERROR(body.onlyKeys({"student_id", "text", "plan_id"}));
  follow_up::Recommendation out;
  CARTABLE_ASSIGN_OR_RETURN(out.student_id, body.requiredInt("student_id", 1, INT64_MAX));
  CARTABLE_ASSIGN_OR_RETURN(out.text, body.requiredString("text", 5000));
  CARTABLE_ASSIGN_OR_RETURN(out.plan_id, body.optionalInt("plan_id", 1, INT64_MAX));
  return out;
}

}  // namespace cartable::api::follow_up_input
