// Runs in its own process (started by churn.spec.ts, like `npm run bots`): one @livekit/rtc-node participant publishes
// a camera and a microphone, then `--cycles` others join with auto-subscribe, wait until both tracks are subscribed (the
// path that leaked two UDP sockets per join), some publish a track of their own, and leave. Prints one line per 50
// cycles and `churn: done <cycles> cycles, <failures> failures` at the end.
import { parseArgs } from 'node:util';
import { AudioSource, LocalAudioTrack, Room, RoomEvent, TrackPublishOptions, TrackSource } from '@livekit/rtc-node';
import { startBots } from '../../scripts/bots';

const { values } = parseArgs({
  options: { url: { type: 'string' }, room: { type: 'string' }, cycles: { type: 'string' }, parallel: { type: 'string' } },
});
const origin = values.url ?? '';
const roomName = values.room ?? '';
const cycles = Number(values.cycles ?? '200');
const parallel = Number(values.parallel ?? '3');

/** Rooms that never connected stay referenced: the native SDK crashes when one is collected (see scripts/bots.ts). */
const kept: Room[] = [];

async function token(name: string): Promise<{ server_url: string; participant_token: string }> {
  const response = await fetch(`${origin}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // The service mints the identity; the name tells cycles apart in the server log.
    body: JSON.stringify({ room_name: roomName, participant_name: name }),
  });
  if (!response.ok) throw new Error(`token: ${response.status}`);
  return (await response.json()) as { server_url: string; participant_token: string };
}

async function cycle(index: number): Promise<void> {
  const { server_url, participant_token } = await token(`churn-${index}`);
  const room = new Room();
  kept.push(room);
  let subscribed = 0;
  const both = new Promise<void>((resolve) => {
    room.on(RoomEvent.TrackSubscribed, () => {
      if (++subscribed >= 2) resolve();
    });
  });
  try {
    await room.connect(server_url, participant_token, { autoSubscribe: true, dynacast: false });
    await Promise.race([both, new Promise((_, reject) => setTimeout(() => reject(new Error('tracks not subscribed within 10 s')), 10_000))]);
    if (index % 4 === 0) {
      const source = new AudioSource(48_000, 1);
      await room.localParticipant!.publishTrack(LocalAudioTrack.createAudioTrack('mic', source), new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
    }
  } finally {
    await room.disconnect().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const publisher = await startBots({ origin, room: roomName, count: 1, video: 1, namePrefix: 'Publisher' });
  let next = 0;
  let done = 0;
  let failures = 0;
  const worker = async () => {
    while (next < cycles) {
      const index = next++;
      try {
        await cycle(index);
      } catch (error) {
        failures++;
        console.error(`churn: cycle ${index} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (++done % 50 === 0) console.log(`churn: ${done}/${cycles}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  await publisher.stop();
  console.log(`churn: done ${done} cycles, ${failures} failures`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`churn: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
