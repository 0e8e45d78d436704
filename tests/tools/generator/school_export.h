// The files a school secretary downloads for the ENT, written from a
// generated school: SIECLE's ElevesSansAdresses.xml and
// ResponsablesAvecAdresses.xml, and STS-Web's sts_emp_<UAI>_<YEAR>.xml. The
// importers (appliance/imports) read them back into the same school.
#pragma once

#include <string>

#include "core/base/result.h"
#include "tests/tools/generator/school_generator.h"

namespace cartable::generator {

struct ExportFileNames {
  std::string students = "ElevesSansAdresses.xml";         // BEE_ELEVES, ISO-8859-15
  std::string guardians = "ResponsablesAvecAdresses.xml";  // BEE_RESPONSABLES, ISO-8859-15
  std::string sts;                                         // STS_EDT, UTF-8
};

// The file names for school `uai` and the year the school year starts ("2026").
ExportFileNames exportFileNames(const std::string& uai, const std::string& school_year_start);

// Writes the three exports of `school` into `directory` (created if missing),
// for school `uai` (7 digits and a capital letter) and the school year
// starting in `school_year_start` ("2026"):
// - ElevesSansAdresses.xml: every student with INE, birth date, the MEF of
//   their level, their class (STRUCTURE D) and LV2 groups (STRUCTURE G);
// - ResponsablesAvecAdresses.xml: every parent (e-mail, an invented address)
//   and each family link (RESP_LEGAL 1 and 2 for legal guardians, 0 for
//   others; CODE_PARENTE from the relationship);
// - sts_emp_<UAI>_<YEAR>.xml: the subjects, every teacher (FONCTION ENS,
//   DISCIPLINE, PROF_PRINC) and staff member (CPE: EDU, AED: SUR), and each
//   division and group with its services (teaching assignments).
// The files' ids are the digits ending each person's external_id
// ("siecle-eleve-100001" is ELEVE_ID 100001), so a given school always gives
// the same files. Groups carry their codes as labels (the .cpp says why).
// Fails with invalid_argument naming the field (uai, school_year_start, a
// person's external_id or position) or, for a character ISO-8859-15 lacks,
// the file, line and element: then nothing is written. io_error when a file
// cannot be written; files already written are then left in place.
Status writeSiecleAndStsExports(const GeneratedSchool& school, const std::string& uai,
                                const std::string& school_year_start, const std::string& directory);

}  // namespace cartable::generator
