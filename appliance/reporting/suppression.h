// Small-cell suppression: no cell of a report that leaves the school
// describes fewer than k people, and no total minus the cells shown does
// either.
#pragma once

#include <optional>
#include <vector>

#include "reporting/report_envelope.h"

namespace cartable::reporting {

// Removes every cell with n < k (primary suppression). Then, among siblings
// that add up to a cell shown above them (the levels of the school, the
// classes of a level, the subjects of a level), while the removed ones
// describe between 1 and k-1 people in all, the smallest sibling still shown
// is removed too (secondary suppression), so that the parent minus the
// siblings shown never describes fewer than k. Returns how many cells went.
int suppressSmallCells(std::vector<ReportCell>& cells, int k);

// The first cell describing fewer than k people, if any.
std::optional<ReportCell> firstCellUnder(const std::vector<ReportCell>& cells, int k);

}  // namespace cartable::reporting
