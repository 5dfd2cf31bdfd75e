import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64Url, toBase64Url } from './bytes';
import { EnvelopeKind, envelopeKind } from './envelope';
import { DEFAULT_TIMING } from './key-exchange';
import { computeFingerprint } from './security-code';
import { LinkHolder } from './testing/link-holder';
import { convergenceProblems, knowledgeOf, ROOM, SimRoom, type Packet } from './testing/sim-room';

/**
 * Random sequences of joins, leaves (reported or hidden by the server), server glitches, hello substitutions by a
 * link holder, and packet delivery, drop, duplication, replay and reordering, starting from a settled call of 1–3
 * members. Identities are never reused (the token service mints a new one per join).
 */

type Op =
  | { kind: 'join'; slot: number }
  | { kind: 'leave'; slot: number }
  | { kind: 'hide'; slot: number }
  | { kind: 'glitch'; slot: number }
  | { kind: 'substitute'; slot: number; target: number; gen: number }
  | { kind: 'deliver'; index: number }
  | { kind: 'drop'; index: number }
  | { kind: 'duplicate'; index: number }
  | { kind: 'replay'; index: number }
  | { kind: 'tick'; ms: number }
  | { kind: 'flush' };

const SLOTS = 4;
/** 25 keeps `npm test` fast; set SEALROOM_PROPERTY_RUNS=1000 for a deeper search. */
const PROPERTY_RUNS = Number(process.env.SEALROOM_PROPERTY_RUNS ?? 25);
const slot = fc.nat(SLOTS - 1);
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('join' as const), slot }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('leave' as const), slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('hide' as const), slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('glitch' as const), slot }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('substitute' as const), slot, target: slot, gen: fc.integer({ min: 1, max: 2 ** 31 - 1 }) }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('deliver' as const), index: fc.nat(50) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), index: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), index: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replay' as const), index: fc.nat(10_000) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 10, max: 2500 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flush' as const) }) },
);

interface Attack {
  attacker: LinkHolder;
  /** The member whose session was copied, and the one the forged hello went to. */
  victim: string;
  target: string;
  after: number;
}

interface Scenario {
  sim: SimRoom;
  attacks: Attack[];
}

/** Starts from a settled call of `warm` members (so leaves happen while holding keys), then lets the adversary loose. */
async function runScenario(ops: readonly Op[], warm: number): Promise<Scenario> {
  const sim = await SimRoom.create(true);
  const slots: (string | null)[] = Array.from({ length: SLOTS }, () => null);
  let joins = 0;
  const join = async (index: number) => {
    const identity = `m${index}.${joins++}`;
    slots[index] = identity;
    await sim.join(identity);
  };
  for (let index = 0; index < warm; index++) await join(index);
  await sim.advance(1500);
  sim.auto = false;
  const attacks: Attack[] = [];
  for (const op of ops) {
    const identity = 'slot' in op ? (slots[op.slot] ?? null) : null;
    switch (op.kind) {
      case 'join':
        if (identity === null) await join(op.slot);
        break;
      case 'leave':
      case 'hide':
        if (identity !== null && sim.present().length > 1) {
          await sim.leave(identity, { hidden: op.kind === 'hide' });
          slots[op.slot] = null;
        }
        break;
      case 'glitch':
        if (identity !== null) await sim.glitch(identity);
        break;
      case 'substitute': {
        const target = slots[op.target] ?? null;
        if (identity === null || target === null || target === identity) break;
        const victimHello = sim.sent.find((p) => p.from === identity && envelopeKind(p.bytes) === EnvelopeKind.Room);
        const targetHello = [...sim.sent].reverse().find((p) => p.from === target && p.to === identity && envelopeKind(p.bytes) === EnvelopeKind.Room);
        if (!victimHello || !targetHello) break;
        const victim = await LinkHolder.observe(sim.roomKeys, identity, victimHello.to, victimHello.bytes);
        const seen = await LinkHolder.observe(sim.roomKeys, target, identity, targetHello.bytes);
        if (!victim || !seen) break;
        const attacker = await LinkHolder.impersonate(sim.roomKeys, victim.hello);
        attacks.push({ attacker, victim: identity, target, after: sim.sent.length });
        sim.inject(identity, target, await attacker.helloTo(seen, op.gen));
        await sim.settle();
        break;
      }
      case 'deliver':
      case 'drop':
      case 'duplicate': {
        if (sim.queue.length === 0) break;
        const index = op.index % sim.queue.length;
        const packet = sim.queue[index]!;
        if (op.kind !== 'duplicate') sim.queue.splice(index, 1);
        if (op.kind !== 'drop') sim.deliver(packet);
        await sim.settle();
        break;
      }
      case 'replay': {
        if (sim.sent.length === 0) break;
        sim.deliver(sim.sent[op.index % sim.sent.length]!);
        await sim.settle();
        break;
      }
      case 'tick':
        await sim.advance(op.ms);
        break;
      case 'flush': {
        const packets = sim.queue;
        sim.queue = [];
        for (const packet of packets) sim.deliver(packet);
        await sim.settle();
        break;
      }
    }
  }
  await sim.heal();
  return { sim, attacks };
}

function expectConverged(sim: SimRoom): void {
  expect(convergenceProblems(sim)).toEqual([]);
}

/** Everything an attacker could read in the pair envelopes its target sent to the impersonated member. */
async function keysLearnedBy(attack: Attack, sent: readonly Packet[]): Promise<string[]> {
  const learned: string[] = [];
  for (const packet of sent.slice(attack.after)) {
    if (packet.from !== attack.target || packet.to !== attack.victim) continue;
    const body = await attack.attacker.read(attack.target, packet.bytes);
    if (body?.t === 'key') learned.push(toBase64Url(fromBase64Url(body.key)!));
  }
  return learned;
}

const ops = fc.array(opArbitrary, { minLength: 5, maxLength: 40, size: 'max' });
const timeout = 120_000 + PROPERTY_RUNS * 3_000;

describe('KeyExchange properties under a hostile server and network', () => {
  it('honest members converge on the same keys and code; a substitution learns nothing unless it beat the real hello, and then the codes differ', async () => {
    let attempts = 0;
    await fc.assert(
      fc.asyncProperty(ops, fc.integer({ min: 1, max: 3 }), async (sequence, warm) => {
        const { sim, attacks } = await runScenario(sequence, warm);
        let raceWon = false;
        for (const attack of attacks) {
          attempts++;
          const learned = await keysLearnedBy(attack, sim.sent);
          const target = sim.present().find((session) => session.identity === attack.target);
          const victim = sim.present().find((session) => session.identity === attack.victim);
          const fingerprint = await computeFingerprint(ROOM, attack.attacker.member);
          const registered = target?.summary?.members.some((member) => member.fingerprint === fingerprint) ?? false;
          if (learned.length === 0 && !registered) continue;
          // The forged hello reached the target before the member's own: the target took the attacker for that
          // member (a member-in-the-middle). The security code is what reveals it: the two never agree.
          raceWon = true;
          if (target && victim) expect(target.summary!.code).not.toBe(victim.summary!.code);
        }
        if (!raceWon) expectConverged(sim);
      }),
      {
        numRuns: PROPERTY_RUNS,
        // Random runs do not always line a substitution up on two present members: this one always does.
        examples: [
          [
            [
              { kind: 'substitute', slot: 0, target: 1, gen: 1000 },
              { kind: 'flush' },
              { kind: 'tick', ms: 500 },
              { kind: 'flush' },
              { kind: 'tick', ms: 1500 },
            ],
            2,
          ],
        ],
      },
    );
    // Only meaningful if the adversary tried substitutions at all (some of them races it won, some it lost).
    expect(attempts).toBeGreaterThan(0);
  }, timeout);

  it('a member who left never learns a later key (within 1.5 s of a reported leave, within the liveness bound of a hidden one), and a joiner never gets an earlier one', async () => {
    let formersWithKeys = 0;
    let ghosts = 0;
    await fc.assert(
      fc.asyncProperty(ops, fc.integer({ min: 2, max: 3 }), async (sequence, warm) => {
        const { sim } = await runScenario(sequence, warm);
        const formers = sim.sessions.filter((s) => s.leftAt !== null);
        for (const former of formers) {
          if (former.received.size > 0) formersWithKeys++;
          if (former.leftHidden) ghosts++;
          const bound = former.leftHidden ? DEFAULT_TIMING.livenessMs + 1500 : 1500;
          const known = await knowledgeOf(former, ROOM);
          for (const sender of sim.sessions) {
            for (const entry of sender.own) {
              // Keys a departed client picks after it left encrypt nothing anyone receives.
              if (sender.leftAt !== null && entry.at >= sender.leftAt) continue;
              if (entry.at >= former.leftAt! + bound) expect(known.has(toBase64Url(entry.key))).toBe(false);
            }
          }
        }
        for (const joiner of sim.sessions) {
          for (const sender of sim.sessions) {
            const usedBefore = new Set(sender.own.filter((entry) => entry.at < joiner.joinedAt).map((entry) => toBase64Url(entry.key)));
            for (const key of joiner.received.get(sender.identity)?.values() ?? []) expect(usedBefore.has(toBase64Url(key))).toBe(false);
          }
        }
      }),
      { numRuns: PROPERTY_RUNS },
    );
    // Only meaningful if many scenarios had members leave while holding keys, some of them hidden.
    expect(formersWithKeys).toBeGreaterThan(10);
    expect(ghosts).toBeGreaterThan(0);
  }, timeout);
});
