#include "directory/validate.h"
#include "timetable/internal.h"

namespace cartable::timetable {
namespace {

using storage::Connection;

Result<std::vector<DateRange>> loadRanges(Connection& db, const std::string& table) {
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query("SELECT label, starts_on, ends_on FROM " + table +
                                                " ORDER BY starts_on, id"));
  std::vector<DateRange> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back({rows.text(0), rows.text(1), rows.text(2)});
  }
}

Status checkRange(const DateRange& range, const std::string& where) {
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(range.label, where + ".label", 100));
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(range.starts_on, where + ".starts_on"));
  CARTABLE_RETURN_IF_ERROR(detail::requireDate(range.ends_on, where + ".ends_on"));
  if (range.ends_on < range.starts_on) {
    return detail::invalid(where + ".ends_on", "is before " + where + ".starts_on");
  }
  return okStatus();
}

Status replaceRanges(Connection& db, const std::string& table,
                     const std::vector<DateRange>& ranges) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM " + table));
  for (const DateRange& range : ranges) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO " + table + " (label, starts_on, ends_on) VALUES (?, ?, ?)",
                range.label, range.starts_on, range.ends_on));
  }
  return okStatus();
}

}  // namespace

std::string_view weekPatternName(WeekPattern pattern) {
  switch (pattern) {
    case WeekPattern::a:
      return "A";
    case WeekPattern::b:
      return "B";
    default:
      return "all";
  }
}

std::optional<WeekPattern> parseWeekPattern(std::string_view name) {
  if (name == "all") return WeekPattern::all;
  if (name == "A") return WeekPattern::a;
  if (name == "B") return WeekPattern::b;
  return std::nullopt;
}

std::string_view changeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::moved:
      return "moved";
    case ChangeKind::room:
      return "room";
    case ChangeKind::substitute:
      return "substitute";
    default:
      return "cancelled";
  }
}

std::optional<ChangeKind> parseChangeKind(std::string_view name) {
  for (ChangeKind kind :
       {ChangeKind::cancelled, ChangeKind::moved, ChangeKind::room, ChangeKind::substitute}) {
    if (changeKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

Result<Calendar> getCalendar(Connection& db) {
  Calendar calendar;
  CARTABLE_ASSIGN_OR_RETURN(auto row,
                            db.query("SELECT week_a_monday FROM school_calendar WHERE id = 1"));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (found) calendar.week_a_monday = row.optionalText(0);
  CARTABLE_ASSIGN_OR_RETURN(calendar.periods, loadRanges(db, "calendar_periods"));
  CARTABLE_ASSIGN_OR_RETURN(calendar.holidays, loadRanges(db, "holidays"));
  return calendar;
}

Status setCalendar(Connection& db, const Calendar& calendar) {
  if (calendar.week_a_monday) {
    const auto monday = detail::parseDay(*calendar.week_a_monday);
    if (!monday || detail::isoWeekday(*monday) != 1) {
      return detail::invalid("week_a_monday", "must be a Monday written YYYY-MM-DD");
    }
  }
  for (std::size_t i = 0; i < calendar.periods.size(); ++i) {
    CARTABLE_RETURN_IF_ERROR(checkRange(calendar.periods[i], "periods[" + std::to_string(i) + "]"));
  }
  for (std::size_t i = 0; i < calendar.holidays.size(); ++i) {
    CARTABLE_RETURN_IF_ERROR(
        checkRange(calendar.holidays[i], "holidays[" + std::to_string(i) + "]"));
  }
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO school_calendar (id, week_a_monday) VALUES (1, ?) "
              "ON CONFLICT (id) DO UPDATE SET week_a_monday = excluded.week_a_monday",
              calendar.week_a_monday));
  CARTABLE_RETURN_IF_ERROR(replaceRanges(db, "calendar_periods", calendar.periods));
  return replaceRanges(db, "holidays", calendar.holidays);
}

}  // namespace cartable::timetable
