// Announcements (actualités): the feed addressed to the caller, one
// announcement (read mark), and for teachers, staff and admins the ones they
// wrote with their read receipts and the form to write one.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatInstant } from '../../format.js';
import { Link, navigate } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, useApi, useForm } from '../../ui.jsx';

const AUTHORS = ['teacher', 'staff', 'admin'];
const STATUS = { scheduled: 'Programmée', published: 'Publiée', expired: 'Expirée' };
const KINDS = {
  school: 'Tout l\'établissement',
  staff: 'Les personnels',
  class: 'Une classe (élèves et parents)',
  class_students: 'Les élèves d\'une classe',
  class_parents: 'Les parents d\'une classe',
};

function Reads({ reads }) {
  if (!reads) return null;
  return (
    <span class="muted">
      Lue par {reads.read} sur {reads.audience} ({Math.round(reads.ratio * 100)} %)
    </span>
  );
}

function AnnouncementItem({ item, authored }) {
  return (
    <li class={`card announcement${!authored && !item.read ? ' notice-unread' : ''}`}>
      <Link href={`/actualites/${item.id}`} class="announcement-title">{item.title}</Link>{' '}
      {item.pinned && <span class="status status-pending">Épinglée</span>}{' '}
      {!authored && !item.read && <span class="status status-to_do">Non lue</span>}
      {authored && <span class="status status-justified">{STATUS[item.status]}</span>}
      <p class="muted">{formatInstant(item.publish_at)}</p>
      <p class="user-text announcement-excerpt">{item.body.length > 240 ? `${item.body.slice(0, 240)}…` : item.body}</p>
      {authored && <Reads reads={item.reads} />}
    </li>
  );
}

export function Announcements({ query }) {
  const { me } = useSession();
  const mayWrite = me.roles.some((r) => AUTHORS.includes(r));
  const view = query.get('vue') === 'miennes' && mayWrite ? 'authored' : 'feed';
  const state = useApi('/api/v1/announcements', { view, limit: 50 });
  return (
    <>
      <PageTitle>Actualités</PageTitle>
      {mayWrite && (
        <div class="toolbar">
          <p class="tabs">
            <Link href="/actualites" aria-current={view === 'feed' ? 'page' : undefined}>Pour moi</Link>
            <Link href="/actualites?vue=miennes" aria-current={view === 'authored' ? 'page' : undefined}>Mes publications</Link>
          </p>
          <Link href="/actualites/nouvelle" class="button-primary">Publier une actualité</Link>
        </div>
      )}
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucune actualité.</Empty>
          ) : (
            <>
              {view === 'feed' && page.unread > 0 && <p>{page.unread} actualité(s) non lue(s).</p>}
              <ul class="plain-list announcement-list">
                {page.items.map((item) => <AnnouncementItem key={item.id} item={item} authored={view === 'authored'} />)}
              </ul>
            </>
          )
        }
      </Loaded>
    </>
  );
}

export function AnnouncementDetail({ params }) {
  const { me } = useSession();
  const state = useApi(`/api/v1/announcements/${encodeURIComponent(params.id)}`);
  const remove = useForm(async () => {
    await api.del(`/api/v1/announcements/${params.id}`);
    navigate('/actualites?vue=miennes');
  });
  useEffect(() => {
    if (state.data && state.data.read === false) api.post(`/api/v1/announcements/${params.id}/read`).catch(() => {});
  }, [state.data?.id]);
  return (
    <>
      <p class="breadcrumb"><Link href="/actualites">Actualités</Link></p>
      <Loaded state={state}>
        {(item) => (
          <>
            <PageTitle>{item.title}</PageTitle>
            <p class="muted">
              {formatInstant(item.publish_at)}
              {item.expires_at ? ` — jusqu'au ${formatInstant(item.expires_at)}` : ''}
            </p>
            <article class="card">
              <p class="user-text" data-testid="announcement-body">{item.body}</p>
              {item.attachments.length > 0 && (
                <ul class="plain-list">
                  {item.attachments.map((file) => (
                    <li key={file.id}><a href={`/api/v1/announcements/${item.id}/attachments/${file.id}`}>{file.name}</a></li>
                  ))}
                </ul>
              )}
            </article>
            {item.reads && <p><Reads reads={item.reads} /></p>}
            {(item.author_id === me.id || me.roles.includes('admin')) && (
              <>
                <FormError error={remove.formError} />
                <button type="button" class="button-quiet" onClick={remove.submit} disabled={remove.busy}>
                  Supprimer l'actualité
                </button>
              </>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

function toSeconds(local) {
  return local ? Math.floor(new Date(local).getTime() / 1000) : undefined;
}

export function NewAnnouncement() {
  const { me } = useSession();
  const teacherOnly = !me.roles.some((r) => r === 'staff' || r === 'admin');
  const classes = useApi('/api/v1/classes');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [kind, setKind] = useState(teacherOnly ? 'class' : 'school');
  const [classId, setClassId] = useState('');
  const [audiences, setAudiences] = useState([]);
  const [pinned, setPinned] = useState(false);
  const [publishAt, setPublishAt] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const classLabel = (id) => (classes.data?.items || []).find((c) => c.id === id)?.label || id;
  const needsClass = kind.startsWith('class');
  const addAudience = () => {
    const audience = needsClass ? { kind, class_id: Number(classId) } : { kind };
    if (!audiences.some((a) => a.kind === audience.kind && a.class_id === audience.class_id)) {
      setAudiences([...audiences, audience]);
    }
  };
  const form = useForm(async (event) => {
    const files = event.currentTarget.elements.file.files; // read before any await
    const chosen = audiences.length ? audiences : [needsClass ? { kind, class_id: Number(classId) } : { kind }];
    const created = await api.post('/api/v1/announcements', {
      title, body, audiences: chosen, pinned,
      ...(publishAt ? { publish_at: toSeconds(publishAt) } : {}),
      ...(expiresAt ? { expires_at: toSeconds(expiresAt) } : {}),
    });
    if (files.length) {
      const data = new FormData();
      for (const file of files) data.append('file', file);
      await api.upload(`/api/v1/announcements/${created.id}/attachments`, data);
    }
    navigate(`/actualites/${created.id}`);
  });
  const kinds = Object.entries(KINDS).filter(([code]) => !teacherOnly || code.startsWith('class'));
  return (
    <>
      <p class="breadcrumb"><Link href="/actualites">Actualités</Link></p>
      <PageTitle>Publier une actualité</PageTitle>
      <form onSubmit={form.submit} class="card" encType="multipart/form-data">
        <FormError error={form.formError} />
        <Field label="Titre" name="title" required maxLength={200} value={title}
          onInput={(e) => setTitle(e.currentTarget.value)} error={form.errors.title} />
        <Field label="Texte" name="body" multiline rows={8} required value={body}
          onInput={(e) => setBody(e.currentTarget.value)} error={form.errors.body} />
        <fieldset>
          <legend>Destinataires</legend>
          {audiences.length > 0 && (
            <ul class="chips">
              {audiences.map((a, i) => (
                <li key={i}>
                  <span class="chip chip-static">
                    {KINDS[a.kind]}{a.class_id ? ` — ${classLabel(a.class_id)}` : ''}
                    <button type="button" class="chip-remove" onClick={() => setAudiences(audiences.filter((_, j) => j !== i))}>
                      <span aria-hidden="true">×</span><span class="visually-hidden">Retirer</span>
                    </button>
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div class="field-row">
            <div class="field">
              <label for="audience-kind">Public</label>
              <select id="audience-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
                {kinds.map(([code, label]) => <option key={code} value={code}>{label}</option>)}
              </select>
            </div>
            {needsClass && (
              <div class="field">
                <label for="audience-class">Classe</label>
                <select id="audience-class" value={classId} onChange={(e) => setClassId(e.currentTarget.value)}>
                  <option value="">— Choisir —</option>
                  {(classes.data?.items || []).map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
                </select>
              </div>
            )}
          </div>
          <button type="button" class="button-secondary" onClick={addAudience} disabled={needsClass && !classId}>
            Ajouter ce public
          </button>
          {Object.entries(form.errors).filter(([f]) => f.startsWith('audiences')).map(([f, m]) => (
            <p key={f} class="field-error" role="alert">{m}</p>
          ))}
        </fieldset>
        <div class="field-row">
          <Field label="Publier le (facultatif)" name="publish_at" type="datetime-local" value={publishAt}
            onInput={(e) => setPublishAt(e.currentTarget.value)} error={form.errors.publish_at} />
          <Field label="Retirer le (facultatif)" name="expires_at" type="datetime-local" value={expiresAt}
            onInput={(e) => setExpiresAt(e.currentTarget.value)} error={form.errors.expires_at} />
        </div>
        <div class="field-check">
          <input type="checkbox" id="announcement-pinned" checked={pinned} onChange={(e) => setPinned(e.currentTarget.checked)} />
          <label for="announcement-pinned">Épingler en tête</label>
        </div>
        <Field label="Pièces jointes" name="file" type="file" multiple hint="10 fichiers au plus." error={form.errors.file} />
        <SubmitButton busy={form.busy}>Publier</SubmitButton>
      </form>
    </>
  );
}
