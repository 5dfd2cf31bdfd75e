/**
 * The hostile-server bench: the local server with the powers of a malicious operator (server/sfu/hostile-hooks.ts),
 * the app in real Chromium with livekit-client's real E2EE worker, and helpers for each attack. Every attack test runs
 * in arms: against the app as shipped (dist/renderer), and against the bench's testable build (dist/renderer-testable)
 * with the defence under test switched off, to show the attack working without it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParticipantInfo_State, TrackInfo, TrackSource, TrackType, Encryption_Type, type ParticipantInfo } from '@livekit/protocol';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { RtpPacket } from 'werift';
import type { Defence } from '../../renderer/e2ee/defences';
import { startServer, type RunningServer } from '../../server/index';
import type { DataDelivery, HostileHooks, SignalMessage } from '../../server/sfu/hostile-hooks';
import { silentLogger } from '../../server/log';
import type { PublishedTrack } from '../../server/sfu/published-track';
import { joinThroughLobby, newRoomLink } from '../support/call';
import { recordMediaKeys, switchDefencesOffIn, watchPeerConnections } from '../support/e2ee-probes';
import { AccessToken } from 'livekit-server-sdk';
import { DEV_API_KEY, DEV_API_SECRET } from '../../server/credentials';
import { openHarness, type SignalPath } from '../server/support';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One way to run an attack: the app as shipped, or the testable build with some defences switched off. */
export interface Arm {
  name: string;
  staticDir: string;
  off: readonly Defence[];
}

export const SHIPPED: Arm = { name: 'the app as shipped', staticDir: path.join(repoRoot, 'dist', 'renderer'), off: [] };

export function without(...off: Defence[]): Arm {
  return { name: `without ${off.join(', ')}`, staticDir: path.join(repoRoot, 'dist', 'renderer-testable'), off };
}

export const E2EE_TOPIC = 'sealroom.e2ee.v1';

type SignalRule = (to: string, message: SignalMessage) => SignalMessage | null;
type HarnessConnect = NonNullable<Parameters<Window['harness']['connect']>[2]>;
type DataRule = (delivery: DataDelivery) => DataDelivery[] | undefined;

export interface MemberPage {
  page: Page;
  context: BrowserContext;
  name: string;
  identity: string;
}

export class HostileBench {
  private readonly signalRules: SignalRule[] = [];
  private readonly dataRules: DataRule[] = [];
  /** Every data packet the server routed (before the rules), in order. */
  readonly routed: DataDelivery[] = [];
  readonly link: string;
  readonly room: string;
  private readonly contexts: BrowserContext[] = [];

  private constructor(
    readonly arm: Arm,
    readonly server: RunningServer,
  ) {
    this.link = newRoomLink(server.url, true);
    this.room = new URL(this.link).pathname.slice(3);
  }

  static async start(arm: Arm): Promise<HostileBench> {
    const hooks: HostileHooks = {};
    const server = await startServer({ port: 0, staticDir: arm.staticDir, logger: silentLogger, hostile: hooks });
    const bench = new HostileBench(arm, server);
    hooks.signal = (to, message) => bench.signalRules.reduce<SignalMessage | null>((current, rule) => (current ? rule(to, current) : null), message);
    hooks.data = (delivery) => {
      bench.routed.push(delivery);
      let deliveries = [delivery];
      for (const rule of bench.dataRules) deliveries = deliveries.flatMap((d) => rule(d) ?? [d]);
      return deliveries;
    };
    return bench;
  }

  async close(): Promise<void> {
    for (const context of this.contexts) await context.close().catch(() => undefined);
    await this.server.close();
  }

  /** An app member in its own browser context (with this arm's defences), through the lobby. */
  async join(browser: Browser, name: string, options: { recordKeys?: boolean } = {}): Promise<MemberPage> {
    const context = await browser.newContext({ permissions: ['camera', 'microphone'], viewport: { width: 1280, height: 800 } });
    this.contexts.push(context);
    if (this.arm.off.length > 0) await switchDefencesOffIn(context, this.arm.off);
    const page = await context.newPage();
    await watchPeerConnections(page);
    if (options.recordKeys) await recordMediaKeys(page);
    await joinThroughLobby(page, this.link, name);
    const identity = await page.locator('[data-testid="participant-tile"][data-local="true"]').first().getAttribute('data-identity');
    if (!identity) throw new Error(`${name} has no identity yet`);
    return { page, context, name, identity };
  }

  /**
   * A bare livekit-client in the room with a token the server minted: the operator's own participant. With
   * `plaintext`, it publishes a solid-colour camera and a tone, unencrypted.
   */
  async serverParticipant(browser: Browser, identity: string, options: { plaintext?: string; connect?: HarnessConnect; path?: SignalPath } = {}): Promise<Page> {
    // The operator holds the API secret: it mints whatever token it likes, with any identity.
    const grant = new AccessToken(DEV_API_KEY, DEV_API_SECRET, { identity, ttl: '10m' });
    grant.addGrant({ room: this.room, roomJoin: true, canPublish: true, canSubscribe: true, canPublishData: true });
    const jwt = await grant.toJwt();
    const { context, page } = await openHarness(browser, this.server, options.path);
    this.contexts.push(context);
    const connect: HarnessConnect = { publish: false, autoSubscribe: false, ...options.connect };
    await page.evaluate(([url, token, settings]) => window.harness.connect(url, token, settings), [this.server.wsUrl, jwt, connect] as const);
    if (options.plaintext) await page.evaluate((color) => window.harness.publishPlaintext(color), options.plaintext);
    return page;
  }

  // ——— signalling ———

  onSignal(rule: SignalRule): void {
    this.signalRules.push(rule);
  }

  /** Rewrites every ParticipantInfo the server sends to `viewers` (join responses and updates); null removes it. */
  rewriteParticipants(viewers: (to: string) => boolean, rewrite: (info: ParticipantInfo) => ParticipantInfo | null): void {
    this.onSignal((to, message) => {
      if (!viewers(to)) return message;
      if (message.case === 'join') {
        const value = message.value.clone();
        value.otherParticipants = value.otherParticipants.map(rewrite).filter((info): info is ParticipantInfo => info !== null);
        return { case: 'join', value };
      }
      if (message.case === 'update') {
        const value = message.value.clone();
        value.participants = value.participants.map(rewrite).filter((info): info is ParticipantInfo => info !== null);
        return value.participants.length === 0 ? null : { case: 'update', value };
      }
      return message;
    });
  }

  /** Attack 1's first half: tell `viewers` that `identity` also publishes an unencrypted track. */
  announceUnencryptedTrack(identity: string, viewers: (to: string) => boolean): void {
    const fake = new TrackInfo({
      sid: 'TR_server_made_up',
      type: TrackType.AUDIO,
      name: 'extra',
      mimeType: 'audio/opus',
      source: TrackSource.SCREEN_SHARE_AUDIO,
      encryption: Encryption_Type.NONE,
    });
    this.rewriteParticipants(viewers, (info) => {
      if (info.identity !== identity || info.tracks.some((track) => track.sid === fake.sid)) return info;
      const changed = info.clone();
      changed.tracks.push(fake.clone());
      return changed;
    });
  }

  /** The server keeps `identity` listed after it left (a ghost): its departure never reaches anyone. */
  hideLeave(identity: string): void {
    this.rewriteParticipants(() => true, (info) => (info.identity === identity && info.state === ParticipantInfo_State.DISCONNECTED ? null : info));
  }

  /** `viewers` never learn that `identity` is in the room. */
  hideParticipant(identity: string, viewers: (to: string) => boolean): void {
    this.rewriteParticipants(viewers, (info) => (info.identity === identity ? null : info));
  }

  // ——— data ———

  onData(rule: DataRule): void {
    this.dataRules.push(rule);
  }

  /** E2EE envelopes routed from `from` to `to` so far. */
  envelopes(from: string, to: string): Uint8Array[] {
    return this.routed.filter((d) => d.from === from && d.to === to && this.topicOf(d) === E2EE_TOPIC).map((d) => this.payloadOf(d));
  }

  payloadOf(delivery: DataDelivery): Uint8Array {
    return delivery.packet.value.case === 'user' ? delivery.packet.value.value.payload : new Uint8Array(0);
  }

  topicOf(delivery: DataDelivery): string | undefined {
    return delivery.packet.value.case === 'user' ? delivery.packet.value.value.topic : undefined;
  }

  /** Delivers bytes to `to` as an E2EE envelope from `from`. */
  inject(from: string, to: string, bytes: Uint8Array): void {
    this.server.hostile!.injectData(this.room, from, to, bytes, E2EE_TOPIC);
  }

  // ——— media ———

  track(identity: string, source: TrackSource): PublishedTrack {
    const participant = this.server.hostile!.participant(this.room, identity);
    const track = [...(participant?.tracks.values() ?? [])].find((t) => t.info.source === source);
    if (!track) throw new Error(`${identity} publishes no ${TrackSource[source]} track`);
    return track;
  }

  /** Attack 1's second half: everyone receiving `victim`'s track gets `source`'s packets on it instead. */
  splice(victim: PublishedTrack, source: PublishedTrack): () => void {
    victim.withhold(true, source);
    const untap = source.tap((_layer, packet) => victim.inject(packet));
    const keyFrames = setInterval(() => source.requestKeyFrame(source.activeLayers().at(-1) ?? ''), 500);
    return () => {
      clearInterval(keyFrames);
      untap();
      victim.withhold(false);
    };
  }

  /** Copies of the packets a track publishes, from now until the returned function runs. */
  record(track: PublishedTrack): () => RtpPacket[] {
    const recorded: RtpPacket[] = [];
    const untap = track.tap((_layer, packet) => recorded.push(RtpPacket.deSerialize(packet.serialize())));
    return () => {
      untap();
      return recorded;
    };
  }

  /** Plays recorded packets to the track's subscribers at their original pace (withhold the live ones first). */
  async replay(track: PublishedTrack, packets: readonly RtpPacket[], intervalMs = 20): Promise<void> {
    for (const packet of packets) {
      track.inject(packet);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** The server subscribes `subscriber` to a track it never asked for. */
  pushSubscription(subscriber: string, owner: string, source: TrackSource): void {
    const participant = this.server.hostile!.participant(this.room, subscriber);
    const ownerParticipant = this.server.hostile!.participant(this.room, owner);
    if (!participant || !ownerParticipant) throw new Error('no such participant');
    participant.subscribe(ownerParticipant, this.track(owner, source), true);
  }
}

/** Runs `body` once per arm, each on a fresh bench, closing it afterwards. */
export async function inArm<T>(arm: Arm, body: (bench: HostileBench) => Promise<T>): Promise<T> {
  const bench = await HostileBench.start(arm);
  try {
    return await body(bench);
  } finally {
    await bench.close();
  }
}
