// Names of people behind ids, for staff, admin and teacher screens: fetched
// once each from /api/v1/users/{id} and kept for the session. Ids the caller
// may not read stay nameless.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { personName } from '../format.js';

const known = new Map();
const pending = new Map();

function fetchName(id) {
  if (!pending.has(id)) {
    pending.set(
      id,
      api
        .get(`/api/v1/users/${id}`)
        .then((user) => known.set(id, personName(user)))
        .catch(() => known.set(id, '')),
    );
  }
  return pending.get(id);
}

export function rememberPerson(id, name) {
  if (id && name) known.set(id, name);
}

// Returns name(id); re-renders as names arrive.
export function usePeople(ids) {
  const wanted = [...new Set(ids.filter((id) => id && !known.has(id)))];
  const [, setRound] = useState(0);
  const key = wanted.join(',');
  useEffect(() => {
    if (!key) return undefined;
    let live = true;
    Promise.all(wanted.map(fetchName)).then(() => live && setRound((n) => n + 1));
    return () => {
      live = false;
    };
  }, [key]);
  return (id, fallback = '') => known.get(id) || fallback;
}
