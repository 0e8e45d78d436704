// Checks on the network addresses written in cartable.yaml. Private to the
// config module.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cartable::config::detail {

// Whether `text` is an IPv4 or IPv6 address literal, such as 0.0.0.0 or ::1.
bool isIpLiteral(std::string_view text);

// Whether `text` is a loopback address literal: 127.0.0.0/8, ::1, or
// 127.0.0.0/8 mapped into IPv6 (::ffff:127.0.0.1).
bool isLoopbackLiteral(std::string_view text);

// Why `text` is not "host:port" (host a name, an IPv4 address or an IPv6
// address in brackets; port 1..65535), or nothing when it is.
std::optional<std::string> hostPortProblem(std::string_view text);

}  // namespace cartable::config::detail
