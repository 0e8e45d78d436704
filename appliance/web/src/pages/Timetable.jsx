// The week's timetable: a grid of days on a wide screen, one day at a time
// on a phone (the day view is chosen by width, the week stays navigable).
// Changed lessons are marked with words, not only colour.
import { useEffect, useState } from 'preact/hooks';
import { addDays, formatDay, formatShortDay, isoDate, parseDate, today } from '../format.js';
import { useSubjectNames } from '../names.js';
import { useSession, useStudent } from '../session.jsx';
import { Loaded, PageTitle, useApi } from '../ui.jsx';
import { LessonList } from './lessons.jsx';

function mondayOf(iso) {
  const date = parseDate(iso);
  const shift = (date.getDay() + 6) % 7;
  date.setDate(date.getDate() - shift);
  return isoDate(date);
}

// On a Saturday or a Sunday the coming Monday is more useful than the past week.
function schoolDay(iso) {
  const weekday = parseDate(iso).getDay();
  if (weekday === 6) return addDays(iso, 2);
  if (weekday === 0) return addDays(iso, 1);
  return iso;
}

function useNarrow() {
  const query = '(max-width: 47.99em)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setNarrow(list.matches);
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, []);
  return narrow;
}

function daysOf(monday, items) {
  const days = [];
  for (let i = 0; i < 7; i++) {
    const date = addDays(monday, i);
    const lessons = items.filter((lesson) => lesson.date === date);
    if (i < 5 || lessons.length > 0) days.push({ date, lessons });
  }
  return days;
}

export function Timetable({ query }) {
  const { me } = useSession();
  const student = useStudent();
  useSubjectNames();
  const narrow = useNarrow();
  const [day, setDay] = useState(query.get('jour') || schoolDay(today()));
  const monday = mondayOf(day);
  const state = useApi(student ? '/api/v1/timetable/week' : null, {
    monday,
    student_id: me.roles.includes('student') ? undefined : student?.id,
  });
  const changedCount = (items) => items.filter((l) => l.cancelled || l.moved_from || l.substitute_id || l.notes?.length).length;

  return (
    <>
      <PageTitle>Emploi du temps</PageTitle>
      <div class="toolbar" role="group" aria-label="Changer de période">
        <button type="button" class="button-secondary" onClick={() => setDay(addDays(day, narrow ? -1 : -7))}>
          {narrow ? 'Jour précédent' : 'Semaine précédente'}
        </button>
        <button type="button" class="button-secondary" onClick={() => setDay(schoolDay(today()))}>
          Aujourd'hui
        </button>
        <button type="button" class="button-secondary" onClick={() => setDay(addDays(day, narrow ? 1 : 7))}>
          {narrow ? 'Jour suivant' : 'Semaine suivante'}
        </button>
      </div>
      <p class="muted" aria-live="polite">
        {narrow ? formatDay(day) : `Semaine du ${formatShortDay(monday)} au ${formatShortDay(addDays(monday, 6))}`}
      </p>
      <Loaded state={state}>
        {(week) => {
          const days = daysOf(week.monday || monday, week.items || []);
          const shown = narrow ? days.filter((d) => d.date === day) : days;
          const changes = changedCount(week.items || []);
          return (
            <>
              {changes > 0 && (
                <p class="banner banner-info">
                  {changes} changement(s) cette semaine, signalé(s) dans l'emploi du temps.
                </p>
              )}
              <div class={narrow ? 'week week-day' : 'week'}>
                {(shown.length ? shown : [{ date: day, lessons: [] }]).map((entry) => (
                  <section key={entry.date} class="week-column" aria-labelledby={`tt-${entry.date}`}>
                    <h2 id={`tt-${entry.date}`} class={entry.date === today() ? 'is-today' : ''}>
                      {formatDay(entry.date)}
                    </h2>
                    <LessonList lessons={entry.lessons} />
                  </section>
                ))}
              </div>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
