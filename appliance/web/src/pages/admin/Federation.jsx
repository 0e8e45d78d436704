// The link to the regional hub, as GET /api/v1/admin/federation/status
// reports it; a 404 means the school is not set up for federation.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { ErrorMessage, PageTitle } from '../../ui.jsx';
import { RegionalAccounts, Transfers } from './RegionalAccounts.jsx';

const STATE = {
  up: ['Connecté', 'justified'],
  down: ['Déconnecté', 'unjustified'],
  not_enrolled: ['Non inscrit', 'pending'],
  not_configured: ['Non configuré', 'pending'],
};

const instant = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short' });
export function formatIso(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : instant.format(date);
}

function daysUntil(iso) {
  if (!iso) return null;
  return Math.floor((new Date(iso).getTime() - Date.now()) / 86400000);
}

function useFederationStatus() {
  const [state, setState] = useState({ loading: true, data: null, error: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api
      .get('/api/v1/admin/federation/status')
      .then((data) => live && setState({ loading: false, data, error: null }))
      .catch((error) => {
        if (!live) return;
        if (error.status === 404) setState({ loading: false, data: { state: 'not_configured' }, error: null });
        else setState({ loading: false, data: null, error });
      });
    return () => {
      live = false;
    };
  }, [round]);
  return { ...state, reload: () => setRound((n) => n + 1) };
}

function Facts({ status }) {
  const days = daysUntil(status.certificate_expires_at);
  const rows = [
    ['Hub', [status.hub_name, status.hub_address].filter(Boolean).join(' — ') || '—'],
    [status.state === 'up' ? 'Connecté depuis' : 'Déconnecté depuis', formatIso(status.since)],
    ['Dernière synchronisation', formatIso(status.last_sync)],
    ['En attente d\'envoi', status.backlog === null || status.backlog === undefined ? '—' : `${status.backlog} élément(s)`],
    ['Certificat valable jusqu\'au', formatIso(status.certificate_expires_at)],
    ['Tentatives échouées', status.failed_attempts ?? '—'],
    ['Prochaine tentative', formatIso(status.next_attempt_at)],
  ];
  return (
    <>
      <dl class="facts">
        {rows.map(([label, value]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </Fragment>
        ))}
      </dl>
      {days !== null && days < 30 && (
        <p class="banner banner-error">
          {days < 0 ? 'Le certificat a expiré.' : `Le certificat expire dans ${days} jour(s) : renouvelez l'inscription.`}
        </p>
      )}
      {status.last_error && (
        <div class="banner banner-error">
          <p><strong>Dernière erreur</strong> ({formatIso(status.last_error_at)})</p>
          <p class="user-text">{status.last_error}</p>
        </div>
      )}
    </>
  );
}

export function Federation() {
  const status = useFederationStatus();
  const data = status.data;
  const [label, tone] = STATE[data?.state] || [data?.state, 'pending'];
  return (
    <>
      <PageTitle>Liaison avec le hub académique</PageTitle>
      <section class="card" aria-labelledby="federation-state" aria-busy={status.loading ? 'true' : 'false'}>
        <h2 id="federation-state">
          État : {data ? <span class={`status status-${tone}`} data-testid="federation-state">{label}</span> : '…'}
        </h2>
        <ErrorMessage error={status.error} onRetry={status.reload} />
        {data?.state === 'not_configured' && (
          <p>
            Ce serveur n'est pas relié à un hub académique : la fédération n'est pas configurée (ou ce serveur ne la
            propose pas encore).
          </p>
        )}
        {data?.state === 'not_enrolled' && (
          <p>Le serveur n'est pas encore inscrit auprès du hub. L'inscription se fait avec la commande <code>cartable enroll</code>.</p>
        )}
        {data && data.state !== 'not_configured' && <Facts status={data} />}
        <button type="button" class="button-secondary" onClick={status.reload} disabled={status.loading}>
          Actualiser
        </button>
      </section>
      {data && data.state !== 'not_configured' && (
        <>
          <RegionalAccounts />
          <Transfers />
        </>
      )}
    </>
  );
}
