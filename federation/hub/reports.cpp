#include "federation/hub/reports.h"

#include <array>
#include <optional>
#include <set>
#include <tuple>

#include "core/base/civil_date.h"
#include "federation/hub/area_days.h"
#include "federation/hub/school_months.h"
#include "reporting/report_envelope.h"
#include "reporting/suppression.h"

namespace cartable::federation::hub {

namespace {

using reporting::DailyReport;
using reporting::ReportCell;
using reporting::SignedReport;

struct RegisteredSchool {
  std::array<std::uint8_t, 32> sign_public{};
  std::string department;
};

Error refused(const std::string& message, const std::string& field) {
  return makeError(Errc::permission_denied, message, field);
}

Result<std::optional<RegisteredSchool>> registeredSchool(storage::Connection& conn,
                                                         const std::string& uai) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT sign_public, department FROM federation_schools WHERE uai = ? "
                            "AND enrolled_at IS NOT NULL AND revoked_at IS NULL",
                            uai));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) return std::optional<RegisteredSchool>{};
  const auto key = stmt.blob(0);
  RegisteredSchool school;
  if (key.size() != school.sign_public.size()) return std::optional<RegisteredSchool>{};
  std::copy(key.begin(), key.end(), school.sign_public.begin());
  school.department = stmt.text(1);
  return std::optional<RegisteredSchool>(std::move(school));
}

std::string describe(const ReportCell& cell) {
  std::string name = cell.scope;
  for (const std::string* part : {&cell.level, &cell.class_code, &cell.subject, &cell.role}) {
    if (!part->empty()) name += " " + *part;
  }
  return name;
}

// A cell given twice would be counted twice in its area's totals.
std::optional<ReportCell> firstCellTwice(const std::vector<ReportCell>& cells) {
  std::set<std::tuple<std::string, std::string, std::string, std::string, std::string>> seen;
  for (const auto& cell : cells) {
    if (!seen.emplace(cell.scope, cell.level, cell.class_code, cell.subject, cell.role).second)
      return cell;
  }
  return std::nullopt;
}

// Every check, before anything is written.
Result<RegisteredSchool> check(storage::Connection& conn, const std::string& uai,
                               const Record& record, const SignedReport& signed_report, int k) {
  const DailyReport& report = signed_report.report;
  CARTABLE_ASSIGN_OR_RETURN(auto school, registeredSchool(conn, report.uai));
  if (!school) {
    return refused("the report names school " + report.uai + ", which is not enrolled here", "uai");
  }
  if (report.uai != uai || record.key != reporting::reportKey(report.uai, report.day)) {
    return refused("school:" + uai + " sent, as " + record.key + ", a report of " + report.uai +
                       " for " + report.day,
                   "uai");
  }
  CARTABLE_RETURN_IF_ERROR(reporting::verifyReportSignature(signed_report, school->sign_public));
  if (schoolYearOf(report.day).empty()) {
    return makeError(Errc::malformed, "the report's day " + report.day + " is not a date", "day");
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto held, conn.scalarInt64("SELECT 1 FROM regional_reports WHERE uai = ? AND day = ?",
                                  report.uai, report.day));
  if (held) {
    return refused(
        "the report of " + report.uai + " for " + report.day + " was already received: a replay",
        "day");
  }
  if (auto twice = firstCellTwice(report.cells)) {
    return makeError(Errc::malformed,
                     "the report of " + report.uai + " for " + report.day + " has the cell (" +
                         describe(*twice) + ") twice",
                     "cells");
  }
  if (auto small = reporting::firstCellUnder(report.cells, k)) {
    return refused("the report of " + report.uai + " for " + report.day + " has a cell (" +
                       describe(*small) + ") of " + std::to_string(small->n) +
                       " people, under k = " + std::to_string(k),
                   "cells");
  }
  return std::move(*school);
}

std::string unavailableJson(const DailyReport& report) {
  std::string json = "[";
  for (const auto& metric : report.unavailable) {
    if (json.size() > 1) json += ",";
    json += "\"";
    for (char c : metric) {
      if (c == '"' || c == '\\') json += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) json += c;
    }
    json += "\"";
  }
  return json + "]";
}

Status accept(storage::Connection& conn, const std::string& uai, const Record& record, int k,
              Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(SignedReport signed_report, reporting::readSignedReport(record.body));
  CARTABLE_ASSIGN_OR_RETURN(RegisteredSchool school, check(conn, uai, record, signed_report, k));
  CARTABLE_RETURN_IF_ERROR(
      storeRegionalReport(conn, signed_report.report, school.department, now));
  // The values are kept, not the text a second time; the record's version
  // stays, so that a batch sent again changes nothing.
  return conn.exec(
      "UPDATE federated_records SET body = x'' WHERE kind = ? AND record_key = ? AND owner = ? "
      "AND version = ?",
      record.kind, record.key, record.owner, record.version);
}

}  // namespace

std::string schoolYearOf(const std::string& day) {
  const auto parsed = civil::parseDay(day);
  if (!parsed) return "";
  const std::chrono::year_month_day date{*parsed};
  const int year = static_cast<int>(date.year());
  const int first = static_cast<unsigned>(date.month()) >= 9 ? year : year - 1;
  return std::to_string(first) + "-" + std::to_string(first + 1);
}

Status storeRegionalReport(storage::Connection& conn, const reporting::DailyReport& report,
                           const std::string& department, Seconds now) {
  const std::string year = schoolYearOf(report.day);
  CARTABLE_RETURN_IF_ERROR(
      conn.exec("INSERT INTO regional_reports(uai, day, school_year, department, k, suppressed, "
                "unavailable, generated_at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                report.uai, report.day, year, department, report.k, report.suppressed,
                unavailableJson(report), report.generated_at, now));
  for (const reporting::ReportCell& cell : report.cells) {
    for (const auto& [metric, value] : cell.values) {
      CARTABLE_RETURN_IF_ERROR(conn.exec(
          "INSERT INTO regional_report_values(uai, day, school_year, department, "
          "scope, level, class_code, subject, role, metric, value, n) VALUES (?, ?, ?, ?, ?, ?, "
          "?, ?, ?, ?, ?, ?)",
          report.uai, report.day, year, department, cell.scope, cell.level, cell.class_code,
          cell.subject, cell.role, metric, value, cell.n));
    }
  }
  CARTABLE_RETURN_IF_ERROR(addToAreaDays(conn, report, department));
  return addToSchoolMonths(conn, report, department);
}

Status applyRegionalReport(storage::Connection& conn, const std::string& uai, const Record& record,
                           int k, Seconds now) {
  Status accepted = accept(conn, uai, record, k, now);
  if (accepted.ok()) return accepted;
  const Errc code = accepted.error().code;
  if (code != Errc::malformed && code != Errc::permission_denied) return accepted;
  CARTABLE_RETURN_IF_ERROR(
      conn.exec("DELETE FROM federated_records WHERE kind = ? AND record_key = ? AND owner = ? AND "
                "version = ?",
                record.kind, record.key, record.owner, record.version));
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT INTO regional_report_refusals(uai, record_key, reason, at) VALUES (?, ?, ?, ?)", uai,
      record.key, accepted.error().message, now));
  return accepted;
}

}  // namespace cartable::federation::hub
