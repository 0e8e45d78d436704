// The labels of the planted at-risk trajectories as a CSV file beside the
// generated database: what the early-warning evaluation compares the
// detector with. Never read by the product.
#pragma once

#include <filesystem>
#include <vector>

#include "core/base/result.h"
#include "tests/tools/generator/school_year.h"

namespace cartable::generator {

// "student_id,kind,since,strength", one student a line after the header.
Status writeRiskLabels(const std::filesystem::path& path, const std::vector<RiskLabel>& labels);
// invalid_argument naming the line that cannot be read.
Result<std::vector<RiskLabel>> readRiskLabels(const std::filesystem::path& path);

}  // namespace cartable::generator
