// The signed-in person's dashboard (tableau de bord): one read, one section
// per role they hold.
#include "api/access.h"
#include "api/homework_views.h"
#include "api/routes.h"
#include "api/views.h"
#include "core/http/json.h"
#include "dashboards/dashboards.h"

namespace cartable::api {
namespace {

using http::Method;
using Object = Poco::JSON::Object::Ptr;
using Array = Poco::JSON::Array::Ptr;

template <class T>
Poco::Dynamic::Var orNull(const std::optional<T>& value) {
  return value ? Poco::Dynamic::Var(*value) : Poco::Dynamic::Var();
}

double points(grades::Hundredths value) {
  return static_cast<double>(value) / 100.0;
}

template <class T, class View>
Array arrayOf(const std::vector<T>& items, View view) {
  Array out = new Poco::JSON::Array;
  for (const T& item : items) out->add(view(item));
  return out;
}

// The same shapes as the grades and attendance routes (Evaluation, Score, Stats,
// AttendanceEvent in the OpenAPI document).
Object gradeView(const grades::ReportLine& line) {
  const grades::Evaluation& value = line.evaluation;
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("subject_id", value.subject_id);
  out->set("class_id", orNull(value.class_id));
  out->set("group_id", orNull(value.group_id));
  out->set("teacher_id",
           value.teacher_id > 0 ? Poco::Dynamic::Var(value.teacher_id) : Poco::Dynamic::Var());
  out->set("date", value.date);
  out->set("period", value.period > 0 ? Poco::Dynamic::Var(value.period) : Poco::Dynamic::Var());
  out->set("title", value.title);
  out->set("description", value.description);
  out->set("out_of", points(value.out_of));
  out->set("coefficient", points(value.coefficient));
  out->set("visible_from", value.visible_from);
  if (line.score) {
    auto score = http::newObject();
    score->set("mark", std::string(grades::markName(line.score->mark)));
    score->set("value", line.score->value ? Poco::Dynamic::Var(points(*line.score->value))
                                          : Poco::Dynamic::Var());
    score->set("comment", line.score->comment);
    out->set("score", score);
  } else {
    out->set("score", Poco::Dynamic::Var());
  }
  if (line.stats) {
    auto stats = http::newObject();
    stats->set("min", points(line.stats->min));
    stats->set("max", points(line.stats->max));
    stats->set("mean", points(line.stats->mean));
    stats->set("count", line.stats->count);
    out->set("stats", stats);
  } else {
    out->set("stats", Poco::Dynamic::Var());
  }
  return out;
}

Object eventView(const attendance::AttendanceEvent& event) {
  auto out = http::newObject();
  out->set("lesson_id", orNull(event.lesson_id));
  out->set("subject_id", orNull(event.subject_id));
  out->set("date", event.date);
  out->set("starts_at", event.starts_at);
  out->set("ends_at", event.ends_at);
  out->set("status", std::string(attendance::presenceName(event.status)));
  out->set("minutes_late", event.minutes_late);
  out->set("justification", std::string(attendance::standingName(event.standing)));
  out->set("justification_id", orNull(event.justification_id));
  return out;
}

Object spanView(const attendance::DateSpan& span) {
  auto out = http::newObject();
  out->set("label", span.label);
  out->set("from", span.from);
  out->set("to", span.to);
  return out;
}

Object dayView(const dashboards::Day& day) {
  auto out = http::newObject();
  out->set("date", day.date);
  out->set("lessons", arrayOf(day.lessons, views::occurrence));
  return out;
}

Object homeworkView(const homework::StudentHomework& item) {
  auto out = views::homework(item.homework);
  out->set("progress", views::progress(item.progress, true));
  return out;
}

Object absencesView(const dashboards::Absences& value) {
  auto out = http::newObject();
  out->set("period",
           value.period ? Poco::Dynamic::Var(spanView(*value.period)) : Poco::Dynamic::Var());
  out->set("half_days_absent", value.half_days_absent);
  out->set("half_days_unjustified", value.half_days_unjustified);
  out->set("late_count", value.late_count);
  out->set("minutes_late", value.minutes_late);
  out->set("latest", arrayOf(value.latest, eventView));
  return out;
}

Object recommendationView(const dashboards::Recommendation& value) {
  auto out = http::newObject();
  const bool hand_in = value.source == dashboards::Recommendation::Source::hand_in;
  out->set("source", std::string(hand_in ? "hand_in" : "evaluation"));
  out->set("date", value.date);
  out->set("subject_id", value.subject_id);
  out->set("teacher_id", orNull(value.teacher_id));
  out->set("homework_id", orNull(value.homework_id));
  out->set("evaluation_id", orNull(value.evaluation_id));
  out->set("title", value.title);
  out->set("text", value.text);
  return out;
}

Object followUpView(const dashboards::StudentView::FollowUp& value) {
  auto out = http::newObject();
  Poco::JSON::Array::Ptr plans = new Poco::JSON::Array;
  for (const follow_up::Plan& plan : value.open_plans) {
    auto item = http::newObject();
    item->set("id", plan.id);
    item->set("title", plan.title);
    item->set("goals", static_cast<int>(plan.goals.size()));
    item->set("review_on",
              plan.review_on ? Poco::Dynamic::Var(*plan.review_on) : Poco::Dynamic::Var());
    plans->add(item);
  }
  out->set("open_plans", plans);
  Poco::JSON::Array::Ptr advice = new Poco::JSON::Array;
  for (const follow_up::Recommendation& item : value.recommendations) {
    auto entry = http::newObject();
    entry->set("id", item.id);
    entry->set("author_id", orNull(item.author_id));
    entry->set("plan_id", orNull(item.plan_id));
    entry->set("text", item.text);
    entry->set("created_at", item.created_at);
    advice->add(entry);
  }
  out->set("recommendations", advice);
  return out;
}

Object studentView(const dashboards::StudentView& view, const std::string& today) {
  auto out = http::newObject();
  out->set("student_id", view.student_id);
  out->set("name", view.name);
  out->set("class", view.school_class ? Poco::Dynamic::Var(views::schoolClass(*view.school_class))
                                      : Poco::Dynamic::Var());
  out->set("today", dayView(view.today));
  out->set("tomorrow", dayView(view.tomorrow));
  auto homework = http::newObject();
  homework->set("from", today);
  homework->set("to", homework::addDays(today, dashboards::kHomeworkDays).value_or(today));
  homework->set("items", arrayOf(view.homework, homeworkView));
  out->set("homework", homework);
  out->set("latest_grades", arrayOf(view.latest_grades, gradeView));
  out->set("absences", absencesView(view.absences));
  out->set("recommendations", arrayOf(view.recommendations, recommendationView));
  out->set("follow_up", followUpView(view.follow_up));
  return out;
}

Object unreadView(const dashboards::Unread& value) {
  auto out = http::newObject();
  out->set("messages", value.messages.messages);
  out->set("conversations", value.messages.conversations);
  out->set("notifications", value.notifications);
  out->set("announcements", value.announcements);
  out->set("latest_announcements",
           arrayOf(value.latest_announcements, [](const dashboards::Unread::Announcement& news) {
             auto item = http::newObject();
             item->set("id", news.id);
             item->set("title", news.title);
             item->set("publish_at", news.publish_at);
             item->set("pinned", news.pinned);
             return item;
           }));
  return out;
}

Object parentView(const dashboards::ParentSection& section, const std::string& today) {
  auto out = http::newObject();
  out->set("children", arrayOf(section.children, [&](const dashboards::ChildView& child) {
             auto item = studentView(child.view, today);
             auto requested = http::newObject();
             requested->set("count", child.justifications_requested.count);
             requested->set("items", arrayOf(child.justifications_requested.latest, eventView));
             item->set("justifications_requested", requested);
             return item;
           }));
  out->set("unread", unreadView(section.unread));
  return out;
}

Object teacherView(const dashboards::TeacherSection& section) {
  auto out = http::newObject();
  out->set("date", section.date);
  out->set("lessons", arrayOf(section.today, [](const dashboards::TeacherLesson& lesson) {
             auto item = views::occurrence(lesson.lesson);
             item->set("roll_call", std::string(dashboards::rollStateName(lesson.roll_call)));
             item->set("students", lesson.students);
             item->set("absent", lesson.absent);
             item->set("late", lesson.late);
             return item;
           }));
  const homework::ReviewQueue& queue = section.hand_ins_to_review;
  auto review = http::newObject();
  review->set("hand_ins", queue.hand_ins);
  review->set("homework", queue.homework);
  review->set("items", arrayOf(queue.latest, [](const homework::ReviewQueue::Item& entry) {
                auto item = views::homework(entry.homework);
                item->set("waiting", entry.hand_ins);
                return item;
              }));
  out->set("hand_ins_to_review", review);
  out->set("unread", unreadView(section.unread));
  return out;
}

Object staffView(const dashboards::StaffSection& section) {
  auto out = http::newObject();
  out->set("date", section.date);
  auto missing = http::newObject();
  missing->set("count", section.missing_roll_call_count);
  missing->set("items", arrayOf(section.missing_roll_calls, views::occurrence));
  out->set("missing_roll_calls", missing);
  auto absent = http::newObject();
  absent->set("count", section.unjustified_student_count);
  absent->set("items",
              arrayOf(section.unjustified_today, [](const dashboards::UnjustifiedStudent& student) {
                const attendance::StudentAttendance& value = student.attendance;
                auto item = http::newObject();
                item->set("student_id", value.student_id);
                item->set("name", value.name);
                item->set("class",
                          student.school_class
                              ? Poco::Dynamic::Var(views::schoolClass(*student.school_class))
                              : Poco::Dynamic::Var());
                item->set("half_days_unjustified", value.half_days_unjustified);
                item->set("events", arrayOf(value.events, eventView));
                return item;
              }));
  out->set("unjustified_absences", absent);
  return out;
}

Object adminView(const dashboards::AdminSection& section) {
  auto out = http::newObject();
  auto accounts = http::newObject();
  accounts->set("active", section.accounts.active);
  accounts->set("disabled", section.accounts.disabled);
  accounts->set("by_role",
                arrayOf(section.accounts.roles, [](const directory::UserCounts::PerRole& count) {
                  auto item = http::newObject();
                  item->set("role", std::string(directory::roleName(count.role)));
                  item->set("active", count.active);
                  item->set("disabled", count.disabled);
                  return item;
                }));
  out->set("accounts", accounts);
  auto storage = http::newObject();
  storage->set("files", section.files.files);
  storage->set("blobs", section.files.blobs);
  storage->set("file_bytes", section.files.bytes);
  storage->set("database_bytes", section.database_bytes);
  out->set("storage", storage);
  auto federation = http::newObject();
  federation->set("state", section.federation_state);
  out->set("federation", federation);
  return out;
}

Object labels(const std::map<std::int64_t, std::string>& names) {
  auto out = http::newObject();
  for (const auto& [id, name] : names) out->set(std::to_string(id), name);
  return out;
}

Object dashboardView(const dashboards::Dashboard& value) {
  auto out = http::newObject();
  out->set("person_id", value.person_id);
  out->set("date", value.today);
  if (value.student) {
    auto student = studentView(value.student->view, value.today);
    student->set("unread", unreadView(value.student->unread));
    out->set("student", student);
  }
  if (value.parent) out->set("parent", parentView(*value.parent, value.today));
  if (value.teacher) out->set("teacher", teacherView(*value.teacher));
  if (value.staff) out->set("staff", staffView(*value.staff));
  if (value.admin) out->set("admin", adminView(*value.admin));
  auto names = http::newObject();
  names->set("people", labels(value.names.people));
  names->set("subjects", labels(value.names.subjects));
  names->set("classes", labels(value.names.classes));
  names->set("groups", labels(value.names.groups));
  out->set("names", names);
  return out;
}

// The link to the hub as the admin's dashboard names it.
std::string federationState(const Services& services) {
  const auto* agent = services.federation_agent;
  if (agent == nullptr) return "not_configured";
  const federation::LinkStatus status = agent->status();
  if (!status.enrolled) return "not_enrolled";
  return status.up ? "up" : "down";
}

http::Response dashboard(Call& call) {
  const Principal& who = call.who();
  const Seconds now = call.services.clock.now();
  const std::string federation =
      who.has(directory::Role::admin) ? federationState(call.services) : std::string();
  return readJson(call, 200, [&](storage::Connection& db) -> Result<Object> {
    CARTABLE_ASSIGN_OR_RETURN(auto value, dashboards::dashboardOf(db, who.user_id, who.roles, now));
    if (value.admin) value.admin->federation_state = federation;
    return dashboardView(value);
  });
}

}  // namespace

void addDashboardRoutes(RouteTable& table) {
  table.add({Method::get, "/api/v1/me/dashboard", Audience::signed_in, access::self, dashboard});
}

}  // namespace cartable::api
