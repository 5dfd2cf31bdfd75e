import type { Policy } from '../../shared/policy';
import { parseServerOrigin } from '../../shared/room-link';
import type { Settings } from '../../shared/settings';
import { selectPolicy } from './policy-selectors';
import { useAppStore } from './useAppStore';

/**
 * Where New call creates rooms. `policy`: the organisation's `defaultServer` (locked); `setting`: the user's
 * "Meeting server"; `built-in`: what this build suggests (SEALROOM_SERVER under `npm start`, the page's own server
 * in a browser); `none`: nothing, so New call explains how to get one. Join never depends on it.
 */
export interface MeetingServerChoice {
  origin: string | null;
  source: 'policy' | 'setting' | 'built-in' | 'none';
}

export function meetingServerChoice(policy: Policy, settings: Pick<Settings, 'meetingServer'>, builtIn: string | null): MeetingServerChoice {
  if (policy.defaultServer !== undefined) return { origin: policy.defaultServer, source: 'policy' };
  if (settings.meetingServer !== null) return { origin: settings.meetingServer, source: 'setting' };
  if (builtIn !== null) return { origin: builtIn, source: 'built-in' };
  return { origin: null, source: 'none' };
}

export function useMeetingServer(): MeetingServerChoice {
  const policy = useAppStore(selectPolicy);
  const meetingServer = useAppStore((state) => state.settings.meetingServer);
  const builtIn = useAppStore((state) => state.appInfo?.defaultServer ?? null);
  return meetingServerChoice(policy, { meetingServer }, builtIn);
}

export type ServerAddressCheck = { ok: true; origin: string | null } | { ok: false; message: string };

/** What the user typed as a meeting server: an origin (normalised), or empty for none. */
export function checkServerAddress(text: string): ServerAddressCheck {
  if (text.trim() === '') return { ok: true, origin: null };
  const parsed = parseServerOrigin(text);
  return parsed.ok ? { ok: true, origin: parsed.value.origin } : { ok: false, message: parsed.error.message };
}
