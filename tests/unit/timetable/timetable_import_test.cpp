// The timetable CSV (appliance/imports/CSV.md, "Emploi du temps"): the file is
// the whole timetable, imported again whenever the school's software changes it.
#include <gtest/gtest.h>

#include "imports/timetable_csv.h"
#include "timetable_fixture.h"

namespace cartable::timetable {
namespace {

using imports::ImportReport;

class TimetableImport : public TimetableSchool {
 protected:
  // Imports `csv` as if today were `today` (the calendar's first period runs
  // 2026-09-01 .. 2026-11-30).
  ImportReport import(const std::string& csv, const std::string& today = "2026-09-01",
                      bool apply = true) {
    const imports::ImportOptions options{"0541234Y", today, "2026-2027"};
    auto report = imports::importTimetable(*db_, csv, "edt.csv", options, clock_.now(), apply,
                                           std::nullopt);
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? *report : ImportReport{};
  }

  std::string problems(const ImportReport& report) {
    std::string out;
    for (const auto& p : report.problems) out += p.place.toString() + ": " + p.message + "\n";
    return out;
  }

  std::vector<Lesson> lessons() {
    std::vector<Lesson> out;
    EXPECT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(out, listLessons(db, {}));
                     return okStatus();
                   })
                    .ok());
    return out;
  }

  const std::string header_ = "jour;debut;fin;matiere;classe;groupe;professeurs;salle;semaine\n";
};

TEST_F(TimetableImport, CreatesEveryLessonOfTheFile) {
  const auto report = import(header_ +
                             "lundi;8h;9h;MATHS;6A;;prof.maths;B12;\n"
                             "Mardi;14:00;15h30;ESP;;6_ESP;prof.spanish;L02;A\n");
  ASSERT_TRUE(report.problems.empty()) << problems(report);
  EXPECT_TRUE(report.applied);
  EXPECT_EQ(report.count(imports::ChangeKind::create, "lesson"), 2);
  const auto all = lessons();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].weekday, 1);
  EXPECT_EQ(all[0].starts_at, "08:00");
  EXPECT_EQ(all[0].ends_at, "09:00");
  EXPECT_EQ(all[0].class_id, class_a_);
  EXPECT_EQ(all[0].teacher_ids, std::vector<std::int64_t>{maths_teacher_});
  EXPECT_EQ(all[0].valid_from, "2026-09-01");
  EXPECT_EQ(all[0].valid_until, "2026-11-30");  // the calendar's last period end
  EXPECT_EQ(all[1].group_id, group_);
  EXPECT_EQ(all[1].ends_at, "15:30");
  EXPECT_EQ(all[1].week_pattern, WeekPattern::a);
}

TEST_F(TimetableImport, ImportingTheSameFileAgainKeepsEveryLesson) {
  const std::string csv = header_ + "lundi;08:00;09:00;MATHS;6A;;prof.maths;B12;\n";
  import(csv);
  const std::int64_t id = lessons().at(0).id;
  const auto again = import(csv, "2026-10-05");
  EXPECT_TRUE(again.changes.empty());
  ASSERT_EQ(lessons().size(), 1u);
  EXPECT_EQ(lessons()[0].id, id);  // its changes, roll calls and records stay attached
  EXPECT_EQ(lessons()[0].valid_from, "2026-09-01");
}

TEST_F(TimetableImport, ALessonNoLongerListedEndsTheDayBeforeAndANewOneStartsToday) {
  import(header_ + "lundi;08:00;09:00;MATHS;6A;;prof.maths;B12;\n");
  const auto report = import(header_ + "lundi;08:00;09:00;MATHS;6A;;prof.maths;B14;\n",
                             "2026-10-05");
  ASSERT_TRUE(report.problems.empty()) << problems(report);
  EXPECT_EQ(report.count(imports::ChangeKind::archive, "lesson"), 1);
  EXPECT_EQ(report.count(imports::ChangeKind::create, "lesson"), 1);
  const auto all = lessons();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].room, "B12");
  EXPECT_EQ(all[0].valid_until, "2026-10-04");
  EXPECT_EQ(all[1].room, "B14");
  EXPECT_EQ(all[1].valid_from, "2026-10-05");
  // The same Monday slot is no conflict: the old lesson is over by then.
  EXPECT_EQ(week(alice_, "2026-10-05").at(0).room, "B14");
  EXPECT_EQ(week(alice_, "2026-09-28").at(0).room, "B12");
}

TEST_F(TimetableImport, ALessonThatHadNotStartedIsRemoved) {
  import(header_ + "lundi;08:00;09:00;MATHS;6A;;prof.maths;B12;\n", "2026-08-20");
  const auto report = import(header_ + "jeudi;08:00;09:00;MATHS;6A;;prof.maths;B12;\n",
                             "2026-08-25");
  EXPECT_EQ(report.count(imports::ChangeKind::remove, "lesson"), 1);
  ASSERT_EQ(lessons().size(), 1u);
  EXPECT_EQ(lessons()[0].weekday, 4);
}

TEST_F(TimetableImport, EachBadValueNamesItsLineAndColumnAndNothingIsWritten) {
  import(header_ + "lundi;08:00;09:00;MATHS;6A;;prof.maths;B12;\n");
  const auto report = import(header_ +
                                 "lundi;08:00;09:00;MATHS;6A;;prof.maths;B12;\n"
                                 "lunedi;08:00;09:00;MATHS;6A;;prof.maths;;\n"
                                 "mardi;25:00;09:00;MATHS;6A;;prof.maths;;\n"
                                 "mardi;10:00;09:00;MATHS;6A;;prof.maths;;\n"
                                 "mardi;10:00;11:00;PHYS;6A;;prof.maths;;\n"
                                 "mardi;10:00;11:00;MATHS;6A;6_ESP;prof.maths;;\n"
                                 "mardi;10:00;11:00;MATHS;6Z;;prof.maths;;\n"
                                 "mardi;10:00;11:00;MATHS;6A;;alice;;\n"
                                 "mardi;10:00;11:00;MATHS;6A;;prof.maths;;C\n",
                             "2026-10-05");
  EXPECT_FALSE(report.applied);
  EXPECT_EQ(problems(report),
            "edt.csv: line 3: column \"jour\": \"lunedi\" is not a weekday (lundi ... dimanche)\n"
            "edt.csv: line 4: column \"debut\": \"25:00\" is not a time written HH:MM or HHhMM\n"
            "edt.csv: line 5: column \"fin\": the lesson must end after it starts (10:00)\n"
            "edt.csv: line 6: column \"matiere\": no subject has the code \"PHYS\"\n"
            "edt.csv: line 7: column \"classe\": give either a class or a group (column "
            "\"groupe\"), not both\n"
            "edt.csv: line 8: column \"classe\": no class of 2026-2027 has the code \"6Z\"\n"
            "edt.csv: line 9: column \"professeurs\": \"alice\" is not the login of an active "
            "teacher\n"
            "edt.csv: line 10: column \"semaine\": \"C\" is not A, B or empty\n");
  ASSERT_EQ(lessons().size(), 1u);
  EXPECT_EQ(lessons()[0].valid_until, "2026-11-30");  // not ended: nothing was applied
}

TEST_F(TimetableImport, OverlappingRowsNameEachOthersLines) {
  const auto report = import(header_ +
                             "lundi;08:00;09:00;MATHS;6A;;prof.maths;B12;\n"
                             "lundi;08:30;09:30;FRANC;6B;;prof.maths;B13;\n");
  ASSERT_EQ(report.problems.size(), 1u);
  EXPECT_EQ(report.problems[0].place.toString(), "edt.csv: line 3");
  EXPECT_NE(report.problems[0].message.find("overlaps the lesson of line 2"), std::string::npos)
      << report.problems[0].message;
  EXPECT_NE(report.problems[0].message.find("same teacher"), std::string::npos);
  EXPECT_TRUE(lessons().empty());
}

TEST_F(TimetableImport, APreviewReportsTheChangesAndWritesNothing) {
  const auto report =
      import(header_ + "lundi;08:00;09:00;MATHS;6A;;prof.maths;B12;\n", "2026-09-01", false);
  EXPECT_TRUE(report.problems.empty()) << problems(report);
  EXPECT_FALSE(report.applied);
  EXPECT_EQ(report.count(imports::ChangeKind::create, "lesson"), 1);
  EXPECT_TRUE(lessons().empty());
}

TEST_F(TimetableImport, DatesAreRequiredWhileTheCalendarHasNoPeriods) {
  ASSERT_TRUE(db_->write([](storage::Connection& db) { return setCalendar(db, {}); }).ok());
  const auto report = import(header_ + "lundi;08:00;09:00;MATHS;6A;;prof.maths;B12;\n");
  EXPECT_EQ(problems(report),
            "edt.csv: line 2: column \"du\": is required while the school calendar has no "
            "periods\n"
            "edt.csv: line 2: column \"au\": is required while the school calendar has no "
            "periods\n");
  const auto dated = import(
      "jour,debut,fin,matiere,classe,professeurs,du,au\n"
      "lundi,08:00,09:00,MATHS,6A,\"prof.maths,prof.french\",07/09/2026,2026-12-18\n");
  ASSERT_TRUE(dated.problems.empty()) << problems(dated);
  EXPECT_EQ(lessons().at(0).valid_from, "2026-09-07");
  EXPECT_EQ(lessons().at(0).valid_until, "2026-12-18");
  EXPECT_EQ(lessons().at(0).teacher_ids.size(), 2u);
}

}  // namespace
}  // namespace cartable::timetable
