// The recipients picker: people found by name among those the school's
// policy lets the caller write to, and for teachers, staff and admins whole
// groups (a class's parents, students or teachers). Chosen ones are chips.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { useSession } from '../../session.jsx';
import { useApi } from '../../ui.jsx';

export const GROUP_KINDS = {
  class_parents: 'Parents de la classe',
  class_students: 'Élèves de la classe',
  class_teachers: 'Professeurs de la classe',
};

export function recipientLabel(recipient, classes) {
  if (recipient.kind === 'person') return recipient.name;
  const label = classes.get(recipient.class_id)?.label || `classe ${recipient.class_id}`;
  return `${GROUP_KINDS[recipient.kind]} ${label}`;
}

export function recipientKey(r) {
  return r.kind === 'person' ? `p${r.user_id}` : `${r.kind}:${r.class_id}`;
}

// The API's form of a chosen recipient.
export function recipientValue(r) {
  return r.kind === 'person' ? r.user_id : { kind: r.kind, class_id: r.class_id };
}

function useSearch(text) {
  const [found, setFound] = useState({ items: [], error: null, searched: '' });
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setFound({ items: [], error: null, searched: '' });
      return undefined;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api
        .get('/api/v1/messaging/recipients', { query: { q, limit: 10 }, signal: controller.signal })
        .then((page) => setFound({ items: page.items, error: null, searched: q }))
        .catch((error) => error.name !== 'AbortError' && setFound({ items: [], error, searched: q }));
    }, 250);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text]);
  return found;
}

function GroupPicker({ classes, onAdd }) {
  const [classId, setClassId] = useState('');
  const [kind, setKind] = useState('class_parents');
  return (
    <fieldset class="group-picker">
      <legend>Ou toute une classe</legend>
      <div class="field-row">
        <div class="field">
          <label for="group-kind">Qui</label>
          <select id="group-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
            {Object.entries(GROUP_KINDS).map(([code, label]) => (
              <option key={code} value={code}>{label}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="group-class">Classe</label>
          <select id="group-class" value={classId} onChange={(e) => setClassId(e.currentTarget.value)}>
            <option value="">— Choisir —</option>
            {[...classes.values()].map((c) => (
              <option key={c.id} value={c.id}>{c.label}</option>
            ))}
          </select>
        </div>
      </div>
      <button type="button" class="button-secondary" disabled={!classId}
        onClick={() => onAdd({ kind, class_id: Number(classId) })}>
        Ajouter ce groupe
      </button>
    </fieldset>
  );
}

export function RecipientsPicker({ chosen, onChange, error }) {
  const { me } = useSession();
  const [text, setText] = useState('');
  const found = useSearch(text);
  const mayGroup = me.roles.some((r) => ['teacher', 'staff', 'admin'].includes(r));
  const classPage = useApi(mayGroup ? '/api/v1/classes' : null);
  const classes = new Map((classPage.data?.items || []).map((c) => [c.id, c]));
  const add = (recipient) => {
    if (!chosen.some((r) => recipientKey(r) === recipientKey(recipient))) onChange([...chosen, recipient]);
  };
  const remove = (recipient) => onChange(chosen.filter((r) => recipientKey(r) !== recipientKey(recipient)));
  return (
    <div class={`field recipients${error ? ' field-invalid' : ''}`}>
      <span class="label" id="recipients-label">Destinataires</span>
      {chosen.length > 0 ? (
        <ul class="chips" aria-labelledby="recipients-label">
          {chosen.map((r) => (
            <li key={recipientKey(r)}>
              <span class="chip chip-static">
                {recipientLabel(r, classes)}
                <button type="button" class="chip-remove" onClick={() => remove(r)}>
                  <span aria-hidden="true">×</span>
                  <span class="visually-hidden">Retirer {recipientLabel(r, classes)}</span>
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="hint">Aucun destinataire choisi.</p>
      )}
      {error && <p class="field-error" role="alert">{error}</p>}
      <label for="recipient-search">Chercher une personne</label>
      <input id="recipient-search" type="search" autoComplete="off" value={text}
        aria-describedby="recipient-search-hint"
        onInput={(e) => setText(e.currentTarget.value)} />
      <p class="hint" id="recipient-search-hint">Tapez au moins deux lettres du nom ou de l'identifiant.</p>
      <div aria-live="polite">
        {found.error && <p class="field-error">{found.error.message}</p>}
        {found.searched && found.items.length === 0 && !found.error && (
          <p class="muted">Personne trouvée pour « {found.searched} » à qui vous pouvez écrire.</p>
        )}
        {found.items.length > 0 && (
          <ul class="plain-list found-people" aria-label="Personnes trouvées">
            {found.items.map((person) => (
              <li key={person.id}>
                <button type="button" class="button-quiet"
                  onClick={() => { add({ kind: 'person', user_id: person.id, name: person.name }); setText(''); }}>
                  Ajouter {person.name}
                </button>{' '}
                <span class="muted">{person.roles.map(roleLabel).join(', ')}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {mayGroup && classes.size > 0 && <GroupPicker classes={classes} onAdd={add} />}
    </div>
  );
}

const ROLE = { student: 'élève', parent: 'responsable', teacher: 'professeur', staff: 'vie scolaire', admin: 'administration' };
function roleLabel(role) {
  return ROLE[role] || role;
}
