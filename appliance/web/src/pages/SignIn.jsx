// Sign-in: login and password, then the verification code when the
// account asks for one (the API answers 401 with field "totp_code").
import { useRef, useState } from 'preact/hooks';
import { useSession } from '../session.jsx';
import { Field, FormError, SubmitButton, useForm } from '../ui.jsx';

export function SignIn() {
  const { signIn } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [askCode, setAskCode] = useState(false);
  const codeInput = useRef(null);
  const [notice] = useState(() => {
    const text = sessionStorage.getItem('cartable.notice');
    sessionStorage.removeItem('cartable.notice');
    return text;
  });

  const form = useForm(async () => {
    try {
      await signIn({ login, password, totp_code: askCode ? code : undefined });
    } catch (error) {
      if (error.field === 'totp_code' && error.status === 401) {
        const first = !askCode;
        setAskCode(true);
        setTimeout(() => codeInput.current?.focus(), 0);
        if (first) return; // asking for the code is not an error yet
      }
      throw error;
    }
  });

  return (
    <div class="sign-in-page">
      <main id="main" class="sign-in">
        <img src="/icons/icon.svg" alt="" width="56" height="56" />
        <h1 id="page-title" tabIndex={-1}>
          Connexion à Cartable
        </h1>
        {notice && (
          <p class="banner banner-info" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={form.submit} novalidate>
          <FormError error={form.formError} />
          <Field
            label="Identifiant"
            name="login"
            autocomplete="username"
            autocapitalize="none"
            required
            value={login}
            onInput={(e) => setLogin(e.currentTarget.value)}
            error={form.errors.login}
          />
          <Field
            label="Mot de passe"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
            error={form.errors.password}
          />
          {askCode && (
            <Field
              label="Code de vérification"
              name="totp_code"
              hint="Les 6 chiffres affichés par votre application d'authentification."
              inputMode="numeric"
              autocomplete="one-time-code"
              pattern="[0-9]*"
              required
              inputRef={codeInput}
              value={code}
              onInput={(e) => setCode(e.currentTarget.value)}
              error={form.errors.totp_code}
            />
          )}
          <SubmitButton busy={form.busy}>{askCode ? 'Valider le code' : 'Se connecter'}</SubmitButton>
        </form>
      </main>
    </div>
  );
}
