// The route × role rows of quizzes, follow-up plans, pathways, guides and early warning.
#include "unit/api/route_role_school.h"

namespace cartable::route_role {

// Quiz 1 (class 1): its student and parent, teacher 1, staff and admin see
// it; quiz 2 (class 2) is hidden (404) from all three of class 1's callers.
std::vector<Row> FixtureSchool::quizRows() const {
  const std::string q = "/api/v1/quizzes/{id}";
  const std::string q1 = "/api/v1/quizzes/" + id(quiz1_), q2 = "/api/v1/quizzes/" + id(quiz2_);
  const auto target = [&](std::int64_t class_id) {
    return R"({"subject_id":)" + id(maths_) + R"(,"class_id":)" + id(class_id) + "}";
  };
  //  caller order:                                              a s p t S A
  return {
      // One's own list (parents, staff and admin must name a student: 422).
      {"GET", "/api/v1/quizzes", "/api/v1/quizzes", "", "SAAAAA"},
      {"GET", "/api/v1/quizzes", "/api/v1/quizzes?student_id=" + id(student1_), "", "SAAAAA"},
      {"GET", "/api/v1/quizzes", "/api/v1/quizzes?student_id=" + id(student2_), "", "SDDDAA"},
      {"POST", "/api/v1/quizzes", "/api/v1/quizzes", target(class1_), "SDDADD"},
      {"POST", "/api/v1/quizzes", "/api/v1/quizzes", target(class2_), "SDDDDD"},
      {"GET", q, q1, "", "SAAAAA"},
      {"GET", q, q2, "", "SHHHAA"},
      {"PATCH", q, q1, "{}", "SDDADD"},
      {"PATCH", q, q2, "{}", "SHHHDD"},
      {"POST", q + "/publish", q1 + "/publish", "", "SDDADD"},
      {"POST", q + "/publish", q2 + "/publish", "", "SHHHDD"},
      {"POST", q + "/attempts", q1 + "/attempts", "{}", "SADDDD"},
      {"POST", q + "/attempts", q2 + "/attempts", "{}", "SHHHDD"},
      {"GET", q + "/results", q1 + "/results", "", "SDDAAA"},
      {"GET", q + "/results", q2 + "/results", "", "SHHHAA"},
      {"POST", q + "/gradebook", q1 + "/gradebook", "{}", "SDDADD"},
      {"POST", q + "/gradebook", q2 + "/gradebook", "{}", "SHHHDD"},
      // A draft is hidden from the class's family; teacher 1 deletes quiz 3,
      // after which staff and admin reach the handler (404).
      {"DELETE", q, "/api/v1/quizzes/" + id(quiz3_), "", "SHHAAA"},
      {"DELETE", q, q2, "", "SHHHDD"},
  };
}

std::vector<Row> FixtureSchool::followUpRows() const {
  const std::string p = "/api/v1/follow-up/plans", r = "/api/v1/follow-up/recommendations";
  const std::string p1 = p + "/" + id(plan1_), p2 = p + "/" + id(plan2_);
  const auto about = [&](std::int64_t student) {
    return R"({"student_id":)" + id(student) + "}";
  };
  const std::string g = "/api/v1/pathways";
  const std::string g1 = g + "/" + id(grouping1_), g2 = g + "/" + id(grouping2_);
  const auto inClass = [&](std::int64_t class_id) {
    return R"({"class_id":)" + id(class_id) + "}";
  };
  const auto suggestion = [&](std::int64_t class_id) {
    return "/api/v1/pathway-suggestions?class_id=" + id(class_id) + "&subject_id=" + id(maths_);
  };
  const auto document = [&](std::int64_t document_id) {
    return R"({"document_id":)" + id(document_id) + "}";
  };
  //  caller order:                                              a s p t S A
  return {
      {"GET", p, p, "", "SAAAAA"},
      {"GET", p, p + "?student_id=" + id(student1_), "", "SAAAAA"},
      {"GET", p, p + "?student_id=" + id(student2_), "", "SHHHAA"},
      {"POST", p, p, about(student1_), "SDDAAA"},
      {"POST", p, p, about(student2_), "SDDHAA"},
      {"GET", p + "/{id}", p1, "", "SAAAAA"},
      {"GET", p + "/{id}", p2, "", "SHHHAA"},
      {"PATCH", p + "/{id}", p1, "{}", "SDDAAA"},
      {"PATCH", p + "/{id}", p2, "{}", "SHHHAA"},
      {"POST", p + "/{id}/notes", p1 + "/notes", "{}", "SDDAAA"},
      {"POST", p + "/{id}/notes", p2 + "/notes", "{}", "SHHHAA"},
      {"POST", p + "/{id}/close", p1 + "/close", "{}", "SDDAAA"},
      {"POST", p + "/{id}/close", p2 + "/close", "{}", "SHHHAA"},
      {"GET", r, r, "", "SAAAAA"},
      {"GET", r, r + "?student_id=" + id(student2_), "", "SHHHAA"},
      {"POST", r, r, about(student1_), "SDDAAA"},
      {"POST", r, r, about(student2_), "SDDHAA"},
      // Need groupings: the teacher side only; a student or parent never sees one.
      {"GET", "/api/v1/pathways", "/api/v1/pathways", "", "SDDAAA"},
      {"GET", "/api/v1/pathways", "/api/v1/pathways?class_id=" + id(class1_), "", "SDDAAA"},
      {"GET", "/api/v1/pathways", "/api/v1/pathways?class_id=" + id(class2_), "", "SDDDAA"},
      {"POST", "/api/v1/pathways", "/api/v1/pathways", inClass(class1_), "SDDADD"},
      {"POST", "/api/v1/pathways", "/api/v1/pathways", inClass(class2_), "SDDDDD"},
      {"GET", "/api/v1/pathway-suggestions", suggestion(class1_), "", "SDDAAA"},
      {"GET", "/api/v1/pathway-suggestions", suggestion(class2_), "", "SDDDAA"},
      {"GET", g + "/{id}", g1, "", "SHHAAA"},
      {"GET", g + "/{id}", g2, "", "SHHHAA"},
      {"PATCH", g + "/{id}", g1, "{}", "SHHADD"},
      {"PATCH", g + "/{id}", g2, "{}", "SHHHDD"},
      {"DELETE", g + "/{id}", g2, "", "SHHHDD"},
      // Teacher 1 deletes grouping 1; then it names nothing (staff and admin: 404).
      {"DELETE", g + "/{id}", g1, "", "SHHAAA"},
      // Methodological guides: listed for everyone (each as its document allows).
      {"GET", "/api/v1/guides", "/api/v1/guides", "", "SAAAAA"},
      {"POST", "/api/v1/guides", "/api/v1/guides", document(class_doc1_), "SDDAAA"},
      {"POST", "/api/v1/guides", "/api/v1/guides", document(class_doc2_), "SDDDAA"},
      {"DELETE", "/api/v1/guides/{id}", "/api/v1/guides/" + id(class_doc1_), "", "SDDAAA"},
      // An unknown guide: 404 for who may manage guides, 403 for the others.
      {"DELETE", "/api/v1/guides/{id}", "/api/v1/guides/999999", "", "SDDAAA"},
  };
}

// Early warning is for staff and teachers: class 1's alerts and student 1's
// are teacher 1's (who teaches them), staff's and admin's; never the
// student's nor their parent's. Thresholds are the admin's.
std::vector<Row> FixtureSchool::earlyWarningRows() const {
  const std::string ew = "/api/v1/early-warning";
  const std::string s = ew + "/students/{id}", c = "/api/v1/classes/{id}/alerts";
  //  caller order:                                              a s p t S A
  return {
      {"GET", c, "/api/v1/classes/" + id(class1_) + "/alerts", "", "SDDAAA"},
      {"GET", c, "/api/v1/classes/" + id(class2_) + "/alerts", "", "SDDDAA"},
      {"GET", s, ew + "/students/" + id(student1_), "", "SDDAAA"},
      {"GET", s, ew + "/students/" + id(student2_), "", "SDDDAA"},
      {"POST", ew + "/refresh", ew + "/refresh", "", "SDDDAA"},
      {"GET", ew + "/thresholds", ew + "/thresholds", "", "SDDDDA"},
      {"PUT", ew + "/thresholds", ew + "/thresholds", "{}", "SDDDDA"},
  };
}

}  // namespace cartable::route_role
