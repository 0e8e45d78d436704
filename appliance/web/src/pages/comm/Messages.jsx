// Messaging: one's conversations (and a search), a conversation with its
// messages and the reply form, and a new message with its recipients.
// Message text is always shown as text.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatInstant } from '../../format.js';
import { Link, navigate } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, useApi, useForm } from '../../ui.jsx';
import { RecipientsPicker, recipientValue } from './Recipients.jsx';

function Search() {
  const [q, setQ] = useState('');
  const [asked, setAsked] = useState('');
  const hits = useApi(asked ? '/api/v1/messages/search' : null, { q: asked });
  return (
    <section aria-labelledby="search-title" class="card">
      <h2 id="search-title" class="visually-hidden">Rechercher</h2>
      <form role="search" class="inline-form" onSubmit={(e) => { e.preventDefault(); setAsked(q.trim()); }}>
        <label for="message-search">Rechercher dans mes messages</label>
        <input id="message-search" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <button type="submit" class="button-secondary">Rechercher</button>
      </form>
      {asked && (
        <Loaded state={hits}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>Aucun message trouvé.</Empty>
            ) : (
              <ul class="plain-list">
                {page.items.map((hit) => (
                  <li key={hit.id}>
                    <Link href={`/messages/${hit.conversation_id}`}>{hit.subject}</Link>{' '}
                    <span class="muted">{hit.author?.name} · {formatInstant(hit.created_at)}</span>
                    <p class="user-text">{hit.excerpt}</p>
                  </li>
                ))}
              </ul>
            )
          }
        </Loaded>
      )}
    </section>
  );
}

export function Conversations() {
  const [before, setBefore] = useState(null);
  const state = useApi('/api/v1/conversations', { before, limit: 30 });
  return (
    <>
      <PageTitle>Messagerie</PageTitle>
      <p>
        <Link href="/messages/nouveau" class="button-primary">Nouveau message</Link>
      </p>
      <Search />
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucune conversation.</Empty>
          ) : (
            <>
              <ul class="conversation-list">
                {page.items.map((c) => (
                  <li key={c.id} class={`card conversation${c.unread ? ' conversation-unread' : ''}`}>
                    <Link href={`/messages/${c.id}`} class="conversation-subject">{c.subject}</Link>
                    {c.unread > 0 && <span class="status status-pending">{c.unread} non lu{c.unread > 1 ? 's' : ''}</span>}
                    {c.left && <span class="muted"> (quittée)</span>}
                    {c.last_message && (
                      <p class="conversation-last">
                        <span class="muted">{c.last_message.author?.name || 'Compte supprimé'}, {formatInstant(c.last_message.created_at)} : </span>
                        <span class="user-text">{c.last_message.excerpt}</span>
                      </p>
                    )}
                  </li>
                ))}
              </ul>
              {page.next && (
                <button type="button" class="button-secondary" onClick={() => setBefore(page.next)}>
                  Conversations plus anciennes
                </button>
              )}
            </>
          )
        }
      </Loaded>
    </>
  );
}

function appendFiles(data, input) {
  if (!input) return;
  for (const file of input.files) data.append('file', file);
}

export function NewMessage({ query }) {
  const [recipients, setRecipients] = useState(() => {
    const to = Number(query.get('a'));
    return to ? [{ kind: 'person', user_id: to, name: query.get('nom') || `Personne ${to}` }] : [];
  });
  const [subject, setSubject] = useState(query.get('objet') || '');
  const [text, setText] = useState('');
  const [replies, setReplies] = useState('');
  const hasGroup = recipients.some((r) => r.kind !== 'person');
  const form = useForm(async (event) => {
    const data = new FormData();
    data.set('subject', subject);
    data.set('recipients', JSON.stringify(recipients.map(recipientValue)));
    data.set('text', text);
    if (replies) data.set('replies', replies);
    appendFiles(data, event.currentTarget.elements.file);
    const message = await api.upload('/api/v1/conversations', data);
    navigate(`/messages/${message.conversation_id}?envoye=1`);
  });
  const recipientError = Object.entries(form.errors).find(([field]) => field.startsWith('recipients'))?.[1];
  return (
    <>
      <p class="breadcrumb"><Link href="/messages">Messagerie</Link></p>
      <PageTitle>Nouveau message</PageTitle>
      <form onSubmit={form.submit} class="card" encType="multipart/form-data">
        <FormError error={form.formError} />
        <RecipientsPicker chosen={recipients} onChange={setRecipients} error={recipientError} />
        <Field label="Objet" name="subject" required maxLength={200} value={subject}
          onInput={(e) => setSubject(e.currentTarget.value)} error={form.errors.subject} />
        <Field label="Message" name="text" multiline rows={8} required value={text}
          onInput={(e) => setText(e.currentTarget.value)} error={form.errors.text} />
        {hasGroup && (
          <div class="field">
            <label for="message-replies">Réponses</label>
            <select id="message-replies" value={replies} onChange={(e) => setReplies(e.currentTarget.value)}>
              <option value="">À moi seulement (conseillé pour un groupe)</option>
              <option value="everyone">À tous les destinataires</option>
            </select>
          </div>
        )}
        <Field label="Pièces jointes" name="file" type="file" multiple hint="10 fichiers au plus." error={form.errors.file} />
        <SubmitButton busy={form.busy}>Envoyer</SubmitButton>
      </form>
    </>
  );
}

function MessageItem({ message, mine }) {
  const [reporting, setReporting] = useState(false);
  const [reason, setReason] = useState('');
  const [reported, setReported] = useState('');
  const form = useForm(async () => {
    await api.post(`/api/v1/messages/${message.id}/report`, { reason });
    setReporting(false);
    setReported("Message signalé à l'administration.");
  });
  return (
    <li class={`card message${mine ? ' message-mine' : ''}`} data-testid="message">
      <p class="message-meta">
        <strong>{mine ? 'Moi' : message.author?.name || 'Compte supprimé'}</strong>{' '}
        <span class="muted">{formatInstant(message.created_at)}</span>
      </p>
      <p class="user-text message-text">{message.text}</p>
      {message.attachments.length > 0 && (
        <ul class="plain-list">
          {message.attachments.map((file) => (
            <li key={file.id}>
              <a href={`/api/v1/messages/${message.id}/attachments/${file.id}`}>{file.name}</a>
            </li>
          ))}
        </ul>
      )}
      {!mine && !reporting && !reported && (
        <button type="button" class="button-quiet" onClick={() => setReporting(true)}>
          Signaler<span class="visually-hidden"> le message de {message.author?.name}</span>
        </button>
      )}
      {reporting && (
        <form onSubmit={form.submit}>
          <FormError error={form.formError} />
          <Field label="Pourquoi signalez-vous ce message ?" name="reason" multiline rows={2} required
            value={reason} onInput={(e) => setReason(e.currentTarget.value)} error={form.errors.reason} />
          <div class="actions">
            <SubmitButton busy={form.busy}>Signaler</SubmitButton>
            <button type="button" class="button-quiet" onClick={() => setReporting(false)}>Annuler</button>
          </div>
        </form>
      )}
      {reported && <p role="status" class="form-status">{reported}</p>}
    </li>
  );
}

function Reply({ conversation, onSent }) {
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const form = useForm(async (event) => {
    const target = event.currentTarget;
    const data = new FormData();
    data.set('text', text);
    appendFiles(data, target.elements.file);
    const message = await api.upload(`/api/v1/conversations/${conversation.id}/messages`, data);
    setText('');
    target.reset();
    if (message.conversation_id !== conversation.id) {
      setNote('Réponse envoyée en privé à l\'auteur.');
      navigate(`/messages/${message.conversation_id}`);
      return;
    }
    setNote('Réponse envoyée.');
    onSent();
  });
  return (
    <section class="card" aria-labelledby="reply-title">
      <h2 id="reply-title">Répondre</h2>
      {conversation.replies === 'author' && conversation.started_by?.id !== undefined && (
        <p class="hint">Votre réponse n'ira qu'à {conversation.started_by?.name}.</p>
      )}
      <form onSubmit={form.submit} encType="multipart/form-data">
        <FormError error={form.formError} />
        <Field label="Votre réponse" name="text" multiline rows={5} required value={text}
          onInput={(e) => { setNote(''); setText(e.currentTarget.value); }} error={form.errors.text} />
        <Field label="Pièces jointes" name="file" type="file" multiple error={form.errors.file} />
        <SubmitButton busy={form.busy}>Envoyer la réponse</SubmitButton>
        <p role="status" class="form-status">{note}</p>
      </form>
    </section>
  );
}

export function Conversation({ params, query }) {
  const { me } = useSession();
  const state = useApi(`/api/v1/conversations/${encodeURIComponent(params.id)}`, { limit: 100 });
  const lastId = state.data?.messages?.items?.slice(-1)[0]?.id;
  useEffect(() => {
    if (state.data && state.data.unread > 0) {
      api.post(`/api/v1/conversations/${params.id}/read`, {}).catch(() => {});
    }
  }, [lastId]);
  const leave = useForm(async () => {
    await api.post(`/api/v1/conversations/${params.id}/leave`);
    state.reload();
  });
  return (
    <>
      <p class="breadcrumb"><Link href="/messages">Messagerie</Link></p>
      <Loaded state={state}>
        {(c) => {
          const others = (c.participants || []).filter((p) => p.id !== me.id);
          const messages = c.messages?.items || [];
          return (
            <>
              <PageTitle>{c.subject}</PageTitle>
              <p role="status" class="form-status">{query.get('envoye') ? 'Message envoyé.' : ''}</p>
              <p class="muted">
                Avec {others.map((p) => p.name + (p.left_at ? ' (partie)' : '')).join(', ') || 'personne d\'autre'}
                {c.participant_count > (c.participants || []).length ? ` et ${c.participant_count - c.participants.length} autres` : ''}
              </p>
              <ol class="message-list" aria-label="Messages">
                {messages.map((m) => (
                  <MessageItem key={m.id} message={m} mine={m.author?.id === me.id} />
                ))}
              </ol>
              {c.left ? (
                <p class="muted">Vous avez quitté cette conversation.</p>
              ) : (
                <>
                  <Reply conversation={c} onSent={state.reload} />
                  <FormError error={leave.formError} />
                  <button type="button" class="button-quiet" onClick={leave.submit} disabled={leave.busy}>
                    Quitter la conversation
                  </button>
                </>
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}
