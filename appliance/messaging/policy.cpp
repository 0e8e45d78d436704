// Who may write to whom: the school's named rules, and recipients (people and
// groups) expanded to people and checked against them.
#include <algorithm>
#include <set>

#include "directory/relations.h"
#include "directory/roles.h"
#include "directory/structure.h"
#include "messaging/internal.h"

namespace cartable::messaging {
namespace {

using directory::Role;
using directory::RoleSet;
using internal::fieldError;
using storage::Connection;

constexpr PolicyRule kRules[] = {
    {"student_teacher", "students to write to their teachers", true},
    {"student_staff", "students to write to the school's staff", true},
    {"student_classmates", "students to write to classmates", false},
    {"parent_teacher", "parents to write to their children's teachers", true},
    {"parent_staff", "parents to write to the school's staff", true},
    {"teacher_student", "teachers to write to the students they teach", true},
    {"teacher_parent", "teachers to write to the parents of the students they teach", true},
    {"teacher_teacher", "teachers to write to other teachers", true},
    {"teacher_staff", "teachers to write to the school's staff", true},
    {"staff_everyone", "staff to write to anyone in the school", true},
};

const PolicyRule* findRule(std::string_view name) {
  for (const PolicyRule& rule : kRules) {
    if (rule.name == name) return &rule;
  }
  return nullptr;
}

// The roles of an active account; nothing when there is none.
Result<std::optional<RoleSet>> activeRoles(Connection& db, std::int64_t user) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT r.role FROM users u JOIN user_roles r ON r.user_id = u.id "
                          "WHERE u.id = ? AND u.disabled_at IS NULL",
                          user));
  std::optional<RoleSet> roles;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return roles;
    if (!roles) roles = RoleSet{};
    if (auto role = directory::parseRole(rows.text(0))) roles->add(*role);
  }
}

Result<bool> teachesChildOf(Connection& db, std::int64_t teacher, std::int64_t parent) {
  CARTABLE_ASSIGN_OR_RETURN(auto children, directory::childrenOf(db, parent));
  for (const directory::Guardianship& child : children) {
    CARTABLE_ASSIGN_OR_RETURN(bool taught,
                              directory::teachesStudent(db, teacher, child.student_id));
    if (taught) return true;
  }
  return false;
}

Result<bool> areClassmates(Connection& db, std::int64_t a, std::int64_t b) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto found,
      db.scalarInt64("SELECT 1 FROM enrollments x JOIN enrollments y ON x.class_id = y.class_id "
                     "WHERE x.student_id = ?1 AND y.student_id = ?2 AND x.until IS NULL "
                     "AND y.until IS NULL "
                     "UNION ALL SELECT 1 FROM group_members x JOIN group_members y "
                     "ON x.group_id = y.group_id WHERE x.student_id = ?1 AND y.student_id = ?2 "
                     "LIMIT 1",
                     a, b));
  return found.has_value();
}

struct Party {
  std::int64_t id = 0;
  RoleSet roles;
};

// The rules that, switched on, would let `from` write to `to`, given what
// relates them; the first named is the one a refusal names.
Result<std::vector<std::string_view>> applicableRules(Connection& db, const Party& from,
                                                      const Party& to) {
  std::vector<std::string_view> out;
  const bool to_staff = to.roles.intersects({Role::staff, Role::admin});
  if (from.roles.has(Role::student)) {
    if (to.roles.has(Role::teacher)) {
      CARTABLE_ASSIGN_OR_RETURN(bool taught, directory::teachesStudent(db, to.id, from.id));
      if (taught) out.push_back("student_teacher");
    }
    if (to_staff) out.push_back("student_staff");
    if (to.roles.has(Role::student)) {
      CARTABLE_ASSIGN_OR_RETURN(bool classmates, areClassmates(db, from.id, to.id));
      if (classmates) out.push_back("student_classmates");
    }
  }
  if (from.roles.has(Role::parent)) {
    if (to.roles.has(Role::teacher)) {
      CARTABLE_ASSIGN_OR_RETURN(bool taught, teachesChildOf(db, to.id, from.id));
      if (taught) out.push_back("parent_teacher");
    }
    if (to_staff) out.push_back("parent_staff");
  }
  if (from.roles.has(Role::teacher)) {
    if (to.roles.has(Role::student)) {
      CARTABLE_ASSIGN_OR_RETURN(bool taught, directory::teachesStudent(db, from.id, to.id));
      if (taught) out.push_back("teacher_student");
    }
    if (to.roles.has(Role::parent)) {
      CARTABLE_ASSIGN_OR_RETURN(bool taught, teachesChildOf(db, from.id, to.id));
      if (taught) out.push_back("teacher_parent");
    }
    if (to.roles.has(Role::teacher)) out.push_back("teacher_teacher");
    if (to_staff) out.push_back("teacher_staff");
  }
  if (from.roles.has(Role::staff)) out.push_back("staff_everyone");
  return out;
}

// ok, or permission_denied naming `field` and the rule that forbids it.
Status checkOne(Connection& db, const Policy& policy, const Party& from, const Party& to,
                const std::string& field) {
  if (from.roles.has(Role::admin)) return okStatus();
  CARTABLE_ASSIGN_OR_RETURN(auto rules, applicableRules(db, from, to));
  for (std::string_view rule : rules) {
    const auto it = policy.find(rule);
    if (it != policy.end() && it->second) return okStatus();
  }
  if (rules.empty()) {
    return makeError(Errc::permission_denied,
                     "no rule of the school's policy lets you write to \"" + field + "\"", field);
  }
  const PolicyRule* rule = findRule(rules.front());
  return makeError(Errc::permission_denied,
                   "the school's policy \"" + std::string(rule->name) + "\" does not allow " +
                       std::string(rule->allows),
                   field);
}

Result<std::vector<std::int64_t>> teachersOfClass(Connection& db, std::int64_t class_id) {
  CARTABLE_ASSIGN_OR_RETURN(
      auto rows, db.query("SELECT teacher_id FROM teaching_assignments WHERE class_id = ?1 "
                          "UNION SELECT t.teacher_id FROM teaching_assignments t "
                          "JOIN group_members g ON g.group_id = t.group_id "
                          "JOIN enrollments e ON e.student_id = g.student_id AND e.until IS NULL "
                          "WHERE e.class_id = ?1",
                          class_id));
  std::vector<std::int64_t> out;
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return out;
    out.push_back(rows.int64(0));
  }
}

Result<bool> exists(Connection& db, const char* sql, std::int64_t id) {
  CARTABLE_ASSIGN_OR_RETURN(auto found, db.scalarInt64(sql, id));
  return found.has_value();
}

// The people one recipient item names; invalid_argument naming `field` when
// its person, class or group does not exist.
Result<std::vector<std::int64_t>> expand(Connection& db, const Recipient& recipient,
                                         const std::string& field) {
  const std::string id = std::to_string(recipient.id);
  if (recipient.kind == RecipientKind::person) {
    CARTABLE_ASSIGN_OR_RETURN(auto roles, activeRoles(db, recipient.id));
    if (!roles) return fieldError(field, "names no active person with id " + id);
    return std::vector<std::int64_t>{recipient.id};
  }
  if (recipient.kind == RecipientKind::group_students) {
    CARTABLE_ASSIGN_OR_RETURN(bool found,
                              exists(db, "SELECT 1 FROM groups WHERE id = ?", recipient.id));
    if (!found) return fieldError(field, "names no group with id " + id);
    return directory::studentsOfGroup(db, recipient.id);
  }
  CARTABLE_ASSIGN_OR_RETURN(bool found,
                            exists(db, "SELECT 1 FROM classes WHERE id = ?", recipient.id));
  if (!found) return fieldError(field, "names no class with id " + id);
  if (recipient.kind == RecipientKind::class_teachers) return teachersOfClass(db, recipient.id);
  CARTABLE_ASSIGN_OR_RETURN(auto students, directory::studentsOfClass(db, recipient.id));
  if (recipient.kind == RecipientKind::class_students) return students;
  return directory::parentsOf(db, students);
}

}  // namespace

std::span<const PolicyRule> policyRules() {
  return kRules;
}

Result<Policy> loadPolicy(Connection& db) {
  Policy policy;
  for (const PolicyRule& rule : kRules) policy[std::string(rule.name)] = rule.default_allowed;
  CARTABLE_ASSIGN_OR_RETURN(auto rows, db.query("SELECT rule, allowed FROM messaging_policy"));
  for (;;) {
    CARTABLE_ASSIGN_OR_RETURN(bool more, rows.step());
    if (!more) return policy;
    if (findRule(rows.text(0))) policy[rows.text(0)] = rows.int64(1) != 0;
  }
}

Status updatePolicy(Connection& db, const Policy& changes) {
  for (const auto& [name, allowed] : changes) {
    if (!findRule(name)) return fieldError("rules." + name, "is not a rule of the policy");
  }
  for (const auto& [name, allowed] : changes) {
    CARTABLE_RETURN_IF_ERROR(
        db.exec("INSERT INTO messaging_policy (rule, allowed) VALUES (?1, ?2) "
                "ON CONFLICT (rule) DO UPDATE SET allowed = ?2",
                name, allowed));
  }
  return okStatus();
}

std::optional<RecipientKind> parseRecipientKind(std::string_view name) {
  for (RecipientKind kind :
       {RecipientKind::person, RecipientKind::class_parents, RecipientKind::class_teachers,
        RecipientKind::class_students, RecipientKind::group_students}) {
    if (recipientKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string_view recipientKindName(RecipientKind kind) {
  switch (kind) {
    case RecipientKind::person:
      return "person";
    case RecipientKind::class_parents:
      return "class_parents";
    case RecipientKind::class_teachers:
      return "class_teachers";
    case RecipientKind::class_students:
      return "class_students";
    case RecipientKind::group_students:
      return "group_students";
  }
  return "person";
}

Result<std::vector<std::int64_t>> resolveRecipients(Connection& db, std::int64_t sender,
                                                    const std::vector<Recipient>& recipients) {
  if (recipients.empty()) return fieldError("recipients", "must name at least one recipient");
  if (recipients.size() > kMaxRecipientItems) {
    return fieldError("recipients",
                      "has more than " + std::to_string(kMaxRecipientItems) + " items");
  }
  CARTABLE_ASSIGN_OR_RETURN(auto sender_roles, activeRoles(db, sender));
  if (!sender_roles) return makeError(Errc::permission_denied, "your account is disabled");
  CARTABLE_ASSIGN_OR_RETURN(Policy policy, loadPolicy(db));
  const Party from{sender, *sender_roles};
  std::set<std::int64_t> people;
  for (std::size_t i = 0; i < recipients.size(); ++i) {
    const std::string field = "recipients[" + std::to_string(i) + "]";
    CARTABLE_ASSIGN_OR_RETURN(auto named, expand(db, recipients[i], field));
    for (std::int64_t person : named) {
      if (person == sender || people.contains(person)) continue;
      CARTABLE_ASSIGN_OR_RETURN(auto roles, activeRoles(db, person));
      if (!roles) continue;  // a disabled account in a group
      CARTABLE_RETURN_IF_ERROR(checkOne(db, policy, from, Party{person, *roles}, field));
      people.insert(person);
    }
  }
  if (people.empty()) return fieldError("recipients", "names nobody but you");
  if (people.size() > kMaxPeoplePerConversation) {
    return fieldError("recipients",
                      "names more than " + std::to_string(kMaxPeoplePerConversation) + " people");
  }
  return std::vector<std::int64_t>(people.begin(), people.end());
}

Result<bool> mayWrite(Connection& db, std::int64_t sender, std::int64_t recipient) {
  if (sender == recipient) return false;
  CARTABLE_ASSIGN_OR_RETURN(auto from, activeRoles(db, sender));
  CARTABLE_ASSIGN_OR_RETURN(auto to, activeRoles(db, recipient));
  if (!from || !to) return false;
  CARTABLE_ASSIGN_OR_RETURN(Policy policy, loadPolicy(db));
  Status verdict = checkOne(db, policy, Party{sender, *from}, Party{recipient, *to}, "");
  if (verdict.ok()) return true;
  if (verdict.error().code == Errc::permission_denied) return false;
  return verdict.error();
}

}  // namespace cartable::messaging
