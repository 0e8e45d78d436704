// The home page, one part per role held: for a student, their day, homework,
// latest grades and absences; for a parent, the same for the chosen child;
// for a teacher, vie scolaire and an administrator, see dashboard/*.jsx.
// Everyone first sees what is waiting to be read.
import { Link } from '../router.jsx';
import { rememberNames, subjectLabel } from '../names.js';
import { formatDay, formatNumber, formatShortDay, personName } from '../format.js';
import { useSession } from '../session.jsx';
import { Empty, Loaded, PageTitle, useApi } from '../ui.jsx';
import { LessonList } from './lessons.jsx';
import { HOMEWORK_STATUS } from './Homework.jsx';
import { AdminSection } from './dashboard/Admin.jsx';
import { OtherSchools } from './dashboard/OtherSchools.jsx';
import { StaffSection } from './dashboard/Staff.jsx';
import { TeacherSection } from './dashboard/Teacher.jsx';
import { UnreadSummary } from './dashboard/Unread.jsx';
import { FollowUpSummary } from './dashboard/FollowUp.jsx';

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
      {summary.follow_up && <FollowUpSummary followUp={summary.follow_up} />}
    </div>
  );
}

// The section of the dashboard that counts unread items: the same for every
// role the API reports it under (null for staff and admins).
function unreadOf(data) {
  return data.student?.unread || data.parent?.unread || data.teacher?.unread || null;
}

function ParentPart({ parent, childId }) {
  const child = parent.children.find((kid) => kid.student_id === childId) || parent.children[0];
  if (!child) return <Empty>Aucun enfant n'est rattaché à votre compte.</Empty>;
  return (
    <section class="dash-role" aria-labelledby="dash-child">
      <h2 id="dash-child">{child.name}</h2>
      <StudentSummary summary={child} />
    </section>
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
          const sections = [data.student, data.parent, data.teacher, data.staff, data.admin];
          return (
            <>
              <UnreadSummary unread={unreadOf(data)} />
              {data.student && (
                <section class="dash-role" aria-labelledby="dash-student">
                  <h2 id="dash-student">Ma journée</h2>
                  <StudentSummary summary={data.student} />
                </section>
              )}
              {data.parent && <ParentPart parent={data.parent} childId={session.child?.id} />}
              {data.teacher && <TeacherSection section={data.teacher} />}
              {data.staff && <StaffSection section={data.staff} />}
              {data.admin && <AdminSection section={data.admin} />}
              {!sections.some(Boolean) && <p>Bienvenue sur Cartable, {personName(session.me)}.</p>}
              <OtherSchools />
            </>
          );
        }}
      </Loaded>
    </>
  );
}
