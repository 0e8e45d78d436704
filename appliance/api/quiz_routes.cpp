// Quizzes: building and publishing them, answering them, their results and
// the gradebook feed.
#include "api/access.h"
#include "api/quiz_input.h"
#include "api/quiz_views.h"
#include "api/routes.h"
#include "api/views.h"
#include "core/http/problem.h"
#include "directory/structure.h"
#include "grades/grades.h"
#include "quizzes/audience.h"

namespace cartable::api {
namespace {

using http::Method;
using storage::Connection;
using Json = Result<Poco::JSON::Object::Ptr>;

Error fieldError(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

// How many students have answered the quiz.
Result<std::int64_t> answeredBy(Connection& db, std::int64_t quiz_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto answered, db.scalarInt64("SELECT count(DISTINCT student_id) FROM "
                                                          "quiz_attempts WHERE quiz_id = ?",
                                                          quiz_id));
  return answered.value_or(0);
}

Json teacherView(Connection& db, const quizzes::Quiz& quiz) {
  CARTABLE_ASSIGN_OR_RETURN(std::int64_t answered, answeredBy(db, quiz.id));
  return views::quizForTeacher(quiz, answered);
}

Json storedTeacherView(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto quiz, quizzes::getQuiz(db, id));
  return teacherView(db, quiz);
}

// A student's (or their parent's) view: corrections follow that student's attempts.
Result<Poco::JSON::Object::Ptr> studentProgress(Connection& db, const quizzes::Quiz& quiz,
                                                std::int64_t student, Seconds now,
                                                bool& corrections) {
  CARTABLE_ASSIGN_OR_RETURN(auto attempts, quizzes::attemptsOf(db, quiz.id, student));
  corrections = quizzes::correctionsVisible(quiz, attempts.size(), now);
  return views::quizProgress(quiz, student, attempts);
}

Json familyView(Call& call, Connection& db, const quizzes::Quiz& quiz) {
  const Principal& who = call.who();
  const Seconds now = call.services.clock.now();
  bool corrections = false;
  if (who.has(directory::Role::student)) {
    CARTABLE_ASSIGN_OR_RETURN(bool mine, quizzes::isAssignedTo(db, quiz.id, who.user_id));
    if (mine) {
      CARTABLE_ASSIGN_OR_RETURN(auto progress,
                                studentProgress(db, quiz, who.user_id, now, corrections));
      auto out = views::quizForStudent(quiz, corrections);
      out->set("progress", progress);
      return out;
    }
  }
  // A parent: each child who has it; the corrections once every one of them may see them.
  Poco::JSON::Array::Ptr children = new Poco::JSON::Array;
  bool all_see = true;
  CARTABLE_ASSIGN_OR_RETURN(auto links, directory::childrenOf(db, who.user_id));
  for (const directory::Guardianship& link : links) {
    CARTABLE_ASSIGN_OR_RETURN(bool assigned, quizzes::isAssignedTo(db, quiz.id, link.student_id));
    if (!assigned) continue;
    CARTABLE_ASSIGN_OR_RETURN(auto progress,
                              studentProgress(db, quiz, link.student_id, now, corrections));
    all_see = all_see && corrections;
    children->add(progress);
  }
  auto out = views::quizForStudent(quiz, all_see && children->size() > 0);
  out->set("children", children);
  return out;
}

http::Response getQuiz(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto quiz, quizzes::getQuiz(db, *id));
    CARTABLE_ASSIGN_OR_RETURN(bool teacher_side, access::readsQuizAsTeacher(call, db, *id));
    if (teacher_side) return teacherView(db, quiz);
    return familyView(call, db, quiz);
  });
}

http::Response createQuiz(Call& call) {
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  auto quiz = quiz_input::newQuiz(*body, call.who().user_id);
  if (!quiz.ok()) return http::problem(quiz.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t id,
                              quizzes::createQuiz(db, *quiz, call.services.clock.now()));
    return storedTeacherView(db, id);
  });
}

http::Response patchQuiz(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto quiz, quizzes::getQuiz(db, *id));
    CARTABLE_RETURN_IF_ERROR(quiz_input::applyChanges(*body, quiz));
    CARTABLE_RETURN_IF_ERROR(quizzes::updateQuiz(db, quiz, call.services.clock.now()));
    return storedTeacherView(db, *id);
  });
}

http::Response publishQuiz(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return writeJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_RETURN_IF_ERROR(quizzes::publishQuiz(db, *id, call.services.clock.now()));
    return storedTeacherView(db, *id);
  });
}

http::Response deleteQuiz(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  Status deleted =
      call.services.db.write([&](Connection& db) { return quizzes::deleteQuiz(db, *id); });
  if (!deleted.ok()) return http::problem(deleted.error());
  return http::Response{204, "", "", {}};
}

http::Response submitAttempt(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  auto body = call.body();
  if (!body.ok()) return http::problem(body.error());
  const Seconds now = call.services.clock.now();
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto quiz, quizzes::getQuiz(db, *id));
    CARTABLE_ASSIGN_OR_RETURN(auto answers, quiz_input::answers(*body, quiz));
    CARTABLE_ASSIGN_OR_RETURN(auto attempt,
                              quizzes::submitAttempt(db, *id, call.who().user_id, answers, now));
    CARTABLE_ASSIGN_OR_RETURN(auto attempts, quizzes::attemptsOf(db, *id, call.who().user_id));
    auto out = views::quizAttempt(quiz, attempt);
    out->set("attempts_left", std::max(0, quiz.max_attempts - static_cast<int>(attempts.size())));
    const bool corrections = quizzes::correctionsVisible(quiz, attempts.size(), now);
    out->set("quiz", views::quizForStudent(quiz, corrections));
    return out;
  });
}

http::Response quizResults(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  return readJson(call, 200, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto quiz, quizzes::getQuiz(db, *id));
    CARTABLE_ASSIGN_OR_RETURN(auto results, quizzes::resultsOf(db, quiz));
    return views::quizResults(quiz, results);
  });
}

http::Response feedGradebook(Call& call) {
  auto id = call.pathId("id");
  if (!id.ok()) return http::problem(id.error());
  // Every field has a default: an empty body is welcome.
  auto body = call.request.body.empty()
                  ? Result<http::JsonObject>(http::JsonObject(new Poco::JSON::Object))
                  : call.body();
  if (!body.ok()) return http::problem(body.error());
  const Seconds now = call.services.clock.now();
  auto feed = quiz_input::gradebookFeed(*body, grades::dateAt(now));
  if (!feed.ok()) return http::problem(feed.error());
  return writeJson(call, 201, [&](Connection& db) -> Json {
    CARTABLE_ASSIGN_OR_RETURN(auto fed,
                              quizzes::feedGradebook(db, *id, *feed, call.who().user_id, now));
    auto out = http::newObject();
    out->set("quiz_id", *id);
    out->set("evaluation_id", fed.evaluation_id);
    out->set("scores", fed.scores);
    return out;
  });
}

Json listFor(Call& call, Connection& db, std::int64_t student) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, quizzes::quizzesOfStudent(db, student));
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const quizzes::Quiz& quiz : found) {
    bool corrections = false;
    CARTABLE_ASSIGN_OR_RETURN(
        auto progress, studentProgress(db, quiz, student, call.services.clock.now(), corrections));
    progress->remove("attempts");
    auto item = views::quizSummary(quiz);
    item->set("progress", progress);
    items->add(item);
  }
  auto out = http::newObject();
  out->set("items", items);
  out->set("student_id", student);
  return out;
}

// A teacher's quizzes, each with how many students have answered it.
Json setByList(Connection& db, const std::vector<quizzes::Quiz>& set) {
  Poco::JSON::Array::Ptr items = new Poco::JSON::Array;
  for (const quizzes::Quiz& quiz : set) {
    CARTABLE_ASSIGN_OR_RETURN(std::int64_t answered, answeredBy(db, quiz.id));
    auto item = views::quizSummary(quiz);
    item->set("answered_by", answered);
    items->add(item);
  }
  auto out = http::newObject();
  out->set("items", items);
  return out;
}

http::Response listQuizzes(Call& call) {
  auto student = call.queryInt("student_id", 0, 1, INT64_MAX);
  if (!student.ok()) return http::problem(student.error());
  const Principal& who = call.who();
  if (*student == 0 && who.has(directory::Role::student)) *student = who.user_id;
  if (*student == 0 && !who.has(directory::Role::teacher)) {
    return http::problem(fieldError("student_id", "is required"));
  }
  return readJson(call, 200, [&](Connection& db) -> Json {
    if (*student != 0) return listFor(call, db, *student);
    CARTABLE_ASSIGN_OR_RETURN(auto set, quizzes::quizzesSetBy(db, who.user_id));
    return setByList(db, set);
  });
}

}  // namespace

void addQuizRoutes(RouteTable& table) {
  const auto signed_in = Audience::signed_in;
  const std::string quiz = "/api/v1/quizzes/{id}";
  table.add({Method::get, "/api/v1/quizzes", signed_in, access::listQuizzes, listQuizzes});
  table.add({Method::post, "/api/v1/quizzes", signed_in, access::setQuiz, createQuiz});
  table.add({Method::get, quiz, signed_in, access::viewQuiz, getQuiz});
  table.add({Method::patch, quiz, signed_in, access::manageQuiz, patchQuiz});
  table.add({Method::del, quiz, signed_in, access::manageQuiz, deleteQuiz});
  table.add({Method::post, quiz + "/publish", signed_in, access::manageQuiz, publishQuiz});
  table.add({Method::post, quiz + "/attempts", signed_in, access::answerQuiz, submitAttempt});
  table.add({Method::get, quiz + "/results", signed_in, access::viewQuizResults, quizResults});
  table.add({Method::post, quiz + "/gradebook", signed_in, access::manageQuiz, feedGradebook});
}

}  // namespace cartable::api
