// Who is signed in, for the whole app: the profile, the children of a parent
// and the one being looked at, and the live unread-notification count.
import { createContext } from 'preact';
import { useCallback, useContext, useEffect, useState } from 'preact/hooks';
import { api, setCsrfToken } from './api.js';

const SessionContext = createContext(null);
const CHILD_KEY = 'cartable.child';

export const ROLE_LABELS = {
  student: 'Élève',
  parent: 'Responsable',
  teacher: 'Professeur',
  staff: 'Vie scolaire',
  admin: 'Administration',
};

export function hasRole(me, roles) {
  if (!roles) return true;
  if (me?.authority && roles.includes(`authority:${me.authority.role}`)) return true;
  return Boolean(me) && me.roles.some((role) => roles.includes(role));
}

// Whether `me` may open `route`: an authority account at the hub sees its
// dashboards and its own account page, none of a school's pages.
export function canOpen(me, route) {
  if (me?.authority && !route.public && route.path !== '/profil') {
    return Boolean(route.roles?.some((role) => role.startsWith('authority:'))) && hasRole(me, route.roles);
  }
  return hasRole(me, route.roles);
}

export function useSession() {
  return useContext(SessionContext);
}

// The student a page is about: the selected child for a parent, oneself
// for a student, null otherwise.
export function useStudent() {
  const session = useSession();
  if (!session.me) return null;
  if (session.me.roles.includes('student')) return session.me;
  return session.child;
}

function forgetSavedData() {
  navigator.serviceWorker?.controller?.postMessage('forget-data');
  if (window.caches) caches.delete('cartable-data').catch(() => {});
}

// Listens to /api/v1/me/events and keeps `unread` current.
function useLiveUnread(me, setUnread, onNotice) {
  useEffect(() => {
    if (!me || typeof EventSource === 'undefined') return undefined;
    const source = new EventSource('/api/v1/me/events');
    source.addEventListener('unread', (event) => setUnread(JSON.parse(event.data).unread));
    source.addEventListener('notification', (event) => {
      const notice = JSON.parse(event.data);
      if (typeof notice.unread === 'number') setUnread(notice.unread);
      onNotice(notice);
    });
    return () => source.close();
  }, [me && me.id]);
}

export function SessionProvider({ children: content }) {
  const [state, setState] = useState({ loading: true, me: null, children: [], offline: null });
  const [childId, setChildId] = useState(() => Number(localStorage.getItem(CHILD_KEY)) || null);
  const [unread, setUnread] = useState(0);
  const [lastNotice, setLastNotice] = useState(null);

  const load = useCallback(async () => {
    try {
      const meta = {};
      const me = await api.get('/api/v1/me', { meta });
      let children = [];
      const restricted = me.must_change_password || me.second_factor_setup_required;
      if (me.roles.includes('parent') && !restricted) {
        children = (await api.get('/api/v1/me/children')).items;
      }
      // An account holding no school role may be the regional authority's, at the hub.
      if (me.roles.length === 0 && !restricted) {
        me.authority = await api.get('/api/v1/authority/me').catch(() => null);
      }
      setState({ loading: false, me, children, offline: meta.offline || null });
    } catch (error) {
      setState({ loading: false, me: null, children: [], offline: null, error });
    }
  }, []);

  useEffect(() => {
    load();
    const signedOut = () => setState({ loading: false, me: null, children: [], offline: null });
    window.addEventListener('cartable:signed-out', signedOut);
    return () => window.removeEventListener('cartable:signed-out', signedOut);
  }, [load]);

  useLiveUnread(state.me, setUnread, setLastNotice);

  const signIn = useCallback(
    async (credentials) => {
      const signed = await api.post('/api/v1/session', { ...credentials, client: 'browser' });
      setCsrfToken(signed.csrf_token);
      forgetSavedData();
      await load();
      return signed;
    },
    [load],
  );

  const signOut = useCallback(async () => {
    try {
      await api.del('/api/v1/session');
    } catch {
      // Signed out on this device whatever the server answered.
    }
    setCsrfToken(null);
    forgetSavedData();
    localStorage.removeItem(CHILD_KEY);
    setState({ loading: false, me: null, children: [], offline: null });
  }, []);

  const selectChild = useCallback((id) => {
    localStorage.setItem(CHILD_KEY, String(id));
    setChildId(id);
  }, []);

  const kids = state.children || [];
  const child = kids.find((kid) => kid.id === childId) || kids[0] || null;
  const value = {
    ...state,
    child,
    selectChild,
    unread,
    setUnread,
    lastNotice,
    signIn,
    signOut,
    reload: load,
  };
  return <SessionContext.Provider value={value}>{content}</SessionContext.Provider>;
}
