// Notifications carry a link to the API resource they are about
// ("/homework/12"); this table turns it into the client's page. Add a row
// per kind of resource a page shows.
export const noticeLinks = [
  [/^\/homework\/(\d+)$/, (m) => `/devoirs/${m[1]}`],
  [/^\/grades(\?.*)?$/, () => '/notes'],
  [/^\/attendance\/students\/\d+$/, () => '/absences'],
  [/^\/timetable/, () => '/emploi-du-temps'],
  [/^\/quizzes\/(\d+)$/, (m) => `/quiz/${m[1]}`],
  [/^\/suivi\/plans\/(\d+)$/, (m) => `/suivi/plans/${m[1]}`],
];

export function pageForLink(link) {
  if (!link) return null;
  for (const [pattern, page] of noticeLinks) {
    const match = link.match(pattern);
    if (match) return page(match);
  }
  return null;
}
