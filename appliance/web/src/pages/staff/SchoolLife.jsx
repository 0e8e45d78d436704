// Vie scolaire: justifications to accept or refuse, roll calls not taken,
// students absent today without a justification, and each class's and
// student's absences and lateness (where staff record a justification).
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatDay, formatInstant, formatShortDay, today } from '../../format.js';
import { rememberNames, subjectLabel as dashboardSubject, useSubjectNames } from '../../names.js';
import { Link } from '../../router.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, TableScroll, useApi, useForm } from '../../ui.jsx';
import { usePeople } from '../people.js';

const STATE = { pending: 'En attente', accepted: 'Acceptée', refused: 'Refusée' };
const JUSTIFICATION = { justified: 'Justifiée', pending: 'Justificatif en attente', unjustified: 'Non justifiée' };

function span(j) {
  const from = `${formatShortDay(j.from_date)}${j.from_time ? ` ${j.from_time}` : ''}`;
  const to = `${formatShortDay(j.to_date)}${j.to_time ? ` ${j.to_time}` : ''}`;
  return from === to ? `le ${from}` : `du ${from} au ${to}`;
}

function Decision({ justification, name, onDone }) {
  const [refusing, setRefusing] = useState(false);
  const [comment, setComment] = useState('');
  const accept = useForm(async () => {
    await api.post(`/api/v1/attendance/justifications/${justification.id}/decision`, { decision: 'accept' });
    onDone(`Justification de ${name} acceptée.`);
  });
  const refuse = useForm(async () => {
    await api.post(`/api/v1/attendance/justifications/${justification.id}/decision`, { decision: 'refuse', comment });
    onDone(`Justification de ${name} refusée.`);
  });
  if (refusing) {
    return (
      <form onSubmit={refuse.submit}>
        <FormError error={refuse.formError} />
        <Field label={`Motif du refus (envoyé aux responsables de ${name})`} name="comment" multiline rows={2}
          required value={comment} onInput={(e) => setComment(e.currentTarget.value)} error={refuse.errors.comment} />
        <div class="actions">
          <SubmitButton busy={refuse.busy}>Refuser</SubmitButton>
          <button type="button" class="button-quiet" onClick={() => setRefusing(false)}>
            Annuler
          </button>
        </div>
      </form>
    );
  }
  return (
    <div class="actions">
      <FormError error={accept.formError} />
      <button type="button" class="button-primary" onClick={accept.submit} disabled={accept.busy}>
        Accepter<span class="visually-hidden"> la justification de {name}</span>
      </button>
      <button type="button" class="button-secondary" onClick={() => setRefusing(true)}>
        Refuser<span class="visually-hidden"> la justification de {name}</span>
      </button>
    </div>
  );
}

function Justifications() {
  const [state, setState] = useState('pending');
  const [done, setDone] = useState('');
  const list = useApi('/api/v1/attendance/justifications', { state });
  const name = usePeople((list.data?.items || []).flatMap((j) => [j.student_id, j.submitted_by]));
  return (
    <section class="card" aria-labelledby="justifications-title">
      <h2 id="justifications-title">Justifications</h2>
      <div class="chips" role="group" aria-label="Afficher">
        {Object.entries(STATE).map(([code, label]) => (
          <button key={code} type="button" class="chip" aria-pressed={state === code ? 'true' : 'false'}
            onClick={() => { setDone(''); setState(code); }}>
            {label}
          </button>
        ))}
      </div>
      <p role="status" class="form-status">{done}</p>
      <Loaded state={list}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucune justification {STATE[state].toLowerCase()}.</Empty>
          ) : (
            <ul class="plain-list justification-list">
              {page.items.map((j) => {
                const student = name(j.student_id, `Élève ${j.student_id}`);
                return (
                  <li key={j.id} class="justification">
                    <h3>
                      <Link href={`/vie-scolaire/eleves/${j.student_id}`}>{student}</Link>{' '}
                      <span class={`status status-${j.state === 'accepted' ? 'justified' : j.state === 'refused' ? 'unjustified' : 'pending'}`}>
                        {STATE[j.state]}
                      </span>
                    </h3>
                    <p>
                      <strong>{j.reason_label}</strong> — {span(j)}
                    </p>
                    {j.text && <p class="user-text">{j.text}</p>}
                    <p class="muted">
                      Envoyée le {formatInstant(j.submitted_at)}
                      {j.submitted_by && name(j.submitted_by) ? ` par ${name(j.submitted_by)}` : ''}
                    </p>
                    {j.file_id && (
                      <p>
                        <a href={`/api/v1/attendance/justifications/${j.id}/document`}>Pièce justificative</a>
                      </p>
                    )}
                    {j.decision_comment && <p class="user-text">Commentaire : {j.decision_comment}</p>}
                    {j.state === 'pending' && (
                      <Decision justification={j} name={student} onDone={(text) => { setDone(text); list.reload(); }} />
                    )}
                  </li>
                );
              })}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

function MissingRollCalls({ date }) {
  const subjectLabel = useSubjectNames();
  const missing = useApi('/api/v1/attendance/missing-roll-calls', { date });
  const teacher = usePeople((missing.data?.items || []).flatMap((l) => l.teacher_ids));
  return (
    <section class="card" aria-labelledby="missing-title">
      <h2 id="missing-title">Appels non faits</h2>
      <Loaded state={missing}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Tous les appels commencés ont été faits.</Empty>
          ) : (
            <ul class="plain-list">
              {page.items.map((lesson) => (
                <li key={`${lesson.lesson_id}-${lesson.starts_at}`}>
                  <Link href={`/appel?cours=${lesson.lesson_id}&date=${page.date}`}>
                    {lesson.starts_at}–{lesson.ends_at} {subjectLabel(lesson.subject_id)}
                  </Link>{' '}
                  <span class="muted">
                    {lesson.teacher_ids.map((id) => teacher(id)).filter(Boolean).join(', ')}
                    {lesson.room ? ` · salle ${lesson.room}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

function AbsentToday() {
  const dashboard = useApi('/api/v1/me/dashboard');
  return (
    <section class="card" aria-labelledby="absent-title">
      <h2 id="absent-title">Absents aujourd'hui sans justification</h2>
      <Loaded state={dashboard}>
        {(data) => {
          rememberNames(data.names);
          const absent = data.staff?.unjustified_absences;
          if (!absent || absent.items.length === 0) return <Empty>Personne.</Empty>;
          return (
            <ul class="plain-list">
              {absent.items.map((s) => (
                <li key={s.student_id}>
                  <Link href={`/vie-scolaire/eleves/${s.student_id}`}>{s.name}</Link>{' '}
                  <span class="muted">{s.class?.label}</span> —{' '}
                  {s.events
                    .map((e) => `${e.starts_at} ${dashboardSubject(e.subject_id)}${e.status === 'late' ? ` (retard ${e.minutes_late} min)` : ''}`)
                    .join(', ')}
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </section>
  );
}

function ClassCounts() {
  const classes = useApi('/api/v1/classes');
  const [classId, setClassId] = useState('');
  const counts = useApi(classId ? `/api/v1/classes/${classId}/attendance` : null);
  return (
    <section class="card" aria-labelledby="class-title">
      <h2 id="class-title">Suivi par classe</h2>
      <div class="field">
        <label for="class-choice">Classe</label>
        <select id="class-choice" value={classId} onChange={(e) => setClassId(e.currentTarget.value)}>
          <option value="">— Choisir —</option>
          {(classes.data?.items || []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      {classId && (
        <Loaded state={counts}>
          {(data) => (
            <TableScroll label="Absences de la classe">
              <table>
                <caption>{data.period.label || `Du ${formatShortDay(data.period.from)} au ${formatShortDay(data.period.to)}`}</caption>
                <thead>
                  <tr>
                    <th scope="col">Élève</th>
                    <th scope="col">Demi-journées d'absence</th>
                    <th scope="col">dont non justifiées</th>
                    <th scope="col">Retards</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((s) => (
                    <tr key={s.student_id}>
                      <th scope="row">
                        <Link href={`/vie-scolaire/eleves/${s.student_id}`}>{s.name}</Link>
                      </th>
                      <td class="number">{s.half_days_absent}</td>
                      <td class="number">{s.half_days_unjustified}</td>
                      <td class="number">
                        {s.late_count} ({s.minutes_late} min)
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </Loaded>
      )}
    </section>
  );
}

export function SchoolLife() {
  const date = today();
  return (
    <>
      <PageTitle>Vie scolaire</PageTitle>
      <p class="muted">{formatDay(date)}</p>
      <Justifications />
      <div class="dashboard-grid">
        <MissingRollCalls date={date} />
        <AbsentToday />
      </div>
      <ClassCounts />
    </>
  );
}

function RecordJustification({ studentId, event, onDone, onCancel }) {
  const reasons = useApi('/api/v1/attendance/reasons');
  const [reason, setReason] = useState('illness');
  const [from, setFrom] = useState(event?.date || today());
  const [to, setTo] = useState(event?.date || today());
  const [text, setText] = useState('');
  const form = useForm(async () => {
    await api.post('/api/v1/attendance/justifications', {
      student_id: studentId, reason, from_date: from, to_date: to, ...(text ? { text } : {}),
    });
    onDone();
  });
  return (
    <section class="card" aria-labelledby="record-justification">
      <h2 id="record-justification">Enregistrer une justification</h2>
      <form onSubmit={form.submit}>
        <FormError error={form.formError} />
        <div class="field">
          <label for="staff-reason">Motif</label>
          <select id="staff-reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
            {(reasons.data?.items || [{ code: 'illness', label: 'Maladie' }]).map((r) => (
              <option key={r.code} value={r.code}>{r.label}</option>
            ))}
          </select>
        </div>
        <div class="field-row">
          <Field label="Du" name="from_date" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} error={form.errors.from_date} />
          <Field label="Au" name="to_date" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} error={form.errors.to_date} />
        </div>
        <Field label="Remarque (facultatif)" name="text" multiline rows={2} value={text} onInput={(e) => setText(e.currentTarget.value)} error={form.errors.text} />
        <div class="actions">
          <SubmitButton busy={form.busy}>Enregistrer (acceptée)</SubmitButton>
          <button type="button" class="button-quiet" onClick={onCancel}>Annuler</button>
        </div>
      </form>
    </section>
  );
}

export function StudentFollowUp({ params }) {
  const subjectLabel = useSubjectNames();
  const id = Number(params.id);
  const state = useApi(`/api/v1/attendance/students/${id}`);
  const name = usePeople([id]);
  const [recording, setRecording] = useState(null);
  const [done, setDone] = useState('');
  return (
    <>
      <p class="breadcrumb">
        <Link href="/vie-scolaire">Vie scolaire</Link>
      </p>
      <PageTitle>Absences de {name(id, 'l\'élève')}</PageTitle>
      <p role="status" class="form-status">{done}</p>
      <Loaded state={state}>
        {(summary) => (
          <>
            <p>
              {summary.period?.label} : <strong>{summary.half_days_absent}</strong> demi-journée(s) d'absence dont{' '}
              <strong>{summary.half_days_unjustified}</strong> non justifiée(s), <strong>{summary.late_count}</strong> retard(s)
              ({summary.minutes_late} min).
            </p>
            {recording ? (
              <RecordJustification studentId={id} event={recording === true ? null : recording}
                onCancel={() => setRecording(null)}
                onDone={() => { setRecording(null); setDone('Justification enregistrée.'); state.reload(); }} />
            ) : (
              <p>
                <button type="button" class="button-secondary" onClick={() => { setDone(''); setRecording(true); }}>
                  Enregistrer une justification
                </button>
              </p>
            )}
            {summary.events.length === 0 ? (
              <Empty>Aucune absence ni retard sur cette période.</Empty>
            ) : (
              <TableScroll label="Absences et retards">
                <table>
                  <caption class="visually-hidden">Absences et retards</caption>
                  <thead>
                    <tr>
                      <th scope="col">Date</th>
                      <th scope="col">Cours</th>
                      <th scope="col">Type</th>
                      <th scope="col">Justification</th>
                      <th scope="col">Action</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.events.map((e) => (
                      <tr key={`${e.lesson_id}-${e.date}-${e.starts_at}`}>
                        <td>{formatShortDay(e.date)} {e.starts_at}–{e.ends_at}</td>
                        <td>{subjectLabel(e.subject_id)}</td>
                        <td>{e.status === 'late' ? `Retard (${e.minutes_late} min)` : 'Absence'}</td>
                        <td><span class={`status status-${e.justification}`}>{JUSTIFICATION[e.justification]}</span></td>
                        <td>
                          {e.justification !== 'justified' && (
                            <button type="button" class="button-quiet" onClick={() => { setDone(''); setRecording(e); }}>
                              Justifier<span class="visually-hidden"> l'absence du {formatShortDay(e.date)} à {e.starts_at}</span>
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableScroll>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}
