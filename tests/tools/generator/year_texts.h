// The French words of the simulated year: what lessons covered, homework
// instructions, students' hand-ins, teachers' feedback and comments, parents'
// justifications. Drawn from short per-subject lists so that entries vary.
#pragma once

#include <cstddef>
#include <string>

#include "attendance/attendance.h"
#include "tests/tools/generator/dice.h"

namespace cartable::generator::year {

// The topic of chapter `chapter` of a subject (by its code), cycling through the year's topics.
std::string topicOf(const std::string& subject, std::size_t chapter);

std::string lessonTitle(const std::string& subject, std::size_t chapter);
std::string lessonContent(const std::string& subject, std::size_t chapter, Dice& dice);
std::string homeworkInstructions(const std::string& subject, std::size_t chapter, bool hand_in,
                                 Dice& dice);
std::string handInText(const std::string& subject, Dice& dice);
// Feedback on a hand-in worth about `level` on 20.
std::string feedbackText(double level, Dice& dice);
std::string evaluationTitle(const std::string& subject, std::size_t chapter, int rank, Dice& dice);
// A short comment on a score on 20; empty most of the time.
std::string scoreComment(double score, Dice& dice);
std::string justificationText(attendance::Reason reason, Dice& dice);
std::string refusalComment(Dice& dice);

}  // namespace cartable::generator::year
