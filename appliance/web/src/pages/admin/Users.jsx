// Accounts: search and list people, create an account (its one-time
// password shown once), change roles, disable or enable, reset the
// password and end every session.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { personName } from '../../format.js';
import { Link } from '../../router.jsx';
import { ROLE_LABELS, useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, TableScroll, useApi, useForm } from '../../ui.jsx';

const ROLES = Object.keys(ROLE_LABELS);

function RoleChecks({ roles, onChange, legend = 'Rôles', error }) {
  return (
    <fieldset class={`role-checks${error ? ' field-invalid' : ''}`}>
      <legend>{legend}</legend>
      {ROLES.map((role) => (
        <div class="field-check" key={role}>
          <input type="checkbox" id={`role-${role}`} checked={roles.includes(role)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...roles, role] : roles.filter((r) => r !== role))} />
          <label for={`role-${role}`}>{ROLE_LABELS[role]}</label>
        </div>
      ))}
      {error && <p class="field-error" role="alert">{error}</p>}
    </fieldset>
  );
}

// The one-time password, shown once, to copy or print for the person.
function Secret({ title, login, password }) {
  return (
    <div class="banner banner-info" role="status">
      <p><strong>{title}</strong></p>
      <dl class="facts">
        <dt>Identifiant</dt>
        <dd><code class="secret" data-testid="new-login">{login}</code></dd>
        <dt>Mot de passe provisoire</dt>
        <dd><code class="secret" data-testid="new-password">{password}</code></dd>
      </dl>
      <p>Notez-le maintenant : il ne sera plus affiché. Il devra être changé à la première connexion.</p>
    </div>
  );
}

function CreateUser({ onCreated }) {
  const [given, setGiven] = useState('');
  const [family, setFamily] = useState('');
  const [login, setLogin] = useState('');
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState(['teacher']);
  const [created, setCreated] = useState(null);
  const form = useForm(async () => {
    const account = await api.post('/api/v1/users', {
      given_name: given, family_name: family, login: login || null, email: email || null, roles,
    });
    setCreated(account);
    setGiven(''); setFamily(''); setLogin(''); setEmail('');
    onCreated();
  });
  return (
    <section class="card" aria-labelledby="create-user">
      <h2 id="create-user">Créer un compte</h2>
      {created && <Secret title="Compte créé." login={created.login} password={created.initial_password} />}
      <form onSubmit={form.submit}>
        <FormError error={form.formError} />
        <div class="field-row">
          <Field label="Prénom" name="given_name" required value={given}
            onInput={(e) => setGiven(e.currentTarget.value)} error={form.errors.given_name} />
          <Field label="Nom" name="family_name" required value={family}
            onInput={(e) => setFamily(e.currentTarget.value)} error={form.errors.family_name} />
        </div>
        <div class="field-row">
          <Field label="Identifiant (facultatif)" name="login" hint="Proposé à partir du nom si vide."
            value={login} onInput={(e) => setLogin(e.currentTarget.value)} error={form.errors.login} />
          <Field label="Adresse électronique (facultatif)" name="email" type="email"
            value={email} onInput={(e) => setEmail(e.currentTarget.value)} error={form.errors.email} />
        </div>
        <RoleChecks roles={roles} onChange={setRoles} error={form.errors.roles} />
        <SubmitButton busy={form.busy}>Créer le compte</SubmitButton>
      </form>
    </section>
  );
}

export function Users() {
  const [q, setQ] = useState('');
  const [filters, setFilters] = useState({ q: '', role: '', disabled: false });
  const [pages, setPages] = useState([0]);
  const [creating, setCreating] = useState(false);
  const after = pages[pages.length - 1];
  const state = useApi('/api/v1/users', {
    q: filters.q, role: filters.role, include_disabled: filters.disabled ? '1' : undefined, limit: 50, after,
  });
  const search = (e) => {
    e.preventDefault();
    setPages([0]);
    setFilters({ ...filters, q: q.trim() });
  };
  return (
    <>
      <PageTitle>Comptes</PageTitle>
      {creating ? (
        <CreateUser onCreated={state.reload} />
      ) : (
        <p><button type="button" class="button-primary" onClick={() => setCreating(true)}>Créer un compte</button></p>
      )}
      <form role="search" class="card filters" onSubmit={search}>
        <div class="field-row">
          <div class="field">
            <label for="user-search">Nom ou identifiant</label>
            <input id="user-search" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
          </div>
          <div class="field">
            <label for="user-role">Rôle</label>
            <select id="user-role" value={filters.role}
              onChange={(e) => { setPages([0]); setFilters({ ...filters, role: e.currentTarget.value }); }}>
              <option value="">Tous</option>
              {ROLES.map((role) => <option key={role} value={role}>{ROLE_LABELS[role]}</option>)}
            </select>
          </div>
        </div>
        <div class="field-check">
          <input type="checkbox" id="user-disabled" checked={filters.disabled}
            onChange={(e) => { setPages([0]); setFilters({ ...filters, disabled: e.currentTarget.checked }); }} />
          <label for="user-disabled">Montrer aussi les comptes désactivés</label>
        </div>
        <button type="submit" class="button-secondary">Rechercher</button>
      </form>
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucun compte.</Empty>
          ) : (
            <>
              <TableScroll label="Comptes">
                <table>
                  <caption class="visually-hidden">Comptes trouvés</caption>
                  <thead>
                    <tr>
                      <th scope="col">Nom</th>
                      <th scope="col">Identifiant</th>
                      <th scope="col">Rôles</th>
                      <th scope="col">État</th>
                    </tr>
                  </thead>
                  <tbody>
                    {page.items.map((user) => (
                      <tr key={user.id}>
                        <th scope="row">
                          <Link href={`/admin/comptes/${user.id}`}>{user.family_name} {user.given_name}</Link>
                        </th>
                        <td>{user.login}</td>
                        <td>{user.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
                        <td>
                          <span class={`status status-${user.active ? 'justified' : 'unjustified'}`}>
                            {user.active ? 'Actif' : 'Désactivé'}
                          </span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
              <div class="actions">
                {pages.length > 1 && (
                  <button type="button" class="button-secondary" onClick={() => setPages(pages.slice(0, -1))}>
                    Page précédente
                  </button>
                )}
                {page.next && (
                  <button type="button" class="button-secondary" onClick={() => setPages([...pages, page.next])}>
                    Page suivante
                  </button>
                )}
              </div>
            </>
          )
        }
      </Loaded>
    </>
  );
}

function RolesForm({ user, onSaved }) {
  const [roles, setRoles] = useState(user.roles);
  const form = useForm(async () => {
    onSaved(await api.patch(`/api/v1/users/${user.id}`, { roles }), 'Rôles enregistrés.');
  });
  return (
    <form onSubmit={form.submit}>
      <FormError error={form.formError} />
      <RoleChecks roles={roles} onChange={setRoles} error={form.errors.roles} />
      <SubmitButton busy={form.busy}>Enregistrer les rôles</SubmitButton>
    </form>
  );
}

export function UserDetail({ params }) {
  const { me } = useSession();
  const state = useApi(`/api/v1/users/${encodeURIComponent(params.id)}`);
  const [user, setUser] = useState(null);
  const [note, setNote] = useState('');
  const [secret, setSecret] = useState(null);
  const shown = user && user.id === Number(params.id) ? user : state.data;
  const saved = (next, text) => { setUser(next); setNote(text); };
  const toggle = useForm(async () => {
    const next = await api.patch(`/api/v1/users/${shown.id}`, { active: !shown.active });
    saved(next, next.active ? 'Compte réactivé.' : 'Compte désactivé : ses sessions sont fermées.');
  });
  const reset = useForm(async () => {
    const answer = await api.post(`/api/v1/users/${shown.id}/password-reset`);
    setSecret(answer.initial_password);
    setNote('');
  });
  const revoke = useForm(async () => {
    const answer = await api.del(`/api/v1/users/${shown.id}/sessions`);
    setNote(`${answer.revoked} session(s) fermée(s).`);
  });
  return (
    <>
      <p class="breadcrumb"><Link href="/admin/comptes">Comptes</Link></p>
      <Loaded state={state}>
        {() => (
          <>
            <PageTitle>{personName(shown)}</PageTitle>
            <p role="status" class="form-status">{note}</p>
            {secret && <Secret title="Nouveau mot de passe provisoire." login={shown.login} password={secret} />}
            <section class="card" aria-labelledby="user-facts">
              <h2 id="user-facts">Compte</h2>
              <dl class="facts">
                <dt>Identifiant</dt><dd>{shown.login}</dd>
                <dt>État</dt><dd>{shown.active ? 'Actif' : 'Désactivé'}</dd>
                <dt>Adresse</dt><dd>{shown.email || '—'}</dd>
                {shown.ine && (<><dt>INE</dt><dd>{shown.ine}</dd></>)}
                {shown.birth_date && (<><dt>Naissance</dt><dd>{shown.birth_date}</dd></>)}
              </dl>
            </section>
            <section class="card" aria-labelledby="user-roles">
              <h2 id="user-roles">Rôles</h2>
              <RolesForm key={shown.roles.join()} user={shown} onSaved={saved} />
            </section>
            <section class="card" aria-labelledby="user-actions">
              <h2 id="user-actions">Actions</h2>
              <FormError error={toggle.formError || reset.formError || revoke.formError} />
              <div class="actions">
                {shown.id !== me.id && (
                  <button type="button" class={shown.active ? 'button-danger' : 'button-secondary'}
                    onClick={toggle.submit} disabled={toggle.busy}>
                    {shown.active ? 'Désactiver le compte' : 'Réactiver le compte'}
                  </button>
                )}
                <button type="button" class="button-secondary" onClick={reset.submit} disabled={reset.busy}>
                  Réinitialiser le mot de passe
                </button>
                <button type="button" class="button-secondary" onClick={revoke.submit} disabled={revoke.busy}>
                  Fermer toutes ses sessions
                </button>
              </div>
            </section>
          </>
        )}
      </Loaded>
    </>
  );
}
