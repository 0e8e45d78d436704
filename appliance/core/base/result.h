// Result<T>: a value or an Error. Expected failures (bad input, I/O, a peer)
// travel as values; exceptions are reserved for what ends a request.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace cartable {

// What kind of failure, chosen so that the HTTP layer can map it to a status.
enum class Errc {
  malformed,            // 400: the input cannot be read at all (syntax, encoding)
  invalid_argument,     // 422: the input is readable but a value is wrong
  not_found,            // 404
  already_exists,       // 409
  conflict,             // 409: the state does not allow it (e.g. stale version)
  unauthenticated,      // 401
  permission_denied,    // 403
  failed_precondition,  // 428/409: e.g. password change required first
  too_many_requests,    // 429
  resource_exhausted,   // 413/507: size or quota
  unavailable,          // 503: busy or a dependency is down
  io_error,             // 500: the disk or the OS failed
  corrupt,              // 500: data on disk is not what we wrote
  internal,             // 500: a bug
};

struct Error {
  Errc code = Errc::internal;
  std::string message;  // English sentence naming the problem
  std::string field;    // the input field, config key or column at fault; may be empty
};

inline Error makeError(Errc code, std::string message, std::string field = {}) {
  return Error{code, std::move(message), std::move(field)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status okStatus() { return {}; }

}  // namespace cartable

#define CARTABLE_CONCAT_INNER_(a, b) a##b
#define CARTABLE_CONCAT_(a, b) CARTABLE_CONCAT_INNER_(a, b)

// Returns the error of `expr` (a Result or Status) from the enclosing function.
#define CARTABLE_RETURN_IF_ERROR(expr) \
  CARTABLE_RETURN_IF_ERROR_IMPL_(CARTABLE_CONCAT_(cartable_status_, __COUNTER__), expr)
#define CARTABLE_RETURN_IF_ERROR_IMPL_(name, expr) \
  do {                                             \
    auto name = (expr);                            \
    if (!name.ok()) return name.error();           \
  } while (false)

// Declares `lhs` from the value of `expr`, or returns its error.
#define CARTABLE_ASSIGN_OR_RETURN(lhs, expr) \
  CARTABLE_ASSIGN_OR_RETURN_IMPL_(CARTABLE_CONCAT_(cartable_result_, __COUNTER__), lhs, expr)
#define CARTABLE_ASSIGN_OR_RETURN_IMPL_(name, lhs, expr) \
  auto name = (expr);                                    \
  if (!name.ok()) return name.error();                   \
  lhs = std::move(name).value()
