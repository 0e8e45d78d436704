// The cahier de textes: the teacher's week of lessons, and for one lesson
// what it covered (title, content, kept versions) and the homework set in it.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { addDays, formatDay, formatInstant, formatShortDay, today } from '../../format.js';
import { useSubjectNames } from '../../names.js';
import { Link } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, useApi, useForm } from '../../ui.jsx';
import { audienceLabel, mondayOf, useTeaching } from './teaching.js';

export function LessonRecordWeek({ query }) {
  const { me } = useSession();
  const teaching = useTeaching(me);
  const subjectLabel = useSubjectNames();
  const monday = mondayOf(query.get('semaine') || today());
  const week = useApi('/api/v1/timetable/week', { monday });
  const days = [0, 1, 2, 3, 4, 5].map((n) => addDays(monday, n));
  return (
    <>
      <PageTitle>Cahier de textes</PageTitle>
      <nav class="toolbar" aria-label="Semaines">
        <Link href={`/cahier-de-textes?semaine=${addDays(monday, -7)}`}>Semaine précédente</Link>
        <span>Semaine du {formatShortDay(monday)}</span>
        <Link href={`/cahier-de-textes?semaine=${addDays(monday, 7)}`}>Semaine suivante</Link>
      </nav>
      <Loaded state={week}>
        {(data) => {
          const byDay = days
            .map((day) => [day, data.items.filter((l) => l.date === day).sort((a, b) => a.starts_at.localeCompare(b.starts_at))])
            .filter(([, lessons]) => lessons.length > 0);
          if (byDay.length === 0) return <Empty>Aucun cours cette semaine.</Empty>;
          return (
            <div class="week">
              {byDay.map(([day, lessons]) => (
                <section key={day} class="week-column" aria-labelledby={`day-${day}`}>
                  <h2 id={`day-${day}`} class={day === today() ? 'is-today' : ''}>
                    {formatDay(day)}
                  </h2>
                  <ul class="lessons">
                    {lessons.map((lesson) => (
                      <li key={lesson.lesson_id} class={`lesson${lesson.cancelled ? ' lesson-cancelled' : ''}`}>
                        <span class="lesson-time">
                          {lesson.starts_at}–{lesson.ends_at}
                        </span>
                        <Link class="lesson-subject" href={`/cahier-de-textes/${lesson.lesson_id}/${lesson.date}`}>
                          {subjectLabel(lesson.subject_id)} — {audienceLabel(teaching.data, lesson)}
                        </Link>
                        {lesson.cancelled && <strong class="lesson-change">Annulé</strong>}
                      </li>
                    ))}
                  </ul>
                </section>
              ))}
            </div>
          );
        }}
      </Loaded>
    </>
  );
}

// GET the record; a 404 means nothing was written yet (an empty entry).
function useRecord(lessonId, date) {
  const [state, setState] = useState({ loading: true, data: null, error: null });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let live = true;
    api
      .get(`/api/v1/timetable/lessons/${lessonId}/record/${date}`)
      .then((data) => live && setState({ loading: false, data, error: null }))
      .catch((error) => {
        if (!live) return;
        if (error.status === 404) setState({ loading: false, data: { entry: null, history: [] }, error: null });
        else setState({ loading: false, data: null, error });
      });
    return () => {
      live = false;
    };
  }, [lessonId, date, round]);
  return { ...state, reload: () => setRound((n) => n + 1) };
}

function RecordForm({ lessonId, date, entry, onSaved }) {
  const [title, setTitle] = useState(entry?.title || '');
  const [content, setContent] = useState(entry?.content || '');
  const [saved, setSaved] = useState('');
  const form = useForm(async () => {
    await api.put(`/api/v1/timetable/lessons/${lessonId}/record/${date}`, { title: title || null, content });
    setSaved('Cahier de textes enregistré.');
    onSaved();
  });
  return (
    <form onSubmit={form.submit}>
      <FormError error={form.formError} />
      <Field label="Titre (facultatif)" name="title" value={title} maxLength={200}
        onInput={(e) => setTitle(e.currentTarget.value)} error={form.errors.title} />
      <Field label="Contenu de la séance" name="content" multiline rows={8} required value={content}
        onInput={(e) => { setSaved(''); setContent(e.currentTarget.value); }} error={form.errors.content || form.errors.date} />
      <SubmitButton busy={form.busy}>Enregistrer</SubmitButton>
      <p role="status" class="form-status">{saved}</p>
    </form>
  );
}

function History({ history }) {
  if (!history.length) return null;
  return (
    <details class="card">
      <summary>Versions précédentes ({history.length})</summary>
      <ol class="plain-list">
        {history.map((version) => (
          <li key={version.version}>
            <p class="muted">
              Version {version.version}, écrite le {formatInstant(version.written_at)}
              {version.deleted ? ' — supprimée' : ''}
            </p>
            {version.title && <p><strong>{version.title}</strong></p>}
            <p class="user-text">{version.content}</p>
          </li>
        ))}
      </ol>
    </details>
  );
}

export function LessonRecordPage({ params }) {
  const { me } = useSession();
  const teaching = useTeaching(me);
  const subjectLabel = useSubjectNames();
  const lessonId = Number(params.lesson);
  const { date } = params;
  const record = useRecord(lessonId, date);
  const week = useApi('/api/v1/timetable/week', { monday: mondayOf(date) });
  const lesson = (week.data?.items || []).find((l) => l.lesson_id === lessonId && l.date === date);
  const homework = useApi('/api/v1/homework', { from: date, to: addDays(date, 60) });
  const setHere = (homework.data?.items || []).filter((h) => h.lesson_id === lessonId && h.lesson_date === date);
  return (
    <>
      <p class="breadcrumb">
        <Link href={`/cahier-de-textes?semaine=${mondayOf(date)}`}>Cahier de textes</Link>
      </p>
      <PageTitle>
        {lesson ? `${subjectLabel(lesson.subject_id)} — ${audienceLabel(teaching.data, lesson)}` : 'Séance'} —{' '}
        {formatShortDay(date)}
      </PageTitle>
      {lesson && (
        <p class="muted">
          {formatDay(date)}, {lesson.starts_at}–{lesson.ends_at}
          {lesson.room ? `, salle ${lesson.room}` : ''}
        </p>
      )}
      <section class="card" aria-labelledby="record-title">
        <h2 id="record-title">Séance</h2>
        <Loaded state={record}>
          {(data) => <RecordForm lessonId={lessonId} date={date} entry={data.entry} onSaved={record.reload} />}
        </Loaded>
      </section>
      {record.data && <History history={record.data.history} />}
      <section class="card" aria-labelledby="record-homework">
        <h2 id="record-homework">Devoirs donnés pendant ce cours</h2>
        {setHere.length === 0 ? (
          <Empty>Aucun devoir.</Empty>
        ) : (
          <ul class="plain-list">
            {setHere.map((h) => (
              <li key={h.id}>
                <Link href={`/devoirs-donnes/${h.id}`}>Pour le {formatShortDay(h.due_on)}</Link>
                <span class="user-text"> — {h.instructions.slice(0, 80)}</span>
              </li>
            ))}
          </ul>
        )}
        <Link href={`/devoirs-donnes/nouveau?cours=${lessonId}&date=${date}`} class="button-secondary">
          Donner un devoir pour ce cours
        </Link>
      </section>
    </>
  );
}
