#include "reporting/suppression.h"

#include <algorithm>
#include <map>
#include <utility>

namespace cartable::reporting {

namespace {

using Siblings = std::vector<std::size_t>;

// Cells that add up to the cell above them: the levels, and per level its
// classes and its subjects.
std::map<std::pair<std::string, std::string>, Siblings> siblingSets(
    const std::vector<ReportCell>& cells) {
  std::map<std::pair<std::string, std::string>, Siblings> sets;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const ReportCell& cell = cells[i];
    if (cell.scope == "level") sets[{"level", ""}].push_back(i);
    if (cell.scope == "class" || cell.scope == "subject")
      sets[{cell.scope, cell.level}].push_back(i);
  }
  return sets;
}

void completeSuppression(const Siblings& siblings, const std::vector<ReportCell>& cells,
                         std::vector<bool>& removed, int k) {
  for (;;) {
    std::int64_t hidden = 0;
    for (std::size_t i : siblings) hidden += removed[i] ? cells[i].n : 0;
    if (hidden == 0 || hidden >= k) return;
    auto smallest = siblings.end();
    for (auto it = siblings.begin(); it != siblings.end(); ++it) {
      if (removed[*it]) continue;
      if (smallest == siblings.end() || cells[*it].n < cells[*smallest].n) smallest = it;
    }
    if (smallest == siblings.end()) return;
    removed[*smallest] = true;
  }
}

bool schoolUnder(const std::vector<ReportCell>& cells, int k) {
  return std::any_of(cells.begin(), cells.end(),
                     [k](const ReportCell& cell) { return cell.scope == "school" && cell.n < k; });
}

}  // namespace

int suppressSmallCells(std::vector<ReportCell>& cells, int k) {
  const int before = static_cast<int>(cells.size());
  if (schoolUnder(cells, k)) {  // a school this small says nothing at all
    cells.clear();
    return before;
  }
  std::vector<bool> removed(cells.size());
  for (std::size_t i = 0; i < cells.size(); ++i) removed[i] = cells[i].n < k;
  for (const auto& [parent, siblings] : siblingSets(cells)) {
    completeSuppression(siblings, cells, removed, k);
  }
  std::vector<ReportCell> kept;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (!removed[i]) kept.push_back(std::move(cells[i]));
  }
  cells = std::move(kept);
  return before - static_cast<int>(cells.size());
}

std::optional<ReportCell> firstCellUnder(const std::vector<ReportCell>& cells, int k) {
  for (const ReportCell& cell : cells) {
    if (cell.n < k) return cell;
  }
  return std::nullopt;
}

}  // namespace cartable::reporting
