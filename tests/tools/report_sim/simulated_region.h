// The simulated schools of a region (Grand Est by default): collèges and
// lycées spread over the departments by weight, each with its size, its
// levels, how much its people use the workspace, and how good its link to
// the hub is. Deterministic: one seed always gives the same region.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace cartable::report_sim {

enum class SchoolKind { college, lycee };

enum class LinkQuality {
  good,
  poor,  // down for whole rounds at times: its reports wait and arrive late
};

struct SimulatedSchool {
  int index = 0;
  std::string uai;  // 0 + department + 4 digits + check letter, e.g. "0541001X"
  std::string name;
  std::string department;  // e.g. "54"
  SchoolKind kind = SchoolKind::college;
  std::vector<std::string> levels;  // "6e".."3e" or "2nde", "1re", "Tle"
  int students = 0;
  int classes = 0;
  int teachers = 0, staff = 0, admins = 0, parents = 0;
  double adoption = 0;        // share of accounts active on a school day at the start
  double adoption_gain = 0;   // added to it over the school year
  double absence_base = 0;    // share of student-lessons missed on an ordinary day
  double homework_habit = 0;  // homework set per class and school day
  bool low_adoption = false;
  LinkQuality link = LinkQuality::good;
  int first_day_offset = 0;  // school days before it began reporting (joined late)
};

struct RegionOptions {
  int schools = 1000;
  std::uint64_t seed = 1;
  // Departments and their weights; Grand Est when empty.
  std::vector<std::pair<std::string, int>> departments;
};

// The departments of Grand Est with weights close to their number of schools.
const std::vector<std::pair<std::string, int>>& grandEstDepartments();

std::vector<SimulatedSchool> simulateRegion(const RegionOptions& options);

}  // namespace cartable::report_sim
