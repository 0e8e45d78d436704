// Documents: one's personal space, the class spaces one may read, what
// others shared; a folder (sub-folders, documents, upload, new folder) and a
// document (versions, rename, delete, shares).
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatBytes, formatInstant } from '../../format.js';
import { Link, navigate } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, TableScroll, useApi, useForm } from '../../ui.jsx';
import { usePeople } from '../people.js';
import { RecipientsPicker } from './Recipients.jsx';

function folderHref(folder) {
  if (!folder.parent_id && folder.space === 'class') return `/documents/classes/${folder.class_id}`;
  if (!folder.parent_id) return '/documents';
  return `/documents/dossiers/${folder.id}`;
}

function Usage({ usage }) {
  if (!usage) return null;
  const ratio = usage.limit ? Math.min(1, usage.used / usage.limit) : 0;
  return (
    <p class="usage">
      <label for="usage-meter">Espace utilisé : {formatBytes(usage.used)} sur {formatBytes(usage.limit)}</label>{' '}
      <meter id="usage-meter" min="0" max="1" value={ratio}>{Math.round(ratio * 100)} %</meter>
    </p>
  );
}

function Upload({ folder, onDone }) {
  const [done, setDone] = useState('');
  const form = useForm(async (event) => {
    const target = event.currentTarget;
    const data = new FormData();
    for (const file of target.elements.file.files) data.append('file', file);
    const answer = await api.upload(`/api/v1/documents/folders/${folder.id}/files`, data);
    target.reset();
    setDone(`${answer.documents.length} document(s) déposé(s).`);
    onDone();
  });
  return (
    <form onSubmit={form.submit} encType="multipart/form-data" class="inline-block-form">
      <FormError error={form.formError} />
      <Field label="Déposer des fichiers" name="file" type="file" multiple required
        hint="Un fichier du même nom devient une nouvelle version." error={form.errors.file} />
      <SubmitButton busy={form.busy}>Déposer</SubmitButton>
      <p role="status" class="form-status">{done}</p>
    </form>
  );
}

function NewFolder({ folder, onDone }) {
  const [name, setName] = useState('');
  const form = useForm(async () => {
    await api.post('/api/v1/documents/folders', { parent_id: folder.id, name });
    setName('');
    onDone();
  });
  return (
    <form onSubmit={form.submit} class="inline-block-form">
      <FormError error={form.formError} />
      <Field label="Nouveau dossier" name="name" required maxLength={120} value={name}
        onInput={(e) => setName(e.currentTarget.value)} error={form.errors.name} />
      <SubmitButton busy={form.busy}>Créer le dossier</SubmitButton>
    </form>
  );
}

function FolderView({ folder, usage, onChange }) {
  const author = usePeople(folder.space === 'class' ? folder.documents.map((d) => d.created_by) : []);
  return (
    <>
      {folder.path.length > 1 && (
        <nav aria-label="Chemin" class="breadcrumb">
          {folder.path.slice(0, -1).map((f, i) => (
            <span key={f.id}>
              {i > 0 && ' / '}
              <Link href={folderHref(f)}>{f.parent_id ? f.name : f.space === 'class' ? 'Classe' : 'Mes documents'}</Link>
            </span>
          ))}
        </nav>
      )}
      <Usage usage={usage} />
      <section aria-labelledby="folders-title">
        <h2 id="folders-title">Dossiers</h2>
        {folder.folders.length === 0 ? (
          <Empty>Aucun dossier.</Empty>
        ) : (
          <ul class="plain-list folder-list">
            {folder.folders.map((f) => (
              <li key={f.id}><Link href={`/documents/dossiers/${f.id}`}>{f.name}</Link></li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="documents-title">
        <h2 id="documents-title">Documents</h2>
        {folder.documents.length === 0 ? (
          <Empty>Aucun document.</Empty>
        ) : (
          <TableScroll label="Documents">
            <table>
              <caption class="visually-hidden">Documents du dossier</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Taille</th>
                  <th scope="col">Modifié</th>
                  <th scope="col">Versions</th>
                </tr>
              </thead>
              <tbody>
                {folder.documents.map((d) => (
                  <tr key={d.id}>
                    <th scope="row">
                      <Link href={`/documents/fichiers/${d.id}`}>{d.name}</Link>
                      {folder.space === 'class' && author(d.created_by) && <span class="comment">{author(d.created_by)}</span>}
                    </th>
                    <td class="number">{formatBytes(d.current?.size)}</td>
                    <td>{formatInstant(d.updated_at)}</td>
                    <td class="number">{d.version_count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      {folder.can_write && (
        <section class="card" aria-labelledby="write-title">
          <h2 id="write-title">Ajouter</h2>
          <Upload folder={folder} onDone={onChange} />
          <NewFolder folder={folder} onDone={onChange} />
        </section>
      )}
    </>
  );
}

function useClassSpaces(me, children) {
  const isStaff = me.roles.some((r) => r === 'staff' || r === 'admin' || r === 'teacher');
  const classes = useApi(isStaff ? '/api/v1/classes' : null);
  const dashboard = useApi(me.roles.includes('student') ? '/api/v1/me/dashboard' : null);
  if (isStaff) return classes.data?.items || [];
  if (me.roles.includes('parent')) return children.map((kid) => kid.class).filter(Boolean);
  const own = dashboard.data?.student?.class;
  return own ? [own] : [];
}

function Shared() {
  const state = useApi('/api/v1/me/documents/shared');
  return (
    <section class="card" aria-labelledby="shared-title">
      <h2 id="shared-title">Partagés avec moi</h2>
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Rien n'est partagé avec vous.</Empty>
          ) : (
            <ul class="plain-list">
              {page.items.map((share) => (
                <li key={share.id}>
                  <Link href={share.document_id ? `/documents/fichiers/${share.document_id}` : `/documents/dossiers/${share.folder_id}`}>
                    {share.name}
                  </Link>{' '}
                  <span class="muted">{share.folder_id ? 'dossier' : 'document'}, le {formatInstant(share.created_at)}</span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

export function MyDocuments() {
  const { me, children } = useSession();
  const state = useApi('/api/v1/me/documents');
  const spaces = useClassSpaces(me, children || []);
  return (
    <>
      <PageTitle>Mes documents</PageTitle>
      <Loaded state={state}>{(root) => <FolderView folder={root} usage={root.usage} onChange={state.reload} />}</Loaded>
      <section class="card" aria-labelledby="class-spaces">
        <h2 id="class-spaces">Espaces des classes</h2>
        {spaces.length === 0 ? (
          <Empty>Aucun espace de classe.</Empty>
        ) : (
          <ul class="plain-list columns">
            {spaces.map((c) => (
              <li key={c.id}><Link href={`/documents/classes/${c.id}`}>{c.label}</Link></li>
            ))}
          </ul>
        )}
      </section>
      <Shared />
    </>
  );
}

export function ClassDocuments({ params }) {
  const state = useApi(`/api/v1/classes/${encodeURIComponent(params.id)}/documents`);
  const classes = useApi('/api/v1/classes');
  const label = (classes.data?.items || []).find((c) => c.id === Number(params.id))?.label;
  return (
    <>
      <p class="breadcrumb"><Link href="/documents">Mes documents</Link></p>
      <PageTitle>Documents de la classe{label ? ` ${label}` : ''}</PageTitle>
      <Loaded state={state}>{(root) => <FolderView folder={root} onChange={state.reload} />}</Loaded>
    </>
  );
}

export function DocumentFolder({ params }) {
  const state = useApi(`/api/v1/documents/folders/${encodeURIComponent(params.id)}`);
  const remove = useForm(async () => {
    const parent = state.data.path[state.data.path.length - 2];
    await api.del(`/api/v1/documents/folders/${params.id}`);
    navigate(parent ? folderHref(parent) : '/documents');
  });
  return (
    <Loaded state={state}>
      {(folder) => (
        <>
          <PageTitle>{folder.name}</PageTitle>
          <FolderView folder={folder} onChange={state.reload} />
          {folder.space === 'personal' && folder.shares && <Shares item={folder} kind="folders" onChange={state.reload} />}
          {folder.can_write && folder.folders.length === 0 && folder.documents.length === 0 && (
            <>
              <FormError error={remove.formError} />
              <button type="button" class="button-quiet" onClick={remove.submit}>Supprimer ce dossier vide</button>
            </>
          )}
        </>
      )}
    </Loaded>
  );
}

const TARGET = { class: 'la classe', group: 'le groupe', person: '' };

function Shares({ item, kind, onChange }) {
  const [people, setPeople] = useState([]);
  const [error, setError] = useState(null);
  const person = usePeople(item.shares.filter((s) => s.target === 'person').map((s) => s.target_id));
  const form = useForm(async () => {
    await api.post(`/api/v1/documents/${kind === 'folders' ? 'folders/' : ''}${item.id}/shares`, {
      user_ids: people.map((p) => p.user_id),
    });
    setPeople([]);
    onChange();
  });
  const revoke = async (id) => {
    setError(null);
    try {
      await api.del(`/api/v1/documents/shares/${id}`);
      onChange();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section class="card" aria-labelledby="shares-title">
      <h2 id="shares-title">Partages (lecture seule)</h2>
      <FormError error={error} />
      {item.shares.length === 0 ? (
        <Empty>Pas encore partagé.</Empty>
      ) : (
        <ul class="plain-list">
          {item.shares.map((share) => (
            <li key={share.id}>
              {share.target === 'person' ? person(share.target_id, `personne ${share.target_id}`) : `${TARGET[share.target]} ${share.target_id}`}{' '}
              <button type="button" class="button-quiet" onClick={() => revoke(share.id)}>
                Retirer le partage
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={form.submit}>
        <FormError error={form.formError} />
        <RecipientsPicker chosen={people} onChange={(list) => setPeople(list.filter((r) => r.kind === 'person'))}
          error={form.errors.user_ids} />
        <button type="submit" class="button-secondary" disabled={people.length === 0 || form.busy}>Partager</button>
      </form>
    </section>
  );
}

function Rename({ doc, onDone }) {
  const [name, setName] = useState(doc.name);
  const form = useForm(async () => {
    await api.patch(`/api/v1/documents/${doc.id}`, { name });
    onDone();
  });
  return (
    <form onSubmit={form.submit} class="inline-block-form">
      <FormError error={form.formError} />
      <Field label="Nom du document" name="name" required maxLength={200} value={name}
        onInput={(e) => setName(e.currentTarget.value)} error={form.errors.name} />
      <SubmitButton busy={form.busy}>Renommer</SubmitButton>
    </form>
  );
}

export function DocumentPage({ params }) {
  const state = useApi(`/api/v1/documents/${encodeURIComponent(params.id)}`);
  const uploader = usePeople((state.data?.versions || []).map((v) => v.uploaded_by));
  const remove = useForm(async () => {
    await api.del(`/api/v1/documents/${params.id}`);
    navigate(`/documents/dossiers/${state.data.folder_id}`);
  });
  return (
    <Loaded state={state}>
      {(doc) => (
        <>
          <p class="breadcrumb"><Link href={`/documents/dossiers/${doc.folder_id}`}>Dossier</Link></p>
          <PageTitle>{doc.name}</PageTitle>
          <p>
            <a href={`/api/v1/documents/${doc.id}/content`} class="button-primary">Télécharger</a>
          </p>
          <section class="card" aria-labelledby="versions-title">
            <h2 id="versions-title">Versions</h2>
            <ol class="plain-list" reversed>
              {doc.versions.map((v) => (
                <li key={v.number}>
                  <a href={`/api/v1/documents/${doc.id}/versions/${v.number}/content`}>Version {v.number}</a>{' '}
                  <span class="muted">
                    {formatBytes(v.size)}, {formatInstant(v.uploaded_at)}
                    {uploader(v.uploaded_by) ? `, par ${uploader(v.uploaded_by)}` : ''}
                  </span>
                </li>
              ))}
            </ol>
            <p class="hint">Pour une nouvelle version, déposez un fichier du même nom dans le dossier.</p>
          </section>
          {doc.can_edit && (
            <section class="card" aria-labelledby="edit-title">
              <h2 id="edit-title">Modifier</h2>
              <Rename doc={doc} onDone={state.reload} />
            </section>
          )}
          {doc.shares && <Shares item={doc} kind="documents" onChange={state.reload} />}
          {doc.can_delete && (
            <>
              <FormError error={remove.formError} />
              <button type="button" class="button-quiet" onClick={remove.submit} disabled={remove.busy}>
                Supprimer le document et ses versions
              </button>
            </>
          )}
        </>
      )}
    </Loaded>
  );
}
