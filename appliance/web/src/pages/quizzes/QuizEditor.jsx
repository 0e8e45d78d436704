// The teacher's quiz editor: class or group (and, for a class, chosen
// students), title, instructions, the opening window, attempts, when the
// corrections show, and the questions. Saved as a draft; the quiz's page
// publishes it.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useSubjectNames } from '../../names.js';
import { Link, navigate } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Field, FormError, Loaded, PageTitle, SubmitButton, useApi, useForm } from '../../ui.jsx';
import { audienceLabel, pairKey, useTeaching } from '../teacher/teaching.js';
import { blankQuestion, QuestionEditor, questionFromApi, questionToApi } from './QuestionEditor.jsx';
import { errorAt, fromLocalInput, nowSeconds, quizError, toLocalInput } from './quizText.js';
import './quizzes.css';

const TOP_FIELDS = [
  'subject_id',
  'class_id',
  'group_id',
  'title',
  'instructions',
  'opens_at',
  'closes_at',
  'max_attempts',
  'corrections',
  'questions',
];
const shownField = (field) =>
  TOP_FIELDS.includes(field) || field.startsWith('questions[') || field.startsWith('student_ids');

// Opens now (to the minute), closes in a week at 18:00.
function defaultWindow() {
  const opens = Math.floor(nowSeconds() / 60) * 60;
  const closes = new Date((opens + 7 * 86400) * 1000);
  closes.setHours(18, 0, 0, 0);
  return { opens: toLocalInput(opens), closes: toLocalInput(closes.getTime() / 1000) };
}

function ErrorText({ id, message }) {
  if (!message) return null;
  return (
    <p class="field-error" id={id} role="alert">
      {message}
    </p>
  );
}

// For a class: the whole class or ticked students.
function StudentPicker({ classId, chosen, setChosen, error }) {
  const state = useApi(classId ? `/api/v1/classes/${classId}/students` : null);
  const [some, setSome] = useState(chosen.length > 0);
  const choose = (whole) => {
    setSome(!whole);
    if (whole) setChosen([]);
  };
  return (
    <fieldset class={error ? 'field-invalid' : ''} aria-describedby={error ? 'quiz-students-error' : undefined}>
      <legend>Élèves</legend>
      <div class="field-check">
        <input type="radio" id="quiz-whole" name="quiz-audience" checked={!some} onChange={() => choose(true)} />
        <label for="quiz-whole">Toute la classe</label>
      </div>
      <div class="field-check">
        <input type="radio" id="quiz-some" name="quiz-audience" checked={some} onChange={() => choose(false)} />
        <label for="quiz-some">Certains élèves</label>
      </div>
      {some && (
        <Loaded state={state}>
          {(page) => (
            <ul class="plain-list quiz-students">
              {page.items.map((s) => (
                <li key={s.id} class="field-check">
                  <input
                    type="checkbox"
                    id={`quiz-student-${s.id}`}
                    checked={chosen.includes(s.id)}
                    onChange={(e) =>
                      setChosen(e.currentTarget.checked ? [...chosen, s.id] : chosen.filter((id) => id !== s.id))
                    }
                  />
                  <label for={`quiz-student-${s.id}`}>
                    {s.given_name} {s.family_name}
                  </label>
                </li>
              ))}
            </ul>
          )}
        </Loaded>
      )}
      <ErrorText id="quiz-students-error" message={error} />
    </fieldset>
  );
}

function PairSelect({ teaching, pair, setPair, error }) {
  const subjectLabel = useSubjectNames();
  const pairs = teaching?.pairs || [];
  return (
    <div class={`field${error ? ' field-invalid' : ''}`}>
      <label for="quiz-pair">Classe ou groupe, matière</label>
      <select
        id="quiz-pair"
        required
        value={pair}
        onChange={(e) => setPair(e.currentTarget.value)}
        aria-describedby={error ? 'quiz-pair-error' : undefined}
      >
        <option value="">— Choisir —</option>
        {pairs.map((p) => (
          <option key={pairKey(p)} value={pairKey(p)}>
            {audienceLabel(teaching, p)} — {subjectLabel(p.subject_id)}
          </option>
        ))}
      </select>
      <ErrorText id="quiz-pair-error" message={error} />
    </div>
  );
}

function QuizEditor({ quiz }) {
  const { me } = useSession();
  const teaching = useTeaching(me);
  const subjectLabel = useSubjectNames();
  const defaults = defaultWindow();
  const [pair, setPair] = useState('');
  const [title, setTitle] = useState(quiz?.title || '');
  const [instructions, setInstructions] = useState(quiz?.instructions || '');
  const [opens, setOpens] = useState(quiz ? toLocalInput(quiz.opens_at) : defaults.opens);
  const [closes, setCloses] = useState(quiz ? toLocalInput(quiz.closes_at) : defaults.closes);
  const [attempts, setAttempts] = useState(String(quiz?.max_attempts || 1));
  const [corrections, setCorrections] = useState(quiz?.corrections || 'after_attempt');
  const [chosen, setChosen] = useState(quiz?.student_ids || []);
  const [questions, setQuestions] = useState(() =>
    quiz ? quiz.questions.map(questionFromApi) : [blankQuestion()],
  );
  const chosenPair = quiz || (teaching.data?.pairs || []).find((p) => pairKey(p) === pair) || null;

  const form = useForm(async () => {
    const body = {
      title,
      instructions,
      opens_at: fromLocalInput(opens),
      closes_at: fromLocalInput(closes),
      max_attempts: Number(attempts) || attempts,
      corrections,
      student_ids: chosenPair?.class_id ? chosen : [],
      questions: questions.map(questionToApi),
    };
    if (body.opens_at === null) delete body.opens_at;
    if (body.closes_at === null) delete body.closes_at;
    if (!chosenPair) {
      form.setErrors({ class_id: 'Choisissez la classe ou le groupe.' });
      return;
    }
    let saved;
    try {
      saved = quiz
        ? await api.patch(`/api/v1/quizzes/${quiz.id}`, body)
        : await api.post('/api/v1/quizzes', {
            ...body,
            subject_id: chosenPair.subject_id,
            ...(chosenPair.class_id ? { class_id: chosenPair.class_id } : { group_id: chosenPair.group_id }),
          });
    } catch (error) {
      throw quizError(error, shownField);
    }
    navigate(`/quiz-donnes/${saved.id}?${quiz ? 'modifie' : 'cree'}=1`);
  });

  const update = (index, change) =>
    setQuestions(questions.map((q, i) => (i === index ? { ...q, ...change } : q)));
  const move = (index, by) => {
    const list = [...questions];
    const [q] = list.splice(index, 1);
    list.splice(index + by, 0, q);
    setQuestions(list);
  };
  const audienceError =
    form.errors.class_id || form.errors.group_id || form.errors.subject_id;

  return (
    <form onSubmit={form.submit} class="quiz-editor" noValidate>
      <FormError error={form.formError} />
      <section class="card" aria-labelledby="quiz-settings-title">
        <h2 id="quiz-settings-title">Le quiz</h2>
        {quiz ? (
          <p>
            <strong>{subjectLabel(quiz.subject_id)}</strong> — {audienceLabel(teaching.data, quiz)}
          </p>
        ) : (
          <PairSelect
            teaching={teaching.data}
            pair={pair}
            setPair={(value) => {
              setPair(value);
              setChosen([]);
            }}
            error={audienceError}
          />
        )}
        {chosenPair?.class_id ? (
          <StudentPicker
            classId={chosenPair.class_id}
            chosen={chosen}
            setChosen={setChosen}
            error={errorAt(form.errors, 'student_ids')}
          />
        ) : (
          chosenPair?.group_id && <p class="muted">Tous les élèves du groupe.</p>
        )}
        <Field
          label="Titre"
          name="title"
          required
          maxLength={200}
          value={title}
          onInput={(e) => setTitle(e.currentTarget.value)}
          error={form.errors.title}
        />
        <Field
          label="Consignes (facultatif)"
          name="instructions"
          multiline
          rows={3}
          maxLength={5000}
          value={instructions}
          onInput={(e) => setInstructions(e.currentTarget.value)}
          error={form.errors.instructions}
        />
        <div class="field-row">
          <Field
            label="Ouverture"
            name="opens_at"
            type="datetime-local"
            required
            value={opens}
            onInput={(e) => setOpens(e.currentTarget.value)}
            error={form.errors.opens_at}
          />
          <Field
            label="Fermeture"
            name="closes_at"
            type="datetime-local"
            required
            value={closes}
            onInput={(e) => setCloses(e.currentTarget.value)}
            error={form.errors.closes_at}
          />
        </div>
        <div class="field-row">
          <Field
            label="Nombre de tentatives"
            name="max_attempts"
            type="number"
            min="1"
            max="10"
            value={attempts}
            onInput={(e) => setAttempts(e.currentTarget.value)}
            error={form.errors.max_attempts}
          />
          <div class={`field${form.errors.corrections ? ' field-invalid' : ''}`}>
            <label for="quiz-corrections">Corrigé visible</label>
            <select id="quiz-corrections" value={corrections} onChange={(e) => setCorrections(e.currentTarget.value)}>
              <option value="after_attempt">Dès que l'élève a répondu</option>
              <option value="after_close">À la fermeture du quiz</option>
            </select>
            <ErrorText id="quiz-corrections-error" message={form.errors.corrections} />
          </div>
        </div>
        <p class="hint">
          Une fois le quiz fermé, vous pourrez verser la meilleure note de chaque élève (sur 20) au carnet de notes,
          depuis la page du quiz.
        </p>
      </section>
      <h2>Questions</h2>
      <ErrorText id="quiz-questions-error" message={form.errors.questions} />
      {questions.map((q, index) => (
        <QuestionEditor
          key={q.key}
          q={q}
          index={index}
          count={questions.length}
          errors={form.errors}
          onChange={(change) => update(index, change)}
          onMove={(by) => move(index, by)}
          onRemove={() => setQuestions(questions.filter((_, i) => i !== index))}
        />
      ))}
      <div class="actions">
        <button type="button" class="button-secondary" onClick={() => setQuestions([...questions, blankQuestion()])}>
          Ajouter une question
        </button>
      </div>
      <div class="actions">
        <SubmitButton busy={form.busy}>{quiz ? 'Enregistrer les modifications' : 'Enregistrer le brouillon'}</SubmitButton>
        <Link href={quiz ? `/quiz-donnes/${quiz.id}` : '/quiz-donnes'} class="button-quiet">
          Annuler
        </Link>
      </div>
    </form>
  );
}

export function NewQuiz() {
  return (
    <>
      <p class="breadcrumb">
        <Link href="/quiz-donnes">Quiz donnés</Link>
      </p>
      <PageTitle>Nouveau quiz</PageTitle>
      <QuizEditor />
    </>
  );
}

export function EditQuiz({ params }) {
  const state = useApi(`/api/v1/quizzes/${encodeURIComponent(params.id)}`);
  return (
    <>
      <p class="breadcrumb">
        <Link href={`/quiz-donnes/${params.id}`}>Retour au quiz</Link>
      </p>
      <PageTitle>Modifier le quiz</PageTitle>
      <Loaded state={state}>
        {(quiz) =>
          quiz.frozen ? (
            <p class="banner banner-info">
              Des élèves ont déjà répondu : le quiz ne peut plus être modifié.
            </p>
          ) : (
            <QuizEditor quiz={quiz} />
          )
        }
      </Loaded>
    </>
  );
}
