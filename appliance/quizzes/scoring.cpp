#include "quizzes/scoring.h"

#include <algorithm>
#include <array>

#include "directory/validate.h"

namespace cartable::quizzes {
namespace {

constexpr std::size_t kMinChoices = 2;
constexpr std::size_t kMaxChoices = 10;
constexpr std::size_t kMaxAccepted = 20;
constexpr std::size_t kMaxSkills = 10;
constexpr std::size_t kMaxAnswerText = 500;
constexpr Points kMaxPoints = 10000;
constexpr int kMaxIntegerDigits = 12;
constexpr int kDecimals = 6;

constexpr std::array<std::string_view, 4> kKindNames = {"single_choice", "multiple_choice",
                                                        "number", "short_text"};

// The base letter of each code point U+0100..U+017F ('.' keeps it as it is).
constexpr std::string_view kLatinExtendedA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkk.llllllllllnnnnnn...oooooo.."
    "rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzz.";

Error invalid(const std::string& field, const std::string& message) {
  return makeError(Errc::invalid_argument, "\"" + field + "\" " + message, field);
}

bool isChoiceKind(Kind kind) {
  return kind == Kind::single_choice || kind == Kind::multiple_choice;
}

// Decodes the code point at `text[i]` and moves `i` past it; a byte that
// starts no well-formed sequence is returned as itself.
char32_t nextCodePoint(std::string_view text, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  int length = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 1;
  if (i + static_cast<std::size_t>(length) > text.size()) length = 1;
  if (length == 1) return byte(i++);
  char32_t code = lead & (0x7F >> length);
  for (int k = 1; k < length; ++k)
    code = (code << 6) | (byte(i + static_cast<std::size_t>(k)) & 0x3F);
  i += static_cast<std::size_t>(length);
  return code;
}

void appendUtf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// The Latin-1 letters U+00C0..U+00FF without their accents, lower case.
char32_t foldLatin1(char32_t code) {
  constexpr std::string_view kBase =
      "aaaaaa.ceeeeiiii.nooooo.ouuuuy..aaaaaa.ceeeeiiii.nooooo.ouuuuy.y";
  const char base = kBase[code - 0xC0];
  if (base != '.') return static_cast<unsigned char>(base);
  // Æ, Ð, Þ have no accent: only their case goes.
  if (code == 0xC6 || code == 0xD0 || code == 0xDE) return code + 0x20;
  return code;
}

// One code point without its accent, in lower case; 0 for a combining accent.
char32_t fold(char32_t code) {
  if (code >= 'A' && code <= 'Z') return code + ('a' - 'A');
  if (code >= 0x300 && code <= 0x36F) return 0;
  if (code >= 0xC0 && code <= 0xFF) return foldLatin1(code);
  if (code >= 0x100 && code <= 0x17F) {
    const char base = kLatinExtendedA[code - 0x100];
    if (base != '.') return static_cast<unsigned char>(base);
    if (code == 0x152 || code == 0x132) return code + 1;  // Œ, Ĳ: lower case only
  }
  return code;
}

bool isSpace(char32_t code) {
  return code == ' ' || code == '\t' || code == '\n' || code == '\r' || code == 0xA0 ||
         code == 0x202F;
}

std::string field(std::size_t index, const std::string& name) {
  return "questions[" + std::to_string(index) + "]." + name;
}

Status checkTexts(const std::vector<std::string>& texts, const std::string& name,
                  std::size_t max_length) {
  for (std::size_t j = 0; j < texts.size(); ++j) {
    CARTABLE_RETURN_IF_ERROR(
        directory::validate::text(texts[j], name + "[" + std::to_string(j) + "]", max_length));
  }
  return okStatus();
}

std::string choiceRange(std::size_t count) {
  return "(choices are numbered from 0 to " + std::to_string(count - 1) + ")";
}

Status checkChoices(const Question& q, std::size_t index) {
  if (q.choices.size() < kMinChoices || q.choices.size() > kMaxChoices) {
    return invalid(field(index, "choices"), "must hold from 2 to 10 choices");
  }
  CARTABLE_RETURN_IF_ERROR(checkTexts(q.choices, field(index, "choices"), 500));
  if (q.kind == Kind::single_choice && q.correct.size() != 1) {
    return invalid(field(index, "correct"), "must name exactly one choice");
  }
  if (q.correct.empty()) return invalid(field(index, "correct"), "must name at least one choice");
  for (std::size_t j = 0; j < q.correct.size(); ++j) {
    const std::string name = field(index, "correct[" + std::to_string(j) + "]");
    const int choice = q.correct[j];
    if (choice < 0 || static_cast<std::size_t>(choice) >= q.choices.size()) {
      return invalid(
          name, "names no choice: " + std::to_string(choice) + " " + choiceRange(q.choices.size()));
    }
    if (std::count(q.correct.begin(), q.correct.begin() + static_cast<std::ptrdiff_t>(j), choice)) {
      return invalid(name, "names choice " + std::to_string(choice) + " twice");
    }
  }
  return okStatus();
}

Status checkShortText(const Question& q, std::size_t index) {
  if (q.accepted.empty() || q.accepted.size() > kMaxAccepted) {
    return invalid(field(index, "accepted"), "must hold from 1 to 20 accepted answers");
  }
  CARTABLE_RETURN_IF_ERROR(checkTexts(q.accepted, field(index, "accepted"), 200));
  for (std::size_t j = 0; j < q.accepted.size(); ++j) {
    if (normaliseShortText(q.accepted[j]).empty()) {
      return invalid(field(index, "accepted[" + std::to_string(j) + "]"), "is only spaces");
    }
  }
  return okStatus();
}

Status checkNumber(const Question& q, std::size_t index) {
  if (!q.value) return invalid(field(index, "value"), "is required for a number question");
  if (q.tolerance && *q.tolerance < 0) {
    return invalid(field(index, "tolerance"), "must be a number >= 0");
  }
  return okStatus();
}

// Fields that belong to another kind of question must be left out.
Status checkUnused(const Question& q, std::size_t index) {
  const std::string kind(kindName(q.kind));
  if (!isChoiceKind(q.kind) && !q.choices.empty()) {
    return invalid(field(index, "choices"), "is only for choice questions, not " + kind);
  }
  if (!isChoiceKind(q.kind) && !q.correct.empty()) {
    return invalid(field(index, "correct"), "is only for choice questions, not " + kind);
  }
  if (q.kind != Kind::short_text && !q.accepted.empty()) {
    return invalid(field(index, "accepted"), "is only for short_text questions, not " + kind);
  }
  if (q.kind != Kind::number && (q.value || q.tolerance)) {
    return invalid(field(index, q.value ? "value" : "tolerance"),
                   "is only for number questions, not " + kind);
  }
  return okStatus();
}

Points earnedOfMultiple(const Question& q, const Answer& answer) {
  int right = 0;
  for (int choice : answer.choices) {
    right += std::count(q.correct.begin(), q.correct.end(), choice) ? 1 : -1;
  }
  const auto total = static_cast<Points>(q.correct.size());
  const bool exact = right == total && static_cast<Points>(answer.choices.size()) == total;
  if (!q.partial_credit) return exact ? q.points : 0;
  if (right <= 0) return 0;
  // points × right / total, rounded half up.
  return (2 * q.points * right + total) / (2 * total);
}

}  // namespace

std::string_view kindName(Kind kind) {
  return kKindNames[static_cast<std::size_t>(kind)];
}

std::optional<Kind> parseKind(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<Kind>(i);
  }
  return std::nullopt;
}

Status checkQuestion(const Question& q, std::size_t index) {
  CARTABLE_RETURN_IF_ERROR(directory::validate::text(q.prompt, field(index, "prompt"), 2000));
  if (q.points < 1 || q.points > kMaxPoints) {
    return invalid(field(index, "points"), "must be above 0 and at most 100");
  }
  CARTABLE_RETURN_IF_ERROR(checkUnused(q, index));
  if (q.skills.size() > kMaxSkills) {
    return invalid(field(index, "skills"), "has more than 10 skills");
  }
  CARTABLE_RETURN_IF_ERROR(checkTexts(q.skills, field(index, "skills"), 100));
  switch (q.kind) {
    case Kind::single_choice:
    case Kind::multiple_choice:
      return checkChoices(q, index);
    case Kind::number:
      return checkNumber(q, index);
    case Kind::short_text:
      return checkShortText(q, index);
  }
  return okStatus();
}

Status checkAnswer(const Question& q, const Answer& answer, const std::string& name) {
  if (answer.blank) return okStatus();
  const auto exists = [&](int choice) {
    return choice >= 0 && static_cast<std::size_t>(choice) < q.choices.size();
  };
  switch (q.kind) {
    case Kind::single_choice:
      if (!answer.choice || !exists(*answer.choice)) {
        return invalid(name, "names no choice: " + std::to_string(answer.choice.value_or(-1)) +
                                 " " + choiceRange(q.choices.size()));
      }
      return okStatus();
    case Kind::multiple_choice:
      for (std::size_t j = 0; j < answer.choices.size(); ++j) {
        const int choice = answer.choices[j];
        const std::string item = name + "[" + std::to_string(j) + "]";
        if (!exists(choice)) {
          return invalid(item, "names no choice: " + std::to_string(choice) + " " +
                                   choiceRange(q.choices.size()));
        }
        if (std::count(answer.choices.begin(),
                       answer.choices.begin() + static_cast<std::ptrdiff_t>(j), choice)) {
          return invalid(item, "names choice " + std::to_string(choice) + " twice");
        }
      }
      return okStatus();
    case Kind::number:
      if (!parseDecimal(answer.text)) {
        return invalid(name, "must be a number such as 3,14 or -2.5 (at most 6 decimals)");
      }
      return okStatus();
    case Kind::short_text:
      if (answer.text.size() > kMaxAnswerText) {
        return invalid(name, "is longer than 500 bytes");
      }
      return okStatus();
  }
  return okStatus();
}

Points score(const Question& q, const Answer& answer) {
  if (answer.blank) return 0;
  switch (q.kind) {
    case Kind::single_choice:
      return answer.choice && q.correct.size() == 1 && *answer.choice == q.correct[0] ? q.points
                                                                                      : 0;
    case Kind::multiple_choice:
      return earnedOfMultiple(q, answer);
    case Kind::number: {
      const auto given = parseDecimal(answer.text);
      if (!given || !q.value) return 0;
      const Micros gap = *given > *q.value ? *given - *q.value : *q.value - *given;
      return gap <= q.tolerance.value_or(0) ? q.points : 0;
    }
    case Kind::short_text: {
      const std::string given = normaliseShortText(answer.text);
      for (const std::string& accepted : q.accepted) {
        if (normaliseShortText(accepted) == given) return q.points;
      }
      return 0;
    }
  }
  return 0;
}

std::optional<Micros> parseDecimal(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  Micros whole = 0, fraction = 0;
  int integer_digits = 0, decimals = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++integer_digits) {
    whole = whole * 10 + (text[i] - '0');
  }
  if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++decimals) {
      if (decimals < kDecimals) fraction = fraction * 10 + (text[i] - '0');
    }
    if (decimals == 0) return std::nullopt;
  }
  if (i != text.size() || integer_digits + decimals == 0 || integer_digits > kMaxIntegerDigits ||
      decimals > kDecimals) {
    return std::nullopt;
  }
  for (int d = decimals; d < kDecimals; ++d) fraction *= 10;
  const Micros value = whole * 1000000 + fraction;
  return negative ? -value : value;
}

std::string formatDecimal(Micros value) {
  const bool negative = value < 0;
  const Micros magnitude = negative ? -value : value;
  std::string out = (negative ? "-" : "") + std::to_string(magnitude / 1000000);
  std::string fraction = std::to_string(1000000 + magnitude % 1000000).substr(1);
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

std::string normaliseShortText(std::string_view text) {
  std::vector<char32_t> codes;
  for (std::size_t i = 0; i < text.size();) codes.push_back(nextCodePoint(text, i));
  std::size_t first = 0, last = codes.size();
  while (first < last && isSpace(codes[first])) ++first;
  while (last > first && isSpace(codes[last - 1])) --last;
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    const char32_t folded = fold(codes[i]);
    if (folded != 0) appendUtf8(out, folded);
  }
  return out;
}

}  // namespace cartable::quizzes
