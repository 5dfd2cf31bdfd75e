import { KeyProviderEvent, type KeyInfo } from 'livekit-client';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeBase64Url } from '../../shared/base64url';
import { bytesEqual, fromBase64Url, toBase64Url, utf8 } from './bytes';
import { switchDefencesOff, type Defence } from './defences';
import { EnvelopeKind, envelopeKind } from './envelope';
import { KeyExchange, KeyExchangeEvent, MAX_PEERS } from './key-exchange';
import { OUTBOX_LIMIT } from './pair-channel';
import { RoomKeys } from './room-keys';
import { SealroomKeyProvider } from './sealroom-key-provider';
import { LinkHolder } from './testing/link-holder';
import { convergenceProblems, knowledgeOf, latestOwn, latestReceived, randomBytes, ROOM, SimRoom, type Packet, type Session } from './testing/sim-room';

function expectConverged(sim: SimRoom): void {
  expect(convergenceProblems(sim)).toEqual([]);
}

const hellos = (sim: SimRoom, from: string, to: string): Packet[] =>
  sim.sent.filter((p) => p.from === from && p.to === to && envelopeKind(p.bytes) === EnvelopeKind.Room);

let restore: (() => void) | null = null;
function withDefencesOff(defences: Defence[]): void {
  restore = switchDefencesOff(defences);
}
afterEach(() => {
  restore?.();
  restore = null;
});

describe('KeyExchange with an honest server', () => {
  it('verifies members, agrees on a security code with fingerprints and delivers every sender key', async () => {
    const sim = await SimRoom.create();
    await sim.join('alice');
    await sim.join('bob');
    await sim.join('carol');
    await sim.advance(2000);
    expectConverged(sim);
    const alice = sim.get('alice');
    expect(alice.summary!.code).toMatch(/^\d{5}( \d{5}){5}$/);
    expect(alice.summary!.members.map((m) => [m.identity, m.displayName, m.self])).toEqual([
      ['alice', 'Name alice', true],
      ['bob', 'Name bob', false],
      ['carol', 'Name carol', false],
    ]);
    // Everyone computes the same fingerprint for each member.
    const fingerprints = (session: Session) => new Map(session.summary!.members.map((m) => [m.identity, m.fingerprint]));
    expect(fingerprints(sim.get('bob'))).toEqual(fingerprints(alice));
    expect(alice.kx.canRender('bob')).toBe(true);
    expect(alice.kx.members().map((m) => [m.identity, m.status, m.responsive, m.displayName])).toEqual([
      ['bob', 'verified', true, 'Name bob'],
      ['carol', 'verified', true, 'Name carol'],
    ]);
  });

  it('never hands out epoch 0, so media sent before anyone was verified stays unreadable', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    const bob = await sim.join('bob');
    await sim.advance(2000);
    expect(alice.own[0]!.epoch).toBe(0);
    expect(bob.received.get('alice')?.has(0)).toBe(false);
  });

  it('keys a joiner without a debounce: one round trip after both hellos', async () => {
    const sim = await SimRoom.create(false);
    const alice = await sim.join('alice');
    await sim.advance(1000);
    const bob = await sim.join('bob');
    // Deliver in rounds without letting time pass: hellos, acknowledging hellos, then keys.
    for (let round = 0; round < 4; round++) {
      const packets = sim.queue;
      sim.queue = [];
      for (const packet of packets) sim.deliver(packet);
      await sim.settle();
    }
    expect(latestReceived(bob, 'alice')).not.toBeNull();
    expect(latestReceived(alice, 'bob')).not.toBeNull();
  });

  it('a joiner whose data channel opens late says hello once, naming the member: keyed both ways in three packets', async () => {
    const sim = await SimRoom.create(false);
    const alice = await sim.join('alice');
    await sim.advance(1000);
    let open: () => void = () => undefined;
    const bob = await sim.join('bob', { transportReady: new Promise<void>((resolve) => (open = resolve)) });
    const step = async () => {
      const packets = sim.queue;
      sim.queue = [];
      for (const packet of packets) sim.deliver(packet);
      await sim.settle();
      return sim.queue.map((p) => [p.from, envelopeKind(p.bytes)]);
    };
    // Alice's hello reaches Bob while his channel is still opening: nothing is sealed before it opens.
    expect(await step()).toEqual([]);
    open();
    await sim.settle();
    // One hello from Bob, built when the channel opened, already naming Alice's session.
    expect(sim.queue.map((p) => [p.from, envelopeKind(p.bytes)])).toEqual([['bob', EnvelopeKind.Room]]);
    // Alice verifies Bob by it and answers with her key alone (no hello of her own: the pair envelope verifies her).
    expect(await step()).toEqual([['alice', EnvelopeKind.Pair]]);
    expect(latestReceived(bob, 'alice')).toBeNull();
    // Bob verifies Alice by it, holds her key, and answers with his key, which acknowledges hers too.
    expect(await step()).toEqual([['bob', EnvelopeKind.Pair]]);
    expect(latestReceived(bob, 'alice')).not.toBeNull();
    expect(bob.verified.get('alice')).toBe('Name alice');
    await step();
    expect(latestReceived(alice, 'bob')).not.toBeNull();
    expect(alice.verified.get('bob')).toBe('Name bob');
    await sim.heal();
    expectConverged(sim);
  });

  it('the key never rides on the answer to a hello that does not name our session: that one is answered by a hello', async () => {
    const sim = await SimRoom.create(false);
    const alice = await sim.join('alice');
    await sim.advance(1000);
    // The server keeps Alice's hello from Bob, so Bob's hello cannot name her session (a replay could not either).
    await sim.join('bob');
    sim.queue = sim.queue.filter((p) => p.from !== 'alice');
    const packets = sim.queue;
    sim.queue = [];
    for (const packet of packets) sim.deliver(packet);
    await sim.settle();
    expect(sim.queue.map((p) => [p.from, envelopeKind(p.bytes)])).toEqual([['alice', EnvelopeKind.Room]]);
    expect(alice.verified.has('bob')).toBe(false);
    expect(alice.kx.members()[0]).toMatchObject({ identity: 'bob', status: 'unverified' });
  });

  it('gives a joiner only a key derived after it joined; existing members derive it themselves', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    const bob = await sim.join('bob');
    await sim.advance(2000);
    const beforeJoin = alice.own.map((entry) => toBase64Url(entry.key));
    const carol = await sim.join('carol');
    await sim.advance(2000);
    expectConverged(sim);
    const carolHas = [...carol.received.get('alice')!.values()].map(toBase64Url);
    expect(carolHas.filter((key) => beforeJoin.includes(key))).toEqual([]);
    expect(bytesEqual(latestReceived(bob, 'alice')!.key, latestOwn(alice).key)).toBe(true);
  });

  it('switches every remaining sender to a fresh key within 1.5 s of a leave, even when no ack arrives', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    await sim.join('bob');
    await sim.join('carol');
    await sim.advance(3000);
    const before = latestOwn(alice);
    const leftAt = sim.clock.now();
    const sentBefore = sim.sent.length;
    const carol = await sim.leave('carol');
    // From here the server drops everything between the remaining members (carol still gets a copy of it all).
    sim.dropIf = (packet) => packet.to !== 'carol' && packet.from !== 'carol';
    await sim.advance(1500);
    const after = alice.own.filter((entry) => entry.at > leftAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after[0]!.at - leftAt).toBeLessThanOrEqual(1500);
    expect(after[0]!.epoch).toBeGreaterThan(before.epoch);
    expect((await knowledgeOf(carol, ROOM)).has(toBase64Url(after[0]!.key))).toBe(false);
    expect(sim.sent.slice(sentBefore).filter((p) => p.to === 'carol')).toEqual([]);
    sim.dropIf = () => false;
    await sim.heal();
    expectConverged(sim);
  });

  it('groups leaves that come close together into one new epoch', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    for (const name of ['bob', 'carol', 'dave']) await sim.join(name);
    await sim.advance(3000);
    const epoch = latestOwn(alice).epoch;
    await sim.leave('carol');
    await sim.advance(100);
    await sim.leave('dave');
    await sim.advance(2000);
    expect(latestOwn(alice).epoch).toBe(epoch + 1);
    expectConverged(sim);
  });

  it('advances every key at least every rotation period, so no key lives long enough for its frame IVs to repeat', async () => {
    const sim = await SimRoom.create(true, { rotationPeriodMs: 60_000 });
    const alice = await sim.join('alice');
    const bob = await sim.join('bob');
    await sim.advance(2000);
    const epoch = latestOwn(alice).epoch;
    await sim.advance(60_000);
    expect(latestOwn(alice).epoch).toBe(epoch + 1);
    expect(bytesEqual(latestReceived(bob, 'alice')!.key, latestOwn(alice).key)).toBe(true);
  });

  it('sends signed, encrypted messages that arrive under the authenticated name with their recipients', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    const bob = await sim.join('bob');
    await sim.join('carol');
    await sim.advance(1000);
    const sent = await alice.kx.sendMessage('hello all');
    await sim.settle();
    expect(sent.recipients).toEqual(['bob', 'carol']);
    expect(bob.messages).toEqual([sent]);
    expect(bob.messages[0]!.displayName).toBe('Name alice');
    const onlyBob = await alice.kx.sendMessage('just you', { to: ['bob'] });
    await sim.settle();
    expect(onlyBob.recipients).toEqual(['bob']);
    expect(bob.messages.at(-1)!.recipients).toEqual(['bob']);
    expect(sim.get('carol').messages.map((m) => m.text)).toEqual(['hello all']);
    const text = utf8('hello all');
    expect(sim.sent.filter((p) => p.from === 'alice').some((p) => p.bytes.join(',').includes(text.join(',')))).toBe(false);
  });
});

describe('KeyExchange delivers every message once, or says it could not', () => {
  it('reports each recipient’s acknowledgement', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    await sim.join('bob');
    await sim.join('carol');
    await sim.advance(1000);
    const delivered: string[] = [];
    alice.kx.on(KeyExchangeEvent.MessageDelivered, (id, identity) => delivered.push(`${id === sent.id ? 'it' : id} ${identity}`));
    const sent = await alice.kx.sendMessage('hi');
    await sim.settle();
    expect(delivered.sort()).toEqual(['it bob', 'it carol']);
  });

  it('sends what was not acknowledged again when the member’s session comes back: it arrives exactly once', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    const bob = await sim.join('bob');
    await sim.advance(1000);
    // Bob's acknowledgements are lost, then the server shows alice gone and back to bob: bob restarts his channel.
    sim.dropIf = (packet) => packet.from === 'bob' && envelopeKind(packet.bytes) === EnvelopeKind.Pair;
    await alice.kx.sendMessage('during the outage');
    await sim.advance(500);
    expect(bob.messages.map((m) => m.text)).toEqual(['during the outage']);
    sim.dropIf = () => false;
    const delivered: string[] = [];
    alice.kx.on(KeyExchangeEvent.MessageDelivered, (_id, identity) => delivered.push(identity));
    // The server reports bob gone and back to alice, and alice gone and back to bob (both sides of a reconnect).
    await sim.glitch('bob');
    await sim.glitch('alice');
    await sim.heal();
    expect(bob.messages.map((m) => m.text)).toEqual(['during the outage']);
    expect(delivered).toContain('bob');
    expectConverged(sim);
  });

  it('reports a message a member never acknowledged before it left', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    await sim.join('bob');
    await sim.advance(1000);
    sim.dropIf = (packet) => packet.to === 'bob';
    const undelivered: string[] = [];
    alice.kx.on(KeyExchangeEvent.MessageUndelivered, (id, identity) => undelivered.push(`${id === sent.id ? 'it' : id} ${identity}`));
    const sent = await alice.kx.sendMessage('lost');
    await sim.advance(500);
    await sim.leave('bob');
    // Kept for a reconnect first; then reported.
    expect(undelivered).toEqual([]);
    await sim.advance(31_000);
    expect(undelivered).toEqual(['it bob']);
  });
});

describe('KeyExchange recovers from a server that re-announces a member', () => {
  it('re-verifies a member the server reported as gone and back while its client carried on', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    const bob = await sim.join('bob');
    await sim.advance(2000);
    const aliceEpoch = latestOwn(alice).epoch;
    await sim.glitch('bob');
    await sim.advance(2000);
    expectConverged(sim);
    // Alice treated it as a leave: bob's new key from her is a fresh epoch, delivered over the restarted channel.
    expect(latestOwn(alice).epoch).toBeGreaterThan(aliceEpoch);
    expect(bytesEqual(latestReceived(bob, 'alice')!.key, latestOwn(alice).key)).toBe(true);
    expect(alice.violations).toEqual([]);
  });

  it('ignores a replayed hello of an older channel generation', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    await sim.join('bob');
    await sim.advance(2000);
    const oldHellos = hellos(sim, 'bob', 'alice');
    await sim.glitch('alice');
    await sim.advance(2000);
    for (const packet of oldHellos) alice.kx.onData('bob', packet.bytes);
    await sim.settle();
    await sim.advance(3000);
    expectConverged(sim);
  });
});

describe('KeyExchange against a link holder helped by the server', () => {
  /** Attack 3: Bob's nonce, start and name with the attacker's own keys and gen 1000, sent to Alice as Bob. */
  async function substituteBob(): Promise<{ sim: SimRoom; alice: Session; learned: Uint8Array[]; codeBefore: string }> {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    await sim.join('bob');
    await sim.advance(2000);
    const codeBefore = alice.summary!.code;
    const bobsHello = (await LinkHolder.observe(sim.roomKeys, 'bob', 'alice', hellos(sim, 'bob', 'alice')[0]!.bytes))!;
    const alicesHello = (await LinkHolder.observe(sim.roomKeys, 'alice', 'bob', hellos(sim, 'alice', 'bob').at(-1)!.bytes))!;
    const attacker = await LinkHolder.impersonate(sim.roomKeys, bobsHello.hello);
    const sentBefore = sim.sent.length;
    sim.inject('bob', 'alice', await attacker.helloTo(alicesHello, 1000));
    await sim.settle();
    await sim.advance(2000);
    const learned: Uint8Array[] = [];
    for (const packet of sim.sent.slice(sentBefore).filter((p) => p.from === 'alice' && p.to === 'bob')) {
      const body = await attacker.read('alice', packet.bytes);
      if (body?.t === 'key') learned.push(fromBase64Url(body.key)!);
    }
    return { sim, alice, learned, codeBefore };
  }

  it('previous protocol: a copied session nonce re-keys the channel to the attacker, which gets the current media key', async () => {
    withDefencesOff(['session-binding']);
    const { alice, learned, codeBefore } = await substituteBob();
    expect(learned.some((key) => bytesEqual(key, latestOwn(alice).key))).toBe(true);
    expect(alice.summary!.code).toBe(codeBefore);
    expect(alice.violations).toEqual([]);
  });

  it('a hello that copies a session nonce with other keys is a violation: dropped, reported, and the channel stays', async () => {
    const { sim, alice, learned, codeBefore } = await substituteBob();
    expect(learned).toEqual([]);
    expect(alice.violations).toEqual([['bob', 'conflicting-hello']]);
    expect(alice.summary!.code).toBe(codeBefore);
    expectConverged(sim);
  });

  /** Attack 7: a new session under Bob's identity with the largest start time there is. */
  async function takeOverBob(): Promise<{ sim: SimRoom; alice: Session }> {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    await sim.join('bob');
    await sim.advance(2000);
    const alicesHello = (await LinkHolder.observe(sim.roomKeys, 'alice', 'bob', hellos(sim, 'alice', 'bob').at(-1)!.bytes))!;
    const attacker = await LinkHolder.newSession(sim.roomKeys, 'bob', 'Name bob', Number.MAX_SAFE_INTEGER);
    sim.inject('bob', 'alice', await attacker.helloTo(alicesHello, 1));
    await sim.settle();
    await sim.advance(3000);
    return { sim, alice };
  }

  it('previous protocol: a far-future start displaces a member for the rest of the call', async () => {
    withDefencesOff(['single-session']);
    const { sim, alice } = await takeOverBob();
    // Bob's real client keeps trying, but its session counts as older forever.
    await sim.advance(20_000);
    expect(alice.verified.has('bob')).toBe(false);
    expect(alice.kx.canRender('bob')).toBe(false);
  });

  it('one session per identity: a second session is refused, the member keeps its place', async () => {
    const { sim, alice } = await takeOverBob();
    expect(alice.violations).toEqual([['bob', 'second-session']]);
    expectConverged(sim);
  });

  it('a restarted channel must be verified again before it gets anything', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    await sim.join('bob');
    await sim.advance(2000);
    const events: string[] = [];
    alice.kx.on(KeyExchangeEvent.MemberUnverified, (identity) => events.push(`unverified ${identity}`));
    alice.kx.on(KeyExchangeEvent.MemberVerified, (identity) => events.push(`verified ${identity}`));
    sim.auto = false;
    // The server shows bob alice leaving and coming back: bob starts his channel with her afresh.
    await sim.glitch('alice');
    const restart = sim.queue.filter((p) => p.from === 'bob' && p.to === 'alice' && envelopeKind(p.bytes) === EnvelopeKind.Room);
    expect(restart.length).toBeGreaterThan(0);
    sim.queue = sim.queue.filter((p) => !restart.includes(p));
    for (const packet of restart) sim.deliver(packet);
    await sim.settle();
    expect(alice.kx.members().find((m) => m.identity === 'bob')?.status).toBe('unverified');
    expect(alice.kx.canRender('bob')).toBe(false);
    expect(events).toEqual(['unverified bob']);
    sim.auto = true;
    await sim.heal();
    expectConverged(sim);
    expect(events).toEqual(['unverified bob', 'verified bob']);
  });
});

describe('KeyExchange against a server that hides a leave', () => {
  /** Attack 4: carol's client is gone, the server never says so, and keeps forwarding everything to her. */
  async function ghostCarol(): Promise<{ sim: SimRoom; carol: Session; alice: Session; leftAt: number }> {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    await sim.join('bob');
    await sim.join('carol');
    await sim.advance(3000);
    const leftAt = sim.clock.now();
    const carol = await sim.leave('carol', { hidden: true });
    await sim.advance(10_000);
    return { sim, carol, alice, leftAt };
  }

  it('previous protocol: a ghost keeps every key for as long as the server likes', async () => {
    withDefencesOff(['liveness']);
    const { sim, carol, alice } = await ghostCarol();
    const known = await knowledgeOf(carol, ROOM);
    expect(known.has(toBase64Url(latestOwn(alice).key))).toBe(true);
    expect(known.has(toBase64Url(latestOwn(sim.get('bob')).key))).toBe(true);
  });

  it('a silent member is treated as gone for keys within the liveness bound, and shown as not responding', async () => {
    const { sim, carol, alice, leftAt } = await ghostCarol();
    expect(alice.unresponsive).toEqual(new Set(['carol']));
    const known = await knowledgeOf(carol, ROOM);
    for (const sender of [alice, sim.get('bob')]) {
      const fresh = sender.own.filter((entry) => entry.at > leftAt);
      expect(fresh.length).toBeGreaterThan(0);
      // Liveness bound, then the leave debounce and the switch deadline.
      expect(fresh[0]!.at - leftAt).toBeLessThanOrEqual(5000 + 250 + 750 + 200);
      for (const entry of fresh) expect(known.has(toBase64Url(entry.key))).toBe(false);
    }
    // The code covers only members who answer, so the two who remain agree without her.
    expect(alice.summary!.members.map((m) => m.identity)).toEqual(['alice', 'bob']);
    expect(alice.summary!.code).toBe(sim.get('bob').summary!.code);
  });

  it('a member that answers again gets a new key it cannot trace back', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    const bob = await sim.join('bob');
    await sim.advance(2000);
    sim.dropIf = (packet) => packet.from === 'bob';
    await sim.advance(8000);
    expect(alice.unresponsive.has('bob')).toBe(true);
    const excluding = latestOwn(alice);
    sim.dropIf = () => false;
    await sim.heal();
    expect(alice.unresponsive.has('bob')).toBe(false);
    expectConverged(sim);
    expect((await knowledgeOf(bob, ROOM)).has(toBase64Url(excluding.key))).toBe(false);
  });
});

describe('KeyExchange resource bounds (attack 9), each with the bounds off and on', () => {
  async function run<T>(defended: boolean, scenario: () => Promise<T>): Promise<T> {
    if (!defended) withDefencesOff(['resource-bounds']);
    try {
      return await scenario();
    } finally {
      restore?.();
      restore = null;
    }
  }

  it('a message too large for one envelope is refused at send instead of blocking the channel behind it', async () => {
    const delivered = async (defended: boolean) =>
      run(defended, async () => {
        const sim = await SimRoom.create();
        const alice = await sim.join('alice');
        const bob = await sim.join('bob');
        await sim.join('carol');
        await sim.advance(1000);
        const sent = await alice.kx.sendMessage('\u0001'.repeat(7000)).then(
          () => 'queued',
          (error: Error) => error.message,
        );
        await alice.kx.sendMessage('after it');
        await sim.advance(5000);
        return { sent, bob: bob.messages.map((m) => m.text), carol: sim.get('carol').messages.map((m) => m.text), errors: alice.errors };
      });
    const off = await delivered(false);
    // The oversize body is queued before sealing fails, and can never be sealed: everything behind it on the ordered
    // channel is stuck.
    expect(off.sent).not.toMatch(/too long to send/);
    expect(off.bob).toEqual([]);
    const on = await delivered(true);
    expect(on.sent).toMatch(/too long to send/);
    expect(on.bob).toEqual(['after it']);
    expect(on.carol).toEqual(['after it']);
    expect(on.errors).toEqual([]);
  });

  it('what waits for a member that never acknowledges is capped, and each retransmission round is bounded', async () => {
    const resentPerRound = async (defended: boolean) =>
      run(defended, async () => {
        const sim = await SimRoom.create();
        const alice = await sim.join('alice');
        await sim.join('bob');
        await sim.advance(1000);
        sim.dropIf = (packet) => packet.to === 'bob';
        for (let i = 0; i < OUTBOX_LIMIT + 20; i++) await alice.kx.sendMessage(`m${i}`);
        const lastRecipients = (await alice.kx.sendMessage('one more')).recipients;
        await sim.settle();
        const before = sim.sent.length;
        await sim.advance(450);
        const resent = sim.sent.slice(before).filter((p) => p.from === 'alice' && p.to === 'bob' && envelopeKind(p.bytes) === EnvelopeKind.Pair);
        return { lastRecipients, resent: resent.length };
      });
    const off = await resentPerRound(false);
    expect(off.lastRecipients).toEqual(['bob']);
    expect(off.resent).toBeGreaterThan(OUTBOX_LIMIT);
    const on = await resentPerRound(true);
    expect(on.lastRecipients).toEqual([]);
    expect(on.resent).toBeLessThanOrEqual(17);
  });

  it('participants the server invents are tracked up to a bound and get ever fewer hellos', async () => {
    const load = async (defended: boolean) =>
      run(defended, async () => {
        const sim = await SimRoom.create();
        const alice = await sim.join('alice');
        for (let i = 0; i < MAX_PEERS + 50; i++) alice.kx.onParticipantJoined(`ghost${i}`);
        await sim.settle();
        await sim.advance(60_000);
        const before = sim.sent.length;
        await sim.advance(60_000);
        return { tracked: alice.kx.members().length, hellosPerMinute: sim.sent.slice(before).filter((p) => p.to === 'ghost0').length };
      });
    const off = await load(false);
    expect(off.tracked).toBe(MAX_PEERS + 50);
    expect(off.hellosPerMinute).toBeGreaterThanOrEqual(14);
    const on = await load(true);
    expect(on.tracked).toBe(MAX_PEERS);
    expect(on.hellosPerMinute).toBeLessThanOrEqual(2);
  });

  it('one member cannot make another restart its channel (new pair keys, re-verification, keys again) as often as it likes', async () => {
    const restarts = async (defended: boolean) =>
      run(defended, async () => {
        const sim = await SimRoom.create();
        const alice = await sim.join('alice');
        await sim.join('bob');
        await sim.advance(2000);
        let accepted = 0;
        alice.kx.on(KeyExchangeEvent.MemberUnverified, () => accepted++);
        // The server shows bob alice leaving and coming back 20 times in two seconds; bob restarts his channel each time.
        for (let i = 0; i < 20; i++) {
          await sim.glitch('alice');
          await sim.advance(100);
        }
        await sim.advance(2000);
        return { accepted, violations: alice.violations, converged: sim.converged() };
      });
    const off = await restarts(false);
    expect(off.accepted).toBeGreaterThanOrEqual(15);
    const on = await restarts(true);
    expect(on.accepted).toBeLessThanOrEqual(4);
    expect(on.violations).toEqual([['bob', 'restart-flood']]);
  });
});

describe('KeyExchange fails closed', () => {
  it('gives a participant without the room secret nothing and never verifies it', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    const mallory = await sim.join('mallory', { roomKeys: await RoomKeys.derive(ROOM, encodeBase64Url(randomBytes(32))) });
    await sim.join('bob');
    await sim.advance(5000);
    expect(alice.verified.has('mallory')).toBe(false);
    expect(alice.kx.canRender('mallory')).toBe(false);
    expect(mallory.received.size).toBe(0);
    expect(mallory.verified.size).toBe(0);
    expect(sim.sent.filter((p) => p.to === 'mallory').every((p) => envelopeKind(p.bytes) === EnvelopeKind.Room)).toBe(true);
    expect(alice.summary!.code).toBe(sim.get('bob').summary!.code);
  });

  it('drops plaintext, garbage, re-labelled and replayed packets', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    await sim.join('bob');
    await sim.join('carol');
    await sim.advance(2000);
    const received = alice.received.get('bob')!.size;
    const carolPackets = sim.sent.filter((p) => p.from === 'carol' && p.to === 'alice');
    for (const packet of carolPackets) alice.kx.onData('bob', packet.bytes);
    alice.kx.onData('bob', utf8(JSON.stringify({ type: 'chat', id: 'x', text: 'forged' })));
    alice.kx.onData('bob', randomBytes(100));
    for (const packet of sim.sent.filter((p) => p.from === 'bob' && p.to === 'alice')) alice.kx.onData('bob', packet.bytes);
    alice.kx.onData('nobody', carolPackets[0]!.bytes);
    await sim.settle();
    await sim.advance(2000);
    expect(alice.received.get('bob')!.size).toBe(received);
    expect(alice.messages).toEqual([]);
    expect(alice.errors).toEqual([]);
    expect(alice.violations).toEqual([]);
    expectConverged(sim);
  });

  it('reports a stalled member when key messages are never acknowledged, and recovers', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    // Bob's hellos reach alice, but nothing bob sends on the pair channel (his acknowledgements) ever does.
    sim.dropIf = (packet) => packet.from === 'bob' && envelopeKind(packet.bytes) === EnvelopeKind.Pair;
    await sim.join('bob');
    await sim.advance(20_000);
    expect(alice.stalled).toEqual(['bob']);
    expect(alice.recovered).toEqual([]);
    sim.dropIf = () => false;
    await sim.heal();
    expect(alice.recovered).toEqual(['bob']);
    expectConverged(sim);
  });
});

describe('KeyExchange listeners', () => {
  it('reports a throwing listener as a protocol error without breaking the exchange or recursing', async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    alice.kx.on(KeyExchangeEvent.MemberVerified, () => {
      throw new Error('UI bug');
    });
    alice.kx.on(KeyExchangeEvent.ProtocolError, () => {
      throw new Error('another UI bug');
    });
    await sim.join('bob');
    await sim.advance(2000);
    expect(alice.errors).toEqual(['an event listener threw']);
    alice.errors.length = 0;
    expectConverged(sim);
  });
});

describe('SealroomKeyProvider', () => {
  it('installs remote keys under their identity and own keys under the local identity, and refuses to ratchet', async () => {
    const sim = await SimRoom.create();
    const provider = new SealroomKeyProvider();
    const set: KeyInfo[] = [];
    provider.on(KeyProviderEvent.SetKey, (info) => set.push(info));
    const alice = await KeyExchange.create({ roomKeys: sim.roomKeys, identity: 'alice', displayName: 'A', transport: { send: () => undefined } });
    const stop = provider.follow(alice);
    await alice.start();
    await provider.settled();
    expect(set.map((info) => [info.participantIdentity, info.keyIndex])).toEqual([['alice', 0]]);
    expect(set[0]!.key.algorithm.name).toBe('HKDF');
    expect(set[0]!.key.extractable).toBe(false);
    expect(provider.getOptions()).toMatchObject({ ratchetWindowSize: 0, keyringSize: 256, sharedKey: false });
    expect(() => provider.ratchetKey()).toThrow(/never ratchets/);
    stop();
    alice.close();
  });

  it("overwrites a sender's retired keys in the SDK keyring within seconds, and all of a departed sender's", async () => {
    const sim = await SimRoom.create();
    const alice = await sim.join('alice');
    const provider = new SealroomKeyProvider(sim.clock);
    const stop = provider.follow(alice.kx);
    const keyAt = new Map<string, CryptoKey>();
    provider.on(KeyProviderEvent.SetKey, (info) => keyAt.set(`${info.participantIdentity}/${info.keyIndex}`, info.key));
    await sim.join('bob');
    await sim.advance(2000);
    const firstIndex = provider.filledSlots('bob')[0]!;
    const firstKey = keyAt.get(`bob/${firstIndex}`);
    await sim.join('carol');
    await sim.advance(1000);
    expect(provider.filledSlots('bob').length).toBeGreaterThan(1);
    await sim.advance(5000);
    await provider.settled();
    expect(provider.filledSlots('bob')).toEqual([latestReceived(alice, 'bob')!.epoch % 256]);
    expect(keyAt.get(`bob/${firstIndex}`)).not.toBe(firstKey);
    await sim.leave('bob');
    await sim.advance(6000);
    await provider.settled();
    expect(provider.filledSlots('bob')).toEqual([]);
    stop();
  });

});
