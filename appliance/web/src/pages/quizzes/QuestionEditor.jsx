// One question of the quiz editor: its kind, prompt, points and skills, and
// what the kind needs (choices with the right ones ticked, the expected
// number and its tolerance, the accepted short answers). Errors the API
// names inside the question ("questions[2].tolerance") appear at their input.
import { Field } from '../../ui.jsx';
import { errorAt, KIND_LABELS } from './quizText.js';

let nextKey = 0;

export function blankQuestion(kind = 'single_choice') {
  return {
    key: ++nextKey,
    kind,
    prompt: '',
    points: '1',
    partial_credit: true,
    choices: ['', ''],
    correct: [],
    accepted: '',
    value: '',
    tolerance: '',
    skills: '',
  };
}

const decimalText = (value) => (value === null || value === undefined ? '' : String(value).replace('.', ','));

// A question as the API gives it to the teacher, for the editor.
export function questionFromApi(q) {
  const key = q.correction || {};
  return {
    ...blankQuestion(q.kind),
    prompt: q.prompt,
    points: decimalText(q.points),
    partial_credit: q.partial_credit !== false,
    choices: q.choices ? [...q.choices] : ['', ''],
    correct: key.correct ? [...key.correct] : [],
    accepted: (key.accepted || []).join('\n'),
    value: decimalText(key.value),
    tolerance: decimalText(key.tolerance),
    skills: (q.skills || []).join(', '),
  };
}

// "1,5" as 1.5; anything else is sent as typed, for the API to name it.
function pointsValue(text) {
  const clean = text.trim();
  if (clean === '') return undefined;
  return /^\d+([.,]\d+)?$/.test(clean) ? Number(clean.replace(',', '.')) : clean;
}

const lines = (text) => text.split('\n').map((line) => line.trim()).filter(Boolean);

// The question as the API takes it.
export function questionToApi(q) {
  const out = { kind: q.kind, prompt: q.prompt };
  const points = pointsValue(q.points);
  if (points !== undefined) out.points = points;
  const skills = q.skills.split(',').map((s) => s.trim()).filter(Boolean);
  if (skills.length) out.skills = skills;
  if (q.kind === 'single_choice' || q.kind === 'multiple_choice') {
    out.choices = q.choices;
    out.correct = q.kind === 'single_choice' ? q.correct.slice(0, 1) : q.correct;
    if (q.kind === 'multiple_choice') out.partial_credit = q.partial_credit;
  } else if (q.kind === 'number') {
    if (q.value.trim() !== '') out.value = q.value.trim();
    if (q.tolerance.trim() !== '') out.tolerance = q.tolerance.trim();
  } else {
    out.accepted = lines(q.accepted);
  }
  return out;
}

function ErrorText({ id, message }) {
  if (!message) return null;
  return (
    <p class="field-error" id={id} role="alert">
      {message}
    </p>
  );
}

function Choices({ q, index, errors, onChange }) {
  const base = `q${q.key}`;
  const single = q.kind === 'single_choice';
  const error =
    errorAt(errors, `questions[${index}].choices`) || errorAt(errors, `questions[${index}].correct`);
  const setChoice = (i, text) => onChange({ choices: q.choices.map((c, j) => (j === i ? text : c)) });
  const toggle = (i, on) => {
    if (single) onChange({ correct: on ? [i] : [] });
    else onChange({ correct: on ? [...q.correct, i].sort((a, b) => a - b) : q.correct.filter((c) => c !== i) });
  };
  const remove = (i) =>
    onChange({
      choices: q.choices.filter((_, j) => j !== i),
      correct: q.correct.filter((c) => c !== i).map((c) => (c > i ? c - 1 : c)),
    });
  return (
    <fieldset class={`quiz-choices${error ? ' field-invalid' : ''}`} aria-describedby={error ? `${base}-choices-error` : undefined}>
      <legend>Choix proposés et {single ? 'la bonne réponse' : 'les bonnes réponses'}</legend>
      <ol class="plain-list">
        {q.choices.map((choice, i) => (
          <li key={i} class="quiz-choice-row">
            <label class="visually-hidden" for={`${base}-choice-${i}`}>
              Question {index + 1}, choix {i + 1}
            </label>
            <input
              id={`${base}-choice-${i}`}
              type="text"
              value={choice}
              maxLength={500}
              onInput={(e) => setChoice(i, e.currentTarget.value)}
            />
            <span class="field-check">
              <input
                id={`${base}-right-${i}`}
                type={single ? 'radio' : 'checkbox'}
                name={`${base}-right`}
                checked={q.correct.includes(i)}
                onChange={(e) => toggle(i, e.currentTarget.checked)}
              />
              <label for={`${base}-right-${i}`}>
                Bonne réponse<span class="visually-hidden"> (question {index + 1}, choix {i + 1})</span>
              </label>
            </span>
            {q.choices.length > 2 && (
              <button type="button" class="button-quiet" onClick={() => remove(i)}>
                Retirer<span class="visually-hidden"> le choix {i + 1} de la question {index + 1}</span>
              </button>
            )}
          </li>
        ))}
      </ol>
      {q.choices.length < 10 && (
        <button type="button" class="button-secondary" onClick={() => onChange({ choices: [...q.choices, ''] })}>
          Ajouter un choix<span class="visually-hidden"> à la question {index + 1}</span>
        </button>
      )}
      {q.kind === 'multiple_choice' && (
        <div class="field-check">
          <input
            type="checkbox"
            id={`${base}-partial`}
            checked={q.partial_credit}
            onChange={(e) => onChange({ partial_credit: e.currentTarget.checked })}
          />
          <label for={`${base}-partial`}>
            Points partiels (bonnes réponses cochées moins les fausses)
            <span class="visually-hidden"> pour la question {index + 1}</span>
          </label>
        </div>
      )}
      <ErrorText id={`${base}-choices-error`} message={error} />
    </fieldset>
  );
}

export function QuestionEditor({ q, index, count, errors, onChange, onMove, onRemove }) {
  const base = `q${q.key}`;
  const at = (name) => errorAt(errors, `questions[${index}].${name}`);
  const kindError = at('kind') || errors[`questions[${index}]`];
  return (
    <fieldset class="card quiz-question" data-testid="quiz-question">
      <legend>Question {index + 1}</legend>
      <div class={`field${kindError ? ' field-invalid' : ''}`}>
        <label for={`${base}-kind`}>Type de la question {index + 1}</label>
        <select
          id={`${base}-kind`}
          value={q.kind}
          aria-describedby={kindError ? `${base}-kind-error` : undefined}
          onChange={(e) => onChange({ kind: e.currentTarget.value, correct: q.correct.slice(0, e.currentTarget.value === 'single_choice' ? 1 : 10) })}
        >
          {Object.entries(KIND_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
        <ErrorText id={`${base}-kind-error`} message={kindError} />
      </div>
      <Field
        label={`Énoncé de la question ${index + 1}`}
        name={`questions[${index}].prompt`}
        multiline
        rows={2}
        required
        maxLength={2000}
        value={q.prompt}
        onInput={(e) => onChange({ prompt: e.currentTarget.value })}
        error={at('prompt')}
      />
      {(q.kind === 'single_choice' || q.kind === 'multiple_choice') && (
        <Choices q={q} index={index} errors={errors} onChange={onChange} />
      )}
      {q.kind === 'number' && (
        <div class="field-row">
          <Field
            label={`Valeur attendue (question ${index + 1})`}
            name={`questions[${index}].value`}
            inputMode="decimal"
            hint="Par exemple 3,14"
            value={q.value}
            onInput={(e) => onChange({ value: e.currentTarget.value })}
            error={at('value')}
          />
          <Field
            label={`Tolérance (question ${index + 1})`}
            name={`questions[${index}].tolerance`}
            inputMode="decimal"
            hint="Écart accepté, 0 si vide"
            value={q.tolerance}
            onInput={(e) => onChange({ tolerance: e.currentTarget.value })}
            error={at('tolerance')}
          />
        </div>
      )}
      {q.kind === 'short_text' && (
        <Field
          label={`Réponses acceptées (question ${index + 1})`}
          name={`questions[${index}].accepted`}
          multiline
          rows={3}
          hint="Une par ligne ; majuscules, accents et espaces autour ne comptent pas."
          value={q.accepted}
          onInput={(e) => onChange({ accepted: e.currentTarget.value })}
          error={at('accepted')}
        />
      )}
      <div class="field-row">
        <Field
          label={`Points (question ${index + 1})`}
          name={`questions[${index}].points`}
          inputMode="decimal"
          value={q.points}
          onInput={(e) => onChange({ points: e.currentTarget.value })}
          error={at('points')}
        />
        <Field
          label={`Compétences (question ${index + 1})`}
          name={`questions[${index}].skills`}
          hint="Séparées par des virgules, facultatif"
          value={q.skills}
          onInput={(e) => onChange({ skills: e.currentTarget.value })}
          error={at('skills')}
        />
      </div>
      <div class="actions">
        <button type="button" class="button-quiet" disabled={index === 0} onClick={() => onMove(-1)}>
          Monter<span class="visually-hidden"> la question {index + 1}</span>
        </button>
        <button type="button" class="button-quiet" disabled={index === count - 1} onClick={() => onMove(1)}>
          Descendre<span class="visually-hidden"> la question {index + 1}</span>
        </button>
        {count > 1 && (
          <button type="button" class="button-quiet" onClick={onRemove}>
            Supprimer la question {index + 1}
          </button>
        )}
      </div>
    </fieldset>
  );
}
