#include "core/http/router.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <string_view>

namespace cartable::http {
namespace {

// Splits "/a/b" into {"a", "b"}; "/" gives {""} and "/a/" gives {"a", ""}.
std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (path.empty() || path.front() != '/') return segments;
  path.remove_prefix(1);
  while (true) {
    const std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool isParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// The pattern with parameter names erased, so that "/u/{id}" and "/u/{uid}"
// count as the same route.
std::string shapeOf(std::string_view pattern) {
  std::string shape;
  for (const auto segment : splitPath(pattern)) {
    shape += '/';
    shape += isParameter(segment) ? std::string_view("{}") : segment;
  }
  return shape;
}

// For a pattern matching `segments`: one flag per segment, true where the
// pattern has a literal. Comparing these vectors ranks the most literal first.
std::optional<std::vector<bool>> matchRank(std::string_view pattern,
                                           const std::vector<std::string_view>& segments) {
  const auto pattern_segments = splitPath(pattern);
  if (pattern_segments.size() != segments.size()) return std::nullopt;
  std::vector<bool> rank(segments.size());
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (isParameter(pattern_segments[i])) {
      if (segments[i].empty()) return std::nullopt;
      continue;
    }
    if (pattern_segments[i] != segments[i]) return std::nullopt;
    rank[i] = true;
  }
  return rank;
}

void fillParameters(std::string_view pattern, const std::vector<std::string_view>& segments,
                    std::map<std::string, std::string>& params) {
  params.clear();
  const auto pattern_segments = splitPath(pattern);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const auto segment = pattern_segments[i];
    if (!isParameter(segment)) continue;
    params.emplace(segment.substr(1, segment.size() - 2), segments[i]);
  }
}

[[maybe_unused]] bool containsRoute(const std::vector<Route>& routes, Method method,
                                    std::string_view pattern) {
  const std::string shape = shapeOf(pattern);
  return std::any_of(routes.begin(), routes.end(), [&](const Route& route) {
    return route.method == method && shapeOf(route.pattern) == shape;
  });
}

}  // namespace

void Router::add(Method method, std::string pattern, Handler handler, std::uint64_t max_body_bytes,
                 Gate gate) {
  assert(!pattern.empty() && pattern.front() == '/');
  assert(!containsRoute(routes_, method, pattern) && "duplicate route");
  routes_.push_back(
      Route{method, std::move(pattern), std::move(handler), max_body_bytes, std::move(gate)});
}

void Router::setFallback(Handler handler) {
  fallback_ = Route{Method::get, "/*", std::move(handler), 0, {}};
}

Router::Lookup Router::find(Request& request) const {
  const auto segments = splitPath(request.path);
  Lookup lookup;
  std::vector<bool> best_rank;
  for (const auto& route : routes_) {
    auto rank = matchRank(route.pattern, segments);
    if (!rank) continue;
    if (route.method != request.method) {
      if (std::find(lookup.allowed.begin(), lookup.allowed.end(), route.method) ==
          lookup.allowed.end()) {
        lookup.allowed.push_back(route.method);
      }
      continue;
    }
    if (lookup.route == nullptr || *rank > best_rank) {
      lookup.route = &route;
      best_rank = std::move(*rank);
    }
  }
  if (lookup.route != nullptr) {
    lookup.match = Match::found;
    lookup.allowed.clear();
    fillParameters(lookup.route->pattern, segments, request.path_params);
    return lookup;
  }
  if (!lookup.allowed.empty()) {
    lookup.match = Match::method_not_allowed;
    std::sort(lookup.allowed.begin(), lookup.allowed.end());
    return lookup;
  }
  if (fallback_ && request.method == Method::get) {
    lookup.match = Match::found;
    lookup.route = &*fallback_;
    request.path_params.clear();
  }
  return lookup;
}

}  // namespace cartable::http
