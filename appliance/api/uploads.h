// Uploads and downloads for the routes that hold files: multipart forms in,
// stored files out with the headers a browser needs to save them safely.
#pragma once

#include <Poco/JSON/Object.h>

#include <functional>
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

// A form of nothing but `field` parts, their files checked and staged; at
// least one file is required (invalid_argument naming the field).
Result<std::vector<files::StagedFile>> stageFileForm(Call& call, std::string_view field);

// The answer of a route adding the form's `file` parts to resource `{id}`:
// the files are checked and staged first; then, in one transaction, `check`
// refuses an unknown id, the files are recorded, `attach` runs for each and
// `view` is answered with 201.
http::Response attachUploads(
    Call& call, const std::function<Status(storage::Connection&, std::int64_t id)>& check,
    const std::function<Status(storage::Connection&, std::int64_t id, std::int64_t file_id)>&
        attach,
    const std::function<Result<Poco::JSON::Object::Ptr>(storage::Connection&, std::int64_t id)>&
        view);

// Records `staged` in the caller's transaction, uploaded by the caller.
Result<std::vector<files::FileInfo>> recordFiles(Call& call, storage::Connection& db,
                                                 const std::vector<files::StagedFile>& staged);

// The file's bytes with its type, Content-Disposition: attachment (RFC 5987
// file name) and X-Content-Type-Options: nosniff.
http::Response download(Call& call, const files::FileInfo& file);

// The download of the file a resource holds: `held` runs on a reader and
// returns the file's id, or not_found naming the field when the resource
// (checked by the route's access check) holds no such file.
http::Response downloadHeld(Call& call,
                            const std::function<Result<std::int64_t>(storage::Connection&)>& held);
// The not_found error for `holder` ("homework 3") lacking `what` ("attachment 9").
Error notHeld(const std::string& holder, const std::string& what, const std::string& field);

Poco::JSON::Object::Ptr fileJson(const files::FileInfo& file);

}  // namespace cartable::api::uploads
