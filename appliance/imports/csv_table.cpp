#include "imports/csv_table.h"

#include <utility>

#include "directory/validate.h"
#include "imports/xml_document.h"

namespace cartable::imports::csv {
namespace {

// U+00C0..U+00FF in lower case without accents ("É" -> "e").
constexpr std::string_view kFoldedLatin1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "x", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  "/", "o", "u", "u", "u", "u", "y", "th", "y"};

bool isBlank(const CsvRow& row) {
  if (!row.errors.empty()) return false;
  for (const auto& field : row.fields) {
    if (!trim(field).empty()) return false;
  }
  return true;
}

// Splits text into RFC 4180 records: a field in double quotes may hold the
// separator, line breaks and doubled quotes; records end with LF, CRLF or CR.
class CsvReader {
 public:
  CsvReader(std::string_view text, char separator) : text_(text), separator_(separator) {}

  std::optional<CsvRow> next() {
    if (atEnd()) return std::nullopt;
    CsvRow row;
    row.line = line_;
    row.fields.push_back(readField(row));
    while (!atEnd() && text_[pos_] == separator_) {
      ++pos_;
      row.fields.push_back(readField(row));
    }
    endLine();
    return row;
  }

  std::optional<CsvRow> nextNonBlank() {
    auto row = next();
    while (row && isBlank(*row)) row = next();
    return row;
  }

 private:
  bool atEnd() const { return pos_ >= text_.size(); }

  void endLine() {
    if (!atEnd() && text_[pos_] == '\r') ++pos_;
    if (!atEnd() && text_[pos_] == '\n') ++pos_;
    ++line_;
  }

  std::string readField(CsvRow& row) {
    const auto start = text_.find_first_not_of(" \t", pos_);
    if (start != std::string_view::npos && text_[start] == '"') {
      pos_ = start + 1;
      return readQuoted(row);
    }
    return readPlain();
  }

  std::string readPlain() {
    const char stops[] = {separator_, '\r', '\n', '\0'};
    auto end = text_.find_first_of(stops, pos_);
    if (end == std::string_view::npos) end = text_.size();
    std::string value(text_.substr(pos_, end - pos_));
    pos_ = end;
    return value;
  }

  std::string readQuoted(CsvRow& row) {
    std::string value;
    while (true) {
      if (atEnd()) {
        row.errors.push_back({row.line, "a quoted field is never closed"});
        return value;
      }
      const char c = text_[pos_++];
      if (c == '"') {
        if (atEnd() || text_[pos_] != '"') break;
        ++pos_;
      } else if (c == '\n') {
        ++line_;
      }
      value += c;
    }
    const std::string rest = readPlain();
    if (!trim(rest).empty()) {
      row.errors.push_back({line_,
                            "text after the closing quote of a field; a quote inside a quoted "
                            "field is written twice (\"\")"});
      value += rest;
    }
    return value;
  }

  std::string_view text_;
  char separator_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

const Column* findColumn(std::span<const Column> columns, std::string_view name) {
  for (const auto& column : columns) {
    if (column.name == name) return &column;
  }
  return nullptr;
}

std::string columnList(std::span<const Column> columns) {
  std::string list;
  for (const auto& column : columns) {
    if (!column.refusal.empty()) continue;
    if (!list.empty()) list += ", ";
    list += column.name;
  }
  return list;
}

std::size_t countKnown(const CsvRow& row, std::span<const Column> columns) {
  std::size_t known = 0;
  for (const auto& field : row.fields) {
    known += findColumn(columns, fold(trim(field))) != nullptr ? 1 : 0;
  }
  return known;
}

// The separator is the one that splits the header into the most expected columns.
char detectSeparator(std::string_view text, std::span<const Column> columns) {
  char best = ';';
  std::size_t best_known = 0;
  for (const char separator : {';', ','}) {
    const auto header = CsvReader(text, separator).nextNonBlank();
    const std::size_t known = header ? countKnown(*header, columns) : 0;
    if (known > best_known) {
      best = separator;
      best_known = known;
    }
  }
  return best;
}

// Reports every column of the header that is not taken, and fills the index
// with the others.
void indexColumns(const CsvRow& row, std::span<const Column> columns, Sink& sink, Header& header) {
  for (std::size_t i = 0; i < row.fields.size(); ++i) {
    const std::string written = trim(row.fields[i]);
    const std::string name = fold(written);
    const Column* column = findColumn(columns, name);
    if (name.empty()) {
      sink.report(row.line, "column " + std::to_string(i + 1) + " of the header has no name");
    } else if (column == nullptr) {
      sink.report(row.line,
                  "unknown column " + quoted(written) + " (expected: " + columnList(columns) + ")");
    } else if (!column->refusal.empty()) {
      sink.report(row.line,
                  "column " + quoted(name) + " is not read: " + std::string(column->refusal));
    } else if (!header.index.emplace(name, i).second) {
      sink.report(row.line, "column " + quoted(name) + " appears twice");
    }
  }
}

// Nothing when the rows cannot be read at all: no header, or a required
// column missing.
std::optional<Header> readHeader(CsvReader& reader, std::span<const Column> columns, Sink& sink) {
  const auto row = reader.nextNonBlank();
  if (!row) {
    sink.report(1, "the file is empty; a header row naming the columns is expected");
    return std::nullopt;
  }
  for (const auto& error : row->errors) sink.report(error.line, error.message);
  if (!row->errors.empty()) return std::nullopt;
  if (countKnown(*row, columns) == 0) {
    sink.report(row->line, "the header names none of the expected columns (" + columnList(columns) +
                               "), separated by ';' or ','");
    return std::nullopt;
  }
  Header header{row->fields.size(), {}};
  indexColumns(*row, columns, sink, header);
  bool complete = true;
  for (const auto& column : columns) {
    if (column.required && !header.index.contains(column.name)) {
      sink.report(row->line, "missing required column " + quoted(column.name));
      complete = false;
    }
  }
  if (!complete) return std::nullopt;
  return header;
}

}  // namespace

std::string fold(std::string_view text) {
  std::string folded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0u;
    if (byte == 0xC3 && next >= 0x80 && next <= 0xBF) {
      folded += kFoldedLatin1[next - 0x80];
      ++i;
    } else if (byte == 0xC5 && (next == 0x92 || next == 0x93)) {  // Œ œ
      folded += "oe";
      ++i;
    } else if (byte == ' ' || byte == '-') {
      folded += '_';
    } else if (byte >= 'A' && byte <= 'Z') {
      folded += static_cast<char>(byte - 'A' + 'a');
    } else {
      folded += text[i];
    }
  }
  return folded;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

void RowView::problem(std::string_view column, const std::string& message) {
  sink_.report(row_.line, "column " + quoted(column) + ": " + message);
  ++problems_;
}

std::string RowView::text(std::string_view column) const {
  const auto found = header_.index.find(column);
  return found == header_.index.end() ? std::string() : trim(row_.fields[found->second]);
}

std::optional<std::string> RowView::optional(std::string_view column) const {
  std::string value = text(column);
  if (value.empty()) return std::nullopt;
  return value;
}

std::string RowView::required(std::string_view column) {
  std::string value = text(column);
  if (value.empty()) {
    sink_.report(row_.line, "column " + quoted(column) + " is empty");
    ++problems_;
  }
  return value;
}

std::optional<std::string> RowView::date(std::string_view column) {
  auto value = optional(column);
  if (!value) return std::nullopt;
  if (value->find('/') != std::string::npos) {
    auto iso = frenchDateToIso(*value);
    if (iso) return std::move(iso).value();
  } else if (directory::validate::date(*value, column)) {
    return value;
  }
  problem(column, quoted(*value) + " is not a date written dd/mm/yyyy or yyyy-mm-dd");
  return std::nullopt;
}

std::optional<std::string> RowView::email(std::string_view column) {
  auto value = optional(column);
  if (value && !directory::validate::email(value)) {
    problem(column, quoted(*value) + " is not an email address");
    return std::nullopt;
  }
  return value;
}

void RowView::checkUnique(const std::string& id, std::map<std::string, int>& lines) {
  if (id.empty()) return;
  const auto [found, inserted] = lines.try_emplace(id, row_.line);
  if (!inserted) {
    problem("identifiant",
            quoted(id) + " already appears on line " + std::to_string(found->second));
  }
}

void readRows(std::string_view text, std::span<const Column> columns, Sink& sink,
              const std::function<void(RowView&)>& add) {
  CsvReader reader(text, detectSeparator(text, columns));
  const auto header = readHeader(reader, columns, sink);
  if (!header) return;
  while (const auto row = reader.next()) {
    if (isBlank(*row)) continue;
    for (const auto& error : row->errors) sink.report(error.line, error.message);
    if (!row->errors.empty()) continue;
    if (row->fields.size() != header->width) {
      sink.report(row->line, "the row has " + std::to_string(row->fields.size()) +
                                 " fields but the header has " + std::to_string(header->width));
      continue;
    }
    RowView view(*row, *header, sink);
    add(view);
  }
}

}  // namespace cartable::imports::csv
