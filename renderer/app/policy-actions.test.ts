import { beforeEach, describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../shared/updates';
import { err, ok } from '../../shared/ipc/result';
import { followUpdateStatus, loadPolicy, UNREADABLE_POLICY_STATE } from './policy-actions';
import { useAppStore } from './useAppStore';

beforeEach(() => useAppStore.setState({ policyState: null, updateStatus: null }));

describe('loadPolicy', () => {
  it('stores the policy main answers', async () => {
    const state = { policy: { requireE2EE: true }, managedKeys: ['requireE2EE' as const], sources: ['HKLM'], issues: [] };
    await loadPolicy({ getPolicy: async () => ok(state) });
    expect(useAppStore.getState().policyState).toEqual(state);
  });

  it('falls back to safe values, with a visible issue, when main cannot answer', async () => {
    await loadPolicy({ getPolicy: async () => err('internal', 'Sealroom could not complete policy:get.') });
    expect(useAppStore.getState().policyState).toBe(UNREADABLE_POLICY_STATE);
    expect(UNREADABLE_POLICY_STATE.policy).toMatchObject({ requireE2EE: true, allowScreenSharing: false, updateMode: 'off' });
    expect(UNREADABLE_POLICY_STATE.issues[0]).toMatchObject({ outcome: 'strict' });
    await loadPolicy({ getPolicy: () => Promise.reject(new Error('bridge gone')) });
    expect(useAppStore.getState().policyState).toBe(UNREADABLE_POLICY_STATE);
  });
});

describe('followUpdateStatus', () => {
  it('keeps a pushed status over an older answer that arrives later', async () => {
    let push: (status: UpdateStatus) => void = () => undefined;
    let answer: (status: UpdateStatus) => void = () => undefined;
    let unsubscribed = false;
    const stop = followUpdateStatus({
      onUpdateStatus: (listener) => ((push = listener), () => void (unsubscribed = true)),
      getUpdateStatus: () => new Promise((resolve) => (answer = (status) => resolve(ok(status)))),
    });
    push({ state: 'downloading', version: '2.0.0', percent: 10 });
    answer({ state: 'checking' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(useAppStore.getState().updateStatus).toEqual({ state: 'downloading', version: '2.0.0', percent: 10 });
    stop();
    expect(unsubscribed).toBe(true);
  });

  it('uses the answer when nothing was pushed', async () => {
    followUpdateStatus({ onUpdateStatus: () => () => undefined, getUpdateStatus: async () => ok({ state: 'up-to-date' }) });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(useAppStore.getState().updateStatus).toEqual({ state: 'up-to-date' });
  });
});
