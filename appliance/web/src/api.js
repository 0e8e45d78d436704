// The one way pages talk to the appliance: JSON over /api/v1 with the
// session cookie, the CSRF header on writes, and errors turned into ApiError.
// A 401 anywhere sends the person back to the sign-in page.

const CSRF_COOKIE = 'cartable_csrf';
const CSRF_HEADER = 'X-CSRF-Token';

export class ApiError extends Error {
  // status: HTTP status, 0 when the network failed. field: the input at
  // fault (422), as named by the API. retryAfter: seconds (503, 429).
  constructor(status, message, field = null, retryAfter = null) {
    super(message);
    this.status = status;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

let csrfToken = null;

function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

export function setCsrfToken(token) {
  csrfToken = token;
}

function currentCsrf() {
  return csrfToken || readCookie(CSRF_COOKIE);
}

// Validation messages the API gives in English only, in French.
const ENGLISH_ONLY = [
  [/^"[\w.]+" is required/, 'Ce champ est obligatoire.'],
  [/^"[\w.]+" (must not be empty|is empty)/, 'Ce champ ne peut pas être vide.'],
  [/^"[\w.]+" is not a date/, 'Date invalide (AAAA-MM-JJ).'],
];

// The French half of the API's "français / English" messages.
export function frenchPart(detail) {
  if (!detail) return '';
  const cut = detail.indexOf(' / ');
  if (cut > 0) return detail.slice(0, cut);
  const known = ENGLISH_ONLY.find(([pattern]) => pattern.test(detail));
  return known ? known[1] : detail;
}

export function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

async function problemOf(response) {
  let body = {};
  try {
    body = await response.json();
  } catch {
    body = {};
  }
  const retry = Number(response.headers.get('Retry-After')) || null;
  let message = frenchPart(body.detail) || response.statusText || 'Erreur';
  if (response.status === 503) {
    message = `Le service est momentanément indisponible. Réessayez dans ${retry || 'quelques'} secondes.`;
  } else if (response.status === 429) {
    message = `${message} Réessayez dans ${retry || 'quelques'} secondes.`;
  } else if (response.status === 403 && !body.detail) {
    message = "Vous n'avez pas accès à cette page.";
  }
  const error = new ApiError(response.status, message, body.field || null, retry);
  error.body = body; // the answer as sent, e.g. an import's report with its 422
  return error;
}

// Calls the API. `body` is sent as JSON, `form` (FormData) as multipart.
// Resolves with the parsed JSON (null for 204); `meta.offline` is the
// date the data was saved when the service worker answered from its cache.
export async function request(method, path, { body, form, query, signal, meta } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    const token = currentCsrf();
    if (token) headers[CSRF_HEADER] = token;
  }
  let payload;
  if (form) {
    payload = form;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(withQuery(path, query), {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      signal,
    });
  } catch (failure) {
    if (failure.name === 'AbortError') throw failure;
    throw new ApiError(0, 'Pas de connexion au serveur. Vérifiez le réseau puis réessayez.');
  }
  if (!response.ok) {
    const error = await problemOf(response);
    if (response.status === 401 && path !== '/api/v1/session') {
      window.dispatchEvent(new CustomEvent('cartable:signed-out'));
    }
    throw error;
  }
  if (meta) meta.offline = response.headers.get('x-cartable-offline');
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  return type.includes('json') ? response.json() : response.text();
}

export const api = {
  get: (path, options) => request('GET', path, options),
  post: (path, body, options) => request('POST', path, { ...options, body }),
  put: (path, body, options) => request('PUT', path, { ...options, body }),
  patch: (path, body, options) => request('PATCH', path, { ...options, body }),
  del: (path, body, options) => request('DELETE', path, { ...options, body }),
  upload: (path, form, options) => request('POST', path, { ...options, form }),
};
