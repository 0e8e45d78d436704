// Calls the appliance's API as a mobile client (bearer token), for what a
// test prepares or checks outside the browser.
export async function apiSession(url, login, password) {
  const answer = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password, client: 'mobile' }),
  });
  const body = await answer.json();
  if (answer.status !== 201) throw new Error(`sign-in of ${login}: ${answer.status} ${body.detail}`);
  const call = async (method, path, payload) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${body.token}`,
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${data?.detail}`);
    return data;
  };
  return {
    userId: body.user_id,
    get: (path) => call('GET', path),
    post: (path, payload) => call('POST', path, payload),
    put: (path, payload) => call('PUT', path, payload),
    patch: (path, payload) => call('PATCH', path, payload),
    del: (path, payload) => call('DELETE', path, payload),
  };
}

// Enrolls two-factor sign-in for `login` through the API and returns the
// base32 secret (staff and admin must have it before using anything else).
export async function enrollTotp(url, login, password) {
  const { freshCode } = await import('./totp.js');
  const session = await apiSession(url, login, password);
  const { secret } = await session.post('/api/v1/me/totp');
  await session.post('/api/v1/me/totp/confirm', { code: await freshCode(secret) });
  return secret;
}
