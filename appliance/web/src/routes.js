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
import { RollCall } from './pages/teacher/RollCall.jsx';
import { LessonRecordWeek, LessonRecordPage } from './pages/teacher/LessonRecord.jsx';
import {
  TeacherHomeworkList,
  NewHomework,
  EditHomework,
  TeacherHomeworkDetail,
} from './pages/teacher/HomeworkSet.jsx';
import { EvaluationList, EvaluationGrid } from './pages/teacher/Evaluations.jsx';
import { SchoolLife, StudentFollowUp } from './pages/staff/SchoolLife.jsx';
import { Users, UserDetail } from './pages/admin/Users.jsx';
import { Imports } from './pages/admin/Imports.jsx';
import { Settings } from './pages/admin/Settings.jsx';
import { Federation } from './pages/admin/Federation.jsx';
import { Conversations, NewMessage, Conversation } from './pages/comm/Messages.jsx';
import { Announcements, NewAnnouncement, AnnouncementDetail } from './pages/comm/Announcements.jsx';
import { MyDocuments, ClassDocuments, DocumentFolder, DocumentPage } from './pages/comm/Documents.jsx';
import { HelpDesk, Ticket } from './pages/comm/HelpDesk.jsx';
import { FollowUp } from './pages/follow_up/FollowUp.jsx';
import { PlanPage } from './pages/follow_up/PlanPage.jsx';
import { Pathways, Guides } from './pages/follow_up/Pathways.jsx';

const FAMILY = ['student', 'parent'];
const TEACHER = ['teacher'];
const STAFF = ['staff', 'admin'];
const ADMIN = ['admin'];

export const routes = [
  { path: '/', title: 'Accueil', nav: 'Accueil', page: Dashboard },
  { path: '/emploi-du-temps', title: 'Emploi du temps', nav: 'Emploi du temps', page: Timetable, roles: FAMILY },
  { path: '/devoirs', title: 'Devoirs', nav: 'Devoirs', page: HomeworkList, roles: FAMILY },
  { path: '/devoirs/:id', title: 'Devoir', page: HomeworkDetail, roles: FAMILY },
  { path: '/notes', title: 'Notes', nav: 'Notes', page: Grades, roles: FAMILY },
  { path: '/absences', title: 'Absences', nav: 'Absences', page: Attendance, roles: FAMILY },
  { path: '/appel', title: 'Appel', nav: 'Appel', page: RollCall, roles: [...TEACHER, ...STAFF] },
  { path: '/cahier-de-textes', title: 'Cahier de textes', nav: 'Cahier de textes', page: LessonRecordWeek, roles: TEACHER },
  { path: '/cahier-de-textes/:lesson/:date', title: 'Séance', page: LessonRecordPage, roles: TEACHER },
  { path: '/devoirs-donnes', title: 'Devoirs donnés', nav: 'Devoirs donnés', page: TeacherHomeworkList, roles: TEACHER },
  { path: '/devoirs-donnes/nouveau', title: 'Donner un devoir', page: NewHomework, roles: TEACHER },
  { path: '/devoirs-donnes/:id', title: 'Devoir donné', page: TeacherHomeworkDetail, roles: TEACHER },
  { path: '/devoirs-donnes/:id/modifier', title: 'Modifier le devoir', page: EditHomework, roles: TEACHER },
  { path: '/evaluations', title: 'Évaluations', nav: 'Évaluations', page: EvaluationList, roles: TEACHER },
  { path: '/evaluations/:id', title: 'Saisie des notes', page: EvaluationGrid, roles: TEACHER },
  { path: '/vie-scolaire', title: 'Vie scolaire', nav: 'Vie scolaire', page: SchoolLife, roles: STAFF },
  { path: '/vie-scolaire/eleves/:id', title: 'Absences d\'un élève', page: StudentFollowUp, roles: STAFF },
  { path: '/messages', title: 'Messagerie', nav: 'Messagerie', page: Conversations },
  { path: '/messages/nouveau', title: 'Nouveau message', page: NewMessage },
  { path: '/messages/:id', title: 'Conversation', page: Conversation },
  { path: '/actualites', title: 'Actualités', nav: 'Actualités', page: Announcements },
  { path: '/actualites/nouvelle', title: 'Publier une actualité', page: NewAnnouncement, roles: [...TEACHER, ...STAFF] },
  { path: '/actualites/:id', title: 'Actualité', page: AnnouncementDetail },
  { path: '/documents', title: 'Mes documents', nav: 'Documents', page: MyDocuments },
  { path: '/documents/classes/:id', title: 'Documents de la classe', page: ClassDocuments },
  { path: '/documents/dossiers/:id', title: 'Dossier', page: DocumentFolder },
  { path: '/documents/fichiers/:id', title: 'Document', page: DocumentPage },
  { path: '/assistance', title: 'Assistance', nav: 'Assistance', page: HelpDesk },
  { path: '/assistance/:id', title: 'Demande d\'assistance', page: Ticket },
  { path: '/admin/comptes', title: 'Comptes', nav: 'Comptes', page: Users, roles: ADMIN },
  { path: '/admin/comptes/:id', title: 'Compte', page: UserDetail, roles: ADMIN },
  { path: '/admin/imports', title: 'Imports', nav: 'Imports', page: Imports, roles: ADMIN },
  { path: '/admin/parametres', title: 'Paramètres', nav: 'Paramètres', page: Settings, roles: ADMIN },
  { path: '/admin/federation', title: 'Fédération', nav: 'Fédération', page: Federation, roles: ADMIN },
  { path: '/suivi', title: 'Suivi des élèves', nav: 'Suivi', page: FollowUp },
  { path: '/suivi/plans/:id', title: 'Plan d\'accompagnement', page: PlanPage },
  { path: '/parcours', title: 'Parcours différenciés', nav: 'Parcours', page: Pathways, roles: TEACHER },
  { path: '/fiches-methode', title: 'Fiches méthode', nav: 'Fiches méthode', page: Guides },
  { path: '/notifications', title: 'Notifications', nav: 'Notifications', page: Notifications },
  { path: '/profil', title: 'Mon compte', nav: 'Mon compte', page: Profile },
];

export const notFoundRoute = { path: '*', title: 'Page introuvable', page: NotFound };
