// The rows of a CSV file with a header row, as csv.cpp reads them: RFC 4180
// quoting, ';' or ',' told from the header, columns found by name in any
// order. Every problem is reported at "line N" of the file, naming the column.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "imports/batch.h"

namespace cartable::imports::csv {

struct Column {
  std::string_view name;  // folded form (see fold)
  bool required = false;
  // Non-empty for a column that people may expect but that this file does not
  // take; the header is refused with this reason.
  std::string_view refusal = {};
};

// Lower case, accents dropped (œ as oe), spaces and hyphens read as
// underscores: how column names and keywords are compared.
std::string fold(std::string_view text);
std::string trim(std::string_view text);  // spaces and tabs
std::string quoted(std::string_view text);

struct SyntaxError {
  int line;
  std::string message;
};

// One record of the file, before the header gives it meaning.
struct CsvRow {
  int line = 0;  // the physical line where the record starts, 1-based
  std::vector<std::string> fields;
  std::vector<SyntaxError> errors;
};

// Adds problems to a batch at "line N" of one file.
class Sink {
 public:
  Sink(Batch& batch, const std::string& file) : batch_(batch), file_(file) {}

  Batch& batch() { return batch_; }
  Place place(int line) const { return Place{file_, "line " + std::to_string(line)}; }
  void report(int line, std::string message) {
    batch_.problems.push_back(Problem{place(line), std::move(message)});
  }

 private:
  Batch& batch_;
  const std::string& file_;
};

struct Header {
  std::size_t width = 0;
  std::map<std::string, std::size_t, std::less<>> index;  // folded name -> field position
};

// One data row seen through the header. The checks report their problem at
// the row's line, naming the column, and count it.
class RowView {
 public:
  RowView(const CsvRow& row, const Header& header, Sink& sink)
      : row_(row), header_(header), sink_(sink) {}

  int line() const { return row_.line; }
  Place place() const { return sink_.place(row_.line); }
  bool hasProblems() const { return problems_ > 0; }
  void problem(std::string_view column, const std::string& message);

  // The trimmed value; empty when the column is absent.
  std::string text(std::string_view column) const;
  std::optional<std::string> optional(std::string_view column) const;
  // Reports an empty value.
  std::string required(std::string_view column);
  // dd/mm/yyyy or yyyy-mm-dd, returned as yyyy-mm-dd.
  std::optional<std::string> date(std::string_view column);
  std::optional<std::string> email(std::string_view column);
  // Reports an identifiant seen on an earlier row, naming that row's line.
  void checkUnique(const std::string& id, std::map<std::string, int>& lines);

 private:
  const CsvRow& row_;
  const Header& header_;
  Sink& sink_;
  int problems_ = 0;
};

// Reads the header, then calls `add` for every non-blank row that has as
// many fields as the header. No row is read when the header lacks a
// required column.
void readRows(std::string_view text, std::span<const Column> columns, Sink& sink,
              const std::function<void(RowView&)>& add);

}  // namespace cartable::imports::csv
