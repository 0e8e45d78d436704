// The main navigation: the routes marked `nav` that the person's roles may
// open. On a phone it folds behind a "Menu" button.
import { useState } from 'preact/hooks';
import { Link } from '../router.jsx';
import { canOpen, useSession } from '../session.jsx';
import { routes } from '../routes.js';

function isCurrent(route, current) {
  if (route.path === '/') return current === '/';
  return current === route.path || current.startsWith(route.path + '/');
}

export function Navigation({ current }) {
  const { me } = useSession();
  const [open, setOpen] = useState(false);
  const entries = routes.filter((route) => route.nav && canOpen(me, route));
  return (
    <nav class="main-nav" aria-label="Navigation principale">
      <button
        type="button"
        class="menu-toggle"
        aria-expanded={open ? 'true' : 'false'}
        aria-controls="main-nav-list"
        onClick={() => setOpen(!open)}
      >
        Menu
      </button>
      <ul id="main-nav-list" class={open ? 'open' : ''}>
        {entries.map((route) => (
          <li key={route.path}>
            <Link
              href={route.path}
              aria-current={isCurrent(route, current) ? 'page' : undefined}
              onClick={() => setOpen(false)}
            >
              {route.nav}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
