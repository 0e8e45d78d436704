#include "grades/fraction.h"

#include <cassert>
#include <cmath>

namespace cartable::grades {
namespace {

__extension__ using Int128 = __int128;

Int128 gcd(Int128 a, Int128 b) {
  while (b != 0) {
    const Int128 rest = a % b;
    a = b;
    b = rest;
  }
  return a;
}

}  // namespace

Fraction::Fraction(std::int64_t numerator, std::int64_t denominator)
    : Fraction(make(numerator, denominator)) {
  assert(numerator >= 0 && denominator > 0);
}

Fraction::Fraction(Int128 numerator, Int128 denominator, bool exact, long double approx)
    : numerator_(numerator), denominator_(denominator), exact_(exact), approx_(approx) {}

Fraction Fraction::make(Int128 numerator, Int128 denominator) {
  const Int128 common = gcd(numerator, denominator);
  return Fraction(numerator / common, denominator / common, true, 0);
}

Fraction Fraction::inexact(long double approx) {
  return Fraction(0, 1, false, approx);
}

long double Fraction::approx() const {
  if (!exact_) return approx_;
  return static_cast<long double>(numerator_) / static_cast<long double>(denominator_);
}

Fraction Fraction::operator+(const Fraction& other) const {
  if (exact_ && other.exact_) {
    // a/b + c/d = (a*(d/g) + c*(b/g)) / (b/g*d) with g = gcd(b, d).
    const Int128 common = gcd(denominator_, other.denominator_);
    Int128 left = 0, right = 0, sum = 0, denominator = 0;
    if (!__builtin_mul_overflow(numerator_, other.denominator_ / common, &left) &&
        !__builtin_mul_overflow(other.numerator_, denominator_ / common, &right) &&
        !__builtin_add_overflow(left, right, &sum) &&
        !__builtin_mul_overflow(denominator_ / common, other.denominator_, &denominator)) {
      return make(sum, denominator);
    }
  }
  return inexact(approx() + other.approx());
}

Fraction Fraction::operator/(std::int64_t divisor) const {
  assert(divisor > 0);
  if (exact_) {
    Int128 denominator = 0;
    if (!__builtin_mul_overflow(denominator_, Int128{divisor}, &denominator)) {
      return make(numerator_, denominator);
    }
  }
  return inexact(approx() / static_cast<long double>(divisor));
}

bool Fraction::operator<(const Fraction& other) const {
  if (exact_ && other.exact_) {
    Int128 left = 0, right = 0;
    if (!__builtin_mul_overflow(numerator_, other.denominator_, &left) &&
        !__builtin_mul_overflow(other.numerator_, denominator_, &right)) {
      return left < right;
    }
  }
  return approx() < other.approx();
}

std::int64_t Fraction::roundedHundredths() const {
  if (exact_) {
    // floor(n/d * 100 + 1/2) = floor((200n + d) / 2d), all non-negative.
    Int128 scaled = 0, shifted = 0, twice = 0;
    if (!__builtin_mul_overflow(numerator_, Int128{200}, &scaled) &&
        !__builtin_add_overflow(scaled, denominator_, &shifted) &&
        !__builtin_mul_overflow(denominator_, Int128{2}, &twice)) {
      return static_cast<std::int64_t>(shifted / twice);
    }
  }
  return static_cast<std::int64_t>(std::floor(approx() * 100.0L + 0.5L));
}

}  // namespace cartable::grades
