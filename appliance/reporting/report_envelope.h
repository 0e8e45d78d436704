// The daily regional report as it travels from a school to its hub: cells of
// counts and distributions, never a person; the report's JSON signed with the
// school's Ed25519 key. The school writes it, the hub reads and verifies it.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "federation/identity/node_keys.h"

namespace cartable::reporting {

// One cell: a part of the school and what was measured there.
struct ReportCell {
  std::string scope;       // "school", "level", "class", "subject" (of a level), "role"
  std::string level;       // "6e" … "Tle" for level, class and subject cells
  std::string class_code;  // class cells, e.g. "6A"
  std::string subject;     // subject cells: the subject's code, e.g. "MATHS"
  std::string role;        // role cells: "student", "parent", "teacher", "staff", "admin"
  std::int64_t n = 0;      // the people the cell describes (students, or the role's accounts)
  std::map<std::string, double> values;  // metric → value, e.g. "attendance.absent" → 12

  bool operator==(const ReportCell&) const = default;
};

// A school's report of one day.
struct DailyReport {
  std::string uai;
  std::string day;  // YYYY-MM-DD
  int k = 0;        // the suppression threshold the school applied
  Seconds generated_at = 0;
  std::vector<ReportCell> cells;
  int suppressed = 0;  // cells removed before the report left
  // Metrics the report cannot give yet (no module measures them), so that
  // the hub tells "not measured" from 0, e.g. "difficulty.students".
  std::vector<std::string> unavailable;

  bool operator==(const DailyReport&) const = default;
};

// The record key of a school's report of `day`: "<UAI>:<YYYY-MM-DD>".
std::string reportKey(const std::string& uai, const std::string& day);

// The report as compact JSON, and back. Parsing fails (malformed, naming the
// field) on anything that is not a report.
std::string reportJson(const DailyReport& report);
Result<DailyReport> parseReportJson(std::string_view json);

// The record body: {"report":"<the report's JSON>","signature":"<128 hex>"},
// the signature covering a fixed context and the report's exact JSON text.
std::string signedReportBody(const federation::NodeKeys& school, const DailyReport& report);

struct SignedReport {
  DailyReport report;
  std::string report_json;  // the exact text that was signed
  std::array<std::uint8_t, 64> signature{};
};

// Reads a record body without checking the signature: malformed, naming the
// field, when it is not a signed report.
Result<SignedReport> readSignedReport(std::string_view body);

// permission_denied ("signature") unless `signed_report` was signed with the
// key whose public half is `sign_public`.
Status verifyReportSignature(const SignedReport& signed_report,
                             const std::array<std::uint8_t, 32>& sign_public);

}  // namespace cartable::reporting
