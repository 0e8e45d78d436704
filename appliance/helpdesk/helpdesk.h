// The help desk (assistance intégrée): any signed-in person opens a ticket
// about a part of Cartable, optionally with a screenshot; the school's admins
// handle it (status, assignment, comments, internal notes).
//
// Notices: a new ticket and each comment of its reporter tell every admin
// ("helpdesk.new"); every change an admin makes (status, assignee, a comment
// that is not an internal note) tells the reporter ("helpdesk.update").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::helpdesk {

// The categories, fixed: "account" (sign-in, password), "timetable",
// "homework", "grades", "attendance", "messaging", "documents", "other".
const std::vector<std::string>& categories();
bool isCategory(std::string_view name);

// The statuses: "open", "in_progress", "waiting_for_user", "resolved", "closed".
const std::vector<std::string>& statuses();
bool isStatus(std::string_view name);

// A screenshot must be an image: PNG, JPEG or WebP (the type found from its bytes).
bool isScreenshotType(std::string_view content_type);

struct Ticket {
  std::int64_t id = 0;
  std::int64_t reporter_id = 0;
  std::string category;
  std::string subject;  // 1..200 characters, one line
  std::string text;     // 1..10000 characters
  std::string status = "open";
  std::optional<std::int64_t> assignee_id;    // an admin
  std::optional<std::int64_t> screenshot_id;  // a file of the store
  Seconds created_at = 0;
  Seconds updated_at = 0;
};

struct Comment {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::optional<std::int64_t> author_id;
  std::string text;       // 1..10000 characters
  bool internal = false;  // an admins' note, never shown to the reporter
  Seconds created_at = 0;
};

struct NewTicket {
  std::string category;
  std::string subject;
  std::string text;
  std::optional<std::int64_t> screenshot_id;  // already recorded in the store
};

// Opens a ticket for `reporter_id` and tells the admins. invalid_argument
// names "category" (not one of categories()), "subject", "text" (empty, too
// long) or "screenshot" (not a PNG, JPEG or WebP image, or no such file).
Result<Ticket> openTicket(storage::Connection& db, const NewTicket& input, std::int64_t reporter_id,
                          Seconds now);

// not_found when absent.
Result<Ticket> getTicket(storage::Connection& db, std::int64_t id);
// True when `user_id` opened ticket `id`.
Result<bool> isReporter(storage::Connection& db, std::int64_t id, std::int64_t user_id);

struct TicketFilter {
  std::optional<std::int64_t> reporter_id;  // a user's own tickets
  std::optional<std::string> status;        // invalid_argument naming "status" when unknown
  std::optional<std::string> category;      // invalid_argument naming "category" when unknown
  std::optional<std::int64_t> assignee_id;
  int limit = 50;  // 1..200
  int offset = 0;
};
// Tickets by latest activity first.
Result<std::vector<Ticket>> listTickets(storage::Connection& db, const TicketFilter& filter);

struct TicketChange {
  std::optional<std::string> status;
  bool change_assignee = false;
  std::optional<std::int64_t> assignee_id;  // with change_assignee; empty: unassign
};

// An admin's change; tells the reporter when something changed.
// invalid_argument names "status" (unknown) or "assignee_id" (not an admin).
Result<Ticket> updateTicket(storage::Connection& db, std::int64_t id, const TicketChange& change,
                            std::int64_t admin_id, Seconds now);

// Adds a comment by `author_id` (`by_admin`: an admin of the school). A
// reporter's comment tells the admins and reopens a ticket that was waiting
// for them or resolved; an admin's comment tells the reporter unless it is an
// internal note. conflict when the ticket is closed; invalid_argument naming
// "text", or "internal" when a non-admin asks for an internal note.
Result<Comment> addComment(storage::Connection& db, std::int64_t ticket_id, std::int64_t author_id,
                           bool by_admin, const std::string& text, bool internal, Seconds now);

// The ticket's comments, oldest first; internal notes only when asked.
Result<std::vector<Comment>> commentsOf(storage::Connection& db, std::int64_t ticket_id,
                                        bool with_internal);

}  // namespace cartable::helpdesk
