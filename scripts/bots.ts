// `npm run bots -- --url <link-or-origin> [--room <room>] --count N [--video K] [--seconds S]`
// Adds N real participants (LiveKit's Rust SDK via @livekit/rtc-node) to a room; K of them publish a synthetic
// camera and microphone. For tests and for load-testing any deployment that serves the standard token endpoint.
import { parseArgs } from 'node:util';
import {
  AudioFrame,
  AudioSource,
  LocalAudioTrack,
  LocalVideoTrack,
  Room,
  TrackPublishOptions,
  TrackSource,
  VideoBufferType,
  VideoFrame,
  VideoSource,
} from '@livekit/rtc-node';
import { isRoomName, parseRoomLink } from '../shared/room-link';

export interface BotOptions {
  origin: string;
  room: string;
  count: number;
  video: number;
  namePrefix?: string;
  /** Parallel connection attempts. */
  concurrency?: number;
  onProgress?(connected: number, total: number): void;
}

export interface RunningBots {
  identities: string[];
  stop(): Promise<void>;
}

const WIDTH = 320;
const HEIGHT = 180;
const FPS = 10;
const SAMPLE_RATE = 48_000;
const AUDIO_FRAME = 480;

async function fetchToken(origin: string, room: string, name: string): Promise<{ serverUrl: string; token: string }> {
  const response = await fetch(`${origin}/api/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room_name: room, participant_name: name }),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
  const body = (await response.json()) as { server_url?: unknown; participant_token?: unknown };
  if (typeof body.server_url !== 'string' || typeof body.participant_token !== 'string') {
    throw new Error('token endpoint answered without server_url/participant_token');
  }
  return { serverUrl: body.server_url, token: body.participant_token };
}

/** A moving bar over a flat colour, so receivers decode real, changing frames; cheap enough for dozens of bots. */
function startSyntheticVideo(source: VideoSource, hue: number): () => void {
  const data = new Uint8Array(WIDTH * HEIGHT * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = hue;
    data[i + 1] = (hue * 3) % 256;
    data[i + 2] = 128;
    data[i + 3] = 255;
  }
  let frame = 0;
  const paintColumn = (x: number, lit: boolean) => {
    for (let y = 0; y < HEIGHT; y++) {
      const i = (y * WIDTH + x) * 4;
      data[i] = lit ? 255 : hue;
      data[i + 1] = lit ? 255 : (hue * 3) % 256;
      data[i + 2] = lit ? 255 : 128;
    }
  };
  const timer = setInterval(() => {
    const bar = (frame * 8) % WIDTH;
    for (let x = 0; x < 8; x++) {
      paintColumn((bar + WIDTH - 8 + x) % WIDTH, false);
      paintColumn((bar + x) % WIDTH, true);
    }
    source.captureFrame(new VideoFrame(data, WIDTH, HEIGHT, VideoBufferType.RGBA));
    frame++;
  }, 1000 / FPS);
  return () => clearInterval(timer);
}

function startTone(source: AudioSource, frequency: number): () => void {
  let running = true;
  let phase = 0;
  void (async () => {
    while (running) {
      const samples = new Int16Array(AUDIO_FRAME);
      for (let i = 0; i < AUDIO_FRAME; i++) samples[i] = Math.round(Math.sin((2 * Math.PI * frequency * phase++) / SAMPLE_RATE) * 3000);
      await source.captureFrame(new AudioFrame(samples, SAMPLE_RATE, 1, AUDIO_FRAME)).catch(() => (running = false));
    }
  })();
  return () => {
    running = false;
  };
}

export async function startBots(options: BotOptions): Promise<RunningBots> {
  const rooms: Room[] = [];
  const neverConnected: Room[] = [];
  const stops: Array<() => void> = [];
  const identities: string[] = [];
  const prefix = options.namePrefix ?? 'Bot';
  let next = 0;
  let connected = 0;

  const connectOne = async (index: number) => {
    const name = `${prefix} ${index + 1}`;
    const { serverUrl, token } = await fetchToken(options.origin, options.room, name);
    const room = new Room();
    rooms.push(room);
    try {
      await room.connect(serverUrl, token, { autoSubscribe: false, dynacast: false });
    } catch (error) {
      // A room that never connected is kept out of the list but stays referenced: disconnecting it, or letting it be
      // garbage-collected, makes the native SDK drop a handle it never had and crash the process.
      rooms.splice(rooms.indexOf(room), 1);
      neverConnected.push(room);
      throw new Error(`${name} could not join: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    identities.push(room.localParticipant?.identity ?? name);
    if (index < options.video) {
      const video = new VideoSource(WIDTH, HEIGHT);
      const audio = new AudioSource(SAMPLE_RATE, 1);
      await room.localParticipant!.publishTrack(
        LocalVideoTrack.createVideoTrack('camera', video),
        new TrackPublishOptions({ source: TrackSource.SOURCE_CAMERA, simulcast: false }),
      );
      await room.localParticipant!.publishTrack(LocalAudioTrack.createAudioTrack('microphone', audio), new TrackPublishOptions({ source: TrackSource.SOURCE_MICROPHONE }));
      stops.push(startSyntheticVideo(video, (index * 47) % 200), startTone(audio, 220 + index * 20));
    }
    options.onProgress?.(++connected, options.count);
  };

  // At scale a join occasionally fails (a connection that times out under load); retries keep the count honest.
  const connectWithRetry = async (index: number) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await connectOne(index);
      } catch (error) {
        if (attempt >= 3) throw error;
        console.warn(`bots: ${error instanceof Error ? error.message : String(error)}; retrying`);
      }
    }
  };
  const worker = async () => {
    while (next < options.count) await connectWithRetry(next++);
  };
  const stop = async () => {
    stops.forEach((s) => s());
    await Promise.all(rooms.map((room) => room.disconnect().catch(() => undefined)));
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, options.count) }, worker));
  } catch (error) {
    await stop();
    throw error;
  }
  return { identities, stop };
}

function usage(message: string): never {
  console.error(`npm run bots: ${message}
Usage: npm run bots -- --url=<room link or server origin> [--room=<room>] --count=N [--video=K] [--seconds=S] [--parallel=P]
(use the --name=value form: room names may start with "-")`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        url: { type: 'string' },
        room: { type: 'string' },
        count: { type: 'string' },
        video: { type: 'string' },
        seconds: { type: 'string' },
        parallel: { type: 'string' },
      },
    }));
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
  if (!values.url) usage('--url is required');
  const link = parseRoomLink(values.url);
  const origin = link.ok ? link.value.origin : values.url.replace(/\/+$/, '');
  if (!link.ok && !/^https?:\/\/[^/#?]+$/.test(origin)) usage(`--url must be a room link or a server origin like https://meet.example.com (${link.error.message})`);
  const room = values.room ?? (link.ok ? link.value.room : undefined);
  if (!isRoomName(room)) usage('--room must be a 22-character room name (or pass a room link as --url)');
  const count = Number(values.count ?? '1');
  // One join at a time by default: the native SDK occasionally loses a join that overlaps many others in one process.
  const parallel = Number(values.parallel ?? '1');
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 16) usage('--parallel must be a whole number from 1 to 16');
  const video = Number(values.video ?? '0');
  if (!Number.isInteger(count) || count < 1 || count > 100) usage('--count must be a whole number from 1 to 100');
  if (!Number.isInteger(video) || video < 0 || video > count) usage('--video must be a whole number from 0 to --count');
  if (link.ok && link.value.e2ee) console.warn('bots: the room is end-to-end encrypted; bots hold no key, so members will see them as unverified.');

  const started = Date.now();
  const bots = await startBots({
    origin,
    room,
    count,
    video,
    concurrency: parallel,
    onProgress: (done, total) => process.stdout.write(`\rbots: ${done}/${total} connected`),
  });
  console.log(`\nbots: ${count} in room ${room} (${video} publishing video and audio) after ${((Date.now() - started) / 1000).toFixed(1)} s. Ctrl-C to stop.`);
  const shutdown = async () => {
    await bots.stop();
    console.log('bots: disconnected');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  if (values.seconds) setTimeout(() => void shutdown(), Number(values.seconds) * 1000);
}

if (process.argv[1] && /bots\.ts$/.test(process.argv[1])) {
  // The native SDK reports some internal clean-up failures as stray rejections; one bot's trouble must not end the rest.
  process.on('unhandledRejection', (reason) => console.warn(`bots: ignored an SDK error: ${reason instanceof Error ? reason.message : String(reason)}`));
  main().catch((error: unknown) => {
    console.error(`npm run bots: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
