#include <algorithm>
#include <cassert>
#include <set>

#include "directory/structure.h"
#include "directory/users.h"
#include "documents/internal.h"
#include "notifications/notifications.h"

namespace cartable::documents {
namespace {

using storage::Connection;

constexpr std::size_t kMaxPeople = 100;
constexpr const char* kShareQuery =
    "SELECT s.id, s.document_id, s.folder_id, coalesce(d.name, f.name), s.class_id, s.group_id, "
    "s.user_id, s.shared_by, s.created_at FROM document_shares s "
    "LEFT JOIN documents d ON d.id = s.document_id "
    "LEFT JOIN document_folders f ON f.id = s.folder_id WHERE ";

Share readShare(const storage::Statement& row) {
  Share s;
  s.id = row.int64(0);
  s.document_id = row.optionalInt64(1);
  s.folder_id = row.optionalInt64(2);
  s.item_name = row.text(3);
  if (auto class_id = row.optionalInt64(4)) {
    s.target = ShareTarget::school_class;
    s.target_id = *class_id;
  } else if (auto group_id = row.optionalInt64(5)) {
    s.target = ShareTarget::group;
    s.target_id = *group_id;
  } else {
    s.target = ShareTarget::person;
    s.target_id = row.int64(6);
  }
  s.shared_by = row.int64(7);
  s.created_at = row.int64(8);
  return s;
}

template <class... Args>
Result<std::vector<Share>> loadShares(Connection& db, const std::string& where,
                                      const Args&... args) {
  return detail::collect<Share>(db.query(kShareQuery + where, args...), readShare);
}

// What is shared: its name and the link of the notice. conflict for an item
// of a class space (its readers follow the class).
struct Item {
  std::string name;
  std::string link;
  bool folder = false;
};

Result<Item> itemOf(Connection& db, const NewShare& input) {
  std::int64_t folder_id = 0;
  Item item;
  if (input.document_id) {
    CARTABLE_ASSIGN_OR_RETURN(auto document, getDocument(db, *input.document_id));
    folder_id = document.folder_id;
    item = {document.name, "/documents/" + std::to_string(document.id), false};
  } else {
    folder_id = input.folder_id.value_or(0);
  }
  CARTABLE_ASSIGN_OR_RETURN(auto folder, getFolder(db, folder_id));
  if (!input.document_id) {
    item = {folder.name, "/documents/folders/" + std::to_string(folder.id), true};
  }
  if (folder.space != Space::personal) {
    return makeError(Errc::conflict,
                     "only personal documents and folders are shared; the documents of a class "
                     "are read by the class",
                     "id");
  }
  return item;
}

Result<std::vector<std::int64_t>> classReach(Connection& db, const NewShare& input) {
  if (input.target_ids.size() != 1) return detail::invalid("class_id", "must name one class");
  auto found = directory::getClass(db, input.target_ids.front());
  if (!found.ok()) {
    return detail::invalid("class_id",
                           "names no class: " + std::to_string(input.target_ids.front()));
  }
  return directory::studentsOfClass(db, found->id);
}

Result<std::vector<std::int64_t>> groupReach(Connection& db, const NewShare& input) {
  if (input.target_ids.size() != 1) return detail::invalid("group_id", "must name one group");
  CARTABLE_ASSIGN_OR_RETURN(auto groups, directory::listGroups(db));
  const std::int64_t id = input.target_ids.front();
  const bool known = std::any_of(groups.begin(), groups.end(),
                                 [&](const directory::Group& group) { return group.id == id; });
  if (!known) return detail::invalid("group_id", "names no group: " + std::to_string(id));
  return directory::studentsOfGroup(db, id);
}

Result<std::vector<std::int64_t>> peopleReach(Connection& db, const NewShare& input,
                                              std::int64_t sharer_id) {
  if (input.target_ids.empty() || input.target_ids.size() > kMaxPeople) {
    return detail::invalid("user_ids", "must name 1 to " + std::to_string(kMaxPeople) + " people");
  }
  for (const std::int64_t id : input.target_ids) {
    if (id == sharer_id) return detail::invalid("user_ids", "names yourself");
    auto user = directory::getUser(db, id);
    if (!user.ok() || !user->active()) {
      return detail::invalid("user_ids", "names no active person: " + std::to_string(id));
    }
  }
  return input.target_ids;
}

Result<std::vector<std::int64_t>> reachOf(Connection& db, const NewShare& input,
                                          std::int64_t sharer_id) {
  switch (input.target) {
    case ShareTarget::school_class:
      return classReach(db, input);
    case ShareTarget::group:
      return groupReach(db, input);
    case ShareTarget::person:
      break;
  }
  return peopleReach(db, input, sharer_id);
}

// Inserts the share of the item with `target_id`; true when it is new.
Result<bool> insertShare(Connection& db, const NewShare& input, std::int64_t target_id,
                         std::int64_t sharer_id, Seconds now) {
  const auto target = [&](ShareTarget kind) {
    return input.target == kind ? std::optional(target_id) : std::nullopt;
  };
  CARTABLE_RETURN_IF_ERROR(
      db.exec("INSERT OR IGNORE INTO document_shares (document_id, folder_id, class_id, group_id, "
              "user_id, shared_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
              input.document_id, input.document_id ? std::nullopt : input.folder_id,
              target(ShareTarget::school_class), target(ShareTarget::group),
              target(ShareTarget::person), sharer_id, now));
  return db.changes() > 0;
}

Status tellReached(Connection& db, const Item& item, const std::vector<std::int64_t>& people,
                   std::int64_t sharer_id, Seconds now) {
  if (people.empty()) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(auto sharer, directory::getUser(db, sharer_id));
  const std::string what = item.folder ? "Dossier partagé : " : "Document partagé : ";
  const notifications::Notice notice{
      "document.shared", what + item.name,
      sharer.displayName() + " vous a partagé « " + item.name + " » (lecture seule).", item.link};
  return notifications::notify(db, people, notice, sharer_id, now);
}

}  // namespace

namespace detail {

std::string jsonList(const std::vector<std::int64_t>& ids) {
  std::string out = "[";
  for (const std::int64_t id : ids) out += (out.size() > 1 ? "," : "") + std::to_string(id);
  return out + "]";
}

Result<bool> shareReaches(Connection& db, std::int64_t user_id,
                          std::optional<std::int64_t> document_id,
                          const std::vector<std::int64_t>& folder_ids) {
  CARTABLE_ASSIGN_OR_RETURN(auto current, directory::currentClassOf(db, user_id));
  CARTABLE_ASSIGN_OR_RETURN(auto groups, directory::groupsOf(db, user_id));
  std::vector<std::int64_t> group_ids;
  for (const directory::Group& group : groups) group_ids.push_back(group.id);
  const std::optional<std::int64_t> class_id = current ? std::optional(current->id) : std::nullopt;
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      db.scalarInt64("SELECT 1 FROM document_shares WHERE "
                     "(document_id = ?1 OR folder_id IN (SELECT value FROM json_each(?2))) AND "
                     "(user_id = ?3 OR class_id = ?4 OR "
                     " group_id IN (SELECT value FROM json_each(?5))) LIMIT 1",
                     document_id, jsonList(folder_ids), user_id, class_id, jsonList(group_ids)));
  return found.has_value();
}

}  // namespace detail

Result<std::vector<Share>> share(Connection& db, const NewShare& input, std::int64_t sharer_id,
                                 Seconds now) {
  assert(input.document_id.has_value() != input.folder_id.has_value());
  CARTABLE_ASSIGN_OR_RETURN(Item item, itemOf(db, input));
  CARTABLE_ASSIGN_OR_RETURN(auto reached, reachOf(db, input, sharer_id));
  // Only the people a new share reaches are told; a repeated share is quiet.
  std::vector<std::int64_t> told;
  for (const std::int64_t target_id : input.target_ids) {
    CARTABLE_ASSIGN_OR_RETURN(bool inserted, insertShare(db, input, target_id, sharer_id, now));
    if (!inserted) continue;
    if (input.target == ShareTarget::person) {
      told.push_back(target_id);
    } else {
      told = reached;
    }
  }
  CARTABLE_RETURN_IF_ERROR(tellReached(db, item, told, sharer_id, now));
  return input.document_id ? sharesOfDocument(db, *input.document_id)
                           : sharesOfFolder(db, *input.folder_id);
}

Result<std::vector<Share>> sharesOfDocument(Connection& db, std::int64_t document_id) {
  return loadShares(db, "s.document_id = ? ORDER BY s.id", document_id);
}

Result<std::vector<Share>> sharesOfFolder(Connection& db, std::int64_t folder_id) {
  return loadShares(db, "s.folder_id = ? ORDER BY s.id", folder_id);
}

Result<Share> getShare(Connection& db, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, loadShares(db, "s.id = ?", id));
  if (found.empty()) {
    return makeError(Errc::not_found, "no share with id " + std::to_string(id), "id");
  }
  return found.front();
}

Status revokeShare(Connection& db, std::int64_t id) {
  CARTABLE_RETURN_IF_ERROR(getShare(db, id));
  return db.exec("DELETE FROM document_shares WHERE id = ?", id);
}

Result<std::vector<Share>> sharedWith(Connection& db, std::int64_t user_id) {
  CARTABLE_ASSIGN_OR_RETURN(auto current, directory::currentClassOf(db, user_id));
  CARTABLE_ASSIGN_OR_RETURN(auto groups, directory::groupsOf(db, user_id));
  std::vector<std::int64_t> group_ids;
  for (const directory::Group& group : groups) group_ids.push_back(group.id);
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      loadShares(db,
                 "s.user_id = ?1 OR s.class_id = ?2 OR s.group_id IN "
                 "(SELECT value FROM json_each(?3)) ORDER BY s.created_at DESC, s.id DESC",
                 user_id, current ? std::optional(current->id) : std::nullopt,
                 detail::jsonList(group_ids)));
  // An item reached twice (by name and through a class) is listed once.
  std::set<std::pair<std::int64_t, std::int64_t>> seen;
  std::vector<Share> out;
  for (Share& item : found) {
    if (seen.emplace(item.document_id.value_or(0), item.folder_id.value_or(0)).second) {
      out.push_back(std::move(item));
    }
  }
  return out;
}

}  // namespace cartable::documents
