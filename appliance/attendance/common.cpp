#include <chrono>
#include <cstdio>

#include "attendance/internal.h"
#include "directory/validate.h"

namespace cartable::attendance {
namespace {

constexpr std::string_view kPresenceNames[] = {"present", "absent", "late"};
constexpr std::string_view kStateNames[] = {"pending", "accepted", "refused"};
constexpr std::string_view kStandingNames[] = {"justified", "pending", "unjustified"};

struct ReasonText {
  Reason reason;
  std::string_view name;
  std::string_view label;
};
constexpr ReasonText kReasons[] = {
    {Reason::illness, "illness", "Maladie"},
    {Reason::medical, "medical", "Rendez-vous médical"},
    {Reason::family, "family", "Raison familiale"},
    {Reason::transport, "transport", "Problème de transport"},
    {Reason::exam, "exam", "Examen ou convocation officielle"},
    {Reason::school_activity, "school_activity", "Activité scolaire (sortie, stage)"},
    {Reason::other, "other", "Autre motif"},
};

template <class Enum, std::size_t N>
std::optional<Enum> parseNamed(const std::string_view (&names)[N], std::string_view name) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

CivilTime civilNow(Seconds now) {
  const std::chrono::sys_seconds instant{std::chrono::seconds{now}};
  const auto day = std::chrono::floor<std::chrono::days>(instant);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss clock{instant - day};
  char date[16];
  std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  char time[8];
  std::snprintf(time, sizeof time, "%02d:%02d", static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()));
  return {date, time};
}

std::string_view presenceName(Presence presence) {
  return kPresenceNames[static_cast<std::size_t>(presence)];
}

std::optional<Presence> parsePresence(std::string_view name) {
  return parseNamed<Presence>(kPresenceNames, name);
}

const std::vector<Reason>& allReasons() {
  static const std::vector<Reason> reasons = [] {
    std::vector<Reason> out;
    for (const ReasonText& text : kReasons) out.push_back(text.reason);
    return out;
  }();
  return reasons;
}

std::string_view reasonName(Reason reason) {
  return kReasons[static_cast<std::size_t>(reason)].name;
}

std::string_view reasonLabel(Reason reason) {
  return kReasons[static_cast<std::size_t>(reason)].label;
}

std::optional<Reason> parseReason(std::string_view name) {
  for (const ReasonText& text : kReasons) {
    if (text.name == name) return text.reason;
  }
  return std::nullopt;
}

std::string_view justificationStateName(JustificationState state) {
  return kStateNames[static_cast<std::size_t>(state)];
}

std::optional<JustificationState> parseJustificationState(std::string_view name) {
  return parseNamed<JustificationState>(kStateNames, name);
}

std::string_view standingName(AttendanceEvent::Standing standing) {
  return kStandingNames[static_cast<std::size_t>(standing)];
}

namespace detail {

Error invalid(std::string field, const std::string& message) {
  std::string text = "\"" + field + "\" " + message;
  return makeError(Errc::invalid_argument, std::move(text), std::move(field));
}

Status requireDate(const std::string& value, const std::string& field) {
  return directory::validate::date(value, field);
}

Status requireTime(const std::string& value, const std::string& field) {
  auto digit = [&](std::size_t i) { return value[i] >= '0' && value[i] <= '9'; };
  const bool shaped =
      value.size() == 5 && value[2] == ':' && digit(0) && digit(1) && digit(3) && digit(4);
  if (!shaped || value.substr(0, 2) > "23" || value[3] > '5') {
    return invalid(field, "must be a time written HH:MM");
  }
  return okStatus();
}

Result<bool> isStudent(storage::Connection& db, std::int64_t person_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      db.scalarInt64("SELECT 1 FROM user_roles WHERE user_id = ? AND role = 'student'", person_id));
  return found.has_value();
}

Result<std::string> nameOf(storage::Connection& db, std::int64_t person_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row,
      db.query("SELECT given_name || ' ' || family_name FROM users WHERE id = ?", person_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  return found ? row.text(0) : std::string();
}

Result<std::string> subjectLabel(storage::Connection& db, std::optional<std::int64_t> subject_id) {
  if (!subject_id) return std::string();
  CARTABLE_ASSIGN_OR_RETURN(auto row,
                            db.query("SELECT label FROM subjects WHERE id = ?", *subject_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  return found ? row.text(0) : std::string();
}

std::string attendanceLink(std::int64_t student_id) {
  return "/attendance/students/" + std::to_string(student_id);
}

}  // namespace detail
}  // namespace cartable::attendance
