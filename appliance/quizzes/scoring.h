// One quiz question, one answer to it, and how the answer is scored. Pure
// functions: no database.
//
// Scoring rules:
// - single choice: the full points for the one correct choice, else 0;
// - multiple choice with partial credit (the default): points × (correct
//   choices ticked − wrong choices ticked) / correct choices, never below 0,
//   rounded half up to hundredths; without partial credit, the full points
//   only for exactly the correct set;
// - number: the full points when |answer − value| <= tolerance (absolute,
//   compared exactly in millionths, so 3.1 is within 0.1 of 3);
// - short text: the full points when the answer matches an accepted one,
//   ignoring case, surrounding spaces and accents ("Éléphant " = "elephant"),
//   but not inner spaces, punctuation or other letters.
// A blank answer earns 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/result.h"

namespace cartable::quizzes {

// Hundredths of a point: 150 is 1.5.
using Points = std::int64_t;
// Millionths: 3140000 is 3.14.
using Micros = std::int64_t;

enum class Kind { single_choice, multiple_choice, number, short_text };
std::string_view kindName(Kind kind);  // "single_choice", ...
std::optional<Kind> parseKind(std::string_view name);

struct Question {
  int position = 0;  // from 1
  Kind kind = Kind::single_choice;
  std::string prompt;                 // 1..2000 characters
  Points points = 100;                // 0.01..100
  bool partial_credit = true;         // multiple choice only
  std::vector<std::string> choices;   // choice kinds: 2..10 labels
  std::vector<int> correct;           // choice kinds: 0-based indices (one for single choice)
  std::vector<std::string> accepted;  // short text: 1..20 accepted answers
  std::optional<Micros> value;        // number
  std::optional<Micros> tolerance;    // number, >= 0
  std::vector<std::string> skills;    // up to 10 labels ("D1.3", "Calcul mental")
};

// What a student answered to one question. Which member counts depends on
// the question's kind; `blank` is a question left unanswered.
struct Answer {
  bool blank = true;
  std::optional<int> choice;  // single choice
  std::vector<int> choices;   // multiple choice
  std::string text;           // number (as typed) or short text
};

// Checks `question` (number `index` from 0 in its quiz); invalid_argument
// naming "questions[index].<field>".
Status checkQuestion(const Question& question, std::size_t index);

// Checks that `answer` fits `question` (choices that exist, a readable
// number); invalid_argument naming `field`.
Status checkAnswer(const Question& question, const Answer& answer, const std::string& field);

// The points `answer` earns (checked by checkAnswer).
Points score(const Question& question, const Answer& answer);

// A decimal written "3,14", "-2.5" or "12" (surrounding spaces allowed, at
// most 6 decimals and 12 integer digits) in millionths; nothing otherwise.
std::optional<Micros> parseDecimal(std::string_view text);
// Millionths written with a dot and no trailing zeros: "3.14", "-2", "0.000001".
std::string formatDecimal(Micros value);

// `text` without surrounding white space, in lower case, with the accents of
// Latin letters removed ("  Ça Été " -> "ca ete"). Other characters are kept.
std::string normaliseShortText(std::string_view text);

}  // namespace cartable::quizzes
