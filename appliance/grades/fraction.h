// Exact arithmetic for averages. Scores and coefficients are integers
// (hundredths), so every average is a fraction; it is kept exact and rounded
// once, half up, to hundredths for display.
#pragma once

#include <cstdint>

namespace cartable::grades {

// A non-negative fraction. Sums over many different denominators could in
// theory outgrow 128 bits; the value then carries on as a long double (still
// rounded once at the end), which no real set of marks reaches.
class Fraction {
 public:
  Fraction() = default;  // 0
  // numerator / denominator; numerator >= 0, denominator > 0.
  Fraction(std::int64_t numerator, std::int64_t denominator);

  Fraction operator+(const Fraction& other) const;
  Fraction operator/(std::int64_t divisor) const;  // divisor > 0
  bool operator<(const Fraction& other) const;

  // Rounded half up to hundredths: 12.345 -> 1235, 12.3449 -> 1234.
  std::int64_t roundedHundredths() const;
  bool exact() const { return exact_; }

 private:
  __extension__ using Int128 = __int128;
  Fraction(Int128 numerator, Int128 denominator, bool exact, long double approx);
  static Fraction make(Int128 numerator, Int128 denominator);
  static Fraction inexact(long double approx);
  long double approx() const;

  Int128 numerator_ = 0;
  Int128 denominator_ = 1;
  bool exact_ = true;
  long double approx_ = 0;  // meaningful only when !exact_
};

}  // namespace cartable::grades
