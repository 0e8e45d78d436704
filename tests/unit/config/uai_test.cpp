#include "config/uai.h"

#include <gtest/gtest.h>

namespace cartable::config {
namespace {

TEST(ConfigUai, AcceptsParisLyceeWithCheckLetterD) {
  EXPECT_EQ(uaiProblem("0750654D"), std::nullopt);
  EXPECT_EQ(uaiCheckLetter("0750654"), 'D');
}

TEST(ConfigUai, AcceptsNancyCollegeWithCheckLetterY) {
  EXPECT_EQ(uaiProblem("0541234Y"), std::nullopt);
  EXPECT_EQ(uaiCheckLetter("0541234"), 'Y');
}

TEST(ConfigUai, WrongCheckLetterNamesTheExpectedOne) {
  EXPECT_EQ(uaiProblem("0541234X"), "the check letter for 0541234 should be \"Y\", got \"X\"");
}

TEST(ConfigUai, CheckLetterAlphabetSkipsIOAndQ) {
  // 0000008 mod 23 = 8: the ninth letter once I is skipped.
  EXPECT_EQ(uaiCheckLetter("0000008"), 'J');
  EXPECT_EQ(uaiCheckLetter("0000013"), 'P');  // O skipped
  EXPECT_EQ(uaiCheckLetter("0000014"), 'R');  // Q skipped
  EXPECT_EQ(uaiCheckLetter("0000022"), 'Z');
  EXPECT_EQ(uaiCheckLetter("0000023"), 'A');
  EXPECT_EQ(uaiCheckLetter("9999999"), 'P');  // 9999999 mod 23 = 13
}

TEST(ConfigUai, LowerCaseCheckLetterIsRefused) {
  EXPECT_EQ(uaiProblem("0750654d"), "the check letter for 0750654 should be \"D\", got \"d\"");
}

TEST(ConfigUai, WrongLengthIsReported) {
  EXPECT_EQ(uaiProblem("075065D"), "a UAI has 8 characters (7 digits and a check letter), got 7");
  EXPECT_EQ(uaiProblem(""), "a UAI has 8 characters (7 digits and a check letter), got 0");
  EXPECT_EQ(uaiProblem("0750654DD"), "a UAI has 8 characters (7 digits and a check letter), got 9");
}

TEST(ConfigUai, NonDigitIsReportedWithItsPosition) {
  EXPECT_EQ(uaiProblem("07A0654D"),
            "the first 7 characters of a UAI must be digits, got \"A\" at position 3");
  EXPECT_EQ(uaiProblem(std::string_view("075\0"
                                        "654D",
                                        8)),
            "the first 7 characters of a UAI must be digits, got byte 0x00 at position 4");
}

}  // namespace
}  // namespace cartable::config
