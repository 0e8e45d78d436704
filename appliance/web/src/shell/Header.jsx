// The banner: the school's name, the child switcher of a parent, the
// notification bell with its live unread count, and sign-out.
import { Link } from '../router.jsx';
import { ROLE_LABELS, useSession } from '../session.jsx';
import { personName } from '../format.js';
import { AUTHORITY_ROLES } from '../pages/authority/Accounts.jsx';

function ChildSwitcher() {
  const { me, children, child, selectChild } = useSession();
  if (!me.roles.includes('parent') || children.length === 0) return null;
  if (children.length === 1) {
    return <p class="child-single">Enfant : {personName(children[0])}</p>;
  }
  return (
    <div class="child-switcher" role="group" aria-label="Choisir l'enfant">
      {children.map((kid) => (
        <button
          type="button"
          key={kid.id}
          class="chip"
          aria-pressed={child && child.id === kid.id ? 'true' : 'false'}
          onClick={() => selectChild(kid.id)}
        >
          {kid.given_name}
          {kid.class && <span class="chip-detail"> {kid.class.label}</span>}
        </button>
      ))}
    </div>
  );
}

function Bell() {
  const { unread, lastNotice } = useSession();
  const label = unread > 0 ? `Notifications, ${unread} non lue${unread > 1 ? 's' : ''}` : 'Notifications';
  return (
    <>
      <Link href="/notifications" class="bell" aria-label={label}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
          />
        </svg>
        {unread > 0 && (
          <span class="badge" data-testid="unread-count">
            {unread}
          </span>
        )}
      </Link>
      <p class="visually-hidden" aria-live="polite">
        {lastNotice ? `Nouvelle notification : ${lastNotice.title}` : ''}
      </p>
    </>
  );
}

export function Header() {
  const { me, signOut } = useSession();
  const roles = me.authority
    ? `${AUTHORITY_ROLES[me.authority.role] || me.authority.role}${me.authority.department ? ` (${me.authority.department})` : ''}`
    : me.roles.map((role) => ROLE_LABELS[role] || role).join(', ');
  return (
    <header class="banner-bar">
      <div class="brand">
        <Link href="/" class="brand-link">
          <img src="/icons/icon.svg" alt="" width="32" height="32" />
          <span>Cartable</span>
        </Link>
      </div>
      <ChildSwitcher />
      <div class="header-actions">
        {!me.authority && <Bell />}
        <Link href="/profil" class="who">
          <span class="who-name">{personName(me)}</span>
          <span class="who-role">{roles}</span>
        </Link>
        <button type="button" class="button-quiet" onClick={signOut}>
          Se déconnecter
        </button>
      </div>
    </header>
  );
}
