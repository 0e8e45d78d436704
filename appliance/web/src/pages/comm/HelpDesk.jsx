// Help desk (assistance): one's requests and a new one (with an optional
// screenshot); a request's conversation. Admins see every request, change
// its status, take it, and write internal notes.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatInstant } from '../../format.js';
import { Link, navigate } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, TableScroll, useApi, useForm } from '../../ui.jsx';
import { usePeople } from '../people.js';

export const CATEGORIES = {
  account: 'Connexion, mot de passe',
  timetable: 'Emploi du temps',
  homework: 'Devoirs',
  grades: 'Notes',
  attendance: 'Absences',
  messaging: 'Messagerie',
  documents: 'Documents',
  other: 'Autre',
};
export const STATUSES = {
  open: 'Ouverte',
  in_progress: 'En cours',
  waiting_for_user: 'En attente de votre réponse',
  resolved: 'Résolue',
  closed: 'Fermée',
};
const TONE = { open: 'pending', in_progress: 'pending', waiting_for_user: 'to_do', resolved: 'justified', closed: 'justified' };

function Status({ status }) {
  return <span class={`status status-${TONE[status]}`}>{STATUSES[status]}</span>;
}

function NewTicket({ onCancel }) {
  const [category, setCategory] = useState('account');
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const form = useForm(async (event) => {
    const data = new FormData();
    data.set('category', category);
    data.set('subject', subject);
    data.set('text', text);
    const shot = event.currentTarget.elements.screenshot.files[0];
    if (shot) data.set('screenshot', shot);
    const ticket = await api.upload('/api/v1/helpdesk/tickets', data);
    navigate(`/assistance/${ticket.id}?envoyee=1`);
  });
  return (
    <section class="card" aria-labelledby="new-ticket">
      <h2 id="new-ticket">Nouvelle demande</h2>
      <form onSubmit={form.submit} encType="multipart/form-data">
        <FormError error={form.formError} />
        <div class="field">
          <label for="ticket-category">Sujet de la demande</label>
          <select id="ticket-category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            {Object.entries(CATEGORIES).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
          </select>
        </div>
        <Field label="Objet" name="subject" required maxLength={200} value={subject}
          onInput={(e) => setSubject(e.currentTarget.value)} error={form.errors.subject} />
        <Field label="Décrivez le problème" name="text" multiline rows={6} required value={text}
          onInput={(e) => setText(e.currentTarget.value)} error={form.errors.text} />
        <Field label="Capture d'écran (facultatif)" name="screenshot" type="file" accept="image/png,image/jpeg,image/webp"
          hint="PNG, JPEG ou WebP." error={form.errors.screenshot} />
        <div class="actions">
          <SubmitButton busy={form.busy}>Envoyer la demande</SubmitButton>
          <button type="button" class="button-quiet" onClick={onCancel}>Annuler</button>
        </div>
      </form>
    </section>
  );
}

export function HelpDesk() {
  const { me } = useSession();
  const isAdmin = me.roles.includes('admin');
  const [status, setStatus] = useState('');
  const [creating, setCreating] = useState(false);
  const state = useApi('/api/v1/helpdesk/tickets', { status, limit: 100 });
  const person = usePeople(isAdmin ? (state.data?.items || []).map((t) => t.reporter_id) : []);
  return (
    <>
      <PageTitle>Assistance</PageTitle>
      {creating ? (
        <NewTicket onCancel={() => setCreating(false)} />
      ) : (
        <p><button type="button" class="button-primary" onClick={() => setCreating(true)}>Nouvelle demande</button></p>
      )}
      <div class="field">
        <label for="ticket-status">Afficher</label>
        <select id="ticket-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">Toutes les demandes</option>
          {Object.entries(STATUSES).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
        </select>
      </div>
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucune demande.</Empty>
          ) : (
            <TableScroll label="Demandes">
              <table>
                <caption class="visually-hidden">Demandes d'assistance, les plus récentes d'abord</caption>
                <thead>
                  <tr>
                    <th scope="col">Objet</th>
                    {isAdmin && <th scope="col">Demandeur</th>}
                    <th scope="col">Sujet</th>
                    <th scope="col">État</th>
                    <th scope="col">Mise à jour</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((t) => (
                    <tr key={t.id}>
                      <th scope="row"><Link href={`/assistance/${t.id}`}>{t.subject}</Link></th>
                      {isAdmin && <td>{person(t.reporter_id, `n° ${t.reporter_id}`)}</td>}
                      <td>{CATEGORIES[t.category]}</td>
                      <td><Status status={t.status} /></td>
                      <td>{formatInstant(t.updated_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Loaded>
    </>
  );
}

function AdminControls({ ticket, onChange }) {
  const { me } = useSession();
  const [status, setStatus] = useState(ticket.status);
  const form = useForm(async () => {
    onChange(await api.patch(`/api/v1/helpdesk/tickets/${ticket.id}`, { status }));
  });
  const take = useForm(async () => {
    onChange(await api.patch(`/api/v1/helpdesk/tickets/${ticket.id}`, { assignee_id: me.id, status: 'in_progress' }));
  });
  return (
    <section class="card" aria-labelledby="handle-title">
      <h2 id="handle-title">Traitement</h2>
      <FormError error={form.formError || take.formError} />
      <form onSubmit={form.submit} class="inline-form">
        <label for="ticket-new-status">État</label>
        <select id="ticket-new-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          {Object.entries(STATUSES).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
        </select>
        <SubmitButton busy={form.busy}>Changer l'état</SubmitButton>
      </form>
      {ticket.assignee_id !== me.id && (
        <button type="button" class="button-secondary" onClick={take.submit} disabled={take.busy}>
          Prendre en charge
        </button>
      )}
    </section>
  );
}

function Comment({ ticket, isAdmin, onDone }) {
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(false);
  const form = useForm(async () => {
    await api.post(`/api/v1/helpdesk/tickets/${ticket.id}/comments`, { text, internal });
    setText('');
    onDone();
  });
  if (ticket.status === 'closed') return <p class="muted">Cette demande est fermée : ouvrez-en une nouvelle si besoin.</p>;
  return (
    <section class="card" aria-labelledby="comment-title">
      <h2 id="comment-title">Répondre</h2>
      <form onSubmit={form.submit}>
        <FormError error={form.formError} />
        <Field label="Votre message" name="text" multiline rows={4} required value={text}
          onInput={(e) => setText(e.currentTarget.value)} error={form.errors.text} />
        {isAdmin && (
          <div class="field-check">
            <input type="checkbox" id="comment-internal" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />
            <label for="comment-internal">Note interne (invisible pour le demandeur)</label>
          </div>
        )}
        <SubmitButton busy={form.busy}>Envoyer</SubmitButton>
      </form>
    </section>
  );
}

export function Ticket({ params, query }) {
  const { me } = useSession();
  const isAdmin = me.roles.includes('admin');
  const state = useApi(`/api/v1/helpdesk/tickets/${encodeURIComponent(params.id)}`);
  const [changed, setChanged] = useState(null);
  const ticket = changed && state.data && changed.id === state.data.id ? { ...state.data, ...changed } : state.data;
  const person = usePeople(ticket ? [ticket.reporter_id, ticket.assignee_id, ...(ticket.comments || []).map((c) => c.author_id)] : []);
  return (
    <>
      <p class="breadcrumb"><Link href="/assistance">Assistance</Link></p>
      <Loaded state={state}>
        {() => (
          <>
            <PageTitle>{ticket.subject}</PageTitle>
            <p role="status" class="form-status">{query.get('envoyee') ? 'Demande envoyée aux administrateurs.' : ''}</p>
            <p>
              <Status status={ticket.status} /> <span class="muted">{CATEGORIES[ticket.category]} — ouverte le {formatInstant(ticket.created_at)}
              {isAdmin ? ` par ${person(ticket.reporter_id, `n° ${ticket.reporter_id}`)}` : ''}
              {ticket.assignee_id ? `, suivie par ${person(ticket.assignee_id, 'un administrateur')}` : ''}</span>
            </p>
            <article class="card">
              <p class="user-text">{ticket.text}</p>
              {ticket.has_screenshot && <p><a href={`/api/v1/helpdesk/tickets/${ticket.id}/screenshot`}>Capture d'écran</a></p>}
            </article>
            {(ticket.comments || []).length > 0 && (
              <section aria-labelledby="comments-title">
                <h2 id="comments-title">Échanges</h2>
                <ol class="plain-list">
                  {ticket.comments.map((c) => (
                    <li key={c.id} class={c.internal ? 'comment-internal' : ''}>
                      <p class="muted">
                        {c.author_id === me.id ? 'Moi' : person(c.author_id, c.author_id === ticket.reporter_id ? 'Demandeur' : 'Administration')}, {formatInstant(c.created_at)}
                        {c.internal ? ' — note interne' : ''}
                      </p>
                      <p class="user-text">{c.text}</p>
                    </li>
                  ))}
                </ol>
              </section>
            )}
            {isAdmin && <AdminControls ticket={ticket} onChange={setChanged} />}
            <Comment ticket={ticket} isAdmin={isAdmin} onDone={state.reload} />
          </>
        )}
      </Loaded>
    </>
  );
}
