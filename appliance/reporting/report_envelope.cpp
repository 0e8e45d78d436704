#include "reporting/report_envelope.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <sodium.h>

#include <cmath>
#include <sstream>

namespace cartable::reporting {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// Bound into every signature, so that a report's signature cannot be taken
// for the school's signature of anything else.
constexpr std::string_view kSignatureContext = "cartable regional report v1\n";
constexpr std::size_t kMaxCells = 100'000;

Error malformed(const std::string& field, const std::string& problem) {
  return makeError(Errc::malformed, "the report's " + field + " " + problem, field);
}

std::string stringify(const Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

std::string toSign(std::string_view report_json) {
  return std::string(kSignatureContext) + std::string(report_json);
}

const unsigned char* bytesOf(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

Object cellJson(const ReportCell& cell) {
  Object object(Poco::JSON_PRESERVE_KEY_ORDER);
  object.set("scope", cell.scope);
  if (!cell.level.empty()) object.set("level", cell.level);
  if (!cell.class_code.empty()) object.set("class", cell.class_code);
  if (!cell.subject.empty()) object.set("subject", cell.subject);
  if (!cell.role.empty()) object.set("role", cell.role);
  object.set("n", cell.n);
  Object values(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const auto& [metric, value] : cell.values) values.set(metric, value);
  object.set("values", values);
  return object;
}

Result<Object::Ptr> parseObject(std::string_view json, const std::string& what) {
  try {
    auto object = Poco::JSON::Parser().parse(std::string(json)).extract<Object::Ptr>();
    if (object) return object;
  } catch (const std::exception&) {
  }
  return malformed(what, "is not a JSON object");
}

Result<std::string> text(const Object& object, const std::string& key, const std::string& field,
                         bool optional = false) {
  if (!object.has(key)) {
    if (optional) return std::string();
    return malformed(field, "is missing");
  }
  if (!object.get(key).isString()) return malformed(field, "must be a string");
  return object.getValue<std::string>(key);
}

Result<std::int64_t> integer(const Object& object, const std::string& key,
                             const std::string& field) {
  if (!object.has(key) || !object.get(key).isInteger()) {
    return malformed(field, "must be an integer");
  }
  return object.getValue<std::int64_t>(key);
}

bool knownScope(const std::string& scope) {
  for (const char* known : {"school", "level", "class", "subject", "role"}) {
    if (scope == known) return true;
  }
  return false;
}

Result<ReportCell> parseCell(const Object& object, const std::string& field) {
  ReportCell cell;
  CARTABLE_ASSIGN_OR_RETURN(cell.scope, text(object, "scope", field + ".scope"));
  if (!knownScope(cell.scope)) return malformed(field + ".scope", "is not a known scope");
  CARTABLE_ASSIGN_OR_RETURN(cell.level, text(object, "level", field + ".level", true));
  CARTABLE_ASSIGN_OR_RETURN(cell.class_code, text(object, "class", field + ".class", true));
  CARTABLE_ASSIGN_OR_RETURN(cell.subject, text(object, "subject", field + ".subject", true));
  CARTABLE_ASSIGN_OR_RETURN(cell.role, text(object, "role", field + ".role", true));
  CARTABLE_ASSIGN_OR_RETURN(cell.n, integer(object, "n", field + ".n"));
  auto values = object.getObject("values");
  if (!values) return malformed(field + ".values", "must be an object");
  for (const auto& [metric, value] : *values) {
    if (!value.isNumeric()) return malformed(field + ".values." + metric, "must be a number");
    const double number = value.convert<double>();
    if (!std::isfinite(number)) return malformed(field + ".values." + metric, "must be finite");
    cell.values[metric] = number;
  }
  return cell;
}

Result<std::vector<std::string>> parseStrings(const Object& object, const std::string& key) {
  std::vector<std::string> out;
  if (!object.has(key)) return out;
  auto array = object.getArray(key);
  if (!array) return malformed(key, "must be an array");
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (!array->get(i).isString()) return malformed(key, "must hold strings");
    out.push_back(array->getElement<std::string>(static_cast<unsigned int>(i)));
  }
  return out;
}

Result<DailyReport> readReport(const Object& object) {
  DailyReport report;
  CARTABLE_ASSIGN_OR_RETURN(report.uai, text(object, "uai", "uai"));
  CARTABLE_ASSIGN_OR_RETURN(report.day, text(object, "day", "day"));
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t k, integer(object, "k", "k"));
  if (k < 1 || k > 1'000'000) return malformed("k", "is out of range");
  report.k = static_cast<int>(k);
  CARTABLE_ASSIGN_OR_RETURN(report.generated_at, integer(object, "generated_at", "generated_at"));
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t suppressed, integer(object, "suppressed", "suppressed"));
  report.suppressed = static_cast<int>(suppressed);
  CARTABLE_ASSIGN_OR_RETURN(report.unavailable, parseStrings(object, "unavailable"));
  auto cells = object.getArray("cells");
  if (!cells) return malformed("cells", "must be an array");
  if (cells->size() > kMaxCells) return malformed("cells", "are too many");
  for (std::size_t i = 0; i < cells->size(); ++i) {
    const std::string field = "cells[" + std::to_string(i) + "]";
    auto cell = cells->getObject(static_cast<unsigned int>(i));
    if (!cell) return malformed(field, "must be an object");
    CARTABLE_ASSIGN_OR_RETURN(ReportCell parsed, parseCell(*cell, field));
    report.cells.push_back(std::move(parsed));
  }
  return report;
}

}  // namespace

std::string reportKey(const std::string& uai, const std::string& day) {
  return uai + ":" + day;
}

std::string reportJson(const DailyReport& report) {
  Object object(Poco::JSON_PRESERVE_KEY_ORDER);
  object.set("uai", report.uai);
  object.set("day", report.day);
  object.set("k", report.k);
  object.set("generated_at", report.generated_at);
  object.set("suppressed", report.suppressed);
  Array unavailable;
  for (const auto& metric : report.unavailable) unavailable.add(metric);
  object.set("unavailable", unavailable);
  Array cells;
  for (const auto& cell : report.cells) cells.add(cellJson(cell));
  object.set("cells", cells);
  return stringify(object);
}

Result<DailyReport> parseReportJson(std::string_view json) {
  try {
    CARTABLE_ASSIGN_OR_RETURN(Object::Ptr object, parseObject(json, "report"));
    return readReport(*object);
  } catch (const std::exception& error) {  // Poco's conversions, on values out of range
    return malformed("report", std::string("cannot be read: ") + error.what());
  }
}

std::string signedReportBody(const federation::NodeKeys& school, const DailyReport& report) {
  const std::string json = reportJson(report);
  const std::string message = toSign(json);
  std::array<unsigned char, crypto_sign_BYTES> signature{};
  crypto_sign_detached(signature.data(), nullptr, bytesOf(message), message.size(),
                       school.sign_secret.data());
  std::string hex(signature.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), signature.data(), signature.size());
  hex.pop_back();
  Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("report", json);
  body.set("signature", hex);
  return stringify(body);
}

Result<SignedReport> readSignedReport(std::string_view body) {
  CARTABLE_ASSIGN_OR_RETURN(Object::Ptr object, parseObject(body, "body"));
  SignedReport out;
  CARTABLE_ASSIGN_OR_RETURN(out.report_json, text(*object, "report", "report"));
  CARTABLE_ASSIGN_OR_RETURN(std::string hex, text(*object, "signature", "signature"));
  std::size_t length = 0;
  if (hex.size() != out.signature.size() * 2 ||
      sodium_hex2bin(out.signature.data(), out.signature.size(), hex.data(), hex.size(), nullptr,
                     &length, nullptr) != 0 ||
      length != out.signature.size()) {
    return malformed("signature", "must be 128 hexadecimal digits");
  }
  CARTABLE_ASSIGN_OR_RETURN(out.report, parseReportJson(out.report_json));
  return out;
}

Status verifyReportSignature(const SignedReport& signed_report,
                             const std::array<std::uint8_t, 32>& sign_public) {
  const std::string message = toSign(signed_report.report_json);
  if (crypto_sign_verify_detached(signed_report.signature.data(), bytesOf(message), message.size(),
                                  sign_public.data()) != 0) {
    return makeError(Errc::permission_denied,
                     "the signature of " + signed_report.report.uai + "'s report of " +
                         signed_report.report.day + " does not verify with the school's key",
                     "signature");
  }
  return okStatus();
}

}  // namespace cartable::reporting
