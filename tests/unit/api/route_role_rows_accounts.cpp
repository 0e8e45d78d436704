// The route × role rows of accounts and the directory.
#include "unit/api/route_role_school.h"

namespace cartable::route_role {

// Health, sign-in, one's own account; users, classes, groups, subjects and imports.
std::vector<Row> FixtureSchool::accountRows() const {
  const std::string s1 = id(student1_), s2 = id(student2_), c1 = id(class1_), c2 = id(class2_);
  //  caller order:                                              a s p t S A
  return {
      {"GET", "/healthz", "/healthz", "", "AAAAAA"},
      {"GET", "/readyz", "/readyz", "", "AAAAAA"},
      {"GET", "/metrics", "/metrics", "", "AAAAAA"},
      {"POST", "/api/v1/session", "/api/v1/session", "{}", "AAAAAA"},
      {"DELETE", "/api/v1/session", "/api/v1/session", "", "SAAAAA"},
      {"GET", "/api/v1/me", "/api/v1/me", "", "SAAAAA"},
      {"GET", "/api/v1/me/children", "/api/v1/me/children", "", "SAAAAA"},
      {"PUT", "/api/v1/me/password", "/api/v1/me/password", "{}", "SAAAAA"},
      {"GET", "/api/v1/me/sessions", "/api/v1/me/sessions", "", "SAAAAA"},
      {"DELETE", "/api/v1/me/sessions/{id}", "/api/v1/me/sessions/999999", "", "SAAAAA"},
      {"POST", "/api/v1/me/totp", "/api/v1/me/totp", "", "SAAAAA"},
      {"POST", "/api/v1/me/totp/confirm", "/api/v1/me/totp/confirm", "{}", "SAAAAA"},
      // Admin and staff must keep their second factor.
      {"DELETE", "/api/v1/me/totp", "/api/v1/me/totp", "{}", "SAAADD"},
      {"GET", "/api/v1/users", "/api/v1/users", "", "SDDDAA"},
      {"POST", "/api/v1/users", "/api/v1/users", "{}", "SDDDDA"},
      // Student 1: themselves, their parent, their teacher, staff and admin.
      {"GET", "/api/v1/users/{id}", "/api/v1/users/" + s1, "", "SAAAAA"},
      // Student 2: another family's child, a class teacher 1 does not teach.
      {"GET", "/api/v1/users/{id}", "/api/v1/users/" + s2, "", "SDDDAA"},
      // A teacher sees a colleague; a parent or student does not.
      {"GET", "/api/v1/users/{id}", "/api/v1/users/" + id(teacher2_), "", "SDDAAA"},
      {"PATCH", "/api/v1/users/{id}", "/api/v1/users/" + s1, "{}", "SDDDDA"},
      {"POST", "/api/v1/users/{id}/password-reset", "/api/v1/users/" + s2 + "/password-reset", "",
       "SDDDDA"},
      {"DELETE", "/api/v1/users/{id}/sessions", "/api/v1/users/" + s2 + "/sessions", "",
       "SDDDDA"},
      {"GET", "/api/v1/classes", "/api/v1/classes", "", "SDDAAA"},
      {"POST", "/api/v1/classes", "/api/v1/classes", "{}", "SDDDDA"},
      {"GET", "/api/v1/classes/{id}/students", "/api/v1/classes/" + c1 + "/students", "",
       "SDDAAA"},
      {"GET", "/api/v1/classes/{id}/students", "/api/v1/classes/" + c2 + "/students", "",
       "SDDDAA"},
      {"GET", "/api/v1/groups", "/api/v1/groups", "", "SDDAAA"},
      {"POST", "/api/v1/groups", "/api/v1/groups", "{}", "SDDDDA"},
      {"GET", "/api/v1/subjects", "/api/v1/subjects", "", "SAAAAA"},
      {"POST", "/api/v1/subjects", "/api/v1/subjects", "{}", "SDDDDA"},
      {"POST", "/api/v1/enrollments", "/api/v1/enrollments", "{}", "SDDDDA"},
      {"POST", "/api/v1/guardianships", "/api/v1/guardianships", "{}", "SDDDDA"},
      {"POST", "/api/v1/assignments", "/api/v1/assignments", "{}", "SDDDDA"},
      {"GET", "/api/v1/audit", "/api/v1/audit", "", "SDDDDA"},
      {"POST", "/api/v1/imports/{format}/preview", "/api/v1/imports/csv-eleves/preview", "x",
       "SDDDDA"},
      {"POST", "/api/v1/imports/{format}/apply", "/api/v1/imports/csv-eleves/apply", "x",
       "SDDDDA"},
      {"POST", "/api/v1/classes/{id}/login-sheets", "/api/v1/classes/" + c1 + "/login-sheets",
       "{}", "SDDDDA"},
  };
}

}  // namespace cartable::route_role
