#include "imports/timetable_csv.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "core/base/civil_date.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "imports/csv_table.h"
#include "imports/parsers.h"
#include "imports/transaction.h"
#include "timetable/timetable.h"

namespace cartable::imports {
namespace {

using csv::Column;
using csv::fold;
using csv::quoted;
using csv::RowView;
using storage::Connection;
using timetable::Lesson;

constexpr Column kColumns[] = {
    {"jour", true}, {"debut", true},       {"fin", true}, {"matiere", true}, {"classe"},
    {"groupe"},     {"professeurs", true}, {"salle"},     {"semaine"},       {"du"},
    {"au"}};

std::optional<int> parseWeekday(const std::string& text) {
  static const std::map<std::string, int, std::less<>> kDays = {
      {"lundi", 1},  {"mardi", 2},    {"mercredi", 3}, {"jeudi", 4}, {"vendredi", 5},
      {"samedi", 6}, {"dimanche", 7}, {"1", 1},        {"2", 2},     {"3", 3},
      {"4", 4},      {"5", 5},        {"6", 6},        {"7", 7}};
  const auto found = kDays.find(fold(text));
  if (found == kDays.end()) return std::nullopt;
  return found->second;
}

// "8:00", "08:00", "8h00", "8h" as "08:00".
std::optional<std::string> parseTime(const std::string& text) {
  const std::string folded = fold(text);
  const std::size_t separator = folded.find_first_of(":h");
  if (separator == std::string::npos || separator == 0 || separator > 2) return std::nullopt;
  std::string hours = folded.substr(0, separator);
  std::string minutes = folded.substr(separator + 1);
  if (minutes.empty() && folded[separator] == 'h') minutes = "00";
  const auto digits = [](const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(hours) || !digits(minutes) || minutes.size() != 2) return std::nullopt;
  if (hours.size() == 1) hours.insert(0, "0");
  if (hours > "23" || minutes > "59") return std::nullopt;
  return hours + ":" + minutes;
}

std::optional<timetable::WeekPattern> parsePattern(const std::string& text) {
  const std::string folded = fold(text);
  if (folded.empty() || folded == "toutes" || folded == "all") return timetable::WeekPattern::all;
  if (folded == "a" || folded == "semaine_a") return timetable::WeekPattern::a;
  if (folded == "b" || folded == "semaine_b") return timetable::WeekPattern::b;
  return std::nullopt;
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::string item;
  for (char c : text + ",") {
    if (c == ',' || c == '|') {
      if (!csv::trim(item).empty()) out.push_back(csv::trim(item));
      item.clear();
    } else {
      item += c;
    }
  }
  return out;
}

// The ISO date before `iso` (a valid date).
std::string dayBefore(const std::string& iso) {
  return civil::formatDay(*civil::parseDay(iso) - std::chrono::days{1});
}

struct Row {
  int line = 0;
  Lesson lesson;
};

// The same weekly lesson: everything but its dates.
bool sameLesson(const Lesson& a, const Lesson& b) {
  auto teachers_a = a.teacher_ids, teachers_b = b.teacher_ids;
  std::sort(teachers_a.begin(), teachers_a.end());
  std::sort(teachers_b.begin(), teachers_b.end());
  return a.subject_id == b.subject_id && a.class_id == b.class_id && a.group_id == b.group_id &&
         a.room == b.room && a.weekday == b.weekday && a.starts_at == b.starts_at &&
         a.ends_at == b.ends_at && a.week_pattern == b.week_pattern && teachers_a == teachers_b;
}

std::string describe(const Lesson& lesson, const std::string& subject, const std::string& who) {
  static const char* const kDays[] = {"",      "lundi",    "mardi",  "mercredi",
                                      "jeudi", "vendredi", "samedi", "dimanche"};
  return std::string(kDays[lesson.weekday]) + " " + lesson.starts_at + "-" + lesson.ends_at + " " +
         subject + " " + who +
         (lesson.week_pattern == timetable::WeekPattern::all
              ? ""
              : " (semaine " + std::string(timetable::weekPatternName(lesson.week_pattern)) + ")");
}

class TimetableImport {
 public:
  TimetableImport(Connection& db, const std::string& file_name, const ImportOptions& options)
      : db_(db), sink_(batch_, file_name), options_(options) {}

  Result<ImportReport> run(std::string_view text) {
    CARTABLE_ASSIGN_OR_RETURN(auto calendar, timetable::getCalendar(db_));
    if (!calendar.periods.empty()) {
      year_start_ = calendar.periods.front().starts_on;
      year_end_ = calendar.periods.back().ends_on;
    }
    Status read = okStatus();
    csv::readRows(text, kColumns, sink_, [&](RowView& row) {
      if (read.ok()) read = readRow(row);
    });
    CARTABLE_RETURN_IF_ERROR(read);
    report_.problems = std::move(batch_.problems);
    if (!report_.problems.empty()) return std::move(report_);
    CARTABLE_RETURN_IF_ERROR(replaceLessons());
    return std::move(report_);
  }

 private:
  Status readRow(RowView& row) {
    Row out{row.line(), {}};
    Lesson& lesson = out.lesson;
    const auto weekday = parseWeekday(row.required("jour"));
    if (!weekday && !row.text("jour").empty()) {
      row.problem("jour", quoted(row.text("jour")) + " is not a weekday (lundi ... dimanche)");
    }
    lesson.weekday = weekday.value_or(1);
    lesson.starts_at = timeOf(row, "debut");
    lesson.ends_at = timeOf(row, "fin");
    if (!lesson.starts_at.empty() && !lesson.ends_at.empty() &&
        lesson.ends_at <= lesson.starts_at) {
      row.problem("fin", "the lesson must end after it starts (" + lesson.starts_at + ")");
    }
    CARTABLE_RETURN_IF_ERROR(resolveSubject(row, lesson));
    CARTABLE_RETURN_IF_ERROR(resolveAudience(row, lesson));
    CARTABLE_RETURN_IF_ERROR(resolveTeachers(row, lesson));
    lesson.room = row.text("salle");
    const auto pattern = parsePattern(row.text("semaine"));
    if (!pattern) row.problem("semaine", quoted(row.text("semaine")) + " is not A, B or empty");
    lesson.week_pattern = pattern.value_or(timetable::WeekPattern::all);
    resolveDates(row, lesson);
    if (!row.hasProblems()) rows_.push_back(std::move(out));
    return okStatus();
  }

  std::string timeOf(RowView& row, std::string_view column) {
    const std::string text = row.required(column);
    if (text.empty()) return "";
    const auto time = parseTime(text);
    if (!time) row.problem(column, quoted(text) + " is not a time written HH:MM or HHhMM");
    return time.value_or("");
  }

  Status resolveSubject(RowView& row, Lesson& lesson) {
    const std::string code = row.required("matiere");
    if (code.empty()) return okStatus();
    CARTABLE_ASSIGN_OR_RETURN(auto subject, directory::findSubject(db_, code));
    if (!subject) {
      row.problem("matiere", "no subject has the code " + quoted(code));
      return okStatus();
    }
    lesson.subject_id = subject->id;
    subject_codes_[subject->id] = code;
    return okStatus();
  }

  Status resolveAudience(RowView& row, Lesson& lesson) {
    const std::string class_code = row.text("classe"), group_code = row.text("groupe");
    if (class_code.empty() == group_code.empty()) {
      row.problem("classe", "give either a class or a group (column \"groupe\"), not both");
      return okStatus();
    }
    if (!class_code.empty()) {
      CARTABLE_ASSIGN_OR_RETURN(auto found,
                                directory::findClass(db_, class_code, options_.school_year));
      if (!found) {
        row.problem("classe",
                    "no class of " + options_.school_year + " has the code " + quoted(class_code));
      } else {
        lesson.class_id = found->id;
        audience_names_[{found->id, true}] = class_code;
      }
      return okStatus();
    }
    CARTABLE_ASSIGN_OR_RETURN(auto found, directory::findGroup(db_, group_code));
    if (!found) {
      row.problem("groupe", "no group has the code " + quoted(group_code));
    } else {
      lesson.group_id = found->id;
      audience_names_[{found->id, false}] = group_code;
    }
    return okStatus();
  }

  // Teachers by login, or by the identifier of the staff CSV.
  Status resolveTeachers(RowView& row, Lesson& lesson) {
    for (const std::string& name : splitList(row.required("professeurs"))) {
      CARTABLE_ASSIGN_OR_RETURN(auto user, directory::findUserByLogin(db_, name));
      if (!user) {
        CARTABLE_ASSIGN_OR_RETURN(user,
                                  directory::findUserByExternalId(db_, "csv-personnel:" + name));
      }
      if (!user || !user->roles.has(directory::Role::teacher) || !user->active()) {
        row.problem("professeurs", quoted(name) + " is not the login of an active teacher");
        continue;
      }
      if (std::find(lesson.teacher_ids.begin(), lesson.teacher_ids.end(), user->id) ==
          lesson.teacher_ids.end()) {
        lesson.teacher_ids.push_back(user->id);
      }
    }
    return okStatus();
  }

  void resolveDates(RowView& row, Lesson& lesson) {
    const auto from = row.date("du");
    const auto until = row.date("au");
    if (!from && year_start_.empty() && row.text("du").empty()) {
      row.problem("du", "is required while the school calendar has no periods");
    }
    if (!until && year_end_.empty() && row.text("au").empty()) {
      row.problem("au", "is required while the school calendar has no periods");
    }
    lesson.valid_from = std::max(from.value_or(year_start_), options_.today);
    lesson.valid_until = until.value_or(year_end_);
    if (!lesson.valid_until.empty() && lesson.valid_until < lesson.valid_from) {
      row.problem("au",
                  lesson.valid_until + " is before the lesson's first day " + lesson.valid_from);
    }
  }

  std::string describe(const Lesson& lesson) {
    const bool is_class = lesson.class_id.has_value();
    const std::int64_t audience = is_class ? *lesson.class_id : *lesson.group_id;
    return imports::describe(lesson, subject_codes_[lesson.subject_id],
                             audience_names_[{audience, is_class}]);
  }

  // Ends the lessons the file no longer lists, then creates its new ones, so
  // that a new lesson is only checked against what stays.
  Status replaceLessons() {
    CARTABLE_ASSIGN_OR_RETURN(auto current, timetable::listLessons(db_, {}));
    std::vector<bool> kept(rows_.size(), false);
    const std::string last_day = dayBefore(options_.today);
    for (const Lesson& lesson : current) {
      if (lesson.valid_until < options_.today) continue;  // already over
      const auto same = std::find_if(rows_.begin(), rows_.end(), [&](const Row& row) {
        return !kept[static_cast<std::size_t>(&row - rows_.data())] &&
               sameLesson(row.lesson, lesson);
      });
      if (same != rows_.end()) {
        kept[static_cast<std::size_t>(same - rows_.begin())] = true;
        continue;
      }
      CARTABLE_ASSIGN_OR_RETURN(bool deleted, timetable::endLesson(db_, lesson.id, last_day));
      report_.changes.push_back(Change{
          deleted ? ChangeKind::remove : ChangeKind::archive, "lesson",
          "lesson " + std::to_string(lesson.id) + (deleted ? " removed" : " ends on " + last_day),
          Place{}});
    }
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      if (!kept[i]) CARTABLE_RETURN_IF_ERROR(create(rows_[i]));
    }
    return okStatus();
  }

  Status create(const Row& row) {
    const Place place = sink_.place(row.line);
    auto id = timetable::createLesson(db_, row.lesson);
    if (!id.ok()) {
      if (id.error().code != Errc::conflict && id.error().code != Errc::invalid_argument) {
        return id.error();
      }
      report_.problems.push_back(
          Problem{place, describe(row.lesson) + ": " + withLines(id.error().message)});
      return okStatus();
    }
    lines_[*id] = row.line;
    report_.changes.push_back(Change{ChangeKind::create, "lesson", describe(row.lesson), place});
    return okStatus();
  }

  // "overlaps lesson 12 (...)" names the file's line when lesson 12 is one of its rows.
  std::string withLines(std::string message) const {
    for (const auto& [id, line] : lines_) {
      const std::string lesson = "lesson " + std::to_string(id) + " ";
      const std::size_t at = message.find(lesson);
      if (at != std::string::npos) {
        message.replace(at, lesson.size(), "the lesson of line " + std::to_string(line) + " ");
      }
    }
    return message;
  }

  Connection& db_;
  Batch batch_;
  csv::Sink sink_;
  const ImportOptions& options_;
  std::string year_start_, year_end_;
  std::vector<Row> rows_;
  ImportReport report_;
  std::map<std::int64_t, std::string> subject_codes_;
  std::map<std::pair<std::int64_t, bool>, std::string> audience_names_;
  std::map<std::int64_t, int> lines_;
};

}  // namespace

Result<ImportReport> importTimetable(storage::Database& db, std::string_view bytes,
                                     const std::string& file_name, const ImportOptions& options,
                                     Seconds now, bool apply, std::optional<std::int64_t> actor) {
  auto text = decodeImportBytes(bytes, file_name);
  if (!text.ok()) {
    ImportReport failed;
    failed.problems.push_back(Problem{{file_name, ""}, text.error().message});
    return failed;
  }
  return runImport(db, {apply, "import.timetable", actor, now}, [&](Connection& conn) {
    return TimetableImport(conn, file_name, options).run(*text);
  });
}

}  // namespace cartable::imports
