// A lesson as the timetable and the dashboard show it, with its changes
// (cancelled, moved, substitute) spelled out rather than only coloured.
import { personLabel, subjectLabel } from '../names.js';
import { formatShortDay } from '../format.js';

export function lessonChanges(lesson) {
  const changes = [];
  if (lesson.cancelled) changes.push('Annulé');
  if (lesson.moved_from) changes.push(`Déplacé (prévu le ${formatShortDay(lesson.moved_from.date || lesson.moved_from)})`);
  if (lesson.substitute_id) {
    const name = personLabel(lesson.substitute_id);
    changes.push(name ? `Remplacé par ${name}` : 'Remplacement');
  }
  for (const note of lesson.notes || []) changes.push(typeof note === 'string' ? note : note.text);
  return changes.filter(Boolean);
}

export function LessonItem({ lesson }) {
  const changes = lessonChanges(lesson);
  const teachers = (lesson.teacher_ids || []).map(personLabel).filter(Boolean).join(', ');
  return (
    <li class={`lesson${changes.length ? ' lesson-changed' : ''}${lesson.cancelled ? ' lesson-cancelled' : ''}`}>
      <span class="lesson-time">
        {lesson.starts_at}–{lesson.ends_at}
      </span>
      <span class="lesson-subject">{subjectLabel(lesson.subject_id)}</span>
      <span class="lesson-detail">
        {[lesson.room && `salle ${lesson.room}`, teachers].filter(Boolean).join(' · ')}
      </span>
      {changes.length > 0 && <strong class="lesson-change">{changes.join(' · ')}</strong>}
    </li>
  );
}

export function LessonList({ lessons, empty = 'Pas de cours.' }) {
  if (!lessons || lessons.length === 0) return <p class="empty">{empty}</p>;
  return (
    <ul class="lessons">
      {lessons.map((lesson) => (
        <LessonItem key={`${lesson.lesson_id}-${lesson.date}`} lesson={lesson} />
      ))}
    </ul>
  );
}
