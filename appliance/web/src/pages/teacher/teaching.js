// What a teacher teaches, for the teacher's screens: their recurring lessons
// (subject × class or group) and the labels of classes and groups. Fetched
// once per session and shared by every page that needs it.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api.js';
import { today } from '../../format.js';

let loading = null;

async function loadTeaching(teacherId) {
  const [lessons, classes, groups] = await Promise.all([
    api.get('/api/v1/timetable/lessons', { query: { teacher_id: teacherId } }),
    api.get('/api/v1/classes'),
    api.get('/api/v1/groups'),
  ]);
  const now = today();
  const current = lessons.items.filter((l) => l.valid_from <= now && now <= l.valid_until);
  const seen = new Map();
  for (const lesson of current.length ? current : lessons.items) {
    const key = `${lesson.subject_id}:${lesson.class_id || ''}:${lesson.group_id || ''}`;
    if (!seen.has(key)) {
      seen.set(key, { subject_id: lesson.subject_id, class_id: lesson.class_id, group_id: lesson.group_id });
    }
  }
  return {
    lessons: lessons.items,
    pairs: [...seen.values()],
    classes: new Map(classes.items.map((c) => [c.id, c])),
    groups: new Map(groups.items.map((g) => [g.id, g])),
  };
}

// { loading, error, data: { lessons, pairs, classes, groups } }
export function useTeaching(me) {
  const [state, setState] = useState({ loading: true, data: null, error: null });
  useEffect(() => {
    if (!loading || loading.teacherId !== me.id) {
      loading = { teacherId: me.id, promise: loadTeaching(me.id) };
    }
    const mine = loading;
    mine.promise
      .then((data) => setState({ loading: false, data, error: null }))
      .catch((error) => {
        if (loading === mine) loading = null;
        setState({ loading: false, data: null, error });
      });
  }, [me.id]);
  return state;
}

// "6e A" for a class id, the group's label for a group id.
export function audienceLabel(teaching, { class_id: classId, group_id: groupId }) {
  if (!teaching) return '';
  if (classId) return teaching.classes.get(classId)?.label || `Classe ${classId}`;
  if (groupId) return teaching.groups.get(groupId)?.label || `Groupe ${groupId}`;
  return '';
}

export function pairKey(pair) {
  return `${pair.subject_id}:${pair.class_id || ''}:${pair.group_id || ''}`;
}

export function mondayOf(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(y, m - 1, d);
  date.setDate(date.getDate() - ((date.getDay() + 6) % 7));
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function nowTime() {
  const now = new Date();
  return `${String(now.getHours()).padStart(2, '0')}:${String(now.getMinutes()).padStart(2, '0')}`;
}
