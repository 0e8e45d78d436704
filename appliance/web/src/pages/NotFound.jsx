import { Link } from '../router.jsx';
import { PageTitle } from '../ui.jsx';

export function NotFound() {
  return (
    <>
      <PageTitle>Page introuvable</PageTitle>
      <p>Cette adresse ne correspond à aucune page, ou vous n'y avez pas accès.</p>
      <p>
        <Link href="/">Retour à l'accueil</Link>
      </p>
    </>
  );
}
