// The teacher's, staff's and admin's screens and the ones everyone shares
// (messaging, announcements, documents, help desk), through the flows that
// cross roles: homework set → handed in → seen by the parent; roll call →
// justified by the parent → accepted by staff; grades published → seen by
// the student; a parent ↔ teacher exchange; an account created by the admin.
// Script payloads in a message and a homework never run. Every page is
// checked with axe-core and photographed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { apiSession, enrollTotp } from '../lib/api.js';
import { PASSWORD, startSchool } from '../lib/appliance.js';
import {
  assertAccessible,
  assertNoProblems,
  launchBrowser,
  newPage,
  PHONE,
  screenshots,
  signIn,
} from '../lib/browser.js';

const PAYLOAD =
  'Bonjour <script>window.__pwned = "script"</script>' +
  '<img src="x" onerror="window.__pwned = \'img\'; alert(1)"> à bientôt.';

let school;
let browser;
const people = {};

function mondayOf(date) {
  const copy = new Date(date);
  copy.setUTCDate(copy.getUTCDate() - ((copy.getUTCDay() + 6) % 7));
  return copy.toISOString().slice(0, 10);
}

// openPage, for pages that load several blocks at once: waits until none
// of them still reads "Chargement…".
async function open(page, path, title) {
  await page.goto(`${school.url}${path}`);
  await page.locator('#page-title').filter({ hasText: title }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0);
}

async function checkPage(page, path, title, name) {
  await open(page, path, title);
  await assertAccessible(page, name);
  await screenshots(page, name);
  assertNoProblems(page);
}

async function assertPayloadInert(page) {
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator('main img[src="x"]').count(), 0);
}

before(async () => {
  school = await startSchool();
  browser = await launchBrowser();
  people.teacher = await apiSession(school.url, school.logins.teacher.login, PASSWORD);
  people.student = await apiSession(school.url, school.logins.student.login, PASSWORD);
  people.teacherMe = await people.teacher.get('/api/v1/me');
  people.studentMe = await people.student.get('/api/v1/me');
  people.classId = (await people.student.get('/api/v1/me/dashboard')).student.class.id;
  people.classLabel = (await people.student.get('/api/v1/me/dashboard')).student.class.label;
  people.staffSecret = await enrollTotp(school.url, school.logins.staff.login, PASSWORD);
});

after(async () => {
  await browser?.close();
  await school?.stop();
});

describe('teacher', () => {
  let page;
  let homeworkId;
  before(async () => {
    page = await newPage(browser, PHONE);
    await signIn(page, school.url, school.logins.teacher.login, PASSWORD);
  });
  after(async () => page?.context().close());

  test('the teacher sets homework with the editor; its text is shown, never run', async () => {
    await checkPage(page, '/devoirs-donnes/nouveau', 'Donner un devoir', 'teacher-homework-editor');
    const select = page.getByLabel('Classe ou groupe, matière');
    const option = await select
      .locator('option')
      .filter({ hasText: people.classLabel })
      .first()
      .getAttribute('value');
    assert.ok(option, 'the teacher teaches the sample class');
    await select.selectOption(option);
    const due = new Date(Date.now() + 6 * 86400 * 1000).toISOString().slice(0, 10);
    await page.getByLabel('Pour le').fill(due);
    await page.getByLabel('Consignes').fill(`Exercices 1 à 4. ${PAYLOAD}`);
    await page.getByLabel('Les élèves rendent leur travail en ligne').check();
    await page.getByLabel('Pièces jointes').setInputFiles({
      name: 'exercices.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Exercice 1 : …\n'),
    });
    await page.getByRole('button', { name: 'Publier le devoir' }).click();
    await page.getByText('Devoir publié.').waitFor();
    homeworkId = Number(new URL(page.url()).pathname.split('/').pop());
    assert.ok(homeworkId > 0);
    assert.equal(await page.getByTestId('homework-instructions').innerText(), `Exercices 1 à 4. ${PAYLOAD}`);
    assert.ok(await page.getByRole('link', { name: 'exercices.txt' }).isVisible());
    await assertPayloadInert(page);
    await assertAccessible(page, 'teacher homework detail');
    await screenshots(page, 'teacher-homework-detail');
    assertNoProblems(page);
  });

  test('the student sees it and hands in; the parent sees it handed in; the teacher returns feedback', async () => {
    const student = await newPage(browser, PHONE);
    await signIn(student, school.url, school.logins.student.login, PASSWORD);
    await open(student, `/devoirs/${homeworkId}`, 'pour le');
    assert.match(await student.getByTestId('homework-instructions').innerText(), /Exercices 1 à 4/);
    await assertPayloadInert(student);
    await student.getByLabel('Message ou réponse').fill('Mes réponses.');
    await student.getByRole('button', { name: 'Envoyer' }).click();
    await student.getByText('Travail rendu.').waitFor();
    assertNoProblems(student);
    await student.context().close();

    const parent = await newPage(browser, PHONE);
    await signIn(parent, school.url, school.logins.parent.login, PASSWORD);
    await open(parent, `/devoirs/${homeworkId}`, 'pour le');
    await parent.getByText('Rendu', { exact: true }).first().waitFor();
    await assertPayloadInert(parent);
    assertNoProblems(parent);
    await parent.context().close();

    await open(page, `/devoirs-donnes/${homeworkId}`, 'pour le');
    await page.getByText('Mes réponses.').waitFor();
    await page.getByRole('button', { name: /^Corriger/ }).first().click();
    await page.getByLabel(/^Retour à/).fill('Bon travail.');
    await page.getByLabel('Note (facultatif)').fill('16,5');
    await page.getByRole('button', { name: 'Rendre la correction' }).click();
    await page.getByRole('heading', { name: /Votre retour — 16,5\/20/ }).waitFor();
    await assertAccessible(page, 'hand-ins to review');
    await screenshots(page, 'teacher-hand-ins');
    assertNoProblems(page);
  });

  test('roll call in three taps; the parent justifies; staff accept', async () => {
    const today = new Date().toISOString().slice(0, 10);
    let lesson;
    for (const weeksAgo of [0, 1, 2, 3]) {
      const monday = mondayOf(new Date(Date.now() - weeksAgo * 7 * 86400 * 1000));
      const week = await people.student.get(`/api/v1/timetable/week?monday=${monday}`);
      const past = week.items.filter(
        (l) => l.teacher_ids.includes(people.teacher.userId) && l.date < today && !l.cancelled,
      );
      for (const candidate of past.reverse()) {
        const roll = await people.teacher.get(
          `/api/v1/timetable/lessons/${candidate.lesson_id}/roll-calls/${candidate.date}`,
        );
        if (roll.students.find((s) => s.student_id === people.student.userId)?.status === 'present') {
          lesson = { ...candidate, name: roll.students.find((s) => s.student_id === people.student.userId).name };
          break;
        }
      }
      if (lesson) break;
    }
    assert.ok(lesson, 'a past lesson of the sample teacher where the sample student was present');

    // Tap 1: the day's page (the lesson is chosen); tap 2: absent; tap 3: send.
    await checkPage(page, `/appel?date=${lesson.date}&cours=${lesson.lesson_id}`, 'Appel', 'teacher-roll-call');
    await page.getByRole('button', { name: `Absent : ${lesson.name}` }).click();
    assert.equal(await page.getByRole('button', { name: `Absent : ${lesson.name}` }).getAttribute('aria-pressed'), 'true');
    await page.getByRole('button', { name: /Valider l'appel/ }).click();
    await page.getByText(/Appel enregistré : \d+ absents?/).waitFor();
    assertNoProblems(page);

    const parent = await newPage(browser, PHONE);
    await signIn(parent, school.url, school.logins.parent.login, PASSWORD);
    await open(parent, '/absences', 'Absences');
    const row = parent.getByRole('row').filter({ hasText: lesson.starts_at }).filter({ hasText: 'Non justifiée' });
    await row.getByRole('button', { name: /Justifier/ }).first().click();
    await parent.getByLabel('Du').fill(lesson.date);
    await parent.getByLabel('Au').fill(lesson.date);
    await parent.getByLabel('Message à la vie scolaire').fill('Rendez-vous chez le dentiste.');
    await parent.getByRole('button', { name: 'Envoyer la justification' }).click();
    await parent.getByText('Justification envoyée à la vie scolaire.').waitFor();

    const staff = await newPage(browser);
    await signIn(staff, school.url, school.logins.staff.login, PASSWORD, { totpSecret: people.staffSecret });
    await checkPage(staff, '/vie-scolaire', 'Vie scolaire', 'staff-school-life');
    const item = staff.locator('.justification').filter({ hasText: 'Rendez-vous chez le dentiste.' });
    await item.getByRole('button', { name: /^Accepter/ }).click();
    await staff.getByText(/Justification de .* acceptée/).waitFor();
    await checkPage(staff, `/vie-scolaire/eleves/${people.student.userId}`, 'Absences de', 'staff-student');
    assertNoProblems(staff);
    await staff.context().close();

    await open(parent, '/absences', 'Absences');
    await parent.getByRole('row').filter({ hasText: lesson.starts_at }).filter({ hasText: 'Justifiée' }).first().waitFor();
    assertNoProblems(parent);
    await parent.context().close();
  });

  test('grades entered with the keyboard, published, then the student sees them and the averages', async () => {
    await checkPage(page, '/evaluations', 'Évaluations', 'teacher-evaluations');
    await page.getByRole('button', { name: 'Nouvelle évaluation' }).click();
    const select = page.getByLabel('Classe ou groupe, matière');
    const option = await select.locator('option').filter({ hasText: people.classLabel }).first().getAttribute('value');
    await select.selectOption(option);
    await page.getByLabel('Titre').fill('Contrôle de fin de chapitre');
    await page.getByRole('button', { name: 'Créer et saisir les notes' }).click();
    await page.locator('#page-title').filter({ hasText: 'Contrôle de fin de chapitre' }).waitFor();
    await page.getByText('Non publiée').waitFor();

    // Keyboard: Enter goes down a row, the right arrow to the comment.
    const first = page.locator('input[data-row="0"][data-col="0"]');
    await first.click();
    await page.keyboard.type('14');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.row), '1');
    await page.keyboard.type('abs');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.type('25');
    await page.getByText('La note dépasse le maximum').waitFor();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('9,5');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.col), '1');
    await page.keyboard.type('Des progrès');
    const mine = page.getByLabel(`Note de ${people.studentMe.family_name}`, { exact: false });
    const cell = (await mine.count()) ? mine.first() : page.getByLabel(new RegExp(`Note de .*${people.studentMe.given_name}`)).first();
    await cell.fill('17');
    await assertAccessible(page, 'grade grid');
    await screenshots(page, 'teacher-grade-grid');
    await page.getByRole('button', { name: /Enregistrer les notes/ }).click();
    await page.getByText(/notes? enregistrées?\./).waitFor();
    await page.getByRole('button', { name: 'Publier les notes' }).click();
    await page.getByText('Notes publiées').waitFor();
    assertNoProblems(page);

    const student = await newPage(browser);
    await signIn(student, school.url, school.logins.student.login, PASSWORD);
    await open(student, '/notes', 'Notes');
    await student.getByText('Contrôle de fin de chapitre').first().waitFor();
    assert.match(await student.getByTestId('general-average').innerText(), /^\d+(,\d+)?$/);
    assertNoProblems(student);
    await student.context().close();
  });

  test('the cahier de textes of a lesson is written and kept', async () => {
    await checkPage(page, '/cahier-de-textes', 'Cahier de textes', 'teacher-lesson-record-week');
    const week = await people.teacher.get(`/api/v1/timetable/week?monday=${mondayOf(new Date(Date.now() - 7 * 86400 * 1000))}`);
    const lesson = week.items.find((l) => !l.cancelled);
    assert.ok(lesson, 'the teacher had lessons last week');
    await checkPage(page, `/cahier-de-textes/${lesson.lesson_id}/${lesson.date}`, '—', 'teacher-lesson-record');
    await page.getByLabel('Contenu de la séance').fill('Chapitre 3 : les fractions.');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('Cahier de textes enregistré.').waitFor();
    assertNoProblems(page);
  });

  test('the teacher publishes an announcement to a class and a document in its space', async () => {
    await open(page, '/actualites/nouvelle', 'Publier une actualité');
    await page.getByLabel('Titre').fill('Sortie au musée <i>jeudi</i>');
    await page.getByLabel('Texte').fill(`Prévoir un pique-nique. ${PAYLOAD}`);
    await page.getByLabel('Classe', { exact: true }).selectOption({ label: people.classLabel });
    await page.getByRole('button', { name: 'Publier', exact: true }).click();
    await page.locator('#page-title').filter({ hasText: 'Sortie au musée <i>jeudi</i>' }).waitFor();
    assert.equal(await page.getByTestId('announcement-body').innerText(), `Prévoir un pique-nique. ${PAYLOAD}`);
    await assertPayloadInert(page);
    await assertAccessible(page, 'announcement');
    await screenshots(page, 'teacher-announcement');

    await checkPage(page, `/documents/classes/${people.classId}`, 'Documents de la classe', 'teacher-class-documents');
    await page.getByLabel('Déposer des fichiers').setInputFiles({
      name: 'programme.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Programme du trimestre.\n'),
    });
    await page.getByRole('button', { name: 'Déposer', exact: true }).click();
    await page.getByRole('link', { name: 'programme.txt' }).waitFor();
    assertNoProblems(page);
  });

  for (const [path, title, name] of [
    ['/devoirs-donnes', 'Devoirs donnés', 'teacher-homework-list'],
    ['/actualites/nouvelle', 'Publier une actualité', 'teacher-announcement-editor'],
    ['/documents', 'Mes documents', 'teacher-documents'],
  ]) {
    test(`${path} is accessible`, async () => checkPage(page, path, title, name));
  }
});

describe('messaging between a parent and a teacher', () => {
  test('the parent writes (payload included), the teacher reads it as text and answers', async () => {
    const parent = await newPage(browser, PHONE);
    await signIn(parent, school.url, school.logins.parent.login, PASSWORD);
    await checkPage(parent, '/messages/nouveau', 'Nouveau message', 'parent-message-editor');
    await parent.getByLabel('Chercher une personne').fill(people.teacherMe.family_name.slice(0, 4));
    await parent.getByRole('button', { name: `Ajouter ${people.teacherMe.given_name} ${people.teacherMe.family_name}` }).click();
    await parent.getByLabel('Objet').fill('Question sur les devoirs');
    await parent.getByLabel('Message', { exact: true }).fill(PAYLOAD);
    await parent.getByRole('button', { name: 'Envoyer' }).click();
    await parent.getByText('Message envoyé.').waitFor();
    await assertPayloadInert(parent);

    const teacher = await newPage(browser);
    await signIn(teacher, school.url, school.logins.teacher.login, PASSWORD);
    await checkPage(teacher, '/messages', 'Messagerie', 'teacher-messages');
    await teacher.getByRole('link', { name: 'Question sur les devoirs' }).first().click();
    await teacher.locator('#page-title').filter({ hasText: 'Question sur les devoirs' }).waitFor();
    assert.equal(await teacher.locator('.message-text').first().innerText(), PAYLOAD);
    await assertPayloadInert(teacher);
    await teacher.getByLabel('Votre réponse').fill('Bien reçu, je regarde cela.');
    await teacher.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await teacher.getByText('Réponse envoyée.').waitFor();
    await assertAccessible(teacher, 'conversation');
    await screenshots(teacher, 'teacher-conversation');
    assertNoProblems(teacher);
    await teacher.context().close();

    await checkPage(parent, '/messages', 'Messagerie', 'parent-messages');
    await parent.getByRole('link', { name: 'Question sur les devoirs' }).first().click();
    await parent.getByText('Bien reçu, je regarde cela.').waitFor();
    await assertPayloadInert(parent);
    assertNoProblems(parent);
    await parent.context().close();
  });
});

describe('admin', () => {
  let page;
  before(async () => {
    const first = await apiSession(school.url, school.admin.login, school.admin.password);
    await first.put('/api/v1/me/password', { current_password: school.admin.password, new_password: PASSWORD });
    const secret = await enrollTotp(school.url, school.admin.login, PASSWORD);
    page = await newPage(browser);
    await signIn(page, school.url, school.admin.login, PASSWORD, { totpSecret: secret });
  });
  after(async () => page?.context().close());

  test('the admin creates an account and sees its one-time password once', async () => {
    await checkPage(page, '/admin/comptes', 'Comptes', 'admin-users');
    await page.getByRole('button', { name: 'Créer un compte' }).click();
    await page.getByLabel('Prénom').fill('Camille');
    await page.getByLabel('Nom', { exact: true }).fill('Ternier');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    const login = await page.getByTestId('new-login').innerText();
    assert.match(login, /^[a-z][a-z0-9._-]+$/);
    assert.ok((await page.getByTestId('new-password').innerText()).length >= 8);
    await assertAccessible(page, 'account created');
    await page.getByLabel('Nom ou identifiant').fill('Ternier');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.getByRole('link', { name: 'Ternier Camille' }).click();
    await page.locator('#page-title').filter({ hasText: 'Camille Ternier' }).waitFor();
    await assertAccessible(page, 'account');
    await screenshots(page, 'admin-user');
    await page.getByRole('button', { name: 'Désactiver le compte' }).click();
    await page.getByText('Compte désactivé').waitFor();
    assertNoProblems(page);
  });

  test('the federation section reads the link status, or says it is not configured', async () => {
    await checkPage(page, '/admin/federation', 'hub académique', 'admin-federation');
    const state = await page.getByTestId('federation-state').innerText();
    assert.ok(['Non configuré', 'Connecté', 'Déconnecté', 'Non inscrit'].includes(state), state);
  });

  test('an account whose login is taken in the region is attached from the federation page', async () => {
    // The hub's answer, as the school records it, for the first teacher.
    const teacher = execFileSync('sqlite3', [school.database,
      "SELECT u.id || '|' || u.login FROM users u JOIN user_roles r ON r.user_id = u.id " +
      "WHERE r.role = 'teacher' ORDER BY u.id LIMIT 1"], { encoding: 'utf8' }).trim().split('|');
    execFileSync('sqlite3', [school.database,
      "UPDATE regional_accounts SET state = 'collision', message = 'Le login « " + teacher[1] +
      " » est déjà celui d''une autre personne dans la région. / taken' WHERE user_id = " + teacher[0]]);
    await checkPage(page, '/admin/federation', 'hub académique', 'admin-federation-accounts');
    const row = page.getByTestId('regional-account');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /Identifiant déjà pris/);
    assert.match(await row.innerText(), /est déjà celui d'une autre personne dans la région\./);
    assert.doesNotMatch(await row.innerText(), /taken/);
    await row.getByLabel(/Identifiant de .* dans l'autre établissement/).fill('m.durand');
    await row.getByRole('button', { name: 'Rattacher' }).click();
    await page.getByText('Aucun compte à traiter.').waitFor();
    const asked = execFileSync('sqlite3', [school.database,
      'SELECT state || \'|\' || attach_login FROM regional_accounts WHERE user_id = ' + teacher[0]],
    { encoding: 'utf8' }).trim();
    assert.equal(asked, 'pending|m.durand');

    // A transfer to a school the hub never published is refused next to its field.
    await page.getByLabel("Identifiant de l'élève").fill(school.logins.student.login);
    await page.getByLabel('UAI du nouvel établissement').fill('0750654D');
    await page.getByRole('button', { name: "Transférer l'élève" }).click();
    await page.getByText("aucun établissement 0750654D inscrit n'est connu du hub").waitFor();
    await page.getByText('Aucun départ ni arrivée.').waitFor();
    await assertAccessible(page, 'federation accounts and transfers');
    assertNoProblems(page);
  });

  for (const [path, title, name] of [
    ['/admin/imports', 'Imports', 'admin-imports'],
    ['/admin/parametres', 'Paramètres', 'admin-settings'],
    ['/actualites', 'Actualités', 'admin-announcements'],
    ['/assistance', 'Assistance', 'admin-helpdesk'],
  ]) {
    test(`${path} is accessible`, async () => checkPage(page, path, title, name));
  }

  test('an import with a problem shows the report and applies nothing', async () => {
    await open(page, '/admin/imports', 'Imports');
    await page.getByLabel('Type de fichier').selectOption('csv-personnels');
    await page.getByLabel('Fichier (XML, CSV ou ZIP)').setInputFiles({
      name: 'personnels.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('pas;un;fichier\nattendu\n'),
    });
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    await page.getByRole('heading', { name: /Fichier refusé|Aperçu/ }).waitFor();
    await assertAccessible(page, 'import report');
    await screenshots(page, 'admin-import-report');
    assertNoProblems(page);
  });
});

describe('everyone', () => {
  test('a student uses the help desk, announcements and documents', async () => {
    const page = await newPage(browser, PHONE);
    await signIn(page, school.url, school.logins.student.login, PASSWORD);
    await checkPage(page, '/assistance', 'Assistance', 'student-helpdesk');
    await page.getByRole('button', { name: 'Nouvelle demande' }).click();
    await page.getByLabel('Objet').fill('Mot de passe oublié <b>?</b>');
    await page.getByLabel('Décrivez le problème').fill('Je ne peux plus me connecter sur la tablette.');
    await page.getByRole('button', { name: 'Envoyer la demande' }).click();
    await page.getByText('Demande envoyée aux administrateurs.').waitFor();
    await page.locator('#page-title').filter({ hasText: 'Mot de passe oublié <b>?</b>' }).waitFor();
    await assertAccessible(page, 'ticket');
    await screenshots(page, 'student-ticket');
    await checkPage(page, '/actualites', 'Actualités', 'student-announcements');
    await checkPage(page, '/documents', 'Mes documents', 'student-documents');
    await page.getByLabel('Déposer des fichiers').setInputFiles({
      name: 'notes.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Mes notes de cours.\n'),
    });
    await page.getByRole('button', { name: 'Déposer', exact: true }).click();
    await page.getByText('1 document(s) déposé(s).').waitFor();
    await page.getByRole('link', { name: 'notes.txt' }).click();
    await page.locator('#page-title').filter({ hasText: 'notes.txt' }).waitFor();
    await assertAccessible(page, 'document');
    await screenshots(page, 'student-document');
    assertNoProblems(page);
    await page.context().close();
  });
});
