// The school's settings the API exposes: who may write to whom (messaging
// policy), reported messages, and the school calendar (read here; it is
// replaced by an import or the API).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatInstant, formatShortDay } from '../../format.js';
import { Link } from '../../router.jsx';
import { Empty, FormError, Loaded, PageTitle, SubmitButton, TableScroll, useApi, useForm } from '../../ui.jsx';

function Policy() {
  const state = useApi('/api/v1/messaging/policy');
  const [rules, setRules] = useState({});
  const [saved, setSaved] = useState('');
  useEffect(() => {
    if (state.data) setRules(Object.fromEntries(state.data.rules.map((r) => [r.name, r.allowed])));
  }, [state.data]);
  const form = useForm(async () => {
    const answer = await api.put('/api/v1/messaging/policy', { rules });
    setRules(Object.fromEntries(answer.rules.map((r) => [r.name, r.allowed])));
    setSaved('Règles enregistrées.');
  });
  return (
    <section class="card" aria-labelledby="policy-title">
      <h2 id="policy-title">Messagerie : qui peut écrire à qui</h2>
      <p class="hint">Répondre dans une conversation reste toujours possible. Les administrateurs peuvent écrire à tous.</p>
      <Loaded state={state}>
        {(policy) => (
          <form onSubmit={form.submit}>
            <FormError error={form.formError} />
            <fieldset>
              <legend>Règles</legend>
              {policy.rules.map((rule) => (
                <div class="field-check" key={rule.name}>
                  <input type="checkbox" id={`rule-${rule.name}`} checked={Boolean(rules[rule.name])}
                    onChange={(e) => { setSaved(''); setRules({ ...rules, [rule.name]: e.currentTarget.checked }); }} />
                  <label for={`rule-${rule.name}`}>
                    Autoriser les {rule.allows}
                    <span class="muted"> (par défaut : {rule.default ? 'oui' : 'non'})</span>
                  </label>
                  {form.errors[`rules.${rule.name}`] && <p class="field-error" role="alert">{form.errors[`rules.${rule.name}`]}</p>}
                </div>
              ))}
            </fieldset>
            <SubmitButton busy={form.busy}>Enregistrer les règles</SubmitButton>
            <p role="status" class="form-status">{saved}</p>
          </form>
        )}
      </Loaded>
    </section>
  );
}

function Reports() {
  const [all, setAll] = useState(false);
  const state = useApi('/api/v1/messaging/reports', { state: all ? 'all' : 'open' });
  const [error, setError] = useState(null);
  const handle = async (id) => {
    setError(null);
    try {
      await api.post(`/api/v1/messaging/reports/${id}/handled`);
      state.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section class="card" aria-labelledby="reports-title">
      <h2 id="reports-title">Messages signalés</h2>
      <div class="field-check">
        <input type="checkbox" id="reports-all" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
        <label for="reports-all">Montrer aussi les signalements traités</label>
      </div>
      <FormError error={error} />
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucun signalement à traiter.</Empty>
          ) : (
            <ul class="plain-list">
              {page.items.map((report) => (
                <li key={report.id}>
                  <p>
                    <Link href={`/messages/${report.conversation?.id}`}>{report.conversation?.subject}</Link>{' '}
                    <span class="muted">signalé par {report.reported_by?.name} le {formatInstant(report.created_at)}</span>
                  </p>
                  <p>Motif : <span class="user-text">{report.reason}</span></p>
                  <blockquote class="user-text">{report.message?.text}</blockquote>
                  {report.handled_at ? (
                    <p class="muted">Traité le {formatInstant(report.handled_at)}</p>
                  ) : (
                    <button type="button" class="button-secondary" onClick={() => handle(report.id)}>
                      Marquer comme traité
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

function CalendarView() {
  const state = useApi('/api/v1/timetable/calendar');
  return (
    <section class="card" aria-labelledby="calendar-title">
      <h2 id="calendar-title">Calendrier de l'année</h2>
      <Loaded state={state}>
        {(calendar) => (
          <>
            <TableScroll label="Périodes et vacances">
              <table>
                <caption>Périodes et vacances</caption>
                <thead><tr><th scope="col">Nom</th><th scope="col">Du</th><th scope="col">Au</th></tr></thead>
                <tbody>
                  {calendar.periods.map((p) => (
                    <tr key={`p-${p.label}`}><th scope="row">{p.label}</th><td>{formatShortDay(p.starts_on)}</td><td>{formatShortDay(p.ends_on)}</td></tr>
                  ))}
                  {calendar.holidays.map((h) => (
                    <tr key={`h-${h.label}-${h.starts_on}`}><th scope="row">{h.label} (vacances)</th><td>{formatShortDay(h.starts_on)}</td><td>{formatShortDay(h.ends_on)}</td></tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <p class="muted">
              {calendar.week_a_monday ? `Semaines A et B, à partir du lundi ${formatShortDay(calendar.week_a_monday)} (semaine A).` : 'Pas de semaines A et B.'}
            </p>
          </>
        )}
      </Loaded>
    </section>
  );
}

export function Settings() {
  return (
    <>
      <PageTitle>Paramètres</PageTitle>
      <Policy />
      <Reports />
      <CalendarView />
    </>
  );
}
