// Follow-up plans (PPRE) and teachers' recommendations to a student.
#include <map>

#include "api/access.h"
#include "api/follow_up_input.h"
#include "api/routes.h"
#include "core/http/problem.h"
#include "directory/relations.h"
#include "directory/structure.h"
#include "directory/users.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;
using Object = Poco::JSON::Object::Ptr;

constexpr int kOpenPlansListed = 200;
constexpr int kRecommendationsListed = 50;

Poco::Dynamic::Var orNull(const std::optional<std::int64_t>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}
Poco::Dynamic::Var orNull(const std::optional<std::string>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

// "Given Family" of the people a view names, read once each.
class Names {
 public:
  explicit Names(Connection& db) : db_(db) {}
  Poco::Dynamic::Var of(const std::optional<std::int64_t>& id) {
    if (!id) return {};
    auto known = names_.find(*id);
    if (known == names_.end()) {
      auto user = directory::getUser(db_, *id);
      known = names_.emplace(*id, user.ok() ? user->displayName() : std::string()).first;
    }
    return known->second;
  }

 private:
  Connection& db_;
  std::map<std::int64_t, std::string> names_;
};

Object actionView(const follow_up::Action& action, Names& names) {
  auto out = http::newObject();
  out->set("what", action.what);
  out->set("actor", std::string(follow_up::actorName(action.actor)));
  out->set("actor_id", orNull(action.actor_id));
  out->set("actor_name", names.of(action.actor_id));
  out->set("due_on", orNull(action.due_on));
  out->set("done", action.done);
  return out;
}

Object noteView(const follow_up::Note& note, Names& names) {
  auto out = http::newObject();
  out->set("id", note.id);
  out->set("author_id", orNull(note.author_id));
  out->set("author_name", names.of(note.author_id));
  out->set("text", note.text);
  out->set("created_at", note.created_at);
  return out;
}

Object planView(const follow_up::Plan& plan, Names& names, bool with_notes) {
  auto out = http::newObject();
  out->set("id", plan.id);
  out->set("student_id", plan.student_id);
  out->set("student_name", names.of(plan.student_id));
  out->set("title", plan.title);
  out->set("reason", plan.reason);
  Poco::JSON::Array::Ptr goals = new Poco::JSON::Array;
  for (const std::string& goal : plan.goals) goals->add(goal);
  out->set("goals", goals);
  Poco::JSON::Array::Ptr actions = new Poco::JSON::Array;
  for (const auto& action : plan.actions) actions->add(actionView(action, names));
  out->set("actions", actions);
  out->set("review_on", orNull(plan.review_on));
  out->set("state", std::string(follow_up::planStateName(plan.state)));
  out->set("outcome", plan.outcome
                          ? Poco::Dynamic::Var(std::string(follow_up::outcomeName(*plan.outcome)))
                          : Poco::Dynamic::Var());
  out->set("outcome_comment", plan.outcome_comment);
  out->set("opened_by", orNull(plan.opened_by));
  out->set("opened_by_name", names.of(plan.opened_by));
  out->set("closed_by", orNull(plan.closed_by));
  out->set("created_at", plan.created_at);
  out->set("updated_at", plan.updated_at);
  out->set("closed_at", orNull(plan.closed_at));
  if (with_notes) {
    Poco::JSON::Array::Ptr notes = new Poco::JSON::Array;
    for (const auto& note : plan.notes) notes->add(noteView(note, names));
    out->set("notes", notes);
  }
  return out;
}

Object recommendationView(const follow_up::Recommendation& value, Names& names) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("student_id", value.student_id);
  out->set("author_id", orNull(value.author_id));
  out->set("author_name", names.of(value.author_id));
  out->set("plan_id", orNull(value.plan_id));
  out->set("text", value.text);
  out->set("created_at", value.created_at);
  return out;
}

Json storedPlan(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto plan, follow_up::getPlan(db, id));
  Names names(db);
  return planView(plan, names, true);
}

Json planList(Connection& db, const std::vector<follow_up::Plan>& plans) {
  Names names(db);
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const auto& plan : plans) items->add(planView(plan, names, false));
  auto out = http::newObject();
  out->set("items", items);
  return out;
}

// The students whose follow-up the caller reads without naming one: a
// student themselves, a parent's children.
Result<std::vector<std::int64_t>> ownStudents(const Principal& who, Connection& db) {
  std::vector<std::int64_t> out;
  if (who.has(directory::Role::student)) out.push_back(who.user_id);
  if (who.has(directory::Role::parent)) {
    CARTABLE_ASSIGN_OR_RETURN(auto links, directory::childrenOf(db, who.user_id));
    for (const auto& link : links) out.push_back(link.student_id);
  }
  return out;
}

// Open plans a teacher or staff member follows: every one for staff and
// admin, those of the students they teach for a teacher.
Result<std::vector<follow_up::Plan>> followedPlans(const Principal& who, Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(auto open, follow_up::openPlans(db, kOpenPlansListed));
  if (who.roles.intersects({directory::Role::admin, directory::Role::staff})) return open;
  std::vector<follow_up::Plan> out;
  for (auto& plan : open) {
    CARTABLE_ASSIGN_OR_RETURN(bool taught,
                              directory::teachesStudent(db, who.user_id, plan.student_id));
    if (taught) out.push_back(std::move(plan));
  }
  return out;
}

http::Response listPlans(Call& call) {
  auto student = call.queryInt("student_id", 0, 1, INT64_MAX);
  if (!student.ok()) return http::problem(student.error());
  const Principal& who = call.who();
  return readJson(call, 200, [&](Connection& db) -> Json {
    if (*student != 0) {
      CARTABLE_ASSIGN_OR_RETURN(auto plans, follow_up::plansOfStudent(db, *student));
      return planList(db, plans);
    }
    if (who.roles.intersects(
            {directory::Role::admin, directory::Role::staff, directory::Role::teacher})) {
      CARTABLE_ASSIGN_OR_RETURN(auto plans, followedPlans(who, db));
      return planList(db, plans);
    }
    CARTABLE_ASSIGN_OR_RETURN(auto students, ownStudents(who, db));
    std::vector<follow_up::Plan> plans;
    for (std::int64_t id : students) {
      CARTABLE_ASSIGN_OR_RETURN(auto theirs, follow_up::plansOfStudent(db, id));
      plans.insert(plans.end(), theirs.begin(), theirs.end());
    }
    return planList(db, plans);
  });
}

http::Response openPlan(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto plan = follow_up_input::newPlan(*body);
  if (!plan.ok()) return http::problem(plan.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t id, follow_up::openPlan(db, *plan, call.who().user_id,
                                                                   call.services.clock.now()));
    return storedPlan(db, id);
  });
}

http::Response getPlan(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) { return storedPlan(db, *id); });
}

http::Response patchPlan(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto plan, follow_up::getPlan(db, *id));
    CARTABLE_RETURN_IF_ERROR(follow_up_input::applyChanges(*body, plan));
    CARTABLE_RETURN_IF_ERROR(follow_up::updatePlan(db, plan, call.services.clock.now()));
    return storedPlan(db, *id);
  });
}

http::Response addNote(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  Status keys = body->onlyKeys({"text"});
  if (!keys.ok()) return http::problem(keys.error());
  auto text = body->requiredString("text", 20000);
  if (!text.ok()) return http::problem(text.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto note, follow_up::addNote(db, *id, call.who().user_id, *text,
                                                            call.services.clock.now()));
    Names names(db);
    return noteView(note, names);
  });
}

http::Response closePlan(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto closing = follow_up_input::closing(*body);
  if (!closing.ok()) return http::problem(closing.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(follow_up::closePlan(db, *id, closing->outcome, closing->comment,
                                                  call.who().user_id, call.services.clock.now()));
    return storedPlan(db, *id);
  });
}

http::Response listRecommendations(Call& call) {
  auto student = call.queryInt("student_id", 0, 1, INT64_MAX);
  if (!student.ok()) return http::problem(student.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    std::vector<std::int64_t> students{*student};
    if (*student == 0) {
      CARTABLE_ASSIGN_OR_RETURN(students, ownStudents(call.who(), db));
      if (students.empty()) {
        return makeError(Errc::invalid_argument, "\"student_id\" is required", "student_id");
      }
    }
    Names names(db);
    Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
    for (std::int64_t id : students) {
      CARTABLE_ASSIGN_OR_RETURN(auto found,
                                follow_up::recommendationsTo(db, id, kRecommendationsListed));
      for (const auto& item : found) items->add(recommendationView(item, names));
    }
    auto out = http::newObject();
    out->set("items", items);
    return out;
  });
}

http::Response recommend(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto input = follow_up_input::newRecommendation(*body);
  if (!input.ok()) return http::problem(input.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto stored, follow_up::recommend(db, *input, call.who().user_id,
                                                                call.services.clock.now()));
    Names names(db);
    return recommendationView(stored, names);
  });
}

}  // namespace

void addFollowUpRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  const std::string plans = "/api/v1/follow-up/plans";
  const std::string plan = plans + "/{id}";
  const std::string recommendations = "/api/v1/follow-up/recommendations";
  table.add({Method::get, plans, signed_in, access::listFollowUp, listPlans});
  table.add({Method::post, plans, signed_in, access::writeFollowUp, openPlan});
  table.add({Method::get, plan, signed_in, access::viewPlan, getPlan});
  table.add({Method::patch, plan, signed_in, access::managePlan, patchPlan});
  table.add({Method::post, plan + "/notes", signed_in, access::managePlan, addNote});
  table.add({Method::post, plan + "/close", signed_in, access::managePlan, closePlan});
  table.add({Method::get, recommendations, signed_in, access::listFollowUp, listRecommendations});
  table.add({Method::post, recommendations, signed_in, access::writeFollowUp, recommend});
}

}  // namespace cartable::api
