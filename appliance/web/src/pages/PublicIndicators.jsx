// The region's public indicators, open to anyone without sign-in: one
// indicator at a time, the region's series beside a department's, from the
// hub's public routes; values withheld for too few schools say why.
import { useState } from 'preact/hooks';
import { Empty, Loaded, PageTitle, useApi } from '../ui.jsx';
import { addDays, formatDay } from '../format.js';
import { formatterFor, LineChart } from './authority/Chart.jsx';

const STATUS = {
  no_report: 'aucun rapport',
  too_few_schools: 'moins de 3 établissements',
  complementary: 'masqué (protection d\'un autre département)',
};

const DAYS_SHOWN = 90;

// Days before the region's first report are left out.
function seriesOf(label, answer, first) {
  const days = answer.days.slice(first);
  return {
    label,
    values: days.map((day) => (day.status === 'published' ? day.value : null)),
    missing: days.map((day) => STATUS[day.status] || '—'),
  };
}

function Series({ indicator, department, range }) {
  const query = { from: range.from, to: range.to };
  const path = `/api/v1/indicators/${encodeURIComponent(indicator.name)}`;
  const region = useApi(path, { ...query, scope: 'region' });
  const area = useApi(department ? path : null, { ...query, scope: 'department', department });
  if (region.error || area.error) return <Loaded state={region.error ? region : area}>{() => null}</Loaded>;
  if (!region.data || (department && !area.data)) return <Loaded state={region}>{() => null}</Loaded>;
  const first = Math.max(0, region.data.days.findIndex((day) => day.status !== 'no_report'));
  const series = [seriesOf('Région', region.data, first)];
  if (department && area.data) series.push(seriesOf(`Département ${department}`, area.data, first));
  return (
    <>
      <p>{indicator.definition}</p>
      <LineChart
        caption={`${indicator.label}, du ${formatDay(region.data.days[first].day)} au ${formatDay(range.to)}`}
        days={region.data.days.slice(first).map((day) => day.day)}
        series={series}
        format={formatterFor(indicator.unit)}
      />
    </>
  );
}

function Explorer({ catalogue }) {
  const [name, setName] = useState(catalogue.indicators[0]?.name);
  const [department, setDepartment] = useState(catalogue.departments[0] || '');
  const indicator = catalogue.indicators.find((one) => one.name === name);
  if (!catalogue.latest_day) return <Empty>Aucun rapport n'a encore été reçu.</Empty>;
  const range = { from: addDays(catalogue.latest_day, -(DAYS_SHOWN - 1)), to: catalogue.latest_day };
  return (
    <>
      <form class="chart-filters" onSubmit={(event) => event.preventDefault()} aria-label="Choix de l'indicateur">
        <div>
          <label for="indicator">Indicateur</label>
          <select id="indicator" value={name} onChange={(event) => setName(event.target.value)}>
            {catalogue.indicators.map((one) => (
              <option key={one.name} value={one.name}>
                {one.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="department">Département comparé</label>
          <select id="department" value={department} onChange={(event) => setDepartment(event.target.value)}>
            <option value="">aucun</option>
            {catalogue.departments.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </div>
      </form>
      {indicator && <Series indicator={indicator} department={department} range={range} />}
    </>
  );
}

export function PublicIndicators() {
  const catalogue = useApi('/api/v1/indicators');
  return (
    <>
      <PageTitle>Indicateurs publics de la région</PageTitle>
      <p>
        Calculés chaque jour à partir des rapports des établissements, sans aucune donnée personnelle : chaque chiffre
        compte au moins 10 personnes dans un établissement, et une zone de moins de 3 établissements n'est pas publiée.
      </p>
      <p>
        Données ouvertes : <a href="/api/v1/open-data/indicators.csv">télécharger en CSV</a> ·{' '}
        <a href="/api/v1/open-data/indicators.json">télécharger en JSON</a> (366 derniers jours).
      </p>
      <Loaded state={catalogue}>{(data) => <Explorer catalogue={data} />}</Loaded>
    </>
  );
}
