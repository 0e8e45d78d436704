// Sign-in, the student's and the parent's pages, hand-in, live
// notifications, offline reading, and teacher text that must never run as
// script. Every page is checked with axe-core and photographed.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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

const PAYLOAD =
  'Lire le chapitre 3. <script>window.__pwned = "script"</script>' +
  '<img src="x" onerror="window.__pwned = \'img\'; alert(1)"> Fin.';

let school;
let browser;

// A homework set by the sample teacher for the sample student's class, due
// in a week, expecting a hand-in, its instructions holding both payloads.
async function postHomeworkWithPayload() {
  const teacher = await apiSession(school.url, school.logins.teacher.login, PASSWORD);
  const classes = await teacher.get('/api/v1/assignments?teacher_id=' + teacher.userId).catch(() => null);
  const student = await apiSession(school.url, school.logins.student.login, PASSWORD);
  const dashboard = await student.get('/api/v1/me/dashboard');
  const classId = dashboard.student.class.id;
  let subjectId = classes?.items?.find((a) => a.class_id === classId)?.subject_id;
  if (!subjectId) {
    const week = await student.get('/api/v1/timetable/week?monday=' + mondayOf(new Date()));
    subjectId = week.items.find((lesson) => lesson.teacher_ids.includes(teacher.userId))?.subject_id;
  }
  assert.ok(subjectId, 'the sample teacher teaches the sample student');
  const due = new Date(Date.now() + 7 * 86400 * 1000).toISOString().slice(0, 10);
  return teacher.post('/api/v1/homework', {
    subject_id: subjectId,
    class_id: classId,
    due_on: due,
    instructions: PAYLOAD,
    hand_in_expected: true,
  });
}

function mondayOf(date) {
  const copy = new Date(date);
  copy.setUTCDate(copy.getUTCDate() - ((copy.getUTCDay() + 6) % 7));
  return copy.toISOString().slice(0, 10);
}

before(async () => {
  school = await startSchool();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await school?.stop();
});

describe('sign-in', () => {
  test('the sign-in page is accessible and a wrong password is announced', async () => {
    const page = await newPage(browser);
    await page.goto(`${school.url}/`);
    await page.getByRole('heading', { name: 'Connexion à Cartable' }).waitFor();
    await assertAccessible(page, 'sign-in');
    await screenshots(page, 'sign-in');
    await page.getByLabel('Identifiant').fill(school.logins.student.login);
    await page.getByLabel('Mot de passe').fill('not the password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /incorrect/i);
    await assertAccessible(page, 'sign-in with an error');
    assertNoProblems(page);
    await page.context().close();
  });

  test('every answer carries the content security policy', async () => {
    const answer = await fetch(`${school.url}/devoirs`, { headers: { Accept: 'text/html' } });
    assert.equal(answer.status, 200);
    const policy = answer.headers.get('content-security-policy');
    assert.match(policy, /script-src 'self'/);
    assert.doesNotMatch(policy, /unsafe-inline/);
  });
});

describe('student', () => {
  let page;
  let homework;

  before(async () => {
    homework = await postHomeworkWithPayload();
    page = await newPage(browser);
    await signIn(page, school.url, school.logins.student.login, PASSWORD);
  });
  after(async () => page?.context().close());

  const pages = [
    ['/', 'Bonjour', 'student-dashboard'],
    ['/emploi-du-temps', 'Emploi du temps', 'student-timetable'],
    ['/devoirs', 'Devoirs', 'student-homework'],
    ['/notes', 'Notes', 'student-grades'],
    ['/absences', 'Absences', 'student-attendance'],
    ['/notifications', 'Notifications', 'student-notifications'],
    ['/profil', 'Mon compte', 'student-profile'],
  ];
  for (const [path, title, name] of pages) {
    test(`${path} is accessible`, async () => {
      await openPage(page, school.url, path, title);
      await assertAccessible(page, name);
      await screenshots(page, name);
      assertNoProblems(page);
    });
  }

  test('the grades page shows the averages and the class statistics', async () => {
    await openPage(page, school.url, '/notes', 'Notes');
    const average = await page.getByTestId('general-average').innerText();
    assert.match(average, /^\d+(,\d+)?$/);
    assert.ok((await page.getByText(/Classe : moyenne/).count()) > 0);
  });

  test('homework text with script and image payloads is shown as text, never run', async () => {
    await openPage(page, school.url, `/devoirs/${homework.id}`, 'pour le');
    const shown = await page.getByTestId('homework-instructions').innerText();
    assert.equal(shown, PAYLOAD);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.locator('main img[src="x"]').count(), 0);
    await assertAccessible(page, 'homework detail');
    await screenshots(page, 'student-homework-detail');
    assertNoProblems(page);
  });

  test('the student hands in text and a file', async () => {
    await openPage(page, school.url, `/devoirs/${homework.id}`, 'pour le');
    await page.getByLabel('Message ou réponse').fill('Voici mon travail <b>gras</b>.');
    await page.getByLabel('Fichiers').setInputFiles({
      name: 'devoir.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Ma réponse.\n'),
    });
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Travail rendu.').waitFor();
    await page.getByRole('heading', { name: 'Mon rendu', exact: true }).waitFor();
    assert.ok(await page.getByText('Voici mon travail <b>gras</b>.').isVisible());
    assert.ok(await page.getByRole('link', { name: 'devoir.txt' }).isVisible());
    assertNoProblems(page);
  });

  test('a new notification raises the bell count live', async () => {
    await openPage(page, school.url, '/', 'Bonjour');
    const bell = page.locator('a.bell');
    const before = Number((await bell.getAttribute('aria-label')).match(/\d+/)?.[0] || 0);
    await postHomeworkWithPayload();
    await page.waitForFunction(
      (count) => {
        const label = document.querySelector('.bell')?.getAttribute('aria-label') || '';
        return Number(label.match(/\d+/)?.[0] || 0) > count;
      },
      before,
      { timeout: 10000 },
    );
  });

  test('offline, the last timetable and homework stay readable, marked as such', async () => {
    await openPage(page, school.url, '/emploi-du-temps', 'Emploi du temps');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await page.locator('.week').waitFor();
    await openPage(page, school.url, '/devoirs', 'Devoirs');
    await page.context().setOffline(true);
    try {
      await page.reload();
      await page.getByText(/Hors ligne/).first().waitFor();
      await openPage(page, school.url, '/emploi-du-temps', 'Emploi du temps');
      await page.getByText(/Hors ligne/).first().waitFor();
      await screenshots(page, 'student-timetable-offline');
    } finally {
      await page.context().setOffline(false);
    }
  });
});

describe('parent', () => {
  let page;
  before(async () => {
    page = await newPage(browser, PHONE);
    await signIn(page, school.url, school.logins.parent.login, PASSWORD);
  });
  after(async () => page?.context().close());

  for (const [path, title, name] of [
    ['/', 'Bonjour', 'parent-dashboard'],
    ['/devoirs', 'Devoirs', 'parent-homework'],
    ['/notes', 'Notes', 'parent-grades'],
    ['/absences', 'Absences', 'parent-attendance'],
  ]) {
    test(`${path} is accessible on a phone`, async () => {
      await openPage(page, school.url, path, title);
      await assertAccessible(page, name);
      await screenshots(page, name);
      assertNoProblems(page);
    });
  }

  test('the parent justifies an absence from the roll call; it is then pending', async () => {
    const teacher = await apiSession(school.url, school.logins.teacher.login, PASSWORD);
    const student = await apiSession(school.url, school.logins.student.login, PASSWORD);
    const today = new Date().toISOString().slice(0, 10);
    let lesson;
    for (const weeksAgo of [0, 1, 2]) {
      const monday = mondayOf(new Date(Date.now() - weeksAgo * 7 * 86400 * 1000));
      const week = await student.get(`/api/v1/timetable/week?monday=${monday}`);
      lesson = week.items
        .filter((l) => l.teacher_ids.includes(teacher.userId) && l.date < today && !l.cancelled)
        .pop();
      if (lesson) break;
    }
    assert.ok(lesson, 'a past lesson of the sample teacher with the sample student');
    await teacher.put(`/api/v1/timetable/lessons/${lesson.lesson_id}/roll-calls/${lesson.date}`, {
      entries: [{ student_id: student.userId, status: 'absent' }],
    });

    await openPage(page, school.url, '/absences', 'Absences');
    const row = page.getByRole('row').filter({ hasText: lesson.starts_at }).filter({ hasText: 'Non justifiée' });
    await row.getByRole('button', { name: /Justifier/ }).first().click();
    await page.getByRole('heading', { name: 'Justifier une absence' }).waitFor();
    await page.getByLabel('Du').fill(lesson.date);
    await page.getByLabel('Au').fill(lesson.date);
    await page.getByRole('button', { name: 'Envoyer la justification' }).click();
    const error = page.locator('.field-error, .banner-error').first();
    await error.waitFor();
    await assertAccessible(page, 'justification with an error');
    await screenshots(page, 'parent-justification-form');
    await page.getByLabel('Message à la vie scolaire').fill('Rendez-vous chez le médecin.');
    await page.getByRole('button', { name: 'Envoyer la justification' }).click();
    await page.getByText('Justification envoyée à la vie scolaire.').waitFor();
    await page.getByRole('row').filter({ hasText: lesson.starts_at }).filter({ hasText: 'Justificatif en attente' }).first().waitFor();
    assertNoProblems(page);
  });

  test('the parent approves, on their account page, another school attaching its account to theirs', async () => {
    // The hub's request, as the school records it when it arrives.
    const parent = await apiSession(school.url, school.logins.parent.login, PASSWORD);
    execFileSync('sqlite3', [school.database,
      'INSERT INTO attach_requests(request_key, user_id, from_uai, from_name, requested_at) ' +
      `VALUES ('0750654D:7@x', ${parent.userId}, '0750654D', 'Lycée Victor Hugo', 1795943700)`]);
    await openPage(page, school.url, '/profil', 'Mon compte');
    const request = page.getByTestId('attach-request');
    await request.waitFor();
    assert.match(await request.innerText(), /Lycée Victor Hugo \(0750654D\)/);
    await assertAccessible(page, 'parent-attach-request');
    await screenshots(page, 'parent-attach-request');
    await request.getByRole('button', { name: /Accepter/ }).click();
    await request.getByText('Accepté').waitFor();
    const decision = execFileSync('sqlite3', [school.database,
      "SELECT decision FROM attach_requests WHERE request_key = '0750654D:7@x'"],
    { encoding: 'utf8' }).trim();
    assert.equal(decision, 'approved');
    // Within a second or two the school's federation loop puts the answer in
    // its change log for the hub and marks it published; the test waits for
    // that instead of catching the row before or after it.
    const sent = "SELECT a.published || '|' || c.body FROM attach_requests a " +
      "LEFT JOIN change_log c ON c.kind = 'attach_answer' AND c.record_key = a.request_key " +
      "WHERE a.request_key = '0750654D:7@x'";
    let outgoing = '';
    for (let tries = 0; tries < 100 && !outgoing.startsWith('1|'); ++tries) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      outgoing = execFileSync('sqlite3', [school.database, sent], { encoding: 'utf8' }).trim();
    }
    assert.equal(outgoing, '1|{"decision":"approved"}');
    // Someone else's request is not theirs to answer.
    const student = await apiSession(school.url, school.logins.student.login, PASSWORD);
    const id = execFileSync('sqlite3', [school.database,
      "SELECT id FROM attach_requests WHERE request_key = '0750654D:7@x'"], { encoding: 'utf8' }).trim();
    await assert.rejects(student.post(`/api/v1/me/attach-requests/${id}/decision`, { decision: 'refused' }),
      /404/);
    assertNoProblems(page);
  });

  test('a parent with a child in another school finds that school on the home page', async () => {
    // What the hub has said: the parent also has an account at the lycée, and where it is.
    const parent = await apiSession(school.url, school.logins.parent.login, PASSWORD);
    const key = '00'.repeat(32);
    execFileSync('sqlite3', [school.database,
      `INSERT INTO regional_members(user_id, uai) VALUES (${parent.userId}, '0750654D'); ` +
      "INSERT INTO federated_records(kind, record_key, owner, version, body, received_from, applied_at) " +
      "VALUES ('school_key', '0750654D', 'hub', 1, CAST('" +
      JSON.stringify({ uai: '0750654D', sign_public: key, box_public: key, revoked: false,
        name: 'Lycée Victor Hugo', url: 'https://lycee.example.fr' }) +
      "' AS BLOB), 'hub', 0)"]);
    await openPage(page, school.url, '/', 'Bonjour');
    const link = page.getByTestId('other-schools').getByRole('link', { name: 'Lycée Victor Hugo' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), 'https://lycee.example.fr');
    await assertAccessible(page, 'parent dashboard with another school');
    assertNoProblems(page);
  });

  test('the parent sees the hand-in status of the homework', async () => {
    const teacher = await apiSession(school.url, school.logins.teacher.login, PASSWORD);
    const student = await apiSession(school.url, school.logins.student.login, PASSWORD);
    const list = await student.get('/api/v1/homework');
    const handedIn = list.items.find((item) => item.progress?.status === 'handed_in');
    assert.ok(handedIn, 'the student handed in a homework earlier in this file');
    assert.ok(teacher.userId);
    await openPage(page, school.url, `/devoirs/${handedIn.id}`, 'pour le');
    await page.getByText('Rendu', { exact: true }).first().waitFor();
    assertNoProblems(page);
  });
});
