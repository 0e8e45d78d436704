// A real Cartable hub for a test file: `cartable init` with `role: hub`, six
// schools of two departments registered with their daily reports of the last
// weeks written into its database (as federation/hub/reports.cpp stores
// them, their totals per department and day and per school and month by
// migrations 0022 and 0023's own statements), then `cartable serve`. Authority accounts are made with the real
// `cartable hub add-authority-user` and their one-time password changed.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiSession } from './api.js';
import { PASSWORD } from './appliance.js';

export const SCHOOLS = [
  { uai: '0540001H', name: 'Collège Jean Moulin', department: '54', students: 400, active: 0.8 },
  { uai: '0540002J', name: 'Lycée Henri Poincaré', department: '54', students: 900, active: 0.7 },
  { uai: '0540003K', name: 'Collège La Fontaine', department: '54', students: 300, active: 0.75 },
  { uai: '0570001S', name: 'Collège Rabelais', department: '57', students: 500, active: 0.65 },
  { uai: '0570002T', name: 'Lycée Fabert', department: '57', students: 700, active: 0.72 },
  { uai: '0570003U', name: 'Collège des Trois Frontières', department: '57', students: 250, active: 0.3 },
];
export const DAYS = 21;

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

const quote = (text) => `'${String(text).replace(/'/g, "''")}'`;

function schoolYearOf(day) {
  const year = Number(day.slice(0, 4));
  const start = Number(day.slice(5, 7)) >= 9 ? year : year - 1;
  return `${start}-${start + 1}`;
}

// The values of one school's report of one day (counts only, every cell of
// at least 10 people), varying a little from day to day.
function cellsOf(school, index) {
  const n = school.students;
  const wobble = ((index * 7 + n) % 5) / 100;
  const expected = n * 6;
  const absent = Math.round(expected * (0.05 + wobble));
  const handins = Math.round(n * 0.4);
  const onTime = Math.round(handins * (0.8 - wobble));
  const cells = [
    {
      scope: 'school', n, values: {
        'attendance.expected': expected, 'attendance.absent': absent, 'attendance.late': Math.round(absent / 3),
        'absence.half_days': Math.round(absent / 2), 'absence.unjustified_half_days': Math.round(absent / 8),
        'handin.expected': handins, 'handin.on_time': onTime, 'handin.late': Math.round((handins - onTime) / 2),
        'handin.missing': handins - onTime - Math.round((handins - onTime) / 2), 'homework.posted': Math.round(n / 20),
        'messages.sent': Math.round(n * 0.3), 'documents.shared': Math.round(n / 40), 'helpdesk.opened': 1,
      },
    },
    { scope: 'level', level: '6e', n: Math.round(n / 4), values: {
      'attendance.expected': expected / 4, 'attendance.absent': Math.round(absent / 4) } },
  ];
  for (const [role, people, share] of [
    ['student', n, school.active], ['teacher', Math.round(n / 12), Math.min(1, school.active + 0.2)], ['parent', n, school.active / 2]]) {
    cells.push({ scope: 'role', role, n: people, values: {
      'adoption.active_week': Math.round(people * share), 'adoption.active_day': Math.round(people * share * 0.6),
      'adoption.sessions': Math.round(people * share), 'messages.sent': Math.round(people * 0.1), 'documents.shared': 2 } });
  }
  for (const [subject, mean] of [['MATHS', 11.5], ['FRANCAIS', 12.2]]) {
    cells.push({ scope: 'subject', level: '6e', subject, n: 40, values: {
      'grades.count': 40, 'grades.mean': mean + wobble * 10, 'grades.q1': mean - 3, 'grades.median': mean, 'grades.q3': mean + 3 } });
  }
  return cells;
}

// SQL writing the schools, their reports of the DAYS days before today and
// their links' history (the last school's link was down two days).
function fixtureSql(now) {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const seconds = Math.floor(now.getTime() / 1000);
  const lines = ['BEGIN;'];
  const start = Math.floor(today.getTime() / 1000) - DAYS * 86400;
  for (const school of SCHOOLS) {
    lines.push(
      `INSERT INTO federation_schools(uai, name, department, added_at, enrolled_at, link_state, link_changed_at, last_sync_at) VALUES (${quote(school.uai)}, ${quote(school.name)}, ${quote(school.department)}, ${start}, ${start}, 'up', ${start}, ${seconds - 600});`,
      `INSERT INTO federation_link_events(uai, at, up) VALUES (${quote(school.uai)}, ${start}, 1);`,
    );
  }
  const last = SCHOOLS[SCHOOLS.length - 1];
  lines.push(
    `INSERT INTO federation_link_events(uai, at, up) VALUES (${quote(last.uai)}, ${start + 5 * 86400}, 0), (${quote(last.uai)}, ${start + 7 * 86400}, 1);`,
  );
  for (let index = 0; index < DAYS; index++) {
    const day = new Date(today.getTime() - (DAYS - index) * 86400000).toISOString().slice(0, 10);
    const year = schoolYearOf(day);
    for (const school of SCHOOLS) {
      if (school === last && index % 4 === 1) continue; // reports missing
      lines.push(
        `INSERT INTO regional_reports(uai, day, school_year, department, k, suppressed, unavailable, generated_at, received_at) VALUES (${quote(school.uai)}, '${day}', '${year}', ${quote(school.department)}, 10, 0, '[]', ${seconds}, ${seconds});`,
      );
      for (const cell of cellsOf(school, index)) {
        for (const [metric, value] of Object.entries(cell.values)) {
          lines.push(
            `INSERT INTO regional_report_values(uai, day, school_year, department, scope, level, class_code, subject, role, metric, value, n) VALUES (${quote(school.uai)}, '${day}', '${year}', ${quote(school.department)}, '${cell.scope}', ${quote(cell.level || '')}, '', ${quote(cell.subject || '')}, ${quote(cell.role || '')}, '${metric}', ${value}, ${cell.n});`,
          );
        }
      }
    }
  }
  lines.push(areaTotalsSql());
  lines.push('COMMIT;');
  return lines.join('\n');
}

// The reports' totals per department and day and per school and month,
// computed by migrations 0022 and 0023's own statements as for a hub upgraded
// while holding these reports.
function areaTotalsSql() {
  const here = dirname(fileURLToPath(import.meta.url));
  return ['0022_regional_area_days.sql', '0023_regional_school_months.sql'].map((file) => {
    const migration = readFileSync(join(here, '../../../appliance/schema', file), 'utf8');
    const start = migration.indexOf('-- The reports a hub already holds.');
    if (start < 0) throw new Error(`migration ${file} no longer computes the totals of the reports held`);
    return migration.slice(start);
  }).join('\n');
}

async function waitUntilReady(url, child, seconds = 20) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`cartable serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the hub did not become ready at ${url} within ${seconds} s`);
}

export async function startHub() {
  const cartable = process.env.CARTABLE_BIN;
  const webRoot = process.env.CARTABLE_WEB_ROOT;
  if (!cartable || !webRoot) throw new Error('CARTABLE_BIN and CARTABLE_WEB_ROOT must be set (ctest sets them)');
  const dir = mkdtempSync(join(tmpdir(), 'cartable-e2e-hub-'));
  const port = await freePort();
  const config = join(dir, 'cartable.yaml');
  writeFileSync(
    config,
    [
      'role: hub',
      'hub: {name: "Hub Grand Est (tests)", region: "Grand Est"}',
      `data_dir: ${join(dir, 'data')}`,
      'http:',
      '  listen: 127.0.0.1',
      `  port: ${port}`,
      '  plain_http: true',
      `  web_root: ${webRoot}`,
      'passwords: {argon2_iterations: 2}',
      'logging:',
      '  access_log: false',
      'federation:',
      '  listen_address: 127.0.0.1',
      '  listen_port: 0',
      '',
    ].join('\n'),
  );
  execFileSync(cartable, ['init', '--config', config], { encoding: 'utf8' });
  const database = join(dir, 'data', 'cartable.db');
  execFileSync('sqlite3', [database], { input: fixtureSql(new Date()), encoding: 'utf8' });
  const serve = spawn(cartable, ['serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  serve.stderr.on('data', (chunk) => {
    log += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(url, serve);
  return {
    url,
    database,
    log: () => log,
    // An authority account through the real command, its password set to PASSWORD.
    async addAuthorityUser(login, role, department) {
      const args = ['hub', 'add-authority-user', '--config', config, '--login', login, '--role', role];
      if (department) args.push('--department', department);
      const printed = execFileSync(cartable, args, { encoding: 'utf8' });
      const oneTime = printed.match(/one-time password (\S+)/)[1];
      const session = await apiSession(url, login, oneTime);
      await session.put('/api/v1/me/password', { current_password: oneTime, new_password: PASSWORD });
      return printed;
    },
    // `cartable hub reset-second-factor`: the operator's recovery of a lost authenticator.
    resetSecondFactor(login) {
      const args = ['hub', 'reset-second-factor', '--config', config, '--login', login];
      return execFileSync(cartable, args, { encoding: 'utf8' });
    },
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
