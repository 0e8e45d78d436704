// What the quiz pages share: the window's state, dates for datetime-local
// inputs, scores written the French way, and the API's English validation
// messages about quizzes in French.
import { ApiError } from '../../api.js';
import { formatInstant, formatNumber } from '../../format.js';

export const KIND_LABELS = {
  single_choice: 'Choix unique',
  multiple_choice: 'Choix multiples',
  number: 'Nombre (avec tolérance)',
  short_text: 'Réponse courte',
};

export const RESULT_LABELS = { right: 'Juste', partly_right: 'En partie juste', wrong: 'Faux' };

export const nowSeconds = () => Math.floor(Date.now() / 1000);

// "upcoming", "open" or "closed" at `now` (Unix seconds).
export function windowState(quiz, now = nowSeconds()) {
  if (now < quiz.opens_at) return 'upcoming';
  if (now >= quiz.closes_at) return 'closed';
  return 'open';
}

export const WINDOW_LABELS = { upcoming: 'À venir', open: 'Ouvert', closed: 'Terminé' };

export function windowText(quiz) {
  return `du ${formatInstant(quiz.opens_at)} au ${formatInstant(quiz.closes_at)}`;
}

const pad = (n) => String(n).padStart(2, '0');

// Unix seconds as the local "2026-09-14T08:00" of a datetime-local input.
export function toLocalInput(seconds) {
  const d = new Date(seconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// A datetime-local value as Unix seconds; null when empty or unreadable.
export function fromLocalInput(text) {
  if (!text) return null;
  const time = new Date(text).getTime();
  return Number.isNaN(time) ? null : Math.floor(time / 1000);
}

// "3,5/5" — points as the API gives them (decimal numbers).
export function scoreText(score, outOf) {
  if (score === null || score === undefined) return '—';
  return `${formatNumber(score)}/${formatNumber(outOf)}`;
}

export const pointsText = (points) => `${formatNumber(points)} pt${points > 1 ? 's' : ''}`;

// Patterns of the API's quiz messages (English) and their French wording.
const FRENCH = [
  [/is already past/, 'Cette date est déjà passée : choisissez une fermeture à venir.'],
  [/must be after "opens_at"/, "La fermeture doit venir après l'ouverture."],
  [/must hold from 2 to 10 choices/, 'Donnez de 2 à 10 choix.'],
  [/must name exactly one choice/, 'Cochez exactement une bonne réponse.'],
  [/must name at least one choice/, 'Cochez au moins une bonne réponse.'],
  [/names choice \d+ twice/, 'Un choix est coché deux fois.'],
  [/must hold from 1 to 20 accepted answers/, 'Donnez de 1 à 20 réponses acceptées.'],
  [/is only spaces/, 'Une réponse acceptée ne contient que des espaces.'],
  [/is required for a number question/, 'Donnez la valeur attendue.'],
  [/must be a number >= 0/, 'La tolérance doit être un nombre positif ou nul.'],
  [/at most 6 decimals/, 'Écrivez un nombre, par exemple 3,14 (6 décimales au plus).'],
  [/at most 2 decimals/, 'Écrivez un nombre, par exemple 1,5 (2 décimales au plus).'],
  [/must be above 0 and at most 100/, 'De 0,01 à 100 points.'],
  [/has more than 10 skills/, '10 compétences au plus.'],
  [/must be from 1 to 10/, 'De 1 à 10 tentatives.'],
  [/must hold at least one question/, 'Ajoutez au moins une question.'],
  [/has more than 100 questions/, '100 questions au plus.'],
  [/is longer than (\d+)/, 'Texte trop long.'],
  [/must be an integer from (-?\d+) to (\d+)/, (m) => `Un nombre entier de ${m[1]} à ${m[2]}.`],
  [/must not be empty|is empty/, 'Ce champ ne peut pas être vide.'],
  [/is not a student of the/, "Cet élève n'est pas dans la classe ou le groupe du quiz."],
  [/give exactly one of them/, 'Choisissez la classe ou le groupe.'],
  [/names no subject|names no class|names no group/, "Cette classe, ce groupe ou cette matière n'existe plus."],
  [/is frozen/, 'Des élèves ont déjà répondu : le quiz ne peut plus être modifié ni supprimé.'],
  [/is already published/, 'Ce quiz est déjà publié.'],
  [/opens on (.+); come back then/, (m) => `Le quiz ouvre le ${m[1]} : revenez à ce moment-là.`],
  [/closed on (.+): answers are no longer taken/, (m) => `Le quiz a fermé le ${m[1]} : les réponses ne sont plus acceptées.`],
  [/every attempt at quiz \d+ is used/, 'Vous avez utilisé toutes vos tentatives.'],
  [/already fed the gradebook: evaluation (\d+)/, 'Les notes de ce quiz sont déjà au carnet de notes : corrigez-les dans cette évaluation.'],
  [/is still open until (.+): its scores/, (m) => `Le quiz est ouvert jusqu'au ${m[1]} : ses notes iront au carnet une fois fermé.`],
];

export function frenchQuizMessage(message) {
  for (const [pattern, french] of FRENCH) {
    const match = message.match(pattern);
    if (match) return typeof french === 'function' ? french(match) : french;
  }
  return message;
}

// The error in French; its field kept only when the form shows that field
// (`known(field)`), so that anything else appears above the form.
export function quizError(error, known = () => true) {
  if (!(error instanceof ApiError)) return error;
  const field = error.field && known(error.field) ? error.field : null;
  const french = new ApiError(error.status, frenchQuizMessage(error.message), field, error.retryAfter);
  french.body = error.body;
  return french;
}

// The message of the first error about `name` or inside it ("questions[0]"
// covers "questions[0].choices" and "questions[0].accepted[1]").
export function errorAt(errors, name) {
  for (const [key, message] of Object.entries(errors)) {
    if (key === name || key.startsWith(`${name}[`) || key.startsWith(`${name}.`)) return message;
  }
  return undefined;
}
