// TLS material for the HTTPS server.
#pragma once

#include <string>
#include <vector>

#include "core/base/result.h"

namespace cartable::http {

// Writes a self-signed certificate (ECDSA P-256, SHA-256, valid `days` days)
// for `common_name` with subjectAltName entries for each of `dns_names` and
// 127.0.0.1, to `certificate_file` (0644) and `private_key_file` (0600).
// Existing files are refused (already_exists).
Status writeSelfSignedCertificate(const std::string& certificate_file,
                                  const std::string& private_key_file,
                                  const std::string& common_name,
                                  const std::vector<std::string>& dns_names, int days);

}  // namespace cartable::http
