// Grades for a period: per subject the student's average and the class's
// (mean, lowest, highest), each evaluation with its score and statistics.
import { useState } from 'preact/hooks';
import { formatNumber, formatShortDay } from '../format.js';
import { useSession, useStudent } from '../session.jsx';
import { Empty, Loaded, PageTitle, useApi, TableScroll } from '../ui.jsx';

const MARKS = { absent: 'Absent', exempt: 'Dispensé', not_graded: 'Non noté' };

function scoreText(evaluation) {
  const score = evaluation.score;
  if (!score) return '—';
  if (score.mark === 'score') return `${formatNumber(score.value)}/${evaluation.out_of}`;
  return MARKS[score.mark] || score.mark;
}

function SubjectGrades({ subject }) {
  const id = `subject-${subject.subject_id}`;
  return (
    <section class="card subject-grades" aria-labelledby={id}>
      <h2 id={id}>
        {subject.subject}
        <span class="average">
          Moyenne : <strong>{formatNumber(subject.average)}</strong>
        </span>
      </h2>
      {subject.class_average && (
        <p class="muted">
          Classe : moyenne {formatNumber(subject.class_average.mean)}, de {formatNumber(subject.class_average.min)} à{' '}
          {formatNumber(subject.class_average.max)}
        </p>
      )}
      <TableScroll label={`Évaluations en ${subject.subject}`}>
        <table>
          <caption class="visually-hidden">Évaluations en {subject.subject}</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Évaluation</th>
              <th scope="col">Note</th>
              <th scope="col">Coef.</th>
              <th scope="col">Classe (moy. / min / max)</th>
            </tr>
          </thead>
          <tbody>
            {subject.evaluations.map((evaluation) => (
              <tr key={evaluation.id}>
                <td>{formatShortDay(evaluation.date)}</td>
                <th scope="row">
                  {evaluation.title}
                  {evaluation.score?.comment && <span class="comment user-text">{evaluation.score.comment}</span>}
                </th>
                <td class="number">
                  <strong>{scoreText(evaluation)}</strong>
                </td>
                <td class="number">{formatNumber(evaluation.coefficient)}</td>
                <td class="number">
                  {evaluation.stats
                    ? `${formatNumber(evaluation.stats.mean)} / ${formatNumber(evaluation.stats.min)} / ${formatNumber(evaluation.stats.max)}`
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

export function Grades() {
  const { me } = useSession();
  const student = useStudent();
  const [period, setPeriod] = useState(null);
  const state = useApi(student ? '/api/v1/grades' : null, {
    student_id: me.roles.includes('student') ? undefined : student?.id,
    period,
  });
  return (
    <>
      <PageTitle>Notes</PageTitle>
      <Loaded state={state}>
        {(report) => (
          <>
            <div class="toolbar">
              <p>
                {report.period?.label}
                {report.period && (
                  <span class="muted">
                    {' '}
                    (du {formatShortDay(report.period.starts_on)} au {formatShortDay(report.period.ends_on)})
                  </span>
                )}
              </p>
              <div role="group" aria-label="Période">
                {[1, 2, 3].map((index) => (
                  <button
                    key={index}
                    type="button"
                    class="chip"
                    aria-pressed={(report.period?.index ?? 1) === index ? 'true' : 'false'}
                    onClick={() => setPeriod(index)}
                  >
                    Période {index}
                  </button>
                ))}
              </div>
            </div>
            <p class="general-average">
              Moyenne générale : <strong data-testid="general-average">{formatNumber(report.general_average)}</strong>
            </p>
            {report.subjects.length === 0 ? (
              <Empty>Pas encore de note sur cette période.</Empty>
            ) : (
              report.subjects.map((subject) => <SubjectGrades key={subject.subject_id} subject={subject} />)
            )}
          </>
        )}
      </Loaded>
    </>
  );
}
