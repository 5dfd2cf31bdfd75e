import { expect, test } from '../support/fixtures';
import {
  AudioFrame,
  AudioSource,
  AudioStream,
  LocalAudioTrack,
  type RemoteTrack,
  Room,
  RoomEvent,
  TrackKind,
  TrackPublishOptions,
  TrackSource,
} from '@livekit/rtc-node';
import { RoomServiceClient } from 'livekit-server-sdk';
import { fetchToken, newRoomName, openHarness, startTestServer, type TestServer } from './support';

let server: TestServer;

test.beforeEach(async () => {
  server = await startTestServer();
});

test.afterEach(async () => {
  await server.close();
});

const SAMPLE_RATE = 48000;
const FRAME = 480; // 10 ms

/** A 440 Hz tone, pushed in real time so the source's buffer never overflows. */
function startTone(source: AudioSource): () => void {
  let running = true;
  let phase = 0;
  void (async () => {
    while (running) {
      const samples = new Int16Array(FRAME);
      for (let i = 0; i < FRAME; i++) samples[i] = Math.round(Math.sin((2 * Math.PI * 440 * phase++) / SAMPLE_RATE) * 8000);
      await source.captureFrame(new AudioFrame(samples, SAMPLE_RATE, 1, FRAME));
    }
  })();
  return () => {
    running = false;
  };
}

test('an @livekit/rtc-node participant and a browser exchange audio', async ({ browser }) => {
  test.setTimeout(90_000);
  const roomName = newRoomName();
  const node = new Room();
  const { context, page } = await openHarness(browser, server);
  let stopTone = () => {};
  try {
    let loudFrames = 0;
    node.on(RoomEvent.TrackSubscribed, (track: RemoteTrack) => {
      if (track.kind !== TrackKind.KIND_AUDIO) return;
      void (async () => {
        const reader = new AudioStream(track, SAMPLE_RATE, 1).getReader();
        for (;;) {
          const { value: frame, done } = await reader.read();
          if (done) return;
          if (frame.data.some((sample: number) => Math.abs(sample) > 200)) loudFrames++;
        }
      })();
    });
    const nodeToken = await fetchToken(server, roomName, 'node-bot');
    // native SDKs send the token as Authorization: Bearer on the legacy /rtc path
    await node.connect(nodeToken.server_url, nodeToken.participant_token, { autoSubscribe: true, dynacast: false });
    const source = new AudioSource(SAMPLE_RATE, 1);
    const track = LocalAudioTrack.createAudioTrack('tone', source);
    await node.localParticipant!.publishTrack(track, new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
    stopTone = startTone(source);

    const browserToken = await fetchToken(server, roomName, 'browser');
    await page.evaluate(([url, token]) => window.harness.connect(url, token), [browserToken.server_url, browserToken.participant_token] as const);

    await expect
      .poll(async () => {
        const stats = await page.evaluate(() => window.harness.stats());
        return stats.find((s) => s.participant === 'node-bot' && s.kind === 'audio')?.packetsReceived ?? 0;
      }, { timeout: 30_000 })
      .toBeGreaterThan(100);
    await expect.poll(() => loudFrames, { timeout: 30_000 }).toBeGreaterThan(50);

    // a second publication renegotiates next to the recvonly sections the native SDK pre-adds
    const second = new AudioSource(SAMPLE_RATE, 1);
    await node.localParticipant!.publishTrack(LocalAudioTrack.createAudioTrack('tone-2', second), new TrackPublishOptions({ source: TrackSource.SOURCE_SCREENSHARE_AUDIO }));
    const stopSecond = startTone(second);
    const previousStop = stopTone;
    stopTone = () => {
      previousStop();
      stopSecond();
    };
    await expect
      .poll(async () => {
        const stats = await page.evaluate(() => window.harness.stats());
        return stats.filter((s) => s.participant === 'node-bot' && s.kind === 'audio' && s.packetsReceived > 50).length;
      }, { timeout: 30_000 })
      .toBe(2);
  } finally {
    stopTone();
    await node.disconnect().catch(() => {});
    await context.close();
  }
});

test("the only member reconnecting with her identity keeps the room: the next participant joins her (rtc-node)", async () => {
  test.setTimeout(60_000);
  const roomName = newRoomName();
  const first = new Room();
  const replacement = new Room();
  const second = new Room();
  try {
    const connect = async (room: Room, identity: string) => {
      const { server_url, participant_token } = await fetchToken(server, roomName, identity);
      await room.connect(server_url, participant_token, { autoSubscribe: true, dynacast: false });
    };
    await connect(first, 'solo');
    const replaced = new Promise<void>((resolve) => first.once(RoomEvent.Disconnected, () => resolve()));
    await connect(replacement, 'solo');
    await replaced;
    await connect(second, 'second');
    await expect.poll(() => [...replacement.remoteParticipants.keys()], { timeout: 10_000 }).toEqual(['second']);
    expect([...second.remoteParticipants.keys()]).toEqual(['solo']);
    const rooms = await new RoomServiceClient(server.url, 'devkey', 'secret').listRooms();
    expect(rooms.map((r) => [r.name, r.numParticipants])).toEqual([[roomName, 2]]);
  } finally {
    await replacement.disconnect().catch(() => {});
    await second.disconnect().catch(() => {});
  }
});
