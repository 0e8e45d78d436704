// The school's accounts in the region's directory (what to do when a login
// is someone else's, attaching an account to the same person at another
// school) and students' transfers, from /api/v1/admin/federation/accounts
// and /transfers.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { Empty, Field, FormError, Loaded, SubmitButton, TableScroll, useApi, useForm } from '../../ui.jsx';

const instant = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short' });
const formatIso = (iso) => (iso ? instant.format(new Date(iso)) : '—');

const STATE_LABELS = {
  pending: 'En attente du hub',
  confirmed: 'Confirmé',
  collision: 'Identifiant déjà pris',
  attach_failed: 'Rattachement en attente',
};

function frenchOf(message) {
  const cut = message.indexOf(' / ');
  return cut > 0 ? message.slice(0, cut) : message;
}

function Summary({ summary }) {
  const rows = [
    ['Confirmés', summary.confirmed],
    ['En attente du hub', summary.pending],
    ['Identifiants déjà pris', summary.collision],
    ['Rattachements en attente', summary.attach_failed],
    ['Personnes aussi inscrites ailleurs', summary.shared],
    ['Envois scellés refusés', summary.refused_payloads],
  ];
  return (
    <dl class="facts facts-counts" data-testid="regional-summary">
      {rows.map(([label, value]) => [<dt key={`${label}-t`}>{label}</dt>, <dd key={`${label}-d`}>{value}</dd>])}
    </dl>
  );
}

// Attaches account `account` to the same person's login at another school.
function AttachForm({ account, onDone }) {
  const [login, setLogin] = useState('');
  const form = useForm(async () => {
    await api.post('/api/v1/admin/federation/attachments', { user_id: account.user_id, login });
    setLogin('');
    onDone();
  });
  return (
    <form onSubmit={form.submit} class="inline-form">
      <FormError error={form.formError} />
      <Field label={`Identifiant de ${account.name} dans l'autre établissement`} name="login" required
        value={login} onInput={(e) => setLogin(e.currentTarget.value)} error={form.errors.login} />
      <SubmitButton busy={form.busy}>Rattacher</SubmitButton>
    </form>
  );
}

function ToHandle({ accounts, onChange }) {
  if (accounts.length === 0) return <Empty>Aucun compte à traiter.</Empty>;
  return (
    <ul class="plain-list" aria-label="Comptes à traiter">
      {accounts.map((account) => (
        <li key={account.user_id} class="card" data-testid="regional-account">
          <p>
            <strong>{account.name}</strong> (<code>{account.login}</code>) —{' '}
            <span class="status status-unjustified">{STATE_LABELS[account.state] || account.state}</span>
          </p>
          <p class="user-text">{frenchOf(account.message)}</p>
          <AttachForm account={account} onDone={onChange} />
        </li>
      ))}
    </ul>
  );
}

export function RegionalAccounts() {
  const all = useApi('/api/v1/admin/federation/accounts', { limit: 500 });
  return (
    <section class="card" aria-labelledby="regional-accounts" aria-busy={all.loading ? 'true' : 'false'}>
      <h2 id="regional-accounts">Comptes dans l'annuaire régional</h2>
      <p>
        Chaque compte de l'établissement est déclaré au hub sous une forme chiffrée, pour qu'un identifiant ne
        désigne qu'une personne dans la région. Une personne inscrite dans un autre établissement (enseignant
        partagé, parent) y garde son identifiant et son mot de passe une fois rattachée.
      </p>
      <Loaded state={all}>
        {(data) => (
          <>
            <Summary summary={data.summary} />
            <h3 class="section-gap">À traiter</h3>
            <ToHandle
              accounts={data.accounts.filter((a) => a.state === 'collision' || a.state === 'attach_failed')}
              onChange={all.reload}
            />
          </>
        )}
      </Loaded>
    </section>
  );
}

function DossierFacts({ dossier }) {
  const absences = dossier.attendance;
  const averages = dossier.averages;
  return (
    <dl class="facts">
      <dt>Classe quittée</dt>
      <dd>{dossier.class ? `${dossier.class.label} (${dossier.class.level})` : '—'}</dd>
      <dt>Absences ({absences?.period || 'période'})</dt>
      <dd>
        {absences
          ? `${absences.half_days_absent} demi-journée(s), dont ${absences.half_days_unjustified} non justifiée(s) ; ${absences.late_count} retard(s)`
          : 'non transmises'}
      </dd>
      <dt>Moyennes ({averages?.period || 'période'})</dt>
      <dd>
        {averages
          ? [averages.general_average && `générale ${averages.general_average}`,
            ...averages.subjects.map((s) => `${s.subject} ${s.average}`)].filter(Boolean).join(' · ') || '—'
          : 'non transmises'}
      </dd>
    </dl>
  );
}

function TransferForm({ onDone }) {
  const [student, setStudent] = useState('');
  const [uai, setUai] = useState('');
  const [asked, setAsked] = useState(null);
  const form = useForm(async () => {
    const found = await api.get('/api/v1/users', { query: { q: student, role: 'student', limit: 20 } });
    const matches = found.items.filter((u) => u.login === student);
    if (matches.length !== 1) throw new Error(`Aucun élève n'a l'identifiant « ${student} ».`);
    await api.post('/api/v1/admin/federation/transfers', { student_id: matches[0].id, to_uai: uai.toUpperCase() });
    setAsked(student);
    setStudent('');
    setUai('');
    onDone();
  });
  return (
    <form onSubmit={form.submit}>
      {asked && <p class="banner banner-info" role="status">Départ de {asked} enregistré : son dossier part vers le nouvel établissement.</p>}
      <FormError error={form.formError} />
      <div class="field-row">
        <Field label="Identifiant de l'élève" name="student_id" required value={student}
          onInput={(e) => setStudent(e.currentTarget.value)} error={form.errors.student_id} />
        <Field label="UAI du nouvel établissement" name="to_uai" required value={uai}
          onInput={(e) => setUai(e.currentTarget.value)} error={form.errors.to_uai} />
      </div>
      <p class="hint">
        La scolarité de l'élève s'arrête aujourd'hui ici et son compte est fermé ; son dossier (absences de la période,
        dernières moyennes) est signé puis scellé pour le nouvel établissement : le hub le transmet sans pouvoir le lire.
      </p>
      <SubmitButton busy={form.busy}>Transférer l'élève</SubmitButton>
    </form>
  );
}

export function Transfers() {
  const transfers = useApi('/api/v1/admin/federation/transfers');
  return (
    <section class="card" aria-labelledby="transfers" aria-busy={transfers.loading ? 'true' : 'false'}>
      <h2 id="transfers">Changements d'établissement</h2>
      <TransferForm onDone={transfers.reload} />
      <Loaded state={transfers}>
        {(data) =>
          data.transfers.length === 0 ? (
            <Empty>Aucun départ ni arrivée.</Empty>
          ) : (
            <TableScroll label="Départs et arrivées">
              <table>
                <thead>
                  <tr><th scope="col">Élève</th><th scope="col">Sens</th><th scope="col">Établissement</th><th scope="col">Date</th><th scope="col">Dossier</th></tr>
                </thead>
                <tbody>
                  {data.transfers.map((t) => (
                    <tr key={`${t.direction}-${t.id}`} data-testid="transfer">
                      <td>{t.name}</td>
                      <td>{t.direction === 'out' ? 'Départ' : 'Arrivée'}</td>
                      <td>{t.school}</td>
                      <td>{formatIso(t.at)}</td>
                      <td>
                        {t.direction === 'out'
                          ? (t.sent_at ? `envoyé le ${formatIso(t.sent_at)}` : 'en attente du hub')
                          : <DossierFacts dossier={t.dossier} />}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Loaded>
    </section>
  );
}
