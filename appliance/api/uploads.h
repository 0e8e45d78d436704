// Uploads and downloads for the routes that hold files: multipart forms in,
// stored files out with the headers a browser needs to save them safely.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

#include "api/call.h"
#include "core/http/multipart.h"
#include "files/files.h"

namespace cartable::api::uploads {

// The request body as multipart/form-data; malformed (400) when it is not
// one, invalid_argument naming a field not in `allowed_fields`.
Result<std::vector<http::MultipartPart>> readForm(
    const Call& call, std::initializer_list<std::string_view> allowed_fields);

// The text of form field `name` (CRLF turned into LF), empty when absent.
std::string textField(const std::vector<http::MultipartPart>& parts, std::string_view name);

// Checks every file of field `name` (parts with an empty file name, sent by
// browsers when no file was chosen, are skipped), then stages them all: when
// one is refused, nothing is written.
Result<std::vector<files::StagedFile>> stageFiles(Call& call,
                                                  const std::vector<http::MultipartPart>& parts,
                                                  std::string_view name);

// Records `staged` in the caller's transaction, uploaded by the caller.
Result<std::vector<files::FileInfo>> recordFiles(Call& call, storage::Connection& db,
                                                 const std::vector<files::StagedFile>& staged);

// The file's bytes with its type, Content-Disposition: attachment (RFC 5987
// file name) and X-Content-Type-Options: nosniff.
http::Response download(Call& call, const files::FileInfo& file);

Poco::JSON::Object::Ptr fileJson(const files::FileInfo& file);

}  // namespace cartable::api::uploads
