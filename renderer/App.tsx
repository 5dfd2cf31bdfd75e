import { useEffect } from 'react';
import { parseRoomLink } from '../shared/room-link';
import { bridge } from './bridge/bridge';
import { useAppStore, type Screen } from './app/useAppStore';
import { CallScreen } from './call/CallScreen';
import { handoffLink } from './handoff/handoff-link';
import { HandoffBanner } from './handoff/HandoffBanner';
import { HomeScreen } from './home/HomeScreen';
import { LobbyScreen } from './lobby/LobbyScreen';
import { loadSettings } from './settings/settings-actions';
import { SettingsScreen } from './settings/SettingsScreen';

function screenForLink(link: string): Screen {
  const parsed = parseRoomLink(link);
  return parsed.ok ? { name: 'lobby', link } : { name: 'home', linkError: `That room link can't be opened: ${parsed.error.message}` };
}

export function App() {
  const screen = useAppStore((state) => state.screen);

  useEffect(() => {
    const { navigate, setAppInfo } = useAppStore.getState();
    void bridge.getAppInfo().then((result) => result.ok && setAppInfo(result.data));
    void loadSettings();
    void bridge.takePendingLink().then((result) => {
      if (result.ok && result.data) navigate(screenForLink(result.data));
    });
    return bridge.onLinkOpened((link) => navigate(screenForLink(link)));
  }, []);

  switch (screen.name) {
    case 'home':
      return <HomeScreen linkError={screen.linkError} />;
    case 'settings':
      return <SettingsScreen />;
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
