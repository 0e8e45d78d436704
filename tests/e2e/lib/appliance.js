// A real Cartable school for a test file: `cartable init`, a small school
// from `cartable-generate` lived up to today, then `cartable serve` on a free
// loopback port in plain HTTP, serving the built web client.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PASSWORD = 'cartable-e2e-2026';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (ctest sets it; see tests/e2e/README.md)`);
  return value;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The school year holding `date` (September to August) and the last day to
// live: today, or the year's last day when today is in the summer.
function yearFor(date) {
  const year = date.getUTCFullYear();
  const start = date.getUTCMonth() >= 8 ? year : year - 1;
  return { schoolYear: `${start}-${start + 1}`, until: date.toISOString().slice(0, 10) };
}

// "  student  yasmine.dalmeida   Yasmine D'Almeida, élève de 6e A" lines.
function sampleLogins(text) {
  const logins = {};
  for (const match of text.matchAll(/^\s+(student|parent|teacher|staff)\s+(\S+)\s+(.+)$/gm)) {
    logins[match[1]] = { login: match[2], description: match[3].trim() };
  }
  return logins;
}

async function waitUntilReady(url, child, seconds = 20) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`cartable serve exited with ${child.exitCode}`);
    try {
      const answer = await fetch(`${url}/readyz`);
      if (answer.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`cartable did not become ready at ${url} within ${seconds} s`);
}

export async function startSchool({ students = 60, classes = 3 } = {}) {
  const cartable = required('CARTABLE_BIN');
  const generate = required('CARTABLE_GENERATE');
  const webRoot = required('CARTABLE_WEB_ROOT');
  const dir = mkdtempSync(join(tmpdir(), 'cartable-e2e-'));
  const port = await freePort();
  const config = join(dir, 'cartable.yaml');
  writeFileSync(
    config,
    [
      'role: school',
      'school: {uai: "0541234Y", name: "Collège Jean Moulin (tests)", academie: Nancy-Metz, department: "54"}',
      `data_dir: ${join(dir, 'data')}`,
      'http:',
      '  listen: 127.0.0.1',
      `  port: ${port}`,
      '  plain_http: true',
      `  web_root: ${webRoot}`,
      'logging:',
      '  access_log: false',
      '',
    ].join('\n'),
  );
  const init = execFileSync(cartable, ['init', '--config', config], { encoding: 'utf8' });
  const admin = init.match(/login (\S+), one-time password (\S+)/);
  const { schoolYear, until } = yearFor(new Date());
  const generated = execFileSync(
    generate,
    [
      '--database', join(dir, 'data', 'cartable.db'),
      '--students', String(students),
      '--classes', String(classes),
      '--teachers', '14',
      '--staff', '2',
      '--school-year', schoolYear,
      '--until', until,
      '--password', PASSWORD,
      '--argon2-iterations', '2',
    ],
    { encoding: 'utf8' },
  );
  const serve = spawn(cartable, ['serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  serve.stderr.on('data', (chunk) => {
    log += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(url, serve);
  return {
    url,
    dir,
    database: join(dir, 'data', 'cartable.db'),
    logins: sampleLogins(generated),
    admin: admin ? { login: admin[1], password: admin[2] } : null,
    log: () => log,
    async stop() {
      serve.kill('SIGTERM');
      await new Promise((resolve) => {
        if (serve.exitCode !== null) resolve();
        else serve.once('exit', resolve);
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
