// Formative quizzes through the browser: the teacher builds a quiz with a
// question of each kind in the editor (two refusals of the server shown at
// their fields), assigns it to the sample class and publishes it → the
// sample student answers it, partly with the keyboard, and reads the scored
// feedback → a student of another class never sees it → the parent reads the
// child's score → the teacher reads the results per question and per
// student → once closed, the best scores go to the gradebook. Every page is
// checked with axe-core and photographed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { apiSession } from '../lib/api.js';
import { PASSWORD, startSchool } from '../lib/appliance.js';
import {
  assertAccessible,
  assertNoProblems,
  DESKTOP,
  launchBrowser,
  newPage,
  PHONE,
  screenshots,
  signIn,
} from '../lib/browser.js';

const TITLE = 'Fractions : quiz du chapitre 4';
let school;
let browser;
const people = {};
let quizId;

// A datetime-local value `days` from today at `time`.
function localDay(days, time) {
  return `${new Date(Date.now() + days * 86400 * 1000).toISOString().slice(0, 10)}T${time}`;
}

async function open(page, path, title) {
  await page.goto(`${school.url}${path}`);
  await page.locator('#page-title').filter({ hasText: title }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0);
}

// axe-core at the phone's and the desktop's size (the menu folds on a
// phone), then the screenshots at both.
async function check(page, name) {
  const original = page.viewportSize();
  for (const [label, size] of [
    ['phone', PHONE],
    ['desktop', DESKTOP],
  ]) {
    await page.setViewportSize(size);
    await assertAccessible(page, `${name} (${label})`);
  }
  await page.setViewportSize(original);
  await screenshots(page, name);
  assertNoProblems(page);
}

// The error shown for the input labelled `label`: the text of what its
// aria-describedby names, once it is marked invalid.
async function errorAt(page, label) {
  const input = page.getByLabel(label, { exact: true });
  await page.waitForFunction(
    (element) => element.getAttribute('aria-invalid') === 'true',
    await input.elementHandle(),
  );
  const ids = (await input.getAttribute('aria-describedby')).split(' ');
  const texts = [];
  for (const id of ids) texts.push(await page.locator(`[id="${id}"]`).innerText());
  return texts.join(' ');
}

before(async () => {
  school = await startSchool();
  browser = await launchBrowser();
  const student = await apiSession(school.url, school.logins.student.login, PASSWORD);
  const dashboard = await student.get('/api/v1/me/dashboard');
  people.classId = dashboard.student.class.id;
  people.classLabel = dashboard.student.class.label;
  people.outsider = execFileSync(
    'sqlite3',
    [
      school.database,
      'SELECT u.login FROM enrollments e JOIN users u ON u.id = e.student_id ' +
        `WHERE e.until IS NULL AND e.class_id <> ${people.classId} ORDER BY u.login LIMIT 1`,
    ],
    { encoding: 'utf8' },
  ).trim();
  assert.ok(people.outsider, 'the generated school has a student in another class');
});

after(async () => {
  await browser?.close();
  await school?.stop();
});

describe('quizzes', () => {
  let teacher;
  before(async () => {
    teacher = await newPage(browser, DESKTOP);
    await signIn(teacher, school.url, school.logins.teacher.login, PASSWORD);
  });
  after(async () => teacher?.context().close());

  test('the teacher builds a quiz with each kind of question; the server refusals show at their fields', async () => {
    await open(teacher, '/quiz-donnes', 'Quiz donnés');
    await teacher.getByText("Aucun quiz pour l'instant.").waitFor();
    await teacher.getByRole('link', { name: 'Nouveau quiz' }).click();
    await teacher.locator('#page-title').filter({ hasText: 'Nouveau quiz' }).waitFor();
    await check(teacher, 'teacher-quiz-editor');

    const pair = teacher.getByLabel('Classe ou groupe, matière');
    const option = await pair.locator('option').filter({ hasText: people.classLabel }).first().getAttribute('value');
    assert.ok(option, 'the teacher teaches the sample class');
    await pair.selectOption(option);
    await teacher.getByLabel('Toute la classe').waitFor();
    await teacher.getByLabel('Titre').fill('Fractions (brouillon)');
    await teacher.getByLabel('Consignes (facultatif)').fill('Deux tentatives ; la meilleure compte.');
    await teacher.getByLabel('Ouverture').fill(localDay(-2, '08:00'));
    await teacher.getByLabel('Fermeture').fill(localDay(-1, '12:00'));
    await teacher.getByLabel('Nombre de tentatives').fill('2');

    // 1. Single choice.
    await teacher.getByLabel('Énoncé de la question 1').fill('1/2 + 1/4 = ?');
    await teacher.getByLabel('Question 1, choix 1', { exact: true }).fill('2/6');
    await teacher.getByLabel('Question 1, choix 2', { exact: true }).fill('3/4');
    await teacher.getByLabel('Bonne réponse (question 1, choix 2)').check();
    // 2. Multiple choice, 2 points, partial credit.
    await teacher.getByRole('button', { name: 'Ajouter une question' }).click();
    await teacher.getByLabel('Type de la question 2').selectOption('multiple_choice');
    await teacher.getByLabel('Énoncé de la question 2').fill('Lesquelles sont égales à 1/2 ?');
    await teacher.getByLabel('Question 2, choix 1', { exact: true }).fill('2/4');
    await teacher.getByLabel('Question 2, choix 2', { exact: true }).fill('3/6');
    await teacher.getByRole('button', { name: 'Ajouter un choix à la question 2' }).click();
    await teacher.getByLabel('Question 2, choix 3', { exact: true }).fill('2/3');
    await teacher.getByLabel('Bonne réponse (question 2, choix 1)').check();
    await teacher.getByLabel('Bonne réponse (question 2, choix 2)').check();
    await teacher.getByLabel('Points (question 2)').fill('2');
    // 3. A number with a tolerance (first a negative one) and a skill.
    await teacher.getByRole('button', { name: 'Ajouter une question' }).click();
    await teacher.getByLabel('Type de la question 3').selectOption('number');
    await teacher.getByLabel('Énoncé de la question 3').fill('3/4 en écriture décimale ?');
    await teacher.getByLabel('Valeur attendue (question 3)').fill('0,75');
    await teacher.getByLabel('Tolérance (question 3)').fill('-1');
    await teacher.getByLabel('Compétences (question 3)').fill('Calcul, Nombres décimaux');
    // 4. A short text with two accepted answers.
    await teacher.getByRole('button', { name: 'Ajouter une question' }).click();
    await teacher.getByLabel('Type de la question 4').selectOption('short_text');
    await teacher.getByLabel('Énoncé de la question 4').fill('Comment appelle-t-on le nombre du bas ?');
    await teacher.getByLabel('Réponses acceptées (question 4)').fill('dénominateur\nle dénominateur');
    assert.equal(await teacher.getByTestId('quiz-question').count(), 4);

    await teacher.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    assert.match(await errorAt(teacher, 'Tolérance (question 3)'), /La tolérance doit être un nombre positif ou nul\./);
    await assertAccessible(teacher, 'quiz editor with an error at a question');
    await teacher.getByLabel('Tolérance (question 3)').fill('0,01');
    await teacher.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    assert.match(await errorAt(teacher, 'Fermeture'), /Cette date est déjà passée/);
    await screenshots(teacher, 'teacher-quiz-editor-error');
    await teacher.getByLabel('Fermeture').fill(localDay(7, '18:00'));
    await teacher.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await teacher.getByText('Brouillon enregistré.').waitFor();
    quizId = Number(new URL(teacher.url()).pathname.split('/').pop());
    assert.ok(quizId > 0);
    await teacher.getByText('Brouillon', { exact: true }).waitFor();
    await check(teacher, 'teacher-quiz-draft');

    // The draft opens in the editor as saved, and changes.
    await teacher.getByRole('link', { name: 'Modifier' }).click();
    await teacher.locator('#page-title').filter({ hasText: 'Modifier le quiz' }).waitFor();
    await teacher.getByLabel('Titre').waitFor();
    assert.equal(await teacher.getByLabel('Tolérance (question 3)').inputValue(), '0,01');
    assert.ok(await teacher.getByLabel('Bonne réponse (question 2, choix 2)').isChecked());
    assert.equal(await teacher.getByLabel('Réponses acceptées (question 4)').inputValue(), 'dénominateur\nle dénominateur');
    await teacher.getByLabel('Titre').fill(TITLE);
    await teacher.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await teacher.getByText('Quiz modifié.').waitFor();
    await teacher.locator('#page-title').filter({ hasText: TITLE }).waitFor();

    await teacher.getByRole('button', { name: 'Publier le quiz' }).click();
    await teacher.getByText('Quiz publié : les élèves et leurs parents sont prévenus.').waitFor();
    await teacher.getByText('Publié — ouvert').waitFor();
    assertNoProblems(teacher);
  });

  test('a student of the class answers it, partly with the keyboard, and reads the scored feedback', async () => {
    assert.ok(quizId, 'the quiz was published');
    const student = await newPage(browser, PHONE);
    await signIn(student, school.url, school.logins.student.login, PASSWORD);
    await open(student, '/quiz', 'Quiz');
    const item = student.getByTestId('family-quiz').filter({ hasText: TITLE });
    assert.match(await item.innerText(), /2 tentatives restantes sur 2/);
    await check(student, 'student-quizzes');
    await item.getByRole('link').click();
    await student.getByRole('heading', { name: 'Mes réponses' }).waitFor();
    await check(student, 'student-quiz-answer');

    // The radio buttons of question 1 with the arrow keys, as a keyboard user.
    await student.getByLabel('2/6', { exact: true }).focus();
    await student.keyboard.press('ArrowDown');
    assert.ok(await student.getByLabel('3/4', { exact: true }).isChecked());
    await student.getByLabel('2/4', { exact: true }).check(); // 1 of the 2 right choices
    await student.getByLabel('Votre nombre').fill('0,76');
    await student.getByLabel('Votre réponse').fill(' Dénominateur ');
    await student.getByRole('button', { name: 'Envoyer mes réponses' }).click();

    await student.getByText('Réponses envoyées : 4/5.').waitFor();
    const feedback = student.getByTestId('quiz-feedback');
    assert.match(await feedback.getByRole('heading').innerText(), /Votre note : 4\/5\s+\(soit 16\/20\)/);
    const results = await feedback.locator('.quiz-key > li .status').allInnerTexts();
    assert.deepEqual(results, ['Juste', 'En partie juste', 'Juste', 'Juste']);
    assert.match(await feedback.innerText(), /Réponse attendue : 2\/4 ; 3\/6/);
    const progress = await student.getByTestId('quiz-progress').innerText();
    assert.match(progress, /Tentatives restantes\s+1 sur 2/);
    assert.match(progress, /Meilleure note\s+4\/5/);
    assert.match(progress, /Dernière note\s+4\/5/);
    await student.getByRole('button', { name: /Nouvelle tentative/ }).waitFor();
    await check(student, 'student-quiz-feedback');
    await student.context().close();
  });

  test('a student of another class does not see it', async () => {
    assert.ok(quizId, 'the quiz was published');
    const outsider = await newPage(browser, PHONE);
    await signIn(outsider, school.url, people.outsider, PASSWORD);
    await open(outsider, '/quiz', 'Quiz');
    assert.equal(await outsider.getByText(TITLE).count(), 0);
    await outsider.goto(`${school.url}/quiz/${quizId}`);
    await outsider.locator('.banner-error').waitFor();
    assert.equal(await outsider.getByText(TITLE).count(), 0);
    assertNoProblems(outsider);
    await outsider.context().close();
    const api = await apiSession(school.url, people.outsider, PASSWORD);
    await assert.rejects(api.get(`/api/v1/quizzes/${quizId}`), /404/);
  });

  test("the parent reads the child's score", async () => {
    assert.ok(quizId, 'the quiz was published');
    const parent = await newPage(browser, PHONE);
    await signIn(parent, school.url, school.logins.parent.login, PASSWORD);
    await open(parent, `/quiz/${quizId}`, TITLE);
    const progress = await parent.getByTestId('quiz-progress').innerText();
    assert.match(progress, /Meilleure note\s+4\/5/);
    const attempt = await parent.getByTestId('quiz-feedback').innerText();
    assert.match(attempt, /Tentative 1 : 4\/5/);
    // The answers as stored, read back: a choice, the ticked choices, a number, a text.
    assert.match(attempt, /Votre réponse : 3\/4\n/);
    assert.match(attempt, /Votre réponse : 2\/4\n/);
    assert.match(attempt, /Votre réponse : 0,76\n/);
    assert.match(attempt, /Votre réponse :\s+Dénominateur/);
    await check(parent, 'parent-quiz');
    await parent.context().close();
  });

  test('the teacher reads the results per question and per student', async () => {
    assert.ok(quizId, 'the quiz was published');
    await open(teacher, '/quiz-donnes', 'Quiz donnés');
    assert.match(await teacher.getByTestId('teacher-quiz').filter({ hasText: TITLE }).innerText(), /1 élève a répondu/);
    await check(teacher, 'teacher-quizzes');
    await open(teacher, `/quiz-donnes/${quizId}`, TITLE);
    const rows = teacher.getByTestId('results-questions').locator('tbody tr');
    await rows.first().waitFor();
    const questions = await rows.allInnerTexts();
    assert.equal(questions.length, 4);
    assert.match(questions[0], /100 %\s*\(1\/1\)/);
    assert.match(questions[1], /0 %\s*\(0\/1\)/);
    assert.match(questions[1], /1\/2/); // mean points
    assert.match(questions[1], /« 2\/4 » \(1\)/); // the common wrong answer
    assert.match(questions[2], /100 %/);
    const student = teacher.getByTestId('results-students').locator('tbody tr').filter({ hasText: /1\/2/ });
    assert.equal(await student.count(), 1, 'one student has answered, once of two');
    assert.match(await student.innerText(), /4\/5\s+16\s+4\/5/);
    assert.match(await teacher.getByText(/Calcul\s*:/).innerText(), /100 %/);
    await check(teacher, 'teacher-quiz-results');
    // Frozen once answered: neither changed nor deleted.
    assert.equal(await teacher.getByRole('link', { name: 'Modifier' }).count(), 0);
    assert.equal(await teacher.getByRole('button', { name: 'Supprimer' }).count(), 0);
  });

  test('once closed, the best scores go to the gradebook once', async () => {
    assert.ok(quizId, 'the quiz was published');
    execFileSync('sqlite3', [
      school.database,
      `UPDATE quizzes SET closes_at = CAST(strftime('%s', 'now') AS INTEGER) - 60 WHERE id = ${quizId}`,
    ]);
    await open(teacher, `/quiz-donnes/${quizId}`, TITLE);
    await teacher.getByLabel('Coefficient').fill('0,5');
    await teacher.getByRole('button', { name: 'Verser au carnet de notes' }).click();
    await teacher.getByText('Notes versées au carnet de notes.').waitFor();
    const link = teacher.getByRole('link', { name: "voir l'évaluation" });
    await link.waitFor(); // the page re-renders with the link once the feed is stored
    assert.equal(await teacher.getByRole('button', { name: 'Verser au carnet de notes' }).count(), 0);
    const evaluation = (await link.getAttribute('href')).split('/').pop();
    const api = await apiSession(school.url, school.logins.teacher.login, PASSWORD);
    const grid = JSON.stringify(await api.get(`/api/v1/evaluations/${evaluation}`));
    assert.match(grid, /"value":16\b/);
    await check(teacher, 'teacher-quiz-gradebook');
  });
});
