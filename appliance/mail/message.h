// The text of one notification email: RFC 5322 headers, RFC 2047 encoded
// words where a header is not plain ASCII, and a UTF-8 plain-text body in
// quoted-printable.
#pragma once

#include <string>
#include <string_view>

#include "core/base/clock.h"
#include "mail/outbox.h"

namespace cartable::mail {

struct MessageParts {
  std::string from_name;     // shown before the address, e.g. the school's name; may be empty
  std::string from_address;  // local@domain
  std::string to_address;
  std::string subject;     // UTF-8, one line (line breaks become spaces)
  std::string body;        // UTF-8 plain text, lines separated by "\n"
  std::string message_id;  // without angle brackets
  Seconds date = 0;
};

// The whole message, lines ended by CRLF, ready for the SMTP DATA command.
std::string composeMessage(const MessageParts& parts);

// The body of the email for `notice`: its title, its text and, when
// `public_url` is set and the notice has a link, the link as an absolute URL.
//
// Privacy: this is all the email says. It repeats the notice as the feed
// shows it, to the person's own address, and adds nothing from the event
// (no grade value, no absence reason beyond the notice text): children's
// data stay in the school's node.
std::string noticeBody(const NoticeEmail& notice, std::string_view public_url,
                       std::string_view school_name);

// `text` as RFC 2047 "B" encoded words of whole UTF-8 characters, folded
// onto continuation lines; plain printable ASCII that fits is left as is.
std::string encodeHeaderText(std::string_view text);

// `text` ("\n" line breaks) in quoted-printable with CRLF line breaks and
// lines of at most 76 characters.
std::string quotedPrintable(std::string_view text);

// RFC 5322 date in UTC, e.g. "Mon, 07 Sep 2026 08:00:00 +0000".
std::string messageDate(Seconds time);

}  // namespace cartable::mail
