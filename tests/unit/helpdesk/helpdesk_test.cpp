// The help desk's rules: what a ticket needs, who is told what, the
// conversation and its internal notes.
#include "helpdesk/helpdesk.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "core/storage/migrations.h"
#include "directory/users.h"
#include "files/files.h"
#include "schema/schema.h"
#include "support/temp_dir.h"

namespace cartable::helpdesk {
namespace {

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
const std::string kPdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n";

class HelpDesk : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(storage::Database::open(dir_.file("cartable.db"))).value();
    ASSERT_TRUE(storage::applyMigrations(*db_, schema::migrations(), clock_).ok());
    Status built = write([&](storage::Connection& db) -> Status {
      using directory::Role;
      parent_ = person(db, "parent", {Role::parent});
      teacher_ = person(db, "prof", {Role::teacher});
      admin_ = person(db, "direction", {Role::admin});
      other_admin_ = person(db, "referent", {Role::admin, Role::teacher});
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
  }
  void TearDown() override { db_.reset(); }

  std::int64_t person(storage::Connection& db, const std::string& login, directory::RoleSet roles) {
    directory::NewUser user;
    user.login = login;
    user.given_name = login;
    user.family_name = "Test";
    user.roles = roles;
    return directory::insertUser(db, user, clock_.now()).value();
  }

  template <class Work>
  Status write(Work work) {
    return db_->write([&](storage::Connection& db) -> Status { return work(db); });
  }

  NewTicket ticket() const {
    return {"account", "Mot de passe perdu", "Je n'arrive plus à me connecter.", std::nullopt};
  }

  Result<Ticket> open(const NewTicket& input, std::int64_t reporter = 0) {
    std::optional<Ticket> out;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out,
                                openTicket(db, input, reporter ? reporter : parent_, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return *out;
  }

  Result<Ticket> update(std::int64_t id, const TicketChange& change) {
    std::optional<Ticket> out;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, updateTicket(db, id, change, admin_, clock_.now()));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return *out;
  }

  Status comment(std::int64_t id, std::int64_t author, bool by_admin, const std::string& text,
                 bool internal = false) {
    return write([&](storage::Connection& db) -> Status {
      auto added = addComment(db, id, author, by_admin, text, internal, clock_.now());
      if (!added.ok()) return added.error();
      return okStatus();
    });
  }

  Result<std::int64_t> storeFile(const std::string& name, const std::string& content) {
    files::FileStore store(dir_.file("files"), 1 << 20);
    std::int64_t id = 0;
    Status status = write([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto staged, store.stage({name, "", content, "screenshot"}));
      CARTABLE_ASSIGN_OR_RETURN(auto info, store.record(db, staged, parent_, clock_.now()));
      id = info.id;
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return id;
  }

  std::int64_t count(const std::string& sql) {
    std::int64_t n = -1;
    EXPECT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(auto value, db.scalarInt64(sql));
                     n = value.value_or(-1);
                     return okStatus();
                   })
                    .ok());
    return n;
  }

  std::int64_t notices(std::int64_t user, const std::string& kind) {
    return count("SELECT count(*) FROM notifications WHERE user_id = " + std::to_string(user) +
                 " AND kind = '" + kind + "'");
  }

  std::vector<Comment> comments(std::int64_t id, bool with_internal) {
    std::vector<Comment> out;
    EXPECT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(out, commentsOf(db, id, with_internal));
                     return okStatus();
                   })
                    .ok());
    return out;
  }

  std::string statusOf(std::int64_t id) {
    std::string status;
    EXPECT_TRUE(db_->read([&](storage::Connection& db) -> Status {
                     CARTABLE_ASSIGN_OR_RETURN(auto t, getTicket(db, id));
                     status = t.status;
                     return okStatus();
                   })
                    .ok());
    return status;
  }

  testing::TempDir dir_;
  ManualClock clock_;
  std::unique_ptr<storage::Database> db_;
  std::int64_t parent_ = 0, teacher_ = 0, admin_ = 0, other_admin_ = 0;
};

TEST_F(HelpDesk, ANewTicketIsOpenAndTellsEveryAdmin) {
  auto opened = open(ticket());
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  EXPECT_EQ(opened->status, "open");
  EXPECT_EQ(opened->category, "account");
  EXPECT_EQ(notices(admin_, "helpdesk.new"), 1);
  EXPECT_EQ(notices(other_admin_, "helpdesk.new"), 1);
  EXPECT_EQ(notices(teacher_, "helpdesk.new"), 0);
  EXPECT_EQ(notices(parent_, "helpdesk.new"), 0);
}

TEST_F(HelpDesk, EveryCategoryOfTheListIsAccepted) {
  EXPECT_THAT(categories(),
              ::testing::ElementsAre("account", "timetable", "homework", "grades", "attendance",
                                     "messaging", "documents", "other"));
  for (const std::string& category : categories()) {
    auto input = ticket();
    input.category = category;
    EXPECT_TRUE(open(input).ok()) << category;
  }
}

TEST_F(HelpDesk, EachBadFieldIsRefusedByNameAndNothingIsWritten) {
  struct Case {
    std::function<void(NewTicket&)> change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](NewTicket& t) { t.category = "printer"; }, "category"},
      {[](NewTicket& t) { t.category = ""; }, "category"},
      {[](NewTicket& t) { t.subject = ""; }, "subject"},
      {[](NewTicket& t) { t.subject = "one\ntwo"; }, "subject"},
      {[](NewTicket& t) { t.text = ""; }, "text"},
      {[](NewTicket& t) { t.text = std::string(10001, 'x'); }, "text"},
      {[](NewTicket& t) { t.screenshot_id = 999; }, "screenshot"},
  };
  for (const Case& bad : cases) {
    auto input = ticket();
    bad.change(input);
    auto opened = open(input);
    ASSERT_FALSE(opened.ok()) << bad.field;
    EXPECT_EQ(opened.error().code, Errc::invalid_argument);
    EXPECT_EQ(opened.error().field, bad.field) << opened.error().message;
  }
  EXPECT_EQ(count("SELECT count(*) FROM helpdesk_tickets"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM notifications"), 0);
}

TEST_F(HelpDesk, TheUnknownCategoryMessageListsTheCategories) {
  auto input = ticket();
  input.category = "printer";
  auto opened = open(input);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().message,
            "\"category\" \"printer\" is not one of account, timetable, homework, grades, "
            "attendance, messaging, documents, other");
}

TEST_F(HelpDesk, AScreenshotMustBeAnImage) {
  auto png = storeFile("capture.png", kPng);
  auto pdf = storeFile("capture.pdf", kPdf);
  ASSERT_TRUE(png.ok() && pdf.ok());
  auto input = ticket();
  input.screenshot_id = *pdf;
  auto refused = open(input);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "screenshot");
  EXPECT_EQ(refused.error().message,
            "\"screenshot\" must be a PNG, JPEG or WebP image, not application/pdf");
  input.screenshot_id = *png;
  auto opened = open(input);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->screenshot_id, *png);
  EXPECT_TRUE(isScreenshotType("image/jpeg"));
  EXPECT_TRUE(isScreenshotType("image/webp"));
  EXPECT_FALSE(isScreenshotType("image/gif"));
}

TEST_F(HelpDesk, AnAdminsChangeTellsTheReporter) {
  auto opened = open(ticket());
  ASSERT_TRUE(opened.ok());
  TicketChange change;
  change.status = "in_progress";
  change.change_assignee = true;
  change.assignee_id = admin_;
  auto updated = update(opened->id, change);
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->status, "in_progress");
  EXPECT_EQ(updated->assignee_id, admin_);
  EXPECT_EQ(notices(parent_, "helpdesk.update"), 1);
  // The same change again changes nothing and tells nobody.
  ASSERT_TRUE(update(opened->id, change).ok());
  EXPECT_EQ(notices(parent_, "helpdesk.update"), 1);
}

TEST_F(HelpDesk, AnUnknownStatusOrANonAdminAssigneeIsRefused) {
  auto opened = open(ticket());
  ASSERT_TRUE(opened.ok());
  TicketChange bad_status;
  bad_status.status = "done";
  auto refused = update(opened->id, bad_status);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "status");
  TicketChange bad_assignee;
  bad_assignee.change_assignee = true;
  bad_assignee.assignee_id = teacher_;
  refused = update(opened->id, bad_assignee);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "assignee_id");
  EXPECT_EQ(statusOf(opened->id), "open");
  EXPECT_EQ(notices(parent_, "helpdesk.update"), 0);
}

TEST_F(HelpDesk, AnAdminsReplyTellsTheReporterButAnInternalNoteStaysAmongAdmins) {
  auto opened = open(ticket());
  ASSERT_TRUE(opened.ok());
  ASSERT_TRUE(comment(opened->id, admin_, true, "Mot de passe réinitialisé.").ok());
  ASSERT_TRUE(comment(opened->id, admin_, true, "Compte bloqué par l'import.", true).ok());
  EXPECT_EQ(notices(parent_, "helpdesk.update"), 1);
  auto seen_by_reporter = comments(opened->id, false);
  ASSERT_EQ(seen_by_reporter.size(), 1u);
  EXPECT_EQ(seen_by_reporter[0].text, "Mot de passe réinitialisé.");
  EXPECT_EQ(comments(opened->id, true).size(), 2u);
}

TEST_F(HelpDesk, TheReportersReplyTellsTheAdminsAndReopensTheTicket) {
  auto opened = open(ticket());
  ASSERT_TRUE(opened.ok());
  TicketChange waiting;
  waiting.status = "waiting_for_user";
  ASSERT_TRUE(update(opened->id, waiting).ok());
  ASSERT_TRUE(comment(opened->id, parent_, false, "Voici mon identifiant.").ok());
  EXPECT_EQ(statusOf(opened->id), "open");
  EXPECT_EQ(notices(admin_, "helpdesk.new"), 2);  // the ticket, then the reply
  EXPECT_EQ(notices(other_admin_, "helpdesk.new"), 2);
}

TEST_F(HelpDesk, AClosedTicketTakesNoMoreComments) {
  auto opened = open(ticket());
  ASSERT_TRUE(opened.ok());
  TicketChange closed;
  closed.status = "closed";
  ASSERT_TRUE(update(opened->id, closed).ok());
  Status refused = comment(opened->id, parent_, false, "Encore moi.");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, Errc::conflict);
  EXPECT_EQ(count("SELECT count(*) FROM helpdesk_comments"), 0);
}

TEST_F(HelpDesk, ACommentNeedsTextAndOnlyAdminsWriteInternalNotes) {
  auto opened = open(ticket());
  ASSERT_TRUE(opened.ok());
  Status empty = comment(opened->id, parent_, false, "");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "text");
  Status internal = comment(opened->id, parent_, false, "Note", true);
  ASSERT_FALSE(internal.ok());
  EXPECT_EQ(internal.error().field, "internal");
  EXPECT_EQ(count("SELECT count(*) FROM helpdesk_comments"), 0);
}

TEST_F(HelpDesk, TicketsAreListedByReporterStatusAndCategory) {
  auto first = open(ticket());
  auto input = ticket();
  input.category = "grades";
  clock_.advance(60);
  auto second = open(input, teacher_);
  ASSERT_TRUE(first.ok() && second.ok());
  auto list = [&](const TicketFilter& filter) {
    std::vector<std::int64_t> ids;
    Status status = db_->read([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(auto found, listTickets(db, filter));
      for (const Ticket& t : found) ids.push_back(t.id);
      return okStatus();
    });
    EXPECT_TRUE(status.ok()) << status.error().message;
    return ids;
  };
  EXPECT_THAT(list({}), ::testing::ElementsAre(second->id, first->id));
  TicketFilter mine;
  mine.reporter_id = parent_;
  EXPECT_THAT(list(mine), ::testing::ElementsAre(first->id));
  TicketFilter grades;
  grades.category = "grades";
  EXPECT_THAT(list(grades), ::testing::ElementsAre(second->id));
  TicketFilter resolved;
  resolved.status = "resolved";
  EXPECT_THAT(list(resolved), ::testing::IsEmpty());
}

TEST_F(HelpDesk, AnUnknownFilterIsRefusedByName) {
  TicketFilter filter;
  filter.status = "pending";
  Status status = db_->read([&](storage::Connection& db) -> Status {
    auto found = listTickets(db, filter);
    if (!found.ok()) return found.error();
    return okStatus();
  });
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "status");
}

}  // namespace
}  // namespace cartable::helpdesk
