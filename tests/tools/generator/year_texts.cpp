#include "tests/tools/generator/year_texts.h"

#include <map>
#include <string_view>
#include <vector>

namespace cartable::generator::year {
namespace {

using Words = std::vector<std::string_view>;

const Words& topics(const std::string& subject) {
  static const std::map<std::string, Words, std::less<>> kTopics = {
      {"FRANCAIS",
       {"Le récit d'aventure", "La poésie lyrique", "Le théâtre : la comédie",
        "La nouvelle réaliste", "L'argumentation", "Les figures de style", "La phrase complexe",
        "L'autobiographie"}},
      {"MATHS",
       {"Nombres relatifs", "Fractions", "Calcul littéral", "Proportionnalité",
        "Théorème de Pythagore", "Équations", "Statistiques", "Géométrie dans l'espace"}},
      {"HIST-GEO",
       {"L'Empire romain", "Le Moyen Âge et la chrétienté", "La Révolution française",
        "La Première Guerre mondiale", "Habiter une métropole", "Les espaces de faible densité",
        "La mondialisation", "Enseignement moral et civique : la laïcité"}},
      {"ANGLAIS",
       {"Daily routines", "Past simple and past continuous", "Travelling in the UK",
        "Comparatives and superlatives", "Future plans", "Modal verbs", "The media",
        "Present perfect"}},
      {"ESPAGNOL",
       {"Presentarse", "La familia", "El colegio", "Las vacaciones", "La ciudad", "La comida",
        "El pretérito indefinido", "Fiestas y tradiciones"}},
      {"ALLEMAND",
       {"Sich vorstellen", "Die Familie", "Die Schule", "Das Wetter", "Freizeit und Hobbys",
        "Das Perfekt", "In der Stadt", "Feste in Deutschland"}},
      {"SVT",
       {"La cellule", "La respiration", "La digestion", "Les séismes et volcans", "La reproduction",
        "Les écosystèmes", "L'immunité", "La génétique"}},
      {"PH-CH",
       {"États de la matière", "Mélanges et solutions", "Circuits électriques",
        "Les atomes et les molécules", "Vitesse et mouvement", "L'énergie", "La lumière",
        "Les réactions chimiques"}},
      {"TECHNO",
       {"Les objets techniques", "Les matériaux", "La chaîne d'énergie", "Programmation Scratch",
        "Le cahier des charges", "Les réseaux informatiques", "La modélisation 3D",
        "Les capteurs"}},
      {"EPS",
       {"Course de demi-fond", "Handball", "Gymnastique", "Badminton", "Natation", "Volley-ball",
        "Acrosport", "Athlétisme : relais"}},
      {"ARTS-PLA",
       {"Le point de vue", "La couleur", "L'objet détourné", "La bande dessinée", "Le portrait",
        "L'installation"}},
      {"EDUC-MUS",
       {"Le chant choral", "Les instruments de l'orchestre", "La musique de film", "Le rythme",
        "Le jazz", "Musiques du monde"}},
      {"PHILO",
       {"La conscience", "La liberté", "Le travail", "La vérité", "L'art", "La justice",
        "Le langage", "Le bonheur"}},
      {"SES",
       {"Les marchés", "La monnaie", "La socialisation", "Le chômage", "La croissance",
        "L'opinion publique"}},
      {"SNT",
       {"Internet", "Le Web", "Les réseaux sociaux", "Les données structurées",
        "Localisation et cartographie", "La photographie numérique"}},
      {"ENS-SCI",
       {"Le Soleil, notre source d'énergie", "La Terre, un astre singulier",
        "Une longue histoire de la matière", "Le vivant et son évolution", "Son et musique",
        "Science, climat et société"}},
  };
  static const Words kDefault = {"Séquence 1", "Séquence 2", "Séquence 3", "Séquence 4"};
  const auto found = kTopics.find(subject);
  return found == kTopics.end() ? kDefault : found->second;
}

std::string pick(Dice& dice, const Words& words) {
  return std::string(dice.pick(words));
}

std::string page(Dice& dice) {
  return std::to_string(20 + dice.below(220));
}

}  // namespace

std::string topicOf(const std::string& subject, std::size_t chapter) {
  const Words& list = topics(subject);
  return std::string(list[chapter % list.size()]);
}

std::string lessonTitle(const std::string& subject, std::size_t chapter) {
  return "Chapitre " + std::to_string(chapter + 1) + " : " + topicOf(subject, chapter);
}

std::string lessonContent(const std::string& subject, std::size_t chapter, Dice& dice) {
  static const Words kOpenings = {
      "Activité d'introduction", "Correction des exercices", "Rappel de la séance précédente",
      "Travail en groupes",      "Étude de documents",       "Interrogation orale"};
  static const Words kMiddles = {"trace écrite du cours",    "exercices d'application",
                                 "lecture et analyse",       "mise en commun au tableau",
                                 "schéma-bilan à compléter", "exercices différenciés"};
  std::string text = pick(dice, kOpenings) + ", puis " + pick(dice, kMiddles) + " sur « " +
                     topicOf(subject, chapter) + " ».";
  if (dice.chance(50)) text += " Exercices p. " + page(dice) + " commencés en classe.";
  return text;
}

std::string homeworkInstructions(const std::string& subject, std::size_t chapter, bool hand_in,
                                 Dice& dice) {
  const std::string topic = topicOf(subject, chapter);
  if (hand_in) {
    static const Words kWritten = {
        "Rédiger une synthèse d'une page sur", "Répondre aux questions du document distribué sur",
        "Faire la fiche d'exercices sur", "Préparer un court exposé écrit sur"};
    return pick(dice, kWritten) + " « " + topic + " », travail à rendre en ligne.";
  }
  static const Words kTasks = {"Apprendre la leçon", "Relire le cours et faire les exercices",
                               "Terminer les exercices commencés en classe",
                               "Revoir les notions essentielles"};
  return pick(dice, kTasks) + " (« " + topic + " »), p. " + page(dice) + ".";
}

std::string handInText(const std::string& subject, Dice& dice) {
  static const Words kTexts = {
      "Voici mon travail. J'ai eu du mal avec la dernière question.",
      "Bonjour, je vous envoie ma réponse. Bonne soirée.",
      "Travail terminé, j'ai relu deux fois.",
      "Voici ma fiche complétée, j'ai ajouté un schéma à la fin.",
      "Je n'ai pas compris l'exercice 3, j'ai fait ce que j'ai pu.",
  };
  return pick(dice, kTexts) + (subject == "ANGLAIS" ? " Thank you!" : "");
}

std::string feedbackText(double level, Dice& dice) {
  static const Words kGood = {"Très bon travail, bien rédigé.", "Excellent, continue ainsi.",
                              "Travail soigné et complet."};
  static const Words kMiddle = {"Bien, mais revois la dernière partie.",
                                "Correct dans l'ensemble ; attention à l'orthographe.",
                                "Des efforts, il manque des justifications."};
  static const Words kWeak = {"Travail incomplet, reprends la leçon.",
                              "Trop de confusions : viens me voir en fin de cours.",
                              "Le cours n'est pas assez su."};
  return pick(dice, level >= 14 ? kGood : level >= 9 ? kMiddle : kWeak);
}

std::string evaluationTitle(const std::string& subject, std::size_t chapter, int rank, Dice& dice) {
  const std::string topic = topicOf(subject, chapter);
  if (subject == "EPS") return "Évaluation " + topic;
  static const Words kKinds = {"Contrôle", "Interrogation écrite", "Devoir surveillé",
                               "Évaluation"};
  std::string title = pick(dice, kKinds) + " n°" + std::to_string(rank) + " : " + topic;
  return title;
}

std::string scoreComment(double score, Dice& dice) {
  if (!dice.chance(12)) return "";
  static const Words kHigh = {"Très bien", "Excellent travail", "Bravo"};
  static const Words kMid = {"Des progrès", "Assez bien", "Peut mieux faire"};
  static const Words kLow = {"Leçon non apprise", "Attention, travail insuffisant",
                             "À revoir avec moi"};
  return pick(dice, score >= 15 ? kHigh : score >= 10 ? kMid : kLow);
}

std::string justificationText(attendance::Reason reason, Dice& dice) {
  using attendance::Reason;
  switch (reason) {
    case Reason::illness:
      return pick(dice, {"Fièvre, notre enfant est resté à la maison.",
                         "Gastro-entérite, certificat médical joint si besoin.",
                         "Malade (angine), repos prescrit par le médecin."});
    case Reason::medical:
      return pick(dice, {"Rendez-vous chez l'orthodontiste.", "Consultation à l'hôpital.",
                         "Rendez-vous chez l'ophtalmologiste."});
    case Reason::family:
      return pick(dice, {"Obsèques d'un grand-parent.", "Événement familial.",
                         "Raison familiale importante."});
    case Reason::transport:
      return pick(dice, {"Bus scolaire supprimé.", "Route fermée à cause de la neige.",
                         "Panne de voiture."});
    default:
      return pick(dice, {"Raison personnelle.", "Réveil tardif.", "Départ en vacances."});
  }
}

std::string refusalComment(Dice& dice) {
  return pick(dice, {"Motif non recevable : merci de prendre contact avec le CPE.",
                     "Motif insuffisant ; l'absence reste injustifiée.",
                     "Les départs en vacances anticipés ne sont pas justifiés."});
}

}  // namespace cartable::generator::year
