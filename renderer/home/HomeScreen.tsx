import type { SettingsPatch } from '../../shared/settings';
import { bridge } from '../bridge/bridge';
import { createRendererLog } from '../app/log';
import { useMeetingServer } from '../app/meeting-server';
import { selectPolicy } from '../app/policy-selectors';
import { useAppStore } from '../app/useAppStore';
import { JoinLinkForm } from './JoinLinkForm';
import { NewCallCard } from './NewCallCard';
import { ServerChoiceCard } from './ServerChoiceCard';

const log = createRendererLog(bridge, 'new-call');

export function HomeScreen({ linkError, saveSettings }: { linkError?: string | undefined; saveSettings(patch: SettingsPatch): Promise<boolean> }) {
  const navigate = useAppStore((state) => state.navigate);
  const builtInServer = useAppStore((state) => state.appInfo?.defaultServer ?? null);
  const appInfoLoaded = useAppStore((state) => state.appInfo !== null);
  const firstRun = useAppStore((state) => state.settingsLoaded && !state.settings.serverChoiceSeen);
  const policy = useAppStore(selectPolicy);
  const server = useMeetingServer();
  // Once, at the first start, unless the organisation already chose the server.
  const askForServer = firstRun && appInfoLoaded && server.source !== 'policy';
  return (
    <main className="home" data-testid="home-screen">
      <header className="topbar">
        <h1>Sealroom</h1>
        <button type="button" className="secondary" onClick={() => navigate({ name: 'settings' })} data-testid="open-settings">
          Settings
        </button>
      </header>
      <p className="tagline">Meetings that only the people in them can see and hear.</p>
      {askForServer && <ServerChoiceCard suggested={builtInServer} save={saveSettings} />}
      <div className="cards">
        <NewCallCard
          server={server}
          policy={policy}
          onStart={(link) => navigate({ name: 'lobby', link })}
          onOpenServerSetting={() => navigate({ name: 'settings', focus: 'meeting-server' })}
          onServerProblem={log.warn}
        />
        <JoinLinkForm policy={policy} initialError={linkError} onJoin={(link) => navigate({ name: 'lobby', link })} />
      </div>
    </main>
  );
}
