// The route table: one entry per page. `nav` is the label in the main
// navigation (absent: not listed); `roles` limits who may open the page
// (absent: everyone signed in). The first match wins: put literal paths
// before parameterised ones ("/devoirs/nouveau" before "/devoirs/:id").
import { Dashboard } from './pages/Dashboard.jsx';
import { Timetable } from './pages/Timetable.jsx';
import { HomeworkList, HomeworkDetail } from './pages/Homework.jsx';
import { Grades } from './pages/Grades.jsx';
import { Attendance } from './pages/Attendance.jsx';
import { Notifications } from './pages/Notifications.jsx';
import { Profile } from './pages/Profile.jsx';
import { NotFound } from './pages/NotFound.jsx';

const FAMILY = ['student', 'parent'];

export const routes = [
  { path: '/', title: 'Accueil', nav: 'Accueil', page: Dashboard },
  { path: '/emploi-du-temps', title: 'Emploi du temps', nav: 'Emploi du temps', page: Timetable, roles: FAMILY },
  { path: '/devoirs', title: 'Devoirs', nav: 'Devoirs', page: HomeworkList, roles: FAMILY },
  { path: '/devoirs/:id', title: 'Devoir', page: HomeworkDetail, roles: FAMILY },
  { path: '/notes', title: 'Notes', nav: 'Notes', page: Grades, roles: FAMILY },
  { path: '/absences', title: 'Absences', nav: 'Absences', page: Attendance, roles: FAMILY },
  { path: '/notifications', title: 'Notifications', nav: 'Notifications', page: Notifications },
  { path: '/profil', title: 'Mon compte', nav: 'Mon compte', page: Profile },
];

export const notFoundRoute = { path: '*', title: 'Page introuvable', page: NotFound };
