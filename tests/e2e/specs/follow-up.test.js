// Follow-up plans and teachers' recommendations: the sample class's main
// teacher opens a plan for the sample student from the "Suivi" page, adds an
// action and a note and writes a recommendation; the student's parent then
// signs in and finds the plan with its goals on the "Suivi" page and the
// recommendation on the child's dashboard. Each page is checked with axe-core
// and photographed at phone and desktop sizes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiSession } from '../lib/api.js';
import { PASSWORD, startSchool } from '../lib/appliance.js';
import { assertAccessible, assertNoProblems, launchBrowser, newPage, openPage, PHONE, screenshots, signIn } from '../lib/browser.js';

let school;
let browser;
let student;

const TITLE = 'Reprendre confiance en mathématiques';
const GOALS = ['Rendre chaque devoir à temps', 'Atteindre 10/20 au prochain contrôle'];
const ADVICE = 'Refais les exercices 3 et 4 de la fiche avant jeudi.';

before(async () => {
  school = await startSchool();
  browser = await launchBrowser();
  const api = await apiSession(school.url, school.logins.student.login, PASSWORD);
  const dashboard = await api.get('/api/v1/me/dashboard');
  student = { id: api.userId, classId: dashboard.student.class.id };
});

after(async () => {
  await browser?.close();
  await school?.stop();
});

describe('follow-up', () => {
  test('a teacher opens a plan for a student and writes a recommendation', async () => {
    const page = await newPage(browser, PHONE);
    await signIn(page, school.url, school.logins.teacher.login, PASSWORD);
    await openPage(page, school.url, '/suivi', 'Suivi des élèves');
    const plan = page.getByRole('region', { name: "Ouvrir un plan d'accompagnement" });
    await plan.getByLabel('Classe').selectOption(String(student.classId));
    await plan.locator(`#plan-student option[value="${student.id}"]`).waitFor({ state: 'attached' });
    await plan.getByLabel('Élève').selectOption(String(student.id));
    await plan.getByLabel('Intitulé').fill(TITLE);
    await plan.getByLabel('Motif').fill('Devoirs non rendus et moyenne en baisse depuis la rentrée.');
    await plan.getByLabel('Objectifs').fill(GOALS.join('\n'));
    await plan.getByRole('button', { name: 'Ouvrir le plan' }).click();
    await page.locator('#page-title').filter({ hasText: TITLE }).waitFor();

    await page.getByLabel('Nouvelle action').fill('Tutorat le mardi à 12 h 30');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('cell', { name: 'Tutorat le mardi à 12 h 30', exact: true }).waitFor();
    await page.getByLabel('Nouvelle note').fill('Premier entretien : élève motivée.');
    await page.getByRole('button', { name: 'Ajouter la note' }).click();
    await page.getByText('Premier entretien : élève motivée.').waitFor();
    await assertAccessible(page, 'follow-up plan (teacher)');
    await screenshots(page, 'teacher-follow-up-plan');

    await openPage(page, school.url, '/suivi', 'Suivi des élèves');
    await page.getByRole('link', { name: TITLE }).waitFor();
    const advice = page.getByRole('region', { name: 'Écrire une recommandation à un élève' });
    await advice.getByLabel('Classe').selectOption(String(student.classId));
    await advice.locator(`#advice-student option[value="${student.id}"]`).waitFor({ state: 'attached' });
    await advice.getByLabel('Élève').selectOption(String(student.id));
    await advice.getByLabel('Recommandation').fill(ADVICE);
    await advice.getByRole('button', { name: 'Envoyer' }).click();
    await advice.getByText('Recommandation envoyée.').waitFor();
    await assertAccessible(page, 'follow-up (teacher)');
    await screenshots(page, 'teacher-follow-up');
    assertNoProblems(page);
    await page.context().close();
  });

  test("the parent sees the plan with its goals and the teacher's recommendation", async () => {
    const page = await newPage(browser, PHONE);
    await signIn(page, school.url, school.logins.parent.login, PASSWORD);
    await openPage(page, school.url, '/', 'Bonjour');
    const summary = page.getByRole('region', { name: 'Accompagnement et recommandations' });
    await summary.waitFor();
    await summary.getByRole('link', { name: TITLE }).waitFor();
    await summary.getByText(ADVICE).waitFor();
    await assertAccessible(page, 'parent dashboard with follow-up');
    await screenshots(page, 'parent-dashboard-follow-up');

    // The family's page loads the plans and the recommendations side by side.
    await page.goto(`${school.url}/suivi`);
    await page.locator('#page-title').filter({ hasText: 'Suivi des élèves' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0);
    for (const goal of GOALS) assert.ok(await page.getByText(goal).isVisible(), goal);
    await page.getByRole('link', { name: TITLE }).click();
    await page.locator('#page-title').filter({ hasText: TITLE }).waitFor();
    assert.ok(await page.getByRole('cell', { name: 'Tutorat le mardi à 12 h 30', exact: true }).isVisible());
    assert.equal(await page.getByRole('button', { name: 'Clore le plan' }).count(), 0);
    await assertAccessible(page, 'follow-up plan (parent)');
    await screenshots(page, 'parent-follow-up-plan');
    assertNoProblems(page);
    await page.context().close();
  });
});
