// Request bodies of the follow-up routes read into the follow_up module's
// records; every error names the field ("actions[2].due_on").
#pragma once

#include "core/http/json.h"
#include "follow_up/plans.h"
#include "follow_up/recommendations.h"

namespace cartable::api::follow_up_input {

// A new plan from POST /api/v1/follow-up/plans.
Result<follow_up::Plan> newPlan(const http::JsonObject& body);

// Applies the fields present in a PATCH body to `plan` (absent ones are kept).
Status applyChanges(const http::JsonObject& body, follow_up::Plan& plan);

struct Closing {
  follow_up::Outcome outcome = follow_up::Outcome::not_met;
  std::string comment;
};
// The body of POST /api/v1/follow-up/plans/{id}/close.
Result<Closing> closing(const http::JsonObject& body);

// A recommendation from POST /api/v1/follow-up/recommendations.
Result<follow_up::Recommendation> newRecommendation(const http::JsonObject& body);

}  // namespace cartable::api::follow_up_input
