#include "follow_up/plans.h"

#include "core/base/civil_date.h"
#include "directory/validate.h"
#include "follow_up/internal.h"

namespace cartable::follow_up {
namespace {

using detail::invalid;
using storage::Connection;

constexpr std::size_t kMaxGoals = 20;
constexpr std::size_t kMaxActions = 30;
constexpr std::size_t kMaxLongText = 2000;

Error notFound(std::int64_t id) {
  return makeError(Errc::not_found, "no follow-up plan with id " + std::to_string(id), "id");
}

Status optionalText(const std::string& value, const std::string& field, std::size_t max) {
  if (value.empty()) return okStatus();
  return directory::validate::text(value, field, max);
}

Status checkAction(Connection& db, const Action& action, const std::string& prefix) {
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(action.what, prefix + ".what", 500));
  CARTABLE_RETURN_IF_ERROR(directory::validate::optionalDate(action.due_on, prefix + ".due_on"));
  if (!action.actor_id) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(auto found,
                            db.scalarInt64("SELECT 1 FROM users WHERE id = ?", *action.actor_id));
  if (!found) {
    return invalid(prefix + ".actor_id",
                   "names no person (" + std::to_string(*action.actor_id) + ")");
  }
  return okStatus();
}

Status checkContent(Connection& db, const Plan& plan) {
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(plan.title, "title", 200));
  CARTABLE_RETURN_IF_ERROR(optionalText(plan.reason, "reason", kMaxLongText));
  CARTABLE_RETURN_IF_ERROR(directory::validate::optionalDate(plan.review_on, "review_on"));
  if (plan.goals.size() > kMaxGoals) {
    return invalid("goals", "has more than " + std::to_string(kMaxGoals) + " goals");
  }
  for (std::size_t i = 0; i < plan.goals.size(); ++i) {
    CARTABLE_RETURN_IF_ERROR(
        directory::validate::text(plan.goals[i], "goals[" + std::to_string(i) + "]", 500));
  }
  if (plan.actions.size() > kMaxActions) {
    return invalid("actions", "has more than " + std::to_string(kMaxActions) + " actions");
  }
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    CARTABLE_RETURN_IF_ERROR(
        checkAction(db, plan.actions[i], "actions[" + std::to_string(i) + "]"));
  }
  return okStatus();
}

Status writeLists(Connection& db, const Plan& plan) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM follow_up_goals WHERE plan_id = ?", plan.id));
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM follow_up_actions WHERE plan_id = ?", plan.id));
  for (std::size_t i = 0; i < plan.goals.size(); ++i) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO follow_up_goals (plan_id, position, text) VALUES (?, ?, ?)", plan.id,
                i + 1, plan.goals[i]));
  }
  for (std::size_t i = 0; i < plan.actions.size(); ++i) {
    const Action& a = plan.actions[i];
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO follow_up_actions (plan_id, position, what, actor, actor_id, due_on, "
                "done) VALUES (?, ?, ?, ?, ?, ?, ?)",
                plan.id, i + 1, a.what, actorName(a.actor), a.actor_id, a.due_on, a.done));
  }
  return okStatus();
}

constexpr const char* kPlanColumns =
    "SELECT id, student_id, title, reason, review_on, state, outcome, outcome_comment, opened_by, "
    "closed_by, created_at, updated_at, closed_at FROM follow_up_plans ";

Plan planFromRow(const storage::Statement& row) {
  Plan plan;
  plan.id = row.int64(0);
  plan.student_id = row.int64(1);
  plan.title = row.text(2);
  plan.reason = row.text(3);
  plan.review_on = row.optionalText(4);
  plan.state = row.text(5) == "closed" ? PlanState::closed : PlanState::open;
  if (auto outcome = row.optionalText(6)) plan.outcome = parseOutcome(*outcome);
  plan.outcome_comment = row.text(7);
  plan.opened_by = row.optionalInt64(8);
  plan.closed_by = row.optionalInt64(9);
  plan.created_at = row.int64(10);
  plan.updated_at = row.int64(11);
  plan.closed_at = row.optionalInt64(12);
  return plan;
}

Status readLists(Connection& db, Plan& plan) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto goals,
      db.query("SELECT text FROM follow_up_goals WHERE plan_id = ? ORDER BY position", plan.id));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, goals.step());
    if (!more) break;
    plan.goals.push_back(goals.text(0));
  }
  CARTABLE_ASSIGN_OR_RETURN(auto actions,
                            db.query("SELECT what, actor, actor_id, due_on, done FROM "
                                     "follow_up_actions WHERE plan_id = ? ORDER BY position",
                                     plan.id));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, actions.step());
    if (!more) break;
    plan.actions.push_back({actions.text(0), parseActor(actions.text(1)).value_or(Actor::teacher),
                            actions.optionalInt64(2), actions.optionalText(3),
                            actions.int64(4) != 0});
  }
  return okStatus();
}

Status readNotes(Connection& db, Plan& plan) {
  CARTABLE_ASSIGN_OR_RETURN(auto notes,
                            db.query("SELECT id, author_id, text, created_at FROM follow_up_notes "
                                     "WHERE plan_id = ? ORDER BY id",
                                     plan.id));
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, notes.step());
    if (!more) break;
    plan.notes.push_back({notes.int64(0), notes.optionalInt64(1), notes.text(2), notes.int64(3)});
  }
  return okStatus();
}

Result<std::vector<Plan>> plansWhere(Connection& db, const std::string& tail, std::int64_t arg) {
  CARTABLE_ASSIGN_OR_RETURN(auto row, db.query(std::string(kPlanColumns) + tail, arg));
  std::vector<Plan> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, row.step());
    if (!more) break;
    out.push_back(planFromRow(row));
  }
  for (Plan& plan : out) CARTABLE_RETURN_IF_ERROR(readLists(db, plan));
  return out;
}

// "le 14/09/2026", for refusals.
std::string frenchDate(Seconds instant) {
  const std::string iso = civil::formatDay(civil::dayOf(instant));
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

Status requireOpen(const Plan& plan, const std::string& doing) {
  if (plan.state == PlanState::open) return okStatus();
  std::string message = "follow-up plan " + std::to_string(plan.id) + " was closed";
  if (plan.closed_at) message += " on " + frenchDate(*plan.closed_at);
  if (plan.outcome) message += " (" + std::string(outcomeName(*plan.outcome)) + ")";
  return makeError(Errc::failed_precondition, message + ": it can no longer " + doing, "state");
}

}  // namespace

std::string_view planStateName(PlanState value) {
  return value == PlanState::open ? "open" : "closed";
}

std::string_view outcomeName(Outcome value) {
  switch (value) {
    case Outcome::goals_met:
      return "goals_met";
    case Outcome::partly_met:
      return "partly_met";
    case Outcome::not_met:
      return "not_met";
  }
  return "not_met";
}

std::optional<Outcome> parseOutcome(std::string_view name) {
  for (Outcome value : {Outcome::goals_met, Outcome::partly_met, Outcome::not_met}) {
    if (outcomeName(value) == name) return value;
  }
  return std::nullopt;
}

std::string_view actorName(Actor value) {
  switch (value) {
    case Actor::teacher:
      return "teacher";
    case Actor::staff:
      return "staff";
    case Actor::student:
      return "student";
    case Actor::parent:
      return "parent";
  }
  return "teacher";
}

std::optional<Actor> parseActor(std::string_view name) {
  for (Actor value : {Actor::teacher, Actor::staff, Actor::student, Actor::parent}) {
    if (actorName(value) == name) return value;
  }
  return std::nullopt;
}

Result<std::int64_t> openPlan(Connection& db, const Plan& plan, std::int64_t author_id,
                              Seconds now) {
  CARTABLE_RETURN_IF_ERROR(detail::requireStudent(db, plan.student_id, "student_id"));
  CARTABLE_RETURN_IF_ERROR(checkContent(db, plan));
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO follow_up_plans (student_id, title, reason, review_on, state, "
              "opened_by, created_at, updated_at) VALUES (?, ?, ?, ?, 'open', ?, ?, ?)",
              plan.student_id, plan.title, plan.reason, plan.review_on, author_id, now, now));
  Plan stored = plan;
  stored.id = db.lastInsertId();
  CARTABLE_RETURN_IF_ERROR(writeLists(db, stored));
  CARTABLE_RETURN_IF_ERROR(detail::tellFamily(
      db, plan.student_id, "follow_up.opened", "Plan d'accompagnement ouvert : " + plan.title,
      plan.goals.empty() ? plan.reason : "Objectif : " + plan.goals.front(),
      "/suivi/plans/" + std::to_string(stored.id), author_id, now));
  return stored.id;
}

Result<Plan> getPlan(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, plansWhere(db, "WHERE id = ?", id));
  if (found.empty()) return notFound(id);
  Plan plan = std::move(found.front());
  CARTABLE_RETURN_IF_ERROR(readNotes(db, plan));
  return plan;
}

Status updatePlan(Connection& db, const Plan& updated, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Plan current, getPlan(db, updated.id));
  CARTABLE_RETURN_IF_ERROR(requireOpen(current, "change"));
  CARTABLE_RETURN_IF_ERROR(checkContent(db, updated));
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE follow_up_plans SET title = ?, reason = ?, review_on = ?, updated_at = ? "
              "WHERE id = ?",
              updated.title, updated.reason, updated.review_on, now, updated.id));
  return writeLists(db, updated);
}

Result<Note> addNote(Connection& db, std::int64_t plan_id, std::int64_t author_id,
                     const std::string& text, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Plan current, getPlan(db, plan_id));
  CARTABLE_RETURN_IF_ERROR(requireOpen(current, "take notes"));
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(text, "text", 5000));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "INSERT INTO follow_up_notes (plan_id, author_id, text, created_at) VALUES (?, ?, ?, ?)",
      plan_id, author_id, text, now));
  const Note note{db.lastInsertId(), author_id, text, now};
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE follow_up_plans SET updated_at = ? WHERE id = ?", now, plan_id));
  return note;
}

Status closePlan(Connection& db, std::int64_t plan_id, Outcome outcome, const std::string& comment,
                 std::int64_t author_id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Plan current, getPlan(db, plan_id));
  CARTABLE_RETURN_IF_ERROR(requireOpen(current, "be closed"));
  CARTABLE_RETURN_IF_ERROR(optionalText(comment, "outcome_comment", kMaxLongText));
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE follow_up_plans SET state = 'closed', outcome = ?, outcome_comment = ?, "
              "closed_by = ?, closed_at = ?, updated_at = ? WHERE id = ?",
              outcomeName(outcome), comment, author_id, now, now, plan_id));
  static const char* const kOutcomeWords[] = {"objectifs atteints", "objectifs en partie atteints",
                                              "objectifs non atteints"};
  return detail::tellFamily(db, current.student_id, "follow_up.closed",
                            "Plan d'accompagnement clos : " + current.title,
                            std::string(kOutcomeWords[static_cast<int>(outcome)]) +
                                (comment.empty() ? "" : " — " + comment),
                            "/suivi/plans/" + std::to_string(plan_id), author_id, now);
}

Result<std::vector<Plan>> plansOfStudent(Connection& db, std::int64_t student_id) {
  return plansWhere(db,
                    "WHERE student_id = ? ORDER BY state = 'closed', created_at DESC, id DESC "
                    "LIMIT 200",
                    student_id);
}

Result<std::vector<Plan>> openPlans(Connection& db, int limit) {
  return plansWhere(db, "WHERE state = 'open' ORDER BY review_on IS NULL, review_on, id LIMIT ?",
                    limit);
}

Result<std::int64_t> studentOfPlan(Connection& db, std::int64_t plan_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto student, db.scalarInt64("SELECT student_id FROM follow_up_plans WHERE id = ?", plan_id));
  if (!student) return notFound(plan_id);
  return *student;
}

}  // namespace cartable::follow_up
