// The web client's built files, served from one folder (http.web_root) for
// every GET or HEAD that no API route answers.
#pragma once

#include <filesystem>
#include <string>

#include "core/base/result.h"
#include "core/http/message.h"
#include "core/http/router.h"

namespace cartable::web_assets {

class StaticSite {
 public:
  // The site in `root`, which must be a readable folder holding index.html;
  // otherwise not_found naming the folder and the key http.web_root.
  static Result<StaticSite> open(const std::string& root);

  // Answers a GET for request.path:
  // - a file inside the root, with its content type and an ETag (304 when
  //   If-None-Match names it); hashed assets (/assets/...) cached for a year
  //   as immutable, everything else revalidated (no-cache);
  // - index.html for other paths outside /api/ when the client accepts
  //   text/html (the client's own page addresses);
  // - 404 otherwise, and for any path that would leave the root ("..",
  //   dot files, symbolic links pointing outside).
  http::Response serve(const http::Request& request) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  explicit StaticSite(std::filesystem::path root) : root_(std::move(root)) {}
  std::filesystem::path root_;  // canonical
};

// Makes the site in `web_root` the router's fallback. An empty `web_root`
// serves nothing; a missing or unusable folder is logged as a warning and
// serves nothing: the API works without its web client.
void install(http::Router& router, const std::string& web_root);

}  // namespace cartable::web_assets
