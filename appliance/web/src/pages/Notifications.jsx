// The notification feed, newest first, with "mark all read".
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Link } from '../router.jsx';
import { pageForLink } from '../links.js';
import { formatInstant } from '../format.js';
import { useSession } from '../session.jsx';
import { Empty, FormError, Loaded, PageTitle, useApi } from '../ui.jsx';

export function Notifications() {
  const { setUnread } = useSession();
  const [before, setBefore] = useState(null);
  const state = useApi('/api/v1/me/notifications', { before, limit: 30 });
  const [error, setError] = useState(null);

  const markAll = async (upTo) => {
    setError(null);
    try {
      const result = await api.post('/api/v1/me/notifications/read', { up_to_id: upTo });
      setUnread(result.unread);
      state.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <>
      <PageTitle>Notifications</PageTitle>
      <FormError error={error} />
      <Loaded state={state}>
        {(page) => (
          <>
            <p class="toolbar">
              <span>{page.unread} non lue(s)</span>
              {page.items.length > 0 && page.unread > 0 && (
                <button type="button" class="button-secondary" onClick={() => markAll(page.items[0].id)}>
                  Tout marquer comme lu
                </button>
              )}
            </p>
            {page.items.length === 0 ? (
              <Empty>Aucune notification.</Empty>
            ) : (
              <ul class="notice-list">
                {page.items.map((notice) => {
                  const target = pageForLink(notice.link);
                  return (
                    <li key={notice.id} class={`card notice${notice.read ? '' : ' notice-unread'}`}>
                      <p class="notice-title">
                        {!notice.read && <span class="visually-hidden">Non lue : </span>}
                        {target ? <Link href={target}>{notice.title}</Link> : notice.title}
                      </p>
                      {notice.body && <p class="user-text">{notice.body}</p>}
                      <p class="muted">{formatInstant(notice.created_at)}</p>
                    </li>
                  );
                })}
              </ul>
            )}
            <p class="pager">
              {before && (
                <button type="button" class="button-secondary" onClick={() => setBefore(null)}>
                  Les plus récentes
                </button>
              )}
              {page.next && page.items.length > 0 && (
                <button type="button" class="button-secondary" onClick={() => setBefore(page.next)}>
                  Plus anciennes
                </button>
              )}
            </p>
          </>
        )}
      </Loaded>
    </>
  );
}
