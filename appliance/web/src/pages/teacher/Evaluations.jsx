// Evaluations and the grade-entry grid: arrow keys and Enter move between
// cells as in a spreadsheet, "abs", "disp" and "nn" enter the marks the API
// knows (absent, exempt, not graded), and "Publier" shows the scores to
// students and parents from today.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { formatDay, formatNumber, formatShortDay, today } from '../../format.js';
import { useSubjectNames } from '../../names.js';
import { Link, navigate } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, TableScroll, useApi, useForm } from '../../ui.jsx';
import { audienceLabel, pairKey, useTeaching } from './teaching.js';

export const MARK_CODES = { abs: 'absent', disp: 'exempt', nn: 'not_graded' };
const MARK_TEXT = { absent: 'abs', exempt: 'disp', not_graded: 'nn' };
export const MARK_LABELS = { absent: 'Absent', exempt: 'Dispensé', not_graded: 'Non noté' };

// The cell's text for a stored score.
export function scoreText(score) {
  if (!score) return '';
  if (score.mark === 'score') return formatNumber(score.value);
  return MARK_TEXT[score.mark] || '';
}

// A cell's text as an API item: { value } or { mark }, null when empty,
// { error } when it is neither a number nor a known code.
export function parseScore(text, outOf) {
  const clean = text.trim().toLowerCase();
  if (clean === '') return null;
  if (MARK_CODES[clean]) return { mark: MARK_CODES[clean] };
  if (!/^\d+([.,]\d{1,2})?$/.test(clean)) return { error: 'Une note (ex. 12,5), ou abs, disp, nn' };
  const value = Number(clean.replace(',', '.'));
  if (value > outOf) return { error: `La note dépasse le maximum (${formatNumber(outOf)})` };
  return { value };
}

function isVisible(evaluation) {
  return evaluation.visible_from <= today();
}

function Visibility({ evaluation }) {
  return isVisible(evaluation) ? (
    <span class="status status-justified">Publiée depuis le {formatShortDay(evaluation.visible_from)}</span>
  ) : (
    <span class="status status-pending">Non publiée</span>
  );
}

function yearEnd(calendar) {
  const ends = (calendar?.periods || []).map((p) => p.ends_on).sort();
  return ends[ends.length - 1] || null;
}

function NewEvaluation({ teaching, onCancel }) {
  const subjectLabel = useSubjectNames();
  const calendar = useApi('/api/v1/timetable/calendar');
  const [pair, setPair] = useState('');
  const [date, setDate] = useState(today());
  const [title, setTitle] = useState('');
  const [outOf, setOutOf] = useState('20');
  const [coefficient, setCoefficient] = useState('1');
  const [publishNow, setPublishNow] = useState(false);
  const form = useForm(async () => {
    const chosen = teaching.pairs.find((p) => pairKey(p) === pair);
    if (!chosen) throw new Error('Choisissez la classe ou le groupe.');
    const hiddenUntil = yearEnd(calendar.data);
    const created = await api.post('/api/v1/evaluations', {
      subject_id: chosen.subject_id,
      ...(chosen.class_id ? { class_id: chosen.class_id } : { group_id: chosen.group_id }),
      date,
      title,
      out_of: Number(outOf.replace(',', '.')),
      coefficient: Number(coefficient.replace(',', '.')),
      visible_from: publishNow || !hiddenUntil ? date : hiddenUntil,
    });
    navigate(`/evaluations/${created.id}`);
  });
  return (
    <section class="card" aria-labelledby="new-evaluation">
      <h2 id="new-evaluation">Nouvelle évaluation</h2>
      <form onSubmit={form.submit}>
        <FormError error={form.formError} />
        <div class="field">
          <label for="evaluation-pair">Classe ou groupe, matière</label>
          <select id="evaluation-pair" required value={pair} onChange={(e) => setPair(e.currentTarget.value)}>
            <option value="">— Choisir —</option>
            {teaching.pairs.map((p) => (
              <option key={pairKey(p)} value={pairKey(p)}>
                {audienceLabel(teaching, p)} — {subjectLabel(p.subject_id)}
              </option>
            ))}
          </select>
        </div>
        <Field label="Titre" name="title" required maxLength={100} value={title}
          onInput={(e) => setTitle(e.currentTarget.value)} error={form.errors.title} />
        <div class="field-row">
          <Field label="Date" name="date" type="date" required value={date}
            onInput={(e) => setDate(e.currentTarget.value)} error={form.errors.date} />
          <Field label="Noté sur" name="out_of" inputMode="decimal" required value={outOf}
            onInput={(e) => setOutOf(e.currentTarget.value)} error={form.errors.out_of} />
          <Field label="Coefficient" name="coefficient" inputMode="decimal" required value={coefficient}
            onInput={(e) => setCoefficient(e.currentTarget.value)} error={form.errors.coefficient} />
        </div>
        <div class="field-check">
          <input type="checkbox" id="evaluation-publish" checked={publishNow}
            onChange={(e) => setPublishNow(e.currentTarget.checked)} />
          <label for="evaluation-publish">Montrer les notes aux élèves et aux familles dès leur saisie</label>
        </div>
        <p class="hint">Sinon, les notes restent cachées jusqu'à ce que vous les publiiez.</p>
        <div class="actions">
          <SubmitButton busy={form.busy}>Créer et saisir les notes</SubmitButton>
          <button type="button" class="button-quiet" onClick={onCancel}>
            Annuler
          </button>
        </div>
      </form>
    </section>
  );
}

export function EvaluationList() {
  const { me } = useSession();
  const teaching = useTeaching(me);
  const subjectLabel = useSubjectNames();
  const [creating, setCreating] = useState(false);
  const state = useApi('/api/v1/evaluations');
  return (
    <>
      <PageTitle>Évaluations</PageTitle>
      {creating && teaching.data ? (
        <NewEvaluation teaching={teaching.data} onCancel={() => setCreating(false)} />
      ) : (
        <p>
          <button type="button" class="button-primary" onClick={() => setCreating(true)}>
            Nouvelle évaluation
          </button>
        </p>
      )}
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucune évaluation.</Empty>
          ) : (
            <TableScroll label="Évaluations">
              <table>
                <caption class="visually-hidden">Évaluations, les plus récentes d'abord</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Évaluation</th>
                    <th scope="col">Classe ou groupe</th>
                    <th scope="col">Sur</th>
                    <th scope="col">Publication</th>
                  </tr>
                </thead>
                <tbody>
                  {[...page.items].reverse().map((evaluation) => (
                    <tr key={evaluation.id}>
                      <td>{formatShortDay(evaluation.date)}</td>
                      <th scope="row">
                        <Link href={`/evaluations/${evaluation.id}`}>
                          {evaluation.title}
                        </Link>{' '}
                        <span class="muted">{subjectLabel(evaluation.subject_id)}</span>
                      </th>
                      <td>{audienceLabel(teaching.data, evaluation)}</td>
                      <td class="number">
                        {formatNumber(evaluation.out_of)} (coef. {formatNumber(evaluation.coefficient)})
                      </td>
                      <td>
                        <Visibility evaluation={evaluation} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )
        }
      </Loaded>
    </>
  );
}

// Moves the focus between the grid's inputs: data-row / data-col.
function moveFocus(event, rows) {
  const input = event.currentTarget;
  const row = Number(input.dataset.row);
  const col = Number(input.dataset.col);
  let target = null;
  const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
  const atEnd = input.selectionStart === input.value.length;
  if (event.key === 'ArrowDown' || (event.key === 'Enter' && !event.shiftKey)) target = [row + 1, col];
  else if (event.key === 'ArrowUp' || (event.key === 'Enter' && event.shiftKey)) target = [row - 1, col];
  else if (event.key === 'ArrowRight' && atEnd) target = [row, col + 1];
  else if (event.key === 'ArrowLeft' && atStart) target = [row, col - 1];
  if (event.key === 'Enter') event.preventDefault();
  if (!target) return;
  const [r, c] = target;
  if (r < 0 || r >= rows || c < 0 || c > 1) return;
  const next = input.closest('table').querySelector(`input[data-row="${r}"][data-col="${c}"]`);
  if (next) {
    event.preventDefault();
    next.focus();
    next.select();
  }
}

function Grid({ grid, onSaved }) {
  const initial = useMemo(
    () =>
      Object.fromEntries(
        grid.scores.map((row) => [row.student_id, { text: scoreText(row.score), comment: row.score?.comment || '' }]),
      ),
    [grid],
  );
  const [cells, setCells] = useState(initial);
  const [saved, setSaved] = useState('');
  useEffect(() => setCells(initial), [initial]);

  const set = (id, key, value) => {
    setSaved('');
    setCells((previous) => ({ ...previous, [id]: { ...previous[id], [key]: value } }));
  };
  const changed = grid.scores.filter(
    (row) => cells[row.student_id].text !== initial[row.student_id].text ||
      cells[row.student_id].comment !== initial[row.student_id].comment,
  );
  const localErrors = {};
  for (const row of grid.scores) {
    const parsed = parseScore(cells[row.student_id].text, grid.out_of);
    if (parsed?.error) localErrors[row.student_id] = parsed.error;
  }

  const form = useForm(async () => {
    if (Object.keys(localErrors).length) throw new Error('Corrigez les notes signalées avant d\'enregistrer.');
    const items = [];
    const order = [];
    for (const row of changed) {
      const parsed = parseScore(cells[row.student_id].text, grid.out_of);
      if (!parsed) continue; // an emptied cell: the API keeps scores it is not sent
      items.push({ student_id: row.student_id, ...parsed, comment: cells[row.student_id].comment || null });
      order.push(row.student_id);
    }
    if (items.length === 0) {
      setSaved('Rien à enregistrer.');
      return;
    }
    try {
      const answer = await api.put(`/api/v1/evaluations/${grid.id}/scores`, { scores: items });
      setSaved(`${items.length} note${items.length > 1 ? 's' : ''} enregistrée${items.length > 1 ? 's' : ''}.`);
      onSaved(answer);
    } catch (error) {
      // "scores[3].value" names the 4th item sent: put it next to that student.
      const match = /^scores\[(\d+)\]/.exec(error.field || '');
      if (match && order[Number(match[1])]) error.field = `student-${order[Number(match[1])]}`;
      throw error;
    }
  });

  const errorFor = (id) => localErrors[id] || form.errors[`student-${id}`];
  return (
    <form onSubmit={form.submit}>
      <p class="hint" id="grid-help">
        Flèches ou Entrée pour passer d'une case à l'autre. Codes : abs (absent), disp (dispensé), nn (non noté).
      </p>
      <FormError error={form.formError} />
      <TableScroll label="Grille de saisie des notes">
        <table class="grade-grid">
          <caption class="visually-hidden">Notes sur {formatNumber(grid.out_of)}</caption>
          <thead>
            <tr>
              <th scope="col">Élève</th>
              <th scope="col">Note /{formatNumber(grid.out_of)}</th>
              <th scope="col">Commentaire</th>
            </tr>
          </thead>
          <tbody>
            {grid.scores.map((row, index) => {
              const error = errorFor(row.student_id);
              const errorId = `score-error-${row.student_id}`;
              return (
                <tr key={row.student_id} class={error ? 'row-invalid' : ''}>
                  <th scope="row" id={`name-${row.student_id}`}>
                    {row.name}
                  </th>
                  <td>
                    <input
                      class="score-input"
                      aria-label={`Note de ${row.name}`}
                      aria-describedby={error ? errorId : 'grid-help'}
                      aria-invalid={error ? 'true' : undefined}
                      inputMode="decimal"
                      autoComplete="off"
                      data-row={index}
                      data-col={0}
                      value={cells[row.student_id].text}
                      onInput={(e) => set(row.student_id, 'text', e.currentTarget.value)}
                      onKeyDown={(e) => moveFocus(e, grid.scores.length)}
                    />
                    {error && (
                      <p class="field-error" id={errorId} role="alert">
                        {error}
                      </p>
                    )}
                  </td>
                  <td>
                    <input
                      class="comment-input"
                      aria-label={`Commentaire pour ${row.name}`}
                      maxLength={200}
                      autoComplete="off"
                      data-row={index}
                      data-col={1}
                      value={cells[row.student_id].comment}
                      onInput={(e) => set(row.student_id, 'comment', e.currentTarget.value)}
                      onKeyDown={(e) => moveFocus(e, grid.scores.length)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <div class="actions sticky-actions">
        <SubmitButton busy={form.busy}>Enregistrer les notes{changed.length ? ` (${changed.length})` : ''}</SubmitButton>
        <p role="status" class="form-status">
          {saved}
        </p>
      </div>
    </form>
  );
}

function Publish({ evaluation, onDone }) {
  const form = useForm(async () => {
    const answer = await api.patch(`/api/v1/evaluations/${evaluation.id}`, { visible_from: today() });
    onDone(answer);
  });
  if (isVisible(evaluation)) return null;
  return (
    <>
      <FormError error={form.formError} />
      <button type="button" class="button-primary" onClick={form.submit} disabled={form.busy}>
        Publier les notes
      </button>
    </>
  );
}

export function EvaluationGrid({ params }) {
  const { me } = useSession();
  const teaching = useTeaching(me);
  const subjectLabel = useSubjectNames();
  const state = useApi(`/api/v1/evaluations/${encodeURIComponent(params.id)}`);
  const [grid, setGrid] = useState(null);
  const [published, setPublished] = useState('');
  useEffect(() => setGrid(state.data), [state.data]);
  return (
    <>
      <p class="breadcrumb">
        <Link href="/evaluations">Évaluations</Link>
      </p>
      <Loaded state={state}>
        {() =>
          grid && (
            <>
              <PageTitle>{grid.title}</PageTitle>
              <p>
                {subjectLabel(grid.subject_id)} — {audienceLabel(teaching.data, grid)} — {formatDay(grid.date)} — sur{' '}
                {formatNumber(grid.out_of)}, coefficient {formatNumber(grid.coefficient)}
              </p>
              <div class="toolbar">
                <Visibility evaluation={grid} />
                <Publish
                  evaluation={grid}
                  onDone={(evaluation) => {
                    setGrid({ ...grid, ...evaluation });
                    setPublished('Notes publiées : les élèves et leurs familles les voient.');
                  }}
                />
              </div>
              <p role="status" class="form-status">
                {published}
              </p>
              {grid.stats && (
                <p>
                  Moyenne <strong>{formatNumber(grid.stats.mean)}</strong>, plus basse {formatNumber(grid.stats.min)},
                  plus haute {formatNumber(grid.stats.max)} ({grid.stats.count} note{grid.stats.count > 1 ? 's' : ''})
                </p>
              )}
              {grid.scores.length === 0 ? (
                <Empty>Aucun élève.</Empty>
              ) : (
                <Grid grid={grid} onSaved={(answer) => setGrid(answer)} />
              )}
            </>
          )
        }
      </Loaded>
    </>
  );
}
