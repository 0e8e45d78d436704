// Absences and lateness over the current period; a parent justifies an
// absence here (reason, dates, text), then staff decide.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatShortDay } from '../format.js';
import { useSubjectNames } from '../names.js';
import { useSession, useStudent } from '../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, useApi, useForm, TableScroll } from '../ui.jsx';

const JUSTIFICATION = { justified: 'Justifiée', pending: 'Justificatif en attente', unjustified: 'Non justifiée' };

function Events({ events, onJustify, canJustify }) {
  const subjectLabel = useSubjectNames();
  if (events.length === 0) return <Empty>Aucune absence ni retard sur cette période.</Empty>;
  return (
    <TableScroll label="Absences et retards">
      <table>
        <caption class="visually-hidden">Absences et retards</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Cours</th>
            <th scope="col">Type</th>
            <th scope="col">Justification</th>
            {canJustify && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={`${event.lesson_id}-${event.date}-${event.starts_at}`}>
              <td>
                {formatShortDay(event.date)} {event.starts_at}–{event.ends_at}
              </td>
              <td>{subjectLabel(event.subject_id)}</td>
              <td>{event.status === 'late' ? `Retard (${event.minutes_late} min)` : 'Absence'}</td>
              <td>
                <span class={`status status-${event.justification}`}>{JUSTIFICATION[event.justification]}</span>
              </td>
              {canJustify && (
                <td>
                  {event.justification === 'unjustified' && (
                    <button type="button" class="button-secondary" onClick={() => onJustify(event)}>
                      Justifier<span class="visually-hidden"> l'absence du {formatShortDay(event.date)} à {event.starts_at}</span>
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function JustifyForm({ student, event, onDone, onCancel }) {
  const reasons = useApi('/api/v1/attendance/reasons');
  const [reason, setReason] = useState('illness');
  const [from, setFrom] = useState(event.date);
  const [to, setTo] = useState(event.date);
  const [text, setText] = useState('');
  const form = useForm(async () => {
    await api.post('/api/v1/attendance/justifications', {
      student_id: student.id,
      reason,
      from_date: from,
      to_date: to,
      text,
    });
    onDone();
  });
  return (
    <section class="card" aria-labelledby="justify-title">
      <h2 id="justify-title">Justifier une absence</h2>
      <form onSubmit={form.submit} novalidate>
        <FormError error={form.formError} />
        <div class="field">
          <label for="justify-reason">Motif</label>
          <select id="justify-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
            {(reasons.data?.items || [{ code: 'illness', label: 'Maladie' }]).map((item) => (
              <option key={item.code} value={item.code}>
                {item.label}
              </option>
            ))}
          </select>
          {form.errors.reason && <p class="field-error" role="alert">{form.errors.reason}</p>}
        </div>
        <div class="field-row">
          <Field label="Du" name="from_date" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} error={form.errors.from_date} />
          <Field label="Au" name="to_date" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} error={form.errors.to_date} />
        </div>
        <Field
          label="Message à la vie scolaire"
          name="text"
          multiline
          rows={3}
          required
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          error={form.errors.text}
        />
        <div class="actions">
          <SubmitButton busy={form.busy}>Envoyer la justification</SubmitButton>
          <button type="button" class="button-quiet" onClick={onCancel}>
            Annuler
          </button>
        </div>
      </form>
    </section>
  );
}

export function Attendance() {
  const { me } = useSession();
  const student = useStudent();
  const [justifying, setJustifying] = useState(null);
  const [sent, setSent] = useState(false);
  const state = useApi(student ? `/api/v1/attendance/students/${student.id}` : null);
  const isParent = me.roles.includes('parent');
  return (
    <>
      <PageTitle>Absences et retards</PageTitle>
      <p role="status" class="form-status">
        {sent ? 'Justification envoyée à la vie scolaire.' : ''}
      </p>
      <Loaded state={state}>
        {(summary) => (
          <>
            <p>
              {summary.period?.label} : <strong>{summary.half_days_absent}</strong> demi-journée(s) d'absence dont{' '}
              <strong>{summary.half_days_unjustified}</strong> non justifiée(s), <strong>{summary.late_count}</strong>{' '}
              retard(s).
            </p>
            {justifying && (
              <JustifyForm
                student={student}
                event={justifying}
                onCancel={() => setJustifying(null)}
                onDone={() => {
                  setJustifying(null);
                  setSent(true);
                  state.reload();
                }}
              />
            )}
            <Events
              events={summary.events}
              canJustify={isParent}
              onJustify={(event) => {
                setSent(false);
                setJustifying(event);
              }}
            />
          </>
        )}
      </Loaded>
    </>
  );
}
