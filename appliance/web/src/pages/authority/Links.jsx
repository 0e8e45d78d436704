// Each school's link to the hub (connectivity) and the schools on the wrong
// side of the digital divide, with the thresholds that put them there.
import { useMemo } from 'preact/hooks';
import { Link } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Empty, Loaded, PageTitle, TableScroll, useApi } from '../../ui.jsx';
import { formatDay } from '../../format.js';
import { BarChart, formatShare, ScatterChart } from './Chart.jsx';
import { PeriodForm, periodOf } from './Dashboards.jsx';

const LINK_STATES = { up: 'Connecté', down: 'Déconnecté', never: 'Jamais connecté' };
const REASONS = {
  low_student_adoption: 'Peu d\'élèves actifs',
  low_teacher_adoption: 'Peu de professeurs actifs',
  poor_uptime: 'Lien souvent coupé',
  stale_sync: 'Pas de synchronisation récente',
  missing_reports: 'Rapports manquants',
};

const instant = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short' });
const formatIso = (iso) => (iso ? instant.format(new Date(iso)) : '—');

// Bands of each measure, the worst last; a school's value falls in the first
// band whose test it passes. `short` is the chart's axis label.
const UPTIME_BANDS = [
  { key: 'u99', label: '99 % ou plus', short: '≥ 99', test: (uptime) => uptime >= 0.99 },
  { key: 'u95', label: 'de 95 à 99 %', short: '95–99', test: (uptime) => uptime >= 0.95 },
  { key: 'u80', label: 'de 80 à 95 %', short: '80–95', test: (uptime) => uptime >= 0.8 },
  { key: 'low', label: 'moins de 80 %', short: '< 80', test: () => true },
];
const HOUR = 3600 * 1000;
const SYNC_BANDS = [
  { key: 'h1', label: 'moins d\'une heure', short: '< 1 h', test: (age) => age < HOUR },
  { key: 'd1', label: 'de 1 à 24 heures', short: '1–24 h', test: (age) => age < 24 * HOUR },
  { key: 'd7', label: 'de 1 à 7 jours', short: '1–7 j', test: (age) => age < 7 * 24 * HOUR },
  { key: 'old', label: 'plus de 7 jours', short: '> 7 j', test: () => true },
];
const BACKLOG_BANDS = [
  { key: 'none', label: 'aucun', short: '0', test: (backlog) => backlog === 0 },
  { key: 'b100', label: 'de 1 à 100', short: '1–100', test: (backlog) => backlog <= 100 },
  { key: 'b1000', label: 'de 101 à 1 000', short: '101–1 000', test: (backlog) => backlog <= 1000 },
  { key: 'more', label: 'plus de 1 000', short: '> 1 000', test: () => true },
];

const NOT_MEASURED = { key: 'none', label: 'non mesurée', short: 'n. m.' };
const NEVER_SYNCED = { key: 'never', label: 'jamais', short: 'jamais' };

// How many schools fall in each band of `valueOf(school)`; a null value
// counts in the extra band `missing` ({ key, label, short }).
function distribution(schools, valueOf, bands, missing) {
  const categories = missing ? [...bands, missing] : bands;
  const values = categories.map(() => 0);
  for (const school of schools) {
    const value = valueOf(school);
    const band = value === null || value === undefined ? bands.length : bands.findIndex((one) => one.test(value));
    values[band] += 1;
  }
  return { categories, values };
}

function DepartmentChoice({ me, value, path, period }) {
  if (me.authority?.role === 'department_viewer') return null;
  const departments = me.authority?.departments || [];
  return (
    <p>
      Département :{' '}
      <Link href={`${path}${period.from ? `?from=${period.from}&to=${period.to}` : ''}`} aria-current={value ? undefined : 'page'}>
        toute la région
      </Link>
      {departments.map((code) => (
        <span key={code}>
          {' · '}
          <Link
            href={`${path}?department=${code}${period.from ? `&from=${period.from}&to=${period.to}` : ''}`}
            aria-current={value === code ? 'page' : undefined}
          >
            {code}
          </Link>
        </span>
      ))}
    </p>
  );
}

function schoolLink(school) {
  return <Link href={`/autorite/etablissements/${encodeURIComponent(school.uai)}`}>{school.name || school.uai}</Link>;
}

function ConnectivityTable({ schools, caption }) {
  return (
    <TableScroll label={caption}>
      <table class="figures">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Établissement</th>
            <th scope="col">Département</th>
            <th scope="col">Lien</th>
            <th scope="col">Dernière synchronisation</th>
            <th scope="col">Disponibilité</th>
            <th scope="col">En attente</th>
            <th scope="col">Rapports reçus</th>
          </tr>
        </thead>
        <tbody>
          {schools.map((school) => (
            <tr key={school.uai}>
              <th scope="row">{schoolLink(school)}</th>
              <td>{school.department}</td>
              <td>{LINK_STATES[school.link_state] || school.link_state}</td>
              <td>{formatIso(school.last_sync)}</td>
              <td class="number">{school.uptime === null ? 'non mesurée' : formatShare(school.uptime)}</td>
              <td class="number">{school.backlog}</td>
              <td class="number">
                {school.reports} / {school.period_days}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

// The spread of the schools' links: an analyst sees at once how many are
// often cut, have not synchronised lately or have records waiting.
function ConnectivityCharts({ schools }) {
  const { uptime, sync, backlog } = useMemo(() => {
    const now = Date.now();
    const age = (school) => (school.last_sync ? now - Date.parse(school.last_sync) : null);
    return {
      uptime: distribution(schools, (school) => school.uptime, UPTIME_BANDS, NOT_MEASURED),
      sync: distribution(schools, age, SYNC_BANDS, NEVER_SYNCED),
      backlog: distribution(schools, (school) => school.backlog, BACKLOG_BANDS),
    };
  }, [schools]);
  return (
    <section aria-labelledby="spread-title">
      <h2 id="spread-title">Répartition des établissements</h2>
      <div class="side-by-side">
        <BarChart
          caption="Établissements par disponibilité du lien"
          columnLabel="Disponibilité (%)"
          valueLabel="Établissements"
          {...uptime}
        />
        <BarChart
          caption="Établissements par ancienneté de la dernière synchronisation"
          columnLabel="Dernière synchronisation"
          valueLabel="Établissements"
          {...sync}
        />
        <BarChart
          caption="Établissements par enregistrements en attente"
          columnLabel="En attente"
          valueLabel="Établissements"
          {...backlog}
        />
      </div>
    </section>
  );
}

export function ConnectivityPage({ query }) {
  const { me } = useSession();
  const period = periodOf(query);
  const department = query?.get('department') || '';
  const state = useApi('/api/v1/authority/connectivity', { ...period, department });
  return (
    <>
      <PageTitle>Connectivité des établissements</PageTitle>
      <DepartmentChoice me={me} value={department} path="/autorite/connectivite" period={period} />
      <Loaded state={state}>
        {(data) => (
          <>
            <p>
              Du {formatDay(data.from)} au {formatDay(data.to)}. La disponibilité est la part de la période où le lien
              de l'établissement avec le hub était établi, comptée depuis le premier événement connu.
            </p>
            <PeriodForm
              path="/autorite/connectivite"
              shown={{ from: period.from || data.from, to: period.to || data.to }}
              extra={{ department }}
            />
            {data.schools.length === 0 ? (
              <Empty>Aucun établissement inscrit.</Empty>
            ) : (
              <>
                <ConnectivityCharts schools={data.schools} />
                <h2>Chaque établissement</h2>
                <ConnectivityTable schools={data.schools} caption="Lien de chaque établissement" />
              </>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}

function Thresholds({ thresholds }) {
  return (
    <ul>
      <li>élèves actifs sur 7 jours sous {formatShare(thresholds.student_weekly_share)} ;</li>
      <li>professeurs actifs sur 7 jours sous {formatShare(thresholds.teacher_weekly_share)} ;</li>
      <li>lien disponible moins de {formatShare(thresholds.uptime)} du temps ;</li>
      <li>pas de synchronisation depuis plus de {thresholds.sync_age_hours} heures ;</li>
      <li>moins de {formatShare(thresholds.report_share)} des rapports quotidiens reçus.</li>
    </ul>
  );
}

const REASON_AXIS = {
  low_student_adoption: 'Élèves',
  low_teacher_adoption: 'Profs',
  poor_uptime: 'Lien',
  stale_sync: 'Synchro',
  missing_reports: 'Rapports',
};

// Why schools are flagged (how many for each reason), and whether low
// adoption goes with a poor link: each flagged school placed by its link's
// uptime and its students' weekly activity, the two thresholds dashed.
function DivideCharts({ schools, thresholds }) {
  const { reasons, points } = useMemo(() => {
    const categories = Object.keys(REASONS).map((key) => ({ key, label: REASONS[key], short: REASON_AXIS[key] }));
    const counts = categories.map((category) => schools.filter((school) => school.reasons.includes(category.key)).length);
    const placed = schools.map((school) => ({
      key: school.uai,
      label: school.name || school.uai,
      x: school.uptime,
      y: school.student_weekly_share,
    }));
    return { reasons: { categories, values: counts }, points: placed };
  }, [schools]);
  return (
    <div class="side-by-side">
      <BarChart
        caption="Établissements signalés par motif"
        columnLabel="Motif"
        valueLabel="Établissements"
        {...reasons}
      />
      <ScatterChart
        caption="Usage des élèves et disponibilité du lien des établissements signalés"
        columnLabel="Établissement"
        xLabel="Disponibilité du lien"
        yLabel="Élèves actifs (7 j)"
        format={formatShare}
        points={points}
        guides={{ x: thresholds.uptime, y: thresholds.student_weekly_share }}
      />
    </div>
  );
}

function FlaggedTable({ schools }) {
  return (
    <TableScroll label="Établissements signalés">
      <table class="figures">
        <caption>Établissements signalés</caption>
        <thead>
          <tr>
            <th scope="col">Établissement</th>
            <th scope="col">Département</th>
            <th scope="col">Motifs</th>
            <th scope="col">Élèves actifs (7 j)</th>
            <th scope="col">Professeurs actifs (7 j)</th>
            <th scope="col">Disponibilité du lien</th>
            <th scope="col">Rapports reçus</th>
          </tr>
        </thead>
        <tbody>
          {schools.map((school) => (
            <tr key={school.uai}>
              <th scope="row">{schoolLink(school)}</th>
              <td>{school.department}</td>
              <td>{school.reasons.map((reason) => REASONS[reason] || reason).join(', ')}</td>
              <td class="number">{formatShare(school.student_weekly_share)}</td>
              <td class="number">{formatShare(school.teacher_weekly_share)}</td>
              <td class="number">{school.uptime === null ? 'non mesurée' : formatShare(school.uptime)}</td>
              <td class="number">
                {school.reports} / {school.period_days}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function DividePage({ query }) {
  const { me } = useSession();
  const period = periodOf(query);
  const department = query?.get('department') || '';
  const state = useApi('/api/v1/authority/digital-divide', { ...period, department });
  return (
    <>
      <PageTitle>Fracture numérique</PageTitle>
      <DepartmentChoice me={me} value={department} path="/autorite/fracture-numerique" period={period} />
      <Loaded state={state}>
        {(data) => (
          <>
            <p>
              Du {formatDay(data.from)} au {formatDay(data.to)}, les établissements qui remplissent au moins une de ces
              conditions, les plus touchés d'abord :
            </p>
            <Thresholds thresholds={data.thresholds} />
            {data.schools.length === 0 ? (
              <Empty>Aucun établissement sous ces seuils.</Empty>
            ) : (
              <>
                <DivideCharts schools={data.schools} thresholds={data.thresholds} />
                <FlaggedTable schools={data.schools} />
              </>
            )}
          </>
        )}
      </Loaded>
    </>
  );
}
