import type { SealroomBridge } from '../../shared/bridge';
import { diagnosticsFileName, formatDiagnostics } from '../../shared/diagnostics';
import { isAllowedExternalUrl } from '../../shared/external-url';
import { AttentionNotificationSchema, invokeChannels, MediaDeviceKindSchema, PrivacyPaneSchema, ScreenSelectionSchema, type MediaAccessStatus } from '../../shared/ipc/channels';
import { formatLogLine } from '../../shared/log-redaction';
import { err, ok } from '../../shared/ipc/result';
import type { PolicyState } from '../../shared/policy';
import type { UpdateStatus } from '../../shared/updates';
import { settingsFromStored, SettingsPatchSchema, type Settings } from '../../shared/settings';
import { createWebScreenPicker, type DisplayMediaHost } from './web-screen-picker';

const SETTINGS_KEY = 'sealroom.settings';

export interface WebBridgeEnv {
  storage: Pick<Storage, 'getItem' | 'setItem'>;
  location: Pick<Location, 'origin' | 'pathname' | 'hash' | 'search'>;
  /** The link's key must not stay in the address bar or in history once read. */
  history: Pick<History, 'replaceState'>;
  open(url: string): void;
  /** navigator.mediaDevices: getDisplayMedia is routed through Sealroom's picker. */
  mediaDevices?: DisplayMediaHost | undefined;
  permissions?: Pick<Permissions, 'query'> | undefined;
  /** Screen Wake Lock: the browser's equivalent of keeping the display awake during a call. */
  wakeLock?: { request(type: 'screen'): Promise<{ release(): Promise<void> }> } | undefined;
  newId?: () => string;
  /** Saves a file the user asked for (Export diagnostics): a download in the browser. */
  download?: ((fileName: string, text: string) => void) | undefined;
  userAgent?: string | undefined;
  /** The Notifications API: what a call shows while the page is in the background. */
  notifications?: WebNotifications | undefined;
  /** Unread chat: the installed web app's badge where the browser has one, and the tab's title. */
  showUnread?: ((count: number) => void) | undefined;
  /** Brings the call's tab forward (the mini window's "return to the call"); the browser may ignore it. */
  focus?: (() => void) | undefined;
}

export interface WebNotifications {
  permission(): NotificationPermission;
  requestPermission(): Promise<NotificationPermission>;
  show(title: string, body: string): void;
}

/** The browser has no log file: the page keeps its last lines for Export diagnostics, and the console has them all. */
const LOG_LINES_KEPT = 500;

const BROWSER_SETTINGS_HINT =
  'Your browser decides this: click the camera or lock icon next to the address, allow Sealroom, then reload the page.';

/** A browser has no managed policy: nothing is set by an organisation, so the user decides everything. */
const WEB_POLICY_STATE: PolicyState = { policy: {}, managedKeys: [], sources: [], issues: [] };

/** The page is the app: a reload brings the newest version, so there is nothing to download or install. */
const WEB_UPDATE_STATUS: UpdateStatus = {
  state: 'not-supported',
  installer: 'unpackaged',
  message: 'In the browser, Sealroom updates itself with the page: reload the page to get the newest version.',
};

function statusFromPermission(state: PermissionState): MediaAccessStatus {
  return state === 'granted' ? 'granted' : state === 'denied' ? 'denied' : 'not-determined';
}

/** The desktop bridge for the web build: the same interface, backed by the browser. */
export function createWebBridge(env: WebBridgeEnv): SealroomBridge {
  let linkTaken = false;
  let wakeLock: { release(): Promise<void> } | null = null;
  let inCall = false;
  const logLines: string[] = [];
  const screenPicker = createWebScreenPicker(env.mediaDevices, env.newId ?? (() => crypto.randomUUID()));

  const permissionStatus = async (name: 'camera' | 'microphone'): Promise<MediaAccessStatus> => {
    if (!env.permissions) return 'unknown';
    try {
      // 'camera' and 'microphone' are valid in Chromium but missing from TypeScript's PermissionName.
      return statusFromPermission((await env.permissions.query({ name: name as PermissionName })).state);
    } catch {
      return 'unknown';
    }
  };

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
      const link = `${env.location.origin}${env.location.pathname}${env.location.hash}`;
      // The fragment holds the call's key: take it out of the address bar and this history entry at once (a reload
      // then lands on the room without a key, which the join screen explains).
      if (env.location.hash) env.history.replaceState(null, '', `${env.location.pathname}${env.location.search}`);
      return ok(link);
    },
    onLinkOpened: () => () => undefined,
    getMediaAccessStatus: async () =>
      ok({ camera: await permissionStatus('camera'), microphone: await permissionStatus('microphone'), screen: 'unknown' }),
    async requestMediaAccess(kind) {
      const parsed = MediaDeviceKindSchema.safeParse(kind);
      if (!parsed.success) return err('invalid-payload', 'Ask for "camera" or "microphone".');
      // A browser prompts only from getUserMedia itself, so this reports the current answer.
      const status = await permissionStatus(parsed.data);
      return ok({ granted: status === 'granted' || status === 'not-determined', status });
    },
    async openMediaSettings(pane) {
      if (!PrivacyPaneSchema.safeParse(pane).success) return err('invalid-payload', 'Unknown settings page.');
      return err('unavailable', BROWSER_SETTINGS_HINT);
    },
    setMediaConsent: async () => ok(null),
    onScreenPickRequest: (listener) => screenPicker.onRequest(listener),
    onScreenSourcesUpdated: (listener) => screenPicker.onSourcesUpdated(listener),
    onScreenPickCancelled: (listener) => screenPicker.onCancelled(listener),
    async selectScreenSource(selection) {
      const parsed = ScreenSelectionSchema.safeParse(selection);
      if (!parsed.success) return err('invalid-payload', 'Invalid screen-share choice.');
      return screenPicker.select(parsed.data);
    },
    setScreenSharing: async () => ok(null),
    async setCallActive(active) {
      inCall = active;
      if (!active) {
        await wakeLock?.release().catch(() => undefined);
        wakeLock = null;
        return ok(null);
      }
      if (!wakeLock && env.wakeLock) wakeLock = await env.wakeLock.request('screen').catch(() => null);
      return ok(null);
    },
    async returnToCall() {
      env.focus?.();
      return ok(null);
    },
    // The browser tells no page when its window loses focus in a way that may open a window: the mini window opens
    // from the call's own button, or when the tab is hidden where Chromium offers automatic picture-in-picture.
    onMiniWindowOpen: () => () => undefined,
    getPolicy: async () => ok(WEB_POLICY_STATE),
    getUpdateStatus: async () => ok(WEB_UPDATE_STATUS),
    checkForUpdates: async () => ok(null),
    downloadUpdate: async () => ok(null),
    installUpdate: async () => ok('nothing-to-install'),
    onUpdateStatus: () => () => undefined,
    async writeLog(entry) {
      const parsed = invokeChannels['log:write'].request.safeParse(entry);
      if (!parsed.success) return err('invalid-payload', 'A log line has a level, a scope and a message.');
      const line = formatLogLine(parsed.data.level, `renderer/${parsed.data.scope}`, parsed.data.message);
      logLines.push(line);
      if (logLines.length > LOG_LINES_KEPT) logLines.shift();
      (parsed.data.level === 'info' ? console.info : console[parsed.data.level])(line);
      return ok(null);
    },
    async exportDiagnostics() {
      if (!env.download) return err('unavailable', 'This browser cannot save files from the page.');
      const at = new Date();
      const text = formatDiagnostics({
        generatedAt: at,
        app: { name: 'Sealroom', version: __SEALROOM_VERSION__, shell: 'web', platform: 'web' },
        versions: { browser: env.userAgent ?? 'unknown' },
        policy: WEB_POLICY_STATE,
        settings: readSettings(),
        updates: WEB_UPDATE_STATUS,
        inCall,
        logs: logLines.join('\n'),
      });
      env.download(diagnosticsFileName(at), text);
      return ok({ saved: true, file: null });
    },
    async showNotification(notification) {
      const parsed = AttentionNotificationSchema.safeParse(notification);
      if (!parsed.success) return err('invalid-payload', 'A notification has a title and a short body.');
      const notifications = env.notifications;
      if (!notifications) return ok({ shown: false });
      const permission = notifications.permission() === 'default' ? await notifications.requestPermission().catch(() => 'denied' as const) : notifications.permission();
      if (permission !== 'granted') return ok({ shown: false });
      notifications.show(parsed.data.title, parsed.data.body);
      return ok({ shown: true });
    },
    async setUnreadCount(count) {
      const parsed = invokeChannels['attention:set-unread'].request.safeParse(count);
      if (!parsed.success) return err('invalid-payload', 'The unread count is a whole number from 0.');
      env.showUnread?.(parsed.data);
      return ok(null);
    },
  };
}
