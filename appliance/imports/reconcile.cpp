#include "imports/reconcile.h"

#include <map>
#include <set>

#include "directory/structure.h"
#include "directory/users.h"
#include "imports/transaction.h"

namespace cartable::imports {
namespace {

using directory::Role;
using storage::Connection;

std::string describe(const PersonRecord& person) {
  return std::string(directory::roleName(person.role)) + " " + person.given_name + " " +
         person.family_name + " (" + person.external_id + ")";
}

// One run of the reconciliation inside an open write transaction.
class Reconciler {
 public:
  Reconciler(Connection& db, const Batch& batch, const ImportOptions& options, Seconds now)
      : db_(db), batch_(batch), options_(options), now_(now) {
    year_ = batch.school_year.empty() ? options.school_year : batch.school_year;
  }

  Result<ImportReport> run() {
    checkBatch();
    if (!report_.problems.empty()) return report_;
    CARTABLE_RETURN_IF_ERROR(syncClasses());
    CARTABLE_RETURN_IF_ERROR(syncGroups());
    CARTABLE_RETURN_IF_ERROR(syncSubjects());
    CARTABLE_RETURN_IF_ERROR(syncPeople());
    CARTABLE_RETURN_IF_ERROR(markLeavers());
    CARTABLE_RETURN_IF_ERROR(resolveReferences());
    if (!report_.problems.empty()) return report_;
    CARTABLE_RETURN_IF_ERROR(syncEnrollments());
    CARTABLE_RETURN_IF_ERROR(syncMemberships());
    CARTABLE_RETURN_IF_ERROR(syncGuardians());
    CARTABLE_RETURN_IF_ERROR(syncAssignments());
    return report_;
  }

 private:
  void problem(const Place& place, std::string message) {
    report_.problems.push_back(Problem{place, std::move(message)});
  }
  void change(ChangeKind kind, std::string entity, std::string description, const Place& place) {
    report_.changes.push_back(Change{kind, std::move(entity), std::move(description), place});
  }

  // Problems the parser could not see: another school's file, duplicates.
  void checkBatch() {
    report_.problems = batch_.problems;
    const Place file{batch_.people.empty() ? std::string() : batch_.people.front().place.file, ""};
    if (!batch_.uai.empty() && batch_.uai != options_.expected_uai) {
      problem(file, "the file belongs to school " + batch_.uai + ", this node serves " +
                        options_.expected_uai);
    }
    std::map<std::string, const PersonRecord*> seen;
    for (const PersonRecord& person : batch_.people) {
      auto [it, inserted] = seen.emplace(person.external_id, &person);
      if (!inserted) {
        problem(person.place, "identifier " + person.external_id + " also used at " +
                                  it->second->place.toString());
      }
    }
  }

  Status syncClasses() {
    for (const ClassRecord& record : batch_.classes) {
      CARTABLE_ASSIGN_OR_RETURN(auto existing, directory::findClass(db_, record.code, year_));
      // SIECLE knows only the code; STS-Web has the label: a file without a
      // label never replaces one.
      const bool labelled = !record.label.empty() && record.label != record.code;
      directory::SchoolClass wanted{0, record.code, labelled ? record.label : record.code,
                                    record.level, year_};
      if (existing && !labelled) wanted.label = existing->label;
      if (!existing) {
        CARTABLE_ASSIGN_OR_RETURN(wanted.id, directory::insertClass(db_, wanted));
        change(ChangeKind::create, "class", record.code + " (" + year_ + ")", record.place);
      } else {
        wanted.id = existing->id;
        if (existing->label != wanted.label || existing->level != wanted.level) {
          CARTABLE_RETURN_IF_ERROR(directory::updateClass(db_, wanted));
          change(ChangeKind::update, "class",
                 record.code + ": " + existing->label + " → " + wanted.label, record.place);
        }
      }
      class_ids_[record.code] = wanted.id;
    }
    if (batch_.classes.empty()) return okStatus();
    // A file for a new school year is the yearly rollover: last year's classes are archived.
    CARTABLE_ASSIGN_OR_RETURN(auto archived, directory::archiveClassesBefore(db_, year_, now_));
    for (const std::string& code : archived) change(ChangeKind::archive, "class", code, {});
    return okStatus();
  }

  Status syncGroups() {
    for (const GroupRecord& record : batch_.groups) {
      // As for classes, a file that knows only the code keeps the label.
      const bool labelled = !record.label.empty() && record.label != record.code;
      CARTABLE_ASSIGN_OR_RETURN(auto existing, directory::findGroup(db_, record.code));
      if (!existing) {
        CARTABLE_ASSIGN_OR_RETURN(
            std::int64_t id,
            directory::insertGroup(db_, {0, record.code, labelled ? record.label : record.code}));
        group_ids_[record.code] = id;
        change(ChangeKind::create, "group", record.code, record.place);
        continue;
      }
      group_ids_[record.code] = existing->id;
      if (labelled && existing->label != record.label) {
        CARTABLE_RETURN_IF_ERROR(
            directory::updateGroup(db_, {existing->id, record.code, record.label}));
        change(ChangeKind::update, "group", record.code + ": " + record.label, record.place);
      }
    }
    return okStatus();
  }

  Status syncSubjects() {
    for (const SubjectRecord& record : batch_.subjects) {
      CARTABLE_ASSIGN_OR_RETURN(auto existing, directory::findSubject(db_, record.code));
      if (!existing) {
        CARTABLE_ASSIGN_OR_RETURN(std::int64_t id,
                                  directory::insertSubject(db_, {0, record.code, record.label}));
        subject_ids_[record.code] = id;
        change(ChangeKind::create, "subject", record.code + " " + record.label, record.place);
        continue;
      }
      subject_ids_[record.code] = existing->id;
      if (existing->label != record.label) {
        CARTABLE_RETURN_IF_ERROR(
            directory::updateSubject(db_, {existing->id, record.code, record.label}));
        change(ChangeKind::update, "subject", record.code + ": " + record.label, record.place);
      }
    }
    return okStatus();
  }

  static directory::NewUser detailsOf(const PersonRecord& person) {
    directory::NewUser user;
    user.given_name = person.given_name;
    user.family_name = person.family_name;
    user.email = person.email;
    user.ine = person.ine;
    user.birth_date = person.birth_date;
    user.external_id = person.external_id;
    user.roles.add(person.role);
    return user;
  }

  // Which fields differ, for the report: "family_name, email".
  static std::string differences(const directory::User& user, const directory::NewUser& wanted) {
    std::string out;
    auto note = [&](bool differs, const char* name) {
      if (differs) out += (out.empty() ? "" : ", ") + std::string(name);
    };
    note(user.given_name != wanted.given_name, "given_name");
    note(user.family_name != wanted.family_name, "family_name");
    note(user.email != wanted.email, "email");
    note(user.ine != wanted.ine, "ine");
    note(user.birth_date != wanted.birth_date, "birth_date");
    note(user.external_id != wanted.external_id, "external_id");
    note(!user.roles.has(*wanted.roles.list().begin()), "roles");
    return out;
  }

  Result<std::optional<directory::User>> findPerson(const PersonRecord& person) {
    CARTABLE_ASSIGN_OR_RETURN(auto found, directory::findUserByExternalId(db_, person.external_id));
    if (found || !person.ine) return found;
    // A student first loaded from another source is recognised by the INE.
    return directory::findUserByIne(db_, *person.ine);
  }

  Status syncPeople() {
    for (const PersonRecord& person : batch_.people) {
      in_batch_.insert(person.external_id);
      if (person.left_on) left_in_batch_.insert(person.external_id);
      CARTABLE_ASSIGN_OR_RETURN(auto existing, findPerson(person));
      if (!existing && person.left_on) continue;  // left before ever being imported
      if (!existing) {
        CARTABLE_RETURN_IF_ERROR(createPerson(person));
        continue;
      }
      person_ids_[person.external_id] = existing->id;
      CARTABLE_RETURN_IF_ERROR(updatePerson(*existing, person));
    }
    return okStatus();
  }

  Status createPerson(const PersonRecord& person) {
    directory::NewUser user = detailsOf(person);
    CARTABLE_ASSIGN_OR_RETURN(user.login,
                              directory::proposeLogin(db_, person.given_name, person.family_name));
    auto id = directory::insertUser(db_, user, now_);
    if (!id.ok()) {
      problem(person.place, id.error().message);
      return okStatus();
    }
    person_ids_[person.external_id] = *id;
    change(ChangeKind::create, "person", describe(person) + ", login " + user.login, person.place);
    return okStatus();
  }

  Status updatePerson(const directory::User& user, const PersonRecord& person) {
    const directory::NewUser wanted = detailsOf(person);
    const std::string differs = differences(user, wanted);
    if (!differs.empty()) {
      Status updated = directory::updateUserDetails(db_, user.id, wanted, now_);
      if (!updated.ok()) {
        problem(person.place, updated.error().message);
        return okStatus();
      }
      if (!user.roles.has(person.role)) {
        directory::RoleSet roles = user.roles;
        roles.add(person.role);
        CARTABLE_RETURN_IF_ERROR(directory::setRoles(db_, user.id, roles, now_));
      }
      change(ChangeKind::update, "person", describe(person) + ": " + differs, person.place);
    }
    if (person.left_on && user.active())
      return disable(user.id, describe(person) + " left on " + *person.left_on, person.place);
    if (!person.left_on && !user.active() && user.disabled_by_import) {
      CARTABLE_RETURN_IF_ERROR(directory::setDisabled(db_, user.id, std::nullopt, now_));
      change(ChangeKind::comeback, "person", describe(person), person.place);
    } else if (!person.left_on && !user.active()) {
      // An admin's decision (a suspension, say) is not undone by a routine import.
      report_.warnings.push_back(Problem{person.place, describe(person) +
                                                           " is in the file but was disabled by an "
                                                           "administrator: left disabled"});
    }
    return okStatus();
  }

  Status disable(std::int64_t id, std::string description, const Place& place) {
    CARTABLE_RETURN_IF_ERROR(
        directory::setDisabled(db_, id, now_, now_, directory::DisabledBy::import));
    CARTABLE_RETURN_IF_ERROR(db_.exec(
        "UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", now_, id));
    change(ChangeKind::leave, "person", std::move(description), place);
    return okStatus();
  }

  // People of the roles the file lists in full, from the same kind of file,
  // who are no longer in it.
  Status markLeavers() {
    if (batch_.complete_roles.empty() || batch_.id_prefix.empty()) return okStatus();
    CARTABLE_ASSIGN_OR_RETURN(auto known, directory::usersFromSource(db_, batch_.id_prefix));
    for (const directory::User& user : known) {
      if (!user.active() || in_batch_.contains(*user.external_id)) continue;
      bool listed_role = false;
      for (Role role : batch_.complete_roles) listed_role = listed_role || user.roles.has(role);
      if (!listed_role) continue;
      // An incomplete file must never lock the school's administrators out.
      if (user.roles.has(Role::admin)) {
        report_.warnings.push_back(
            Problem{{},
                    user.displayName() + " (" + *user.external_id +
                        ") is no longer in the file but is an administrator: left enabled"});
        continue;
      }
      CARTABLE_RETURN_IF_ERROR(disable(
          user.id, user.displayName() + " (" + *user.external_id + ") is no longer in the file",
          {}));
    }
    return okStatus();
  }

  // Ids for the people, classes, groups and subjects that links name, from the
  // batch or the database; unknown ones are problems.
  Result<std::optional<std::int64_t>> personId(const std::string& external_id, const Place& place) {
    if (auto found = person_ids_.find(external_id); found != person_ids_.end()) {
      return std::optional<std::int64_t>(found->second);
    }
    CARTABLE_ASSIGN_OR_RETURN(auto user, directory::findUserByExternalId(db_, external_id));
    if (!user) {
      problem(place, "unknown person " + external_id + " (import the file that lists them first)");
      return std::optional<std::int64_t>{};
    }
    person_ids_[external_id] = user->id;
    return std::optional<std::int64_t>(user->id);
  }

  Result<std::optional<std::int64_t>> classId(const std::string& code, const Place& place) {
    if (auto found = class_ids_.find(code); found != class_ids_.end()) {
      return std::optional<std::int64_t>(found->second);
    }
    CARTABLE_ASSIGN_OR_RETURN(auto existing, directory::findClass(db_, code, year_));
    if (!existing) {
      problem(place, "unknown class code " + code + " for " + year_);
      return std::optional<std::int64_t>{};
    }
    class_ids_[code] = existing->id;
    return std::optional<std::int64_t>(existing->id);
  }

  Result<std::optional<std::int64_t>> groupId(const std::string& code, const Place& place) {
    if (auto found = group_ids_.find(code); found != group_ids_.end()) {
      return std::optional<std::int64_t>(found->second);
    }
    CARTABLE_ASSIGN_OR_RETURN(auto existing, directory::findGroup(db_, code));
    if (!existing) {
      problem(place, "unknown group code " + code);
      return std::optional<std::int64_t>{};
    }
    group_ids_[code] = existing->id;
    return std::optional<std::int64_t>(existing->id);
  }

  Result<std::optional<std::int64_t>> subjectId(const std::string& code, const Place& place) {
    if (auto found = subject_ids_.find(code); found != subject_ids_.end()) {
      return std::optional<std::int64_t>(found->second);
    }
    CARTABLE_ASSIGN_OR_RETURN(auto existing, directory::findSubject(db_, code));
    if (!existing) {
      problem(place, "unknown subject code " + code);
      return std::optional<std::int64_t>{};
    }
    subject_ids_[code] = existing->id;
    return std::optional<std::int64_t>(existing->id);
  }

  Status resolveReferences() {
    for (const EnrollmentRecord& r : batch_.enrollments) {
      CARTABLE_RETURN_IF_ERROR(classId(r.class_code, r.place));
    }
    for (const MembershipRecord& r : batch_.memberships) {
      CARTABLE_RETURN_IF_ERROR(groupId(r.group_code, r.place));
    }
    for (const GuardianRecord& r : batch_.guardians) {
      CARTABLE_RETURN_IF_ERROR(personId(r.parent_id, r.place));
      // Exports list the families of students who have left too: skip those links.
      CARTABLE_ASSIGN_OR_RETURN(auto student, directory::findUserByExternalId(db_, r.student_id));
      if (student || person_ids_.contains(r.student_id)) {
        if (student) person_ids_[r.student_id] = student->id;
        continue;
      }
      report_.warnings.push_back(
          Problem{r.place, "link to unknown student " + r.student_id + " skipped"});
    }
    for (const AssignmentRecord& r : batch_.assignments) {
      CARTABLE_RETURN_IF_ERROR(personId(r.teacher_id, r.place));
      CARTABLE_RETURN_IF_ERROR(subjectId(r.subject_code, r.place));
      if (!r.class_code.empty()) CARTABLE_RETURN_IF_ERROR(classId(r.class_code, r.place));
      if (!r.group_code.empty()) CARTABLE_RETURN_IF_ERROR(groupId(r.group_code, r.place));
    }
    return okStatus();
  }

  // The name a report gives a person: their external id when known.
  std::string nameOf(std::int64_t id) const {
    for (const auto& [external_id, known] : person_ids_) {
      if (known == id) return external_id;
    }
    return "person #" + std::to_string(id);
  }

  bool activeInBatch(const std::string& external_id) const {
    return !left_in_batch_.contains(external_id);
  }

  Status syncEnrollments() {
    for (const EnrollmentRecord& r : batch_.enrollments) {
      if (!person_ids_.contains(r.student_id) || !activeInBatch(r.student_id)) continue;
      const std::int64_t student = person_ids_.at(r.student_id);
      const std::int64_t class_id = class_ids_.at(r.class_code);
      CARTABLE_ASSIGN_OR_RETURN(auto current, directory::currentClassOf(db_, student));
      if (current && current->id == class_id) continue;
      CARTABLE_RETURN_IF_ERROR(directory::enroll(db_, student, class_id, options_.today));
      change(current ? ChangeKind::update : ChangeKind::create, "enrollment",
             r.student_id +
                 (current ? " moved from " + current->code + " (" + current->school_year + ") to "
                          : " enrolled in ") +
                 r.class_code,
             r.place);
    }
    return okStatus();
  }

  // The file's group lists replace each listed student's groups.
  Status syncMemberships() {
    if (!batch_.complete_roles.contains(Role::student)) return okStatus();
    std::map<std::int64_t, std::map<std::int64_t, const MembershipRecord*>> wanted;
    for (const PersonRecord& p : batch_.people) {
      if (p.role == Role::student && person_ids_.contains(p.external_id)) {
        wanted[person_ids_.at(p.external_id)];
      }
    }
    for (const MembershipRecord& r : batch_.memberships) {
      if (person_ids_.contains(r.student_id)) {
        wanted[person_ids_.at(r.student_id)][group_ids_.at(r.group_code)] = &r;
      }
    }
    for (const auto& [student, groups] : wanted) {
      CARTABLE_ASSIGN_OR_RETURN(auto current, directory::groupsOf(db_, student));
      std::set<std::int64_t> have;
      for (const directory::Group& g : current) {
        have.insert(g.id);
        if (groups.contains(g.id)) continue;
        CARTABLE_RETURN_IF_ERROR(directory::removeGroupMember(db_, g.id, student));
        change(ChangeKind::remove, "membership", nameOf(student) + " leaves group " + g.code, {});
      }
      for (const auto& [group, record] : groups) {
        if (have.contains(group)) continue;
        CARTABLE_RETURN_IF_ERROR(directory::addGroupMember(db_, group, student));
        change(ChangeKind::create, "membership",
               record->student_id + " joins group " + record->group_code, record->place);
      }
    }
    return okStatus();
  }

  // The file's links replace the links of each parent it lists.
  Status syncGuardians() {
    std::map<std::int64_t, std::map<std::int64_t, const GuardianRecord*>> wanted;
    for (const PersonRecord& p : batch_.people) {
      if (p.role == Role::parent && person_ids_.contains(p.external_id)) {
        wanted[person_ids_.at(p.external_id)];
      }
    }
    for (const GuardianRecord& r : batch_.guardians) {
      if (!person_ids_.contains(r.student_id)) continue;  // warned about in resolveReferences
      wanted[person_ids_.at(r.parent_id)][person_ids_.at(r.student_id)] = &r;
    }
    for (const auto& [parent, links] : wanted) {
      CARTABLE_ASSIGN_OR_RETURN(auto current, directory::childrenOf(db_, parent));
      std::map<std::int64_t, directory::Guardianship> have;
      for (const directory::Guardianship& g : current) have[g.student_id] = g;
      for (const auto& [student, record] : links) {
        auto existing = have.find(student);
        const bool same = existing != have.end() &&
                          existing->second.legal_guardian == record->legal_guardian &&
                          existing->second.relationship == record->relationship;
        if (same) continue;
        CARTABLE_RETURN_IF_ERROR(directory::linkGuardian(
            db_, {parent, student, record->legal_guardian, record->relationship}));
        change(existing == have.end() ? ChangeKind::create : ChangeKind::update, "guardian",
               record->parent_id + " → " + record->student_id +
                   (record->legal_guardian ? " (legal guardian)" : ""),
               record->place);
      }
      for (const auto& [student, link] : have) {
        if (links.contains(student)) continue;
        CARTABLE_RETURN_IF_ERROR(directory::removeGuardian(db_, parent, student));
        change(ChangeKind::remove, "guardian",
               nameOf(parent) + " no longer linked to " + nameOf(student), {});
      }
    }
    return okStatus();
  }

  // The file's services replace the assignments of each teacher it lists.
  Status syncAssignments() {
    if (!batch_.complete_roles.contains(Role::teacher)) return okStatus();
    using Key = std::tuple<std::int64_t, std::int64_t, std::int64_t>;  // subject, class, group
    std::map<std::int64_t, std::map<Key, const AssignmentRecord*>> wanted;
    for (const PersonRecord& p : batch_.people) {
      if (p.role == Role::teacher && person_ids_.contains(p.external_id)) {
        wanted[person_ids_.at(p.external_id)];
      }
    }
    for (const AssignmentRecord& r : batch_.assignments) {
      const Key key{subject_ids_.at(r.subject_code),
                    r.class_code.empty() ? 0 : class_ids_.at(r.class_code),
                    r.group_code.empty() ? 0 : group_ids_.at(r.group_code)};
      wanted[person_ids_.at(r.teacher_id)][key] = &r;
    }
    for (const auto& [teacher, services] : wanted) {
      CARTABLE_RETURN_IF_ERROR(replaceAssignments(teacher, services));
    }
    return okStatus();
  }

  template <class Services>
  Status replaceAssignments(std::int64_t teacher, const Services& services) {
    CARTABLE_ASSIGN_OR_RETURN(auto current, directory::assignmentsOf(db_, teacher));
    std::set<typename Services::key_type> kept;
    for (const directory::TeachingAssignment& a : current) {
      const typename Services::key_type key{a.subject_id, a.class_id.value_or(0),
                                            a.group_id.value_or(0)};
      auto found = services.find(key);
      if (found != services.end() && found->second->main_teacher == a.main_teacher) {
        kept.insert(key);
        continue;
      }
      CARTABLE_RETURN_IF_ERROR(directory::removeAssignment(db_, a.id));
      if (found == services.end()) {
        change(ChangeKind::remove, "assignment",
               nameOf(teacher) + " no longer has teaching assignment #" + std::to_string(a.id), {});
      }
    }
    for (const auto& [key, record] : services) {
      if (kept.contains(key)) continue;
      directory::TeachingAssignment a;
      a.teacher_id = teacher;
      a.subject_id = std::get<0>(key);
      if (std::get<1>(key)) a.class_id = std::get<1>(key);
      if (std::get<2>(key)) a.group_id = std::get<2>(key);
      a.main_teacher = record->main_teacher;
      CARTABLE_RETURN_IF_ERROR(directory::insertAssignment(db_, a));
      change(ChangeKind::create, "assignment",
             record->teacher_id + " teaches " + record->subject_code + " to " +
                 (record->class_code.empty() ? record->group_code : record->class_code) +
                 (record->main_teacher ? " (professeur principal)" : ""),
             record->place);
    }
    return okStatus();
  }

  Connection& db_;
  const Batch& batch_;
  const ImportOptions& options_;
  Seconds now_;
  std::string year_;
  ImportReport report_;
  std::set<std::string> in_batch_, left_in_batch_;
  std::map<std::string, std::int64_t> person_ids_, class_ids_, group_ids_, subject_ids_;
};

}  // namespace

std::string_view changeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::create:
      return "create";
    case ChangeKind::update:
      return "update";
    case ChangeKind::leave:
      return "leave";
    case ChangeKind::comeback:
      return "comeback";
    case ChangeKind::remove:
      return "remove";
    case ChangeKind::archive:
      return "archive";
  }
  return "unknown";
}

int ImportReport::count(ChangeKind kind, const std::string& entity) const {
  int n = 0;
  for (const Change& c : changes) n += c.kind == kind && c.entity == entity ? 1 : 0;
  return n;
}

Result<ImportReport> previewImport(storage::Database& db, const Batch& batch,
                                   const ImportOptions& options, Seconds now) {
  return runImport(db, {false, "import.apply", std::nullopt, now},
                   [&](Connection& conn) { return Reconciler(conn, batch, options, now).run(); });
}

Result<ImportReport> applyImport(storage::Database& db, const Batch& batch,
                                 const ImportOptions& options, Seconds now,
                                 std::optional<std::int64_t> actor) {
  return runImport(db, {true, "import.apply", actor, now},
                   [&](Connection& conn) { return Reconciler(conn, batch, options, now).run(); });
}

}  // namespace cartable::imports
