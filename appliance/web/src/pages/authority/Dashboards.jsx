// The regional authority's dashboards at the hub: region → department →
// school, each with its indicators over the period, their weekly trend over
// the school year, adoption and outcomes side by side, and the level below.
import { Link, navigate } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Empty, Loaded, PageTitle, TableScroll, useApi } from '../../ui.jsx';
import { formatDay } from '../../format.js';
import { formatDecimal, formatShare, formatterFor, LineChart } from './Chart.jsx';

export const ROLE_NAMES = {
  student: 'Élèves',
  parent: 'Responsables',
  teacher: 'Professeurs',
  staff: 'Vie scolaire',
  admin: 'Direction',
};

const TREND_LABELS = {
  'attendance.rate': 'Taux de présence',
  'handin.on_time_rate': 'Rendus à l\'heure',
  'adoption.student_weekly_share': 'Élèves actifs sur 7 jours',
  'adoption.teacher_weekly_share': 'Professeurs actifs sur 7 jours',
};

// The period of the address (?from=&to=), empty for the default one.
export function periodOf(query) {
  return { from: query?.get('from') || '', to: query?.get('to') || '' };
}

function withPeriod(path, period) {
  const params = new URLSearchParams();
  if (period.from) params.set('from', period.from);
  if (period.to) params.set('to', period.to);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

// Two dates and a button; the period goes into the address.
export function PeriodForm({ path, shown, extra }) {
  const submit = (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    const period = { from: form.get('from'), to: form.get('to') };
    const params = new URLSearchParams();
    if (period.from) params.set('from', period.from);
    if (period.to) params.set('to', period.to);
    for (const [key, value] of Object.entries(extra || {})) if (value) params.set(key, value);
    navigate(params.toString() ? `${path}?${params}` : path);
  };
  return (
    <form class="chart-filters" onSubmit={submit} aria-label="Période">
      <div>
        <label for="period-from">Du</label>
        <input id="period-from" name="from" type="date" value={shown.from} />
      </div>
      <div>
        <label for="period-to">Au</label>
        <input id="period-to" name="to" type="date" value={shown.to} />
      </div>
      <button type="submit">Afficher</button>
    </form>
  );
}

function IndicatorTable({ indicators, caption }) {
  return (
    <TableScroll label={caption}>
      <table class="figures">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Indicateur</th>
            <th scope="col">Valeur</th>
            <th scope="col">Numérateur</th>
            <th scope="col">Dénominateur</th>
          </tr>
        </thead>
        <tbody>
          {indicators.map((indicator) => (
            <tr key={indicator.name}>
              <th scope="row">{indicator.label}</th>
              <td class="number">{formatterFor(indicator.unit)(indicator.value)}</td>
              <td class="number">{formatDecimal(indicator.numerator)}</td>
              <td class="number">{formatDecimal(indicator.denominator)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function AdoptionTable({ adoption }) {
  if (adoption.length === 0) return <Empty>Aucune donnée d'usage sur la période.</Empty>;
  return (
    <TableScroll label="Usage par profil">
      <table class="figures">
        <caption>Usage par profil</caption>
        <thead>
          <tr>
            <th scope="col">Profil</th>
            <th scope="col">Actifs sur 7 jours</th>
            <th scope="col">Actifs par jour</th>
            <th scope="col">Connexions</th>
            <th scope="col">Messages</th>
            <th scope="col">Documents</th>
          </tr>
        </thead>
        <tbody>
          {adoption.map((role) => (
            <tr key={role.role}>
              <th scope="row">{ROLE_NAMES[role.role] || role.role}</th>
              <td class="number">{formatShare(role.weekly_active_share.value)}</td>
              <td class="number">{formatDecimal(role.active_per_day)}</td>
              <td class="number">{formatDecimal(role.sessions)}</td>
              <td class="number">{formatDecimal(role.messages)}</td>
              <td class="number">{formatDecimal(role.documents)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

function OutcomesTables({ indicators, outcomes }) {
  const shown = indicators.filter((indicator) =>
    ['attendance.rate', 'absence.unjustified_share', 'handin.on_time_rate', 'handin.missing_rate'].includes(indicator.name),
  );
  return (
    <>
      <IndicatorTable indicators={shown} caption="Résultats : présence et rendus" />
      {outcomes.grades.length === 0 ? (
        <Empty>Aucune note rapportée sur la période.</Empty>
      ) : (
        <TableScroll label="Notes par matière">
          <table class="figures">
            <caption>Notes par matière (sur 20 ; quartiles : moyenne pondérée des quartiles rapportés)</caption>
            <thead>
              <tr>
                <th scope="col">Matière</th>
                <th scope="col">Notes</th>
                <th scope="col">Moyenne</th>
                <th scope="col">Q1</th>
                <th scope="col">Médiane</th>
                <th scope="col">Q3</th>
              </tr>
            </thead>
            <tbody>
              {outcomes.grades.map((subject) => (
                <tr key={subject.subject}>
                  <th scope="row">{subject.subject}</th>
                  <td class="number">{formatDecimal(subject.count)}</td>
                  <td class="number">{formatDecimal(subject.mean)}</td>
                  <td class="number">{formatDecimal(subject.q1)}</td>
                  <td class="number">{formatDecimal(subject.median)}</td>
                  <td class="number">{formatDecimal(subject.q3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </>
  );
}

function childLink(level, key, period) {
  if (level === 'departments') return withPeriod(`/autorite/departements/${encodeURIComponent(key)}`, period);
  if (level === 'schools') return withPeriod(`/autorite/etablissements/${encodeURIComponent(key)}`, period);
  return null;
}

const CHILD_TITLES = { departments: 'Départements', schools: 'Établissements', levels: 'Niveaux' };

function ChildrenTable({ data, period }) {
  const title = CHILD_TITLES[data.children_level];
  if (data.children.length === 0) return <Empty>Aucun rapport sur la période.</Empty>;
  const adoption = data.children_level !== 'levels';
  return (
    <TableScroll label={title}>
      <table class="figures">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{data.children_level === 'levels' ? 'Niveau' : 'Nom'}</th>
            {data.children_level === 'departments' && <th scope="col">Établissements</th>}
            <th scope="col">Présence</th>
            <th scope="col">Rendus à l'heure</th>
            {adoption && <th scope="col">Élèves actifs (7 j)</th>}
            {adoption && <th scope="col">Professeurs actifs (7 j)</th>}
          </tr>
        </thead>
        <tbody>
          {data.children.map((child) => {
            const href = childLink(data.children_level, child.key, period);
            return (
              <tr key={child.key}>
                <th scope="row">{href ? <Link href={href}>{child.name}</Link> : child.name}</th>
                {data.children_level === 'departments' && <td class="number">{child.schools}</td>}
                <td class="number">{formatShare(child.attendance_rate)}</td>
                <td class="number">{formatShare(child.on_time_rate)}</td>
                {adoption && <td class="number">{formatShare(child.student_weekly_share)}</td>}
                {adoption && <td class="number">{formatShare(child.teacher_weekly_share)}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

function Trend({ trend }) {
  const days = trend.weeks.map((week) => week.week);
  const series = trend.series.map((name) => ({
    label: TREND_LABELS[name] || name,
    values: trend.weeks.map((week) => week[name] ?? null),
  }));
  return (
    <LineChart
      caption={`Évolution par semaine depuis le ${formatDay(trend.from)}`}
      days={days}
      series={series}
      format={formatShare}
      columnLabel="Semaine du"
    />
  );
}

function AreaDashboard({ data, period, path }) {
  const shown = { from: period.from || data.from, to: period.to || data.to };
  return (
    <>
      <p>
        Du {formatDay(data.from)} au {formatDay(data.to)} : {data.schools} établissement(s), {data.reports} rapport(s)
        quotidien(s).
      </p>
      <PeriodForm path={path} shown={shown} />
      <section aria-labelledby="indicators-title">
        <h2 id="indicators-title">Indicateurs de la période</h2>
        <IndicatorTable indicators={data.indicators} caption="Indicateurs de la période" />
      </section>
      <section aria-labelledby="trend-title">
        <h2 id="trend-title">Tendance de l'année scolaire</h2>
        <Trend trend={data.trend} />
      </section>
      <div class="side-by-side">
        <section aria-labelledby="adoption-title">
          <h2 id="adoption-title">Usage</h2>
          <AdoptionTable adoption={data.adoption} />
          <p>
            Messages envoyés : {formatDecimal(data.outcomes.messages)} — documents partagés :{' '}
            {formatDecimal(data.outcomes.documents)}
          </p>
        </section>
        <section aria-labelledby="outcomes-title">
          <h2 id="outcomes-title">Résultats</h2>
          <OutcomesTables indicators={data.indicators} outcomes={data.outcomes} />
        </section>
      </div>
      <section aria-labelledby="children-title">
        <h2 id="children-title">{CHILD_TITLES[data.children_level]}</h2>
        <ChildrenTable data={data} period={period} />
      </section>
    </>
  );
}

export function RegionPage({ query }) {
  const { me } = useSession();
  const period = periodOf(query);
  const viewer = me.authority?.role === 'department_viewer';
  const state = useApi(viewer ? null : '/api/v1/authority/region', period);
  if (viewer) {
    return <DepartmentPage params={{ code: me.authority.department }} query={query} />;
  }
  return (
    <>
      <PageTitle>Région</PageTitle>
      <Loaded state={state}>{(data) => <AreaDashboard data={data} period={period} path="/autorite" />}</Loaded>
    </>
  );
}

export function DepartmentPage({ params, query }) {
  const period = periodOf(query);
  const state = useApi(`/api/v1/authority/departments/${encodeURIComponent(params.code)}`, period);
  const { me } = useSession();
  return (
    <>
      {me.authority?.role !== 'department_viewer' && (
        <p>
          <Link href={withPeriod('/autorite', period)}>Région</Link>
        </p>
      )}
      <PageTitle>Département {params.code}</PageTitle>
      <Loaded state={state}>
        {(data) => <AreaDashboard data={data} period={period} path={`/autorite/departements/${params.code}`} />}
      </Loaded>
    </>
  );
}

export function SchoolPage({ params, query }) {
  const period = periodOf(query);
  const state = useApi(`/api/v1/authority/schools/${encodeURIComponent(params.uai)}`, period);
  return (
    <Loaded state={state}>
      {(data) => (
        <>
          <p>
            <Link href={withPeriod(`/autorite/departements/${encodeURIComponent(data.department)}`, period)}>
              Département {data.department}
            </Link>
          </p>
          <PageTitle>
            {data.name} ({params.uai})
          </PageTitle>
          <AreaDashboard data={data} period={period} path={`/autorite/etablissements/${params.uai}`} />
        </>
      )}
    </Loaded>
  );
}
