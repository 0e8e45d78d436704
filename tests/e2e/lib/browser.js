// Chromium driven by playwright-core: Debian's /usr/bin/chromium, headless,
// with helpers to sign in, check a page with axe-core and take screenshots.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const CHROMIUM = process.env.CARTABLE_CHROMIUM || '/usr/bin/chromium';
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1366, height: 768 };

export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

// A new page that fails the test on any script error or CSP violation
// (collected in page.problems) and on any dialog (alert() from a payload).
// `options` adds to the context's (e.g. serviceWorkers: 'block', so that
// page.route() sees every API request).
export async function newPage(browser, viewport = DESKTOP, options = {}) {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', timezoneId: 'Europe/Paris', ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      page.problems.push(`CSP: ${message.text()}`);
    }
  });
  page.on('dialog', async (dialog) => {
    page.problems.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  return page;
}

// Signs in through the sign-in page; with `totpSecret`, answers the
// verification code the page then asks for.
export async function signIn(page, url, login, password, { totpSecret } = {}) {
  await page.goto(`${url}/`);
  await page.getByLabel('Identifiant').fill(login);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  if (totpSecret) {
    const { freshCode } = await import('./totp.js');
    await page.getByLabel('Code de vérification').fill(await freshCode(totpSecret));
    await page.getByRole('button', { name: 'Valider le code' }).click();
  }
  await page.getByRole('navigation', { name: 'Navigation principale' }).waitFor();
}

// Opens `path` inside the app (without a reload) and waits for its title.
export async function openPage(page, url, path, title) {
  await page.goto(`${url}${path}`);
  await page.locator('#page-title').filter({ hasText: title }).waitFor();
  await page.locator('.loading').waitFor({ state: 'detached' });
}

// axe-core on the whole page, WCAG 2.0/2.1 A and AA rules: no violation.
// The script is evaluated through the debugging protocol, so the page's CSP
// (no inline script) does not stop it and is not relaxed for it.
export async function assertAccessible(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  const summary = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`,
  );
  assert.deepEqual(summary, [], `accessibility violations on ${name}`);
}

// Full-page screenshots at phone and desktop sizes into
// CARTABLE_SCREENSHOTS (ctest: <build>/screenshots), named <name>-<size>.png.
export async function screenshots(page, name) {
  const dir = process.env.CARTABLE_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const original = page.viewportSize();
  for (const [label, size] of [
    ['360x740', PHONE],
    ['1366x768', DESKTOP],
  ]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(100);
    // Responsive: nothing wider than the screen (tables scroll inside their box).
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > size.width) {
      const culprits = await page.evaluate((limit) => {
        const outside = (e) => !e.closest('.table-scroll') && e.getBoundingClientRect().right > limit + 1;
        return [...document.querySelectorAll('body *')]
          .filter(outside)
          .slice(-3)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`);
      }, size.width);
      assert.fail(`${name} is ${width} px wide on a ${size.width} px screen: ${culprits.join(', ')}`);
    }
    await page.screenshot({ path: join(dir, `${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(original);
}

export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], 'script errors, CSP violations or dialogs on the page');
}
