#include "imports/formats.h"

#include <array>
#include <chrono>
#include <cstdio>

#include "core/base/civil_date.h"
#include "imports/parsers.h"
#include "imports/timetable_csv.h"

namespace cartable::imports {
namespace {

constexpr std::array<std::pair<std::string_view, Format>, 7> kFormats = {{
    {"siecle-eleves", Format::siecle_students},
    {"siecle-responsables", Format::siecle_guardians},
    {"sts", Format::sts_web},
    {"csv-eleves", Format::csv_students},
    {"csv-responsables", Format::csv_parents},
    {"csv-personnels", Format::csv_staff},
    {"csv-emploi-du-temps", Format::csv_timetable},
}};

}  // namespace

std::optional<Format> parseFormat(std::string_view name) {
  for (const auto& [text, format] : kFormats) {
    if (text == name) return format;
  }
  return std::nullopt;
}

std::string formatNames() {
  std::string out;
  for (const auto& [text, format] : kFormats) out += (out.empty() ? "" : ", ") + std::string(text);
  return out;
}

Batch parseBatch(Format format, std::string_view bytes, const std::string& file_name,
                 const std::string& today) {
  auto text = decodeImportBytes(bytes, file_name);
  if (!text.ok()) {
    Batch failed;
    failed.problems.push_back(Problem{{file_name, ""}, text.error().message});
    return failed;
  }
  switch (format) {
    case Format::siecle_students:
      return parseSiecleStudents(*text, file_name, today);
    case Format::siecle_guardians:
      return parseSiecleGuardians(*text, file_name);
    case Format::sts_web:
      return parseStsWeb(*text, file_name);
    case Format::csv_students:
      return parseCsv(CsvKind::students, *text, file_name);
    case Format::csv_parents:
      return parseCsv(CsvKind::parents, *text, file_name);
    case Format::csv_staff:
      return parseCsv(CsvKind::staff, *text, file_name);
    case Format::csv_timetable:
      break;
  }
  Batch wrong;
  wrong.problems.push_back(Problem{{file_name, ""}, "not a directory import format"});
  return wrong;
}

Result<ImportReport> importFile(storage::Database& db, Format format, std::string_view bytes,
                                const std::string& file_name, const ImportOptions& options,
                                Seconds now, bool apply, std::optional<std::int64_t> actor) {
  if (format == Format::csv_timetable) {
    return importTimetable(db, bytes, file_name, options, now, apply, actor);
  }
  const Batch batch = parseBatch(format, bytes, file_name, options.today);
  return apply ? applyImport(db, batch, options, now, actor)
               : previewImport(db, batch, options, now);
}

std::string isoDate(Seconds time) {
  return civil::formatDay(civil::dayOf(time));
}

std::string schoolYearOf(const std::string& iso_date) {
  const int year = std::stoi(iso_date.substr(0, 4));
  const int month = std::stoi(iso_date.substr(5, 2));
  const int start = month >= 8 ? year : year - 1;
  return std::to_string(start) + "-" + std::to_string(start + 1);
}

ImportOptions importOptions(const std::string& uai, Seconds now) {
  const std::string today = isoDate(now);
  return ImportOptions{uai, today, schoolYearOf(today)};
}

}  // namespace cartable::imports
