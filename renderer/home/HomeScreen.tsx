import { selectPolicy } from '../app/policy-selectors';
import { useAppStore } from '../app/useAppStore';
import { JoinLinkForm } from './JoinLinkForm';
import { NewCallCard } from './NewCallCard';

export function HomeScreen({ linkError }: { linkError?: string | undefined }) {
  const navigate = useAppStore((state) => state.navigate);
  const serverOrigin = useAppStore((state) => state.appInfo?.defaultServer ?? null);
  const policy = useAppStore(selectPolicy);
  return (
    <main className="home" data-testid="home-screen">
      <header className="topbar">
        <h1>Sealroom</h1>
        <button type="button" className="secondary" onClick={() => navigate({ name: 'settings' })} data-testid="open-settings">
          Settings
        </button>
      </header>
      <p className="tagline">Meetings that only the people in them can see and hear.</p>
      <div className="cards">
        <NewCallCard serverOrigin={serverOrigin} policy={policy} onStart={(link) => navigate({ name: 'lobby', link })} />
        <JoinLinkForm policy={policy} initialError={linkError} onJoin={(link) => navigate({ name: 'lobby', link })} />
      </div>
    </main>
  );
}
