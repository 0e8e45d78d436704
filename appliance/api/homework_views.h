// JSON shapes of homework, progress and hand-ins, shared by the homework and
// hand-in routes.
#pragma once

#include <Poco/JSON/Object.h>

#include "homework/homework.h"
#include "homework/lesson_records.h"

namespace cartable::api::views {

Poco::JSON::Object::Ptr homework(const homework::Homework& value);
Poco::JSON::Object::Ptr handIn(const homework::HandIn& value);
// A student's progress; `with_done` shows the private tick (to the student
// and their parents only).
Poco::JSON::Object::Ptr progress(const homework::Progress& value, bool with_done);
Poco::JSON::Object::Ptr lessonRecord(const homework::LessonRecord& value);

}  // namespace cartable::api::views
