// What is waiting to be read: messages, notifications, announcements. The
// dashboard counts them for students, parents and teachers; staff and
// admins get the live notification count of the header's bell.
import { Link } from '../../router.jsx';
import { countOf, formatInstant } from '../../format.js';
import { useSession } from '../../session.jsx';

function LatestAnnouncements({ items }) {
  if (!items || items.length === 0) return null;
  return (
    <>
      <h3>Actualités à lire</h3>
      <ul class="plain-list">
        {items.map((item) => (
          <li key={item.id}>
            <Link href={`/actualites/${item.id}`}>{item.title}</Link>{' '}
            <span class="muted">— {formatInstant(item.publish_at)}</span>
            {item.pinned && <span class="status status-pending dash-pinned">Épinglée</span>}
          </li>
        ))}
      </ul>
    </>
  );
}

// `unread`: the dashboard's DashboardUnread, or null when the API gives none.
export function UnreadSummary({ unread }) {
  const session = useSession();
  const notifications = unread ? unread.notifications : session.unread;
  return (
    <section class="card dash-unread" aria-labelledby="dash-unread">
      <h2 id="dash-unread">À lire</h2>
      <ul class="plain-list" data-testid="dash-unread">
        <li>
          <Link href="/messages">
            {unread ? countOf(unread.messages, 'message non lu', 'messages non lus') : 'Messagerie'}
          </Link>
          {unread?.conversations > 0 && (
            <span class="muted"> dans {countOf(unread.conversations, 'conversation', 'conversations')}</span>
          )}
        </li>
        <li>
          <Link href="/notifications">{countOf(notifications, 'notification non lue', 'notifications non lues')}</Link>
        </li>
        <li>
          <Link href="/actualites">
            {unread ? countOf(unread.announcements, 'actualité non lue', 'actualités non lues') : 'Actualités'}
          </Link>
        </li>
      </ul>
      <LatestAnnouncements items={unread?.latest_announcements} />
    </section>
  );
}
