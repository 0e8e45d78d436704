// Follow-up plans (plans d'accompagnement, like a PPRE) and teachers'
// recommendations. Teachers, vie scolaire and admins open plans for a
// student, edit goals and actions, add notes and close them with an
// outcome; students and parents read them (a parent, each child's).
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { Link, navigate } from '../../router.jsx';
import { formatDay, formatInstant } from '../../format.js';
import { hasRole, useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, useApi, useForm } from '../../ui.jsx';
import { useTeaching } from '../teacher/teaching.js';

const EDITORS = ['teacher', 'staff', 'admin'];

export const OUTCOMES = {
  goals_met: 'Objectifs atteints',
  partly_met: 'Objectifs en partie atteints',
  not_met: 'Objectifs non atteints',
};

export const ACTORS = { teacher: 'Professeur', staff: 'Vie scolaire', student: 'Élève', parent: 'Famille' };

const linesOf = (text) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

function PlanState({ plan }) {
  if (plan.state === 'open') {
    return <span class="status status-to_do">En cours{plan.review_on ? `, bilan le ${formatDay(plan.review_on)}` : ''}</span>;
  }
  return <span class="status status-returned">Clos — {OUTCOMES[plan.outcome]}</span>;
}

function PlanList({ items, showStudent }) {
  if (items.length === 0) return <Empty>Aucun plan d'accompagnement.</Empty>;
  return (
    <ul class="plain-list">
      {items.map((plan) => (
        <li key={plan.id} class="card">
          <h3>
            <Link href={`/suivi/plans/${plan.id}`}>{plan.title}</Link>
          </h3>
          {showStudent && <p>{plan.student_name}</p>}
          <p>
            <PlanState plan={plan} />
          </p>
          {plan.goals.length > 0 && (
            <>
              <p class="muted">Objectifs :</p>
              <ul>
                {plan.goals.map((goal, i) => (
                  <li key={i} class="user-text">
                    {goal}
                  </li>
                ))}
              </ul>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export function RecommendationList({ items, nameOf }) {
  if (items.length === 0) return <Empty>Aucune recommandation pour le moment.</Empty>;
  return (
    <ul class="plain-list">
      {items.map((item) => (
        <li key={item.id}>
          <p class="user-text">« {item.text} »</p>
          <p class="muted">
            {nameOf(item)} — {formatInstant(item.created_at)}
            {item.plan_id && (
              <>
                {' '}
                — <Link href={`/suivi/plans/${item.plan_id}`}>voir le plan</Link>
              </>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}

// A class (those a teacher teaches; every class for vie scolaire), then one of its students.
function StudentPicker({ me, value, onChange, error, prefix }) {
  const isTeacher = !hasRole(me, ['staff', 'admin']);
  const teaching = useTeaching(me);
  const all = useApi(isTeacher ? null : '/api/v1/classes');
  const [classId, setClassId] = useState('');
  const students = useApi(classId ? `/api/v1/classes/${classId}/students` : null);
  const classes = isTeacher
    ? [...new Set((teaching.data?.pairs || []).map((p) => p.class_id).filter(Boolean))].map(
        (id) => teaching.data.classes.get(id) || { id, label: `Classe ${id}` },
      )
    : all.data?.items || [];
  return (
    <>
      <div class="field">
        <label for={`${prefix}-class`}>Classe</label>
        <select id={`${prefix}-class`} value={classId} onChange={(e) => setClassId(e.currentTarget.value)}>
          <option value="">— Choisir —</option>
          {classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <div class={`field${error ? ' field-invalid' : ''}`}>
        <label for={`${prefix}-student`}>Élève</label>
        <select
          id={`${prefix}-student`}
          required
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          aria-describedby={error ? `${prefix}-student-error` : undefined}
        >
          <option value="">— Choisir —</option>
          {(students.data?.items || []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.family_name} {s.given_name}
            </option>
          ))}
        </select>
        {error && (
          <p class="field-error" id={`${prefix}-student-error`} role="alert">
            {error}
          </p>
        )}
      </div>
    </>
  );
}

// `preset`: a student and a reason given by the link that led here (an
// early-warning alert), or null.
function NewPlan({ me, preset }) {
  const [student, setStudent] = useState(preset?.studentId || '');
  const [title, setTitle] = useState(preset ? 'Accompagnement après une alerte' : '');
  const [reason, setReason] = useState(preset?.reason || '');
  const [goals, setGoals] = useState('');
  const [review, setReview] = useState('');
  const form = useForm(async () => {
    const plan = await api.post('/api/v1/follow-up/plans', {
      student_id: Number(student) || null,
      title,
      reason,
      goals: linesOf(goals),
      review_on: review || null,
    });
    navigate(`/suivi/plans/${plan.id}?ouvert=1`);
  });
  return (
    <section class="card" aria-labelledby="new-plan">
      <h2 id="new-plan">Ouvrir un plan d'accompagnement</h2>
      <form onSubmit={form.submit}>
        <FormError error={form.formError} />
        {preset ? (
          <p>
            Élève : <strong>{preset.name}</strong> (<Link href="/suivi">choisir un autre élève</Link>)
          </p>
        ) : (
          <StudentPicker prefix="plan" me={me} value={student} onChange={setStudent} error={form.errors.student_id} />
        )}
        {preset && form.errors.student_id && (
          <p class="field-error" role="alert">
            {form.errors.student_id}
          </p>
        )}
        <Field label="Intitulé" name="title" value={title} required onInput={(e) => setTitle(e.currentTarget.value)} error={form.errors.title} />
        <Field label="Motif" name="reason" multiline rows={preset ? 7 : undefined} value={reason} onInput={(e) => setReason(e.currentTarget.value)} error={form.errors.reason} />
        <Field
          label="Objectifs"
          name="goals"
          hint="Un objectif par ligne."
          multiline
          value={goals}
          onInput={(e) => setGoals(e.currentTarget.value)}
          error={form.errors.goals || Object.entries(form.errors).find(([k]) => k.startsWith('goals['))?.[1]}
        />
        <Field label="Date du bilan" name="review_on" type="date" value={review} onInput={(e) => setReview(e.currentTarget.value)} error={form.errors.review_on} />
        <SubmitButton busy={form.busy}>Ouvrir le plan</SubmitButton>
      </form>
    </section>
  );
}

function NewRecommendation({ me }) {
  const [student, setStudent] = useState('');
  const [text, setText] = useState('');
  const [done, setDone] = useState('');
  const form = useForm(async () => {
    await api.post('/api/v1/follow-up/recommendations', { student_id: Number(student) || null, text });
    setText('');
    setDone('Recommandation envoyée.');
  });
  return (
    <section class="card" aria-labelledby="new-advice">
      <h2 id="new-advice">Écrire une recommandation à un élève</h2>
      <form onSubmit={form.submit}>
        <FormError error={form.formError} />
        <StudentPicker prefix="advice" me={me} value={student} onChange={setStudent} error={form.errors.student_id} />
        <Field label="Recommandation" name="text" multiline value={text} required onInput={(e) => setText(e.currentTarget.value)} error={form.errors.text} />
        <SubmitButton busy={form.busy}>Envoyer</SubmitButton>
        <p role="status" class="form-status">
          {done}
        </p>
      </form>
    </section>
  );
}

function FamilyFollowUp() {
  const plans = useApi('/api/v1/follow-up/plans');
  const advice = useApi('/api/v1/follow-up/recommendations');
  return (
    <>
      <section aria-labelledby="my-plans">
        <h2 id="my-plans">Plans d'accompagnement</h2>
        <Loaded state={plans}>{(page) => <PlanList items={page.items} showStudent />}</Loaded>
      </section>
      <section class="card" aria-labelledby="my-advice">
        <h2 id="my-advice">Recommandations des professeurs</h2>
        <Loaded state={advice}>
          {(page) => <RecommendationList items={page.items} nameOf={(item) => item.author_name || ''} />}
        </Loaded>
      </section>
    </>
  );
}

// The plan form's student and reason from the address (`?eleve=&nom=&motif=`).
function presetOf(query) {
  const studentId = query?.get('eleve');
  if (!studentId) return null;
  return { studentId, name: query.get('nom') || `Élève ${studentId}`, reason: query.get('motif') || '' };
}

export function FollowUp({ query }) {
  const { me } = useSession();
  const editor = hasRole(me, EDITORS);
  const plans = useApi(editor ? '/api/v1/follow-up/plans' : null);
  const preset = editor ? presetOf(query) : null;
  return (
    <>
      <PageTitle>Suivi des élèves</PageTitle>
      {editor ? (
        <>
          {preset && <NewPlan key={preset.studentId} me={me} preset={preset} />}
          <section aria-labelledby="open-plans">
            <h2 id="open-plans">Plans en cours</h2>
            <Loaded state={plans}>{(page) => <PlanList items={page.items} showStudent />}</Loaded>
          </section>
          {!preset && <NewPlan me={me} preset={null} />}
          <NewRecommendation me={me} />
        </>
      ) : (
        <FamilyFollowUp />
      )}
    </>
  );
}
