// The student's (or child's) follow-up on the dashboard: open plans and the
// latest recommendations teachers wrote to them. Hidden when there is neither.
import { Link } from '../../router.jsx';
import { formatDay } from '../../format.js';
import { personLabel } from '../../names.js';
import { RecommendationList } from '../follow_up/FollowUp.jsx';

export function FollowUpSummary({ followUp }) {
  const plans = followUp.open_plans || [];
  const advice = followUp.recommendations || [];
  if (plans.length === 0 && advice.length === 0) return null;
  return (
    <section class="card" aria-labelledby="dash-follow-up">
      <h3 id="dash-follow-up">Accompagnement et recommandations</h3>
      {plans.length > 0 && (
        <ul class="plain-list">
          {plans.map((plan) => (
            <li key={plan.id}>
              <Link href={`/suivi/plans/${plan.id}`}>{plan.title}</Link>
              {plan.review_on && <span class="muted"> — bilan le {formatDay(plan.review_on)}</span>}
            </li>
          ))}
        </ul>
      )}
      {advice.length > 0 && (
        <RecommendationList items={advice} nameOf={(item) => personLabel(item.author_id)} />
      )}
      <p>
        <Link href="/suivi">Tout le suivi</Link>
      </p>
    </section>
  );
}
