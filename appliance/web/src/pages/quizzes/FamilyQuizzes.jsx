// Quizzes for students and parents: the list (open, upcoming, closed) with
// attempts left and the best score, and one quiz: a student answers it and
// reads the scored feedback of each question at once; a parent reads their
// child's attempts and scores.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatInstant, formatNumber } from '../../format.js';
import { useSubjectNames } from '../../names.js';
import { Link } from '../../router.jsx';
import { useSession, useStudent } from '../../session.jsx';
import { Empty, FormError, Loaded, PageTitle, SubmitButton, useApi, useForm } from '../../ui.jsx';
import {
  errorAt,
  pointsText,
  quizError,
  RESULT_LABELS,
  scoreText,
  WINDOW_LABELS,
  windowState,
  windowText,
} from './quizText.js';
import './quizzes.css';

const SECTIONS = [
  ['open', 'Ouverts'],
  ['upcoming', 'À venir'],
  ['closed', 'Terminés'],
];

function ProgressText({ quiz, progress }) {
  if (!progress) return null;
  return (
    <p class="muted">
      {progress.attempts_used === 0
        ? 'Pas encore de réponse'
        : `Meilleure note : ${scoreText(progress.best_score, quiz.out_of)}`}{' '}
      — {progress.attempts_left} tentative{progress.attempts_left > 1 ? 's' : ''} restante
      {progress.attempts_left > 1 ? 's' : ''} sur {quiz.max_attempts}
    </p>
  );
}

export function FamilyQuizList() {
  const student = useStudent();
  const subjectLabel = useSubjectNames();
  const state = useApi(student ? '/api/v1/quizzes' : null, { student_id: student?.id });
  return (
    <>
      <PageTitle>Quiz</PageTitle>
      <Loaded state={state}>
        {(page) => {
          if (page.items.length === 0) return <Empty>Aucun quiz pour l'instant.</Empty>;
          return SECTIONS.map(([key, title]) => {
            const items = page.items.filter((quiz) => windowState(quiz) === key);
            if (key === 'open') items.sort((a, b) => a.closes_at - b.closes_at);
            if (key === 'upcoming') items.sort((a, b) => a.opens_at - b.opens_at);
            return (
              <section key={key} aria-labelledby={`quiz-${key}`}>
                <h2 id={`quiz-${key}`}>{title}</h2>
                {items.length === 0 ? (
                  <Empty>Aucun.</Empty>
                ) : (
                  <ul class="homework-list">
                    {items.map((quiz) => (
                      <li key={quiz.id} class="card homework-item" data-testid="family-quiz">
                        <Link href={`/quiz/${quiz.id}`} class="homework-subject">
                          {subjectLabel(quiz.subject_id)} — {quiz.title}
                        </Link>
                        <p class="muted">
                          {windowText(quiz)} — {quiz.question_count} question{quiz.question_count > 1 ? 's' : ''}
                        </p>
                        <ProgressText quiz={quiz} progress={quiz.progress} />
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            );
          });
        }}
      </Loaded>
    </>
  );
}

// What the student answered, as text.
function answerText(q, answer) {
  if (answer === null || answer === undefined) return 'Sans réponse';
  if (q.kind === 'single_choice') return q.choices?.[answer] ?? '';
  if (q.kind === 'multiple_choice') return answer.map((i) => q.choices?.[i]).join(' ; ') || 'Sans réponse';
  return String(answer);
}

function correctionText(q) {
  const key = q.correction;
  if (!key) return null;
  if (q.kind === 'number') {
    return `${formatNumber(key.value)}${key.tolerance ? ` (à ${formatNumber(key.tolerance)} près)` : ''}`;
  }
  if (q.kind === 'short_text') return key.accepted.join(' ; ');
  return key.correct.map((i) => q.choices[i]).join(' ; ');
}

// One scored attempt, question by question.
function AttemptFeedback({ quiz, attempt, title }) {
  return (
    <section class="card quiz-feedback" aria-labelledby={`attempt-${attempt.number}`} data-testid="quiz-feedback">
      <h2 id={`attempt-${attempt.number}`}>
        {title || `Tentative ${attempt.number}`} : {scoreText(attempt.score, attempt.out_of)}
        <span class="muted"> (soit {formatNumber(attempt.on_twenty)}/20)</span>
      </h2>
      <p class="muted">Envoyée le {formatInstant(attempt.submitted_at)}</p>
      <ol class="quiz-key">
        {attempt.answers.map((a) => {
          const q = quiz.questions[a.position - 1];
          const correction = q ? correctionText(q) : null;
          return (
            <li key={a.position} class={`quiz-result-${a.result}`}>
              <p class="user-text">{q?.prompt}</p>
              <p>
                <span class={`status quiz-status-${a.result}`}>{RESULT_LABELS[a.result]}</span>{' '}
                {formatNumber(a.points)}/{pointsText(q?.points ?? 0)}
              </p>
              <p>
                Votre réponse : <span class="user-text">{q ? answerText(q, a.answer) : ''}</span>
              </p>
              {correction !== null && a.result !== 'right' && (
                <p>
                  Réponse attendue : <span class="user-text">{correction}</span>
                </p>
              )}
            </li>
          );
        })}
      </ol>
      {!quiz.corrections_visible && (
        <p class="muted">Le corrigé sera visible à la fermeture du quiz.</p>
      )}
    </section>
  );
}

function emptyAnswers(quiz) {
  return quiz.questions.map((q) => (q.kind === 'multiple_choice' ? [] : q.kind === 'single_choice' ? null : ''));
}

// The API's answer for each question: null when left blank.
function answersToApi(quiz, answers) {
  return quiz.questions.map((q, i) => {
    const a = answers[i];
    if (q.kind === 'multiple_choice') return a.length ? a : null;
    if (q.kind === 'single_choice') return a;
    return a.trim() === '' ? null : a;
  });
}

function QuestionInput({ q, index, value, onChange, error }) {
  const base = `answer-${index}`;
  const described = error ? `${base}-error` : undefined;
  let control;
  if (q.kind === 'single_choice' || q.kind === 'multiple_choice') {
    const single = q.kind === 'single_choice';
    control = (
      <ul class="plain-list quiz-options">
        {q.choices.map((choice, i) => (
          <li key={i} class="field-check">
            <input
              type={single ? 'radio' : 'checkbox'}
              id={`${base}-${i}`}
              name={base}
              checked={single ? value === i : value.includes(i)}
              onChange={(e) =>
                onChange(
                  single
                    ? i
                    : e.currentTarget.checked
                      ? [...value, i].sort((x, y) => x - y)
                      : value.filter((c) => c !== i),
                )
              }
            />
            <label for={`${base}-${i}`}>{choice}</label>
          </li>
        ))}
      </ul>
    );
  } else {
    control = (
      <div class="field">
        <label for={`${base}-text`}>{q.kind === 'number' ? 'Votre nombre' : 'Votre réponse'}</label>
        <input
          id={`${base}-text`}
          type="text"
          inputMode={q.kind === 'number' ? 'decimal' : undefined}
          autoComplete="off"
          maxLength={500}
          value={value}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={described}
          onInput={(e) => onChange(e.currentTarget.value)}
        />
      </div>
    );
  }
  return (
    <fieldset class={`card quiz-question${error ? ' field-invalid' : ''}`} aria-describedby={described}>
      <legend>
        Question {index + 1} <span class="muted">({pointsText(q.points)})</span>
      </legend>
      <p class="user-text">{q.prompt}</p>
      {q.kind === 'multiple_choice' && <p class="hint">Plusieurs réponses possibles.</p>}
      {control}
      {error && (
        <p class="field-error" id={`${base}-error`} role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function AnswerForm({ quiz, onAnswered }) {
  const [answers, setAnswers] = useState(() => emptyAnswers(quiz));
  const form = useForm(async () => {
    let attempt;
    try {
      attempt = await api.post(`/api/v1/quizzes/${quiz.id}/attempts`, { answers: answersToApi(quiz, answers) });
    } catch (error) {
      throw quizError(error, (field) => field.startsWith('answers['));
    }
    onAnswered(attempt);
  });
  return (
    <form onSubmit={form.submit} noValidate aria-labelledby="answer-title">
      <h2 id="answer-title">Mes réponses</h2>
      <FormError error={form.formError} />
      {quiz.questions.map((q, i) => (
        <QuestionInput
          key={q.position}
          q={q}
          index={i}
          value={answers[i]}
          error={errorAt(form.errors, `answers[${i}]`)}
          onChange={(value) => setAnswers(answers.map((a, j) => (j === i ? value : a)))}
        />
      ))}
      <div class="actions">
        <SubmitButton busy={form.busy}>Envoyer mes réponses</SubmitButton>
      </div>
    </form>
  );
}

function Progress({ quiz, progress }) {
  const last = progress.attempts[progress.attempts.length - 1];
  return (
    <dl class="facts" data-testid="quiz-progress">
      <dt>Tentatives restantes</dt>
      <dd>
        {progress.attempts_left} sur {quiz.max_attempts}
      </dd>
      <dt>Meilleure note</dt>
      <dd>{scoreText(progress.best_score, quiz.out_of)}</dd>
      <dt>Dernière note</dt>
      <dd>{last ? scoreText(last.score, last.out_of) : '—'}</dd>
    </dl>
  );
}

function StudentQuiz({ quiz: loaded, reload }) {
  const [quiz, setQuiz] = useState(loaded);
  const [fresh, setFresh] = useState(null);
  const [again, setAgain] = useState(false);
  const progress = loaded.progress;
  const state = windowState(quiz);
  const canAnswer = state === 'open' && progress.attempts_left > 0;
  const shown = fresh || progress.attempts[progress.attempts.length - 1];
  const answered = (attempt) => {
    setFresh(attempt);
    setQuiz({ ...quiz, ...attempt.quiz });
    setAgain(false);
    reload();
  };
  return (
    <>
      <Progress quiz={quiz} progress={progress} />
      <p role="status" class="form-status">
        {fresh ? `Réponses envoyées : ${scoreText(fresh.score, fresh.out_of)}.` : ''}
      </p>
      {state === 'upcoming' && <p class="banner banner-info">Le quiz ouvre le {formatInstant(quiz.opens_at)}.</p>}
      {state === 'closed' && <p class="banner banner-info">Le quiz est fermé.</p>}
      {canAnswer && (!shown || again) ? (
        <AnswerForm quiz={quiz} onAnswered={answered} />
      ) : (
        canAnswer && (
          <div class="actions">
            <button type="button" class="button-primary" onClick={() => setAgain(true)}>
              Nouvelle tentative ({progress.attempts_left} restante{progress.attempts_left > 1 ? 's' : ''})
            </button>
          </div>
        )
      )}
      {shown && !again && <AttemptFeedback quiz={quiz} attempt={shown} title={fresh ? 'Votre note' : undefined} />}
    </>
  );
}

function ChildQuiz({ quiz, progress }) {
  if (!progress) return <Empty>Ce quiz n'est pas donné à cet enfant.</Empty>;
  return (
    <>
      <Progress quiz={quiz} progress={progress} />
      {progress.attempts.length === 0 && <Empty>Pas encore de réponse.</Empty>}
      {[...progress.attempts].reverse().map((attempt) => (
        <AttemptFeedback key={attempt.number} quiz={quiz} attempt={attempt} />
      ))}
    </>
  );
}

export function FamilyQuiz({ params }) {
  const { me } = useSession();
  const student = useStudent();
  const subjectLabel = useSubjectNames();
  const state = useApi(`/api/v1/quizzes/${encodeURIComponent(params.id)}`);
  const isStudent = me.roles.includes('student');
  return (
    <Loaded state={state}>
      {(quiz) => (
        <>
          <p class="breadcrumb">
            <Link href="/quiz">Quiz</Link>
          </p>
          <PageTitle>
            {subjectLabel(quiz.subject_id)} — {quiz.title}
          </PageTitle>
          <p class="muted">
            {WINDOW_LABELS[windowState(quiz)]} — {windowText(quiz)} — noté sur {formatNumber(quiz.out_of)}
          </p>
          {quiz.instructions && <p class="user-text">{quiz.instructions}</p>}
          {isStudent && quiz.progress ? (
            <StudentQuiz key={quiz.id} quiz={quiz} reload={state.reload} />
          ) : (
            <ChildQuiz
              quiz={quiz}
              progress={(quiz.children || []).find((c) => c.student_id === student?.id) || quiz.children?.[0]}
            />
          )}
        </>
      )}
    </Loaded>
  );
}
