// Readers of the files schools already have. Each returns a Batch; problems
// (malformed XML, wrong root element, missing columns, bad values) are listed
// in Batch::problems with their place, never thrown.
#pragma once

#include <string>
#include <string_view>

#include "core/base/result.h"
#include "imports/batch.h"

namespace cartable::imports {

// SIECLE BEE ElevesSansAdresses.xml / ElevesAvecAdresses.xml (root BEE_ELEVES):
// students, their class (TYPE_STRUCTURE D) and groups (G). `today` (YYYY-MM-DD)
// decides whether a DATE_SORTIE is in the past.
Batch parseSiecleStudents(std::string_view utf8_xml, const std::string& file_name,
                          const std::string& today);

// SIECLE BEE ResponsablesAvecAdresses.xml (root BEE_RESPONSABLES): parents and
// their links to students (RESP_LEGAL 1 or 2 = legal guardian, 0 = other).
Batch parseSiecleGuardians(std::string_view utf8_xml, const std::string& file_name);

// STS-Web sts_emp_<UAI>_<YEAR>.xml (root STS_EDT): staff (FONCTION ENS =
// teacher, DIR = admin, EDU/DOC/... = staff), divisions, subjects and the
// teaching services (assignments), main teachers (PROFS_PRINC).
Batch parseStsWeb(std::string_view utf8_xml, const std::string& file_name);

enum class CsvKind { students, parents, staff };

// The documented CSV of each kind (docs in appliance/imports/CSV.md), with a
// header row, ';' or ',' separated, quotes per RFC 4180.
Batch parseCsv(CsvKind kind, std::string_view utf8_text, const std::string& file_name);

// The bytes of an import file as UTF-8: a ZIP is opened and its single XML
// (or CSV) entry taken; ISO-8859-15 (declared in the XML prolog, or a CSV
// without a UTF-8 BOM that is not valid UTF-8) is converted; a UTF-8 BOM is
// dropped. Errors name the file.
Result<std::string> readImportFile(const std::string& path);

// The same for bytes already in memory (an upload); `name` is used in errors.
Result<std::string> decodeImportBytes(std::string_view bytes, const std::string& name);

// ISO-8859-15 to UTF-8 (the eight code points that differ from Latin-1 included).
std::string latin9ToUtf8(std::string_view bytes);

}  // namespace cartable::imports
