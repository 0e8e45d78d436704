// The regional authority at a real hub: each authority role signs in and
// browses the dashboards (region → department → school, connectivity, the
// digital divide); the department viewer keeps to its department; the
// regional admin sets up two-factor sign-in at its first sign-in, signs in
// with a code, manages the accounts and resets a lost second factor (and the
// operator resets its own from the command line); anyone reads the public
// indicators without signing in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { enrollTotp } from '../lib/api.js';
import { PASSWORD } from '../lib/appliance.js';
import { startHub } from '../lib/hub.js';
import {
  assertAccessible,
  assertNoProblems,
  launchBrowser,
  newPage,
  openPage,
  screenshots,
  signIn,
} from '../lib/browser.js';
import { freshCode } from '../lib/totp.js';

let hub;
let browser;
let adminSecret; // the regional admin's, enrolled in the browser below

// The chart's table `caption` gives `counts` (row header → number) and its
// plot is drawn.
async function assertCounts(page, caption, counts) {
  const table = page.getByRole('table', { name: caption });
  const figure = page.locator('figure.chart').filter({ has: table });
  assert.ok(await figure.locator('.chart-plot canvas').isVisible(), `${caption}: the chart is drawn`);
  for (const [band, count] of Object.entries(counts)) {
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: band, exact: true }) });
    assert.equal(await row.getByRole('cell').innerText(), String(count), `${caption}: ${band}`);
  }
}

before(async () => {
  hub = await startHub();
  browser = await launchBrowser();
  const printed = await hub.addAuthorityUser('rectorat', 'regional-admin');
  assert.match(printed, /Created rectorat \(id \d+\), regional_admin, one-time password /);
  await hub.addAuthorityUser('analyste', 'analyst');
  await hub.addAuthorityUser('dsden54', 'department-viewer', '54');
  await hub.addAuthorityUser('analyste.mobile', 'analyst');
  await enrollTotp(hub.url, 'analyste.mobile', PASSWORD);
});

after(async () => {
  await browser?.close();
  await hub?.stop();
});

describe('the analyst', () => {
  test('drills down from the region to a department and a school', async () => {
    const page = await newPage(browser);
    await signIn(page, hub.url, 'analyste', PASSWORD);
    await page.locator('#page-title').filter({ hasText: 'Région' }).waitFor();
    await page.getByRole('table', { name: 'Indicateurs de la période' }).waitFor();
    const departments = page.getByRole('table', { name: 'Départements' });
    assert.equal(await departments.getByRole('row').count(), 3); // header, 54, 57
    assert.ok(await page.locator('.chart-plot canvas').first().isVisible(), 'the trend is drawn');
    await assertAccessible(page, 'authority region');
    await screenshots(page, 'authority-region');

    await departments.getByRole('link', { name: '57' }).click();
    await page.locator('#page-title').filter({ hasText: 'Département 57' }).waitFor();
    const schools = page.getByRole('table', { name: 'Établissements' });
    await schools.getByRole('link', { name: 'Collège Rabelais' }).waitFor();
    await assertAccessible(page, 'authority department');
    await screenshots(page, 'authority-department');

    await schools.getByRole('link', { name: 'Collège Rabelais' }).click();
    await page.locator('#page-title').filter({ hasText: 'Collège Rabelais (0570001S)' }).waitFor();
    await page.getByRole('table', { name: 'Usage par profil' }).getByRole('rowheader', { name: 'Élèves' }).waitFor();
    await page.getByRole('table', { name: /Notes par matière/ }).getByRole('rowheader', { name: 'MATHS' }).waitFor();
    await page.getByRole('table', { name: 'Niveaux' }).getByRole('rowheader', { name: '6e' }).waitFor();
    await assertAccessible(page, 'authority school');
    await screenshots(page, 'authority-school');
    assertNoProblems(page);
    await page.context().close();
  });

  test('sees every school\'s link and the digital divide with its thresholds', async () => {
    const page = await newPage(browser);
    await signIn(page, hub.url, 'analyste', PASSWORD);
    await openPage(page, hub.url, '/autorite/connectivite', 'Connectivité des établissements');
    const links = page.getByRole('table', { name: 'Lien de chaque établissement' });
    assert.equal(await links.getByRole('row').count(), 7);
    // Each chart of the schools' spread, drawn, with its table: the six
    // schools by uptime (one link down two days of the period), last
    // synchronisation (ten minutes ago) and backlog (a few records each).
    assert.equal(await page.locator('.chart-plot canvas').count(), 3);
    await assertCounts(page, 'Établissements par disponibilité du lien', { '99 % ou plus': 5, 'de 80 à 95 %': 1 });
    await assertCounts(page, 'Établissements par ancienneté de la dernière synchronisation', { "moins d'une heure": 6 });
    await assertCounts(page, 'Établissements par enregistrements en attente', { aucun: 0, 'de 1 à 100': 6 });
    await assertAccessible(page, 'authority connectivity');
    await screenshots(page, 'authority-connectivity');

    await openPage(page, hub.url, '/autorite/fracture-numerique', 'Fracture numérique');
    await page.getByText('élèves actifs sur 7 jours sous 50').waitFor();
    const flagged = page.getByRole('table', { name: 'Établissements signalés', exact: true });
    const first = flagged.getByRole('row').nth(1);
    assert.match(await first.innerText(), /Collège des Trois Frontières/);
    assert.match(await first.innerText(), /Peu d'élèves actifs/);
    assert.equal(await page.locator('.chart-plot canvas').count(), 2);
    await assertCounts(page, 'Établissements signalés par motif', {
      "Peu d'élèves actifs": 1,
      'Lien souvent coupé': 1,
      'Pas de synchronisation récente': 0,
    });
    const placed = page.getByRole('table', { name: /Usage des élèves et disponibilité du lien/ });
    const dot = placed.getByRole('row', { name: /Collège des Trois Frontières/ });
    assert.match(await dot.innerText(), /90,5\s%\s+30\s%/); // the link's uptime, the students' activity
    await assertAccessible(page, 'authority digital divide');
    await screenshots(page, 'authority-digital-divide');
    // No accounts page for an analyst.
    assert.equal(await page.getByRole('link', { name: "Comptes de l'autorité" }).count(), 0);
    assertNoProblems(page);
    await page.context().close();
  });
});

test('the department viewer sees its department only', async () => {
  const page = await newPage(browser);
  await signIn(page, hub.url, 'dsden54', PASSWORD);
  await page.locator('#page-title').filter({ hasText: 'Département 54' }).waitFor();
  const schools = page.getByRole('table', { name: 'Établissements' });
  await schools.getByRole('link', { name: 'Collège Jean Moulin' }).waitFor();
  assert.equal(await schools.getByRole('row').count(), 4);
  await assertAccessible(page, 'authority viewer');
  await screenshots(page, 'authority-viewer');

  await page.goto(`${hub.url}/autorite/departements/57`);
  await page.getByRole('alert').filter({ hasText: 'département inconnu' }).waitFor();
  await page.goto(`${hub.url}/autorite/etablissements/0570001S`);
  await page.getByRole('alert').filter({ hasText: 'établissement inconnu' }).waitFor();
  await openPage(page, hub.url, '/autorite/connectivite', 'Connectivité des établissements');
  const links = page.getByRole('table', { name: 'Lien de chaque établissement' });
  assert.equal(await links.getByRole('row').count(), 4);
  assert.equal(await links.getByText('Collège Rabelais').count(), 0);
  assertNoProblems(page);
  await page.context().close();
});

test('the regional admin sets up two-factor sign-in at first sign-in, then signs in with a code', async () => {
  const page = await newPage(browser);
  await page.goto(`${hub.url}/`);
  await page.getByLabel('Identifiant').fill('rectorat');
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Avant de commencer' }).waitFor();
  await page.getByRole('button', { name: 'Activer la double authentification' }).click();
  adminSecret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  const link = await page.getByRole('link', { name: 'ouvrez ce lien' }).getAttribute('href');
  assert.match(link, /^otpauth:\/\/totp\/Cartable%20Hub%20Grand%20Est%20%28tests%29:rectorat\?secret=/);
  await assertAccessible(page, 'authority first steps');
  await screenshots(page, 'authority-first-steps-totp');
  await page.getByLabel('Code de vérification').fill('000000');
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await page.locator('.field-error').filter({ hasText: 'code de vérification incorrect' }).waitFor();
  await page.getByLabel('Code de vérification').fill(await freshCode(adminSecret));
  await page.getByRole('button', { name: 'Confirmer' }).click();
  await page.getByText('reconnectez-vous avec votre code').waitFor();

  // Signing in now asks for the code; a wrong one is refused and says so.
  await page.getByLabel('Identifiant').fill('rectorat');
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByLabel('Code de vérification').fill('12345');
  await page.getByRole('button', { name: 'Valider le code' }).click();
  await page.getByText('le code de vérification doit comporter 6 chiffres').waitFor();
  await assertAccessible(page, 'authority sign-in code');
  await screenshots(page, 'authority-sign-in-code');
  await page.getByLabel('Code de vérification').fill(await freshCode(adminSecret));
  await page.getByRole('button', { name: 'Valider le code' }).click();
  await page.locator('#page-title').filter({ hasText: 'Région' }).waitFor();
  assertNoProblems(page);
  await page.context().close();
});

test('the regional admin creates an account, is shown its one-time password, and resets a lost second factor', async () => {
  assert.ok(adminSecret, 'the regional admin enrolled in the test before');
  const page = await newPage(browser);
  await signIn(page, hub.url, 'rectorat', PASSWORD, { totpSecret: adminSecret });
  await openPage(page, hub.url, '/autorite/comptes', "Comptes de l'autorité");
  await page.getByRole('table', { name: "Comptes de l'autorité académique" }).getByRole('rowheader', { name: 'dsden54' }).waitFor();
  await page.getByLabel('Identifiant').fill('dsden57');
  await page.getByLabel('Prénom').fill('Marie');
  await page.getByLabel('Nom', { exact: true }).fill('Klein');
  await page.getByLabel('Rôle').selectOption('department_viewer');
  await page.getByLabel('Département').fill('57');
  await page.getByRole('button', { name: 'Créer le compte' }).click();
  await page.getByRole('status').filter({ hasText: 'Compte dsden57 créé' }).waitFor();
  await page.getByRole('rowheader', { name: 'dsden57' }).waitFor();
  await assertAccessible(page, 'authority accounts');
  await screenshots(page, 'authority-accounts');

  // A phone was lost: the regional admin resets that account's second factor.
  const table = page.getByRole('table', { name: "Comptes de l'autorité académique" });
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'analyste.mobile' }) });
  await row.getByRole('cell', { name: 'Activée', exact: true }).waitFor();
  assert.equal(await table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'rectorat' }) }).getByRole('button').count(), 0);
  await row.getByRole('button', { name: 'Réinitialiser la double authentification de analyste.mobile' }).click();
  await page.getByRole('status').filter({ hasText: 'Double authentification de analyste.mobile réinitialisée' }).waitFor();
  await row.getByRole('cell', { name: 'Non activée' }).waitFor();
  await assertAccessible(page, 'authority accounts after a reset');
  await screenshots(page, 'authority-accounts-second-factor-reset');
  assertNoProblems(page);
  await page.context().close();

  // The account signs in again without a code.
  const again = await newPage(browser);
  await signIn(again, hub.url, 'analyste.mobile', PASSWORD);
  await again.locator('#page-title').filter({ hasText: 'Région' }).waitFor();
  await again.context().close();
});

test('the operator resets the last regional admin\'s second factor from the command line', async () => {
  const printed = hub.resetSecondFactor('rectorat');
  assert.match(printed, /Two-factor sign-in of rectorat reset: its sessions ended/);
  const page = await newPage(browser);
  await page.goto(`${hub.url}/`);
  await page.getByLabel('Identifiant').fill('rectorat');
  await page.getByLabel('Mot de passe').fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Avant de commencer' }).waitFor();
  await page.getByRole('button', { name: 'Activer la double authentification' }).waitFor();
  assertNoProblems(page);
  await page.context().close();
});

test('anyone reads the public indicators without signing in', async () => {
  const page = await newPage(browser);
  await page.goto(`${hub.url}/indicateurs`);
  await page.locator('#page-title').filter({ hasText: 'Indicateurs publics de la région' }).waitFor();
  const table = page.getByRole('table', { name: /Taux de présence/ });
  await table.waitFor();
  assert.equal(await table.getByRole('columnheader', { name: 'Région' }).count(), 1);
  assert.equal(await table.getByRole('columnheader', { name: 'Département 54' }).count(), 1);
  assert.ok(await page.locator('.chart-plot canvas').first().isVisible(), 'the series is drawn');
  assert.equal(
    await page.getByRole('link', { name: 'télécharger en CSV' }).getAttribute('href'),
    '/api/v1/open-data/indicators.csv',
  );
  await page.getByLabel('Indicateur', { exact: true }).selectOption('handin.on_time_rate');
  await page.getByRole('table', { name: /Rendus à l'heure|rendus/i }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Se connecter' }).count(), 0);
  await assertAccessible(page, 'public indicators');
  await screenshots(page, 'public-indicators');
  assertNoProblems(page);
  await page.context().close();
});
