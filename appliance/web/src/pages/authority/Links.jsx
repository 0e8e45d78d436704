// Each school's link to the hub (connectivity) and the schools on the wrong
// side of the digital divide, with the thresholds that put them there.
import { Link } from '../../router.jsx';
import { useSession } from '../../session.jsx';
import { Empty, Loaded, PageTitle, TableScroll, useApi } from '../../ui.jsx';
import { formatDay } from '../../format.js';
import { formatShare } from './Chart.jsx';
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
              <ConnectivityTable schools={data.schools} caption="Lien de chaque établissement" />
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
                      {data.schools.map((school) => (
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
            )}
          </>
        )}
      </Loaded>
    </>
  );
}
