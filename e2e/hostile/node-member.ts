/**
 * A member whose client runs in the test process: Sealroom's real key exchange (renderer/e2ee), with the room secret
 * from the link, speaking through the hostile bench. It is how the bench plays a link holder or a modified client:
 * the server delivers what it sends as coming from its identity, and hands it whatever is addressed to it.
 */
import type { Browser } from '@playwright/test';
import { createLocalMember, type LocalMember } from '../../renderer/e2ee/handshake';
import { KeyExchange, KeyExchangeEvent } from '../../renderer/e2ee/key-exchange';
import { RoomKeys } from '../../renderer/e2ee/room-keys';
import type { ChatMessage } from '../../renderer/e2ee/chat';
import { E2EE_TOPIC, type HostileBench } from './bench';

const random = (length: number) => crypto.getRandomValues(new Uint8Array(length));

export async function roomKeysOf(bench: HostileBench): Promise<RoomKeys> {
  const secret = bench.link.split('#v1.')[1];
  if (!secret) throw new Error('the bench link has no key');
  return RoomKeys.derive(bench.room, secret);
}

/** Keys and a session made once, so several key exchanges can share them (a client showing each member something else). */
export async function sessionKeys(identity: string, displayName: string): Promise<LocalMember> {
  return createLocalMember(identity, displayName, random, Date.now());
}

export class NodeMember {
  readonly received: ChatMessage[] = [];

  private constructor(
    readonly identity: string,
    readonly kx: KeyExchange,
  ) {}

  /**
   * Starts a key exchange as `identity` that talks to `peers` only. The identity must be in the room (see
   * `HostileBench.serverParticipant`); what the peers send it is taken off the wire by the bench.
   */
  static async start(bench: HostileBench, identity: string, peers: readonly string[], member: LocalMember): Promise<NodeMember> {
    const kx = await KeyExchange.create({
      roomKeys: await roomKeysOf(bench),
      identity,
      displayName: member.displayName,
      member,
      transport: { send: (to, bytes) => to.forEach((recipient) => bench.inject(identity, recipient, bytes)) },
    });
    const node = new NodeMember(identity, kx);
    kx.on(KeyExchangeEvent.Message, (message) => node.received.push(message));
    bench.onData((delivery) => {
      if (delivery.to !== identity || !peers.includes(delivery.from) || bench.topicOf(delivery) !== E2EE_TOPIC) return undefined;
      kx.onData(delivery.from, bench.payloadOf(delivery));
      return [];
    });
    await kx.start();
    for (const peer of peers) kx.onParticipantJoined(peer);
    return node;
  }

  /** Joins the room as `identity` (a bare connection that publishes nothing) and runs its key exchange towards `peers`. */
  static async join(bench: HostileBench, browser: Browser, identity: string, peers: readonly string[], displayName: string): Promise<NodeMember> {
    await bench.serverParticipant(browser, identity);
    return NodeMember.start(bench, identity, peers, await sessionKeys(identity, displayName));
  }

  close(): void {
    this.kx.close();
  }
}
