#include "tests/tools/generator/french_names.h"

namespace cartable::generator::names {
namespace {

constexpr std::string_view kChildGirls[] = {
    "Emma",      "Louise",   "Jade",     "Alice",    "Chloé",     "Lina",    "Léa",     "Manon",
    "Rose",      "Anna",     "Inès",     "Camille",  "Lola",      "Ambre",   "Léna",    "Zoé",
    "Juliette",  "Julia",    "Lou",      "Sarah",    "Lucie",     "Mila",    "Jeanne",  "Romane",
    "Agathe",    "Éva",      "Nina",     "Clara",    "Charlotte", "Margaux", "Maëlys",  "Océane",
    "Anaïs",     "Mathilde", "Noémie",   "Capucine", "Apolline",  "Héloïse", "Margot",  "Elsa",
    "Constance", "Salomé",   "Maëlle",   "Clémence", "Émilie",    "Lisa",    "Pauline", "Marie",
    "Lilou",     "Eléonore", "Victoire", "Maya",     "Yasmine",   "Aya",     "Iris",    "Louna",
    "Gabrielle", "Adèle",    "Justine",  "Anaëlle",  "Thaïs",     "Célia",   "Soline",  "Marie-Lou",
};

constexpr std::string_view kChildBoys[] = {
    "Gabriel",      "Louis",    "Raphaël",  "Jules",    "Adam",      "Lucas",    "Léo",
    "Hugo",         "Arthur",   "Nathan",   "Liam",     "Ethan",     "Paul",     "Nolan",
    "Sacha",        "Tom",      "Noah",     "Mathis",   "Timéo",     "Maël",     "Théo",
    "Enzo",         "Gabin",    "Axel",     "Aaron",    "Mohamed",   "Victor",   "Antoine",
    "Clément",      "Baptiste", "Maxime",   "Valentin", "Alexandre", "Thomas",   "Romain",
    "Quentin",      "Bastien",  "Corentin", "Loïc",     "Noé",       "Élias",    "Côme",
    "Évan",         "Matéo",    "Rayan",    "Yanis",    "Kylian",    "Malo",     "Robin",
    "Simon",        "Samuel",   "Martin",   "Oscar",    "Marius",    "Tristan",  "Benjamin",
    "Augustin",     "Joachim",  "Léandre",  "Titouan",  "Gaël",      "Aurélien", "Jean-Baptiste",
    "Pierre-Louis",
};

constexpr std::string_view kAdultWomen[] = {
    "Nathalie",        "Isabelle",    "Sandrine",     "Stéphanie", "Céline",     "Virginie",
    "Aurélie",         "Sophie",      "Valérie",      "Caroline",  "Émilie",     "Julie",
    "Delphine",        "Laetitia",    "Karine",       "Sylvie",    "Christelle", "Élodie",
    "Séverine",        "Anne",        "Hélène",       "Véronique", "Audrey",     "Mélanie",
    "Vanessa",         "Claire",      "Laurence",     "Florence",  "Magali",     "Cécile",
    "Agnès",           "Corinne",     "Patricia",     "Béatrice",  "Martine",    "Géraldine",
    "Muriel",          "Emmanuelle",  "Marion",       "Amandine",  "Jennifer",   "Vanina",
    "Ségolène",        "Bérénice",    "Gaëlle",       "Maryse",    "Fatima",     "Nadia",
    "Samira",          "Aïcha",       "Ophélie",      "Estelle",   "Angélique",  "Laure",
    "Marie-Christine", "Anne-Sophie", "Marie-Claire", "Brigitte",  "Noëlle",     "Maïté",
};

constexpr std::string_view kAdultMen[] = {
    "Sébastien", "Nicolas",     "Christophe",  "Stéphane",      "Julien",       "Frédéric",
    "Laurent",   "David",       "Olivier",     "Cédric",        "Jérôme",       "Thierry",
    "Philippe",  "Éric",        "Vincent",     "Franck",        "Fabrice",      "Guillaume",
    "Mickaël",   "Pascal",      "Arnaud",      "Benoît",        "Damien",       "Emmanuel",
    "Patrice",   "Xavier",      "Grégory",     "Jean",          "Bruno",        "Hervé",
    "Ludovic",   "Yannick",     "Matthieu",    "Alexandre",     "Sylvain",      "Gilles",
    "Didier",    "Lionel",      "Régis",       "Raphaël",       "François",     "Denis",
    "Joël",      "Gaëtan",      "Jérémie",     "Karim",         "Mehdi",        "Rachid",
    "Hugues",    "Baptiste",    "Yves",        "Loïc",          "Anthony",      "Romain",
    "Jean-Marc", "Jean-Pierre", "Pierre-Yves", "Jean-François", "Marc-Antoine", "Noël",
};

constexpr std::string_view kFamilyNames[] = {
    "Martin",    "Bernard",   "Thomas",     "Petit",       "Robert",      "Richard",
    "Durand",    "Dubois",    "Moreau",     "Laurent",     "Simon",       "Michel",
    "Lefèvre",   "Leroy",     "Roux",       "David",       "Bertrand",    "Morel",
    "Fournier",  "Girard",    "Bonnet",     "Dupont",      "Lambert",     "Fontaine",
    "Rousseau",  "Vincent",   "Muller",     "Lefebvre",    "Faure",       "André",
    "Mercier",   "Blanc",     "Guérin",     "Boyer",       "Garnier",     "Chevalier",
    "François",  "Legrand",   "Gauthier",   "Garcia",      "Perrin",      "Robin",
    "Clément",   "Morin",     "Nicolas",    "Henry",       "Roussel",     "Mathieu",
    "Gautier",   "Masson",    "Marchand",   "Duval",       "Denis",       "Dumont",
    "Marie",     "Lemaire",   "Noël",       "Meyer",       "Dufour",      "Meunier",
    "Brun",      "Blanchard", "Giraud",     "Joly",        "Rivière",     "Lucas",
    "Brunet",    "Gaillard",  "Barbier",    "Arnaud",      "Martinez",    "Gérard",
    "Roche",     "Renard",    "Schmitt",    "Roy",         "Leroux",      "Colin",
    "Vidal",     "Caron",     "Picard",     "Roger",       "Fabre",       "Aubert",
    "Lemoine",   "Renaud",    "Dumas",      "Lacroix",     "Olivier",     "Philippe",
    "Bourgeois", "Pierre",    "Benoît",     "Rey",         "Leclerc",     "Payet",
    "Rolland",   "Leclercq",  "Guillaume",  "Lecomte",     "Lopez",       "Jean",
    "Dupuy",     "Guillot",   "Hubert",     "Berger",      "Carpentier",  "Sanchez",
    "Dupuis",    "Moulin",    "Louis",      "Deschamps",   "Huet",        "Vasseur",
    "Perez",     "Boucher",   "Fleury",     "Royer",       "Klein",       "Jacquet",
    "Adam",      "Paris",     "Poirier",    "Marty",       "Aubry",       "Guyot",
    "Carré",     "Charles",   "Renault",    "Charpentier", "Ménard",      "Maillard",
    "Baron",     "Bertin",    "Bailly",     "Hervé",       "Schneider",   "Fernandez",
    "Le Gall",   "Collet",    "Léger",      "Bouvier",     "Julien",      "Prévost",
    "Millet",    "Perrot",    "Daniel",     "Le Roux",     "Cousin",      "Germain",
    "Breton",    "Besson",    "Langlois",   "Rémy",        "Le Goff",     "Pelletier",
    "Lévêque",   "Perrier",   "Leblanc",    "Barré",       "Lebrun",      "Marchal",
    "Weber",     "Mallet",    "Hamon",      "Boulanger",   "Jacob",       "Monnier",
    "Michaud",   "Rodriguez", "Guichard",   "Gillet",      "Étienne",     "Grondin",
    "Poulain",   "Tessier",   "Chevallier", "Collin",      "Chauvin",     "Da Silva",
    "Bouchet",   "Gay",       "Lemaître",   "Bénard",      "Maréchal",    "Humbert",
    "Reynaud",   "Antoine",   "Hoarau",     "Perret",      "Barthélemy",  "Cordier",
    "Pichon",    "Lejeune",   "Gilbert",    "Lamy",        "Delaunay",    "Pasquier",
    "Carlier",   "Laporte",   "N'Diaye",    "D'Almeida",   "De Oliveira", "Dupré-Lenoir",
    "Châtelain", "Béranger",  "Brûlé",      "Lœuillet",    "Ben Ali",     "Nguyen",
};

}  // namespace

std::span<const std::string_view> childGirls() {
  return kChildGirls;
}
std::span<const std::string_view> childBoys() {
  return kChildBoys;
}
std::span<const std::string_view> adultWomen() {
  return kAdultWomen;
}
std::span<const std::string_view> adultMen() {
  return kAdultMen;
}
std::span<const std::string_view> familyNames() {
  return kFamilyNames;
}

}  // namespace cartable::generator::names
