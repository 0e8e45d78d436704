// Homework: the list by due date, and one homework with its instructions,
// the done tick and the hand-in (text and files). Teachers' text is shown
// as text, never as HTML.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { Link } from '../router.jsx';
import { personLabel, useSubjectNames } from '../names.js';
import { addDays, formatDay, formatInstant, formatShortDay, today } from '../format.js';
import { useSession, useStudent } from '../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, useApi, useForm } from '../ui.jsx';

export const HOMEWORK_STATUS = {
  to_do: 'À faire',
  late: 'En retard',
  handed_in: 'Rendu',
  returned: 'Corrigé',
};

function Status({ progress }) {
  if (!progress) return null;
  const label = progress.done && progress.status === 'to_do' ? 'Fait' : HOMEWORK_STATUS[progress.status];
  return <span class={`status status-${progress.status}${progress.done ? ' status-done' : ''}`}>{label}</span>;
}

function byDueDate(items) {
  const groups = new Map();
  for (const item of items) {
    if (!groups.has(item.due_on)) groups.set(item.due_on, []);
    groups.get(item.due_on).push(item);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function HomeworkList({ query }) {
  const student = useStudent();
  const subjectLabel = useSubjectNames();
  const past = query.get('passes') === '1';
  const from = past ? addDays(today(), -30) : today();
  const to = past ? addDays(today(), -1) : addDays(today(), 30);
  const state = useApi(student ? '/api/v1/homework' : null, {
    student_id: student?.id,
    from,
    to,
  });
  return (
    <>
      <PageTitle>Devoirs</PageTitle>
      <p class="tabs">
        <Link href="/devoirs" aria-current={past ? undefined : 'page'}>
          À venir
        </Link>
        <Link href="/devoirs?passes=1" aria-current={past ? 'page' : undefined}>
          30 derniers jours
        </Link>
      </p>
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucun devoir sur cette période.</Empty>
          ) : (
            byDueDate(page.items).map(([due, items]) => (
              <section key={due} class="homework-day" aria-labelledby={`due-${due}`}>
                <h2 id={`due-${due}`}>Pour le {formatDay(due)}</h2>
                <ul class="homework-list">
                  {items.map((item) => (
                    <li key={item.id} class="card homework-item">
                      <Link href={`/devoirs/${item.id}`} class="homework-subject">
                        {subjectLabel(item.subject_id)}
                      </Link>
                      <Status progress={item.progress} />
                      <p class="homework-instructions">{item.instructions}</p>
                      {item.hand_in_expected && <p class="muted">Travail à rendre en ligne</p>}
                    </li>
                  ))}
                </ul>
              </section>
            ))
          )
        }
      </Loaded>
    </>
  );
}

function DoneTick({ homework, onChange }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const toggle = async (event) => {
    setBusy(true);
    setError(null);
    try {
      await api.put(`/api/v1/homework/${homework.id}/done`, { done: event.currentTarget.checked });
      onChange();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="field-check">
      <input
        type="checkbox"
        id="homework-done"
        checked={Boolean(homework.progress?.done)}
        disabled={busy}
        onChange={toggle}
      />
      <label for="homework-done">J'ai fait ce travail</label>
      <FormError error={error} />
    </div>
  );
}

function HandInView({ handIn }) {
  return (
    <section class="card" aria-labelledby="hand-in-title">
      <h2 id="hand-in-title">Mon rendu</h2>
      <p class="muted">
        Rendu le {formatInstant(handIn.handed_in_at)}
        {handIn.late ? ' (en retard)' : ''}
      </p>
      {handIn.text && <p class="user-text">{handIn.text}</p>}
      {handIn.files?.length > 0 && (
        <ul class="plain-list">
          {handIn.files.map((file) => (
            <li key={file.id}>
              <a href={`/api/v1/hand-ins/${handIn.id}/files/${file.id}`}>{file.name}</a>
            </li>
          ))}
        </ul>
      )}
      {(handIn.feedback || handIn.score !== null) && (
        <div class="feedback">
          <h3>Retour du professeur</h3>
          {handIn.score !== null && handIn.score !== undefined && (
            <p>
              Note : <strong>{handIn.score}/{handIn.out_of}</strong>
            </p>
          )}
          {handIn.feedback && <p class="user-text">{handIn.feedback}</p>}
        </div>
      )}
    </section>
  );
}

function HandInForm({ homework, onDone }) {
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const form = useForm(async (event) => {
    const data = new FormData();
    data.set('text', text);
    const files = event.currentTarget.elements.file.files;
    for (const file of files) data.append('file', file);
    await api.upload(`/api/v1/homework/${homework.id}/hand-in`, data);
    setSent(true);
    setText('');
    onDone();
  });
  const again = Boolean(homework.progress?.hand_in);
  return (
    <section class="card" aria-labelledby="hand-in-form-title">
      <h2 id="hand-in-form-title">{again ? 'Remplacer mon rendu' : 'Rendre mon travail'}</h2>
      <form onSubmit={form.submit} encType="multipart/form-data" novalidate>
        <FormError error={form.formError} />
        <Field
          label="Message ou réponse"
          name="text"
          multiline
          rows={5}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          error={form.errors.text}
        />
        <Field
          label="Fichiers"
          name="file"
          type="file"
          multiple
          hint="PDF, images, documents ; plusieurs fichiers possibles."
          error={form.errors.file}
        />
        <SubmitButton busy={form.busy}>Envoyer</SubmitButton>
        <p role="status" class="form-status">
          {sent ? 'Travail rendu.' : ''}
        </p>
      </form>
    </section>
  );
}

export function HomeworkDetail({ params }) {
  const { me } = useSession();
  const student = useStudent();
  const subjectLabel = useSubjectNames();
  const isStudent = me.roles.includes('student');
  const state = useApi(`/api/v1/homework/${encodeURIComponent(params.id)}`, {
    student_id: isStudent ? undefined : student?.id,
  });
  return (
    <Loaded state={state}>
      {(loaded) => {
        // A parent reads the progress of each child who has the homework.
        const progress =
          loaded.progress || (loaded.children || []).find((kid) => kid.student_id === student?.id) || null;
        const homework = { ...loaded, progress };
        return (
        <>
          <p class="breadcrumb">
            <Link href="/devoirs">Devoirs</Link>
          </p>
          <PageTitle>
            {subjectLabel(homework.subject_id)} — pour le {formatShortDay(homework.due_on)}
          </PageTitle>
          <p>
            <Status progress={homework.progress} />{' '}
            {personLabel(homework.teacher_id) && <span class="muted">Donné par {personLabel(homework.teacher_id)}</span>}
            {homework.due_at && <span class="muted"> · à rendre avant {homework.due_at}</span>}
            {homework.estimated_minutes ? <span class="muted"> · environ {homework.estimated_minutes} min</span> : null}
          </p>
          <section class="card" aria-labelledby="instructions-title">
            <h2 id="instructions-title">Consignes</h2>
            <p class="user-text" data-testid="homework-instructions">
              {homework.instructions}
            </p>
            {homework.attachments?.length > 0 && (
              <ul class="plain-list">
                {homework.attachments.map((file) => (
                  <li key={file.id}>
                    <a href={`/api/v1/homework/${homework.id}/attachments/${file.id}`}>{file.name}</a>
                  </li>
                ))}
              </ul>
            )}
          </section>
          {isStudent && <DoneTick homework={homework} onChange={state.reload} />}
          {homework.progress?.hand_in && <HandInView handIn={homework.progress.hand_in} />}
          {isStudent && homework.hand_in_expected && <HandInForm homework={homework} onDone={state.reload} />}
          {!isStudent && homework.hand_in_expected && !homework.progress?.hand_in && (
            <p class="muted">Pas encore rendu.</p>
          )}
        </>
        );
      }}
    </Loaded>
  );
}
