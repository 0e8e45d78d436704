// The teacher's quizzes: the list (draft or published, window, who has
// answered), and one quiz with its questions and answer key, publishing,
// its results per question, skill and student, and the one-time feed of the
// best scores to the gradebook once it has closed.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatNumber, today } from '../../format.js';
import { useSubjectNames } from '../../names.js';
import { Link, navigate } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, TableScroll, useApi, useForm } from '../../ui.jsx';
import { audienceLabel, useTeaching } from '../teacher/teaching.js';
import {
  KIND_LABELS,
  pointsText,
  quizError,
  scoreText,
  WINDOW_LABELS,
  windowState,
  windowText,
} from './quizText.js';
import './quizzes.css';

function StateBadges({ quiz }) {
  if (quiz.state === 'draft') return <span class="status status-pending">Brouillon</span>;
  const state = windowState(quiz);
  return <span class={`status quiz-window-${state}`}>Publié — {WINDOW_LABELS[state].toLowerCase()}</span>;
}

function answeredText(quiz) {
  if (quiz.answered_by === undefined) return '';
  if (quiz.answered_by === 0) return 'Aucun élève n\'a répondu';
  return `${formatNumber(quiz.answered_by)} élève${quiz.answered_by > 1 ? 's ont' : ' a'} répondu`;
}

export function TeacherQuizList() {
  const { me } = useSession();
  const teaching = useTeaching(me);
  const subjectLabel = useSubjectNames();
  const state = useApi('/api/v1/quizzes');
  return (
    <>
      <PageTitle>Quiz donnés</PageTitle>
      <div class="toolbar">
        <p class="muted">Quiz d'entraînement notés automatiquement, avec correction immédiate.</p>
        <Link href="/quiz-donnes/nouveau" class="button-primary">
          Nouveau quiz
        </Link>
      </div>
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucun quiz pour l'instant.</Empty>
          ) : (
            <ul class="homework-list">
              {page.items.map((quiz) => (
                <li key={quiz.id} class="card homework-item" data-testid="teacher-quiz">
                  <Link href={`/quiz-donnes/${quiz.id}`} class="homework-subject">
                    {quiz.title}
                  </Link>{' '}
                  <StateBadges quiz={quiz} />
                  <p class="muted">
                    {subjectLabel(quiz.subject_id)} — {audienceLabel(teaching.data, quiz)} — {windowText(quiz)}
                  </p>
                  <p class="muted">
                    {quiz.question_count} question{quiz.question_count > 1 ? 's' : ''}, sur{' '}
                    {formatNumber(quiz.out_of)} — {quiz.max_attempts} tentative{quiz.max_attempts > 1 ? 's' : ''}
                    {answeredText(quiz) ? ` — ${answeredText(quiz)}` : ''}
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}

function keyText(q) {
  const key = q.correction || {};
  if (q.kind === 'number') {
    const tolerance = key.tolerance ? ` ± ${formatNumber(key.tolerance)}` : '';
    return `${formatNumber(key.value)}${tolerance}`;
  }
  if (q.kind === 'short_text') return (key.accepted || []).join(' ; ');
  return (key.correct || []).map((i) => q.choices[i]).join(' ; ');
}

function QuestionKey({ quiz }) {
  return (
    <section class="card" aria-labelledby="quiz-questions-title">
      <h2 id="quiz-questions-title">Questions et corrigé</h2>
      <ol class="quiz-key">
        {quiz.questions.map((q) => (
          <li key={q.position}>
            <p class="user-text">{q.prompt}</p>
            <p class="muted">
              {KIND_LABELS[q.kind]} — {pointsText(q.points)}
              {q.kind === 'multiple_choice' && !q.partial_credit ? ' — tout ou rien' : ''}
              {q.skills.length > 0 ? ` — compétences : ${q.skills.join(', ')}` : ''}
            </p>
            {q.choices && (
              <ul class="plain-list quiz-choice-list">
                {q.choices.map((choice, i) => (
                  <li key={i}>
                    {(q.correction?.correct || []).includes(i) ? (
                      <>
                        <span aria-hidden="true">✓ </span>
                        <span class="visually-hidden">Bonne réponse : </span>
                      </>
                    ) : (
                      <span aria-hidden="true">· </span>
                    )}
                    {choice}
                  </li>
                ))}
              </ul>
            )}
            <p>
              <strong>Réponse attendue :</strong> <span class="user-text">{keyText(q)}</span>
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

function QuizActions({ quiz, onChange }) {
  const [deleting, setDeleting] = useState(false);
  const publish = useForm(async () => {
    try {
      await api.post(`/api/v1/quizzes/${quiz.id}/publish`);
    } catch (error) {
      throw quizError(error, () => false);
    }
    onChange('publie');
  });
  const remove = useForm(async () => {
    try {
      await api.del(`/api/v1/quizzes/${quiz.id}`);
    } catch (error) {
      throw quizError(error, () => false);
    }
    navigate('/quiz-donnes');
  });
  return (
    <div class="actions">
      <FormError error={publish.formError || remove.formError} />
      {quiz.state === 'draft' && (
        <button type="button" class="button-primary" onClick={publish.submit} disabled={publish.busy}>
          Publier le quiz
        </button>
      )}
      {!quiz.frozen && (
        <Link href={`/quiz-donnes/${quiz.id}/modifier`} class="button-secondary">
          Modifier
        </Link>
      )}
      {!quiz.frozen &&
        (deleting ? (
          <>
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
        ))}
    </div>
  );
}

function percentText(value) {
  return value === null || value === undefined ? '—' : `${value} %`;
}

// "« 2/4 » (3), « 0,8 » (1)": numbers come with a dot, shown with a comma.
function wrongAnswersText(q, asked) {
  if (!q.wrong_answers || q.wrong_answers.length === 0) return '—';
  const text = (answer) => (asked?.kind === 'number' ? answer.replace('.', ',') : answer);
  return q.wrong_answers.map((w) => `« ${text(w.answer)} » (${w.count})`).join(', ');
}

function Results({ quiz }) {
  const state = useApi(`/api/v1/quizzes/${quiz.id}/results`);
  return (
    <Loaded state={state}>
      {(results) => (
        <>
          <section class="card" aria-labelledby="results-questions-title">
            <h2 id="results-questions-title">Résultats par question</h2>
            <p class="muted">Sur la meilleure tentative de chaque élève.</p>
            <TableScroll label="Résultats par question">
              <table data-testid="results-questions">
                <thead>
                  <tr>
                    <th scope="col">Question</th>
                    <th scope="col">Réussite</th>
                    <th scope="col">Points moyens</th>
                    <th scope="col">Sans réponse</th>
                    <th scope="col">Erreurs fréquentes</th>
                  </tr>
                </thead>
                <tbody>
                  {results.questions.map((q) => {
                    const asked = quiz.questions[q.position - 1];
                    return (
                      <tr key={q.position}>
                        <th scope="row">
                          {q.position}. <span class="user-text">{asked?.prompt}</span>
                        </th>
                        <td class="number">
                          {percentText(q.success_percent)}
                          {q.students > 0 && (
                            <span class="muted">
                              {' '}
                              ({q.succeeded}/{q.students})
                            </span>
                          )}
                        </td>
                        <td class="number">
                          {q.students > 0 ? `${formatNumber(q.mean_points)}/${formatNumber(asked?.points)}` : '—'}
                        </td>
                        <td class="number">{q.students - q.answered}</td>
                        <td class="user-text">{wrongAnswersText(q, asked)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableScroll>
          </section>
          {results.skills.length > 0 && (
            <section class="card" aria-labelledby="results-skills-title">
              <h2 id="results-skills-title">Par compétence</h2>
              <ul class="plain-list">
                {results.skills.map((s) => (
                  <li key={s.skill}>
                    <strong>{s.skill}</strong> : {percentText(s.percent)} des points (questions {s.questions.join(', ')})
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section class="card" aria-labelledby="results-students-title">
            <h2 id="results-students-title">Résultats par élève</h2>
            <TableScroll label="Résultats par élève">
              <table data-testid="results-students">
                <thead>
                  <tr>
                    <th scope="col">Élève</th>
                    <th scope="col">Tentatives</th>
                    <th scope="col">Meilleure note</th>
                    <th scope="col">Sur 20</th>
                    <th scope="col">Dernière note</th>
                  </tr>
                </thead>
                <tbody>
                  {results.students.map((s) => (
                    <tr key={s.student_id}>
                      <th scope="row">{s.name}</th>
                      <td class="number">
                        {s.attempts}/{quiz.max_attempts}
                      </td>
                      <td class="number">{scoreText(s.best_score, results.out_of)}</td>
                      <td class="number">{s.best_on_twenty === null ? '—' : formatNumber(s.best_on_twenty)}</td>
                      <td class="number">{scoreText(s.last_score, results.out_of)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          </section>
        </>
      )}
    </Loaded>
  );
}

const FEED_FIELDS = ['date', 'title', 'coefficient'];

function GradebookFeed({ quiz, onDone }) {
  const [date, setDate] = useState(today());
  const [title, setTitle] = useState(quiz.title.slice(0, 100));
  const [coefficient, setCoefficient] = useState('1');
  const form = useForm(async () => {
    const coef = coefficient.trim().replace(',', '.');
    try {
      await api.post(`/api/v1/quizzes/${quiz.id}/gradebook`, {
        date,
        title,
        coefficient: /^\d+(\.\d+)?$/.test(coef) ? Number(coef) : coefficient,
      });
    } catch (error) {
      throw quizError(error, (field) => FEED_FIELDS.includes(field));
    }
    onDone();
  });
  if (quiz.evaluation_id) {
    return (
      <section class="card" aria-labelledby="gradebook-title">
        <h2 id="gradebook-title">Carnet de notes</h2>
        <p>
          Les meilleures notes sont au carnet de notes :{' '}
          <Link href={`/evaluations/${quiz.evaluation_id}`}>voir l'évaluation</Link>.
        </p>
      </section>
    );
  }
  const closed = quiz.state === 'published' && windowState(quiz) === 'closed';
  return (
    <section class="card" aria-labelledby="gradebook-title">
      <h2 id="gradebook-title">Carnet de notes</h2>
      {closed ? (
        <form onSubmit={form.submit} noValidate>
          <p>La meilleure note de chaque élève, ramenée sur 20, devient une évaluation du carnet (une seule fois).</p>
          <FormError error={form.formError} />
          <div class="field-row">
            <Field label="Date de l'évaluation" name="date" type="date" value={date} onInput={(e) => setDate(e.currentTarget.value)} error={form.errors.date} />
            <Field label="Coefficient" name="coefficient" inputMode="decimal" value={coefficient} onInput={(e) => setCoefficient(e.currentTarget.value)} error={form.errors.coefficient} />
          </div>
          <Field label="Titre de l'évaluation" name="title" maxLength={100} value={title} onInput={(e) => setTitle(e.currentTarget.value)} error={form.errors.title} />
          <SubmitButton busy={form.busy}>Verser au carnet de notes</SubmitButton>
        </form>
      ) : (
        <p class="muted">
          Une fois le quiz fermé, la meilleure note de chaque élève (sur 20) pourra être versée au carnet de notes.
        </p>
      )}
    </section>
  );
}

const NOTICES = {
  cree: 'Brouillon enregistré. Publiez-le pour que les élèves le voient.',
  modifie: 'Quiz modifié.',
  publie: 'Quiz publié : les élèves et leurs parents sont prévenus.',
  verse: 'Notes versées au carnet de notes.',
};

export function TeacherQuizDetail({ params, query }) {
  const { me } = useSession();
  const teaching = useTeaching(me);
  const subjectLabel = useSubjectNames();
  const state = useApi(`/api/v1/quizzes/${encodeURIComponent(params.id)}`);
  const [notice, setNotice] = useState(
    Object.keys(NOTICES).find((key) => query.get(key)) || '',
  );
  const changed = (what) => {
    setNotice(what);
    state.reload();
  };
  return (
    <Loaded state={state}>
      {(quiz) => (
        <>
          <p class="breadcrumb">
            <Link href="/quiz-donnes">Quiz donnés</Link>
          </p>
          <PageTitle>{quiz.title}</PageTitle>
          <p role="status" class="form-status">
            {NOTICES[notice] || ''}
          </p>
          <section class="card" aria-labelledby="quiz-facts-title">
            <h2 id="quiz-facts-title">
              Le quiz <StateBadges quiz={quiz} />
            </h2>
            <dl class="facts">
              <dt>Pour</dt>
              <dd>
                {subjectLabel(quiz.subject_id)} — {audienceLabel(teaching.data, quiz)}
                {quiz.student_ids.length > 0 ? ` (${quiz.student_ids.length} élèves choisis)` : ''}
              </dd>
              <dt>Ouvert</dt>
              <dd>{windowText(quiz)}</dd>
              <dt>Tentatives</dt>
              <dd>{quiz.max_attempts}</dd>
              <dt>Corrigé</dt>
              <dd>{quiz.corrections === 'after_close' ? 'à la fermeture' : "dès que l'élève a répondu"}</dd>
              <dt>Noté sur</dt>
              <dd>{formatNumber(quiz.out_of)}</dd>
              <dt>Réponses</dt>
              <dd>{answeredText(quiz)}</dd>
            </dl>
            {quiz.instructions && <p class="user-text">{quiz.instructions}</p>}
            {quiz.teacher_id === me.id && <QuizActions quiz={quiz} onChange={changed} />}
          </section>
          {quiz.state === 'published' && <Results quiz={quiz} />}
          {quiz.state === 'published' && quiz.teacher_id === me.id && (
            <GradebookFeed quiz={quiz} onDone={() => changed('verse')} />
          )}
          <QuestionKey quiz={quiz} />
        </>
      )}
    </Loaded>
  );
}
