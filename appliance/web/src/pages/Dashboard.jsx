// The home page: for a student, their day, homework, latest grades and
// absences; for a parent, the same for the chosen child.
import { Link } from '../router.jsx';
import { rememberNames, subjectLabel } from '../names.js';
import { formatDay, formatNumber, formatShortDay, personName } from '../format.js';
import { useSession } from '../session.jsx';
import { Empty, Loaded, PageTitle, useApi } from '../ui.jsx';
import { LessonList } from './lessons.jsx';
import { HOMEWORK_STATUS } from './Homework.jsx';

function Day({ title, day }) {
  return (
    <section class="card" aria-labelledby={`day-${day.date}`}>
      <h3 id={`day-${day.date}`}>
        {title} <span class="muted">— {formatDay(day.date)}</span>
      </h3>
      <LessonList lessons={day.lessons} />
    </section>
  );
}

function HomeworkSummary({ homework }) {
  return (
    <section class="card" aria-labelledby="dash-homework">
      <h3 id="dash-homework">Devoirs à venir</h3>
      {homework.items.length === 0 ? (
        <Empty>Aucun devoir pour les prochains jours.</Empty>
      ) : (
        <ul class="plain-list">
          {homework.items.slice(0, 6).map((item) => (
            <li key={item.id}>
              <Link href={`/devoirs/${item.id}`}>
                {subjectLabel(item.subject_id)} — pour le {formatShortDay(item.due_on)}
              </Link>{' '}
              <span class={`status status-${item.progress?.status}`}>
                {HOMEWORK_STATUS[item.progress?.status] || ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href="/devoirs">Tous les devoirs</Link>
      </p>
    </section>
  );
}

function LatestGrades({ grades }) {
  return (
    <section class="card" aria-labelledby="dash-grades">
      <h3 id="dash-grades">Dernières notes</h3>
      {grades.length === 0 ? (
        <Empty>Pas encore de note.</Empty>
      ) : (
        <ul class="plain-list">
          {grades.map((grade) => (
            <li key={grade.id}>
              <span>{subjectLabel(grade.subject_id)}</span> — {grade.title} :{' '}
              <strong>
                {grade.score?.mark === 'score' ? `${formatNumber(grade.score.value)}/${grade.out_of}` : grade.score?.mark}
              </strong>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href="/notes">Toutes les notes</Link>
      </p>
    </section>
  );
}

function AbsenceSummary({ absences }) {
  return (
    <section class="card" aria-labelledby="dash-absences">
      <h3 id="dash-absences">Absences — {absences.period?.label}</h3>
      <p>
        {absences.half_days_absent} demi-journée(s) d'absence, dont {absences.half_days_unjustified}{' '}
        non justifiée(s) ; {absences.late_count} retard(s).
      </p>
      <p>
        <Link href="/absences">Détail des absences</Link>
      </p>
    </section>
  );
}

function StudentSummary({ summary }) {
  return (
    <div class="dashboard-grid">
      <Day title="Aujourd'hui" day={summary.today} />
      <Day title="Demain" day={summary.tomorrow} />
      <HomeworkSummary homework={summary.homework} />
      <LatestGrades grades={summary.latest_grades || []} />
      {summary.absences && <AbsenceSummary absences={summary.absences} />}
    </div>
  );
}

function Unread({ names }) {
  if (!names) return null;
  return (
    <p class="unread-summary">
      <Link href="/notifications">{names.notifications} notification(s) non lue(s)</Link>
    </p>
  );
}

export function Dashboard() {
  const session = useSession();
  const state = useApi('/api/v1/me/dashboard');
  return (
    <>
      <PageTitle>Bonjour {session.me.given_name}</PageTitle>
      <Loaded state={state}>
        {(data) => {
          rememberNames(data.names);
          if (data.student) {
            return (
              <>
                <Unread names={data.student.unread} />
                <StudentSummary summary={data.student} />
              </>
            );
          }
          if (data.parent) {
            const child =
              data.parent.children.find((kid) => kid.student_id === session.child?.id) ||
              data.parent.children[0];
            if (!child) return <Empty>Aucun enfant n'est rattaché à votre compte.</Empty>;
            return (
              <>
                <Unread names={data.parent.unread} />
                <h2>{child.name}</h2>
                <StudentSummary summary={child} />
              </>
            );
          }
          return <p>Bienvenue sur Cartable, {personName(session.me)}.</p>;
        }}
      </Loaded>
    </>
  );
}
