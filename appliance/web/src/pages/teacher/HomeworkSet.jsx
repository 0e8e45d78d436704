// The teacher's homework: the list of work set, the editor (class or group,
// due date, instructions, attachments, hand-in expected) and one homework
// with its hand-ins to review and return feedback on.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { addDays, formatDay, formatInstant, formatNumber, formatShortDay, today } from '../../format.js';
import { useSubjectNames } from '../../names.js';
import { Link, navigate } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import {
  Empty,
  Field,
  FormError,
  Loaded,
  PageTitle,
  SubmitButton,
  TableScroll,
  useApi,
  useForm,
} from '../../ui.jsx';
import { audienceLabel, mondayOf, pairKey, useTeaching } from './teaching.js';

const STATUS = { to_do: 'À rendre', late: 'Non rendu (en retard)', handed_in: 'Rendu', returned: 'Corrigé' };

export function TeacherHomeworkList({ query }) {
  const { me } = useSession();
  const teaching = useTeaching(me);
  const subjectLabel = useSubjectNames();
  const past = query.get('passes') === '1';
  const from = past ? addDays(today(), -60) : today();
  const to = past ? addDays(today(), -1) : addDays(today(), 90);
  const state = useApi('/api/v1/homework', { from, to });
  return (
    <>
      <PageTitle>Devoirs donnés</PageTitle>
      <div class="toolbar">
        <p class="tabs">
          <Link href="/devoirs-donnes" aria-current={past ? undefined : 'page'}>
            À venir
          </Link>
          <Link href="/devoirs-donnes?passes=1" aria-current={past ? 'page' : undefined}>
            60 derniers jours
          </Link>
        </p>
        <Link href="/devoirs-donnes/nouveau" class="button-primary">
          Donner un devoir
        </Link>
      </div>
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucun devoir sur cette période.</Empty>
          ) : (
            <ul class="homework-list">
              {[...page.items]
                .sort((a, b) => (past ? b.due_on.localeCompare(a.due_on) : a.due_on.localeCompare(b.due_on)))
                .map((item) => (
                  <li key={item.id} class="card homework-item">
                    <Link href={`/devoirs-donnes/${item.id}`} class="homework-subject">
                      {subjectLabel(item.subject_id)} — {audienceLabel(teaching.data, item)}
                    </Link>
                    <span class="muted">pour le {formatDay(item.due_on)}</span>
                    <p class="homework-instructions user-text">{item.instructions}</p>
                    {item.hand_in_expected && <p class="muted">Travail à rendre en ligne</p>}
                  </li>
                ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}

function FileInput({ label = 'Pièces jointes', error }) {
  return (
    <Field
      label={label}
      name="file"
      type="file"
      multiple
      hint="PDF, images, textes, documents bureautiques, audio ; 20 au plus."
      error={error}
    />
  );
}

async function uploadFiles(path, input) {
  if (!input || input.files.length === 0) return null;
  const data = new FormData();
  for (const file of input.files) data.append('file', file);
  return api.upload(path, data);
}

// The editor, for a new homework (optionally set in a lesson: ?cours=&date=)
// or to change one (`homework`).
function HomeworkEditor({ homework, lesson }) {
  const { me } = useSession();
  const teaching = useTeaching(me);
  const subjectLabel = useSubjectNames();
  const initialPair = homework
    ? pairKey(homework)
    : lesson
      ? pairKey(lesson)
      : '';
  const [pair, setPair] = useState(initialPair);
  const [dueOn, setDueOn] = useState(homework?.due_on || addDays(today(), 7));
  const [dueAt, setDueAt] = useState(homework?.due_at || '');
  const [minutes, setMinutes] = useState(homework?.estimated_minutes ? String(homework.estimated_minutes) : '');
  const [instructions, setInstructions] = useState(homework?.instructions || '');
  const [handIn, setHandIn] = useState(Boolean(homework?.hand_in_expected));
  const pairs = teaching.data?.pairs || [];
  const chosenPair = pairs.find((p) => pairKey(p) === pair) || (homework ? homework : null);

  const form = useForm(async (event) => {
    const fileInput = event.currentTarget.elements.file;
    const body = {
      due_on: dueOn,
      due_at: dueAt || null,
      estimated_minutes: minutes ? Number(minutes) : null,
      instructions,
      hand_in_expected: handIn,
    };
    let saved;
    if (homework) {
      saved = await api.patch(`/api/v1/homework/${homework.id}`, body);
    } else {
      if (!chosenPair) {
        const error = new Error('Choisissez la classe ou le groupe.');
        error.status = 422;
        throw Object.assign(error, { field: 'class_id' });
      }
      saved = await api.post('/api/v1/homework', {
        ...body,
        subject_id: chosenPair.subject_id,
        ...(chosenPair.class_id ? { class_id: chosenPair.class_id } : { group_id: chosenPair.group_id }),
        ...(lesson ? { lesson_id: lesson.lesson_id, lesson_date: lesson.date } : {}),
      });
    }
    try {
      await uploadFiles(`/api/v1/homework/${saved.id}/attachments`, fileInput);
    } catch (failure) {
      navigate(`/devoirs-donnes/${saved.id}?pj=refusee`);
      throw failure;
    }
    navigate(`/devoirs-donnes/${saved.id}?${homework ? 'modifie' : 'cree'}=1`);
  });

  return (
    <form onSubmit={form.submit} encType="multipart/form-data" class="card">
      <FormError error={form.formError} />
      {homework ? (
        <p>
          <strong>{subjectLabel(homework.subject_id)}</strong> — {audienceLabel(teaching.data, homework)}
        </p>
      ) : (
        <div class={`field${form.errors.class_id || form.errors.subject_id ? ' field-invalid' : ''}`}>
          <label for="homework-pair">Classe ou groupe, matière</label>
          <select
            id="homework-pair"
            required
            value={pair}
            onChange={(e) => setPair(e.currentTarget.value)}
            aria-describedby={form.errors.class_id ? 'homework-pair-error' : undefined}
          >
            <option value="">— Choisir —</option>
            {pairs.map((p) => (
              <option key={pairKey(p)} value={pairKey(p)}>
                {audienceLabel(teaching.data, p)} — {subjectLabel(p.subject_id)}
              </option>
            ))}
          </select>
          {(form.errors.class_id || form.errors.group_id || form.errors.subject_id) && (
            <p class="field-error" id="homework-pair-error" role="alert">
              {form.errors.class_id || form.errors.group_id || form.errors.subject_id}
            </p>
          )}
        </div>
      )}
      {lesson && !homework && <p class="muted">Donné pendant le cours du {formatDay(lesson.date)}.</p>}
      <div class="field-row">
        <Field
          label="Pour le"
          name="due_on"
          type="date"
          required
          value={dueOn}
          onInput={(e) => setDueOn(e.currentTarget.value)}
          error={form.errors.due_on}
        />
        <Field
          label="Heure limite (facultatif)"
          name="due_at"
          type="time"
          value={dueAt}
          onInput={(e) => setDueAt(e.currentTarget.value)}
          error={form.errors.due_at}
        />
        <Field
          label="Durée estimée (minutes)"
          name="estimated_minutes"
          type="number"
          min="1"
          max="600"
          value={minutes}
          onInput={(e) => setMinutes(e.currentTarget.value)}
          error={form.errors.estimated_minutes}
        />
      </div>
      <Field
        label="Consignes"
        name="instructions"
        multiline
        rows={6}
        required
        value={instructions}
        onInput={(e) => setInstructions(e.currentTarget.value)}
        error={form.errors.instructions}
      />
      <div class="field-check">
        <input
          type="checkbox"
          id="homework-hand-in"
          checked={handIn}
          onChange={(e) => setHandIn(e.currentTarget.checked)}
        />
        <label for="homework-hand-in">Les élèves rendent leur travail en ligne</label>
      </div>
      <FileInput error={form.errors.file} />
      <div class="actions">
        <SubmitButton busy={form.busy}>{homework ? 'Enregistrer' : 'Publier le devoir'}</SubmitButton>
        <Link href={homework ? `/devoirs-donnes/${homework.id}` : '/devoirs-donnes'} class="button-quiet">
          Annuler
        </Link>
      </div>
    </form>
  );
}

export function NewHomework({ query }) {
  const lessonId = Number(query.get('cours')) || null;
  const date = query.get('date');
  const week = useApi(lessonId && date ? '/api/v1/timetable/week' : null, {
    monday: date ? mondayOf(date) : undefined,
  });
  const lesson = lessonId ? (week.data?.items || []).find((l) => l.lesson_id === lessonId && l.date === date) : null;
  return (
    <>
      <p class="breadcrumb">
        <Link href="/devoirs-donnes">Devoirs donnés</Link>
      </p>
      <PageTitle>Donner un devoir</PageTitle>
      {lessonId && week.loading ? (
        <p class="loading" role="status">
          Chargement…
        </p>
      ) : (
        <HomeworkEditor lesson={lesson} />
      )}
    </>
  );
}

export function EditHomework({ params }) {
  const state = useApi(`/api/v1/homework/${encodeURIComponent(params.id)}`);
  return (
    <>
      <p class="breadcrumb">
        <Link href={`/devoirs-donnes/${params.id}`}>Retour au devoir</Link>
      </p>
      <PageTitle>Modifier le devoir</PageTitle>
      <Loaded state={state}>{(homework) => <HomeworkEditor homework={homework} />}</Loaded>
    </>
  );
}

function score(handIn) {
  if (handIn.score === null || handIn.score === undefined) return null;
  return `${formatNumber(handIn.score / 100)}/${formatNumber(handIn.out_of / 100)}`;
}

function FeedbackForm({ handIn, name, onDone }) {
  const [feedback, setFeedback] = useState(handIn.feedback || '');
  const [value, setValue] = useState(handIn.score !== null && handIn.score !== undefined ? String(handIn.score / 100) : '');
  const [outOf, setOutOf] = useState(handIn.out_of ? String(handIn.out_of / 100) : '20');
  const form = useForm(async () => {
    const body = { feedback };
    if (value.trim() !== '') {
      body.score = Math.round(Number(value.replace(',', '.')) * 100);
      body.out_of = Math.round(Number(outOf.replace(',', '.')) * 100);
    }
    await api.put(`/api/v1/hand-ins/${handIn.id}/feedback`, body);
    onDone();
  });
  return (
    <form onSubmit={form.submit} class="feedback-form">
      <FormError error={form.formError} />
      <Field
        label={`Retour à ${name}`}
        name="feedback"
        multiline
        rows={3}
        required
        value={feedback}
        onInput={(e) => setFeedback(e.currentTarget.value)}
        error={form.errors.feedback}
      />
      <div class="field-row">
        <Field
          label="Note (facultatif)"
          name="score"
          inputMode="decimal"
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
          error={form.errors.score}
        />
        <Field
          label="Sur"
          name="out_of"
          inputMode="decimal"
          value={outOf}
          onInput={(e) => setOutOf(e.currentTarget.value)}
          error={form.errors.out_of}
        />
      </div>
      <SubmitButton busy={form.busy}>{handIn.returned_at ? 'Modifier le retour' : 'Rendre la correction'}</SubmitButton>
    </form>
  );
}

function HandInItem({ row, name, onDone }) {
  const handIn = row.hand_in;
  const [open, setOpen] = useState(false);
  return (
    <li class="card hand-in">
      <h3>
        {name} <span class={`status status-${row.status}`}>{STATUS[row.status]}</span>
      </h3>
      {handIn ? (
        <>
          <p class="muted">
            Rendu le {formatInstant(handIn.handed_in_at)}
            {handIn.late ? ' (en retard)' : ''}
          </p>
          {handIn.text && <p class="user-text">{handIn.text}</p>}
          {handIn.files.length > 0 && (
            <ul class="plain-list">
              {handIn.files.map((file) => (
                <li key={file.id}>
                  <a href={`/api/v1/hand-ins/${handIn.id}/files/${file.id}`}>{file.name}</a>
                </li>
              ))}
            </ul>
          )}
          {handIn.feedback && (
            <div class="feedback">
              <h4>Votre retour{score(handIn) ? ` — ${score(handIn)}` : ''}</h4>
              <p class="user-text">{handIn.feedback}</p>
            </div>
          )}
          {open ? (
            <FeedbackForm
              handIn={handIn}
              name={name}
              onDone={() => {
                setOpen(false);
                onDone();
              }}
            />
          ) : (
            <button type="button" class="button-secondary" onClick={() => setOpen(true)}>
              {handIn.feedback ? 'Modifier le retour' : 'Corriger'}
              <span class="visually-hidden"> le travail de {name}</span>
            </button>
          )}
        </>
      ) : (
        <p class="muted">Rien de rendu.</p>
      )}
    </li>
  );
}

function HandIns({ homework, names }) {
  const state = useApi(`/api/v1/homework/${homework.id}/hand-ins`);
  return (
    <section aria-labelledby="hand-ins-title">
      <h2 id="hand-ins-title">Travaux rendus</h2>
      <Loaded state={state}>
        {(page) => {
          const handed = page.items.filter((row) => row.hand_in);
          const waiting = handed.filter((row) => !row.hand_in.returned_at).length;
          return (
            <>
              <p>
                {handed.length} rendu{handed.length > 1 ? 's' : ''} sur {page.items.length} élève
                {page.items.length > 1 ? 's' : ''}, {waiting} à corriger.
              </p>
              <ul class="plain-list hand-ins">
                {[...page.items]
                  .sort((a, b) => Number(Boolean(b.hand_in)) - Number(Boolean(a.hand_in)))
                  .map((row) => (
                    <HandInItem
                      key={row.student_id}
                      row={row}
                      name={names.get(row.student_id) || `Élève ${row.student_id}`}
                      onDone={state.reload}
                    />
                  ))}
              </ul>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

// Student names of the homework's class or group (the hand-ins give ids).
function useStudentNames(homework) {
  const path = homework?.class_id ? `/api/v1/classes/${homework.class_id}/students` : null;
  const state = useApi(path);
  const names = new Map();
  for (const s of state.data?.items || []) names.set(s.id, `${s.given_name} ${s.family_name}`);
  return names;
}

function AttachmentAdder({ homework, onDone }) {
  const form = useForm(async (event) => {
    const target = event.currentTarget;
    await uploadFiles(`/api/v1/homework/${homework.id}/attachments`, target.elements.file);
    target.reset();
    onDone();
  });
  return (
    <form onSubmit={form.submit} encType="multipart/form-data">
      <FormError error={form.formError} />
      <FileInput label="Ajouter des pièces jointes" error={form.errors.file} />
      <SubmitButton busy={form.busy}>Joindre</SubmitButton>
    </form>
  );
}

export function TeacherHomeworkDetail({ params, query }) {
  const { me } = useSession();
  const teaching = useTeaching(me);
  const subjectLabel = useSubjectNames();
  const state = useApi(`/api/v1/homework/${encodeURIComponent(params.id)}`);
  const names = useStudentNames(state.data);
  const [deleting, setDeleting] = useState(false);
  const remove = useForm(async () => {
    await api.del(`/api/v1/homework/${params.id}`);
    navigate('/devoirs-donnes');
  });
  const notice = query.get('cree') ? 'Devoir publié.' : query.get('modifie') ? 'Devoir modifié.' : '';
  return (
    <Loaded state={state}>
      {(homework) => (
        <>
          <p class="breadcrumb">
            <Link href="/devoirs-donnes">Devoirs donnés</Link>
          </p>
          <PageTitle>
            {subjectLabel(homework.subject_id)} — {audienceLabel(teaching.data, homework)} — pour le{' '}
            {formatShortDay(homework.due_on)}
          </PageTitle>
          <p role="status" class="form-status">
            {notice}
          </p>
          {query.get('pj') && (
            <p class="banner banner-error" role="alert">
              Le devoir est publié mais une pièce jointe a été refusée : ajoutez-la de nouveau ci-dessous.
            </p>
          )}
          <section class="card" aria-labelledby="instructions-title">
            <h2 id="instructions-title">Consignes</h2>
            <p class="user-text" data-testid="homework-instructions">
              {homework.instructions}
            </p>
            <p class="muted">
              {homework.due_at ? `À rendre avant ${homework.due_at}. ` : ''}
              {homework.estimated_minutes ? `Environ ${homework.estimated_minutes} min. ` : ''}
              {homework.hand_in_expected ? 'Rendu en ligne attendu.' : 'Pas de rendu en ligne.'}
            </p>
            {homework.attachments.length > 0 && (
              <ul class="plain-list">
                {homework.attachments.map((file) => (
                  <li key={file.id}>
                    <a href={`/api/v1/homework/${homework.id}/attachments/${file.id}`}>{file.name}</a>
                  </li>
                ))}
              </ul>
            )}
            {homework.teacher_id === me.id && (
              <>
                <AttachmentAdder homework={homework} onDone={state.reload} />
                <div class="actions">
                  <Link href={`/devoirs-donnes/${homework.id}/modifier`} class="button-secondary">
                    Modifier
                  </Link>
                  {deleting ? (
                    <>
                      <FormError error={remove.formError} />
                      <button type="button" class="button-danger" onClick={remove.submit} disabled={remove.busy}>
                        Confirmer la suppression
                      </button>
                      <button type="button" class="button-quiet" onClick={() => setDeleting(false)}>
                        Garder
                      </button>
                    </>
                  ) : (
                    <button type="button" class="button-quiet" onClick={() => setDeleting(true)}>
                      Supprimer
                    </button>
                  )}
                </div>
              </>
            )}
          </section>
          {homework.hand_in_expected && <HandIns homework={homework} names={names} />}
        </>
      )}
    </Loaded>
  );
}
