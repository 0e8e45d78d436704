// The route × role rows of communication, documents and the platform's own routes.
#include "unit/api/route_role_school.h"

namespace cartable::route_role {

// Messaging, announcements, the help desk and notification preferences.
std::vector<Row> FixtureSchool::communicationRows() const {
  const std::string s1 = id(student1_), s2 = id(student2_), c1 = id(class1_), c2 = id(class2_);
  const std::string conv1 = "/api/v1/conversations/" + id(conversation1_);
  const std::string conv2 = "/api/v1/conversations/" + id(conversation2_);
  const std::string msg1 = "/api/v1/messages/" + id(message1_);
  const std::string msg2 = "/api/v1/messages/" + id(message2_);
  const std::string an1 = "/api/v1/announcements/" + id(announcement1_);
  const std::string an2 = "/api/v1/announcements/" + id(announcement2_);
  const std::string tk1 = "/api/v1/helpdesk/tickets/" + id(ticket1_);
  const std::string tk2 = "/api/v1/helpdesk/tickets/" + id(ticket2_);
  //  caller order:                                              a s p t S A
  return {
      // Messaging: conversation 1 is teacher 1's with student 1; conversation 2 is
      // teacher 2's with student 2, reported, so the admin may read it.
      {"GET", "/api/v1/conversations", "/api/v1/conversations", "", "SAAAAA"},
      {"POST", "/api/v1/conversations", "/api/v1/conversations", "{}", "SAAAAA"},
      {"GET", "/api/v1/conversations/{id}", conv1, "", "SADADD"},
      {"GET", "/api/v1/conversations/{id}", conv2, "", "SDDDDA"},
      {"POST", "/api/v1/conversations/{id}/messages", conv1 + "/messages", "{}", "SADADD"},
      {"POST", "/api/v1/conversations/{id}/messages", conv2 + "/messages", "{}", "SDDDDD"},
      {"POST", "/api/v1/conversations/{id}/read", conv1 + "/read", "", "SADADD"},
      {"POST", "/api/v1/conversations/{id}/read", conv2 + "/read", "", "SDDDDD"},
      {"POST", "/api/v1/messages/{id}/forward", msg1 + "/forward", "{}", "SADADD"},
      {"POST", "/api/v1/messages/{id}/forward", msg2 + "/forward", "{}", "SDDDDD"},
      {"POST", "/api/v1/messages/{id}/report", msg1 + "/report", "{}", "SADADD"},
      {"POST", "/api/v1/messages/{id}/report", msg2 + "/report", "{}", "SDDDDD"},
      {"GET", "/api/v1/messages/{id}/attachments/{file_id}",
       msg1 + "/attachments/" + id(message_file1_), "", "SADADD"},
      {"GET", "/api/v1/messages/{id}/attachments/{file_id}",
       msg2 + "/attachments/" + id(message_file2_), "", "SDDDDA"},
      {"GET", "/api/v1/messages/search", "/api/v1/messages/search?q=bonjour", "", "SAAAAA"},
      {"GET", "/api/v1/me/unread-messages", "/api/v1/me/unread-messages", "", "SAAAAA"},
      {"GET", "/api/v1/messaging/policy", "/api/v1/messaging/policy", "", "SAAAAA"},
      {"PUT", "/api/v1/messaging/policy", "/api/v1/messaging/policy", "{}", "SDDDDA"},
      {"GET", "/api/v1/messaging/reports", "/api/v1/messaging/reports", "", "SDDDDA"},
      {"POST", "/api/v1/messaging/reports/{id}/handled",
       "/api/v1/messaging/reports/999999/handled", "", "SDDDDA"},
      {"GET", "/api/v1/messaging/recipients", "/api/v1/messaging/recipients?q=prof", "",
       "SAAAAA"},
      // Leaving comes last: the participants who left may still read what they received.
      {"POST", "/api/v1/conversations/{id}/leave", conv2 + "/leave", "", "SDDDDD"},
      {"POST", "/api/v1/conversations/{id}/leave", conv1 + "/leave", "", "SADADD"},
      // Announcements: teacher 1 writes to class 1 only; staff and admin to anyone.
      {"GET", "/api/v1/announcements", "/api/v1/announcements", "", "SAAAAA"},
      {"GET", "/api/v1/announcements", "/api/v1/announcements?view=authored", "", "SDDAAA"},
      {"GET", "/api/v1/announcements", "/api/v1/announcements?view=all", "", "SDDDDA"},
      {"POST", "/api/v1/announcements", "/api/v1/announcements",
       announcementFor(R"({"kind":"class_parents","class_id":)" + c1 + "}"), "SDDAAA"},
      // A class teacher 1 does not teach, and the whole school.
      {"POST", "/api/v1/announcements", "/api/v1/announcements",
       announcementFor(R"({"kind":"class","class_id":)" + c2 + "}"), "SDDDAA"},
      {"POST", "/api/v1/announcements", "/api/v1/announcements",
       announcementFor(R"({"kind":"school"})"), "SDDDAA"},
      // Announcement 1 (class 1): its students and parents, its author, admin; staff
      // are not of its audience. Announcement 2 (class 2): another family's.
      {"GET", "/api/v1/announcements/{id}", an1, "", "SAAADA"},
      {"GET", "/api/v1/announcements/{id}", an2, "", "SDDDDA"},
      {"POST", "/api/v1/announcements/{id}/read", an1 + "/read", "", "SAAADA"},
      {"POST", "/api/v1/announcements/{id}/read", an2 + "/read", "", "SDDDDA"},
      {"GET", "/api/v1/announcements/{id}/attachments/{file_id}",
       an1 + "/attachments/" + id(news_file1_), "", "SAAADA"},
      {"GET", "/api/v1/announcements/{id}/attachments/{file_id}",
       an2 + "/attachments/" + id(news_file2_), "", "SDDDDA"},
      {"PATCH", "/api/v1/announcements/{id}", an1, "{}", "SDDADA"},
      {"PATCH", "/api/v1/announcements/{id}", an2, "{}", "SDDDDA"},
      // The author may not move it to a class they do not teach.
      {"PATCH", "/api/v1/announcements/{id}", an1,
       R"({"audiences":[{"kind":"class","class_id":)" + c2 + "}]}", "SDDDDA"},
      {"POST", "/api/v1/announcements/{id}/attachments", an1 + "/attachments", "x", "SDDADA"},
      {"POST", "/api/v1/announcements/{id}/attachments", an2 + "/attachments", "x", "SDDDDA"},
      // Teacher 1 deletes announcement 3 (the admin then gets 404); 4 is teacher 2's.
      {"DELETE", "/api/v1/announcements/{id}", "/api/v1/announcements/" + id(announcement3_), "",
       "SDDADA"},
      {"DELETE", "/api/v1/announcements/{id}", "/api/v1/announcements/" + id(announcement4_), "",
       "SDDDDA"},
      // The help desk: ticket 1 is parent 1's, ticket 2 student 2's.
      {"GET", "/api/v1/helpdesk/tickets", "/api/v1/helpdesk/tickets", "", "SAAAAA"},
      {"POST", "/api/v1/helpdesk/tickets", "/api/v1/helpdesk/tickets", "{}", "SAAAAA"},
      {"GET", "/api/v1/helpdesk/tickets/{id}", tk1, "", "SDADDA"},
      {"GET", "/api/v1/helpdesk/tickets/{id}", tk2, "", "SDDDDA"},
      {"PATCH", "/api/v1/helpdesk/tickets/{id}", tk1, "{}", "SDDDDA"},
      {"POST", "/api/v1/helpdesk/tickets/{id}/comments", tk1 + "/comments", "{}", "SDADDA"},
      {"POST", "/api/v1/helpdesk/tickets/{id}/comments", tk2 + "/comments", "{}", "SDDDDA"},
      // Internal notes are the admins'.
      {"POST", "/api/v1/helpdesk/tickets/{id}/comments", tk1 + "/comments",
       R"({"text":"note","internal":true})", "SDDDDA"},
      {"GET", "/api/v1/helpdesk/tickets/{id}/screenshot", tk1 + "/screenshot", "", "SDADDA"},
      {"GET", "/api/v1/helpdesk/tickets/{id}/screenshot", tk2 + "/screenshot", "", "SDDDDA"},
      // Notification preferences: one's own, whoever one is.
      {"GET", "/api/v1/me/notification-preferences", "/api/v1/me/notification-preferences", "",
       "SAAAAA"},
      {"PUT", "/api/v1/me/notification-preferences", "/api/v1/me/notification-preferences",
       R"({"homework":{"feed":true}})", "SAAAAA"},
  };
}

// Class 1's space: its student, their parent, its teacher, staff and admin
// read; its teacher, staff and admin write. Student 1's personal space: theirs
// alone, but teacher 1 reads the document student 1 shared with them.
std::vector<Row> FixtureSchool::documentRows() const {
  const std::string f = "/api/v1/documents/folders/";
  const std::string cf1 = f + id(class_folder1_), cf2 = f + id(class_folder2_);
  const std::string pf = f + id(personal_folder_);
  const std::string d = "/api/v1/documents/";
  const std::string cd1 = d + id(class_doc1_), cd2 = d + id(class_doc2_);
  const std::string pd = d + id(personal_doc_), td = d + id(teacher_doc_);
  const std::string folder = "/api/v1/documents/folders/{id}";
  const std::string doc = "/api/v1/documents/{id}";
  const std::string version = "/api/v1/documents/{id}/versions/{number}/content";
  const auto parent = [&](std::int64_t folder_id) {
    return R"({"parent_id":)" + id(folder_id) + R"(,"name":"Nouveau"})";
  };
  const auto toClass = [&](std::int64_t class_id) {
    return R"({"class_id":)" + id(class_id) + "}";
  };
  //  caller order:                                              a s p t S A
  return {
      {"GET", "/api/v1/me/documents", "/api/v1/me/documents", "", "SAAAAA"},
      {"GET", "/api/v1/me/documents/usage", "/api/v1/me/documents/usage", "", "SAAAAA"},
      {"GET", "/api/v1/me/documents/shared", "/api/v1/me/documents/shared", "", "SAAAAA"},
      {"GET", "/api/v1/classes/{id}/documents", "/api/v1/classes/" + id(class1_) + "/documents",
       "", "SAAAAA"},
      {"GET", "/api/v1/classes/{id}/documents", "/api/v1/classes/" + id(class2_) + "/documents",
       "", "SDDDAA"},
      {"POST", "/api/v1/documents/folders", "/api/v1/documents/folders", parent(class_folder1_),
       "SDDAAA"},
      {"POST", "/api/v1/documents/folders", "/api/v1/documents/folders", parent(class_folder2_),
       "SDDDAA"},
      {"POST", "/api/v1/documents/folders", "/api/v1/documents/folders", parent(personal_folder_),
       "SADDDD"},
      {"GET", folder, cf1, "", "SAAAAA"},
      {"GET", folder, cf2, "", "SDDDAA"},
      {"GET", folder, pf, "", "SADDDD"},
      {"PATCH", folder, cf1, "{}", "SDDAAA"},
      {"PATCH", folder, cf2, "{}", "SDDDAA"},
      {"PATCH", folder, pf, "{}", "SADDDD"},
      {"POST", folder + "/files", cf1 + "/files", "x", "SDDAAA"},
      {"POST", folder + "/files", cf2 + "/files", "x", "SDDDAA"},
      {"POST", folder + "/files", pf + "/files", "x", "SADDDD"},
      // Only personal folders are shared, by their owner.
      {"POST", folder + "/shares", pf + "/shares", "{}", "SADDDD"},
      {"POST", folder + "/shares", cf1 + "/shares", "{}", "SDDDDD"},
      {"GET", doc, cd1, "", "SAAAAA"},
      {"GET", doc, cd2, "", "SDDDAA"},
      {"GET", doc, pd, "", "SADADD"},
      {"GET", doc + "/content", cd1 + "/content", "", "SAAAAA"},
      {"GET", doc + "/content", cd2 + "/content", "", "SDDDAA"},
      {"GET", doc + "/content", pd + "/content", "", "SADADD"},
      {"GET", version, cd1 + "/versions/1/content", "", "SAAAAA"},
      {"GET", version, cd2 + "/versions/1/content", "", "SDDDAA"},
      {"GET", version, pd + "/versions/1/content", "", "SADADD"},
      // Renaming and moving: the publisher, or the personal space's owner.
      {"PATCH", doc, cd1, "{}", "SDDADD"},
      {"PATCH", doc, cd2, "{}", "SDDDDD"},
      {"PATCH", doc, pd, "{}", "SADDDD"},
      // Sharing: the owner; with a class, only a teacher of that class.
      {"POST", doc + "/shares", pd + "/shares", "{}", "SADDDD"},
      {"POST", doc + "/shares", pd + "/shares", toClass(class1_), "SDDDDD"},
      {"POST", doc + "/shares", cd1 + "/shares", "{}", "SDDDDD"},
      {"POST", doc + "/shares", td + "/shares", toClass(class1_), "SDDADD"},
      {"POST", doc + "/shares", td + "/shares", toClass(class2_), "SDDDDD"},
      // Deleting comes last. Teacher 1 deletes document 3 and the empty folder
      // (then they name nothing: admin gets 404); admin deletes document 2.
      {"DELETE", folder, f + id(empty_folder_), "", "SDDADA"},
      {"DELETE", folder, cf2, "", "SDDDAA"},
      {"DELETE", doc, d + id(class_doc3_), "", "SDDADA"},
      {"DELETE", doc, cd2, "", "SDDDDA"},
      // Each share is revoked by the one who made it; then it names nothing (admin: 404).
      {"DELETE", "/api/v1/documents/shares/{id}", "/api/v1/documents/shares/" + id(share1_), "",
       "SADDDA"},
      {"DELETE", "/api/v1/documents/shares/{id}", "/api/v1/documents/shares/" + id(share2_), "",
       "SDDADA"},
  };
}

// One's own dashboard, the federation link, the region's indicators and the
// authority's routes (404 on a school node).
std::vector<Row> FixtureSchool::platformRows() const {
  //  caller order:                                              a s p t S A
  return {
      // One's own dashboard: every signed-in person, sections by role (tests/unit/dashboards).
      {"GET", "/api/v1/me/dashboard", "/api/v1/me/dashboard", "", "SAAAAA"},
      // The federation link and the hub's schools: admin (404 where not running).
      {"GET", "/api/v1/admin/federation/status", "/api/v1/admin/federation/status", "",
       "SDDDDA"},
      {"GET", "/api/v1/admin/federation/schools", "/api/v1/admin/federation/schools", "",
       "SDDDDA"},
      // Cross-school accounts and transfers: admin (404 on a node without a link).
      {"GET", "/api/v1/admin/federation/accounts", "/api/v1/admin/federation/accounts", "",
       "SDDDDA"},
      {"POST", "/api/v1/admin/federation/attachments", "/api/v1/admin/federation/attachments",
       "{\"user_id\":" + id(teacher2_) + ",\"login\":\"m.durand\"}", "SDDDDA"},
      {"GET", "/api/v1/admin/federation/transfers", "/api/v1/admin/federation/transfers", "",
       "SDDDDA"},
      {"POST", "/api/v1/admin/federation/transfers", "/api/v1/admin/federation/transfers",
       "{\"student_id\":" + id(student2_) + ",\"to_uai\":\"0750654D\"}", "SDDDDA"},
      // Other schools' requests to attach an account to one's own: each person, on
      // their own (someone else's request is not found: tests/integration/federation).
      {"GET", "/api/v1/me/attach-requests", "/api/v1/me/attach-requests", "", "SAAAAA"},
      {"GET", "/api/v1/me/other-schools", "/api/v1/me/other-schools", "", "SAAAAA"},
      {"POST", "/api/v1/me/attach-requests/{id}/decision",
       "/api/v1/me/attach-requests/999/decision", "{\"decision\":\"approved\"}", "SAAAAA"},
      // The region's public indicators and open data: anyone, signed in or not (404 on
      // a school node; the hub's answers: tests/unit/api/indicator_routes_test.cpp).
      {"GET", "/api/v1/indicators", "/api/v1/indicators", "", "AAAAAA"},
      {"GET", "/api/v1/indicators/{metric}",
       "/api/v1/indicators/attendance.rate?from=2026-11-16&to=2026-11-16", "", "AAAAAA"},
      {"GET", "/api/v1/open-data/indicators.csv", "/api/v1/open-data/indicators.csv", "",
       "AAAAAA"},
      {"GET", "/api/v1/open-data/indicators.json", "/api/v1/open-data/indicators.json", "",
       "AAAAAA"},
      // The regional authority's dashboards and accounts: 404 on a school node for
      // everyone signed in (the hub's table: tests/unit/api/authority_routes_test.cpp).
      {"GET", "/api/v1/authority/me", "/api/v1/authority/me", "", "SHHHHH"},
      {"GET", "/api/v1/authority/region", "/api/v1/authority/region", "", "SHHHHH"},
      {"GET", "/api/v1/authority/departments/{department}", "/api/v1/authority/departments/54",
       "", "SHHHHH"},
      {"GET", "/api/v1/authority/schools/{uai}", "/api/v1/authority/schools/0540001A", "",
       "SHHHHH"},
      {"GET", "/api/v1/authority/connectivity", "/api/v1/authority/connectivity", "", "SHHHHH"},
      {"GET", "/api/v1/authority/digital-divide", "/api/v1/authority/digital-divide", "",
       "SHHHHH"},
      {"GET", "/api/v1/authority/users", "/api/v1/authority/users", "", "SHHHHH"},
      {"POST", "/api/v1/authority/users", "/api/v1/authority/users", "{}", "SHHHHH"},
      {"DELETE", "/api/v1/authority/users/{id}", "/api/v1/authority/users/1", "", "SHHHHH"},
      {"DELETE", "/api/v1/authority/users/{id}/second-factor",
       "/api/v1/authority/users/1/second-factor", "", "SHHHHH"},
  };
}

}  // namespace cartable::route_role
