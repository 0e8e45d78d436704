// A small school with a term of school life, for the dashboard's tests.
// Today is Tuesday 8 December 2026 (Trimestre 2), 10:00.
//
// Class 6A: alice and carol, maths with prof.a on Tuesdays 08-09 (roll taken:
// alice absent, carol late), 09-10 (no roll call yet), 14-15 (cancelled today)
// and 15-16, and on Wednesdays 08-09 (moved to room B14 tomorrow).
// Class 6B: bob, French with prof.b on Tuesdays 08-09 (roll taken: bob absent,
// justified) and Wednesdays 10-11.
// pat is the parent of alice and bob; prof.b is also carol's parent; cpe is
// staff, direction admin; "gone" is a disabled teacher.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "announcements/announcements.h"
#include "attendance/attendance.h"
#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"
#include "directory/structure.h"
#include "directory/users.h"
#include "files/files.h"
#include "grades/grades.h"
#include "homework/homework.h"
#include "messaging/messaging.h"
#include "timetable/timetable.h"

namespace cartable::dashboards::test_school {

inline Seconds at(int year, unsigned month, unsigned day, int hour = 0, int minute = 0) {
  const std::chrono::sys_days days{std::chrono::year{year} / std::chrono::month{month} /
                                   std::chrono::day{day}};
  return Seconds{days.time_since_epoch().count()} * 86400 + hour * 3600 + minute * 60;
}

inline const Seconds kNow = at(2026, 12, 8, 10, 0);
inline constexpr const char* kFileContent = "%PDF-1.7\nsujet\n";

struct School {
  std::int64_t alice = 0, bob = 0, carol = 0, pat = 0, prof_a = 0, prof_b = 0, cpe = 0;
  std::int64_t direction = 0, gone = 0;
  std::int64_t maths = 0, french = 0, class_a = 0, class_b = 0;
  // Lessons: 6A Tuesday 08, 09, 14 (cancelled today), 15; Wednesday 08; 6B Tuesday 08,
  // Wednesday 10.
  std::int64_t a_tue8 = 0, a_tue9 = 0, a_tue14 = 0, a_tue15 = 0, a_wed8 = 0, b_tue8 = 0,
               b_wed10 = 0;
  // Homework of 6A due 7 Dec (handed in), 10 Dec, 15 Dec, 16 Dec; of 6B due 9 Dec.
  std::int64_t hw_past = 0, hw_10 = 0, hw_15 = 0, hw_16 = 0, hw_b = 0;
  // Evaluations: 6A 20 Nov and 2 Dec (published), 4 Dec (visible from 11 Dec); 6B 3 Dec.
  std::int64_t eval_nov = 0, eval_dec = 0, eval_hidden = 0, eval_b = 0;
  std::int64_t news_class = 0, news_school = 0;
};

class SchoolBuilder {
 public:
  SchoolBuilder(storage::Connection& db, std::string files_root)
      : db_(db), files_root_(std::move(files_root)) {}

  Result<School> build() {
    CARTABLE_RETURN_IF_ERROR(people());
    CARTABLE_RETURN_IF_ERROR(structure());
    CARTABLE_RETURN_IF_ERROR(timetable());
    CARTABLE_RETURN_IF_ERROR(attendance());
    CARTABLE_RETURN_IF_ERROR(homework());
    CARTABLE_RETURN_IF_ERROR(grades());
    CARTABLE_RETURN_IF_ERROR(communication());
    CARTABLE_RETURN_IF_ERROR(storedFiles());
    return s_;
  }

 private:
  Result<std::int64_t> person(const std::string& login, directory::RoleSet roles) {
    directory::NewUser user;
    user.login = login;
    user.given_name = login;
    user.family_name = "Test";
    user.roles = roles;
    return directory::insertUser(db_, user, at(2026, 9, 1));
  }

  Status people() {
    using directory::Role;
    CARTABLE_ASSIGN_OR_RETURN(s_.alice, person("alice", {Role::student}));
    CARTABLE_ASSIGN_OR_RETURN(s_.bob, person("bob", {Role::student}));
    CARTABLE_ASSIGN_OR_RETURN(s_.carol, person("carol", {Role::student}));
    CARTABLE_ASSIGN_OR_RETURN(s_.pat, person("pat", {Role::parent}));
    CARTABLE_ASSIGN_OR_RETURN(s_.prof_a, person("prof.a", {Role::teacher}));
    CARTABLE_ASSIGN_OR_RETURN(s_.prof_b, person("prof.b", {Role::teacher, Role::parent}));
    CARTABLE_ASSIGN_OR_RETURN(s_.cpe, person("cpe", {Role::staff}));
    CARTABLE_ASSIGN_OR_RETURN(s_.direction, person("direction", {Role::admin}));
    CARTABLE_ASSIGN_OR_RETURN(s_.gone, person("gone", {Role::teacher}));
    return directory::setDisabled(db_, s_.gone, at(2026, 10, 1), at(2026, 10, 1));
  }

  Status structure() {
    CARTABLE_ASSIGN_OR_RETURN(s_.maths, directory::insertSubject(db_, {0, "MATHS", "Maths"}));
    CARTABLE_ASSIGN_OR_RETURN(s_.french,
                              directory::insertSubject(db_, {0, "FRANCAIS", "Français"}));
    CARTABLE_ASSIGN_OR_RETURN(s_.class_a,
                              directory::insertClass(db_, {0, "6A", "6e A", "6e", "2026-2027"}));
    CARTABLE_ASSIGN_OR_RETURN(s_.class_b,
                              directory::insertClass(db_, {0, "6B", "6e B", "6e", "2026-2027"}));
    CARTABLE_RETURN_IF_ERROR(directory::enroll(db_, s_.alice, s_.class_a, "2026-09-01"));
    CARTABLE_RETURN_IF_ERROR(directory::enroll(db_, s_.carol, s_.class_a, "2026-09-01"));
    CARTABLE_RETURN_IF_ERROR(directory::enroll(db_, s_.bob, s_.class_b, "2026-09-01"));
    CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db_, {s_.pat, s_.alice, true, "mère"}));
    CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db_, {s_.pat, s_.bob, true, "mère"}));
    CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(db_, {s_.prof_b, s_.carol, true, "père"}));
    CARTABLE_RETURN_IF_ERROR(
        directory::insertAssignment(db_, {0, s_.prof_a, s_.maths, s_.class_a, std::nullopt, true}));
    CARTABLE_RETURN_IF_ERROR(directory::insertAssignment(
        db_, {0, s_.prof_b, s_.french, s_.class_b, std::nullopt, true}));
    return okStatus();
  }

  Result<std::int64_t> lesson(std::int64_t class_id, std::int64_t teacher, int weekday,
                              const std::string& starts, const std::string& ends,
                              const std::string& room) {
    const std::int64_t subject = class_id == s_.class_a ? s_.maths : s_.french;
    return timetable::createLesson(db_, {0,
                                         subject,
                                         class_id,
                                         std::nullopt,
                                         {teacher},
                                         room,
                                         weekday,
                                         starts,
                                         ends,
                                         timetable::WeekPattern::all,
                                         "2026-09-01",
                                         "2027-07-04"});
  }

  Status timetable() {
    timetable::Calendar calendar;
    calendar.periods = {{"Trimestre 1", "2026-09-01", "2026-11-30"},
                        {"Trimestre 2", "2026-12-01", "2027-03-31"}};
    CARTABLE_RETURN_IF_ERROR(timetable::setCalendar(db_, calendar));
    CARTABLE_ASSIGN_OR_RETURN(s_.a_tue8, lesson(s_.class_a, s_.prof_a, 2, "08:00", "09:00", "A1"));
    CARTABLE_ASSIGN_OR_RETURN(s_.a_tue9, lesson(s_.class_a, s_.prof_a, 2, "09:00", "10:00", "A1"));
    CARTABLE_ASSIGN_OR_RETURN(s_.a_tue14, lesson(s_.class_a, s_.prof_a, 2, "14:00", "15:00", "A1"));
    CARTABLE_ASSIGN_OR_RETURN(s_.a_tue15, lesson(s_.class_a, s_.prof_a, 2, "15:00", "16:00", "A1"));
    CARTABLE_ASSIGN_OR_RETURN(s_.a_wed8, lesson(s_.class_a, s_.prof_a, 3, "08:00", "09:00", "A1"));
    CARTABLE_ASSIGN_OR_RETURN(s_.b_tue8, lesson(s_.class_b, s_.prof_b, 2, "08:00", "09:00", "B1"));
    CARTABLE_ASSIGN_OR_RETURN(s_.b_wed10, lesson(s_.class_b, s_.prof_b, 3, "10:00", "11:00", "B1"));
    timetable::LessonChange cancel;
    cancel.lesson_id = s_.a_tue14;
    cancel.on_date = "2026-12-08";
    cancel.kind = timetable::ChangeKind::cancelled;
    cancel.note = "Sortie au musée";
    CARTABLE_RETURN_IF_ERROR(timetable::recordChange(db_, cancel, s_.cpe, at(2026, 12, 7)));
    timetable::LessonChange room;
    room.lesson_id = s_.a_wed8;
    room.on_date = "2026-12-09";
    room.kind = timetable::ChangeKind::room;
    room.new_room = "B14";
    CARTABLE_RETURN_IF_ERROR(timetable::recordChange(db_, room, s_.cpe, at(2026, 12, 7)));
    return okStatus();
  }

  Status attendance() {
    using attendance::Presence;
    CARTABLE_RETURN_IF_ERROR(attendance::recordRollCall(
        db_, s_.a_tue8, "2026-12-08",
        {{s_.alice, Presence::absent, 0}, {s_.carol, Presence::late, 5}}, s_.prof_a, kNow));
    // Alice's absence of the first trimester is outside this period.
    CARTABLE_RETURN_IF_ERROR(attendance::recordRollCall(
        db_, s_.a_tue8, "2026-11-24", {{s_.alice, Presence::absent, 0}}, s_.prof_a, kNow));
    CARTABLE_RETURN_IF_ERROR(attendance::recordRollCall(
        db_, s_.b_tue8, "2026-12-08", {{s_.bob, Presence::absent, 0}}, s_.prof_b, kNow));
    attendance::NewJustification justification;
    justification.student_id = s_.bob;
    justification.from_date = justification.to_date = "2026-12-08";
    justification.reason = attendance::Reason::illness;
    CARTABLE_RETURN_IF_ERROR(attendance::recordJustification(db_, justification, s_.cpe, kNow));
    return okStatus();
  }

  Result<std::int64_t> work(std::int64_t class_id, const std::string& due_on, Seconds now) {
    homework::Homework h;
    h.teacher_id = class_id == s_.class_a ? s_.prof_a : s_.prof_b;
    h.subject_id = class_id == s_.class_a ? s_.maths : s_.french;
    h.class_id = class_id;
    h.due_on = due_on;
    h.instructions = "Exercices pour le " + due_on;
    h.hand_in_expected = true;
    return homework::createHomework(db_, h, now);
  }

  Status homework() {
    CARTABLE_ASSIGN_OR_RETURN(s_.hw_past, work(s_.class_a, "2026-12-07", at(2026, 12, 1)));
    CARTABLE_ASSIGN_OR_RETURN(s_.hw_10, work(s_.class_a, "2026-12-10", kNow));
    CARTABLE_ASSIGN_OR_RETURN(s_.hw_15, work(s_.class_a, "2026-12-15", kNow));
    CARTABLE_ASSIGN_OR_RETURN(s_.hw_16, work(s_.class_a, "2026-12-16", kNow));
    CARTABLE_ASSIGN_OR_RETURN(s_.hw_b, work(s_.class_b, "2026-12-09", kNow));
    bool replaced = false;
    CARTABLE_ASSIGN_OR_RETURN(auto alice_work, homework::handIn(db_, s_.hw_past, s_.alice, "Fait",
                                                                {}, at(2026, 12, 6), replaced));
    CARTABLE_RETURN_IF_ERROR(
        homework::handIn(db_, s_.hw_past, s_.carol, "Fait aussi", {}, at(2026, 12, 6), replaced));
    CARTABLE_RETURN_IF_ERROR(homework::returnFeedback(
        db_, alice_work.id, {"Revois les fractions.", {}, {}}, s_.prof_a, at(2026, 12, 7, 18, 0)));
    return okStatus();
  }

  Result<std::int64_t> evaluation(std::int64_t class_id, const std::string& date,
                                  const std::string& visible_from,
                                  const std::vector<grades::Score>& scores) {
    grades::Evaluation e;
    e.subject_id = class_id == s_.class_a ? s_.maths : s_.french;
    e.class_id = class_id;
    e.teacher_id = class_id == s_.class_a ? s_.prof_a : s_.prof_b;
    e.date = date;
    e.visible_from = visible_from;
    e.title = "Contrôle du " + date;
    CARTABLE_ASSIGN_OR_RETURN(const std::int64_t id, grades::createEvaluation(db_, e, kNow));
    CARTABLE_RETURN_IF_ERROR(grades::setScores(db_, id, scores, e.teacher_id, kNow));
    return id;
  }

  Status grades() {
    using grades::Mark;
    CARTABLE_ASSIGN_OR_RETURN(s_.eval_nov, evaluation(s_.class_a, "2026-11-20", "2026-11-20",
                                                      {{s_.alice, Mark::score, 900, "Courage"}}));
    CARTABLE_ASSIGN_OR_RETURN(s_.eval_dec, evaluation(s_.class_a, "2026-12-02", "2026-12-02",
                                                      {{s_.alice, Mark::score, 1500, "Très bien"},
                                                       {s_.carol, Mark::score, 1100, ""}}));
    CARTABLE_ASSIGN_OR_RETURN(s_.eval_hidden,
                              evaluation(s_.class_a, "2026-12-04", "2026-12-11",
                                         {{s_.alice, Mark::score, 1800, "Pas encore publié"}}));
    CARTABLE_ASSIGN_OR_RETURN(s_.eval_b, evaluation(s_.class_b, "2026-12-03", "2026-12-03",
                                                    {{s_.bob, Mark::score, 1200, ""}}));
    return okStatus();
  }

  Status communication() {
    using messaging::RecipientKind;
    messaging::NewConversation note{"Sortie",
                                    {{RecipientKind::person, s_.alice}},
                                    std::nullopt,
                                    {"Pense à l'autorisation.", {}}};
    CARTABLE_RETURN_IF_ERROR(messaging::startConversation(db_, s_.prof_a, note, kNow));
    note.recipients = {{RecipientKind::person, s_.pat}};
    CARTABLE_RETURN_IF_ERROR(messaging::startConversation(db_, s_.prof_a, note, kNow));
    announcements::Announcement news;
    news.author_id = s_.direction;
    news.title = "Sortie de la 6e A";
    news.body = "Au musée jeudi.";
    news.audiences = {{announcements::AudienceKind::class_all, s_.class_a}};
    CARTABLE_ASSIGN_OR_RETURN(s_.news_class, announcements::createAnnouncement(db_, news, kNow));
    news.title = "Fermeture le 18 décembre";
    news.audiences = {{announcements::AudienceKind::school, std::nullopt}};
    CARTABLE_ASSIGN_OR_RETURN(s_.news_school, announcements::createAnnouncement(db_, news, kNow));
    return announcements::markRead(db_, s_.news_school, s_.alice, kNow);
  }

  // Two records of the same content: one blob on disk.
  Status storedFiles() {
    files::FileStore store(files_root_, 1 << 20);
    for (const char* name : {"sujet.pdf", "copie-du-sujet.pdf"}) {
      CARTABLE_ASSIGN_OR_RETURN(auto staged,
                                store.stage({name, "application/pdf", kFileContent, "file"}));
      CARTABLE_RETURN_IF_ERROR(store.record(db_, staged, s_.prof_a, kNow));
    }
    return okStatus();
  }

  storage::Connection& db_;
  std::string files_root_;
  School s_;
};

}  // namespace cartable::dashboards::test_school
