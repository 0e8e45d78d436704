#include "config/detail/network_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>

namespace cartable::config::detail {
namespace {

constexpr std::size_t kMaxHostNameLength = 253;
constexpr std::size_t kMaxLabelLength = 63;
constexpr std::uint8_t kLoopbackFirstOctet = 127;

bool parseIpv4(std::string_view text, in_addr& out) {
  if (text.find('\0') != std::string_view::npos) return false;
  return inet_pton(AF_INET, std::string(text).c_str(), &out) == 1;
}

bool parseIpv6(std::string_view text, in6_addr& out) {
  if (text.find('\0') != std::string_view::npos) return false;
  return inet_pton(AF_INET6, std::string(text).c_str(), &out) == 1;
}

bool isHostNameLabel(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabelLength) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
}

bool isHostName(std::string_view host) {
  if (host.empty() || host.size() > kMaxHostNameLength) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = host.find('.', start);
    if (!isHostNameLabel(host.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::optional<std::string> hostProblem(std::string_view host) {
  if (host.empty()) return "the host is empty";
  if (host.front() == '[') {
    in6_addr address{};
    if (host.back() == ']' && parseIpv6(host.substr(1, host.size() - 2), address)) {
      return std::nullopt;
    }
    return "the host in brackets is not an IPv6 address";
  }
  if (host.find(':') != std::string_view::npos) {
    return "an IPv6 address must be written in brackets, e.g. [2001:db8::1]:7443";
  }
  if (!isHostName(host)) {
    return "the host is neither a host name (letters, digits, '-' and '.') nor an IP address";
  }
  return std::nullopt;
}

std::optional<std::string> portProblem(std::string_view port) {
  unsigned number = 0;
  const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (port.empty() || error != std::errc() || end != port.data() + port.size() || number < 1 ||
      number > 65535) {
    return "the port must be a number from 1 to 65535";
  }
  return std::nullopt;
}

}  // namespace

bool isIpLiteral(std::string_view text) {
  in_addr v4{};
  in6_addr v6{};
  return parseIpv4(text, v4) || parseIpv6(text, v6);
}

bool isLoopbackLiteral(std::string_view text) {
  in_addr v4{};
  if (parseIpv4(text, v4)) {
    std::array<std::uint8_t, 4> octets{};
    std::memcpy(octets.data(), &v4.s_addr, octets.size());  // network order: first octet first
    return octets[0] == kLoopbackFirstOctet;
  }
  in6_addr v6{};
  if (!parseIpv6(text, v6)) return false;
  const std::uint8_t* bytes = v6.s6_addr;
  const auto zeros = [&](std::size_t from, std::size_t to) {
    return std::all_of(bytes + from, bytes + to, [](std::uint8_t b) { return b == 0; });
  };
  const bool is_ipv6_loopback = zeros(0, 15) && bytes[15] == 1;
  const bool is_mapped_ipv4_loopback =
      zeros(0, 10) && bytes[10] == 0xff && bytes[11] == 0xff && bytes[12] == kLoopbackFirstOctet;
  return is_ipv6_loopback || is_mapped_ipv4_loopback;
}

std::optional<std::string> hostPortProblem(std::string_view text) {
  const std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return "the port is missing";
  if (auto problem = hostProblem(text.substr(0, colon))) return problem;
  return portProblem(text.substr(colon + 1));
}

}  // namespace cartable::config::detail
