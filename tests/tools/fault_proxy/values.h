// Parsers for the values the command line and the control language share.
// `name` is how the user wrote the setting ("--rate", "rate"); errors start
// with it and quote the text at fault.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "fault_proxy.h"

namespace cartable::fault_proxy {

// HOST:PORT, port 0 to 65535.
Result<Endpoint> parseEndpoint(std::string_view text, const std::string& name);
// A whole number from 0 to `max`.
Result<std::uint64_t> parseNumber(std::string_view text, const std::string& name,
                                  std::uint64_t max = UINT64_MAX);
// Bytes per second: "8000", or with a unit "64kbit", "1mbit" (bits, decimal).
Result<std::uint64_t> parseRate(std::string_view text, const std::string& name);
// "fin" or "rst".
Result<CutMode> parseCutMode(std::string_view text, const std::string& name);
// "on" or "off".
Result<bool> parseOnOff(std::string_view text, const std::string& name);
// "up", "down" or "both"; nullopt for anything else.
std::optional<Direction> parseDirection(std::string_view text);

// One line: "accepted=1 refused=0 ... held=0".
std::string formatStats(const ProxyStats& stats);

}  // namespace cartable::fault_proxy
