// Students' identities and their families: names, birth dates, INE, legal
// guardians shared by siblings, and a few other contacts.
#pragma once

#include <vector>

#include "tests/tools/generator/dice.h"
#include "tests/tools/generator/school_generator.h"

namespace cartable::generator {

// Fills in every entry of school.students (already one per seat), given the
// usual birth year of each student's level, and appends the parents and the
// guardianships. Logins, emails and external ids are left for later.
void addFamilies(Dice& dice, const std::vector<int>& usual_birth_years, GeneratedSchool& school);

}  // namespace cartable::generator
