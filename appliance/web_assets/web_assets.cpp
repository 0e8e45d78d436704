#include "web_assets/web_assets.h"

#include <sys/stat.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

#include "core/base/log.h"
#include "core/http/problem.h"

namespace cartable::web_assets {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kIndex = "index.html";
constexpr std::string_view kHashedAssets = "/assets/";
constexpr const char* kRevalidate = "no-cache";
constexpr const char* kImmutable = "public, max-age=31536000, immutable";

constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kContentTypes = {{
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".map", "application/json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
    {".xml", "application/xml"},
}};

std::string contentTypeOf(const fs::path& file) {
  const std::string extension = file.extension().string();
  for (const auto& [suffix, type] : kContentTypes) {
    if (extension == suffix) return std::string(type);
  }
  return "application/octet-stream";
}

// The request path as a path relative to the root, or nothing when a segment
// is empty, starts with a dot ("..", ".", dot files) or holds a backslash.
// "/" and a trailing "/" name index.html.
std::optional<fs::path> relativePathOf(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  path.remove_prefix(1);
  fs::path relative;
  while (!path.empty()) {
    const std::size_t slash = path.find('/');
    const std::string_view segment = path.substr(0, slash);
    if (segment.empty() || segment.front() == '.' ||
        segment.find_first_of(std::string_view("\\\0", 2)) != std::string_view::npos) {
      return std::nullopt;
    }
    relative /= std::string(segment);
    if (slash == std::string_view::npos) return relative;
    path.remove_prefix(slash + 1);
  }
  return relative / kIndex;
}

bool isInside(const fs::path& file, const fs::path& root) {
  auto [root_end, file_end] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
  return root_end == root.end() && file_end != file.end();
}

// The regular file `relative` names under `root` once every symbolic link is
// resolved, when it stays inside `root`.
std::optional<fs::path> resolveInside(const fs::path& root, const fs::path& relative) {
  std::error_code error;
  const fs::path resolved = fs::canonical(root / relative, error);
  if (error || !isInside(resolved, root)) return std::nullopt;
  if (!fs::is_regular_file(resolved, error)) return std::nullopt;
  return resolved;
}

// A validator that changes whenever the file is replaced or rewritten.
std::string entityTagOf(const struct stat& info) {
  char tag[64];
  std::snprintf(tag, sizeof(tag), "\"%llx-%llx%09llx\"",
                static_cast<unsigned long long>(info.st_size),
                static_cast<unsigned long long>(info.st_mtim.tv_sec),
                static_cast<unsigned long long>(info.st_mtim.tv_nsec));
  return tag;
}

bool matchesTag(const std::string& if_none_match, const std::string& tag) {
  if (if_none_match.empty()) return false;
  if (if_none_match == "*") return true;
  // A list of tags, possibly weak ("W/"): the comparison is weak (RFC 9110).
  return if_none_match.find(tag) != std::string::npos;
}

http::Response notFound() {
  return http::problem(404, "no resource at this path");
}

http::Response fileAnswer(const fs::path& file, const http::Request& request,
                          const char* cache_control) {
  struct stat info {};
  if (::stat(file.c_str(), &info) != 0) return notFound();
  http::Response response;
  const std::string tag = entityTagOf(info);
  response.setHeader("ETag", tag);
  response.setHeader("Cache-Control", cache_control);
  if (matchesTag(request.header("if-none-match"), tag)) {
    response.status = 304;
    response.content_type.clear();
    return response;
  }
  std::ifstream input(file, std::ios::binary);
  if (!input) return notFound();
  response.body.assign(std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>());
  response.content_type = contentTypeOf(file);
  return response;
}

bool acceptsHtml(const http::Request& request) {
  return request.header("accept").find("text/html") != std::string::npos;
}

}  // namespace

Result<StaticSite> StaticSite::open(const std::string& root) {
  std::error_code error;
  const fs::path canonical = fs::canonical(root, error);
  if (error || !fs::is_directory(canonical, error)) {
    return makeError(Errc::not_found, "web client folder " + root + " does not exist",
                     "http.web_root");
  }
  if (!fs::is_regular_file(canonical / kIndex, error)) {
    return makeError(Errc::not_found,
                     "web client folder " + root + " has no index.html; is the client built?",
                     "http.web_root");
  }
  return StaticSite(canonical);
}

http::Response StaticSite::serve(const http::Request& request) const {
  if (request.path.starts_with("/api/")) return notFound();
  const auto relative = relativePathOf(request.path);
  if (relative) {
    if (const auto file = resolveInside(root_, *relative)) {
      const bool hashed = request.path.starts_with(kHashedAssets);
      return fileAnswer(*file, request, hashed ? kImmutable : kRevalidate);
    }
  }
  if (!acceptsHtml(request)) return notFound();
  return fileAnswer(root_ / kIndex, request, kRevalidate);
}

void install(http::Router& router, const std::string& web_root) {
  if (web_root.empty()) {
    log::info("web client: not served (http.web_root is empty)");
    return;
  }
  auto site = StaticSite::open(web_root);
  if (!site.ok()) {
    log::warning("web client: not served: " + site.error().message +
                 " (set http.web_root, or \"\" to serve the API only)");
    return;
  }
  log::info("web client: serving " + site->root().string());
  router.setFallback(
      [site = std::move(*site)](http::Request& request) { return site.serve(request); });
}

}  // namespace cartable::web_assets
