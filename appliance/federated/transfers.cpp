#include "federated/transfers.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "attendance/attendance.h"
#include "directory/users.h"
#include "federated/school_keys.h"
#include "federation/enrollment/enrollment.h"
#include "federation/replication/change_log.h"
#include "federation/replication/kinds.h"
#include "grades/grades.h"

namespace cartable::federated {

namespace {

using Object = Poco::JSON::Object;

std::string stringify(const Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

Status checkDestination(storage::Connection& conn, const std::string& to_uai,
                        const std::string& own_uai) {
  if (to_uai == own_uai) {
    return makeError(
        Errc::invalid_argument,
        "un élève ne peut pas être transféré vers son propre établissement / a student "
        "cannot be transferred to this school",
        "to_uai");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto keys, findSchoolKeys(conn, to_uai));
  if (!keys || keys->revoked) {
    return makeError(Errc::invalid_argument,
                     "aucun établissement " + to_uai +
                         " inscrit n'est connu du hub / no enrolled school " + to_uai +
                         " is known from the hub",
                     "to_uai");
  }
  return okStatus();
}

Object::Ptr studentPart(const directory::User& user) {
  Object::Ptr student = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  student->set("given_name", user.given_name);
  student->set("family_name", user.family_name);
  student->set("birth_date",
               user.birth_date ? Poco::Dynamic::Var(*user.birth_date) : Poco::Dynamic::Var());
  student->set("ine", user.ine ? Poco::Dynamic::Var(*user.ine) : Poco::Dynamic::Var());
  return student;
}

Result<Poco::Dynamic::Var> lastClass(storage::Connection& conn, std::int64_t student_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt, conn.query("SELECT c.code, c.label, c.level FROM enrollments e JOIN classes c ON "
                            "c.id = e.class_id WHERE e.student_id = ? ORDER BY e.since DESC "
                            "LIMIT 1",
                            student_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, stmt.step());
  if (!found) return Poco::Dynamic::Var();
  Object::Ptr part = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  part->set("code", stmt.text(0));
  part->set("label", stmt.text(1));
  part->set("level", stmt.text(2));
  return Poco::Dynamic::Var(part);
}

Result<Poco::Dynamic::Var> attendancePart(storage::Connection& conn, std::int64_t student_id,
                                          const std::string& date) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto span, attendance::resolveSpan(conn, std::nullopt, std::nullopt, std::nullopt, date));
  CARTABLE_ASSIGN_OR_RETURN(auto summary, attendance::studentAttendance(conn, student_id, span));
  Object::Ptr part = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  part->set("from", span.from);
  part->set("to", span.to);
  part->set("period", span.label);
  part->set("half_days_absent", summary.half_days_absent);
  part->set("half_days_unjustified", summary.half_days_unjustified);
  part->set("late_count", summary.late_count);
  part->set("minutes_late", summary.minutes_late);
  return Poco::Dynamic::Var(part);
}

Result<Poco::Dynamic::Var> averagesPart(storage::Connection& conn, std::int64_t student_id,
                                        const std::string& date) {
  CARTABLE_ASSIGN_OR_RETURN(auto period, grades::periodHolding(conn, date));
  if (!period) return Poco::Dynamic::Var();
  CARTABLE_ASSIGN_OR_RETURN(auto report,
                            grades::studentReport(conn, student_id, period->index, std::nullopt));
  Object::Ptr part = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
  part->set("period", period->label);
  Poco::JSON::Array::Ptr subjects = new Poco::JSON::Array;
  for (const auto& subject : report.subjects) {
    if (!subject.average) continue;
    Object::Ptr line = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    line->set("subject", subject.subject);
    line->set("average", grades::formatHundredths(*subject.average));
    subjects->add(line);
  }
  part->set("subjects", subjects);
  part->set("general_average",
            report.general_average
                ? Poco::Dynamic::Var(grades::formatHundredths(*report.general_average))
                : Poco::Dynamic::Var());
  return Poco::Dynamic::Var(part);
}

struct Queued {
  std::int64_t id = 0;
  std::int64_t student_id = 0;
  std::string to_uai;
  bool attendance = false;
  bool averages = false;
  std::string date;
  std::string regional_id;
};

Result<std::string> dossier(storage::Connection& conn, const Queued& transfer,
                            const std::string& uai) {
  CARTABLE_ASSIGN_OR_RETURN(directory::User user, directory::getUser(conn, transfer.student_id));
  Object content(Poco::JSON_PRESERVE_KEY_ORDER);
  content.set("regional_id", transfer.regional_id);
  content.set("from_uai", uai);
  content.set("date", transfer.date);
  content.set("student", studentPart(user));
  CARTABLE_ASSIGN_OR_RETURN(auto last_class, lastClass(conn, transfer.student_id));
  content.set("class", last_class);
  Poco::Dynamic::Var attendance, averages;
  if (transfer.attendance) {
    CARTABLE_ASSIGN_OR_RETURN(attendance, attendancePart(conn, transfer.student_id, transfer.date));
  }
  if (transfer.averages) {
    CARTABLE_ASSIGN_OR_RETURN(averages, averagesPart(conn, transfer.student_id, transfer.date));
  }
  content.set("attendance", attendance);
  content.set("averages", averages);
  return stringify(content);
}

}  // namespace

Result<std::int64_t> requestTransfer(storage::Connection& conn, const TransferRequest& request,
                                     const std::string& own_uai, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(directory::User user, directory::getUser(conn, request.student_id));
  if (!user.roles.has(directory::Role::student)) {
    return makeError(Errc::invalid_argument,
                     "le compte " + std::to_string(request.student_id) +
                         " n'est pas celui d'un élève / account " +
                         std::to_string(request.student_id) + " is not a student",
                     "student_id");
  }
  CARTABLE_RETURN_IF_ERROR(checkDestination(conn, request.to_uai, own_uai));
  CARTABLE_ASSIGN_OR_RETURN(
      auto asked, conn.scalarInt64("SELECT count(*) FROM transfers_out WHERE student_id = ? AND "
                                   "to_uai = ?",
                                   request.student_id, request.to_uai));
  if (asked.value_or(0) > 0) {
    return makeError(Errc::already_exists,
                     "le transfert de cet élève vers " + request.to_uai +
                         " est déjà demandé / the transfer "
                         "of this student to " +
                         request.to_uai + " was already asked",
                     "to_uai");
  }
  const std::string today = grades::dateAt(now);
  CARTABLE_RETURN_IF_ERROR(conn.exec(
      "INSERT INTO transfers_out(student_id, to_uai, include_attendance, include_averages, "
      "dossier_date, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      request.student_id, request.to_uai, request.include_attendance, request.include_averages,
      today, request.requested_by, now));
  const std::int64_t id = conn.lastInsertId();
  CARTABLE_RETURN_IF_ERROR(
      conn.exec("UPDATE enrollments SET until = ?1 WHERE student_id = ?2 AND until IS NULL", today,
                request.student_id));
  CARTABLE_RETURN_IF_ERROR(directory::setDisabled(conn, request.student_id, now, now));
  return id;
}

Result<bool> hasRequestedTransfers(storage::Connection& conn) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto waiting,
      conn.scalarInt64("SELECT EXISTS (SELECT 1 FROM transfers_out WHERE sent_at IS NULL)"));
  return waiting.value_or(0) == 1;
}

Result<int> sendRequestedTransfers(storage::Connection& conn, const federation::NodeKeys& keys,
                                   const std::string& uai, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto stmt,
      conn.query("SELECT t.id, t.student_id, t.to_uai, t.include_attendance, t.include_averages, "
                 "t.dossier_date, ra.regional_id FROM transfers_out t JOIN regional_accounts ra "
                 "ON ra.user_id = t.student_id WHERE t.sent_at IS NULL AND ra.regional_id IS NOT "
                 "NULL ORDER BY t.id LIMIT 100"));
  std::vector<Queued> queued;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, stmt.step());
    if (!more) break;
    queued.push_back({stmt.int64(0), stmt.int64(1), stmt.text(2), stmt.int64(3) == 1,
                      stmt.int64(4) == 1, stmt.text(5), stmt.text(6)});
  }
  int sent = 0;
  for (const auto& transfer : queued) {
    CARTABLE_ASSIGN_OR_RETURN(auto recipient, findSchoolKeys(conn, transfer.to_uai));
    if (!recipient || recipient->revoked) continue;
    CARTABLE_ASSIGN_OR_RETURN(std::string content, dossier(conn, transfer, uai));
    const std::string self = federation::schoolPeerName(uai);
    const federation::SealedHeader header{self, federation::schoolPeerName(transfer.to_uai),
                                          kDossierPurpose};
    const std::string key =
        std::string(kDossierPurpose) + ":" + transfer.regional_id + ":" + transfer.to_uai;
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t version,
                              federation::nextVersion(conn, federation::kSealedKind, key));
    CARTABLE_ASSIGN_OR_RETURN(
        auto seq, federation::appendChange(
                      conn,
                      {0, federation::kHubPeerName, federation::kSealedKind, key, self, version,
                       federation::sealPayload(keys, header, recipient->box_public, content)},
                      now));
    (void)seq;
    CARTABLE_RETURN_IF_ERROR(
        conn.exec("UPDATE transfers_out SET sent_at = ? WHERE id = ?", now, transfer.id));
    ++sent;
  }
  return sent;
}

Status receiveDossier(storage::Connection& conn, const federation::SealedHeader& header,
                      const std::string& content, Seconds now) {
  std::string regional_id;
  try {
    auto object = Poco::JSON::Parser().parse(content).extract<Object::Ptr>();
    regional_id = object->getValue<std::string>("regional_id");
    if (!object->getObject("student")) throw Poco::Exception("no student");
  } catch (const std::exception&) {
    return makeError(Errc::malformed, "the dossier from " + header.from + " is not readable",
                     "dossier");
  }
  return conn.exec(
      "INSERT INTO transfers_in(regional_id, from_uai, received_at, content) VALUES (?1, ?2, ?3, "
      "?4) ON CONFLICT(regional_id, from_uai) DO UPDATE SET received_at = ?3, content = ?4",
      regional_id, federation::uaiOfPeer(header.from), now, content);
}

Result<std::vector<TransferView>> listTransfers(storage::Connection& conn, int limit) {
  std::vector<TransferView> views;
  CARTABLE_ASSIGN_OR_RETURN(
      auto out, conn.query("SELECT t.id, t.to_uai, t.student_id, u.given_name || ' ' || "
                           "u.family_name, t.requested_at, t.sent_at FROM transfers_out t JOIN "
                           "users u ON u.id = t.student_id ORDER BY t.requested_at DESC, t.id "
                           "DESC LIMIT ?",
                           limit));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, out.step());
    if (!more) break;
    views.push_back({out.int64(0), "out", out.text(1), out.int64(2), out.text(3), out.int64(4),
                     out.optionalInt64(5), ""});
  }
  CARTABLE_ASSIGN_OR_RETURN(
      auto in, conn.query("SELECT t.id, t.from_uai, (SELECT user_id FROM regional_accounts WHERE "
                          "regional_id = t.regional_id ORDER BY user_id LIMIT 1), "
                          "json_extract(t.content, '$.student.given_name') || ' ' || "
                          "json_extract(t.content, '$.student.family_name'), t.received_at, "
                          "t.content FROM transfers_in t ORDER BY t.received_at DESC, t.id DESC "
                          "LIMIT ?",
                          limit));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, in.step());
    if (!more) return views;
    views.push_back({in.int64(0), "in", in.text(1), in.optionalInt64(2), in.text(3), in.int64(4),
                     std::nullopt, in.text(5)});
  }
}

}  // namespace cartable::federated
