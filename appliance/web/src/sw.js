// Cartable's service worker. The app shell is precached at install; the
// last answers of the pages worth reading offline (timetable, homework,
// dashboard, and who is signed in) are kept and served, marked with the
// time they were saved, when the network fails. Sign-out empties them.
const VERSION = __VERSION__;
const SHELL_FILES = __SHELL_FILES__;
const SHELL_CACHE = 'cartable-shell-' + VERSION;
const DATA_CACHE = 'cartable-data';
const SAVED_AT = 'x-cartable-saved-at';
const OFFLINE_DATA = [
  /^\/api\/v1\/me$/,
  /^\/api\/v1\/me\/children$/,
  /^\/api\/v1\/subjects$/,
  /^\/api\/v1\/me\/dashboard$/,
  /^\/api\/v1\/timetable\/week$/,
  /^\/api\/v1\/homework(\/\d+)?$/,
];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL_FILES))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith('cartable-shell-') && name !== SHELL_CACHE)
            .map((name) => caches.delete(name)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'forget-data') event.waitUntil(caches.delete(DATA_CACHE));
});

async function networkThenSaved(request) {
  try {
    const answer = await fetch(request);
    if (answer.ok) {
      const headers = new Headers(answer.headers);
      headers.set(SAVED_AT, new Date().toISOString());
      const copy = new Response(await answer.clone().blob(), { status: 200, headers });
      const cache = await caches.open(DATA_CACHE);
      await cache.put(request, copy);
    }
    return answer;
  } catch (failure) {
    const saved = await caches.match(request, { cacheName: DATA_CACHE });
    if (!saved) throw failure;
    const headers = new Headers(saved.headers);
    headers.set('x-cartable-offline', headers.get(SAVED_AT) || '');
    return new Response(await saved.blob(), { status: 200, headers });
  }
}

async function shellFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  return cached || fetch(request);
}

async function pageOrShell(request) {
  try {
    return await fetch(request);
  } catch (failure) {
    const shell = await caches.match('/index.html', { cacheName: SHELL_CACHE });
    if (!shell) throw failure;
    return shell;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(pageOrShell(request));
  } else if (url.pathname.startsWith('/api/')) {
    if (OFFLINE_DATA.some((pattern) => pattern.test(url.pathname))) {
      event.respondWith(networkThenSaved(request));
    }
  } else if (SHELL_FILES.includes(url.pathname)) {
    event.respondWith(shellFirst(request));
  }
});
