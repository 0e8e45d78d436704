// The person's account: password, two-factor sign-in (TOTP) and open
// sessions. FirstSteps is the same forms, alone, while the account must
// change its password or set up two-factor sign-in before anything else.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { formatInstant, personName } from '../format.js';
import { ROLE_LABELS, useSession } from '../session.jsx';
import { AttachRequests } from './AttachRequests.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, useApi, useForm } from '../ui.jsx';

function PasswordForm({ onChanged }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);
  const form = useForm(async () => {
    setDone(false);
    if (next !== confirm) {
      throw new ApiError(422, 'Les deux saisies du nouveau mot de passe diffèrent.', 'confirm_password');
    }
    await api.put('/api/v1/me/password', { current_password: current, new_password: next });
    setCurrent('');
    setNext('');
    setConfirm('');
    setDone(true);
    onChanged?.();
  });
  return (
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Changer le mot de passe</h2>
      <form onSubmit={form.submit} novalidate>
        <FormError error={form.formError} />
        <Field
          label="Mot de passe actuel"
          name="current_password"
          type="password"
          autocomplete="current-password"
          required
          value={current}
          onInput={(e) => setCurrent(e.currentTarget.value)}
          error={form.errors.current_password}
        />
        <Field
          label="Nouveau mot de passe"
          name="new_password"
          type="password"
          autocomplete="new-password"
          hint="Au moins 10 caractères. Vos autres sessions seront fermées."
          required
          value={next}
          onInput={(e) => setNext(e.currentTarget.value)}
          error={form.errors.new_password}
        />
        <Field
          label="Nouveau mot de passe (confirmation)"
          name="confirm_password"
          type="password"
          autocomplete="new-password"
          required
          value={confirm}
          onInput={(e) => setConfirm(e.currentTarget.value)}
          error={form.errors.confirm_password}
        />
        <SubmitButton busy={form.busy}>Changer le mot de passe</SubmitButton>
        <p role="status" class="form-status">
          {done ? 'Mot de passe changé.' : ''}
        </p>
      </form>
    </section>
  );
}

// "ABCDEFGH..." in groups of four, easier to type into an application.
const grouped = (secret) => secret.replace(/(.{4})/g, '$1 ').trim();

function TotpSection({ enabled, onChanged }) {
  const [enrollment, setEnrollment] = useState(null);
  const [code, setCode] = useState('');
  const [status, setStatus] = useState('');
  const start = useForm(async () => {
    setStatus('');
    setEnrollment(await api.post('/api/v1/me/totp'));
  });
  const confirm = useForm(async () => {
    await api.post('/api/v1/me/totp/confirm', { code });
    setEnrollment(null);
    setCode('');
    setStatus('Double authentification activée.');
    onChanged?.();
  });
  const disable = useForm(async () => {
    await api.del('/api/v1/me/totp', { code });
    setCode('');
    setStatus('Double authentification désactivée.');
    onChanged?.();
  });
  return (
    <section class="card" aria-labelledby="totp-title">
      <h2 id="totp-title">Double authentification</h2>
      <p>
        Un code à six chiffres, donné par une application d'authentification sur votre téléphone, est demandé à chaque
        connexion en plus du mot de passe.
      </p>
      <p role="status" class="form-status">
        {status}
      </p>
      {!enrollment && !enabled && (
        <form onSubmit={start.submit} novalidate>
          <FormError error={start.formError} />
          <SubmitButton busy={start.busy}>Activer la double authentification</SubmitButton>
        </form>
      )}
      {enrollment && (
        <form onSubmit={confirm.submit} novalidate>
          <ol>
            <li>
              Dans votre application d'authentification, ajoutez un compte avec la clé :{' '}
              <code class="secret" data-testid="totp-secret">
                {grouped(enrollment.secret)}
              </code>{' '}
              (ou, sur ce téléphone, <a href={enrollment.otpauth_uri}>ouvrez ce lien</a>).
            </li>
            <li>Saisissez le code qu'elle affiche.</li>
          </ol>
          <FormError error={confirm.formError} />
          <Field
            label="Code de vérification"
            name="code"
            inputMode="numeric"
            autocomplete="one-time-code"
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
            error={confirm.errors.code}
          />
          <SubmitButton busy={confirm.busy}>Confirmer</SubmitButton>
        </form>
      )}
      {enabled && !enrollment && (
        <form onSubmit={disable.submit} novalidate>
          <p>La double authentification est activée.</p>
          <FormError error={disable.formError} />
          <Field
            label="Code actuel, pour la désactiver"
            name="code"
            inputMode="numeric"
            autocomplete="one-time-code"
            required
            value={code}
            onInput={(e) => setCode(e.currentTarget.value)}
            error={disable.errors.code}
          />
          <SubmitButton busy={disable.busy}>Désactiver</SubmitButton>
        </form>
      )}
    </section>
  );
}

function Sessions() {
  const state = useApi('/api/v1/me/sessions');
  const [error, setError] = useState(null);
  const revoke = async (id) => {
    setError(null);
    try {
      await api.del(`/api/v1/me/sessions/${id}`);
      state.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section class="card" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions ouvertes</h2>
      <FormError error={error} />
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucune session.</Empty>
          ) : (
            <ul class="plain-list sessions">
              {page.items.map((session) => (
                <li key={session.id}>
                  <span>
                    {session.kind === 'browser' ? 'Navigateur' : 'Application'} — {session.user_agent || 'inconnu'} —{' '}
                    {session.remote_address}
                    <span class="muted"> · dernière activité {formatInstant(session.last_seen_at)}</span>
                  </span>
                  {session.current ? (
                    <strong> (cette session)</strong>
                  ) : (
                    <button type="button" class="button-secondary" onClick={() => revoke(session.id)}>
                      Fermer<span class="visually-hidden"> la session {session.id}</span>
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

export function Profile() {
  const { me, reload } = useSession();
  return (
    <>
      <PageTitle>Mon compte</PageTitle>
      <section class="card" aria-labelledby="identity-title">
        <h2 id="identity-title">Identité</h2>
        <dl class="facts">
          <dt>Nom</dt>
          <dd>{personName(me)}</dd>
          <dt>Identifiant</dt>
          <dd>{me.login}</dd>
          <dt>Profil</dt>
          <dd>{me.roles.map((r) => ROLE_LABELS[r] || r).join(', ')}</dd>
        </dl>
      </section>
      <AttachRequests />
      <PasswordForm />
      <TotpSection enabled={me.second_factor} onChanged={reload} />
      <Sessions />
    </>
  );
}

export function FirstSteps() {
  const { me, reload, signOut } = useSession();
  return (
    <div class="layout layout-restricted">
      <header class="banner-bar">
        <div class="brand">
          <img src="/icons/icon.svg" alt="" width="32" height="32" /> <span>Cartable</span>
        </div>
        <button type="button" class="button-quiet" onClick={signOut}>
          Se déconnecter
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <PageTitle>Avant de commencer</PageTitle>
        {me.must_change_password && (
          <>
            <p>Choisissez votre propre mot de passe pour continuer.</p>
            <PasswordForm onChanged={reload} />
          </>
        )}
        {!me.must_change_password && me.second_factor_setup_required && (
          <>
            <p>Votre profil demande la double authentification : activez-la pour continuer.</p>
            <TotpSection
              enabled={false}
              onChanged={async () => {
                // The session was opened without a code: sign in again with one.
                sessionStorage.setItem(
                  'cartable.notice',
                  'Double authentification activée : reconnectez-vous avec votre code.',
                );
                await signOut();
              }}
            />
          </>
        )}
      </main>
    </div>
  );
}
