#include "api/homework_views.h"

#include "api/uploads.h"
#include "core/http/json.h"

namespace cartable::api::views {
namespace {

template <class T>
void setOptional(Poco::JSON::Object& object, const std::string& key,
                 const std::optional<T>& value) {
  if (value) {
    object.set(key, *value);
  } else {
    object.set(key, Poco::Dynamic::Var());
  }
}

Poco::JSON::Array::Ptr fileList(const std::vector<files::FileInfo>& values) {
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const files::FileInfo& file : values) list->add(uploads::fileJson(file));
  return list;
}

}  // namespace

Poco::JSON::Object::Ptr homework(const homework::Homework& value) {
  auto out = http::newObject();
  out->set("id", value.id);
  setOptional(*out, "teacher_id", value.teacher_id);
  out->set("subject_id", value.subject_id);
  setOptional(*out, "class_id", value.class_id);
  setOptional(*out, "group_id", value.group_id);
  Poco::JSON::Array::Ptr students = new Poco::JSON::Array;
  for (std::int64_t id : value.student_ids) students->add(id);
  out->set("student_ids", students);
  setOptional(*out, "lesson_id", value.lesson_id);
  setOptional(*out, "lesson_date", value.lesson_date);
  out->set("due_on", value.due_on);
  setOptional(*out, "due_at", value.due_at);
  setOptional(*out, "estimated_minutes", value.estimated_minutes);
  out->set("instructions", value.instructions);
  out->set("hand_in_expected", value.hand_in_expected);
  out->set("attachments", fileList(value.attachments));
  out->set("created_at", value.created_at);
  out->set("updated_at", value.updated_at);
  return out;
}

Poco::JSON::Object::Ptr handIn(const homework::HandIn& value) {
  auto out = http::newObject();
  out->set("id", value.id);
  out->set("homework_id", value.homework_id);
  out->set("student_id", value.student_id);
  out->set("text", value.text);
  out->set("files", fileList(value.files));
  out->set("handed_in_at", value.handed_in_at);
  out->set("late", value.late);
  setOptional(*out, "feedback", value.feedback);
  setOptional(*out, "score", value.score);
  setOptional(*out, "out_of", value.out_of);
  setOptional(*out, "returned_by", value.returned_by);
  setOptional(*out, "returned_at", value.returned_at);
  return out;
}

Poco::JSON::Object::Ptr progress(const homework::Progress& value, bool with_done) {
  auto out = http::newObject();
  out->set("student_id", value.student_id);
  out->set("status", std::string(homework::workStatusName(value.status)));
  if (with_done) out->set("done", value.done);
  if (value.hand_in) {
    out->set("hand_in", handIn(*value.hand_in));
  } else {
    out->set("hand_in", Poco::Dynamic::Var());
  }
  return out;
}

Poco::JSON::Object::Ptr lessonRecord(const homework::LessonRecord& value) {
  auto out = http::newObject();
  out->set("lesson_id", value.lesson_id);
  out->set("date", value.on_date);
  out->set("version", value.version);
  out->set("title", value.title);
  out->set("content", value.content);
  setOptional(*out, "written_by", value.written_by);
  out->set("written_at", value.written_at);
  return out;
}

}  // namespace cartable::api::views
