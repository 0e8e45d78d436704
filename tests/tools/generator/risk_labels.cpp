#include "tests/tools/generator/risk_labels.h"

#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace cartable::generator {

namespace {

constexpr const char* kHeader = "student_id,kind,since,strength";

Result<RiskLabel> parseLine(const std::string& line, int number) {
  std::istringstream fields(line);
  std::string id, kind, since, strength;
  std::getline(fields, id, ',');
  std::getline(fields, kind, ',');
  std::getline(fields, since, ',');
  std::getline(fields, strength, ',');
  RiskLabel label;
  label.kind = kind;
  label.since = since;
  const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), label.student_id);
  if (error != std::errc{} || end != id.data() + id.size() ||
      (kind != "slipping" && kind != "bad_week" && kind != "chronic")) {
    return makeError(Errc::invalid_argument,
                     "line " + std::to_string(number) + " is not \"" + kHeader + "\": " + line,
                     "line");
  }
  label.strength = strength.empty() ? 0 : std::stod(strength);
  return label;
}

}  // namespace

Status writeRiskLabels(const std::filesystem::path& path, const std::vector<RiskLabel>& labels) {
  std::ofstream out(path);
  out << kHeader << "\n";
  for (const RiskLabel& label : labels) {
    char strength[16];
    std::snprintf(strength, sizeof strength, "%.2f", label.strength);
    out << label.student_id << "," << label.kind << "," << label.since << "," << strength << "\n";
  }
  if (!out) return makeError(Errc::internal, "cannot write " + path.string());
  return okStatus();
}

Result<std::vector<RiskLabel>> readRiskLabels(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return makeError(Errc::not_found, "cannot read " + path.string(), "labels");
  std::string line;
  std::getline(in, line);
  std::vector<RiskLabel> labels;
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    CARTABLE_ASSIGN_OR_RETURN(RiskLabel label, parseLine(line, number));
    labels.push_back(std::move(label));
  }
  return labels;
}

}  // namespace cartable::generator
