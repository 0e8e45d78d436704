// How each kind of question scores an answer, and the checks on questions and
// answers, without a database.
#include "quizzes/scoring.h"

#include <gtest/gtest.h>

namespace cartable::quizzes {
namespace {

Question choice(Kind kind, std::vector<int> correct, Points points = 100) {
  Question q;
  q.kind = kind;
  q.prompt = "Quels nombres sont premiers ?";
  q.points = points;
  q.choices = {"2", "4", "7", "9", "11"};
  q.correct = std::move(correct);
  return q;
}

Question number(Micros value, Micros tolerance) {
  Question q;
  q.kind = Kind::number;
  q.prompt = "Valeur de pi au centième ?";
  q.value = value;
  q.tolerance = tolerance;
  return q;
}

Question shortText(std::vector<std::string> accepted) {
  Question q;
  q.kind = Kind::short_text;
  q.prompt = "Capitale de l'Espagne ?";
  q.accepted = std::move(accepted);
  return q;
}

Answer picked(int index) {
  Answer a;
  a.blank = false;
  a.choice = index;
  return a;
}

Answer ticked(std::vector<int> indices) {
  Answer a;
  a.blank = false;
  a.choices = std::move(indices);
  return a;
}

Answer typed(std::string text) {
  Answer a;
  a.blank = false;
  a.text = std::move(text);
  return a;
}

TEST(QuizScoring, SingleChoiceEarnsItsPointsForTheCorrectChoiceOnly) {
  const Question q = choice(Kind::single_choice, {2}, 150);
  EXPECT_EQ(score(q, picked(2)), 150);
  EXPECT_EQ(score(q, picked(0)), 0);
  EXPECT_EQ(score(q, Answer{}), 0);
}

TEST(QuizScoring, MultipleChoiceGivesPartialCreditForRightTicksLessWrongOnes) {
  // Correct: 2, 7 and 11 (indices 0, 2, 4), worth 3 points.
  const Question q = choice(Kind::multiple_choice, {0, 2, 4}, 300);
  EXPECT_EQ(score(q, ticked({0, 2, 4})), 300);
  EXPECT_EQ(score(q, ticked({4, 0})), 200);
  EXPECT_EQ(score(q, ticked({0, 2, 4, 1})), 200);  // a wrong tick costs one right one
  EXPECT_EQ(score(q, ticked({0, 1})), 0);
  EXPECT_EQ(score(q, ticked({1, 3})), 0);  // never below zero
  EXPECT_EQ(score(q, ticked({})), 0);
}

TEST(QuizScoring, PartialCreditIsRoundedHalfUpToHundredths) {
  const Question q = choice(Kind::multiple_choice, {0, 2, 4}, 100);
  EXPECT_EQ(score(q, ticked({0})), 33);     // 0.333...
  EXPECT_EQ(score(q, ticked({0, 2})), 67);  // 0.666...
}

TEST(QuizScoring, MultipleChoiceWithoutPartialCreditIsAllOrNothing) {
  Question q = choice(Kind::multiple_choice, {0, 2, 4}, 300);
  q.partial_credit = false;
  EXPECT_EQ(score(q, ticked({2, 4, 0})), 300);
  EXPECT_EQ(score(q, ticked({0, 2})), 0);
  EXPECT_EQ(score(q, ticked({0, 2, 4, 1})), 0);
}

TEST(QuizScoring, NumberToleranceIsAbsoluteAndItsEdgesAreIncluded) {
  const Question q = number(3140000, 10000);  // 3.14 ± 0.01
  EXPECT_EQ(score(q, typed("3.14")), 100);
  EXPECT_EQ(score(q, typed("3,15")), 100);  // the edge, with a French comma
  EXPECT_EQ(score(q, typed("3.13")), 100);
  EXPECT_EQ(score(q, typed("3.150001")), 0);
  EXPECT_EQ(score(q, typed("3.129999")), 0);
  EXPECT_EQ(score(q, typed(" 3.141 ")), 100);
}

TEST(QuizScoring, NumberEdgesAreExactWhereFloatingPointWouldMissThem) {
  // 3.1 - 3.0 is 0.10000000000000009 in binary floating point.
  EXPECT_EQ(score(number(3000000, 100000), typed("3.1")), 100);
  EXPECT_EQ(score(number(-2500000, 0), typed("-2,5")), 100);
  EXPECT_EQ(score(number(-2500000, 0), typed("-2.50001")), 0);
}

TEST(QuizScoring, ShortTextIgnoresCaseSurroundingSpacesAndAccents) {
  const Question q = shortText({"Madrid", "Éléphant"});
  EXPECT_EQ(score(q, typed("madrid")), 100);
  EXPECT_EQ(score(q, typed("  MADRID \t")), 100);
  EXPECT_EQ(score(q, typed("elephant")), 100);
  EXPECT_EQ(score(q, typed("ÉLÉPHANT")), 100);
  EXPECT_EQ(score(q, typed("e\xcc\x81le\xcc\x81phant")), 100);  // decomposed accents
}

TEST(QuizScoring, ShortTextKeepsEveryOtherDifference) {
  const Question q = shortText({"Madrid", "pomme de terre"});
  EXPECT_EQ(score(q, typed("Madrid.")), 0);
  EXPECT_EQ(score(q, typed("Madri")), 0);
  EXPECT_EQ(score(q, typed("pommede terre")), 0);
  EXPECT_EQ(score(q, typed("pomme  de terre")), 0);
  EXPECT_EQ(score(q, typed("pomme-de-terre")), 0);
}

TEST(QuizScoring, NormalisingFoldsFrenchLettersButNotLigatures) {
  EXPECT_EQ(normaliseShortText("  Ça Été Où ? "), "ca ete ou ?");
  EXPECT_EQ(normaliseShortText("Noël à l'Hôpital"), "noel a l'hopital");
  EXPECT_EQ(normaliseShortText("Œuvre"), "œuvre");
  EXPECT_EQ(normaliseShortText("\xc2\xa0"
                               "Zoé\xc2\xa0"),
            "zoe");  // no-break spaces
}

TEST(QuizScoring, DecimalsAreReadWithADotOrACommaAndAtMostSixDecimals) {
  EXPECT_EQ(parseDecimal("3,14"), 3140000);
  EXPECT_EQ(parseDecimal("-0.5"), -500000);
  EXPECT_EQ(parseDecimal("12"), 12000000);
  EXPECT_EQ(parseDecimal(",5"), 500000);
  EXPECT_EQ(parseDecimal("0.000001"), 1);
  EXPECT_FALSE(parseDecimal("0.0000001"));
  EXPECT_FALSE(parseDecimal("3,"));
  EXPECT_FALSE(parseDecimal("1e3"));
  EXPECT_FALSE(parseDecimal("trois"));
  EXPECT_FALSE(parseDecimal(""));
  EXPECT_EQ(formatDecimal(3140000), "3.14");
  EXPECT_EQ(formatDecimal(-2000000), "-2");
}

TEST(QuizScoring, QuestionChecksNameTheFieldAtFault) {
  Question q = number(1000000, -1);
  Status checked = checkQuestion(q, 2);
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().field, "questions[2].tolerance");
  EXPECT_EQ(checked.error().message, "\"questions[2].tolerance\" must be a number >= 0");

  q = choice(Kind::single_choice, {0, 2});
  EXPECT_EQ(checkQuestion(q, 0).error().field, "questions[0].correct");
  q = choice(Kind::multiple_choice, {0, 7});
  checked = checkQuestion(q, 1);
  EXPECT_EQ(checked.error().field, "questions[1].correct[1]");
  EXPECT_EQ(checked.error().message,
            "\"questions[1].correct[1]\" names no choice: 7 (choices are numbered from 0 to 4)");
  q = shortText({});
  EXPECT_EQ(checkQuestion(q, 0).error().field, "questions[0].accepted");
  q = shortText({"  "});
  EXPECT_EQ(checkQuestion(q, 0).error().field, "questions[0].accepted[0]");
  q = choice(Kind::single_choice, {0});
  q.value = 3;
  EXPECT_EQ(checkQuestion(q, 0).error().field, "questions[0].value");
  q = number(1, 0);
  q.value.reset();
  EXPECT_EQ(checkQuestion(q, 4).error().field, "questions[4].value");
  q = choice(Kind::single_choice, {0}, 0);
  EXPECT_EQ(checkQuestion(q, 0).error().field, "questions[0].points");
}

TEST(QuizScoring, AnswerChecksRefuseChoicesThatDoNotExistAndUnreadableNumbers) {
  EXPECT_EQ(checkAnswer(choice(Kind::single_choice, {0}), picked(5), "answers[0]").error().message,
            "\"answers[0]\" names no choice: 5 (choices are numbered from 0 to 4)");
  EXPECT_EQ(
      checkAnswer(choice(Kind::multiple_choice, {0}), ticked({1, 1}), "answers[1]").error().field,
      "answers[1][1]");
  EXPECT_EQ(checkAnswer(number(1, 0), typed("deux"), "answers[2]").error().field, "answers[2]");
  EXPECT_TRUE(checkAnswer(number(1, 0), Answer{}, "answers[2]").ok());
}

}  // namespace
}  // namespace cartable::quizzes
