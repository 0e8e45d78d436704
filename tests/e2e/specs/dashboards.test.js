// The dashboards of the school's people: a teacher's day and the hand-ins
// waiting for feedback, vie scolaire's roll calls not taken and absences of
// the day, the administrator's accounts, storage and hub link, and a person
// with two roles seeing both parts. Each is checked with axe-core and
// photographed at phone and desktop sizes; what it shows is compared with
// what GET /api/v1/me/dashboard answers the same person. The generated
// school's today may be a day without lessons (a weekend): one more test
// fills the teacher's answer with lessons of their real week in every
// roll-call state, and a vie scolaire part, to check those lists too.
import assert from 'node:assert/strict';
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
import { freshCode } from '../lib/totp.js';

let school;
let browser;

// A bearer token, answering the verification code when `totpSecret` is given.
async function signedToken(login, password, totpSecret) {
  const body = { login, password, client: 'mobile' };
  if (totpSecret) body.totp_code = await freshCode(totpSecret);
  const answer = await fetch(`${school.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await answer.json();
  assert.equal(answer.status, 201, `sign-in of ${login}: ${data.detail}`);
  return data;
}

// The teacher sets homework to hand in online; the sample student hands it in,
// so the teacher has at least one hand-in waiting for feedback.
async function handInWaitingForFeedback() {
  const teacher = await apiSession(school.url, school.logins.teacher.login, PASSWORD);
  const student = await apiSession(school.url, school.logins.student.login, PASSWORD);
  const classId = (await student.get('/api/v1/me/dashboard')).student.class.id;
  const lessons = await teacher.get(`/api/v1/timetable/lessons?teacher_id=${teacher.userId}`);
  const subjectId = lessons.items.find((lesson) => lesson.class_id === classId)?.subject_id;
  assert.ok(subjectId, 'the sample teacher teaches the sample class');
  const due = new Date(Date.now() + 5 * 86400 * 1000).toISOString().slice(0, 10);
  const homework = await teacher.post('/api/v1/homework', {
    subject_id: subjectId,
    class_id: classId,
    due_on: due,
    instructions: 'Rédaction : mon dernier voyage.',
    hand_in_expected: true,
  });
  const { token } = await signedToken(school.logins.student.login, PASSWORD);
  const form = new FormData();
  form.append('text', 'Ma rédaction.');
  const answer = await fetch(`${school.url}/api/v1/homework/${homework.id}/hand-in`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  assert.ok(answer.ok, `hand-in: ${answer.status}`);
}

// The dashboard as the page's own session reads it (cookie of the context).
async function dashboardOf(page) {
  const answer = await page.context().request.get(`${school.url}/api/v1/me/dashboard`);
  assert.equal(answer.status(), 200);
  return answer.json();
}

async function openDashboard(page, ...headings) {
  await page.goto(`${school.url}/`);
  await page.locator('#page-title').filter({ hasText: 'Bonjour' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.loading').length === 0);
  for (const name of headings) {
    await page.getByRole('heading', { level: 2, name }).waitFor();
  }
}

const numberIn = (text) => Number(text.replace(/\D/g, ''));

async function checkTeacherPart(page, teacher) {
  if (teacher.lessons.length === 0) {
    assert.ok(await page.getByText("Aucun cours aujourd'hui.").isVisible());
  } else {
    const items = page.getByTestId('teacher-lessons').locator(':scope > li');
    assert.equal(await items.count(), teacher.lessons.length);
    assert.match(await items.first().innerText(), new RegExp(teacher.lessons[0].starts_at));
  }
}

before(async () => {
  school = await startSchool();
  browser = await launchBrowser();
  await handInWaitingForFeedback();
});

after(async () => {
  await browser?.close();
  await school?.stop();
});

describe('dashboards', () => {
  test("the teacher sees today's lessons and the hand-ins to review", async () => {
    const page = await newPage(browser, PHONE);
    await signIn(page, school.url, school.logins.teacher.login, PASSWORD);
    await openDashboard(page, 'Enseignement', 'À lire');
    const { teacher } = await dashboardOf(page);
    await checkTeacherPart(page, teacher);
    assert.ok(teacher.hand_ins_to_review.hand_ins >= 1);
    const review = await page.getByTestId('teacher-review-count').innerText();
    assert.equal(Number(review.match(/^\d+/)[0]), teacher.hand_ins_to_review.hand_ins, review);
    assert.ok(await page.getByRole('link', { name: 'Tous les devoirs donnés' }).isVisible());
    const messages = await page.getByTestId('dash-unread').getByRole('link').first().innerText();
    assert.equal(numberIn(messages), teacher.unread.messages, messages);
    await assertAccessible(page, 'teacher dashboard');
    await screenshots(page, 'teacher-dashboard');
    assertNoProblems(page);
    await page.context().close();
  });

  test('vie scolaire sees the roll calls not taken and the unjustified absences of the day', async () => {
    const secret = await enrollTotp(school.url, school.logins.staff.login, PASSWORD);
    const page = await newPage(browser, PHONE);
    await signIn(page, school.url, school.logins.staff.login, PASSWORD, { totpSecret: secret });
    await openDashboard(page, 'Vie scolaire', 'À lire');
    const { staff, teacher, admin } = await dashboardOf(page);
    assert.equal(teacher, undefined);
    assert.equal(admin, undefined);
    const missing = staff.missing_roll_calls.count;
    if (missing === 0) {
      assert.ok(await page.getByText('Tous les appels des cours commencés sont faits.').isVisible());
    } else {
      assert.equal(numberIn(await page.getByTestId('staff-missing-count').locator('strong').innerText()), missing);
    }
    const absent = staff.unjustified_absences.count;
    if (absent === 0) {
      assert.ok(await page.getByText("Aucune absence non justifiée aujourd'hui.").isVisible());
    } else {
      assert.equal(numberIn(await page.getByTestId('staff-absent-count').locator('strong').innerText()), absent);
    }
    assert.ok(await page.getByRole('link', { name: 'Suivi de la vie scolaire' }).isVisible());
    await assertAccessible(page, 'staff dashboard');
    await screenshots(page, 'staff-dashboard');
    assertNoProblems(page);
    await page.context().close();
  });

  test('an administrator who also teaches sees the accounts and the teaching part', async () => {
    const first = await apiSession(school.url, school.admin.login, school.admin.password);
    await first.put('/api/v1/me/password', { current_password: school.admin.password, new_password: PASSWORD });
    const secret = await enrollTotp(school.url, school.admin.login, PASSWORD);
    const signed = await signedToken(school.admin.login, PASSWORD, secret);
    const answer = await fetch(`${school.url}/api/v1/users/${signed.user_id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${signed.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ roles: ['admin', 'teacher'] }),
    });
    assert.equal(answer.status, 200, 'the admin takes the teacher role too');

    const page = await newPage(browser);
    await signIn(page, school.url, school.admin.login, PASSWORD, { totpSecret: secret });
    await openDashboard(page, 'Enseignement', 'Administration', 'À lire');
    const { admin, teacher } = await dashboardOf(page);
    const active = await page.getByTestId('admin-accounts-active').innerText();
    assert.equal(numberIn(active), admin.accounts.active, active);
    assert.ok(admin.accounts.active > 60, 'the generated school has its students, parents and staff');
    const table = page.getByRole('table', { name: 'Comptes par rôle' });
    assert.equal(await table.locator('tbody tr').count(), admin.accounts.by_role.length);
    await checkTeacherPart(page, teacher);
    assert.ok(await page.getByRole('link', { name: 'Gérer les comptes' }).isVisible());
    assert.ok(await page.getByRole('link', { name: 'État du lien' }).isVisible());
    await assertAccessible(page, 'admin and teacher dashboard');
    await screenshots(page, 'admin-dashboard');
    assertNoProblems(page);
    await page.context().close();
  });

  test('a busy day: lessons in every roll-call state, roll calls not taken, students absent', async () => {
    const teacherApi = await apiSession(school.url, school.logins.teacher.login, PASSWORD);
    const student = await apiSession(school.url, school.logins.student.login, PASSWORD);
    const studentDash = await student.get('/api/v1/me/dashboard');
    const monday = new Date(Date.now() - ((new Date().getUTCDay() + 6) % 7) * 86400 * 1000);
    const week = await teacherApi.get(`/api/v1/timetable/week?monday=${monday.toISOString().slice(0, 10)}`);
    const subjects = await teacherApi.get('/api/v1/subjects');
    const classes = await teacherApi.get('/api/v1/classes');
    const perDay = new Map();
    for (const lesson of week.items) perDay.set(lesson.date, [...(perDay.get(lesson.date) || []), lesson]);
    const busiest = [...perDay.values()].sort((a, b) => b.length - a.length)[0];
    assert.ok(busiest, 'the sample teacher has lessons this week');
    const given = busiest.slice(0, 4);
    const states = ['done', 'missing', 'upcoming', 'cancelled'];

    const page = await newPage(browser, PHONE, { serviceWorkers: 'block' });
    await page.route('**/api/v1/me/dashboard', async (route) => {
      const response = await route.fetch();
      const json = await response.json();
      json.teacher.lessons = given.map((lesson, i) => ({
        ...lesson,
        date: json.date,
        cancelled: states[i] === 'cancelled',
        roll_call: states[i],
        students: 25,
        absent: i === 0 ? 2 : 0,
        late: i === 0 ? 1 : 0,
      }));
      json.staff = {
        date: json.date,
        missing_roll_calls: { count: given.length + 3, items: given.map((l) => ({ ...l, date: json.date })) },
        unjustified_absences: {
          count: 1,
          items: [
            {
              student_id: studentDash.student.student_id,
              name: studentDash.student.name,
              class: studentDash.student.class,
              half_days_unjustified: 1,
              events: given.slice(0, 2).map((lesson, i) => ({
                lesson_id: lesson.lesson_id,
                subject_id: lesson.subject_id,
                date: json.date,
                starts_at: lesson.starts_at,
                ends_at: lesson.ends_at,
                status: i === 0 ? 'absent' : 'late',
                minutes_late: i === 0 ? 0 : 10,
                justification: i === 0 ? 'unjustified' : 'pending',
                justification_id: null,
              })),
            },
          ],
        },
      };
      for (const subject of subjects.items) json.names.subjects[subject.id] = subject.label;
      for (const item of classes.items) json.names.classes[item.id] = item.label;
      await route.fulfill({ response, json });
    });
    await signIn(page, school.url, school.logins.teacher.login, PASSWORD);
    await openDashboard(page, 'Enseignement', 'Vie scolaire', 'À lire');
    const items = page.getByTestId('teacher-lessons').locator(':scope > li');
    assert.equal(await items.count(), given.length);
    assert.match(await items.first().innerText(), /Appel fait[\s\S]*2 absents, 1 retard/);
    if (given.length > 1) {
      assert.match(await items.nth(1).innerText(), /Appel non fait/);
      const link = items.nth(1).getByRole('link', { name: /^Faire l'appel/ });
      assert.equal(await link.getAttribute('href'), `/appel?date=${(await dashboardOf(page)).date}&cours=${given[1].lesson_id}`);
    }
    assert.match(await page.getByTestId('staff-missing-count').innerText(), new RegExp(`${given.length + 3} appels non faits`));
    assert.ok(await page.getByRole('link', { name: studentDash.student.name }).isVisible());
    assert.ok(await page.getByText('justification en attente').isVisible());
    await assertAccessible(page, 'busy day dashboard');
    await screenshots(page, 'teacher-staff-busy-dashboard');
    assertNoProblems(page);
    await page.context().close();
  });
});
