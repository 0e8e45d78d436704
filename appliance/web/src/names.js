// Names behind the ids the API returns: subjects for everyone (fetched
// once), people, classes and groups as the dashboard reports them.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

const people = new Map();
const subjects = new Map();
const classes = new Map();
const groups = new Map();
let subjectsLoaded = null;

// Keeps the `names` object of a dashboard answer ({people, subjects, ...}).
export function rememberNames(names) {
  if (!names) return;
  for (const [id, name] of Object.entries(names.people || {})) people.set(Number(id), name);
  for (const [id, name] of Object.entries(names.subjects || {})) subjects.set(Number(id), name);
  for (const [id, name] of Object.entries(names.classes || {})) classes.set(Number(id), name);
  for (const [id, name] of Object.entries(names.groups || {})) groups.set(Number(id), name);
}

export const personLabel = (id) => people.get(id) || '';
export const subjectLabel = (id) => subjects.get(id) || 'Matière';

// "6e A" for a lesson's or a homework's class, the label of its group.
export function audienceLabel({ class_id: classId, group_id: groupId }) {
  if (classId) return classes.get(classId) || '';
  if (groupId) return groups.get(groupId) || '';
  return '';
}

// Re-renders once the subject list is known.
export function useSubjectNames() {
  const [, setLoaded] = useState(subjects.size > 0);
  useEffect(() => {
    if (!subjectsLoaded) {
      subjectsLoaded = api
        .get('/api/v1/subjects')
        .then((page) => page.items.forEach((s) => subjects.set(s.id, s.label)))
        .catch(() => {
          subjectsLoaded = null;
        });
    }
    subjectsLoaded?.then(() => setLoaded(true));
  }, []);
  return subjectLabel;
}
