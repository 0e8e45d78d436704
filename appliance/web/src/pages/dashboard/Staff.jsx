// Vie scolaire's part of the dashboard: today's roll calls not taken (a link
// to take each) and the students absent today without a justification.
import { Link } from '../../router.jsx';
import { audienceLabel, personLabel, subjectLabel } from '../../names.js';
import { countOf, formatDay } from '../../format.js';
import { Empty } from '../../ui.jsx';

const JUSTIFICATION = {
  justified: 'justifiée',
  pending: 'justification en attente',
  unjustified: 'non justifiée',
};

function MissingRollCall({ lesson }) {
  const name = [subjectLabel(lesson.subject_id), audienceLabel(lesson)].filter(Boolean).join(' — ');
  const teachers = (lesson.teacher_ids || []).map(personLabel).filter(Boolean).join(', ');
  return (
    <li class="lesson">
      <span class="lesson-time">
        {lesson.starts_at}–{lesson.ends_at}
      </span>
      <span class="lesson-subject">{name}</span>
      <span class="lesson-detail">{[lesson.room && `salle ${lesson.room}`, teachers].filter(Boolean).join(' · ')}</span>
      <span class="lesson-roll">
        <Link href={`/appel?date=${lesson.date}&cours=${lesson.lesson_id}`}>
          Faire l'appel<span class="visually-hidden"> : {name}, {lesson.starts_at}</span>
        </Link>
      </span>
    </li>
  );
}

function MissingRollCalls({ missing }) {
  return (
    <section class="card" aria-labelledby="dash-staff-roll">
      <h3 id="dash-staff-roll">Appels non faits</h3>
      {missing.count === 0 ? (
        <Empty>Tous les appels des cours commencés sont faits.</Empty>
      ) : (
        <>
          <p data-testid="staff-missing-count">
            <strong>{countOf(missing.count, 'appel non fait', 'appels non faits')}</strong>
            {missing.count > missing.items.length && ` (les ${missing.items.length} premiers ci-dessous)`}.
          </p>
          <ul class="lessons">
            {missing.items.map((lesson) => (
              <MissingRollCall key={`${lesson.lesson_id}-${lesson.date}`} lesson={lesson} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function eventText(event) {
  const what = event.status === 'late' ? `retard de ${event.minutes_late} min` : 'absence';
  const subject = event.subject_id ? `, ${subjectLabel(event.subject_id)}` : '';
  return `${what} ${event.starts_at}–${event.ends_at}${subject}`;
}

function AbsentStudent({ student }) {
  return (
    <li>
      <Link href={`/vie-scolaire/eleves/${student.student_id}`}>{student.name}</Link>
      {student.class && <span class="muted"> — {student.class.label}</span>}
      <span class="dash-subline">
        {countOf(student.half_days_unjustified, 'demi-journée non justifiée', 'demi-journées non justifiées')}
      </span>
      {student.events.length > 0 && (
        <ul class="dash-events">
          {student.events.map((event) => (
            <li key={`${event.lesson_id}-${event.starts_at}`}>
              {eventText(event)}{' '}
              <span class={`status status-${event.justification}`}>
                {JUSTIFICATION[event.justification] || event.justification}
              </span>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function UnjustifiedAbsences({ absences }) {
  return (
    <section class="card" aria-labelledby="dash-staff-absent">
      <h3 id="dash-staff-absent">Absences non justifiées</h3>
      {absences.count === 0 ? (
        <Empty>Aucune absence non justifiée aujourd'hui.</Empty>
      ) : (
        <>
          <p data-testid="staff-absent-count">
            <strong>{countOf(absences.count, 'élève absent', 'élèves absents')}</strong> sans justification
            {absences.count > absences.items.length && ` (les ${absences.items.length} premiers ci-dessous)`}.
          </p>
          <ul class="plain-list">
            {absences.items.map((student) => (
              <AbsentStudent key={student.student_id} student={student} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

export function StaffSection({ section }) {
  return (
    <section class="dash-role" aria-labelledby="dash-staff">
      <h2 id="dash-staff">
        Vie scolaire <span class="muted">— {formatDay(section.date)}</span>
      </h2>
      <div class="dashboard-grid">
        <MissingRollCalls missing={section.missing_roll_calls} />
        <UnjustifiedAbsences absences={section.unjustified_absences} />
      </div>
      <p>
        <Link href="/vie-scolaire">Suivi de la vie scolaire</Link> (justificatifs, classes, élèves)
      </p>
    </section>
  );
}
