// Methodological guides (fiches méthode): documents of the documents space
// that teachers or the vie scolaire place in this category with a topic
// ("Apprendre une leçon", "Rédiger une introduction"), which students browse
// in one list. Reading a guide still follows its document's own rights.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/base/clock.h"
#include "core/base/result.h"
#include "core/storage/database.h"

namespace cartable::follow_up {

struct Guide {
  std::int64_t document_id = 0;
  std::string name;   // the document's name (filled by reads)
  std::string topic;  // 1..200 characters
  std::optional<std::int64_t> subject_id;
  std::optional<std::int64_t> added_by;
  Seconds added_at = 0;
};

// Places document `guide.document_id` among the guides (again: changes its
// topic and subject). invalid_argument names "document_id", "topic" or
// "subject_id".
Status addGuide(storage::Connection& db, const Guide& guide, std::int64_t author_id, Seconds now);
// not_found naming "id" when the document is not a guide.
Status removeGuide(storage::Connection& db, std::int64_t document_id);
// Every guide, by topic then name (at most 500).
Result<std::vector<Guide>> allGuides(storage::Connection& db);
// Who placed it; not_found naming "id" when the document is not a guide.
Result<std::optional<std::int64_t>> guideAuthor(storage::Connection& db, std::int64_t document_id);

}  // namespace cartable::follow_up
