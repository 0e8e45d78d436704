#include "early_warning/thresholds.h"

#include <string>

namespace cartable::early_warning {

namespace {

constexpr std::int64_t kMaxCount = 100;
constexpr std::int64_t kMaxPoints = 2000;  // 20 points
constexpr int kMaxRuleCount = static_cast<int>(kIndicatorCount);

Error invalid(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

// 450 → "4.5": the API's numbers.
std::string hundredthsText(std::int64_t value) {
  std::string out = std::to_string(value / 100);
  const std::int64_t cents = value % 100;
  if (cents == 0) return out;
  out += "." + std::string(cents < 10 ? "0" : "") + std::to_string(cents);
  return cents % 10 == 0 ? out.substr(0, out.size() - 1) : out;
}

std::string fieldOf(Indicator indicator, const char* which) {
  return "indicators." + std::string(indicatorName(indicator)) + "." + which;
}

Status checkValue(Indicator indicator, const char* which, std::int64_t value) {
  const std::int64_t max = inPoints(indicator) ? kMaxPoints : kMaxCount;
  if (value < 0 || value > max) {
    return invalid(fieldOf(indicator, which),
                   "must be between 0 and " + std::to_string(inPoints(indicator) ? 20 : max) +
                       (inPoints(indicator) ? " points (in hundredths: 0..2000)" : ""));
  }
  return okStatus();
}

Status checkIndicator(Indicator indicator, const Threshold& t) {
  CARTABLE_RETURN_IF_ERROR(checkValue(indicator, "threshold", t.threshold));
  CARTABLE_RETURN_IF_ERROR(checkValue(indicator, "strong", t.strong));
  const bool beyond = lowIsWorse(indicator) ? t.strong <= t.threshold : t.strong >= t.threshold;
  if (!beyond) {
    return invalid(fieldOf(indicator, "strong"), lowIsWorse(indicator)
                                                     ? "must be at most the threshold"
                                                     : "must be at least the threshold");
  }
  return okStatus();
}

std::string ruleKey(const char* rule) {
  return std::string("rule.") + rule;
}

constexpr std::int64_t kMaxEvidence = 10'000;  // 100, in hundredths

Status checkEvidenceLevel(const std::string& field, std::int64_t value, std::int64_t least,
                          const std::string& least_name) {
  if (value < least || value > kMaxEvidence) {
    return invalid("evidence." + field, "must be between " + least_name +
                                            " and 100 (in hundredths: " + std::to_string(least) +
                                            "..10000)");
  }
  return okStatus();
}

Status checkEvidence(const EvidenceThresholds& e) {
  CARTABLE_RETURN_IF_ERROR(checkEvidenceLevel("vigilance", e.vigilance, 1, "0.01"));
  CARTABLE_RETURN_IF_ERROR(checkEvidenceLevel(
      "alert", e.alert, e.vigilance, "evidence.vigilance (" + hundredthsText(e.vigilance) + ")"));
  CARTABLE_RETURN_IF_ERROR(checkEvidenceLevel("lasting_vigilance", e.lasting_vigilance, 1, "0.01"));
  return checkEvidenceLevel(
      "lasting_alert", e.lasting_alert, e.lasting_vigilance,
      "evidence.lasting_vigilance (" + hundredthsText(e.lasting_vigilance) + ")");
}

// The evidence levels as the settings table stores them.
struct EvidenceKey {
  const char* key;
  std::int64_t EvidenceThresholds::*field;
};
constexpr EvidenceKey kEvidenceKeys[] = {
    {"evidence.vigilance", &EvidenceThresholds::vigilance},
    {"evidence.alert", &EvidenceThresholds::alert},
    {"evidence.lasting_vigilance", &EvidenceThresholds::lasting_vigilance},
    {"evidence.lasting_alert", &EvidenceThresholds::lasting_alert},
};

}  // namespace

Thresholds defaultThresholds() {
  Thresholds t;
  t.of(Indicator::absence_half_days) = {4, 8};
  t.of(Indicator::unjustified_half_days) = {2, 4};
  t.of(Indicator::lateness) = {3, 6};
  t.of(Indicator::missing_hand_ins) = {4, 6};
  t.of(Indicator::late_hand_ins) = {3, 6};
  t.of(Indicator::grade_gap) = {400, 500};
  t.of(Indicator::grade_drop) = {120, 400};
  t.of(Indicator::quiz_mean) = {800, 500};
  t.min_weeks = 3;
  return t;
}

Status checkThresholds(const Thresholds& thresholds) {
  for (Indicator indicator : kIndicators) {
    CARTABLE_RETURN_IF_ERROR(checkIndicator(indicator, thresholds.of(indicator)));
  }
  if (thresholds.vigilance_count < 1 || thresholds.vigilance_count > kMaxRuleCount) {
    return invalid("vigilance_count", "must be between 1 and 8");
  }
  if (thresholds.alert_count < thresholds.vigilance_count ||
      thresholds.alert_count > kMaxRuleCount) {
    return invalid("alert_count", "must be between vigilance_count (" +
                                      std::to_string(thresholds.vigilance_count) + ") and 8");
  }
  if (thresholds.min_weeks < 1 || thresholds.min_weeks > kWindowWeeks) {
    return invalid("min_weeks", "must be between 1 and 4");
  }
  return checkEvidence(thresholds.evidence);
}

Result<Thresholds> loadThresholds(storage::Connection& db) {
  Thresholds t = defaultThresholds();
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query("SELECT key, value FROM early_warning_settings"));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) break;
    const std::string key = rows.text(0);
    const std::int64_t value = rows.int64(1);
    if (key == ruleKey("vigilance_count")) t.vigilance_count = static_cast<int>(value);
    if (key == ruleKey("alert_count")) t.alert_count = static_cast<int>(value);
    if (key == ruleKey("min_weeks")) t.min_weeks = static_cast<int>(value);
    if (key == ruleKey("evidence")) t.rule = value != 0 ? RuleKind::evidence : RuleKind::thresholds;
    for (const EvidenceKey& e : kEvidenceKeys) {
      if (key == e.key) t.evidence.*e.field = value;
    }
    for (Indicator indicator : kIndicators) {
      const std::string name(indicatorName(indicator));
      if (key == name + ".threshold") t.of(indicator).threshold = value;
      if (key == name + ".strong") t.of(indicator).strong = value;
    }
  }
  return t;
}

Status saveThresholds(storage::Connection& db, const Thresholds& thresholds, std::int64_t admin_id,
                      Seconds now) {
  CARTABLE_RETURN_IF_ERROR(checkThresholds(thresholds));
  const auto put = [&](const std::string& key, std::int64_t value) {
    return db.exec(
        "INSERT INTO early_warning_settings(key, value, updated_by, updated_at) VALUES (?, ?, ?, "
        "?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_by = "
        "excluded.updated_by, updated_at = excluded.updated_at",
        key, value, admin_id, now);
  };
  for (Indicator indicator : kIndicators) {
    const std::string name(indicatorName(indicator));
    CARTABLE_RETURN_IF_ERROR(put(name + ".threshold", thresholds.of(indicator).threshold));
    CARTABLE_RETURN_IF_ERROR(put(name + ".strong", thresholds.of(indicator).strong));
  }
  CARTABLE_RETURN_IF_ERROR(put(ruleKey("vigilance_count"), thresholds.vigilance_count));
  CARTABLE_RETURN_IF_ERROR(put(ruleKey("alert_count"), thresholds.alert_count));
  CARTABLE_RETURN_IF_ERROR(put(ruleKey("evidence"), thresholds.rule == RuleKind::evidence ? 1 : 0));
  for (const EvidenceKey& e : kEvidenceKeys) {
    CARTABLE_RETURN_IF_ERROR(put(e.key, thresholds.evidence.*e.field));
  }
  return put(ruleKey("min_weeks"), thresholds.min_weeks);
}

}  // namespace cartable::early_warning
