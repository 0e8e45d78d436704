// A teacher's part of the dashboard: today's lessons with the state of their
// roll call (a link to take it), and the hand-ins waiting for feedback.
import { Link } from '../../router.jsx';
import { audienceLabel, subjectLabel } from '../../names.js';
import { countOf, formatDay, formatShortDay } from '../../format.js';
import { Empty } from '../../ui.jsx';
import { lessonChanges } from '../lessons.jsx';

// Roll-call state: words first, the colour only repeats them.
const ROLL = {
  done: ['Appel fait', 'status-done'],
  missing: ['Appel non fait', 'status-unjustified'],
  upcoming: ['À venir', 'status-upcoming'],
  cancelled: ['Annulé', 'status-upcoming'],
};

function rollCallHref(lesson) {
  return `/appel?date=${lesson.date}&cours=${lesson.lesson_id}`;
}

function lessonName(lesson) {
  return [subjectLabel(lesson.subject_id), audienceLabel(lesson)].filter(Boolean).join(' — ');
}

function RollFigures({ lesson }) {
  if (lesson.roll_call !== 'done') return null;
  return (
    <span>
      {countOf(lesson.students, 'élève', 'élèves')} : {countOf(lesson.absent, 'absent', 'absents')},{' '}
      {countOf(lesson.late, 'retard', 'retards')}
    </span>
  );
}

function TeacherLesson({ lesson }) {
  const [label, tone] = ROLL[lesson.roll_call] || [lesson.roll_call, 'status-upcoming'];
  const changes = lessonChanges({ ...lesson, cancelled: false });
  const name = lessonName(lesson);
  return (
    <li class={`lesson${lesson.cancelled ? ' lesson-cancelled' : ''}`}>
      <span class="lesson-time">
        {lesson.starts_at}–{lesson.ends_at}
      </span>
      <span class="lesson-subject">{name}</span>
      <span class="lesson-detail">{lesson.room ? `salle ${lesson.room}` : ''}</span>
      {changes.length > 0 && <strong class="lesson-change">{changes.join(' · ')}</strong>}
      <span class="lesson-roll">
        <span class={`status ${tone}`}>{label}</span>
        <RollFigures lesson={lesson} />
        {lesson.roll_call !== 'cancelled' && (
          <Link href={rollCallHref(lesson)}>
            {lesson.roll_call === 'done' ? "Revoir l'appel" : "Faire l'appel"}
            <span class="visually-hidden">
              {' '}
              : {name}, {lesson.starts_at}
            </span>
          </Link>
        )}
      </span>
    </li>
  );
}

function TodayLessons({ section }) {
  const missing = section.lessons.filter((l) => l.roll_call === 'missing').length;
  return (
    <section class="card" aria-labelledby="dash-teacher-day">
      <h3 id="dash-teacher-day">
        Mes cours <span class="muted">— {formatDay(section.date)}</span>
      </h3>
      {section.lessons.length === 0 ? (
        <Empty>Aucun cours aujourd'hui.</Empty>
      ) : (
        <>
          {missing > 0 && (
            <p class="dash-alert">
              <strong>{countOf(missing, 'appel', 'appels')} à faire.</strong>
            </p>
          )}
          <ul class="lessons" data-testid="teacher-lessons">
            {section.lessons.map((lesson) => (
              <TeacherLesson key={`${lesson.lesson_id}-${lesson.date}`} lesson={lesson} />
            ))}
          </ul>
        </>
      )}
      <p>
        <Link href="/appel">Appel</Link> · <Link href="/cahier-de-textes">Cahier de textes</Link>
      </p>
    </section>
  );
}

function HandInsToReview({ review }) {
  return (
    <section class="card" aria-labelledby="dash-teacher-review">
      <h3 id="dash-teacher-review">Travaux à corriger</h3>
      {review.hand_ins === 0 ? (
        <Empty>Aucun travail rendu à corriger.</Empty>
      ) : (
        <>
          <p data-testid="teacher-review-count">
            {countOf(review.hand_ins, 'travail rendu attend', 'travaux rendus attendent')} votre retour, pour{' '}
            {countOf(review.homework, 'devoir', 'devoirs')}.
          </p>
          <ul class="plain-list">
            {review.items.map((item) => (
              <li key={item.id}>
                <Link href={`/devoirs-donnes/${item.id}`}>
                  {lessonName(item)}, pour le {formatShortDay(item.due_on)}
                </Link>{' '}
                <span class="status status-pending">{countOf(item.waiting, 'à corriger', 'à corriger')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link href="/devoirs-donnes">Tous les devoirs donnés</Link>
      </p>
    </section>
  );
}

export function TeacherSection({ section }) {
  return (
    <section class="dash-role" aria-labelledby="dash-teacher">
      <h2 id="dash-teacher">Enseignement</h2>
      <div class="dashboard-grid">
        <TodayLessons section={section} />
        <HandInsToReview review={section.hand_ins_to_review} />
      </div>
    </section>
  );
}
