#include "helpdesk/helpdesk.h"

#include <algorithm>

#include "core/base/utf8.h"
#include "directory/validate.h"
#include "files/files.h"
#include "notifications/notifications.h"

namespace cartable::helpdesk {
namespace {

using storage::Connection;

constexpr std::size_t kMaxSubject = 200;
constexpr std::size_t kMaxText = 10000;
constexpr std::size_t kNoticeBytes = 200;
constexpr const char* kColumns =
    "id, reporter_id, category, subject, text, status, assignee_id, screenshot_id, created_at, "
    "updated_at";

Error invalid(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

Status checkCategory(std::string_view category) {
  if (isCategory(category)) return okStatus();
  return invalid("category",
                 "\"" + std::string(category) + "\" is not one of " + joined(categories()));
}

Status checkStatus(std::string_view status) {
  if (isStatus(status)) return okStatus();
  return invalid("status", "\"" + std::string(status) + "\" is not one of " + joined(statuses()));
}

Status checkScreenshot(Connection& db, std::int64_t file_id) {
  auto file = files::FileStore::find(db, file_id);
  if (!file.ok()) return invalid("screenshot", "names no stored file");
  if (!isScreenshotType(file->content_type)) {
    return invalid("screenshot", "must be a PNG, JPEG or WebP image, not " + file->content_type);
  }
  return okStatus();
}

Ticket readTicket(const storage::Statement& row) {
  Ticket t;
  t.id = row.int64(0);
  t.reporter_id = row.int64(1);
  t.category = row.text(2);
  t.subject = row.text(3);
  t.text = row.text(4);
  t.status = row.text(5);
  t.assignee_id = row.optionalInt64(6);
  t.screenshot_id = row.optionalInt64(7);
  t.created_at = row.int64(8);
  t.updated_at = row.int64(9);
  return t;
}

Result<std::vector<std::int64_t>> admins(Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT u.id FROM users u JOIN user_roles r ON r.user_id = u.id "
                          "WHERE r.role = 'admin' AND u.disabled_at IS NULL ORDER BY u.id"));
  std::vector<std::int64_t> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) return out;
    out.push_back(rows.int64(0));
  }
}

std::string statusLabel(std::string_view status) {
  if (status == "open") return "ouverte";
  if (status == "in_progress") return "en cours de traitement";
  if (status == "waiting_for_user") return "en attente de votre réponse";
  if (status == "resolved") return "résolue";
  return "fermée";
}

std::string linkTo(const Ticket& ticket) {
  return "/helpdesk/tickets/" + std::to_string(ticket.id);
}

std::string excerpt(const std::string& text) {
  return std::string(utf8::truncate(text, kNoticeBytes));
}

Status tellAdmins(Connection& db, const Ticket& ticket, const std::string& title,
                  const std::string& body, std::int64_t author, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(auto people, admins(db));
  return notifications::notify(db, people, {"helpdesk.new", title, body, linkTo(ticket)}, author,
                               now);
}

Status tellReporter(Connection& db, const Ticket& ticket, const std::string& body,
                    std::int64_t author, Seconds now) {
  const notifications::Notice notice{
      "helpdesk.update", "Votre demande d'assistance « " + excerpt(ticket.subject) + " »", body,
      linkTo(ticket)};
  return notifications::notify(db, {ticket.reporter_id}, notice, author, now);
}

Status checkAssignee(Connection& db, const std::optional<std::int64_t>& assignee) {
  if (!assignee) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(auto admin,
                            db.scalarInt64("SELECT 1 FROM user_roles WHERE user_id = ? AND "
                                           "role = 'admin'",
                                           *assignee));
  if (!admin) return invalid("assignee_id", std::to_string(*assignee) + " is not an admin");
  return okStatus();
}

// What the reporter is told about `change`; empty when nothing changed.
std::string describeChange(const Ticket& before, const Ticket& after) {
  std::string out;
  if (before.status != after.status) out = "Demande " + statusLabel(after.status) + ".";
  if (before.assignee_id != after.assignee_id) {
    out += std::string(out.empty() ? "" : " ") + (after.assignee_id
                                                      ? "Prise en charge par un administrateur."
                                                      : "En attente d'un nouvel interlocuteur.");
  }
  return out;
}

}  // namespace

const std::vector<std::string>& categories() {
  static const std::vector<std::string> names = {"account",    "timetable", "homework",  "grades",
                                                 "attendance", "messaging", "documents", "other"};
  return names;
}

bool isCategory(std::string_view name) {
  const auto& names = categories();
  return std::find(names.begin(), names.end(), name) != names.end();
}

const std::vector<std::string>& statuses() {
  static const std::vector<std::string> names = {"open", "in_progress", "waiting_for_user",
                                                 "resolved", "closed"};
  return names;
}

bool isStatus(std::string_view name) {
  const auto& names = statuses();
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool isScreenshotType(std::string_view content_type) {
  return content_type == "image/png" || content_type == "image/jpeg" ||
         content_type == "image/webp";
}

Result<Ticket> openTicket(Connection& db, const NewTicket& input, std::int64_t reporter_id,
                          Seconds now) {
  CARTABLE_RETURN_IF_ERROR(checkCategory(input.category));
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(input.subject, "subject", kMaxSubject));
  if (input.subject.find_first_of("\n\t") != std::string::npos) {
    return invalid("subject", "must be one line");
  }
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(input.text, "text", kMaxText));
  if (input.screenshot_id) CARTABLE_RETURN_IF_ERROR(checkScreenshot(db, *input.screenshot_id));
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "INSERT INTO helpdesk_tickets (reporter_id, category, subject, text, screenshot_id, "
      "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      reporter_id, input.category, input.subject, input.text, input.screenshot_id, now, now));
  CARTABLE_ASSIGN_OR_RETURN(Ticket ticket, getTicket(db, db.lastInsertId()));
  CARTABLE_RETURN_IF_ERROR(tellAdmins(db, ticket,
                                      "Nouvelle demande d'assistance : " + excerpt(ticket.subject),
                                      excerpt(ticket.text), reporter_id, now));
  return ticket;
}

Result<Ticket> getTicket(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row,
      db.query(std::string("SELECT ") + kColumns + " FROM helpdesk_tickets WHERE id = ?", id));
  CARTABLE_ASSIGN_OR_RETURN(bool has_row, row.step());
  if (!has_row) return makeError(Errc::not_found, "no ticket with id " + std::to_string(id), "id");
  return readTicket(row);
}

Result<bool> isReporter(Connection& db, std::int64_t id, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found, db.scalarInt64("SELECT 1 FROM helpdesk_tickets WHERE id = ? AND reporter_id = ?",
                                 id, user_id));
  return found.has_value();
}

Result<std::vector<Ticket>> listTickets(Connection& db, const TicketFilter& filter) {
  if (filter.status) CARTABLE_RETURN_IF_ERROR(checkStatus(*filter.status));
  if (filter.category) CARTABLE_RETURN_IF_ERROR(checkCategory(*filter.category));
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query(std::string("SELECT ") + kColumns +
                              " FROM helpdesk_tickets WHERE (?1 IS NULL OR reporter_id = ?1) AND "
                              "(?2 IS NULL OR status = ?2) AND (?3 IS NULL OR category = ?3) AND "
                              "(?4 IS NULL OR assignee_id = ?4) ORDER BY updated_at DESC, id DESC "
                              "LIMIT ?5 OFFSET ?6",
                          filter.reporter_id, filter.status, filter.category, filter.assignee_id,
                          filter.limit, filter.offset));
  std::vector<Ticket> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) return out;
    out.push_back(readTicket(rows));
  }
}

Result<Ticket> updateTicket(Connection& db, std::int64_t id, const TicketChange& change,
                            std::int64_t admin_id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(const Ticket before, getTicket(db, id));
  Ticket after = before;
  if (change.status) {
    CARTABLE_RETURN_IF_ERROR(checkStatus(*change.status));
    after.status = *change.status;
  }
  if (change.change_assignee) {
    CARTABLE_RETURN_IF_ERROR(checkAssignee(db, change.assignee_id));
    after.assignee_id = change.assignee_id;
  }
  const std::string told = describeChange(before, after);
  if (told.empty()) return before;
  CARTABLE_RETURN_IF_ERROR(db.exec(
      "UPDATE helpdesk_tickets SET status = ?, assignee_id = ?, updated_at = ? WHERE id = ?",
      after.status, after.assignee_id, now, id));
  after.updated_at = now;
  CARTABLE_RETURN_IF_ERROR(tellReporter(db, after, told, admin_id, now));
  return after;
}

Result<Comment> addComment(Connection& db, std::int64_t ticket_id, std::int64_t author_id,
                           bool by_admin, const std::string& text, bool internal, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(Ticket ticket, getTicket(db, ticket_id));
  if (internal && !by_admin) return invalid("internal", "notes are for admins only");
  if (ticket.status == "closed") {
    return makeError(Errc::conflict,
                     "ticket " + std::to_string(ticket_id) + " is closed; open a new one", "id");
  }
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(text, "text", kMaxText));
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT INTO helpdesk_comments (ticket_id, author_id, text, internal, created_at) "
              "VALUES (?, ?, ?, ?, ?)",
              ticket_id, author_id, text, internal, now));
  const Comment comment{db.lastInsertId(), ticket_id, author_id, text, internal, now};
  const bool from_reporter = author_id == ticket.reporter_id && !internal;
  const bool reopens =
      from_reporter && (ticket.status == "waiting_for_user" || ticket.status == "resolved");
  CARTABLE_RETURN_IF_ERROR(
      db.exec("UPDATE helpdesk_tickets SET status = ?, updated_at = ? WHERE id = ?",
              reopens ? std::string("open") : ticket.status, now, ticket_id));
  if (from_reporter) {
    CARTABLE_RETURN_IF_ERROR(tellAdmins(db, ticket,
                                        "Réponse à la demande « " + excerpt(ticket.subject) + " »",
                                        excerpt(text), author_id, now));
  } else if (!internal) {
    CARTABLE_RETURN_IF_ERROR(
        tellReporter(db, ticket, "Nouvelle réponse : " + excerpt(text), author_id, now));
  }
  return comment;
}

Result<std::vector<Comment>> commentsOf(Connection& db, std::int64_t ticket_id,
                                        bool with_internal) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT id, ticket_id, author_id, text, internal, created_at "
                          "FROM helpdesk_comments WHERE ticket_id = ? AND (? OR internal = 0) "
                          "ORDER BY id",
                          ticket_id, with_internal));
  std::vector<Comment> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool has_row, rows.step());
    if (!has_row) return out;
    out.push_back({rows.int64(0), rows.int64(1), rows.optionalInt64(2), rows.text(3),
                   rows.int64(4) != 0, rows.int64(5)});
  }
}

}  // namespace cartable::helpdesk
