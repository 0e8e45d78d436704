// The other schools where the person has an account (a teacher of two
// schools, a parent with a child in each): same login and password, one link
// each. Nothing shows for people of one school.
import { useApi } from '../../ui.jsx';

export function OtherSchools() {
  const state = useApi('/api/v1/me/other-schools');
  const schools = state.data?.schools ?? [];
  if (schools.length === 0) return null;
  return (
    <section class="card" aria-labelledby="dash-other-schools" data-testid="other-schools">
      <h2 id="dash-other-schools">Vos autres établissements</h2>
      <p>Même identifiant et même mot de passe qu'ici.</p>
      <ul class="plain-list">
        {schools.map((school) => (
          <li key={school.uai}>
            {school.url ? (
              <a href={school.url} rel="noopener">
                {school.name}
              </a>
            ) : (
              school.name
            )}{' '}
            <span class="muted">({school.uai})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
