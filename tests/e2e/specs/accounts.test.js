// Two-factor sign-in from the first connection of a staff member, and the
// parent's child switcher.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
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

before(async () => {
  school = await startSchool();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await school?.stop();
});

test('staff set up two-factor sign-in at first sign-in, then sign in with a code', async () => {
  const page = await newPage(browser);
  await page.goto(`${school.url}/`);
  await page.getByLabel('Identifiant').fill(school.logins.staff.login);
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Avant de commencer' }).waitFor();
  await assertAccessible(page, 'first steps');
  await page.getByRole('button', { name: 'Activer la double authentification' }).click();
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await screenshots(page, 'first-steps-totp');
  await page.getByLabel('Code de vérification').fill('000000');
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await page.locator('.field-error').waitFor();
  await page.getByLabel('Code de vérification').fill(await freshCode(secret));
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await page.getByText('reconnectez-vous avec votre code').waitFor();

  await signIn(page, school.url, school.logins.staff.login, PASSWORD, { totpSecret: secret });
  assert.ok(await page.getByRole('link', { name: /Vie scolaire/ }).first().isVisible());
  assertNoProblems(page);
  await page.context().close();
});

test('a parent of several children switches child in one tap', async () => {
  const login = execFileSync(
    'sqlite3',
    [
      school.database,
      'SELECT u.login FROM guardianships g JOIN users u ON u.id = g.parent_id ' +
        'GROUP BY g.parent_id HAVING count(*) > 1 ORDER BY u.login LIMIT 1',
    ],
    { encoding: 'utf8' },
  ).trim();
  assert.ok(login, 'the generated school has a parent of two children');
  const page = await newPage(browser, PHONE);
  await signIn(page, school.url, login, PASSWORD);
  const switcher = page.getByRole('group', { name: "Choisir l'enfant" });
  const buttons = switcher.getByRole('button');
  assert.ok((await buttons.count()) >= 2);
  const second = buttons.nth(1);
  const secondName = (await second.innerText()).split(/\s/)[0];
  await second.click();
  assert.equal(await second.getAttribute('aria-pressed'), 'true');
  await page.locator('main h2').filter({ hasText: secondName }).first().waitFor();
  await assertAccessible(page, 'parent of two');
  await screenshots(page, 'parent-two-children');
  assertNoProblems(page);
  await page.context().close();
});
