#include "follow_up/guides.h"

#include "directory/validate.h"
#include "follow_up/internal.h"

namespace cartable::follow_up {
namespace {

Error notAGuide(std::int64_t document_id) {
  return makeError(Errc::not_found, "document " + std::to_string(document_id) + " is not a guide",
                   "id");
}

}  // namespace

Status addGuide(storage::Connection& db, const Guide& guide, std::int64_t author_id, Seconds now) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto document, db.scalarInt64("SELECT 1 FROM documents WHERE id = ?", guide.document_id));
  if (!document) return detail::invalid("document_id", "names no document");
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(guide.topic, "topic", 200));
  if (guide.subject_id) {
    CARTABLE_ASSIGN_OR_RETURN(
        auto subject, db.scalarInt64("SELECT 1 FROM subjects WHERE id = ?", *guide.subject_id));
    if (!subject) return detail::invalid("subject_id", "names no subject");
  }
  return db.exec(
      "INSERT INTO method_guides (document_id, topic, subject_id, added_by, added_at) VALUES "
      "(?, ?, ?, ?, ?) ON CONFLICT (document_id) DO UPDATE SET topic = excluded.topic, "
      "subject_id = excluded.subject_id",
      guide.document_id, guide.topic, guide.subject_id, author_id, now);
}

Status removeGuide(storage::Connection& db, std::int64_t document_id) {
  CARTABLE_RETURN_IF_ERROR(db.exec("DELETE FROM method_guides WHERE document_id = ?", document_id));
  if (db.changes() == 0) return notAGuide(document_id);
  return okStatus();
}

Result<std::vector<Guide>> allGuides(storage::Connection& db) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row, db.query("SELECT g.document_id, d.name, g.topic, g.subject_id, g.added_by, "
                         "g.added_at FROM method_guides g JOIN documents d ON d.id = g.document_id "
                         "ORDER BY g.topic, d.name LIMIT 500"));
  std::vector<Guide> out;
  while (true) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, row.step());
    if (!more) break;
    out.push_back({row.int64(0), row.text(1), row.text(2), row.optionalInt64(3),
                   row.optionalInt64(4), row.int64(5)});
  }
  return out;
}

Result<std::optional<std::int64_t>> guideAuthor(storage::Connection& db, std::int64_t document_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto row, db.query("SELECT added_by FROM method_guides WHERE document_id = ?", document_id));
  CARTABLE_ASSIGN_OR_RETURN(bool found, row.step());
  if (!found) return notAGuide(document_id);
  return row.optionalInt64(0);
}

}  // namespace cartable::follow_up
