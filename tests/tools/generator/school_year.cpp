#include "tests/tools/generator/school_year.h"

#include <algorithm>
#include <exception>
#include <memory>

#include "tests/tools/generator/year_life.h"

namespace cartable::generator {
namespace {

using storage::Connection;
using year::Day;
using year::DayContext;

constexpr std::uint64_t kMaxUploadBytes = 10 * 1024 * 1024;

// The seed of each side of school life, apart so that one drawing more does
// not change the others.
std::uint64_t seedOf(const GeneratedSchool& school, std::uint64_t side) {
  return school.options.seed * 1000003 + 7919 * side;
}

Result<std::size_t> countNotifications(storage::Database& db) {
  std::size_t count = 0;
  CARTABLE_RETURN_IF_ERROR(db.read([&](Connection& c) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(auto rows, c.scalarInt64("SELECT count(*) FROM notifications"));
    count = static_cast<std::size_t>(rows.value_or(0));
    return okStatus();
  }));
  return count;
}

Result<Day> lastDayOf(const YearOptions& options, const year::SchoolCalendar& calendar) {
  if (!options.until) return calendar.lastDay();
  const auto until = civil::parseDay(*options.until);
  if (!until) {
    return makeError(Errc::invalid_argument,
                     "\"until\" must be a date written YYYY-MM-DD, got \"" + *options.until + "\"",
                     "until");
  }
  if (*until < calendar.firstDay()) {
    return makeError(Errc::invalid_argument,
                     "\"until\" " + *options.until +
                         " is before the first day of the school year " +
                         civil::formatDay(calendar.firstDay()),
                     "until");
  }
  return std::min(*until, calendar.lastDay());
}

class Year {
 public:
  Year(const year::Model& model, const GeneratedSchool& school, files::FileStore* store,
       YearSummary& summary)
      : model_(model),
        summary_(summary),
        attendance_(model, seedOf(school, 1), summary),
        homework_(model, seedOf(school, 2), summary, store),
        grades_(model, seedOf(school, 3), summary) {}

  // Lives the days from `first` to `last` in one transaction.
  Status live(storage::Database& db, Day first, Day last) {
    const Status lived = db.write([&](Connection& c) -> Status {
      for (Day day = first; day <= last; day += std::chrono::days{1}) {
        CARTABLE_RETURN_IF_ERROR(liveDay(c, day));
      }
      return okStatus();
    });
    homework_.afterCommit();
    return lived;
  }

 private:
  Status liveDay(Connection& db, Day day) {
    DayContext context{day, civil::formatDay(day), model_.calendar->isSchoolDay(day), {}};
    if (context.school_day) {
      auto occurrences = timetable::occurrencesOn(db, context.date);
      if (!occurrences.ok()) return year::onDay(occurrences.error(), context.date, "the lessons");
      std::erase_if(*occurrences, [](const auto& o) { return o.cancelled; });
      context.occurrences = std::move(*occurrences);
      ++summary_.school_days;
    }
    attendance_.startDay(context);
    grades_.startDay(context);
    CARTABLE_RETURN_IF_ERROR(grades_.morning(db, context));
    CARTABLE_RETURN_IF_ERROR(attendance_.morning(db, context));
    for (const timetable::Occurrence& occurrence : context.occurrences) {
      const auto teaching = model_.teachingOf(occurrence);
      if (!teaching) continue;
      CARTABLE_RETURN_IF_ERROR(attendance_.rollCall(db, occurrence, *teaching));
      CARTABLE_RETURN_IF_ERROR(homework_.lesson(db, occurrence, *teaching));
      grades_.lesson(occurrence, *teaching, attendance_);
    }
    CARTABLE_RETURN_IF_ERROR(grades_.evening(db, context));
    CARTABLE_RETURN_IF_ERROR(homework_.evening(db, context));
    return attendance_.evening(db, context);
  }

  const year::Model& model_;
  YearSummary& summary_;
  year::AttendanceLife attendance_;
  year::HomeworkLife homework_;
  year::GradesLife grades_;
};

std::vector<RiskLabel> labelsOf(const year::Model& model) {
  using Kind = year::Trajectory::Kind;
  std::vector<RiskLabel> labels;
  for (const year::Student& student : model.students) {
    const year::Trajectory& t = student.trajectory;
    if (student.in_difficulty) {
      labels.push_back({student.id, "chronic", "", 0});
    } else if (t.kind != Kind::steady) {
      labels.push_back({student.id, t.kind == Kind::slipping ? "slipping" : "bad_week",
                        civil::formatDay(t.from), t.strength});
    }
  }
  std::sort(labels.begin(), labels.end(),
            [](const auto& a, const auto& b) { return a.student_id < b.student_id; });
  return labels;
}

Result<YearSummary> liveYear(storage::Database& db, const GeneratedSchool& school,
                             const YearOptions& options) {
  Dice dice(seedOf(school, 0));
  std::optional<year::Model> model;
  CARTABLE_RETURN_IF_ERROR(db.read([&](Connection& c) -> Status {
    CARTABLE_ASSIGN_OR_RETURN(model, year::loadModel(c, school, dice));
    return okStatus();
  }));
  const year::SchoolCalendar& calendar = *model->calendar;
  CARTABLE_ASSIGN_OR_RETURN(const Day last, lastDayOf(options, calendar));
  if (options.plant_at_risk) {
    Dice planting(seedOf(school, 4));
    year::plantTrajectories(*model, last, planting);
  }
  std::unique_ptr<files::FileStore> store;
  if (options.files_root) {
    store = std::make_unique<files::FileStore>(*options.files_root, kMaxUploadBytes);
  }
  CARTABLE_ASSIGN_OR_RETURN(const std::size_t notices_before, countNotifications(db));
  YearSummary summary;
  summary.first_day = civil::formatDay(calendar.firstDay());
  summary.last_day = civil::formatDay(last);
  Year lived(*model, school, store.get(), summary);
  // A week a transaction: days written together rewrite fewer pages.
  for (Day monday = civil::mondayOf(calendar.firstDay()); monday <= last;
       monday += std::chrono::days{7}) {
    const Day from = std::max(monday, calendar.firstDay());
    CARTABLE_RETURN_IF_ERROR(lived.live(db, from, std::min(monday + std::chrono::days{6}, last)));
  }
  CARTABLE_ASSIGN_OR_RETURN(const std::size_t notices_after, countNotifications(db));
  summary.notifications = notices_after - notices_before;
  if (options.plant_at_risk) summary.risk_labels = labelsOf(*model);
  return summary;
}

}  // namespace

namespace year {

Error onDay(const Error& error, const std::string& date, const std::string& what) {
  return makeError(error.code, "on " + date + ", " + what + " was refused: " + error.message,
                   error.field);
}

}  // namespace year

Result<YearSummary> writeSchoolYear(storage::Database& db, const GeneratedSchool& school,
                                    const YearOptions& options) {
  try {
    return liveYear(db, school, options);
  } catch (const std::exception& e) {
    return makeError(Errc::internal, std::string("living the school year failed: ") + e.what());
  }
}

}  // namespace cartable::generator
