// The application: sign-in when nobody is signed in, the restricted setup
// page while a password change or two-factor setup is pending, otherwise
// the shell (banner, navigation, main) around the page of the address.
import { useEffect, useRef } from 'preact/hooks';
import { findRoute, navigate, useLocation } from '../router.jsx';
import { canOpen, SessionProvider, useSession } from '../session.jsx';
import { routes, notFoundRoute } from '../routes.js';
import { SignIn } from '../pages/SignIn.jsx';
import { FirstSteps } from '../pages/Profile.jsx';
import { Header } from './Header.jsx';
import { Navigation } from './Navigation.jsx';

export function App() {
  return (
    <SessionProvider>
      <Root />
    </SessionProvider>
  );
}

function useDocumentTitle(title) {
  useEffect(() => {
    document.title = title ? `${title} — Cartable` : 'Cartable';
  }, [title]);
}

// After an in-app navigation the focus goes to the new page's title, so that
// screen readers announce it and keyboard users start from the top.
function useFocusOnNavigation(path) {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const title = document.getElementById('page-title');
    if (title) title.focus();
  }, [path]);
}

function Root() {
  const session = useSession();
  const { path, query } = useLocation();
  const found = findRoute(routes, path);
  const route = found?.route ?? notFoundRoute;
  const allowed = canOpen(session.me, route);
  const title = !session.me ? 'Connexion' : allowed ? route.title : 'Page introuvable';
  useDocumentTitle(route.public ? route.title : session.loading ? '' : title);
  useFocusOnNavigation(path);

  if (route.public) return <PublicPage route={route} found={found} query={query} />;
  if (session.loading) {
    return (
      <p class="loading" role="status">
        Chargement…
      </p>
    );
  }
  if (!session.me) return <SignIn />;
  if (session.me.must_change_password || session.me.second_factor_setup_required) {
    return <FirstSteps />;
  }
  if (path === '/connexion' || (path === '/' && session.me.authority)) {
    navigate(session.me.authority ? '/autorite' : '/', { replace: true });
    return null;
  }
  const Page = allowed ? route.page : notFoundRoute.page;
  return (
    <div class="layout">
      <a class="skip-link" href="#main">
        Aller au contenu
      </a>
      <Header />
      <Navigation current={path} />
      <main id="main" tabIndex={-1}>
        <Page params={found?.params ?? {}} query={query} />
      </main>
    </div>
  );
}

// A page open to anyone (the public indicators): no sign-in, no navigation.
function PublicPage({ route, found, query }) {
  const Page = route.page;
  return (
    <div class="public-layout">
      <a class="skip-link" href="#main">
        Aller au contenu
      </a>
      <header>
        <p>
          <a href="/">Cartable</a>
        </p>
      </header>
      <main id="main" tabIndex={-1}>
        <Page params={found?.params ?? {}} query={query} />
      </main>
    </div>
  );
}
