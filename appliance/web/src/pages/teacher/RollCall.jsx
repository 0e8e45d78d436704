// Roll call in three taps on a phone: the lesson going on now is chosen
// already, one tap marks each absent or late student, one tap sends the
// roll. Students not marked are present (the API's rule).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatDay, formatInstant, today } from '../../format.js';
import { useSubjectNames } from '../../names.js';
import { Link, navigate } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Empty, FormError, Loaded, PageTitle, useApi, useForm } from '../../ui.jsx';
import { mondayOf, nowTime } from './teaching.js';

// The lesson to preselect: the one going on, else the last one started,
// else the first of the day.
export function currentLesson(lessons, date) {
  const given = lessons.filter((l) => !l.cancelled);
  if (given.length === 0) return null;
  if (date !== today()) return given[0];
  const now = nowTime();
  const going = given.find((l) => l.starts_at <= now && now < l.ends_at);
  if (going) return going;
  const started = given.filter((l) => l.starts_at <= now);
  return started.length ? started[started.length - 1] : given[0];
}

function minutesSince(lesson, date) {
  if (date !== today()) return 5;
  const [h, m] = lesson.starts_at.split(':').map(Number);
  const now = new Date();
  const late = now.getHours() * 60 + now.getMinutes() - (h * 60 + m);
  return Math.min(240, Math.max(1, late));
}

function StudentRow({ student, mark, onMark, onMinutes }) {
  const status = mark?.status || 'present';
  const nameId = `student-${student.student_id}`;
  return (
    <li class={`roll-row roll-${status}`}>
      <span class="roll-name" id={nameId}>
        {student.name}
      </span>
      <span class="roll-state visually-hidden">{status === 'present' ? 'présent' : ''}</span>
      <div class="roll-buttons" role="group" aria-labelledby={nameId}>
        <button
          type="button"
          class="toggle toggle-absent"
          aria-pressed={status === 'absent' ? 'true' : 'false'}
          onClick={() => onMark(status === 'absent' ? 'present' : 'absent')}
        >
          Absent<span class="visually-hidden"> : {student.name}</span>
        </button>
        <button
          type="button"
          class="toggle toggle-late"
          aria-pressed={status === 'late' ? 'true' : 'false'}
          onClick={() => onMark(status === 'late' ? 'present' : 'late')}
        >
          Retard<span class="visually-hidden"> : {student.name}</span>
        </button>
      </div>
      {status === 'late' && (
        <div class="roll-minutes">
          <label for={`late-${student.student_id}`}>Minutes de retard</label>
          <input
            id={`late-${student.student_id}`}
            type="number"
            inputMode="numeric"
            min="1"
            max="240"
            value={mark.minutes_late}
            onInput={(e) => onMinutes(Number(e.currentTarget.value))}
          />
        </div>
      )}
    </li>
  );
}

function Roll({ lesson, date, roll, onSaved }) {
  const initial = useMemo(() => {
    const marks = {};
    for (const s of roll.students) {
      if (s.status !== 'present') marks[s.student_id] = { status: s.status, minutes_late: s.minutes_late };
    }
    return marks;
  }, [roll]);
  const [marks, setMarks] = useState(initial);
  const [saved, setSaved] = useState('');
  useEffect(() => setMarks(initial), [initial]);

  const mark = (id, status) => {
    setSaved('');
    setMarks((previous) => {
      const next = { ...previous };
      if (status === 'present') delete next[id];
      else next[id] = { status, minutes_late: status === 'late' ? minutesSince(lesson, date) : 0 };
      return next;
    });
  };
  const minutes = (id, value) =>
    setMarks((previous) => ({ ...previous, [id]: { ...previous[id], minutes_late: value } }));

  const entries = Object.entries(marks).map(([id, m]) => ({
    student_id: Number(id),
    status: m.status,
    ...(m.status === 'late' ? { minutes_late: m.minutes_late } : {}),
  }));
  const absent = entries.filter((e) => e.status === 'absent').length;
  const late = entries.length - absent;

  const form = useForm(async () => {
    const answer = await api.put(`/api/v1/timetable/lessons/${lesson.lesson_id}/roll-calls/${date}`, { entries });
    setSaved(`Appel enregistré : ${absent} absent${absent > 1 ? 's' : ''}, ${late} retard${late > 1 ? 's' : ''}.`);
    onSaved(answer);
  });

  return (
    <form onSubmit={form.submit} class="roll">
      <p class="muted">
        {roll.taken
          ? `Appel déjà fait${roll.taken_at ? ` (${formatInstant(roll.taken_at)})` : ''} : vous pouvez le corriger.`
          : 'Touchez « Absent » ou « Retard » pour chaque élève concerné ; les autres sont présents.'}
      </p>
      <FormError error={form.formError} />
      {Object.entries(form.errors).map(([field, message]) => (
        <p key={field} class="field-error" role="alert">
          {message}
        </p>
      ))}
      {roll.students.length === 0 ? (
        <Empty>Aucun élève dans ce cours.</Empty>
      ) : (
        <ul class="roll-list" aria-label="Élèves">
          {roll.students.map((student) => (
            <StudentRow
              key={student.student_id}
              student={student}
              mark={marks[student.student_id]}
              onMark={(status) => mark(student.student_id, status)}
              onMinutes={(value) => minutes(student.student_id, value)}
            />
          ))}
        </ul>
      )}
      <div class="roll-submit">
        <button type="submit" class="button-primary" disabled={form.busy} aria-busy={form.busy ? 'true' : undefined}>
          Valider l'appel
          <span class="roll-count">
            {' '}
            ({roll.students.length - entries.length} présent{roll.students.length - entries.length > 1 ? 's' : ''},{' '}
            {absent} absent{absent > 1 ? 's' : ''}, {late} retard{late > 1 ? 's' : ''})
          </span>
        </button>
        <p role="status" class="form-status">
          {saved}
        </p>
      </div>
    </form>
  );
}

function LessonChoice({ lessons, chosen, date }) {
  const subjectLabel = useSubjectNames();
  return (
    <div class="lesson-choice" role="group" aria-label="Cours du jour">
      {lessons.map((lesson) => (
        <button
          type="button"
          key={lesson.lesson_id}
          class="chip"
          disabled={lesson.cancelled}
          aria-pressed={chosen && chosen.lesson_id === lesson.lesson_id ? 'true' : 'false'}
          onClick={() => navigate(`/appel?cours=${lesson.lesson_id}&date=${date}`, { replace: true })}
        >
          {lesson.starts_at} {subjectLabel(lesson.subject_id)}
          {lesson.cancelled ? ' (annulé)' : ''}
        </button>
      ))}
    </div>
  );
}

export function RollCall({ query }) {
  const { me } = useSession();
  const subjectLabel = useSubjectNames();
  const date = query.get('date') || today();
  const isTeacher = me.roles.includes('teacher');
  const week = useApi(isTeacher ? '/api/v1/timetable/week' : null, { monday: mondayOf(date) });
  const lessons = (week.data?.items || [])
    .filter((l) => l.date === date)
    .sort((a, b) => a.starts_at.localeCompare(b.starts_at));
  const wanted = Number(query.get('cours')) || null;
  const chosen = wanted
    ? lessons.find((l) => l.lesson_id === wanted) || { lesson_id: wanted, date }
    : currentLesson(lessons, date);
  const roll = useApi(chosen ? `/api/v1/timetable/lessons/${chosen.lesson_id}/roll-calls/${date}` : null);

  return (
    <>
      <PageTitle>Appel</PageTitle>
      <div class="toolbar">
        <p class="roll-date">{formatDay(date)}</p>
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const value = e.currentTarget.elements.date.value;
            if (value) navigate(`/appel?date=${value}`);
          }}
        >
          <label for="roll-date">Autre jour</label>
          <input id="roll-date" name="date" type="date" defaultValue={date} />
          <button type="submit" class="button-secondary">
            Afficher
          </button>
        </form>
      </div>
      {isTeacher && (
        <Loaded state={week}>
          {() =>
            lessons.length === 0 ? (
              <Empty>Aucun cours ce jour-là.</Empty>
            ) : (
              <LessonChoice lessons={lessons} chosen={chosen} date={date} />
            )
          }
        </Loaded>
      )}
      {!isTeacher && !chosen && (
        <p>
          Choisissez un cours dans les <Link href="/vie-scolaire">appels non faits</Link>.
        </p>
      )}
      {chosen && (
        <section aria-labelledby="roll-title" class="card">
          <h2 id="roll-title">
            {chosen.subject_id ? subjectLabel(chosen.subject_id) : 'Cours'}
            {roll.data ? ` — ${roll.data.starts_at}–${roll.data.ends_at}` : ''}
          </h2>
          <Loaded state={roll}>
            {(data) => <Roll lesson={chosen} date={date} roll={data} onSaved={roll.reload} />}
          </Loaded>
        </section>
      )}
    </>
  );
}
