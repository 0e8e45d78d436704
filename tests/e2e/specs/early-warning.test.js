// Early warning from end to end: the sample student's attendance and homework
// slip over the last weeks (roll calls marking absences and lateness, work
// due and not handed in, all through the API), vie scolaire recomputes the
// alerts, the alert shows on the "Alertes" page with its reasons, the
// student's main teacher opens a follow-up plan from it, and the parent signs
// in and finds the plan. The admin's thresholds form shows the server's 422
// at its field. Each new page is checked with axe-core and photographed at
// phone and desktop sizes; on a phone the alerts are cards, never scrolled
// sideways.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { apiSession, enrollTotp } from '../lib/api.js';
import { freshCode } from '../lib/totp.js';
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

let school;
let browser;
const people = {};
const DAY = 86400 * 1000;
const PLAN_TITLE = 'Accompagnement après une alerte';
const GOAL = 'Être présent à chaque cours de la semaine';

// lib/api.js's client, for an account with two-factor sign-in: the code is
// sent with the password.
async function twoFactorSession(login, secret) {
  const answer = await fetch(`${school.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password: PASSWORD, totp_code: await freshCode(secret), client: 'mobile' }),
  });
  const body = await answer.json();
  assert.equal(answer.status, 201, body.detail);
  const call = async (method, path, payload) => {
    const response = await fetch(`${school.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${body.token}`,
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${data?.detail}`);
    return data;
  };
  return { get: (path) => call('GET', path), put: (path, payload) => call('PUT', path, payload) };
}

// Opens a page that loads several blocks at once (a class's alerts, the
// thresholds): waits for its title, then until none still reads "Chargement…".
async function openPage(page, url, path, title) {
  await page.goto(`${url}${path}`);
  await page.locator('#page-title').filter({ hasText: title }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0);
}

// On a phone, the alerts are cards (each row a block as wide as the screen at
// most): neither the page nor the table's box scrolls sideways.
async function assertCardsOnPhone(page, rows) {
  const overflow = await page.evaluate(() => {
    const whole = document.scrollingElement;
    const box = document.querySelector('main .table-scroll');
    return { page: whole.scrollWidth - whole.clientWidth, box: box.scrollWidth - box.clientWidth };
  });
  assert.deepEqual(overflow, { page: 0, box: 0 }, 'sideways scroll on a phone');
  const card = rows.first();
  assert.equal(await card.evaluate((row) => getComputedStyle(row).display), 'block');
  const { width } = await card.boundingBox();
  assert.ok(width <= PHONE.width, `a card ${width} px wide`);
}

const isoDay = (time) => new Date(time).toISOString().slice(0, 10);

function mondayOf(time) {
  const copy = new Date(time);
  copy.setUTCDate(copy.getUTCDate() - ((copy.getUTCDay() + 6) % 7));
  return copy.toISOString().slice(0, 10);
}

// The student's lessons of the detector's four-week window, before today.
async function lessonsOfWindow(student) {
  const today = isoDay(Date.now());
  const from = isoDay(Date.now() - 27 * DAY);
  const lessons = [];
  for (const weeksAgo of [0, 1, 2, 3, 4]) {
    const week = await student.get(`/api/v1/timetable/week?monday=${mondayOf(Date.now() - weeksAgo * 7 * DAY)}`);
    lessons.push(...week.items.filter((l) => l.date >= from && l.date < today && !l.cancelled));
  }
  return lessons;
}

// Takes the lesson's roll call again with `status` for the student, leaving
// the other students' marks as they were.
async function mark(staff, lesson, studentId, status) {
  const path = `/api/v1/timetable/lessons/${lesson.lesson_id}/roll-calls/${lesson.date}`;
  const roll = await staff.get(path);
  const entries = roll.students
    .filter((s) => s.student_id !== studentId && s.status !== 'present')
    .map((s) => ({ student_id: s.student_id, status: s.status, minutes_late: s.minutes_late }));
  entries.push({ student_id: studentId, status, ...(status === 'late' ? { minutes_late: 15 } : {}) });
  await staff.put(path, { entries });
}

// Ten half-days absent and six lessons late, spread over the window's weeks:
// both at their strong threshold, whatever is usual for the student.
async function slipAttendance(lessons) {
  const halfDays = new Map();
  for (const lesson of lessons) {
    const key = `${lesson.date} ${lesson.starts_at < '12:00' ? 'am' : 'pm'}`;
    if (!halfDays.has(key)) halfDays.set(key, lesson);
  }
  const firsts = [...halfDays.values()];
  assert.ok(firsts.length >= 16, `enough half-days with lessons in the window (${firsts.length})`);
  const absent = firsts.filter((_, i) => i % 2 === 0).slice(0, 10);
  const late = firsts.filter((_, i) => i % 2 === 1).slice(0, 6);
  for (const lesson of absent) await mark(people.staffApi, lesson, people.student.userId, 'absent');
  for (const lesson of late) await mark(people.staffApi, lesson, people.student.userId, 'late');
}

// Six pieces of work for the student alone, never handed in. The API
// refuses a due date in the past, so the work is set for today and then
// moved back in the database to 3 to 21 days ago, as if set then.
async function slipHomework(lessons) {
  const lesson = lessons.find((l) => l.teacher_ids.includes(people.teacher.userId));
  assert.ok(lesson, "one of the sample teacher's lessons with the student in the window");
  const ids = [];
  for (const n of [1, 2, 3, 4, 5, 6]) {
    const work = await people.teacher.post('/api/v1/homework', {
      subject_id: lesson.subject_id,
      class_id: people.classId,
      student_ids: [people.student.userId],
      due_on: isoDay(Date.now()),
      instructions: `Exercice de rattrapage ${n}`,
      hand_in_expected: true,
    });
    ids.push(work.id);
  }
  const moves = ids.map((id, i) => `UPDATE homework SET due_on = date('now', '-${3 + 3 * i} days') WHERE id = ${id};`);
  execFileSync('sqlite3', [school.database, moves.join(' ')]);
}

before(async () => {
  school = await startSchool();
  browser = await launchBrowser();
  people.student = await apiSession(school.url, school.logins.student.login, PASSWORD);
  people.teacher = await apiSession(school.url, school.logins.teacher.login, PASSWORD);
  people.parent = await apiSession(school.url, school.logins.parent.login, PASSWORD);
  people.staffSecret = await enrollTotp(school.url, school.logins.staff.login, PASSWORD);
  people.staffApi = await twoFactorSession(school.logins.staff.login, people.staffSecret);
  const dashboard = await people.student.get('/api/v1/me/dashboard');
  people.classId = dashboard.student.class.id;
  const lessons = await lessonsOfWindow(people.student);
  await slipAttendance(lessons);
  await slipHomework(lessons);
});

after(async () => {
  await browser?.close();
  await school?.stop();
});

describe('early warning', () => {
  test('vie scolaire recomputes; the alert shows with its reasons', async () => {
    const page = await newPage(browser);
    await signIn(page, school.url, school.logins.staff.login, PASSWORD, { totpSecret: people.staffSecret });
    await openPage(page, school.url, `/alertes?classe=${people.classId}`, 'Alertes et décrochage');
    await page.getByRole('button', { name: 'Recalculer maintenant' }).click();
    await page.getByRole('status').filter({ hasText: /Calcul du .* alertes? ouvertes?/ }).waitFor();
    const row = page.locator(`tr[data-student="${people.student.userId}"]`);
    await row.waitFor();
    await row.getByText('Alerte', { exact: false }).first().waitFor();
    const reasons = await row.locator('.reason-list').innerText();
    const absences = reasons.match(/demi-journées d'absence : (\d+) \(seuil 4, fort 8, seuil fort atteint ; habituellement \d+\)/);
    assert.ok(absences && Number(absences[1]) >= 10, reasons);
    assert.match(reasons, /retards : \d+ \(seuil 3, fort 6, seuil fort atteint/);
    assert.match(reasons, /travaux non rendus : \d+ \(seuil 4, fort 6, seuil fort atteint/);
    await assertAccessible(page, 'alerts (staff)');
    await screenshots(page, 'staff-alerts');
    assertNoProblems(page);
    await page.context().close();
  });

  test("the teacher reads the student's history and opens a plan from the alert", async () => {
    const page = await newPage(browser, PHONE);
    await signIn(page, school.url, school.logins.teacher.login, PASSWORD);
    // In the navigation (folded behind "Menu" on a phone).
    await page.locator('#main-nav-list a[href="/alertes"]').waitFor({ state: 'attached' });
    await openPage(page, school.url, `/alertes?classe=${people.classId}`, 'Alertes et décrochage');
    const row = page.locator(`tr[data-student="${people.student.userId}"]`);
    await row.waitFor();
    assert.equal(await page.getByRole('button', { name: 'Recalculer maintenant' }).count(), 0);
    await assertCardsOnPhone(page, page.locator('main tbody tr'));
    await assertAccessible(page, 'alerts (teacher)');
    await screenshots(page, 'teacher-alerts');

    await row.getByRole('link', { name: /^Historique/ }).click();
    await page.locator('#page-title').filter({ hasText: 'Historique des alertes' }).waitFor();
    await page.locator('.loading').waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: /Ouverte/ }).first().waitFor();
    await assertCardsOnPhone(page, page.locator('main tbody tr'));
    await assertAccessible(page, 'student alert history');
    await screenshots(page, 'teacher-alert-history');

    await page.getByRole('link', { name: "Ouvrir un plan d'accompagnement" }).click();
    await page.locator('#page-title').filter({ hasText: 'Suivi des élèves' }).waitFor();
    const plan = page.getByRole('region', { name: "Ouvrir un plan d'accompagnement" });
    assert.match(await plan.getByLabel('Motif').inputValue(), /^Alerte du .*\n- demi-journées d'absence : \d+/);
    assert.equal(await plan.getByLabel('Intitulé').inputValue(), PLAN_TITLE);
    await plan.getByLabel('Objectifs').fill(GOAL);
    await assertAccessible(page, 'plan form from an alert');
    await screenshots(page, 'teacher-plan-from-alert');
    await plan.getByRole('button', { name: 'Ouvrir le plan' }).click();
    await page.locator('#page-title').filter({ hasText: PLAN_TITLE }).waitFor();
    assertNoProblems(page);
    await page.context().close();
  });

  test('the parent sees the plan, never the alerts', async () => {
    const page = await newPage(browser, PHONE);
    await signIn(page, school.url, school.logins.parent.login, PASSWORD);
    await page.locator('#main-nav-list a[href="/suivi"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('#main-nav-list a[href="/alertes"]').count(), 0);
    await page.goto(`${school.url}/suivi`);
    await page.locator('#page-title').filter({ hasText: 'Suivi des élèves' }).waitFor();
    await page.getByRole('link', { name: PLAN_TITLE }).click();
    await page.locator('#page-title').filter({ hasText: PLAN_TITLE }).waitFor();
    await page.getByText(GOAL).first().waitFor();
    await page.getByText(/demi-journées d'absence/).first().waitFor();
    await assertAccessible(page, 'plan from an alert (parent)');
    await screenshots(page, 'parent-plan-from-alert');
    assertNoProblems(page);
    await page.context().close();
    await assert.rejects(people.parent.get(`/api/v1/early-warning/students/${people.student.userId}`), /40[34]/);
    await assert.rejects(people.student.get(`/api/v1/classes/${people.classId}/alerts`), /40[34]/);
  });

  test("the admin's thresholds form shows the server's refusal at the field", async () => {
    const first = await apiSession(school.url, school.admin.login, school.admin.password);
    await first.put('/api/v1/me/password', { current_password: school.admin.password, new_password: PASSWORD });
    const secret = await enrollTotp(school.url, school.admin.login, PASSWORD);
    const page = await newPage(browser);
    await signIn(page, school.url, school.admin.login, PASSWORD, { totpSecret: secret });
    await openPage(page, school.url, '/alertes', 'Alertes et décrochage');
    const form = page.getByRole('region', { name: "Seuils de l'établissement" });
    const absences = form.getByRole('group', { name: "demi-journées d'absence", exact: true });
    await absences.getByLabel('Seuil fort').fill('2');
    await form.getByRole('button', { name: 'Enregistrer les seuils' }).click();
    // The API names indicators.absence.half_days.strong: the error is shown there.
    const error = absences.locator('.field-error');
    await error.waitFor();
    assert.equal(await error.innerText(), 'Le seuil fort doit être au moins égal au seuil.');
    assert.equal(await absences.getByLabel('Seuil fort').getAttribute('aria-invalid'), 'true');
    assert.equal(await absences.getByLabel('Seuil', { exact: true }).getAttribute('aria-invalid'), null);
    await assertAccessible(page, 'alert thresholds with an error');
    await screenshots(page, 'admin-alert-thresholds');

    await absences.getByLabel('Seuil fort').fill('9');
    await form.getByRole('button', { name: 'Enregistrer les seuils' }).click();
    await form.getByText('Seuils enregistrés').waitFor();
    await openPage(page, school.url, '/alertes', 'Alertes et décrochage');
    const reloaded = page.getByRole('group', { name: "demi-journées d'absence", exact: true });
    assert.equal(await reloaded.getByLabel('Seuil fort').inputValue(), '9');
    assertNoProblems(page);
    await page.context().close();
  });
});
