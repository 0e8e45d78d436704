// Differentiated pathways and methodological guides: the sample teacher
// groups the sample student's class by need from the suggestion, keeps the
// groups and gives homework to the student's group only; the teacher places a
// document of the class's space among the guides (an empty topic is refused at
// its field); the student finds the homework and browses the guides; the
// teacher takes the guide out after confirming. Each page is checked with
// axe-core and photographed at phone and desktop sizes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession } from '../lib/api.js';
import { PASSWORD, startSchool } from '../lib/appliance.js';
import {
  assertAccessible,
  assertNoProblems,
  launchBrowser,
  newPage,
  openPage,
  PHONE,
  screenshots,
  signIn,
} from '../lib/browser.js';

let school;
let browser;
const people = {};
const WORK = 'Fiche de consolidation : exercices 1 à 4 (groupe de besoin)';
const TOPIC = 'Apprendre une leçon';

// Uploads a small text file to a folder with the teacher's bearer token (the
// API client of lib/api.js sends JSON only).
async function uploadTo(folderId, name, text) {
  const session = await fetch(`${school.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: school.logins.teacher.login, password: PASSWORD, client: 'mobile' }),
  }).then((answer) => answer.json());
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/plain' }), name);
  const answer = await fetch(`${school.url}/api/v1/documents/folders/${folderId}/files`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.token}` },
    body: form,
  });
  const body = await answer.json();
  assert.equal(answer.status, 201, JSON.stringify(body));
  return body.documents[0];
}

before(async () => {
  school = await startSchool();
  browser = await launchBrowser();
  people.student = await apiSession(school.url, school.logins.student.login, PASSWORD);
  people.teacher = await apiSession(school.url, school.logins.teacher.login, PASSWORD);
  people.studentName = school.logins.student.description.split(',')[0];
  const dashboard = await people.student.get('/api/v1/me/dashboard');
  people.classId = dashboard.student.class.id;
});

after(async () => {
  await browser?.close();
  await school?.stop();
});

describe('pathways and guides', () => {
  test("the teacher keeps need groups and gives work to the student's group only", async () => {
    const page = await newPage(browser);
    await signIn(page, school.url, school.logins.teacher.login, PASSWORD);
    await openPage(page, school.url, '/parcours', 'Parcours différenciés');
    const pair = page.locator(`#pathway-pair option[value$=":${people.classId}:"]`).first();
    await pair.waitFor({ state: 'attached' });
    await page.getByLabel('Classe et matière').selectOption(await pair.getAttribute('value'));
    await page.getByRole('button', { name: "Proposer des groupes d'après les notes et les quiz" }).click();
    await page.getByRole('button', { name: 'Enregistrer ces groupes' }).click();
    const kept = page.getByRole('region', { name: 'Groupes enregistrés' });
    const mine = kept.locator('section.card').filter({ hasText: people.studentName });
    await mine.waitFor();
    const label = (await mine.locator('h3').innerText()).replace(/ \(\d+\)$/, '');
    await mine.getByLabel(`Devoir pour le groupe ${label}`).fill(WORK);
    await mine.getByRole('button', { name: 'Donner ce devoir au groupe' }).click();
    await mine.getByText(`Devoir donné au groupe ${label}.`).waitFor();
    await assertAccessible(page, 'pathways (teacher)');
    await screenshots(page, 'teacher-pathways');
    assertNoProblems(page);
    await page.context().close();

    const groupings = await people.teacher.get(`/api/v1/pathways?class_id=${people.classId}`);
    const group = groupings.items[0].groups.find((g) => g.label === label);
    assert.ok(group.members.some((m) => m.name === people.studentName));
    const list = await people.student.get('/api/v1/homework');
    assert.ok(JSON.stringify(list).includes(WORK), "the group's work is in the student's list");
  });

  test('the teacher adds a guide; the student browses the guides', async () => {
    const space = await people.teacher.get(`/api/v1/classes/${people.classId}/documents`);
    const document = await uploadTo(space.id, 'apprendre-une-lecon.txt', 'Relire, cacher, réciter, vérifier.');
    people.guide = document;

    const page = await newPage(browser, PHONE);
    await signIn(page, school.url, school.logins.teacher.login, PASSWORD);
    await openPage(page, school.url, '/fiches-methode', 'Fiches méthode');
    const form = page.getByRole('region', { name: 'Ajouter une fiche méthode' });
    await form.getByLabel('Classe').selectOption(String(people.classId));
    await form.locator(`#guide-document option[value="${document.id}"]`).waitFor({ state: 'attached' });
    await form.getByLabel('Document').selectOption(String(document.id));
    await form.getByRole('button', { name: 'Ajouter la fiche' }).click();
    await form.locator('.field-error').waitFor();
    await assertAccessible(page, 'guide form with an error');
    await form.getByLabel('Thème').fill(TOPIC);
    await form.getByRole('button', { name: 'Ajouter la fiche' }).click();
    await form.getByText('ajouté aux fiches méthode').waitFor();
    await page.getByRole('link', { name: document.name }).waitFor();
    await screenshots(page, 'teacher-guides');
    assertNoProblems(page);
    await page.context().close();

    const student = await newPage(browser, PHONE);
    await signIn(student, school.url, school.logins.student.login, PASSWORD);
    await openPage(student, school.url, '/fiches-methode', 'Fiches méthode');
    await student.getByText(TOPIC).waitFor();
    await student.getByRole('link', { name: document.name }).waitFor();
    assert.equal(await student.getByRole('region', { name: 'Ajouter une fiche méthode' }).count(), 0);
    await assertAccessible(student, 'guides (student)');
    await screenshots(student, 'student-guides');
    assertNoProblems(student);
    await student.context().close();
  });

  test('the teacher takes the guide out after confirming; the student no longer sees it', async () => {
    const page = await newPage(browser);
    await signIn(page, school.url, school.logins.teacher.login, PASSWORD);
    await openPage(page, school.url, '/fiches-methode', 'Fiches méthode');
    const item = page.getByRole('listitem').filter({ hasText: TOPIC });
    await item.getByRole('button', { name: `Retirer la fiche « ${TOPIC} »` }).click();
    const confirmation = item.getByRole('group', { name: `Retirer la fiche « ${TOPIC} »` });
    await confirmation.getByText("Le document reste dans l'espace documentaire.").waitFor();
    await assertAccessible(page, 'guide removal confirmation');
    await screenshots(page, 'teacher-guide-removal');
    // Kept: nothing sent, the guide is still listed.
    await confirmation.getByRole('button', { name: 'Garder' }).click();
    await item.getByRole('button', { name: `Retirer la fiche « ${TOPIC} »` }).click();
    await item.getByRole('button', { name: 'Confirmer le retrait' }).click();
    await page.getByRole('status').filter({ hasText: `« ${TOPIC} » retiré des fiches méthode.` }).waitFor();
    await page.getByText('Aucune fiche méthode pour le moment.').waitFor();
    assertNoProblems(page);
    await page.context().close();

    const guides = await people.student.get('/api/v1/guides');
    assert.deepEqual(guides.items, []);
    // The document itself stays in the class's space.
    const space = await people.student.get(`/api/v1/classes/${people.classId}/documents`);
    assert.ok(space.documents.some((d) => d.id === people.guide.id), 'the document is still in the space');
  });
});
