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
import { RegionPage, DepartmentPage, SchoolPage } from './pages/authority/Dashboards.jsx';
import { ConnectivityPage, DividePage } from './pages/authority/Links.jsx';
import { AuthorityAccounts } from './pages/authority/Accounts.jsx';
import { PublicIndicators } from './pages/PublicIndicators.jsx';
import { TeacherQuizList, TeacherQuizDetail } from './pages/quizzes/TeacherQuizzes.jsx';
import { NewQuiz, EditQuiz } from './pages/quizzes/QuizEditor.jsx';
import { FamilyQuizList, FamilyQuiz } from './pages/quizzes/FamilyQuizzes.jsx';
import { FollowUp } from './pages/follow_up/FollowUp.jsx';
import { PlanPage } from './pages/follow_up/PlanPage.jsx';
import { Pathways, Guides } from './pages/follow_up/Pathways.jsx';
import { Alerts, StudentAlerts } from './pages/follow_up/Alerts.jsx';

const FAMILY = ['student', 'parent'];
const TEACHER = ['teacher'];
const STAFF = ['staff', 'admin'];
const ADMIN = ['admin'];
// The regional authority's accounts at the hub (session.jsx gives them these).
const AUTHORITY = ['authority:regional_admin', 'authority:analyst', 'authority:department_viewer'];
const AUTHORITY_ADMIN = ['authority:regional_admin'];

export const routes = [
  { path: '/', title: 'Accueil', nav: 'Accueil', page: Dashboard },
  { path: '/emploi-du-temps', title: 'Emploi du temps', nav: 'Emploi du temps', page: Timetable, roles: FAMILY },
  { path: '/devoirs', title: 'Devoirs', nav: 'Devoirs', page: HomeworkList, roles: FAMILY },
  { path: '/devoirs/:id', title: 'Devoir', page: HomeworkDetail, roles: FAMILY },
  { path: '/notes', title: 'Notes', nav: 'Notes', page: Grades, roles: FAMILY },
  { path: '/absences', title: 'Absences', nav: 'Absences', page: Attendance, roles: FAMILY },
  { path: '/quiz', title: 'Quiz', nav: 'Quiz', page: FamilyQuizList, roles: FAMILY },
  { path: '/quiz/:id', title: 'Quiz', page: FamilyQuiz, roles: FAMILY },
  { path: '/appel', title: 'Appel', nav: 'Appel', page: RollCall, roles: [...TEACHER, ...STAFF] },
  { path: '/cahier-de-textes', title: 'Cahier de textes', nav: 'Cahier de textes', page: LessonRecordWeek, roles: TEACHER },
  { path: '/cahier-de-textes/:lesson/:date', title: 'Séance', page: LessonRecordPage, roles: TEACHER },
  { path: '/devoirs-donnes', title: 'Devoirs donnés', nav: 'Devoirs donnés', page: TeacherHomeworkList, roles: TEACHER },
  { path: '/devoirs-donnes/nouveau', title: 'Donner un devoir', page: NewHomework, roles: TEACHER },
  { path: '/devoirs-donnes/:id', title: 'Devoir donné', page: TeacherHomeworkDetail, roles: TEACHER },
  { path: '/devoirs-donnes/:id/modifier', title: 'Modifier le devoir', page: EditHomework, roles: TEACHER },
  { path: '/evaluations', title: 'Évaluations', nav: 'Évaluations', page: EvaluationList, roles: TEACHER },
  { path: '/evaluations/:id', title: 'Saisie des notes', page: EvaluationGrid, roles: TEACHER },
  { path: '/quiz-donnes', title: 'Quiz donnés', nav: 'Quiz donnés', page: TeacherQuizList, roles: TEACHER },
  { path: '/quiz-donnes/nouveau', title: 'Nouveau quiz', page: NewQuiz, roles: TEACHER },
  { path: '/quiz-donnes/:id', title: 'Quiz', page: TeacherQuizDetail, roles: TEACHER },
  { path: '/quiz-donnes/:id/modifier', title: 'Modifier le quiz', page: EditQuiz, roles: TEACHER },
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
  { path: '/alertes', title: 'Alertes', nav: 'Alertes', page: Alerts, roles: [...TEACHER, ...STAFF] },
  { path: '/alertes/eleves/:id', title: 'Historique des alertes', page: StudentAlerts, roles: [...TEACHER, ...STAFF] },
  { path: '/fiches-methode', title: 'Fiches méthode', nav: 'Fiches méthode', page: Guides },
  { path: '/notifications', title: 'Notifications', nav: 'Notifications', page: Notifications },
  { path: '/profil', title: 'Mon compte', nav: 'Mon compte', page: Profile },
  { path: '/autorite', title: 'Tableau de bord régional', nav: 'Tableau de bord', page: RegionPage, roles: AUTHORITY },
  { path: '/autorite/departements/:code', title: 'Département', page: DepartmentPage, roles: AUTHORITY },
  { path: '/autorite/etablissements/:uai', title: 'Établissement', page: SchoolPage, roles: AUTHORITY },
  { path: '/autorite/connectivite', title: 'Connectivité', nav: 'Connectivité', page: ConnectivityPage, roles: AUTHORITY },
  { path: '/autorite/fracture-numerique', title: 'Fracture numérique', nav: 'Fracture numérique', page: DividePage, roles: AUTHORITY },
  { path: '/autorite/comptes', title: 'Comptes de l\'autorité', nav: 'Comptes de l\'autorité', page: AuthorityAccounts, roles: AUTHORITY_ADMIN },
  // Open to anyone, signed in or not (App.jsx shows it without the sign-in page).
  { path: '/indicateurs', title: 'Indicateurs publics', page: PublicIndicators, public: true },
];

export const notFoundRoute = { path: '*', title: 'Page introuvable', page: NotFound };
