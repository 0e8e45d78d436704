// Where the import tests find their fixtures: CARTABLE_SOURCE_DIR, set by ctest.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace cartable::imports {

inline std::string fixturePath(const std::string& name) {
  const char* source = std::getenv("CARTABLE_SOURCE_DIR");
  return std::string(source != nullptr ? source : ".") + "/tests/unit/imports/fixtures/" + name;
}

inline std::string readBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline std::string readFixture(const std::string& name) {
  return readBytes(fixturePath(name));
}

}  // namespace cartable::imports
