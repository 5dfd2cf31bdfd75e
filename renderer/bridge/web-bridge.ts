import type { SealroomBridge } from '../../shared/bridge';
import { isAllowedExternalUrl } from '../../shared/external-url';
import { err, ok } from '../../shared/ipc/result';
import { settingsFromStored, SettingsPatchSchema, type Settings } from '../../shared/settings';

const SETTINGS_KEY = 'sealroom.settings';

export interface WebBridgeEnv {
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  location: Pick<Location, 'origin' | 'pathname' | 'hash'>;
  open(url: string): void;
}

/** The desktop bridge for the web build: the same interface, backed by the browser. */
export function createWebBridge(env: WebBridgeEnv): SealroomBridge {
  let linkTaken = false;

  const readSettings = (): Settings => {
    try {
      return settingsFromStored(JSON.parse(env.storage.getItem(SETTINGS_KEY) ?? 'null'));
    } catch {
      return settingsFromStored(undefined);
    }
  };

  return {
    kind: 'web',
    getAppInfo: async () =>
      ok({ name: 'Sealroom', version: __SEALROOM_VERSION__, platform: 'web', shell: 'web', defaultServer: env.location.origin }),
    getSettings: async () => ok(readSettings()),
    async updateSettings(patch) {
      const parsed = SettingsPatchSchema.safeParse(patch);
      if (!parsed.success) return err('invalid-payload', `Invalid settings: ${parsed.error.issues[0]?.message ?? 'unknown field'}`);
      const next = { ...readSettings(), ...parsed.data };
      try {
        env.storage.setItem(SETTINGS_KEY, JSON.stringify(next));
      } catch {
        return err('unavailable', 'The browser refused to save settings (storage full or disabled).');
      }
      return ok(next);
    },
    async openExternal(url) {
      if (!isAllowedExternalUrl(url)) return err('not-allowed', 'Only https and mailto links can be opened.');
      env.open(url);
      return ok(null);
    },
    async takePendingLink() {
      if (linkTaken) return ok(null);
      linkTaken = true;
      if (!env.location.pathname.startsWith('/r/')) return ok(null);
      // Handed over as typed: the join screen parses it and explains what is wrong with a damaged link.
      return ok(`${env.location.origin}${env.location.pathname}${env.location.hash}`);
    },
    onLinkOpened: () => () => undefined,
  };
}
