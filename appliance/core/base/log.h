// Logging to stderr with syslog-style priority prefixes ("<3>") that journald
// understands; one line per event.
#pragma once

#include <string_view>

namespace cartable::log {

enum class Level { debug = 7, info = 6, warning = 4, error = 3 };

void setLevel(Level level);
Level level();
void write(Level level, std::string_view message);

inline void debug(std::string_view m) { write(Level::debug, m); }
inline void info(std::string_view m) { write(Level::info, m); }
inline void warning(std::string_view m) { write(Level::warning, m); }
inline void error(std::string_view m) { write(Level::error, m); }

}  // namespace cartable::log
