// Follow-up plans (like a PPRE): for one student in difficulty, goals,
// actions (what, who does it, by when, done or not), a review date and dated
// notes; closed with an outcome. Opening and closing a plan tells the student
// and their parents ("follow_up.opened", "follow_up.closed"). Who may do what
// is the API's access rule (api/access.h); this module checks the content.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::follow_up {

enum class PlanState { open, closed };
std::string_view planStateName(PlanState value);  // "open", "closed"

enum class Outcome { goals_met, partly_met, not_met };
std::string_view outcomeName(Outcome value);  // "goals_met", "partly_met", "not_met"
std::optional<Outcome> parseOutcome(std::string_view name);

// Who does an action: a role around the student.
enum class Actor { teacher, staff, student, parent };
std::string_view actorName(Actor value);  // "teacher", "staff", "student", "parent"
std::optional<Actor> parseActor(std::string_view name);

struct Action {
  std::string what;  // 1..500 characters
  Actor actor = Actor::teacher;
  std::optional<std::int64_t> actor_id;  // the person, when named
  std::optional<std::string> due_on;     // YYYY-MM-DD
  bool done = false;
};

struct Note {
  std::int64_t id = 0;
  std::optional<std::int64_t> author_id;
  std::string text;  // 1..5000 characters
  Seconds created_at = 0;
};

struct Plan {
  std::int64_t id = 0;
  std::int64_t student_id = 0;
  std::string title;                     // 1..200 characters
  std::string reason;                    // up to 2000: what opened it (an alert, a council...)
  std::vector<std::string> goals;        // up to 20, each 1..500 characters
  std::vector<Action> actions;           // up to 30
  std::optional<std::string> review_on;  // YYYY-MM-DD
  PlanState state = PlanState::open;
  std::optional<Outcome> outcome;  // once closed
  std::string outcome_comment;     // up to 2000
  std::optional<std::int64_t> opened_by;
  std::optional<std::int64_t> closed_by;
  Seconds created_at = 0;
  Seconds updated_at = 0;
  std::optional<Seconds> closed_at;
  std::vector<Note> notes;  // oldest first (filled by getPlan)
};

// Checks `plan` and inserts it open, by `author_id`; tells the student and
// their parents. invalid_argument names the field: "student_id" (no such
// student), "title", "reason", "goals", "goals[i]", "actions",
// "actions[i].what", "actions[i].actor_id", "actions[i].due_on", "review_on".
Result<std::int64_t> openPlan(storage::Connection& db, const Plan& plan, std::int64_t author_id,
                              Seconds now);

// The plan with its goals, actions and notes; not_found naming "id".
Result<Plan> getPlan(storage::Connection& db, std::int64_t id);

// Replaces the title, reason, goals, actions and review date of plan
// `updated.id`, checked as by openPlan. failed_precondition naming "state"
// once the plan is closed.
Status updatePlan(storage::Connection& db, const Plan& updated, Seconds now);

// Appends a note by `author_id`; invalid_argument naming "text";
// failed_precondition naming "state" once the plan is closed.
Result<Note> addNote(storage::Connection& db, std::int64_t plan_id, std::int64_t author_id,
                     const std::string& text, Seconds now);

// Closes the plan with `outcome` and a comment (up to 2000, "outcome_comment"),
// and tells the student and their parents. failed_precondition naming
// "state" when it is already closed (saying when and how).
Status closePlan(storage::Connection& db, std::int64_t plan_id, Outcome outcome,
                 const std::string& comment, std::int64_t author_id, Seconds now);

// The plans of `student_id`, open ones first, then the newest (without notes).
Result<std::vector<Plan>> plansOfStudent(storage::Connection& db, std::int64_t student_id);
// Open plans of the school, the nearest review first (at most `limit`).
Result<std::vector<Plan>> openPlans(storage::Connection& db, int limit);

// The student a plan is for; not_found naming "id".
Result<std::int64_t> studentOfPlan(storage::Connection& db, std::int64_t plan_id);

}  // namespace cartable::follow_up
