// The school's policy of who may write to whom: each default rule allowed and
// denied, switching rules, and group recipients expanded and checked.
#include "messaging_fixture.h"

namespace cartable::messaging {
namespace {

class MessagingPolicy : public MessagingSchool {
 protected:
  Result<std::vector<std::int64_t>> resolve(std::int64_t sender, std::vector<Recipient> list) {
    std::optional<std::vector<std::int64_t>> out;
    Status status = db_->read([&](storage::Connection& db) -> Status {
      CARTABLE_ASSIGN_OR_RETURN(out, resolveRecipients(db, sender, list));
      return okStatus();
    });
    if (!status.ok()) return status.error();
    return *out;
  }
};

// One sender writing to one person, and what the default policy answers.
struct Case {
  const char* what;
  std::int64_t MessagingSchool::*sender;
  std::int64_t MessagingSchool::*recipient;
  const char* refusal;  // "" when allowed; otherwise the exact message
};

constexpr const char* kNoRule =
    "no rule of the school's policy lets you write to \"recipients[0]\"";

// The fixture's members, reachable from a constexpr-like table.
struct Members : MessagingSchool {
  using MessagingSchool::alice_, MessagingSchool::bob_, MessagingSchool::carol_,
      MessagingSchool::alice_mum_, MessagingSchool::bob_dad_, MessagingSchool::carol_mum_,
      MessagingSchool::maths_, MessagingSchool::spanish_, MessagingSchool::teacher_b_,
      MessagingSchool::cpe_, MessagingSchool::head_;
};

const std::vector<Case>& defaultCases() {
  using M = Members;
  static const std::vector<Case> cases = {
      {"a student writes to their teacher", &M::alice_, &M::maths_, ""},
      {"a student writes to a group's teacher", &M::carol_, &M::spanish_, ""},
      {"a student writes to staff", &M::alice_, &M::cpe_, ""},
      {"a student writes to the head", &M::alice_, &M::head_, ""},
      {"a student writes to a classmate", &M::alice_, &M::bob_,
       "the school's policy \"student_classmates\" does not allow students to write to "
       "classmates"},
      {"a student writes to a group mate", &M::alice_, &M::carol_,
       "the school's policy \"student_classmates\" does not allow students to write to "
       "classmates"},
      {"a student writes to a teacher who does not teach them", &M::alice_, &M::teacher_b_,
       kNoRule},
      {"a student writes to another family's parent", &M::alice_, &M::bob_dad_, kNoRule},
      {"a parent writes to their child's teacher", &M::alice_mum_, &M::maths_, ""},
      {"a parent writes to staff", &M::alice_mum_, &M::cpe_, ""},
      {"a parent writes to a teacher of other children", &M::alice_mum_, &M::teacher_b_, kNoRule},
      {"a parent writes to another family's child", &M::alice_mum_, &M::bob_, kNoRule},
      {"a parent writes to another parent", &M::alice_mum_, &M::bob_dad_, kNoRule},
      {"a teacher writes to a student they teach", &M::maths_, &M::alice_, ""},
      {"a teacher writes to a student they do not teach", &M::maths_, &M::carol_, kNoRule},
      {"a teacher writes to their student's parent", &M::maths_, &M::alice_mum_, ""},
      {"a teacher writes to another class's parent", &M::maths_, &M::carol_mum_, kNoRule},
      {"a teacher writes to a colleague", &M::maths_, &M::teacher_b_, ""},
      {"a teacher writes to staff", &M::maths_, &M::cpe_, ""},
      {"staff write to a student", &M::cpe_, &M::carol_, ""},
      {"staff write to a parent", &M::cpe_, &M::carol_mum_, ""},
      {"the head writes to anyone", &M::head_, &M::bob_dad_, ""},
  };
  return cases;
}

TEST_F(MessagingPolicy, EachDefaultRuleAllowsOrRefusesAsTheTableSays) {
  for (const Case& c : defaultCases()) {
    auto resolved = resolve(this->*c.sender, {to(this->*c.recipient)});
    if (std::string(c.refusal).empty()) {
      ASSERT_TRUE(resolved.ok()) << c.what << ": " << resolved.error().message;
      EXPECT_EQ(*resolved, std::vector<std::int64_t>{this->*c.recipient}) << c.what;
    } else {
      ASSERT_FALSE(resolved.ok()) << c.what;
      EXPECT_EQ(resolved.error().code, Errc::permission_denied) << c.what;
      EXPECT_EQ(resolved.error().message, c.refusal) << c.what;
      EXPECT_EQ(resolved.error().field, "recipients[0]") << c.what;
    }
  }
}

// Each rule, turned the other way, turns its example's answer around.
struct Switch {
  const char* rule;
  std::int64_t MessagingSchool::*sender;
  std::int64_t MessagingSchool::*recipient;
};

TEST_F(MessagingPolicy, TurningARuleTheOtherWayTurnsItsAnswerAround) {
  using M = Members;
  const Switch switches[] = {
      {"student_teacher", &M::alice_, &M::maths_},
      {"student_staff", &M::alice_, &M::cpe_},
      {"student_classmates", &M::alice_, &M::bob_},
      {"parent_teacher", &M::alice_mum_, &M::maths_},
      {"parent_staff", &M::alice_mum_, &M::cpe_},
      {"teacher_student", &M::maths_, &M::alice_},
      {"teacher_parent", &M::maths_, &M::alice_mum_},
      {"teacher_teacher", &M::maths_, &M::spanish_},
      {"teacher_staff", &M::maths_, &M::cpe_},
      {"staff_everyone", &M::cpe_, &M::bob_},
  };
  auto policy = read<Policy>([](storage::Connection& db) { return loadPolicy(db); });
  for (const Switch& s : switches) {
    const bool before = policy.at(s.rule);
    ASSERT_TRUE(setRule(s.rule, !before).ok());
    auto resolved = resolve(this->*s.sender, {to(this->*s.recipient)});
    EXPECT_EQ(resolved.ok(), !before) << s.rule;
    if (before) {
      EXPECT_NE(resolved.error().message.find(std::string("\"") + s.rule + "\""), std::string::npos)
          << resolved.error().message;
    }
    ASSERT_TRUE(setRule(s.rule, before).ok());
  }
}

TEST_F(MessagingPolicy, StudentsReachClassmatesOnceTheAdminSwitchesTheRuleOn) {
  EXPECT_FALSE(resolve(alice_, {to(bob_)}).ok());
  ASSERT_TRUE(setRule("student_classmates", true).ok());
  EXPECT_TRUE(resolve(alice_, {to(bob_)}).ok());
  auto policy = read<Policy>([](storage::Connection& db) { return loadPolicy(db); });
  EXPECT_TRUE(policy.at("student_classmates"));
  EXPECT_TRUE(policy.at("student_teacher"));
}

TEST_F(MessagingPolicy, AnUnknownRuleIsRefusedAndNothingChanges) {
  Status refused = write([](storage::Connection& db) {
    return updatePolicy(db, {{"student_classmates", true}, {"parent_parent", true}});
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "rules.parent_parent");
  EXPECT_EQ(count("SELECT allowed FROM messaging_policy WHERE rule = 'student_classmates'"), 0);
}

TEST_F(MessagingPolicy, GroupsExpandToThePeopleTheyHoldNow) {
  auto parents = resolve(maths_, {{RecipientKind::class_parents, class_a_}});
  ASSERT_TRUE(parents.ok()) << parents.error().message;
  EXPECT_EQ(*parents, (std::vector<std::int64_t>{alice_mum_, bob_dad_}));
  auto students = resolve(cpe_, {{RecipientKind::group_students, group_}});
  ASSERT_TRUE(students.ok());
  EXPECT_EQ(*students, (std::vector<std::int64_t>{alice_, carol_}));
  // 6A's teachers: maths by the class, Spanish through Alice's group.
  auto teachers = resolve(alice_mum_, {{RecipientKind::class_teachers, class_a_}});
  ASSERT_TRUE(teachers.ok()) << teachers.error().message;
  EXPECT_EQ(*teachers, (std::vector<std::int64_t>{maths_, spanish_}));
  // Repeats are told once; the sender is left out.
  ASSERT_TRUE(setRule("student_classmates", true).ok());
  auto classmates = resolve(alice_, {{RecipientKind::class_students, class_a_}, to(bob_)});
  ASSERT_TRUE(classmates.ok());
  EXPECT_EQ(*classmates, std::vector<std::int64_t>{bob_});
}

TEST_F(MessagingPolicy, AGroupHoldingSomeoneTheSenderMayNotReachIsRefusedByName) {
  auto other_class = resolve(maths_, {to(alice_), {RecipientKind::class_parents, class_b_}});
  ASSERT_FALSE(other_class.ok());
  EXPECT_EQ(other_class.error().code, Errc::permission_denied);
  EXPECT_EQ(other_class.error().field, "recipients[1]");
  auto classmates = resolve(alice_, {{RecipientKind::class_students, class_a_}});
  ASSERT_FALSE(classmates.ok());
  EXPECT_EQ(classmates.error().field, "recipients[0]");
  EXPECT_EQ(classmates.error().message,
            "the school's policy \"student_classmates\" does not allow students to write to "
            "classmates");
}

TEST_F(MessagingPolicy, UnknownRecipientsAreNamed) {
  auto person = resolve(cpe_, {to(alice_), to(999)});
  ASSERT_FALSE(person.ok());
  EXPECT_EQ(person.error().code, Errc::invalid_argument);
  EXPECT_EQ(person.error().field, "recipients[1]");
  EXPECT_EQ(person.error().message, "\"recipients[1]\" names no active person with id 999");
  auto group = resolve(cpe_, {{RecipientKind::class_parents, 999}});
  ASSERT_FALSE(group.ok());
  EXPECT_EQ(group.error().message, "\"recipients[0]\" names no class with id 999");
  auto nobody = resolve(cpe_, {to(cpe_)});
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().field, "recipients");
  auto none = resolve(cpe_, {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().field, "recipients");
}

}  // namespace
}  // namespace cartable::messaging
