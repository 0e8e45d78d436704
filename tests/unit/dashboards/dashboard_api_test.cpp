// GET /api/v1/me/dashboard: the sections each caller gets, and that every
// answer matches the Dashboard schema of the OpenAPI document.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "api/openapi/openapi_document.h"
#include "dashboard_school.h"
#include "support/test_node.h"

namespace cartable::dashboards {
namespace {

using cartable::testing::Credentials;
using cartable::testing::TestNode;
using ::testing::IsEmpty;
using Object = Poco::JSON::Object::Ptr;
using Array = Poco::JSON::Array::Ptr;

// Follows a local "$ref"; reset() rebinds a handle (assignment would overwrite the node).
YAML::Node resolved(const YAML::Node& document, const YAML::Node& node) {
  YAML::Node target;
  target.reset(node);
  while (target.IsMap() && target["$ref"]) {
    const std::string ref = target["$ref"].as<std::string>();
    YAML::Node next;
    next.reset(document);
    for (std::size_t start = 2; start <= ref.size();) {
      const std::size_t slash = std::min(ref.find('/', start), ref.size());
      const YAML::Node& map = next;
      const YAML::Node child = map[ref.substr(start, slash - start)];
      next.reset(child);
      start = slash + 1;
    }
    target.reset(next);
  }
  return target;
}

// A schema with its allOf parts folded together.
struct Shape {
  std::string type;
  bool nullable = false;
  std::map<std::string, YAML::Node> properties;
  std::set<std::string> required;
  std::vector<YAML::Node> additional;  // additionalProperties given as a schema
  std::vector<YAML::Node> items;
  std::optional<std::size_t> max_items;
  std::set<std::string> allowed;  // enum
};

void collect(const YAML::Node& document, const YAML::Node& raw, Shape& shape) {
  const YAML::Node schema = resolved(document, raw);
  if (!schema.IsMap()) return;
  if (schema["nullable"] && schema["nullable"].as<bool>()) shape.nullable = true;
  if (schema["type"]) shape.type = schema["type"].as<std::string>();
  if (schema["maxItems"]) shape.max_items = schema["maxItems"].as<std::size_t>();
  if (schema["items"]) shape.items.push_back(schema["items"]);
  if (schema["enum"]) {
    for (const auto& value : schema["enum"]) shape.allowed.insert(value.as<std::string>());
  }
  if (schema["required"]) {
    for (const auto& name : schema["required"]) shape.required.insert(name.as<std::string>());
  }
  if (schema["properties"]) {
    for (const auto& property : schema["properties"]) {
      const std::string name = property.first.as<std::string>();
      shape.properties.erase(name);
      shape.properties.emplace(name, property.second);
    }
  }
  if (schema["additionalProperties"] && schema["additionalProperties"].IsMap()) {
    shape.additional.push_back(schema["additionalProperties"]);
  }
  if (schema["allOf"]) {
    for (const auto& part : schema["allOf"]) collect(document, part, shape);
  }
}

// Every way `value` strays from `schema`, each named by its JSON path.
class Conformance {
 public:
  explicit Conformance(const YAML::Node& document) : document_(document) {}

  void check(const YAML::Node& schema, const Poco::Dynamic::Var& value, const std::string& path) {
    Shape shape;
    collect(document_, schema, shape);
    if (value.isEmpty()) {
      if (!shape.nullable) problems.push_back(path + ": null but not nullable");
      return;
    }
    if (shape.type == "object" || !shape.properties.empty()) return checkObject(shape, value, path);
    if (shape.type == "array") return checkArray(shape, value, path);
    checkScalar(shape, value, path);
  }

  std::vector<std::string> problems;

 private:
  void checkObject(const Shape& shape, const Poco::Dynamic::Var& value, const std::string& path) {
    if (value.type() != typeid(Object)) {
      problems.push_back(path + ": not an object");
      return;
    }
    const Object object = value.extract<Object>();
    for (const std::string& name : shape.required) {
      if (!object->has(name)) problems.push_back(path + "." + name + ": required, missing");
    }
    for (const auto& [name, member] : *object) {
      const auto declared = shape.properties.find(name);
      if (declared != shape.properties.end()) {
        check(declared->second, member, path + "." + name);
      } else if (!shape.additional.empty()) {
        check(shape.additional.front(), member, path + "." + name);
      } else {
        problems.push_back(path + "." + name + ": not in the schema");
      }
    }
  }

  void checkArray(const Shape& shape, const Poco::Dynamic::Var& value, const std::string& path) {
    if (value.type() != typeid(Array)) {
      problems.push_back(path + ": not an array");
      return;
    }
    const Array array = value.extract<Array>();
    if (shape.max_items && array->size() > *shape.max_items) {
      problems.push_back(path + ": more than " + std::to_string(*shape.max_items) + " items");
    }
    for (std::size_t i = 0; i < array->size() && !shape.items.empty(); ++i) {
      check(shape.items.front(), array->get(static_cast<unsigned>(i)),
            path + "[" + std::to_string(i) + "]");
    }
  }

  void checkScalar(const Shape& shape, const Poco::Dynamic::Var& value, const std::string& path) {
    const bool fits = shape.type.empty() || (shape.type == "string" && value.isString()) ||
                      (shape.type == "integer" && value.isInteger()) ||
                      (shape.type == "number" && value.isNumeric()) ||
                      (shape.type == "boolean" && value.isBoolean());
    if (!fits) problems.push_back(path + ": not of type " + shape.type);
    if (!shape.allowed.empty() && !shape.allowed.contains(value.toString())) {
      problems.push_back(path + ": \"" + value.toString() + "\" is not in the enum");
    }
  }

  const YAML::Node& document_;
};

class DashboardApi : public ::testing::Test {
 protected:
  void SetUp() override {
    node_.clock().set(test_school::kNow);
    Status built = node_.node().database().write([&](storage::Connection& db) -> Status {
      test_school::SchoolBuilder builder(db, node_.settings().data_dir + "/files");
      CARTABLE_ASSIGN_OR_RETURN(s_, builder.build());
      return okStatus();
    });
    ASSERT_TRUE(built.ok()) << built.error().message;
    // Staff and admin sections are the school's, whoever reads them; these two
    // have the credentials two-factor enrollment needs.
    staff_ = node_.addPerson("vie.scolaire", {directory::Role::staff});
    admin_ = node_.addPerson("principal", {directory::Role::admin});
    node_.enrollTotp(staff_);
    node_.enrollTotp(admin_);
  }

  testing::HttpResult dashboardOf(std::int64_t person) {
    const Credentials credentials = node_.sessionFor(person);
    return node_.request("GET", "/api/v1/me/dashboard", "", &credentials);
  }

  Object bodyOf(std::int64_t person) {
    const auto result = dashboardOf(person);
    EXPECT_EQ(result.status, 200) << result.body;
    return Poco::JSON::Parser().parse(result.body).extract<Object>();
  }

  static std::set<std::string> sectionsOf(const Object& body) {
    std::set<std::string> out;
    for (const char* name : {"student", "parent", "teacher", "staff", "admin"}) {
      if (body->has(name)) out.insert(name);
    }
    return out;
  }

  std::map<std::string, std::int64_t> everyone() const {
    return {{"student", s_.alice},         {"parent", s_.pat}, {"teacher", s_.prof_a},
            {"teacher+parent", s_.prof_b}, {"staff", staff_},  {"admin", admin_}};
  }

  TestNode node_;
  test_school::School s_;
  std::int64_t staff_ = 0, admin_ = 0;
};

TEST_F(DashboardApi, EachCallerGetsOneSectionPerRoleTheyHold) {
  const std::map<std::string, std::set<std::string>> expected = {
      {"student", {"student"}}, {"parent", {"parent"}}, {"teacher", {"teacher"}},
      {"staff", {"staff"}},     {"admin", {"admin"}},   {"teacher+parent", {"teacher", "parent"}}};
  for (const auto& [caller, person] : everyone()) {
    EXPECT_EQ(sectionsOf(bodyOf(person)), expected.at(caller)) << caller;
  }
}

TEST_F(DashboardApi, WithoutASessionItAsksToSignIn) {
  EXPECT_EQ(node_.request("GET", "/api/v1/me/dashboard").status, 401);
}

TEST_F(DashboardApi, StaffMustFirstSetUpTheirSecondFactor) {
  const std::int64_t newcomer = node_.addPerson("aed", {directory::Role::staff});
  const Credentials credentials = node_.sessionFor(newcomer, false, false);
  const auto result = node_.request("GET", "/api/v1/me/dashboard", "", &credentials);
  EXPECT_EQ(result.status, 409) << result.body;
}

TEST_F(DashboardApi, EveryAnswerMatchesTheDashboardSchema) {
  const YAML::Node document = YAML::Load(std::string(api::openApiDocument()));
  const YAML::Node schema = document["components"]["schemas"]["Dashboard"];
  ASSERT_TRUE(schema.IsMap());
  for (const auto& [caller, person] : everyone()) {
    const auto result = dashboardOf(person);
    ASSERT_EQ(result.status, 200) << caller << ": " << result.body;
    Conformance conformance(document);
    conformance.check(schema, Poco::JSON::Parser().parse(result.body), caller);
    EXPECT_THAT(conformance.problems, IsEmpty()) << caller;
  }
}

TEST_F(DashboardApi, TheSchemaCheckFindsAnUndeclaredField) {
  const YAML::Node document = YAML::Load(std::string(api::openApiDocument()));
  Object body = bodyOf(admin_);
  body->getObject("admin")->set("secret", 1);
  Conformance conformance(document);
  conformance.check(document["components"]["schemas"]["Dashboard"], body, "admin");
  EXPECT_THAT(conformance.problems,
              ::testing::ElementsAre("admin.admin.secret: not in the schema"));
}

TEST_F(DashboardApi, AStudentsSectionShowsWhatTheyWillSee) {
  const Object student = bodyOf(s_.alice)->getObject("student");
  const Array today = student->getObject("today")->getArray("lessons");
  ASSERT_EQ(today->size(), 4u);
  EXPECT_TRUE(today->getObject(2)->getValue<bool>("cancelled"));
  EXPECT_EQ(student->getObject("homework")->getValue<std::string>("to"), "2026-12-15");
  const Object grade = student->getArray("latest_grades")->getObject(0);
  EXPECT_EQ(grade->getObject("score")->getValue<double>("value"), 15.0);
  EXPECT_EQ(student->getArray("recommendations")->getObject(0)->getValue<std::string>("source"),
            "hand_in");
  EXPECT_EQ(student->getObject("unread")->getValue<int>("messages"), 1);
  // The feed's unread count, as the notification feed itself gives it.
  const Credentials credentials = node_.sessionFor(s_.alice);
  const auto feed = node_.request("GET", "/api/v1/me/notifications?limit=1", "", &credentials);
  const int feed_unread =
      Poco::JSON::Parser().parse(feed.body).extract<Object>()->getValue<int>("unread");
  EXPECT_GT(feed_unread, 0);
  EXPECT_EQ(student->getObject("unread")->getValue<int>("notifications"), feed_unread);
}

TEST_F(DashboardApi, AParentsChildrenCarryTheJustificationsRequested) {
  const Array children = bodyOf(s_.pat)->getObject("parent")->getArray("children");
  ASSERT_EQ(children->size(), 2u);
  const Object alice = children->getObject(0)->getObject("justifications_requested");
  EXPECT_EQ(alice->getValue<int>("count"), 1);
  EXPECT_EQ(alice->getArray("items")->getObject(0)->getValue<std::string>("justification"),
            "unjustified");
}

TEST_F(DashboardApi, TheNamesLabelTheTeachersAndSubjects) {
  const Object names = bodyOf(s_.alice)->getObject("names");
  EXPECT_EQ(names->getObject("people")->getValue<std::string>(std::to_string(s_.prof_a)),
            "prof.a Test");
  EXPECT_EQ(names->getObject("subjects")->getValue<std::string>(std::to_string(s_.maths)), "Maths");
}

TEST_F(DashboardApi, TheAdminSeesTheFederationNotConfiguredYet) {
  const Object admin = bodyOf(admin_)->getObject("admin");
  EXPECT_EQ(admin->getObject("federation")->getValue<std::string>("state"), "not_configured");
  // The node's maintenance sweeps the fixture's unreferenced files; the database stays.
  EXPECT_GT(admin->getObject("storage")->getValue<std::int64_t>("database_bytes"), 0);
}

}  // namespace
}  // namespace cartable::dashboards
