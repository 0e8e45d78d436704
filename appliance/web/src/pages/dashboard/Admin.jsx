// The administrator's part of the dashboard: accounts (per role), storage
// use and the link to the regional hub, each with a link to its page.
import { Link } from '../../router.jsx';
import { countOf, formatBytes, formatNumber } from '../../format.js';
import { ROLE_LABELS } from '../../session.jsx';

const FEDERATION = {
  up: ['Connecté', 'status-done'],
  down: ['Déconnecté', 'status-unjustified'],
  not_enrolled: ['Non inscrit', 'status-pending'],
  not_configured: ['Non configuré', 'status-pending'],
};

function Accounts({ accounts }) {
  return (
    <section class="card" aria-labelledby="dash-admin-accounts">
      <h3 id="dash-admin-accounts">Comptes</h3>
      <p>
        <strong data-testid="admin-accounts-active">{countOf(accounts.active, 'compte actif', 'comptes actifs')}</strong>,{' '}
        {countOf(accounts.disabled, 'désactivé', 'désactivés')}.
      </p>
      <table class="compact-table">
        <caption>Comptes par rôle</caption>
        <thead>
          <tr>
            <th scope="col">Rôle</th>
            <th scope="col" class="number">
              Actifs
            </th>
            <th scope="col" class="number">
              Désactivés
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.by_role.map((row) => (
            <tr key={row.role}>
              <th scope="row">{ROLE_LABELS[row.role] || row.role}</th>
              <td class="number">{formatNumber(row.active)}</td>
              <td class="number">{formatNumber(row.disabled)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <Link href="/admin/comptes">Gérer les comptes</Link> · <Link href="/admin/imports">Imports</Link>
      </p>
    </section>
  );
}

function Storage({ storage }) {
  return (
    <section class="card" aria-labelledby="dash-admin-storage">
      <h3 id="dash-admin-storage">Stockage</h3>
      <dl class="facts">
        <dt>Fichiers</dt>
        <dd>
          {countOf(storage.files, 'fichier', 'fichiers')}{' '}
          <span class="muted">({countOf(storage.blobs, 'contenu distinct', 'contenus distincts')})</span>
        </dd>
        <dt>Contenus</dt>
        <dd>{formatBytes(storage.file_bytes)}</dd>
        <dt>Base de données</dt>
        <dd>{formatBytes(storage.database_bytes)}</dd>
      </dl>
    </section>
  );
}

function FederationLink({ federation }) {
  const [label, tone] = FEDERATION[federation.state] || [federation.state, 'status-pending'];
  return (
    <section class="card" aria-labelledby="dash-admin-federation">
      <h3 id="dash-admin-federation">Hub académique</h3>
      <p>
        Lien avec le hub : <span class={`status ${tone}`}>{label}</span>
      </p>
      <p>
        <Link href="/admin/federation">État du lien</Link>
      </p>
    </section>
  );
}

export function AdminSection({ section }) {
  return (
    <section class="dash-role" aria-labelledby="dash-admin">
      <h2 id="dash-admin">Administration</h2>
      <div class="dashboard-grid">
        <Accounts accounts={section.accounts} />
        <Storage storage={section.storage} />
        <FederationLink federation={section.federation} />
      </div>
    </section>
  );
}
