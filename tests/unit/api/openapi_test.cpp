// The OpenAPI document must describe exactly the routes the school node serves.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "api/routes.h"

namespace cartable::api {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// What a document gets wrong, each offender named "METHOD /path".
struct ContractReport {
  std::vector<std::string> missing_from_document;  // served, not described
  std::vector<std::string> unknown_to_router;      // described, not served
  std::vector<std::string> incomplete;             // described without summary, 2xx or parameter
};

constexpr std::string_view kOperationKeys[] = {"get",     "put",  "post",  "delete",
                                               "options", "head", "patch", "trace"};

std::string routeName(std::string_view method, std::string_view path) {
  std::string name;
  for (const char c : method)
    name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return name + " " + std::string(path);
}

std::set<std::string> servedRoutes() {
  const RouteTable table = schoolRoutes([] { return true; });
  std::set<std::string> served;
  for (const ApiRoute& route : table.routes()) {
    served.insert(routeName(http::methodName(route.method), route.pattern));
  }
  return served;
}

// The {name} segments of a path template.
std::set<std::string> templateParameters(const std::string& path) {
  std::set<std::string> names;
  for (std::size_t open = path.find('{'); open != std::string::npos;
       open = path.find('{', open + 1)) {
    const std::size_t close = path.find('}', open);
    if (close == std::string::npos) break;
    names.insert(path.substr(open + 1, close - open - 1));
  }
  return names;
}

// Follows a local "$ref: '#/components/...'" to the node it names.
YAML::Node resolved(const YAML::Node& document, const YAML::Node& node) {
  if (!node.IsMap() || !node["$ref"]) return node;
  const std::string ref = node["$ref"].as<std::string>();
  if (!ref.starts_with("#/")) return YAML::Node();
  // reset() rebinds a handle; assigning a YAML::Node would overwrite the node it holds.
  YAML::Node target;
  target.reset(document);
  for (std::size_t start = 2; start <= ref.size();) {
    const std::size_t slash = std::min(ref.find('/', start), ref.size());
    if (!target.IsMap()) return YAML::Node();
    const YAML::Node& map = target;
    const YAML::Node next = map[ref.substr(start, slash - start)];
    if (!next) return YAML::Node();
    target.reset(next);
    start = slash + 1;
  }
  return target;
}

std::set<std::string> declaredPathParameters(const YAML::Node& document,
                                             const YAML::Node& path_item,
                                             const YAML::Node& operation) {
  std::set<std::string> names;
  for (const YAML::Node& list : {path_item["parameters"], operation["parameters"]}) {
    if (!list || !list.IsSequence()) continue;
    for (const YAML::Node& entry : list) {
      const YAML::Node parameter = resolved(document, entry);
      if (parameter.IsMap() && parameter["in"] && parameter["name"] &&
          parameter["in"].as<std::string>() == "path") {
        names.insert(parameter["name"].as<std::string>());
      }
    }
  }
  return names;
}

bool hasSuccessResponse(const YAML::Node& operation) {
  const YAML::Node responses = operation["responses"];
  if (!responses || !responses.IsMap()) return false;
  for (const auto& response : responses) {
    const std::string status = response.first.as<std::string>();
    if (status.size() == 3 && status.front() == '2') return true;
  }
  return false;
}

// What one described operation lacks, each as "METHOD /path: problem".
std::vector<std::string> operationProblems(const YAML::Node& document, const std::string& name,
                                           const std::string& path, const YAML::Node& path_item,
                                           const YAML::Node& operation) {
  std::vector<std::string> problems;
  if (!operation.IsMap()) return {name + ": not an operation object"};
  const YAML::Node summary = operation["summary"];
  if (!summary || !summary.IsScalar() || summary.as<std::string>().empty()) {
    problems.push_back(name + ": no summary");
  }
  if (!hasSuccessResponse(operation)) problems.push_back(name + ": no 2xx response");
  const std::set<std::string> declared = declaredPathParameters(document, path_item, operation);
  for (const std::string& parameter : templateParameters(path)) {
    if (!declared.contains(parameter)) {
      problems.push_back(name + ": path parameter {" + parameter + "} not declared");
    }
  }
  return problems;
}

std::vector<std::string> difference(const std::set<std::string>& from,
                                    const std::set<std::string>& without) {
  std::vector<std::string> out;
  std::set_difference(from.begin(), from.end(), without.begin(), without.end(),
                      std::back_inserter(out));
  return out;
}

// Compares the operations of `document` with the routes `served` by the router.
ContractReport compareWithRouter(const YAML::Node& document, const std::set<std::string>& served) {
  ContractReport report;
  std::set<std::string> described;
  const YAML::Node paths = document["paths"];
  if (paths && paths.IsMap()) {
    for (const auto& entry : paths) {
      const std::string path = entry.first.as<std::string>();
      const YAML::Node path_item = entry.second;
      if (!path_item.IsMap()) continue;
      for (const std::string_view key : kOperationKeys) {
        const YAML::Node operation = path_item[std::string(key)];
        if (!operation) continue;
        const std::string name = routeName(key, path);
        described.insert(name);
        for (std::string& problem : operationProblems(document, name, path, path_item, operation)) {
          report.incomplete.push_back(std::move(problem));
        }
      }
    }
  }
  report.missing_from_document = difference(served, described);
  report.unknown_to_router = difference(described, served);
  std::sort(report.incomplete.begin(), report.incomplete.end());
  return report;
}

class ApiOpenApi : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* source_dir = std::getenv("CARTABLE_SOURCE_DIR");
    ASSERT_NE(source_dir, nullptr) << "CARTABLE_SOURCE_DIR must name the source tree";
    const std::filesystem::path file =
        std::filesystem::path(source_dir) / "appliance/api/openapi/openapi.yaml";
    ASSERT_TRUE(std::filesystem::exists(file)) << file;
    document_ = YAML::LoadFile(file.string());
  }

  // A deep copy, so that a test may edit it.
  YAML::Node editableDocument() const { return YAML::Clone(document_); }

  YAML::Node document_;
  const std::set<std::string> served_ = servedRoutes();
};

TEST_F(ApiOpenApi, IsAnOpenApi303Document) {
  ASSERT_TRUE(document_["openapi"]);
  EXPECT_EQ(document_["openapi"].as<std::string>(), "3.0.3");
}

TEST_F(ApiOpenApi, DescribesExactlyTheRoutesTheRouterServes) {
  const ContractReport report = compareWithRouter(document_, served_);
  EXPECT_THAT(report.missing_from_document, IsEmpty())
      << "served by schoolRoutes() but missing from openapi.yaml";
  EXPECT_THAT(report.unknown_to_router, IsEmpty())
      << "described in openapi.yaml but not served by schoolRoutes()";
  EXPECT_THAT(report.incomplete, IsEmpty());
}

TEST_F(ApiOpenApi, ReportsTheRouteWhosePathWasRemovedFromTheDocument) {
  YAML::Node edited = editableDocument();
  ASSERT_TRUE(edited["paths"].remove("/api/v1/me/totp/confirm"));

  const ContractReport report = compareWithRouter(edited, served_);

  EXPECT_THAT(report.missing_from_document, ElementsAre("POST /api/v1/me/totp/confirm"));
  EXPECT_THAT(report.unknown_to_router, IsEmpty());
  EXPECT_THAT(report.incomplete, IsEmpty());
}

TEST_F(ApiOpenApi, ReportsAPathTheRouterDoesNotServe) {
  YAML::Node edited = editableDocument();
  edited["paths"]["/api/v1/timetable"]["get"] = YAML::Clone(edited["paths"]["/api/v1/me"]["get"]);

  const ContractReport report = compareWithRouter(edited, served_);

  EXPECT_THAT(report.unknown_to_router, ElementsAre("GET /api/v1/timetable"));
  EXPECT_THAT(report.missing_from_document, IsEmpty());
}

TEST_F(ApiOpenApi, ReportsOperationsWithoutSummarySuccessResponseOrPathParameter) {
  YAML::Node edited = editableDocument();
  YAML::Node paths = edited["paths"];
  ASSERT_TRUE(paths["/api/v1/users/{id}"]["get"].remove("summary"));
  ASSERT_TRUE(paths["/api/v1/classes"]["post"]["responses"].remove("201"));
  ASSERT_TRUE(paths["/api/v1/classes/{id}/students"].remove("parameters"));

  const ContractReport report = compareWithRouter(edited, served_);

  EXPECT_THAT(
      report.incomplete,
      ElementsAre("GET /api/v1/classes/{id}/students: path parameter {id} not declared",
                  "GET /api/v1/users/{id}: no summary", "POST /api/v1/classes: no 2xx response"));
  EXPECT_THAT(report.missing_from_document, IsEmpty());
}

}  // namespace
}  // namespace cartable::api
