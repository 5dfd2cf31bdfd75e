import { useEffect } from 'react';
import type { Policy } from '../shared/policy';
import { bridge } from './bridge/bridge';
import { checkJoinLink } from './app/join-link-check';
import { createRendererLog, describeScreenForLog } from './app/log';
import { followUpdateStatus, loadPolicy } from './app/policy-actions';
import { selectPolicyState } from './app/policy-selectors';
import { useAppStore, type Screen } from './app/useAppStore';
import { CallScreen } from './call';
import { handoffLink } from './handoff/handoff-link';
import { HandoffBanner } from './handoff/HandoffBanner';
import { HomeScreen } from './home/HomeScreen';
import { LobbyScreen } from './lobby/LobbyScreen';
import { loadSettings, saveSettings } from './settings/settings-actions';
import { SettingsScreen } from './settings/SettingsScreen';

function screenForLink(link: string, policy: Policy): Screen {
  const check = checkJoinLink(link, policy);
  if (check.ok) return { name: 'lobby', link: check.link };
  return { name: 'home', linkError: check.reason === 'policy' ? check.message : `That room link can't be opened: ${check.message}` };
}

const log = createRendererLog(bridge, 'app');

export function App() {
  const screen = useAppStore((state) => state.screen);
  const policyState = useAppStore(selectPolicyState);

  // Where the user went, for support: call links without their fragment.
  useEffect(() => log.info(describeScreenForLog(screen)), [screen]);

  useEffect(() => {
    const { navigate, setAppInfo } = useAppStore.getState();
    void bridge.getAppInfo().then((result) => result.ok && setAppInfo(result.data));
    void loadSettings();
    const stopUpdates = followUpdateStatus(bridge);
    // Links are checked against the policy, so they wait for it.
    const policyLoaded = loadPolicy(bridge);
    void policyLoaded.then(async ({ policy }) => {
      const result = await bridge.takePendingLink();
      if (result.ok && result.data) navigate(screenForLink(result.data, policy));
    });
    const stopLinks = bridge.onLinkOpened(({ link }) => void policyLoaded.then(({ policy }) => navigate(screenForLink(link, policy))));
    return () => {
      stopUpdates();
      stopLinks();
    };
  }, []);

  // A moment at startup: no screen may offer what the organisation's policy could forbid before it is known.
  if (policyState === null) return <main className="loading" aria-busy="true" data-testid="app-loading" />;

  switch (screen.name) {
    case 'home':
      return <HomeScreen linkError={screen.linkError} saveSettings={saveSettings} />;
    case 'settings':
      return <SettingsScreen focus={screen.focus} />;
    case 'call':
      return <CallScreen link={screen.link} choices={screen.choices} />;
    case 'lobby': {
      // A /r/<room> link opened in a browser: offer the desktop app above the browser lobby.
      const appLink = handoffLink(bridge.kind, window.location.pathname, screen.link);
      return (
        <>
          {appLink && <HandoffBanner appLink={appLink} />}
          <LobbyScreen link={screen.link} onJoin={(choices) => useAppStore.getState().navigate({ name: 'call', link: screen.link, choices })} />
        </>
      );
    }
  }
}
