// The authority's accounts, managed by the regional admin: the list, a new
// account (its one-time password shown once), withdrawing one, resetting the
// second factor of one whose phone was lost.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, TableScroll, useApi, useForm } from '../../ui.jsx';

export const AUTHORITY_ROLES = {
  regional_admin: 'Administration régionale',
  analyst: 'Analyste',
  department_viewer: 'Lecture d\'un département',
};

function NewAccount({ onCreated }) {
  const [role, setRole] = useState('analyst');
  const [created, setCreated] = useState(null);
  const form = useForm(async (event) => {
    const data = new FormData(event.target);
    const body = {
      login: data.get('login'),
      given_name: data.get('given_name'),
      family_name: data.get('family_name'),
      role,
    };
    if (role === 'department_viewer') body.department = data.get('department');
    const answer = await api.post('/api/v1/authority/users', body);
    setCreated(answer);
    event.target.reset();
    onCreated();
  });
  return (
    <section aria-labelledby="new-account-title">
      <h2 id="new-account-title">Nouveau compte</h2>
      {created && (
        <p class="banner" role="status">
          Compte <strong>{created.login}</strong> créé. Mot de passe à usage unique (à changer à la première connexion) :{' '}
          <code>{created.one_time_password}</code>
        </p>
      )}
      <form onSubmit={form.submit} noValidate>
        <FormError error={form.formError} />
        <Field label="Identifiant" name="login" error={form.errors.login} required />
        <Field label="Prénom" name="given_name" error={form.errors.given_name} required />
        <Field label="Nom" name="family_name" error={form.errors.family_name} required />
        <div class="field">
          <label for="authority-role">Rôle</label>
          <select id="authority-role" value={role} onChange={(event) => setRole(event.target.value)}>
            {Object.entries(AUTHORITY_ROLES).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          {form.errors.role && <p class="field-error">{form.errors.role}</p>}
        </div>
        {role === 'department_viewer' && (
          <Field label="Département" name="department" hint="Par exemple 54" error={form.errors.department} required />
        )}
        <SubmitButton busy={form.busy}>Créer le compte</SubmitButton>
      </form>
    </section>
  );
}

// A regional admin must have one (it is asked to set it up at sign-in).
function secondFactorState(user) {
  if (user.second_factor) return 'Activée';
  return user.role === 'regional_admin' ? 'À activer (obligatoire)' : 'Non activée';
}

export function AuthorityAccounts() {
  const { me } = useSession();
  const state = useApi('/api/v1/authority/users');
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState('');
  const act = async (path, done) => {
    setError(null);
    setNotice('');
    try {
      await api.del(path);
      setNotice(done);
      state.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  const withdraw = (user) => act(`/api/v1/authority/users/${user.id}`, `Compte ${user.login} retiré.`);
  const resetSecondFactor = (user) =>
    act(
      `/api/v1/authority/users/${user.id}/second-factor`,
      `Double authentification de ${user.login} réinitialisée, ses sessions fermées : ` +
        (user.role === 'regional_admin'
          ? 'elle lui sera demandée de nouveau à sa prochaine connexion.'
          : 'il pourra la réactiver depuis « Mon compte ».'),
    );
  return (
    <>
      <PageTitle>Comptes de l'autorité</PageTitle>
      <FormError error={error} />
      <p role="status" class="form-status">
        {notice}
      </p>
      <Loaded state={state}>
        {(data) =>
          data.users.length === 0 ? (
            <Empty>Aucun compte.</Empty>
          ) : (
            <TableScroll label="Comptes">
              <table>
                <caption>Comptes de l'autorité académique</caption>
                <thead>
                  <tr>
                    <th scope="col">Identifiant</th>
                    <th scope="col">Nom</th>
                    <th scope="col">Rôle</th>
                    <th scope="col">Département</th>
                    <th scope="col">État</th>
                    <th scope="col">Double authentification</th>
                    <th scope="col">
                      <span class="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.users.map((user) => (
                    <tr key={user.id}>
                      <th scope="row">{user.login}</th>
                      <td>{user.name}</td>
                      <td>{AUTHORITY_ROLES[user.role] || user.role}</td>
                      <td>{user.department || '—'}</td>
                      <td>{user.disabled ? 'Désactivé' : 'Actif'}</td>
                      <td>{secondFactorState(user)}</td>
                      <td>
                        {user.login !== me.login && !user.disabled && user.second_factor && (
                          <button type="button" class="button-secondary" onClick={() => resetSecondFactor(user)}>
                            Réinitialiser la double authentification<span class="visually-hidden"> de {user.login}</span>
                          </button>
                        )}{' '}
                        {user.login !== me.login && !user.disabled && (
                          <button type="button" class="button-secondary" onClick={() => withdraw(user)}>
                            Retirer {user.login}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Loaded>
      <NewAccount onCreated={state.reload} />
    </>
  );
}
