#include "tests/tools/early_warning_eval/evaluation.h"

namespace cartable::early_warning_eval {

namespace {

bool atRisk(const generator::RiskLabel& label) {
  return label.kind == "slipping" || label.kind == "chronic";
}

bool severe(const generator::RiskLabel& label) {
  return label.kind == "chronic" || (label.kind == "slipping" && label.strength >= kSevereSlip);
}

// Adds `flagged` (a flag at the level scored) for a student whose label says
// `at_risk` and `expected` (the level should flag them).
void count(Score& score, bool flagged, bool at_risk, bool expected) {
  score.flagged += flagged ? 1 : 0;
  score.true_flags += flagged && at_risk ? 1 : 0;
  score.expected += expected ? 1 : 0;
  score.found += flagged && expected ? 1 : 0;
}

}  // namespace

Evaluation evaluate(const std::map<std::int64_t, int>& levels,
                    const std::vector<generator::RiskLabel>& labels, int students) {
  Evaluation out;
  out.students = students;
  std::map<std::int64_t, const generator::RiskLabel*> labelled;
  for (const auto& label : labels) labelled[label.student_id] = &label;
  for (const auto& [id, label] : labelled) {
    const auto found = levels.find(id);
    const int level = found == levels.end() ? 0 : found->second;
    auto& kind = out.by_kind[label->kind];
    kind.first += level > 0 ? 1 : 0;
    ++kind.second;
  }
  // Every flag, labelled or not; every label, flagged or not.
  std::map<std::int64_t, int> everyone = levels;
  for (const auto& [id, label] : labelled) everyone.emplace(id, 0);
  for (const auto& [id, level] : everyone) {
    const auto label = labelled.find(id);
    const bool risk = label != labelled.end() && atRisk(*label->second);
    const bool strong = label != labelled.end() && severe(*label->second);
    count(out.overall, level > 0, risk, risk);
    count(out.vigilance, level == 1, risk, risk && !strong);
    count(out.alerte, level == 2, risk, strong);
  }
  return out;
}

}  // namespace cartable::early_warning_eval
