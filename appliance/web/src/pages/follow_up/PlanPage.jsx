// One follow-up plan: its goals, actions (who does what, by when, done),
// review date and notes. Its student's teachers, vie scolaire and admins
// edit it, add notes and close it with an outcome; the family reads it.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { Link } from '../../router.jsx';
import { formatDay, formatInstant } from '../../format.js';
import { hasRole, useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, TableScroll, useApi, useForm } from '../../ui.jsx';
import { ACTORS, OUTCOMES } from './FollowUp.jsx';

const EDITORS = ['teacher', 'staff', 'admin'];

// The actions as the API takes them back (names are read-only).
const actionInputs = (actions) =>
  actions.map(({ what, actor, actor_id: actorId, due_on: dueOn, done }) => ({
    what,
    actor,
    actor_id: actorId,
    due_on: dueOn,
    done,
  }));

function Actions({ plan, editable, onSave }) {
  // useForm hands its action the event it was given: here, which action.
  const toggle = useForm(async ({ index }) => {
    const actions = actionInputs(plan.actions);
    actions[index].done = !actions[index].done;
    onSave(await api.patch(`/api/v1/follow-up/plans/${plan.id}`, { actions }));
  });
  if (plan.actions.length === 0) return <Empty>Aucune action prévue.</Empty>;
  return (
    <TableScroll label="Actions du plan">
      <table>
        <caption class="visually-hidden">Actions du plan</caption>
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Qui</th>
            <th scope="col">Pour le</th>
            <th scope="col">Faite</th>
          </tr>
        </thead>
        <tbody>
          {plan.actions.map((action, i) => (
            <tr key={i}>
              <td class="user-text">{action.what}</td>
              <td>{action.actor_name || ACTORS[action.actor]}</td>
              <td>{action.due_on ? formatDay(action.due_on) : '—'}</td>
              <td>
                {editable ? (
                  <label>
                    <input type="checkbox" checked={action.done} disabled={toggle.busy} onChange={() => toggle.submit({ preventDefault() {}, index: i })} />
                    <span class="visually-hidden"> {action.what}</span> {action.done ? 'oui' : 'non'}
                  </label>
                ) : action.done ? (
                  'oui'
                ) : (
                  'non'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormError error={toggle.formError} />
    </TableScroll>
  );
}

function EditPlan({ plan, onSave }) {
  const [goals, setGoals] = useState(plan.goals.join('\n'));
  const [review, setReview] = useState(plan.review_on || '');
  const [what, setWhat] = useState('');
  const [actor, setActor] = useState('teacher');
  const [due, setDue] = useState('');
  const form = useForm(async () => {
    const actions = actionInputs(plan.actions);
    if (what.trim()) actions.push({ what: what.trim(), actor, due_on: due || null, done: false });
    const goalList = goals.split('\n').map((g) => g.trim()).filter(Boolean);
    onSave(await api.patch(`/api/v1/follow-up/plans/${plan.id}`, { goals: goalList, actions, review_on: review || null }));
    setWhat('');
    setDue('');
  });
  return (
    <section class="card" aria-labelledby="edit-plan">
      <h2 id="edit-plan">Modifier le plan</h2>
      <form onSubmit={form.submit}>
        <FormError error={form.formError} />
        <Field label="Objectifs" name="goals" hint="Un objectif par ligne." multiline value={goals} onInput={(e) => setGoals(e.currentTarget.value)} error={form.errors.goals} />
        <Field label="Date du bilan" name="review_on" type="date" value={review} onInput={(e) => setReview(e.currentTarget.value)} error={form.errors.review_on} />
        <Field label="Nouvelle action" name="actions" value={what} onInput={(e) => setWhat(e.currentTarget.value)} error={form.errors.actions || form.errors[`actions[${plan.actions.length}].what`]} />
        <div class="field">
          <label for="action-actor">Qui la mène</label>
          <select id="action-actor" value={actor} onChange={(e) => setActor(e.currentTarget.value)}>
            {Object.entries(ACTORS).map(([code, label]) => (
              <option key={code} value={code}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <Field label="Pour le" name="due_on" type="date" value={due} onInput={(e) => setDue(e.currentTarget.value)} error={form.errors[`actions[${plan.actions.length}].due_on`]} />
        <SubmitButton busy={form.busy}>Enregistrer</SubmitButton>
      </form>
    </section>
  );
}

function AddNote({ plan, onSave }) {
  const [text, setText] = useState('');
  const form = useForm(async () => {
    await api.post(`/api/v1/follow-up/plans/${plan.id}/notes`, { text });
    setText('');
    onSave();
  });
  return (
    <form onSubmit={form.submit}>
      <FormError error={form.formError} />
      <Field label="Nouvelle note" name="text" multiline value={text} required onInput={(e) => setText(e.currentTarget.value)} error={form.errors.text} />
      <SubmitButton busy={form.busy}>Ajouter la note</SubmitButton>
    </form>
  );
}

function ClosePlan({ plan, onSave }) {
  const [outcome, setOutcome] = useState('goals_met');
  const [comment, setComment] = useState('');
  const form = useForm(async () => {
    onSave(await api.post(`/api/v1/follow-up/plans/${plan.id}/close`, { outcome, comment }));
  });
  return (
    <section class="card" aria-labelledby="close-plan">
      <h2 id="close-plan">Clore le plan</h2>
      <form onSubmit={form.submit}>
        <FormError error={form.formError} />
        <fieldset>
          <legend>Bilan</legend>
          {Object.entries(OUTCOMES).map(([code, label]) => (
            <label key={code} class="choice">
              <input type="radio" name="outcome" value={code} checked={outcome === code} onChange={() => setOutcome(code)} /> {label}
            </label>
          ))}
        </fieldset>
        <Field label="Commentaire" name="comment" multiline value={comment} onInput={(e) => setComment(e.currentTarget.value)} error={form.errors.outcome_comment} />
        <SubmitButton busy={form.busy}>Clore le plan</SubmitButton>
      </form>
    </section>
  );
}

function Plan({ plan, editable, onSave, reload }) {
  const open = plan.state === 'open';
  return (
    <>
      <p class="breadcrumb">
        <Link href="/suivi">Suivi des élèves</Link>
      </p>
      <PageTitle>{plan.title}</PageTitle>
      <p>
        <strong>{plan.student_name}</strong> — ouvert le {formatInstant(plan.created_at)}
        {plan.opened_by_name ? ` par ${plan.opened_by_name}` : ''}
      </p>
      <p role="status">
        {open
          ? `En cours${plan.review_on ? ` — bilan prévu le ${formatDay(plan.review_on)}` : ''}`
          : `Clos le ${formatInstant(plan.closed_at)} — ${OUTCOMES[plan.outcome]}`}
      </p>
      {!open && plan.outcome_comment && <p class="user-text">{plan.outcome_comment}</p>}
      {plan.reason && (
        <section class="card" aria-labelledby="plan-reason">
          <h2 id="plan-reason">Motif</h2>
          <p class="user-text">{plan.reason}</p>
        </section>
      )}
      <section class="card" aria-labelledby="plan-goals">
        <h2 id="plan-goals">Objectifs</h2>
        {plan.goals.length === 0 ? (
          <Empty>Aucun objectif.</Empty>
        ) : (
          <ol>
            {plan.goals.map((goal, i) => (
              <li key={i} class="user-text">
                {goal}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section class="card" aria-labelledby="plan-actions">
        <h2 id="plan-actions">Actions</h2>
        <Actions plan={plan} editable={editable && open} onSave={onSave} />
      </section>
      <section class="card" aria-labelledby="plan-notes">
        <h2 id="plan-notes">Notes de suivi</h2>
        {plan.notes.length === 0 ? (
          <Empty>Pas encore de note.</Empty>
        ) : (
          <ul class="plain-list">
            {plan.notes.map((note) => (
              <li key={note.id}>
                <p class="muted">
                  {formatInstant(note.created_at)} — {note.author_name}
                </p>
                <p class="user-text">{note.text}</p>
              </li>
            ))}
          </ul>
        )}
        {editable && open && <AddNote plan={plan} onSave={reload} />}
      </section>
      {editable && open && <EditPlan key={plan.updated_at} plan={plan} onSave={onSave} />}
      {editable && open && <ClosePlan plan={plan} onSave={onSave} />}
    </>
  );
}

export function PlanPage({ params }) {
  const { me } = useSession();
  const state = useApi(`/api/v1/follow-up/plans/${encodeURIComponent(params.id)}`);
  const [saved, setSaved] = useState(null);
  return (
    <Loaded state={state}>
      {(loaded) => {
        const plan = saved && saved.id === loaded.id && saved.updated_at >= loaded.updated_at ? saved : loaded;
        return (
          <Plan
            plan={plan}
            editable={hasRole(me, EDITORS)}
            onSave={(next) => setSaved(next)}
            reload={() => {
              setSaved(null);
              state.reload();
            }}
          />
        );
      }}
    </Loaded>
  );
}
