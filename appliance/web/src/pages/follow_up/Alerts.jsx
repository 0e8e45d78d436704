// Early-warning alerts, for the class's teachers (the professeur principal
// first among them), vie scolaire and admins: a class's open alerts with the
// indicators that raised them, a student's alert history, a plan opened from
// an alert; vie scolaire recomputes on demand, admins set the thresholds.
// Never shown to students or parents (routes.js and the API both refuse).
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { Link, navigate } from '../../router.jsx';
import { countOf, formatDay, formatNumber, formatShortDay } from '../../format.js';
import { hasRole, useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, TableScroll, useApi, useForm } from '../../ui.jsx';
import { useTeaching } from '../teacher/teaching.js';

const STAFF = ['staff', 'admin'];
const LEVELS = { 1: 'Vigilance', 2: 'Alerte' };

function LevelBadge({ alert }) {
  return (
    <span class={`status ${alert.level >= 2 ? 'status-late' : 'status-to_do'}`}>
      {LEVELS[alert.level] || alert.level_name}
      {alert.new && !alert.cleared_on ? ' — nouvelle' : ''}
    </span>
  );
}

// "demi-journées d'absence : 9 (seuil 4, fort 8 ; habituellement 2) ; 45 % de l'alerte":
// the share, when the evidence rule raised the alert, is the indicator's part of its evidence.
export function reasonText(reason) {
  const usual = reason.usual === null || reason.usual === undefined ? 'inconnu' : formatNumber(reason.usual);
  const strong = reason.strong ? ', seuil fort atteint' : '';
  const share = reason.share === null || reason.share === undefined ? '' : ` ; ${reason.share} % de l'alerte`;
  return (
    `${reason.label} : ${formatNumber(reason.value)} (seuil ${formatNumber(reason.threshold)}, ` +
    `fort ${formatNumber(reason.strong_threshold)}${strong} ; habituellement ${usual})${share}`
  );
}

function ReasonList({ alert }) {
  if (alert.reasons.length === 0) return <span class="muted">Raisons non disponibles</span>;
  return (
    <ul class="reason-list">
      {alert.reasons.map((reason) => (
        <li key={reason.indicator} data-indicator={reason.indicator}>
          {reasonText(reason)}
          {reason.detail && <span class="muted"> — {reason.detail}</span>}
        </li>
      ))}
      <li class="muted">Signes sur {alert.weeks_with_signs} des 4 dernières semaines</li>
    </ul>
  );
}

// The follow-up page's plan form, with the student and the reason filled in.
function planLink(alert) {
  const motive =
    `${LEVELS[alert.level]} du ${formatDay(alert.computed_on)} :\n` +
    alert.reasons.map((reason) => `- ${reasonText(reason)}`).join('\n');
  const query = new URLSearchParams({ eleve: String(alert.student_id), nom: alert.student_name, motif: motive });
  return `/suivi?${query.toString()}`;
}

function AlertTable({ items, classLabel }) {
  if (items.length === 0) return <Empty>Aucune alerte ouverte dans cette classe.</Empty>;
  return (
    <TableScroll label={`Alertes de ${classLabel}`}>
      <table class="alerts-table table-cards">
        <caption>Alertes ouvertes — {classLabel} (les alertes de niveau 2 d'abord)</caption>
        <thead>
          <tr>
            <th scope="col">Élève, niveau, depuis</th>
            <th scope="col">Raisons</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((alert) => (
            <tr key={alert.id} data-student={alert.student_id}>
              <th scope="row">
                {alert.student_name}
                <br />
                <LevelBadge alert={alert} />
                <br />
                <span class="muted">
                  depuis le {formatShortDay(alert.first_seen_on)}
                  {alert.level2_since && alert.level2_since !== alert.first_seen_on
                    ? `, niveau 2 le ${formatShortDay(alert.level2_since)}`
                    : ''}
                </span>
              </th>
              <td>
                <ReasonList alert={alert} />
              </td>
              <td>
                <div class="actions">
                  <Link class="button-secondary" href={`/alertes/eleves/${alert.student_id}`}>
                    Historique<span class="visually-hidden"> de {alert.student_name}</span>
                  </Link>
                  <Link class="button-primary" href={planLink(alert)}>
                    Ouvrir un plan<span class="visually-hidden"> pour {alert.student_name}</span>
                  </Link>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

// Teachers: the classes they teach; vie scolaire and admins: every class.
function useClasses(me) {
  const staff = hasRole(me, STAFF);
  const teaching = useTeaching(me);
  const all = useApi(staff ? '/api/v1/classes' : null);
  if (staff) return { loading: all.loading, error: all.error, items: all.data?.items || [] };
  const ids = [...new Set((teaching.data?.pairs || []).map((p) => p.class_id).filter(Boolean))];
  const items = ids.map((id) => teaching.data.classes.get(id) || { id, label: `Classe ${id}` });
  items.sort((a, b) => a.label.localeCompare(b.label, 'fr'));
  return { loading: teaching.loading, error: teaching.error, items };
}

function Refresh({ onDone }) {
  const [done, setDone] = useState('');
  const form = useForm(async () => {
    setDone('');
    const run = await api.post('/api/v1/early-warning/refresh', {});
    setDone(
      `Calcul du ${formatDay(run.computed_on)} : ${countOf(run.students, 'élève', 'élèves')}, ` +
        `${countOf(run.open_alerts, 'alerte ouverte', 'alertes ouvertes')} (${countOf(run.raised, 'nouvelle', 'nouvelles')}, ` +
        `${countOf(run.rose, 'passée', 'passées')} au niveau 2, ${countOf(run.cleared, 'levée', 'levées')}).`,
    );
    onDone();
  });
  return (
    <form onSubmit={form.submit} class="inline-form">
      <FormError error={form.formError} />
      <SubmitButton busy={form.busy}>Recalculer maintenant</SubmitButton>
      <p role="status" class="form-status">
        {done}
      </p>
    </form>
  );
}

function ClassAlerts({ classId, classLabel, staff }) {
  const alerts = useApi(classId ? `/api/v1/classes/${classId}/alerts` : null);
  return (
    <section aria-labelledby="class-alerts">
      <h2 id="class-alerts">Alertes de la classe</h2>
      {staff && <Refresh onDone={alerts.reload} />}
      <Loaded state={alerts}>
        {(data) => (
          <>
            <p class="muted">
              {data.computed_on ? `Dernier calcul le ${formatDay(data.computed_on)}.` : 'Aucun calcul pour le moment.'}
            </p>
            <AlertTable items={data.items} classLabel={classLabel} />
          </>
        )}
      </Loaded>
    </section>
  );
}

export function Alerts({ query }) {
  const { me } = useSession();
  const classes = useClasses(me);
  const [chosen, setChosen] = useState(query?.get('classe') || '');
  const classId = chosen || (classes.items[0] ? String(classes.items[0].id) : '');
  const current = classes.items.find((c) => String(c.id) === classId);
  const choose = (value) => {
    setChosen(value);
    navigate(`/alertes?classe=${value}`, { replace: true });
  };
  return (
    <>
      <PageTitle>Alertes et décrochage</PageTitle>
      <p class="muted">
        Une alerte dit quels indicateurs l'ont levée, avec leur valeur, ce qui est habituel pour l'élève et leur part
        de l'alerte (ce qu'ils ont d'inhabituel, cumulé). Elle n'est jamais montrée aux élèves ni aux familles.
      </p>
      {classes.error && <FormError error={classes.error} />}
      {classes.loading && classes.items.length === 0 ? (
        <p class="loading" role="status">
          Chargement…
        </p>
      ) : classes.items.length === 0 ? (
        <Empty>Aucune classe.</Empty>
      ) : (
        <>
          <div class="field">
            <label for="alerts-class">Classe</label>
            <select id="alerts-class" value={classId} onChange={(e) => choose(e.currentTarget.value)}>
              {classes.items.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
          <ClassAlerts
            key={classId}
            classId={classId}
            classLabel={current?.label || `Classe ${classId}`}
            staff={hasRole(me, STAFF)}
          />
        </>
      )}
      {hasRole(me, ['admin']) && <ThresholdsForm />}
    </>
  );
}

function HistoryTable({ items }) {
  if (items.length === 0) return <Empty>Aucune alerte pour cet élève.</Empty>;
  return (
    <TableScroll label="Historique des alertes">
      <table class="table-cards">
        <caption>Alertes de l'élève, ouvertes et levées</caption>
        <thead>
          <tr>
            <th scope="col">Vue le</th>
            <th scope="col">Niveau</th>
            <th scope="col">État</th>
            <th scope="col">Raisons (dernier calcul)</th>
          </tr>
        </thead>
        <tbody>
          {items.map((alert) => (
            <tr key={alert.id}>
              <th scope="row">{formatDay(alert.first_seen_on)}</th>
              <td>
                <LevelBadge alert={alert} />
              </td>
              <td>
                {alert.cleared_on ? `Levée le ${formatDay(alert.cleared_on)}` : `Ouverte (calcul du ${formatDay(alert.computed_on)})`}
              </td>
              <td>
                <ReasonList alert={alert} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function StudentAlerts({ params }) {
  const history = useApi(`/api/v1/early-warning/students/${params.id}`);
  const open = history.data?.items.find((alert) => !alert.cleared_on);
  const name = history.data?.items[0]?.student_name;
  return (
    <>
      <PageTitle>Historique des alertes{name ? ` — ${name}` : ''}</PageTitle>
      <p>
        <Link href={open?.class_id ? `/alertes?classe=${open.class_id}` : '/alertes'}>Retour aux alertes</Link>
      </p>
      <Loaded state={history}>
        {(data) => (
          <>
            {open && (
              <p>
                <Link class="button-primary" href={planLink(open)}>
                  Ouvrir un plan d'accompagnement
                </Link>
              </p>
            )}
            <HistoryTable items={data.items} />
          </>
        )}
      </Loaded>
    </>
  );
}

// The thresholds' refusals, given by the API in English, in French at the field.
const REFUSALS = [
  [/must be at least the threshold/, () => 'Le seuil fort doit être au moins égal au seuil.'],
  [/must be at most the threshold/, () => 'Le seuil fort doit être au plus égal au seuil (plus bas est plus grave).'],
  [/must be between (\d+) and (\d+)/, (m) => `Un nombre entier de ${m[1]} à ${m[2]}.`],
  [/must be a number of points/, () => 'Un nombre de points de 0 à 20, avec au plus 2 décimales.'],
  [/must be a number from 0\.01 to 100/, () => 'Un nombre de 0,01 à 100, avec au plus 2 décimales.'],
  [/must be between evidence\.\w+ \(([\d.]+)\) and 100/, (m) => `Au moins le niveau de vigilance (${m[1].replace('.', ',')}), au plus 100.`],
];

function refusal(message) {
  if (!message) return message;
  for (const [pattern, french] of REFUSALS) {
    const match = message.match(pattern);
    if (match) return french(match);
  }
  return message.replace(/^"[\w.]+" /, '');
}

const RULES = [
  ['vigilance_count', 'Indicateurs pour une vigilance (niveau 1)'],
  ['alert_count', 'Indicateurs pour une alerte (niveau 2)'],
  ['min_weeks', 'Semaines avec des signes, au moins (sur 4)'],
];

// The evidence rule's levels (README, "Early warning").
const EVIDENCE = [
  ['vigilance', 'Vigilance : hausse par rapport à l\'habitude, évidence d\'au moins'],
  ['alert', 'Alerte : hausse par rapport à l\'habitude, évidence d\'au moins'],
  ['lasting_vigilance', 'Vigilance : niveau durable (12 semaines), évidence d\'au moins'],
  ['lasting_alert', 'Alerte : niveau durable (12 semaines), évidence d\'au moins'],
];

function ThresholdsEditor({ initial }) {
  const [values, setValues] = useState(() => {
    const out = { rule: initial.rule || 'evidence' };
    for (const [key] of EVIDENCE) out[`evidence.${key}`] = String(initial.evidence?.[key] ?? '').replace('.', ',');
    for (const [name, item] of Object.entries(initial.indicators)) {
      out[`indicators.${name}.threshold`] = String(item.threshold);
      out[`indicators.${name}.strong`] = String(item.strong);
    }
    for (const [key] of RULES) out[key] = String(initial[key]);
    return out;
  });
  const [done, setDone] = useState('');
  const set = (key) => (e) => setValues({ ...values, [key]: e.currentTarget.value });
  const asNumber = (text) => (text.trim() === '' ? null : Number(text.replace(',', '.')));
  const form = useForm(async () => {
    setDone('');
    const indicators = {};
    for (const name of Object.keys(initial.indicators)) {
      indicators[name] = {
        threshold: asNumber(values[`indicators.${name}.threshold`]),
        strong: asNumber(values[`indicators.${name}.strong`]),
      };
    }
    const body = { indicators, rule: values.rule, evidence: {} };
    for (const [key] of RULES) body[key] = asNumber(values[key]);
    for (const [key] of EVIDENCE) body.evidence[key] = asNumber(values[`evidence.${key}`]);
    await api.put('/api/v1/early-warning/thresholds', body);
    setDone('Seuils enregistrés : ils servent dès le prochain calcul.');
  });
  return (
    <form onSubmit={form.submit} noValidate>
      <FormError error={form.formError} />
      <div class={`field${form.errors.rule ? ' field-invalid' : ''}`}>
        <label for="alert-rule">Règle</label>
        <select id="alert-rule" name="rule" value={values.rule} onChange={set('rule')}>
          <option value="evidence">Évidence cumulée de tous les indicateurs (par défaut)</option>
          <option value="thresholds">Seuils par indicateur</option>
        </select>
      </div>
      <fieldset class="threshold-set">
        <legend>Évidence cumulée</legend>
        {EVIDENCE.map(([key, label]) => (
          <Field
            key={key}
            label={label}
            name={`evidence.${key}`}
            inputMode="decimal"
            value={values[`evidence.${key}`]}
            onInput={set(`evidence.${key}`)}
            error={refusal(form.errors[`evidence.${key}`])}
          />
        ))}
      </fieldset>
      {Object.entries(initial.indicators).map(([name, item]) => (
        <fieldset key={name} class="threshold-set">
          <legend>{item.label}</legend>
          <Field
            label="Seuil"
            name={`indicators.${name}.threshold`}
            inputMode="decimal"
            hint={item.low_is_worse ? 'Sur 20 : franchi en dessous.' : undefined}
            value={values[`indicators.${name}.threshold`]}
            onInput={set(`indicators.${name}.threshold`)}
            error={refusal(form.errors[`indicators.${name}.threshold`] || form.errors[`indicators.${name}`])}
          />
          <Field
            label="Seuil fort"
            name={`indicators.${name}.strong`}
            inputMode="decimal"
            value={values[`indicators.${name}.strong`]}
            onInput={set(`indicators.${name}.strong`)}
            error={refusal(form.errors[`indicators.${name}.strong`])}
          />
        </fieldset>
      ))}
      {RULES.map(([key, label]) => (
        <Field key={key} label={label} name={key} inputMode="numeric" value={values[key]} onInput={set(key)} error={refusal(form.errors[key])} />
      ))}
      <SubmitButton busy={form.busy}>Enregistrer les seuils</SubmitButton>
      <p role="status" class="form-status">
        {done}
      </p>
    </form>
  );
}

function ThresholdsForm() {
  const thresholds = useApi('/api/v1/early-warning/thresholds');
  return (
    <section class="card" aria-labelledby="thresholds">
      <h2 id="thresholds">Seuils de l'établissement</h2>
      <p class="muted">
        Par défaut, chaque indicateur dit à quel point les 4 dernières semaines surprennent par rapport à l'habitude de
        l'élève (et les 12 dernières par rapport à la classe) ; une alerte naît quand l'évidence cumulée atteint son
        niveau. Avec la règle « seuils par indicateur », un indicateur compte quand il atteint son seuil et dépasse
        l'habitude de l'élève, ou quand il atteint son seuil fort.
      </p>
      <Loaded state={thresholds}>{(data) => <ThresholdsEditor initial={data} />}</Loaded>
    </section>
  );
}
