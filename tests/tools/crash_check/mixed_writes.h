// The three kinds of write the check mixes, told apart by the last letter of
// each write's code: a subject (a small row), an announcement (a row and its
// audience, notified to its readers) and a document upload (a file written to
// the file store, then its rows). What each is sent as, and what the check
// finds of it afterwards.
#pragma once

#include <cstdint>
#include <string>

namespace cartable::crash {

enum class WriteKind { subject, announcement, document };

// The kind of the `count`-th write of a writer, in turn.
WriteKind kindOfTurn(int count);
// The code of a write: `prefix`, `count` and the kind's letter (S, A, D).
std::string codeFor(const std::string& prefix, int count);
// The kind a code names.
WriteKind kindOf(const std::string& code);

// One request of the load.
struct WriteRequest {
  std::string path;
  std::string body;
  std::string content_type;
};
// The request that makes the write `code`; documents go to `folder_id`.
WriteRequest requestFor(const std::string& code, std::int64_t folder_id);

// The bytes uploaded for the document of `code` (4 KiB that name it), named
// "<code>.txt": what the check expects to read back from the file store.
std::string documentBytes(const std::string& code);
std::string documentName(const std::string& code);

}  // namespace cartable::crash
