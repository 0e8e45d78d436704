// Building blocks shared by every page: data loading with its states, the
// offline banner, form fields whose API errors are shown and announced.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, withQuery } from './api.js';
import { formatSaved } from './format.js';

// The page's one h1; the shell moves the focus to it after navigation.
export function PageTitle({ children }) {
  return (
    <h1 id="page-title" tabIndex={-1}>
      {children}
    </h1>
  );
}

// GETs `path` (with `query`) and reloads when either changes. A null path
// waits (e.g. until a child is chosen).
export function useApi(path, query) {
  const key = path ? withQuery(path, query) : null;
  const [state, setState] = useState({ loading: Boolean(key), data: null, error: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (!key) return undefined;
    const controller = new AbortController();
    const meta = {};
    setState((previous) => ({ ...previous, loading: true, error: null }));
    api
      .get(key, { signal: controller.signal, meta })
      .then((data) => setState({ loading: false, data, error: null, offline: meta.offline }))
      .catch((error) => {
        if (error.name !== 'AbortError') setState({ loading: false, data: null, error });
      });
    return () => controller.abort();
  }, [key, round]);
  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}

export function OfflineBanner({ savedAt }) {
  if (!savedAt) return null;
  return (
    <p class="banner banner-offline" role="status">
      <strong>Hors ligne</strong> — données du {formatSaved(savedAt)}
    </p>
  );
}

export function ErrorMessage({ error, onRetry }) {
  if (!error) return null;
  return (
    <div class="banner banner-error" role="alert">
      <p>{error.message}</p>
      {onRetry && (error.status === 0 || error.status >= 500) && (
        <button type="button" class="button-secondary" onClick={onRetry}>
          Réessayer
        </button>
      )}
    </div>
  );
}

// Renders `children(data)` once `state` (from useApi) has data.
export function Loaded({ state, children }) {
  if (state.error) return <ErrorMessage error={state.error} onRetry={state.reload} />;
  if (state.loading && !state.data) {
    return (
      <p class="loading" role="status">
        Chargement…
      </p>
    );
  }
  if (!state.data) return null;
  return (
    <>
      <OfflineBanner savedAt={state.offline} />
      {children(state.data)}
    </>
  );
}

export function Empty({ children }) {
  return <p class="empty">{children}</p>;
}

// Runs `action` on submit; a 422 naming a field puts its message next to
// that field, anything else above the form (both read by screen readers).
export function useForm(action) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState({});
  const [formError, setFormError] = useState(null);
  const submit = async (event) => {
    event?.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      await action(event);
    } catch (error) {
      if (error instanceof ApiError && error.field && error.status !== 0) {
        setErrors({ [error.field]: error.message });
      } else {
        setFormError(error);
      }
    } finally {
      setBusy(false);
    }
  };
  return { busy, errors, formError, submit, setFormError, setErrors };
}

let fieldCount = 0;

export function Field({ label, name, error, hint, type = 'text', multiline, inputRef, ...input }) {
  const id = useRef(`f-${name}-${++fieldCount}`).current;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  const Control = multiline ? 'textarea' : 'input';
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <Control
        ref={inputRef}
        id={id}
        name={name}
        type={multiline ? undefined : type}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
        {...input}
      />
      {error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function FormError({ error }) {
  if (!error) return null;
  return (
    <p class="banner banner-error" role="alert">
      {error.message}
    </p>
  );
}

export function SubmitButton({ busy, children }) {
  return (
    <button type="submit" class="button-primary" disabled={busy} aria-busy={busy ? 'true' : undefined}>
      {children}
    </button>
  );
}

// A wide table's box, scrolled sideways on a phone: focusable and named so
// that keyboard users can scroll it too.
export function TableScroll({ label, children }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
