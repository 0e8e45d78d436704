// The import formats by name, as the CLI and the API accept them, and the
// dates an import needs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/clock.h"
#include "core/storage/database.h"
#include "imports/batch.h"
#include "imports/reconcile.h"

namespace cartable::imports {

enum class Format {
  siecle_students,    // "siecle-eleves": ElevesSansAdresses.xml / ElevesAvecAdresses.xml
  siecle_guardians,   // "siecle-responsables": ResponsablesAvecAdresses.xml
  sts_web,            // "sts": sts_emp_<UAI>_<YEAR>.xml
  csv_students,       // "csv-eleves"
  csv_parents,        // "csv-responsables"
  csv_staff,          // "csv-personnels"
  csv_timetable,      // "csv-emploi-du-temps": weekly lessons (timetable_csv.h)
};

std::optional<Format> parseFormat(std::string_view name);
// The accepted names, for messages: "siecle-eleves, siecle-responsables, ...".
std::string formatNames();

// Parses `bytes` (a plain or zipped file, UTF-8 or ISO-8859-15) named `file_name`
// in one of the directory formats (every format but csv_timetable).
Batch parseBatch(Format format, std::string_view bytes, const std::string& file_name,
                 const std::string& today);

// Previews (`apply` false) or applies the import of `bytes` in any format:
// the one entry point of the CLI and the API.
Result<ImportReport> importFile(storage::Database& db, Format format, std::string_view bytes,
                                const std::string& file_name, const ImportOptions& options,
                                Seconds now, bool apply, std::optional<std::int64_t> actor);

// YYYY-MM-DD of a Unix time (UTC).
std::string isoDate(Seconds time);
// The school year a date falls in: from August on, "2026-2027" for 2026.
std::string schoolYearOf(const std::string& iso_date);

// Options for an import on `uai` at time `now`.
ImportOptions importOptions(const std::string& uai, Seconds now);

}  // namespace cartable::imports
