// Early-warning alerts: computed for the whole school once a day (the node's
// maintenance) and on demand by staff, stored with the day each was first
// seen, and told to the class's main teacher (professeur principal) when one
// is raised or rises to level 2 — once each. Alerts are for the school's
// staff and teachers: never shown to students or parents.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "early_warning/thresholds.h"

namespace cartable::early_warning {

// A notice kind outside every preference category: it always reaches the feed.
inline constexpr const char* kAlertNotice = "early_warning.alert";
// An alert first seen at most this many days ago is new.
inline constexpr int kNewForDays = 7;

struct Alert {
  std::int64_t id = 0;
  std::int64_t student_id = 0;
  std::string student_name;  // "Given Family"
  std::optional<std::int64_t> class_id;
  std::string class_code;
  int level = 0;
  std::string first_seen_on;
  std::optional<std::string> level2_since;
  std::string computed_on;
  std::optional<std::string> cleared_on;
  int weeks_with_signs = 0;
  std::vector<Reason> reasons;
};

struct RunSummary {
  std::string on_date;
  int students = 0;     // assessed
  int open_alerts = 0;  // after the run
  int raised = 0;       // new alerts
  int rose = 0;         // from level 1 to 2
  int cleared = 0;
  int notices = 0;  // main teachers told
};

// Assesses every student on `now`'s day with the school's thresholds, in the
// caller's transaction: opens, updates and clears alerts, tells main
// teachers, and records the run.
Result<RunSummary> computeAlerts(storage::Connection& db, Seconds now);

// What the daily maintenance calls: computeAlerts unless `now`'s day was
// already computed (none then).
Result<std::optional<RunSummary>> computeAlertsIfDue(storage::Connection& db, Seconds now);

// The open alerts of the class's students, level 2 first, then the newest.
Result<std::vector<Alert>> openAlertsOfClass(storage::Connection& db, std::int64_t class_id);
// Every alert of the student, open or cleared, the latest first.
Result<std::vector<Alert>> alertsOfStudent(storage::Connection& db, std::int64_t student_id);

// The alert's reasons as stored (JSON), and back.
std::string reasonsToJson(const std::vector<Reason>& reasons, int weeks_with_signs);
void reasonsFromJson(const std::string& text, std::vector<Reason>& reasons, int& weeks_with_signs);

}  // namespace cartable::early_warning
