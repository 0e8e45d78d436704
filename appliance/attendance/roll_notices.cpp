#include "attendance/roll_notices.h"

#include "attendance/internal.h"
#include "directory/structure.h"
#include "notifications/notifications.h"

namespace cartable::attendance {
namespace {

using storage::Connection;

// Records that the notice is sent; false when it already was.
Result<bool> claimNotice(Connection& db, const StudentNotice& notice, Seconds now) {
  const std::string kind = notice.status == Presence::late ? "late" : "absence";
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO attendance_notices (roll_call_id, student_id, kind, sent_at) "
              "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
              notice.roll_call_id, notice.student_id, kind, now));
  return db.changes() == 1;
}

Result<notifications::Notice> noticeText(Connection& db, const timetable::Occurrence& occurrence,
                                         const StudentNotice& notice) {
  CARTABLE_ASSIGN_OR_RETURN(std::string child, detail::nameOf(db, notice.student_id));
  CARTABLE_ASSIGN_OR_RETURN(std::string subject, detail::subjectLabel(db, occurrence.subject_id));
  const std::string lesson = subject.empty() ? "" : ", " + subject;
  notifications::Notice out;
  out.link = detail::attendanceLink(notice.student_id);
  if (notice.status == Presence::late) {
    out.kind = "attendance.late";
    out.title = "Retard de " + child + " le " + occurrence.date + " (cours de " +
                occurrence.starts_at + lesson + ", " + std::to_string(notice.minutes_late) +
                " min)";
    return out;
  }
  out.kind = "attendance.absence";
  out.title = "Absence de " + child + " le " + occurrence.date + " (" + occurrence.starts_at + "-" +
              occurrence.ends_at + lesson + ")";
  out.body = "Vous pouvez justifier cette absence auprès de la vie scolaire.";
  return out;
}

}  // namespace

Status noticeFamilyOnce(Connection& db, const timetable::Occurrence& occurrence,
                        const StudentNotice& notice, std::int64_t author_id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(bool first, claimNotice(db, notice, now));
  if (!first) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(auto parents, directory::parentsOf(db, {notice.student_id}));
  CARTABLE_ASSIGN_OR_RETURN(auto text, noticeText(db, occurrence, notice));
  return notifications::notify(db, parents, text, author_id, now);
}

}  // namespace cartable::attendance
