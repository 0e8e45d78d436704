// Other schools asking to make one of their accounts this person's (a teacher
// who also works there, a parent with a child there). Nothing is joined, and
// no password travels, until the person approves here. Shown on "Mon compte"
// only when there is a request.
import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { formatInstant } from '../format.js';
import { FormError, useApi } from '../ui.jsx';

const DECISIONS = { approved: 'Accepté', refused: 'Refusé' };

export function AttachRequests() {
  const state = useApi('/api/v1/me/attach-requests');
  const [error, setError] = useState(null);
  const requests = state.data?.requests ?? [];
  if (requests.length === 0) return null;
  const answer = async (id, decision) => {
    setError(null);
    try {
      await api.post(`/api/v1/me/attach-requests/${id}/decision`, { decision });
      state.reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section class="card" aria-labelledby="attach-title" data-testid="attach-requests">
      <h2 id="attach-title">Vos comptes dans d'autres établissements</h2>
      <p>
        Si vous travaillez ou avez un enfant dans l'établissement qui le demande, acceptez : vous y utiliserez le
        même identifiant et le même mot de passe qu'ici. Sinon, refusez : rien ne lui est transmis.
      </p>
      <FormError error={error} />
      <ul class="plain-list sessions">
        {requests.map((request) => (
          <li key={request.id} data-testid="attach-request">
            <span>
              {request.from_name} ({request.from_uai})
              <span class="muted"> · demandé le {formatInstant(request.requested_at)}</span>
            </span>
            {request.decision ? (
              <strong>{DECISIONS[request.decision]}</strong>
            ) : (
              <span class="actions">
                <button type="button" class="button-primary" onClick={() => answer(request.id, 'approved')}>
                  Accepter<span class="visually-hidden"> la demande de {request.from_name}</span>
                </button>{' '}
                <button type="button" class="button-secondary" onClick={() => answer(request.id, 'refused')}>
                  Refuser<span class="visually-hidden"> la demande de {request.from_name}</span>
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
