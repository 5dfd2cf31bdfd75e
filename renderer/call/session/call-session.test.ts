import { DisconnectReason, RoomEvent, Track } from 'livekit-client';
import { describe, expect, it, vi } from 'vitest';
import { parseRoomLink, type RoomLink } from '../../../shared/room-link';
import { SealroomKeyProvider } from '../../e2ee';
import type { FakeRoom} from '../../testing/livekit-double';
import { FakePublication, FakeSfu, FakeWorker } from '../../testing/livekit-double';
import type { JoinChoices } from '../join-choices';
import { CALL_LIMIT_MS, type CallClock } from './call-time-limit';
import { CallSession } from './call-session';
import { TIME_LIMIT_MESSAGE } from './end-reasons';
import type { CallFactories } from './factories';

const ROOM = 'AAECAwQFBgcICQoLDA0ODw';
const SECRET = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

function link(e2ee: boolean): RoomLink {
  const parsed = parseRoomLink(`http://127.0.0.1:7880/r/${ROOM}#${e2ee ? `v1.${SECRET}` : 'v1.off'}`);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const choices = (displayName: string, overrides: Partial<JoinChoices> = {}): JoinChoices => ({
  displayName,
  camera: true,
  microphone: true,
  cameraDeviceId: null,
  microphoneDeviceId: null,
  ...overrides,
});

function factories(sfu: FakeSfu, overrides: Partial<CallFactories> = {}): CallFactories & { tokens: unknown[] } {
  const tokens: unknown[] = [];
  return {
    tokens,
    createRoom: sfu.createRoom,
    fetchToken: async (room, name) => {
      tokens.push({ room: room.room, name });
      return { serverUrl: 'ws://127.0.0.1:7880', participantToken: 'token' };
    },
    createKeyProvider: () => new SealroomKeyProvider(),
    createE2eeWorker: () => new FakeWorker().asWorker(),
    takePreparedTracks: () => ({ camera: null, microphone: null }),
    ...overrides,
  };
}

function session(sfu: FakeSfu, name: string, options: { e2ee?: boolean; clock?: CallClock; choices?: Partial<JoinChoices>; factories?: Partial<CallFactories> } = {}) {
  const bridge = { setCallActive: vi.fn(async () => ({ ok: true as const, data: null })) };
  const made = factories(sfu, options.factories);
  const created = new CallSession({
    link: link(options.e2ee ?? true),
    choices: choices(name, options.choices),
    factories: made,
    bridge,
    shell: 'web',
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { session: created, bridge, tokens: made.tokens, room: () => created.room as unknown as FakeRoom };
}

class ManualClock implements CallClock {
  time = 1_000_000;
  private readonly intervals = new Map<number, () => void>();
  private next = 1;
  now = () => this.time;
  setInterval(callback: () => void): unknown {
    this.intervals.set(this.next, callback);
    return this.next++;
  }
  clearInterval(handle: unknown): void {
    this.intervals.delete(handle as number);
  }
  advance(ms: number): void {
    this.time += ms;
    for (const callback of [...this.intervals.values()]) callback();
  }
}

describe('CallSession lifecycle', () => {
  it('connects, starts E2EE before turning on devices, and tells main a call is active', async () => {
    const sfu = new FakeSfu();
    const { session: call, bridge, tokens, room } = session(sfu, 'Ada');
    expect(call.stores.status.getState().phase).toBe('connecting');
    await call.start();
    expect(call.stores.status.getState().phase).toBe('connected');
    // No name in the token request of an encrypted call; names travel in the handshake.
    expect(tokens).toEqual([{ room: ROOM, name: undefined }]);
    expect(room().connectedWith?.options).toEqual({ autoSubscribe: false });
    expect(room().e2eeEnabled).toBe(true);
    expect(call.e2ee).not.toBeNull();
    expect(room().localParticipant.cameraEnabled).toBe(true);
    expect(room().localParticipant.microphoneEnabled).toBe(true);
    expect(bridge.setCallActive).toHaveBeenCalledWith(true);
    await call.leave();
    expect(call.stores.status.getState()).toMatchObject({ phase: 'ended', endMessage: 'You left the call.' });
    expect(bridge.setCallActive).toHaveBeenLastCalledWith(false);
    expect(room().listenerCount()).toBe(0);
  });

  it('starts the key exchange once signalling is connected, while the transports connect, and publishes only after both', async () => {
    const sfu = new FakeSfu();
    const { session: member } = session(sfu, 'Ada');
    await member.start();
    let transportsUp: () => void = () => undefined;
    const { session: call, room } = session(sfu, 'Bob', {
      factories: {
        createRoom: (options) => {
          const created = sfu.createRoom(options) as unknown as FakeRoom;
          created.transportsUp = new Promise((resolve) => (transportsUp = resolve));
          return created.asRoom();
        },
      },
    });
    const started = call.start();
    await vi.waitFor(() => expect(call.e2ee).not.toBeNull());
    // The handshake with Ada runs before connect() has resolved; nothing is published or shown as connected yet.
    await vi.waitFor(() => expect(call.e2ee!.keyExchange.isVerified(member.room!.localParticipant.identity)).toBe(true));
    expect(room().localParticipant.cameraEnabled).toBe(false);
    expect(call.stores.status.getState().phase).toBe('connecting');
    transportsUp();
    await started;
    expect(call.stores.status.getState().phase).toBe('connected');
    expect(room().localParticipant.cameraEnabled).toBe(true);
    await call.leave();
    await member.leave();
  });

  it('sends the name only in a call created without end-to-end encryption, and starts no key exchange', async () => {
    const sfu = new FakeSfu();
    const { session: call, tokens, room } = session(sfu, 'Ada', { e2ee: false });
    await call.start();
    expect(tokens).toEqual([{ room: ROOM, name: 'Ada' }]);
    expect(call.e2ee).toBeNull();
    expect(room().options.e2ee).toBeUndefined();
  });

  it('fails with a message that names the host, never the key', async () => {
    const sfu = new FakeSfu();
    const { session: call } = session(sfu, 'Ada', { factories: { fetchToken: async () => Promise.reject(new Error('Failed to fetch')) } });
    await call.start();
    const { phase, endMessage } = call.stores.status.getState();
    expect(phase).toBe('failed');
    expect(endMessage).toBe('Could not reach the server at 127.0.0.1:7880. Check your connection and try again.');
    expect(endMessage).not.toContain(SECRET);
  });

  it('follows reconnects and says why the call ended', async () => {
    const sfu = new FakeSfu();
    const clock = new ManualClock();
    const { session: call, room } = session(sfu, 'Ada', { clock });
    await call.start();
    const status = () => call.stores.status.getState();
    room().emit(RoomEvent.SignalReconnecting);
    expect(status()).toMatchObject({ phase: 'reconnecting', reconnect: { kind: 'resuming', since: clock.time } });
    const since = clock.time;
    clock.advance(4000);
    // The resume failed and the SDK rejoins: the same outage, so its clock keeps running.
    room().emit(RoomEvent.Reconnecting);
    expect(status()).toMatchObject({ phase: 'reconnecting', reconnect: { kind: 'rejoining', since } });
    room().emit(RoomEvent.Reconnected);
    expect(status()).toMatchObject({ phase: 'connected', reconnect: null });
    clock.advance(1000);
    room().emit(RoomEvent.Reconnecting);
    expect(status().reconnect).toEqual({ kind: 'rejoining', since: clock.time });
    room().emit(RoomEvent.Disconnected, DisconnectReason.DUPLICATE_IDENTITY);
    expect(call.stores.status.getState()).toMatchObject({ phase: 'ended', reconnect: null, endMessage: 'You joined this call from somewhere else, so this window left it.' });
    // A later event cannot overwrite why it ended.
    room().emit(RoomEvent.Disconnected, DisconnectReason.SERVER_SHUTDOWN);
    expect(call.stores.status.getState().endMessage).toBe('You joined this call from somewhere else, so this window left it.');
  });

  it('shows a device failure as a notice and stays in the call', async () => {
    const sfu = new FakeSfu();
    const { session: call } = session(sfu, 'Ada', {
      factories: {
        createRoom: (options) => {
          const room = sfu.createRoom(options) as unknown as FakeRoom;
          room.localParticipant.cameraError = Object.assign(new Error('busy'), { name: 'NotReadableError' });
          return room.asRoom();
        },
      },
    });
    await call.start();
    expect(call.stores.status.getState().phase).toBe('connected');
    expect(call.stores.status.getState().notice).toMatch(/camera/i);
  });

  it('warns before the 24-hour limit and then ends the call', async () => {
    const sfu = new FakeSfu();
    const clock = new ManualClock();
    const { session: call, room } = session(sfu, 'Ada', { clock });
    await call.start();
    clock.advance(CALL_LIMIT_MS - 59 * 60 * 1000);
    expect(call.stores.status.getState().notice).toMatch(/ends automatically in 59 minutes/);
    clock.advance(60 * 60 * 1000);
    expect(call.stores.status.getState()).toMatchObject({ phase: 'ended', endMessage: TIME_LIMIT_MESSAGE });
    expect(room().disconnects).toBe(1);
  });

  it('disposed while connecting: leaves nothing connected', async () => {
    const sfu = new FakeSfu();
    let release: () => void = () => undefined;
    const { session: call, room } = session(sfu, 'Ada', {
      factories: {
        fetchToken: () =>
          new Promise((resolve) => {
            release = () => resolve({ serverUrl: 'ws://x', participantToken: 't' });
          }),
      },
    });
    const started = call.start();
    call.dispose();
    release();
    await started;
    expect(room().connectedWith).toBeNull();
    expect(sfu.rooms.size).toBe(0);
  });
});

describe('CallSession receive policy and messaging', () => {
  async function pair(options: { e2ee?: boolean } = {}) {
    const sfu = new FakeSfu();
    const ada = session(sfu, 'Ada', options);
    const bob = session(sfu, 'Bob', options);
    await ada.session.start();
    await bob.session.start();
    return { sfu, ada, bob };
  }

  const trusted = (call: CallSession, identity: string) => call.stores.trust.getState().members[identity];

  it('receives a verified member’s encrypted tracks (video only when on screen) and renders them once keyed', async () => {
    const { sfu, ada, bob } = await pair();
    const bobId = bob.room().localParticipant.identity;
    await vi.waitFor(() => expect(trusted(ada.session, bobId)).toMatchObject({ verified: true, hasKey: true }), { timeout: 5000 });
    const camera = new FakePublication('TR_cam', Track.Kind.Video, true);
    const mic = new FakePublication('TR_mic', Track.Kind.Audio, true);
    sfu.publish(ada.room(), bobId, camera);
    sfu.publish(ada.room(), bobId, mic);
    expect(mic.subscribed).toBe(true);
    expect(camera.subscribed).toBe(false);
    ada.session.setVisible([bobId]);
    expect(camera.subscribed).toBe(true);
    expect(ada.session.policy!.mayRender(bobId, camera)).toBe(true);
    ada.session.setVisible([]);
    expect(camera.subscribed).toBe(false);
    expect(ada.session.policy!.mayRender(bobId, camera)).toBe(false);
    await ada.session.leave();
    await bob.session.leave();
  });

  it('in audio-only mode receives no one’s video, even on screen, and audio as before; normal mode receives it again', async () => {
    const { sfu, ada, bob } = await pair();
    const bobId = bob.room().localParticipant.identity;
    await vi.waitFor(() => expect(trusted(ada.session, bobId)).toMatchObject({ verified: true, hasKey: true }), { timeout: 5000 });
    const camera = new FakePublication('TR_cam', Track.Kind.Video, true);
    const mic = new FakePublication('TR_mic', Track.Kind.Audio, true);
    sfu.publish(ada.room(), bobId, camera);
    sfu.publish(ada.room(), bobId, mic);
    ada.session.setVisible([bobId]);
    expect(camera.subscribed).toBe(true);
    await ada.session.effects!.setVideoMode('audio-only');
    expect(camera.subscribed).toBe(false);
    expect(mic.subscribed).toBe(true);
    expect(ada.room().localParticipant.cameraEnabled).toBe(false);
    await ada.session.effects!.setVideoMode('normal');
    expect(camera.subscribed).toBe(true);
    await ada.session.leave();
    await bob.session.leave();
  });

  it('receives the mini window’s speaker whatever the grid shows, and only as the grid would once the mini window goes', async () => {
    const { sfu, ada, bob } = await pair();
    const bobId = bob.room().localParticipant.identity;
    await vi.waitFor(() => expect(trusted(ada.session, bobId)).toMatchObject({ verified: true, hasKey: true }), { timeout: 5000 });
    const camera = new FakePublication('TR_cam', Track.Kind.Video, true);
    sfu.publish(ada.room(), bobId, camera);
    ada.session.setVisible([]);
    ada.session.setVisible([bobId], 'mini');
    expect(camera.subscribed).toBe(true);
    expect(ada.session.policy!.mayRender(bobId, camera)).toBe(true);
    // The grid moving its page (or showing Bob too) does not take the mini window's video away.
    ada.session.setVisible([bobId]);
    ada.session.setVisible(['someone-else']);
    expect(camera.subscribed).toBe(true);
    ada.session.setVisible([], 'mini');
    expect(camera.subscribed).toBe(false);
    await ada.session.leave();
    await bob.session.leave();
  });

  it('flags a participant with an unencrypted publication: nothing of it received or rendered, and a warning names it', async () => {
    const { sfu, ada, bob } = await pair();
    const bobId = bob.room().localParticipant.identity;
    await vi.waitFor(() => expect(trusted(ada.session, bobId)?.hasKey).toBe(true), { timeout: 5000 });
    const mic = new FakePublication('TR_mic', Track.Kind.Audio, true);
    sfu.publish(ada.room(), bobId, mic);
    expect(mic.subscribed).toBe(true);
    sfu.publish(ada.room(), bobId, new FakePublication('TR_fake', Track.Kind.Audio, false, Track.Source.ScreenShareAudio));
    expect(mic.subscribed).toBe(false);
    expect(ada.session.policy!.mayRender(bobId, mic)).toBe(false);
    expect(ada.session.stores.trust.getState().warnings).toContainEqual({ kind: 'unencrypted-track', identity: bobId });
  });

  it('stops a track the server pushes without a request', async () => {
    const { sfu, ada, bob } = await pair();
    const bobId = bob.room().localParticipant.identity;
    await vi.waitFor(() => expect(trusted(ada.session, bobId)?.hasKey).toBe(true), { timeout: 5000 });
    const camera = new FakePublication('TR_cam', Track.Kind.Video, true);
    sfu.publish(ada.room(), bobId, camera);
    const track = sfu.deliverTrack(ada.room(), bobId, 'TR_cam');
    expect(track.detached.length).toBe(1);
    expect(camera.requests.at(-1)).toBe(false);
    expect(ada.session.policy!.mayRender(bobId, camera)).toBe(false);
    expect(ada.session.stores.trust.getState().warnings).toContainEqual({ kind: 'unsolicited-track', identity: bobId });
  });

  it('delivers chat under the handshake’s name, keyed by sender and id, and tells a newly verified member about a raised hand', async () => {
    const sfu = new FakeSfu();
    const ada = session(sfu, 'Ada');
    await ada.session.start();
    const adaId = ada.room().localParticipant.identity;
    await ada.session.actions.setHandRaised(true);
    const bob = session(sfu, 'Bob');
    await bob.session.start();
    await vi.waitFor(() => expect(bob.session.stores.feed.getState().hands[adaId]).toBe(true), { timeout: 5000 });
    await ada.session.actions.sendChat('  hello  ');
    await vi.waitFor(() => expect(bob.session.stores.feed.getState().chat).toHaveLength(1), { timeout: 5000 });
    const [entry] = bob.session.stores.feed.getState().chat;
    expect(entry).toMatchObject({ from: adaId, fromName: 'Ada', text: 'hello', local: false, notSentTo: [] });
    expect(entry!.key.startsWith(`${adaId}/`)).toBe(true);
    expect(bob.session.stores.ui.getState().unread).toBe(1);
  });

  it('keeps what a member sends while our transports still connect (a raised hand told on verification, chat)', async () => {
    const sfu = new FakeSfu();
    const ada = session(sfu, 'Ada');
    await ada.session.start();
    const adaId = ada.room().localParticipant.identity;
    await ada.session.actions.setHandRaised(true);
    let transportsUp: () => void = () => undefined;
    const bob = session(sfu, 'Bob', {
      factories: {
        createRoom: (options) => {
          const created = sfu.createRoom(options) as unknown as FakeRoom;
          created.transportsUp = new Promise((resolve) => (transportsUp = resolve));
          return created.asRoom();
        },
      },
    });
    const started = bob.session.start();
    await vi.waitFor(() => expect(bob.session.e2ee?.keyExchange.isVerified(adaId)).toBe(true));
    await ada.session.actions.sendChat('before you were connected');
    await vi.waitFor(() => expect(ada.session.stores.feed.getState().chat[0]?.awaiting).toEqual([]));
    transportsUp();
    await started;
    expect(bob.session.stores.feed.getState().hands[adaId]).toBe(true);
    expect(bob.session.stores.feed.getState().chat.map((entry) => entry.text)).toEqual(['before you were connected']);
    await bob.session.leave();
    await ada.session.leave();
  });

  it('shows our message as sending until each member acknowledges it, and names a member that left without it', async () => {
    const sfu = new FakeSfu();
    const [ada, bob, cy] = [session(sfu, 'Ada'), session(sfu, 'Bob'), session(sfu, 'Cy')];
    for (const member of [ada, bob, cy]) await member.session.start();
    const [bobId, cyId] = [bob.room().localParticipant.identity, cy.room().localParticipant.identity];
    await vi.waitFor(() => expect([trusted(ada.session, bobId)?.verified, trusted(ada.session, cyId)?.verified]).toEqual([true, true]), { timeout: 5000 });
    sfu.dropDataTo.add(cyId);
    await ada.session.actions.sendChat('hello');
    const mine = () => ada.session.stores.feed.getState().chat[0]!;
    expect(mine()).toMatchObject({ local: true, undelivered: [] });
    expect([...mine().awaiting].sort()).toEqual([bobId, cyId].sort());
    await vi.waitFor(() => expect(mine().awaiting).toEqual([cyId]), { timeout: 5000 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      sfu.remove(cy.room());
      await vi.advanceTimersByTimeAsync(29_000);
      expect(mine().undelivered).toEqual([]);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(mine()).toMatchObject({ awaiting: [], undelivered: [cyId] });
    } finally {
      vi.useRealTimers();
    }
    // Cy is gone: sending again has no one to reach, and says so by leaving the entry as it is.
    await ada.session.actions.retryChat(mine().key);
    expect(mine().undelivered).toEqual([cyId]);
    expect(cy.session.stores.feed.getState().chat).toEqual([]);
  });

  it('sends again to a member its message could not be queued for, which shows it', async () => {
    const { sfu, ada, bob } = await pair();
    const bobId = bob.room().localParticipant.identity;
    await vi.waitFor(() => expect(trusted(ada.session, bobId)?.verified).toBe(true), { timeout: 5000 });
    sfu.dropDataTo.add(bobId);
    // A member whose messages go unacknowledged has a bounded queue; past it, messages are not sent to it.
    let sent = 0;
    while (ada.session.stores.feed.getState().chat.at(-1)?.undelivered.length !== 1) {
      await ada.session.actions.sendChat(`message ${++sent}`);
      if (sent > 400) throw new Error('the queue never filled');
    }
    const refused = ada.session.stores.feed.getState().chat.at(-1)!;
    expect(refused).toMatchObject({ awaiting: [], undelivered: [bobId] });
    sfu.dropDataTo.delete(bobId);
    await vi.waitFor(() => expect(ada.session.stores.feed.getState().chat.filter((entry) => entry.awaiting.length > 0)).toEqual([]), { timeout: 15_000 });
    await ada.session.actions.retryChat(refused.key);
    await vi.waitFor(() => expect(ada.session.stores.feed.getState().chat.at(-1)).toMatchObject({ awaiting: [], undelivered: [] }), { timeout: 5000 });
    const received = bob.session.stores.feed.getState().chat.filter((entry) => entry.text === refused.text);
    expect(received).toHaveLength(1);
  }, 30_000);

  it('in a call without encryption, uses data packets and the server’s names', async () => {
    const { ada, bob } = await pair({ e2ee: false });
    await ada.session.actions.sendChat('plain');
    await vi.waitFor(() => expect(bob.session.stores.feed.getState().chat.map((e) => e.text)).toEqual(['plain']), { timeout: 2000 });
  });
});
