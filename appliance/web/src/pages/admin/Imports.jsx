// Directory imports: a SIECLE, STS-Web or CSV file is previewed (what would
// change, every problem with its place in the file), then applied; and the
// printable login sheets of a class.
import { useState } from 'preact/hooks';
import { api } from '../../api.js';
import { Empty, FormError, PageTitle, TableScroll, useApi, useForm } from '../../ui.jsx';

const FORMATS = {
  'siecle-eleves': 'SIECLE — élèves (ElevesSansAdresses)',
  'siecle-responsables': 'SIECLE — responsables (ResponsablesAvecAdresses)',
  sts: 'STS-Web — emploi du temps et services',
  'csv-eleves': 'CSV — élèves',
  'csv-responsables': 'CSV — responsables',
  'csv-personnels': 'CSV — personnels',
  'csv-emploi-du-temps': 'CSV — emploi du temps',
};
const KINDS = { create: 'Créations', update: 'Mises à jour', leave: 'Départs', comeback: 'Retours', remove: 'Suppressions', archive: 'Archivages' };

async function send(step, format, file) {
  const body = new Blob([file], { type: 'application/octet-stream' });
  try {
    return await api.upload(`/api/v1/imports/${format}/${step}?name=${encodeURIComponent(file.name)}`, body);
  } catch (error) {
    if (error.status === 422 && error.body?.problems) return error.body; // the report of a refused file
    throw error;
  }
}

function Problems({ title, items, kind }) {
  if (!items.length) return null;
  return (
    <section aria-labelledby={`report-${kind}`}>
      <h3 id={`report-${kind}`}>{title} ({items.length})</h3>
      <ul class={`plain-list report-${kind}`}>
        {items.map((p, i) => (
          <li key={i}>
            <span class="muted">{[p.file, p.where].filter(Boolean).join(', ')} : </span>
            <span class="user-text">{p.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Report({ report }) {
  const summary = Object.entries(report.summary || {});
  const byKind = {};
  for (const change of report.changes || []) (byKind[change.kind] ||= []).push(change);
  return (
    <section class="card" aria-labelledby="report-title">
      <h2 id="report-title">{report.applied ? 'Import appliqué' : report.problems.length ? 'Fichier refusé' : 'Aperçu'}</h2>
      {report.problems.length > 0 ? (
        <p class="banner banner-error">
          {report.problems.length} problème(s) : rien {report.applied ? "n'a été" : 'ne serait'} appliqué. Corrigez le fichier.
        </p>
      ) : (
        !report.applied && <p class="banner banner-info">Rien n'est encore écrit. Vérifiez puis appliquez.</p>
      )}
      {summary.length > 0 ? (
        <TableScroll label="Résumé">
          <table>
            <caption>Résumé</caption>
            <thead><tr><th scope="col">Changement</th><th scope="col">Nombre</th></tr></thead>
            <tbody>
              {summary.map(([key, count]) => (
                <tr key={key}><th scope="row">{key}</th><td class="number">{count}</td></tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      ) : (
        <Empty>Aucun changement.</Empty>
      )}
      <Problems title="Problèmes" items={report.problems} kind="problems" />
      <Problems title="Avertissements" items={report.warnings} kind="warnings" />
      {Object.entries(byKind).map(([kind, changes]) => (
        <details key={kind}>
          <summary>{KINDS[kind] || kind} ({changes.length})</summary>
          <ul class="plain-list">
            {changes.slice(0, 500).map((c, i) => (
              <li key={i}>{c.entity} — <span class="user-text">{c.description}</span></li>
            ))}
          </ul>
        </details>
      ))}
    </section>
  );
}

function LoginSheets() {
  const classes = useApi('/api/v1/classes');
  const [classId, setClassId] = useState('');
  const [audience, setAudience] = useState('students');
  const [done, setDone] = useState('');
  const form = useForm(async () => {
    const html = await api.post(`/api/v1/classes/${classId}/login-sheets`, { audience });
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `fiches-${audience === 'students' ? 'eleves' : 'responsables'}-${classId}.html`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setDone('Fiches téléchargées : ouvrez le fichier pour les imprimer.');
  });
  return (
    <section class="card" aria-labelledby="sheets-title">
      <h2 id="sheets-title">Fiches de connexion</h2>
      <p class="hint">Les comptes pas encore activés reçoivent un nouveau mot de passe provisoire, imprimé sur leur fiche.</p>
      <form onSubmit={form.submit}>
        <FormError error={form.formError} />
        <div class="field-row">
          <div class="field">
            <label for="sheet-class">Classe</label>
            <select id="sheet-class" required value={classId} onChange={(e) => setClassId(e.currentTarget.value)}>
              <option value="">— Choisir —</option>
              {(classes.data?.items || []).map((c) => <option key={c.id} value={c.id}>{c.label}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="sheet-audience">Pour</label>
            <select id="sheet-audience" value={audience} onChange={(e) => setAudience(e.currentTarget.value)}>
              <option value="students">les élèves</option>
              <option value="parents">les responsables</option>
            </select>
          </div>
        </div>
        <button type="submit" class="button-secondary" disabled={form.busy}>Télécharger les fiches</button>
        <p role="status" class="form-status">{done}</p>
      </form>
    </section>
  );
}

export function Imports() {
  const [format, setFormat] = useState('siecle-eleves');
  const [file, setFile] = useState(null);
  const [report, setReport] = useState(null);
  const preview = useForm(async () => {
    setReport(null);
    setReport(await send('preview', format, file));
  });
  const apply = useForm(async () => {
    setReport(await send('apply', format, file));
  });
  const canApply = report && !report.applied && report.problems.length === 0;
  return (
    <>
      <PageTitle>Imports</PageTitle>
      <section class="card" aria-labelledby="import-title">
        <h2 id="import-title">Importer un fichier</h2>
        <form onSubmit={preview.submit}>
          <FormError error={preview.formError || apply.formError} />
          <div class="field">
            <label for="import-format">Type de fichier</label>
            <select id="import-format" value={format} onChange={(e) => { setReport(null); setFormat(e.currentTarget.value); }}>
              {Object.entries(FORMATS).map(([code, label]) => <option key={code} value={code}>{label}</option>)}
            </select>
          </div>
          <div class="field">
            <label for="import-file">Fichier (XML, CSV ou ZIP)</label>
            <input id="import-file" type="file" required accept=".xml,.csv,.zip,.txt"
              onChange={(e) => { setReport(null); setFile(e.currentTarget.files[0] || null); }} />
          </div>
          <div class="actions">
            <button type="submit" class="button-primary" disabled={!file || preview.busy}>Prévisualiser</button>
            {canApply && (
              <button type="button" class="button-primary" onClick={apply.submit} disabled={apply.busy}>
                Appliquer l'import
              </button>
            )}
          </div>
        </form>
      </section>
      <div aria-live="polite">{report && <Report report={report} />}</div>
      <LoginSheets />
    </>
  );
}

