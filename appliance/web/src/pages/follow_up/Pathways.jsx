// Differentiated pathways, teacher side: for one of their classes and a
// subject, groups by need suggested from recent grades and quiz results
// (each student shown with the mean that placed them), moved by hand, kept,
// then given their own homework (the homework's chosen students). Students
// never see the groups. Also the methodological guides students browse.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { Link } from '../../router.jsx';
import { formatNumber, today, addDays } from '../../format.js';
import { hasRole, useSession } from '../../session.jsx';
import { Empty, Field, FormError, Loaded, PageTitle, SubmitButton, useApi, useForm } from '../../ui.jsx';
import { audienceLabel, pairKey, useTeaching } from '../teacher/teaching.js';
import { useSubjectNames } from '../../names.js';

function GroupHomework({ grouping, group, index }) {
  const [due, setDue] = useState(addDays(today(), 7));
  const [instructions, setInstructions] = useState('');
  const [done, setDone] = useState('');
  const form = useForm(async () => {
    await api.post('/api/v1/homework', {
      subject_id: grouping.subject_id,
      class_id: grouping.class_id,
      student_ids: group.student_ids,
      due_on: due,
      instructions,
    });
    setInstructions('');
    setDone(`Devoir donné au groupe ${group.label}.`);
  });
  return (
    <form onSubmit={form.submit}>
      <FormError error={form.formError} />
      <Field label={`Devoir pour le groupe ${group.label}`} name={`instructions-${index}`} multiline required value={instructions} onInput={(e) => setInstructions(e.currentTarget.value)} error={form.errors.instructions} />
      <Field label="Pour le" name={`due-${index}`} type="date" value={due} onInput={(e) => setDue(e.currentTarget.value)} error={form.errors.due_on} />
      <SubmitButton busy={form.busy}>Donner ce devoir au groupe</SubmitButton>
      <p role="status" class="form-status">
        {done}
      </p>
    </form>
  );
}

function Groups({ grouping, onMove }) {
  return grouping.groups.map((group, index) => (
    <section key={group.label} class="card" aria-labelledby={`group-${grouping.id || 's'}-${index}`}>
      <h3 id={`group-${grouping.id || 's'}-${index}`}>
        {group.label} ({group.members.length})
      </h3>
      {group.members.length === 0 ? (
        <Empty>Aucun élève.</Empty>
      ) : (
        <ul class="plain-list">
          {group.members.map((member) => (
            <li key={member.student_id}>
              {member.name} — {member.mean === null ? 'pas de note récente' : `moyenne ${formatNumber(member.mean)}/20`}
              {onMove && (
                <label>
                  <span class="visually-hidden">Groupe de {member.name}</span>
                  <select value={index} onChange={(e) => onMove(member, index, Number(e.currentTarget.value))}>
                    {grouping.groups.map((g, i) => (
                      <option key={g.label} value={i}>
                        {g.label}
                      </option>
                    ))}
                  </select>
                </label>
              )}
            </li>
          ))}
        </ul>
      )}
      {grouping.id && <GroupHomework grouping={grouping} group={group} index={index} />}
    </section>
  ));
}

function Suggestion({ pair, onSaved }) {
  const state = useApi('/api/v1/pathway-suggestions', { class_id: pair.class_id, subject_id: pair.subject_id });
  const [moved, setMoved] = useState(null);
  const save = useForm(async () => {
    const grouping = moved || state.data;
    await api.post('/api/v1/pathways', {
      class_id: grouping.class_id,
      subject_id: grouping.subject_id,
      title: `Groupes de besoin du ${today()}`,
      groups: grouping.groups.map((g) => ({ label: g.label, student_ids: g.members.map((m) => m.student_id) })),
    });
    onSaved();
  });
  return (
    <Loaded state={state}>
      {(suggested) => {
        const grouping = moved || suggested;
        const move = (member, from, to) => {
          const groups = grouping.groups.map((g, i) => ({
            ...g,
            members: i === from ? g.members.filter((m) => m !== member) : i === to ? [...g.members, member] : g.members,
          }));
          setMoved({ ...grouping, groups });
        };
        return (
          <>
            <p class="muted">Moyennes depuis le {suggested.from} : moins de 10, de 10 à 14, 14 et plus.</p>
            <Groups grouping={grouping} onMove={move} />
            <FormError error={save.formError} />
            <button type="button" class="button-primary" onClick={save.submit} disabled={save.busy}>
              Enregistrer ces groupes
            </button>
          </>
        );
      }}
    </Loaded>
  );
}

export function Pathways() {
  const { me } = useSession();
  const teaching = useTeaching(me);
  const subjectLabel = useSubjectNames();
  const [key, setKey] = useState('');
  const [suggesting, setSuggesting] = useState(false);
  const pairs = (teaching.data?.pairs || []).filter((p) => p.class_id);
  const pair = pairs.find((p) => pairKey(p) === key);
  const kept = useApi(pair ? '/api/v1/pathways' : null, pair ? { class_id: pair.class_id } : undefined);
  return (
    <>
      <PageTitle>Parcours différenciés</PageTitle>
      <div class="field">
        <label for="pathway-pair">Classe et matière</label>
        <select id="pathway-pair" value={key} onChange={(e) => { setKey(e.currentTarget.value); setSuggesting(false); }}>
          <option value="">— Choisir —</option>
          {pairs.map((p) => (
            <option key={pairKey(p)} value={pairKey(p)}>
              {audienceLabel(teaching.data, p)} — {subjectLabel(p.subject_id)}
            </option>
          ))}
        </select>
      </div>
      {pair && (
        <>
          <section aria-labelledby="kept-groups">
            <h2 id="kept-groups">Groupes enregistrés</h2>
            <Loaded state={kept}>
              {(page) => {
                const mine = page.items.filter((g) => g.subject_id === pair.subject_id);
                if (mine.length === 0) return <Empty>Pas encore de groupes pour cette classe et cette matière.</Empty>;
                return <Groups grouping={mine[0]} />;
              }}
            </Loaded>
          </section>
          <section aria-labelledby="suggested-groups">
            <h2 id="suggested-groups">Proposition de groupes</h2>
            {suggesting ? (
              <Suggestion pair={pair} onSaved={() => { setSuggesting(false); kept.reload(); }} />
            ) : (
              <button type="button" class="button-secondary" onClick={() => setSuggesting(true)}>
                Proposer des groupes d'après les notes et les quiz
              </button>
            )}
          </section>
        </>
      )}
    </>
  );
}

// Teachers, vie scolaire and admins place a document of a class's space
// among the guides; students see those they may read.
function NewGuide({ me, onAdded }) {
  const staff = hasRole(me, ['staff', 'admin']);
  const teaching = useTeaching(me);
  const all = useApi(staff ? '/api/v1/classes' : null);
  const [classId, setClassId] = useState('');
  const [documentId, setDocumentId] = useState('');
  const [topic, setTopic] = useState('');
  const [done, setDone] = useState('');
  const folder = useApi(classId ? `/api/v1/classes/${classId}/documents` : null);
  const classes = staff
    ? all.data?.items || []
    : [...new Set((teaching.data?.pairs || []).map((p) => p.class_id).filter(Boolean))].map(
        (id) => teaching.data.classes.get(id) || { id, label: `Classe ${id}` },
      );
  const form = useForm(async () => {
    setDone('');
    const guide = await api.post('/api/v1/guides', { document_id: Number(documentId) || null, topic });
    setTopic('');
    setDone(`« ${guide.name} » ajouté aux fiches méthode.`);
    onAdded();
  });
  return (
    <section class="card" aria-labelledby="new-guide">
      <h2 id="new-guide">Ajouter une fiche méthode</h2>
      <p class="muted">Un document de l'espace d'une classe : les élèves qui peuvent le lire le verront ici.</p>
      <form onSubmit={form.submit}>
        <FormError error={form.formError} />
        <div class="field">
          <label for="guide-class">Classe</label>
          <select id="guide-class" value={classId} onChange={(e) => { setClassId(e.currentTarget.value); setDocumentId(''); }}>
            <option value="">— Choisir —</option>
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div class={`field${form.errors.document_id ? ' field-invalid' : ''}`}>
          <label for="guide-document">Document</label>
          <select
            id="guide-document"
            value={documentId}
            onChange={(e) => setDocumentId(e.currentTarget.value)}
            aria-describedby={form.errors.document_id ? 'guide-document-error' : undefined}
          >
            <option value="">— Choisir —</option>
            {(folder.data?.documents || []).map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          {form.errors.document_id && (
            <p class="field-error" id="guide-document-error" role="alert">
              {form.errors.document_id}
            </p>
          )}
        </div>
        <Field label="Thème" name="topic" hint="Par exemple : apprendre une leçon, préparer un contrôle." value={topic} onInput={(e) => setTopic(e.currentTarget.value)} error={form.errors.topic} />
        <SubmitButton busy={form.busy}>Ajouter la fiche</SubmitButton>
        <p role="status" class="form-status">
          {done}
        </p>
      </form>
    </section>
  );
}

// Who may take a guide out of the list: who placed it, vie scolaire, admins
// (as the API decides).
function mayRemove(me, guide) {
  return guide.added_by === me.id || hasRole(me, ['staff', 'admin']);
}

// "Retirer", then a confirmation in place (the document itself stays).
function GuideRemoval({ guide, onRemoved }) {
  const [asking, setAsking] = useState(false);
  const confirmButton = useRef(null);
  useEffect(() => {
    if (asking) confirmButton.current?.focus();
  }, [asking]);
  const remove = useForm(async () => {
    await api.del(`/api/v1/guides/${guide.document_id}`);
    onRemoved(guide);
  });
  if (!asking) {
    return (
      <button type="button" class="button-quiet" onClick={() => setAsking(true)}>
        Retirer<span class="visually-hidden"> la fiche « {guide.topic} »</span>
      </button>
    );
  }
  return (
    <div class="guide-removal" role="group" aria-label={`Retirer la fiche « ${guide.topic} »`}>
      <FormError error={remove.formError} />
      <p>Retirer « {guide.topic} » des fiches méthode ? Le document reste dans l'espace documentaire.</p>
      <div class="actions">
        <button type="button" class="button-danger" ref={confirmButton} onClick={remove.submit} disabled={remove.busy}>
          Confirmer le retrait
        </button>
        <button type="button" class="button-quiet" onClick={() => setAsking(false)}>
          Garder
        </button>
      </div>
    </div>
  );
}

export function Guides() {
  const { me } = useSession();
  const state = useApi('/api/v1/guides');
  const [removed, setRemoved] = useState('');
  const onRemoved = (guide) => {
    setRemoved(`« ${guide.topic} » retiré des fiches méthode.`);
    state.reload();
  };
  return (
    <>
      <PageTitle>Fiches méthode</PageTitle>
      <p role="status" class="form-status">
        {removed}
      </p>
      <Loaded state={state}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>Aucune fiche méthode pour le moment.</Empty>
          ) : (
            <ul class="plain-list">
              {page.items.map((guide) => (
                <li key={guide.document_id}>
                  <strong>{guide.topic}</strong> — <Link href={`/documents/fichiers/${guide.document_id}`}>{guide.name}</Link>
                  {mayRemove(me, guide) && <GuideRemoval guide={guide} onRemoved={onRemoved} />}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {hasRole(me, ['teacher', 'staff', 'admin']) && <NewGuide me={me} onAdded={state.reload} />}
    </>
  );
}
