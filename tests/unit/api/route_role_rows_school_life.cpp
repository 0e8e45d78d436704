// The route × role rows of school life.
#include "unit/api/route_role_school.h"

namespace cartable::route_role {

// The timetable, notifications and calendar feed, grades, roll calls and
// absences, homework and hand-ins, the cahier de textes.
std::vector<Row> FixtureSchool::schoolLifeRows() const {
  const std::string s1 = id(student1_), s2 = id(student2_), c1 = id(class1_), c2 = id(class2_);
  const std::string e1 = id(evaluation1_), e2 = id(evaluation2_);
  const std::string roll = "/api/v1/timetable/lessons/{id}/roll-calls/{date}";
  const std::string hw1 = "/api/v1/homework/" + id(homework1_);
  const std::string hw2 = "/api/v1/homework/" + id(homework2_);
  const std::string hi1 = "/api/v1/hand-ins/" + id(hand_in1_);
  const std::string hi2 = "/api/v1/hand-ins/" + id(hand_in2_);
  const std::string record1 = "/api/v1/timetable/lessons/" + id(lesson1_) + "/record/2026-09-07";
  const std::string record2 = "/api/v1/timetable/lessons/" + id(lesson2_) + "/record/2026-09-07";
  //  caller order:                                              a s p t S A
  return {
      {"GET", "/api/v1/timetable/week", "/api/v1/timetable/week?monday=2026-09-07", "", "SAAAAA"},
      // Student 1's week: themselves, their parent, their teacher, staff and admin.
      {"GET", "/api/v1/timetable/week",
       "/api/v1/timetable/week?monday=2026-09-07&student_id=" + s1, "", "SAAAAA"},
      // Student 2's week: another family's child, a class teacher 1 does not teach.
      {"GET", "/api/v1/timetable/week",
       "/api/v1/timetable/week?monday=2026-09-07&student_id=" + s2, "", "SDDDAA"},
      {"GET", "/api/v1/timetable/lessons", "/api/v1/timetable/lessons", "", "SDDAAA"},
      {"POST", "/api/v1/timetable/lessons", "/api/v1/timetable/lessons", "{}", "SDDDDA"},
      {"DELETE", "/api/v1/timetable/lessons/{id}", "/api/v1/timetable/lessons/999999", "",
       "SDDDDA"},
      // Teacher 1 records changes on their own lesson, not on teacher 2's.
      {"POST", "/api/v1/timetable/lessons/{id}/changes",
       "/api/v1/timetable/lessons/" + id(lesson1_) + "/changes", "{}", "SDDAAA"},
      {"POST", "/api/v1/timetable/lessons/{id}/changes",
       "/api/v1/timetable/lessons/" + id(lesson2_) + "/changes", "{}", "SDDDAA"},
      {"GET", "/api/v1/timetable/calendar", "/api/v1/timetable/calendar", "", "SAAAAA"},
      {"PUT", "/api/v1/timetable/calendar", "/api/v1/timetable/calendar", "{}", "SDDDDA"},
      {"GET", "/api/v1/me/notifications", "/api/v1/me/notifications", "", "SAAAAA"},
      {"POST", "/api/v1/me/notifications/read", "/api/v1/me/notifications/read", "{}", "SAAAAA"},
      // A bad Last-Event-ID answers at once (422) rather than opening a stream.
      {"GET", "/api/v1/me/events", "/api/v1/me/events?last_event_id=x", "", "SAAAAA"},
      {"GET", "/api/v1/me/calendar-feed", "/api/v1/me/calendar-feed", "", "SAAAAA"},
      {"POST", "/api/v1/me/calendar-feed", "/api/v1/me/calendar-feed", "", "SAAAAA"},
      {"DELETE", "/api/v1/me/calendar-feed", "/api/v1/me/calendar-feed", "", "SAAAAA"},
      // The token is the credential: without one, anybody gets 404, never a calendar.
      {"GET", "/ical/feed.ics", "/ical/feed.ics?token=none", "", "AAAAAA"},
      {"GET", "/api/v1/openapi.yaml", "/api/v1/openapi.yaml", "", "AAAAAA"},
      // Teacher 1 sets and marks maths evaluations of class 1 only; staff read.
      {"POST", "/api/v1/evaluations", "/api/v1/evaluations", evaluationBody(class1_), "SDDADA"},
      {"POST", "/api/v1/evaluations", "/api/v1/evaluations", evaluationBody(class2_), "SDDDDA"},
      {"GET", "/api/v1/evaluations", "/api/v1/evaluations", "", "SDDAAA"},
      {"GET", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + e1, "", "SDDAAA"},
      {"GET", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + e2, "", "SDDDAA"},
      {"PATCH", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + e1, "{}", "SDDADA"},
      {"PATCH", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + e2, "{}", "SDDDDA"},
      {"PUT", "/api/v1/evaluations/{id}/scores", "/api/v1/evaluations/" + e1 + "/scores", "{}",
       "SDDADA"},
      {"PUT", "/api/v1/evaluations/{id}/scores", "/api/v1/evaluations/" + e2 + "/scores", "{}",
       "SDDDDA"},
      {"GET", "/api/v1/evaluations/{id}/history", "/api/v1/evaluations/" + e1 + "/history", "",
       "SDDAAA"},
      {"GET", "/api/v1/evaluations/{id}/history", "/api/v1/evaluations/" + e2 + "/history", "",
       "SDDDAA"},
      // Deleting comes last: teacher 1 deletes evaluation 3 (the admin then gets 404).
      {"DELETE", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + id(evaluation3_), "",
       "SDDADA"},
      {"DELETE", "/api/v1/evaluations/{id}", "/api/v1/evaluations/" + e2, "", "SDDDDA"},
      // One's own grades: a non-student gets 422, past the access check.
      {"GET", "/api/v1/grades", "/api/v1/grades?period=1", "", "SAAAAA"},
      // Student 1's grades: themselves, their parent, their teacher, staff and admin.
      {"GET", "/api/v1/grades", "/api/v1/grades?period=1&student_id=" + s1, "", "SAAAAA"},
      // Student 2's: another family's child, a class teacher 1 does not teach.
      {"GET", "/api/v1/grades", "/api/v1/grades?period=1&student_id=" + s2, "", "SDDDAA"},
      {"GET", "/api/v1/classes/{id}/averages", "/api/v1/classes/" + c1 + "/averages?period=1", "",
       "SDDAAA"},
      {"GET", "/api/v1/classes/{id}/averages", "/api/v1/classes/" + c2 + "/averages?period=1", "",
       "SDDDAA"},
      // Teacher 1 calls the roll of their own lesson, and of teacher 2's on the day
      // they stand in, not on another day.
      {"GET", roll, rollOf(lesson1_, "2026-09-07"), "", "SDDAAA"},
      {"PUT", roll, rollOf(lesson1_, "2026-09-07"), "{}", "SDDAAA"},
      {"GET", roll, rollOf(lesson2_, "2026-09-07"), "", "SDDDAA"},
      {"PUT", roll, rollOf(lesson2_, "2026-09-07"), "{}", "SDDDAA"},
      {"PUT", roll, rollOf(lesson2_, "2026-09-14"), "{}", "SDDAAA"},
      {"GET", "/api/v1/attendance/missing-roll-calls", "/api/v1/attendance/missing-roll-calls",
       "", "SDDDAA"},
      // Student 1's absences: themselves, their parent, their teacher, staff and admin;
      // student 2's: another family's child, a class teacher 1 does not teach.
      {"GET", "/api/v1/attendance/students/{id}", "/api/v1/attendance/students/" + s1, "",
       "SAAAAA"},
      {"GET", "/api/v1/attendance/students/{id}", "/api/v1/attendance/students/" + s2, "",
       "SDDDAA"},
      {"GET", "/api/v1/classes/{id}/attendance", "/api/v1/classes/" + c1 + "/attendance", "",
       "SDDAAA"},
      {"GET", "/api/v1/classes/{id}/attendance", "/api/v1/classes/" + c2 + "/attendance", "",
       "SDDDAA"},
      {"GET", "/api/v1/attendance/reasons", "/api/v1/attendance/reasons", "", "SAAAAA"},
      // A parent justifies their own child's absences, not another family's.
      {"POST", "/api/v1/attendance/justifications", "/api/v1/attendance/justifications",
       R"({"student_id":)" + s1 + "}", "SDADAA"},
      {"POST", "/api/v1/attendance/justifications", "/api/v1/attendance/justifications",
       R"({"student_id":)" + s2 + "}", "SDDDAA"},
      {"GET", "/api/v1/attendance/justifications", "/api/v1/attendance/justifications", "",
       "SDADAA"},
      {"POST", "/api/v1/attendance/justifications/{id}/decision",
       "/api/v1/attendance/justifications/999999/decision", "{}", "SDDDAA"},
      // A justification's document: staff, admin and the student's parents.
      {"GET", "/api/v1/attendance/justifications/{id}/document",
       "/api/v1/attendance/justifications/" + id(justification1_) + "/document", "", "SDADAA"},
      {"GET", "/api/v1/attendance/justifications/{id}/document",
       "/api/v1/attendance/justifications/" + id(justification2_) + "/document", "", "SDDDAA"},
      {"PUT", "/api/v1/attendance/justifications/{id}/document",
       "/api/v1/attendance/justifications/" + id(justification1_) + "/document", "x", "SDADAA"},
      {"PUT", "/api/v1/attendance/justifications/{id}/document",
       "/api/v1/attendance/justifications/" + id(justification2_) + "/document", "x", "SDDDAA"},
      // Homework: teacher 1 sets and manages class 1's; class 2's is teacher 2's.
      {"GET", "/api/v1/homework", "/api/v1/homework", "", "SAAAAA"},
      {"GET", "/api/v1/homework", "/api/v1/homework?student_id=" + s1, "", "SAAAAA"},
      {"GET", "/api/v1/homework", "/api/v1/homework?student_id=" + s2, "", "SDDDAA"},
      {"POST", "/api/v1/homework", "/api/v1/homework", homeworkFor(class1_), "SDDADD"},
      {"POST", "/api/v1/homework", "/api/v1/homework", homeworkFor(class2_), "SDDDDD"},
      {"GET", "/api/v1/homework/{id}", hw1, "", "SAAAAA"},
      {"GET", "/api/v1/homework/{id}", hw2, "", "SDDDAA"},
      {"PATCH", "/api/v1/homework/{id}", hw1, "{}", "SDDADD"},
      {"PATCH", "/api/v1/homework/{id}", hw2, "{}", "SDDDDD"},
      {"DELETE", "/api/v1/homework/{id}", "/api/v1/homework/" + id(homework3_), "", "SDDADD"},
      {"DELETE", "/api/v1/homework/{id}", hw2, "", "SDDDDD"},
      {"POST", "/api/v1/homework/{id}/attachments", hw1 + "/attachments", "x", "SDDADD"},
      {"POST", "/api/v1/homework/{id}/attachments", hw2 + "/attachments", "x", "SDDDDD"},
      {"GET", "/api/v1/homework/{id}/attachments/{file_id}",
       hw1 + "/attachments/" + id(attachment1_), "", "SAAAAA"},
      {"GET", "/api/v1/homework/{id}/attachments/{file_id}",
       hw2 + "/attachments/" + id(attachment2_), "", "SDDDAA"},
      // Only a student who has the homework ticks it or hands in work.
      {"PUT", "/api/v1/homework/{id}/done", hw1 + "/done", "{}", "SADDDD"},
      {"PUT", "/api/v1/homework/{id}/done", hw2 + "/done", "{}", "SDDDDD"},
      {"POST", "/api/v1/homework/{id}/hand-in", hw1 + "/hand-in", "x", "SADDDD"},
      {"POST", "/api/v1/homework/{id}/hand-in", hw2 + "/hand-in", "x", "SDDDDD"},
      {"GET", "/api/v1/homework/{id}/hand-ins", hw1 + "/hand-ins", "", "SDDAAA"},
      {"GET", "/api/v1/homework/{id}/hand-ins", hw2 + "/hand-ins", "", "SDDDAA"},
      // Student 1's hand-in: them, their parent, the teacher who set it; not student 2's.
      {"GET", "/api/v1/hand-ins/{id}", hi1, "", "SAAAAA"},
      {"GET", "/api/v1/hand-ins/{id}", hi2, "", "SDDDAA"},
      {"GET", "/api/v1/hand-ins/{id}/files/{file_id}", hi1 + "/files/" + id(hand_in_file1_), "",
       "SAAAAA"},
      {"GET", "/api/v1/hand-ins/{id}/files/{file_id}", hi2 + "/files/" + id(hand_in_file2_), "",
       "SDDDAA"},
      {"PUT", "/api/v1/hand-ins/{id}/feedback", hi1 + "/feedback", "{}", "SDDADD"},
      {"PUT", "/api/v1/hand-ins/{id}/feedback", hi2 + "/feedback", "{}", "SDDDDD"},
      // The cahier de textes of lesson 1 (class 1, teacher 1) and of lesson 2.
      {"PUT", "/api/v1/timetable/lessons/{id}/record/{date}", record1, "{}", "SDDADD"},
      {"PUT", "/api/v1/timetable/lessons/{id}/record/{date}", record2, "{}", "SDDDDD"},
      {"GET", "/api/v1/timetable/lessons/{id}/record/{date}", record1, "", "SAAAAA"},
      {"GET", "/api/v1/timetable/lessons/{id}/record/{date}", record2, "", "SDDDAA"},
      {"DELETE", "/api/v1/timetable/lessons/{id}/record/{date}", record1, "", "SDDDDA"},
      {"GET", "/api/v1/classes/{id}/record",
       "/api/v1/classes/" + c1 + "/record?from=2026-09-01&to=2026-09-30", "", "SAAAAA"},
      {"GET", "/api/v1/classes/{id}/record",
       "/api/v1/classes/" + c2 + "/record?from=2026-09-01&to=2026-09-30", "", "SDDDAA"},
  };
}

}  // namespace cartable::route_role
