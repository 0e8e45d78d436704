// Dates, times and numbers as a French reader expects them.
const dateLong = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
});
const dateShort = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short' });
const dateTime = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});
const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

// "2026-09-14" as a local date (no time zone shift).
export function parseDate(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(y, m - 1, d);
}

export function isoDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function addDays(iso, days) {
  const date = parseDate(iso);
  date.setDate(date.getDate() + days);
  return isoDate(date);
}

export const formatDay = (iso) => (iso ? dateLong.format(parseDate(iso)) : '');
export const formatShortDay = (iso) => (iso ? dateShort.format(parseDate(iso)) : '');
export const formatInstant = (seconds) => (seconds ? dateTime.format(new Date(seconds * 1000)) : '');
export const formatNumber = (value) =>
  value === null || value === undefined ? '—' : number.format(value);
// "1 devoir", "0 devoir", "3 devoirs": French counts (0 and 1 take the singular).
export function countOf(n, one, many) {
  return `${formatNumber(n)} ${n > 1 ? many : one}`;
}

export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 102.4) / 10)} Ko`;
  if (bytes < 1024 ** 3) return `${formatNumber(Math.round(bytes / 104857.6) / 10)} Mo`;
  return `${formatNumber(Math.round(bytes / 107374182.4) / 10)} Go`;
}
export const formatSaved = (iso) => (iso ? dateTime.format(new Date(iso)) : '');
export const today = () => isoDate(new Date());

export function personName(person) {
  if (!person) return '';
  return [person.given_name, person.family_name].filter(Boolean).join(' ');
}
