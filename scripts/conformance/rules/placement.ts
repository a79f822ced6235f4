/**
 * The placement suite: kafkascope's replica placement (src/engine/replication/placement.ts)
 * against Kafka's own code.
 * - `adminUtils`: the classic rack-unaware and rack-aware rules, exactly, against
 *   `AdminUtils.assignReplicasToBrokers` with a fixed start index, and with a random one (its
 *   `RAND` reseeded; RulesMain reports the start index and shift it drew). Kafka 4.1 removed
 *   AdminUtils, so it comes from kafka-server-common 4.0.0, its last release.
 * - `striped`: what a 4.3.1 KRaft controller does (`StripedReplicaPlacer`, kafka-metadata
 *   4.3.1, seeded Random) with fenced brokers: the same refusals as `placementRefusal`, and the
 *   rules `placeReplicasAvoidingFenced` claims (leader unfenced, fenced brokers only once the
 *   unfenced run out) hold for Kafka's placements and for ours. Which brokers differ by design.
 */
import {
  PlacementError,
  placeReplicasAvoidingFenced,
  placeReplicasRackAware,
  placeReplicasRackUnaware,
  placementRefusal,
  type UsableBroker,
} from '../../../src/engine/replication/placement';
import { createRng, nextInt } from '../../../src/engine/index';
import type { SuiteOptions, SuiteResult } from '../suite';
import {
  OK,
  distinctIds,
  gen,
  runRulesSuite,
  shuffled,
  type Gen,
  type RulesSuite,
  type Verdict,
} from './common';

export type PlacementCase =
  | {
      readonly type: 'adminUtils';
      readonly brokers: readonly { readonly id: number; readonly rack: string | null }[];
      readonly partitions: number;
      readonly rf: number;
      /** ≥ 0: AdminUtils' fixedStartIndex (start index and shift); -1: drawn from RAND seeded with `seed`. */
      readonly fixedStartIndex: number;
      readonly startPartitionId: number;
      readonly seed: number;
    }
  | {
      readonly type: 'striped';
      readonly brokers: readonly { readonly id: number; readonly fenced: boolean }[];
      readonly partitions: number;
      readonly rf: number;
      readonly seed: number;
    };

export interface PlacementAnswer {
  readonly assignment?: readonly (readonly number[])[];
  readonly error?: string;
  readonly message?: string;
  readonly startIndex?: number;
  readonly shift?: number;
}

const RACKS = ['a', 'b', 'c', 'rack-1', 'rack-2', 'Zone', 'é', '東'];

function adminUtilsCase(g: Gen): PlacementCase {
  const n = g.int(1, 9);
  const ids = distinctIds(g, n, g.pick([n - 1, 20, 1000]));
  const layout = g.int(0, 9);
  let brokers: { id: number; rack: string | null }[];
  if (layout < 4) {
    // Kafka's callers list brokers sorted by id (getBrokerMetadatas); AdminUtils keeps that order.
    brokers = ids.map((id) => ({ id, rack: null }));
  } else {
    const rackCount = g.int(1, Math.min(n, 5));
    const names = shuffled(g, RACKS).slice(0, rackCount);
    brokers = shuffled(
      g,
      ids.map((id) => ({ id, rack: g.pick(names) })),
    );
    // One in ten: some brokers without a rack, which AdminUtils refuses.
    if (layout === 9 && n > 1) brokers[g.int(0, n - 1)].rack = null;
  }
  const rf = g.chance(0.05) ? g.pick([0, n + 1]) : g.int(1, n);
  return {
    type: 'adminUtils',
    brokers,
    partitions: g.chance(0.03) ? 0 : g.int(1, 30),
    rf,
    fixedStartIndex: g.chance(0.5) ? -1 : g.int(0, 2 * n),
    startPartitionId: g.chance(0.5) ? 0 : g.int(1, 40),
    seed: g.seed(),
  };
}

function stripedCase(g: Gen): PlacementCase {
  const n = g.int(1, 8);
  const ids = shuffled(g, distinctIds(g, n, g.pick([n - 1, 50])));
  const fencedShare = g.pick([0, 0, 0.2, 0.5, 1]);
  const brokers = ids.map((id) => ({ id, fenced: g.chance(fencedShare) }));
  return {
    type: 'striped',
    brokers,
    partitions: g.int(1, 20),
    rf: g.chance(0.05) ? n + 1 : g.int(1, n),
    seed: g.seed(),
  };
}

function generate(seed: number, count: number): PlacementCase[] {
  const g = gen(seed, 3);
  return Array.from({ length: count }, () => (g.chance(0.7) ? adminUtilsCase(g) : stripedCase(g)));
}

function tryPlace(f: () => number[][]): number[][] | PlacementError {
  try {
    return f();
  } catch (e) {
    if (e instanceof PlacementError) return e;
    throw e;
  }
}

function same(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): boolean {
  return (
    a.length === b.length &&
    a.every((r, i) => r.length === b[i].length && r.every((x, j) => x === b[i][j]))
  );
}

function show(a: readonly (readonly number[])[]): string {
  return a.map((r) => `[${r.join(',')}]`).join(' ');
}

function checkAdminUtils(
  c: Extract<PlacementCase, { type: 'adminUtils' }>,
  k: PlacementAnswer,
): Verdict {
  const start = c.fixedStartIndex >= 0 ? c.fixedStartIndex : (k.startIndex ?? 0);
  const shift = c.fixedStartIndex >= 0 ? c.fixedStartIndex : (k.shift ?? 0);
  const rackAware = c.brokers.some((b) => b.rack !== null);
  const ours = tryPlace(() =>
    rackAware
      ? placeReplicasRackAware(c.brokers, c.partitions, c.rf, start, shift, c.startPartitionId)
      : placeReplicasRackUnaware(
          c.brokers.map((b) => b.id),
          c.partitions,
          c.rf,
          start,
          shift,
          c.startPartitionId,
        ),
  );
  if (ours instanceof PlacementError) {
    return k.error !== undefined
      ? OK
      : { fail: `kafkascope refused (${ours.message}), Kafka placed` };
  }
  if (k.assignment === undefined)
    return { fail: `kafkascope placed, Kafka refused: ${k.error} ${k.message}` };
  if (!same(ours, k.assignment))
    return {
      fail: `${rackAware ? 'rack-aware' : 'rack-unaware'}: ${show(ours)}\n    Kafka: ${show(k.assignment)}`,
    };
  return OK;
}

/** Leader unfenced, distinct replicas, fenced brokers only for the replicas the unfenced cannot hold, and last. */
function stripedRulesBroken(
  brokers: readonly UsableBroker[],
  rf: number,
  assignment: readonly (readonly number[])[],
): string | null {
  const fenced = new Set(brokers.filter((b) => b.fenced).map((b) => b.id));
  const known = new Set(brokers.map((b) => b.id));
  const unfencedCount = brokers.length - fenced.size;
  for (const [p, replicas] of assignment.entries()) {
    if (replicas.length !== rf || new Set(replicas).size !== rf)
      return `p${p} ${replicas} is not ${rf} distinct brokers`;
    if (replicas.some((b) => !known.has(b))) return `p${p} ${replicas} names an unknown broker`;
    if (fenced.has(replicas[0])) return `p${p} is led by fenced broker ${replicas[0]}`;
    const onFenced = replicas.filter((b) => fenced.has(b)).length;
    if (onFenced !== Math.max(0, rf - unfencedCount))
      return `p${p} ${replicas} has ${onFenced} fenced replicas while unfenced brokers were free`;
    if (replicas.slice(rf - onFenced).some((b) => !fenced.has(b)))
      return `p${p} ${replicas}: a fenced replica comes before an unfenced one`;
  }
  return null;
}

function checkStriped(c: Extract<PlacementCase, { type: 'striped' }>, k: PlacementAnswer): Verdict {
  const refusal = placementRefusal(c.brokers, c.rf);
  if ((refusal !== null) !== (k.error !== undefined))
    return { fail: `refusal: kafkascope ${refusal ?? 'places'}, Kafka ${k.message ?? 'places'}` };
  if (refusal !== null) {
    // Same reason: both say "fenced" or both "replication factor ... cannot be reached".
    const bothFenced =
      refusal.includes('fenced') ===
      (k.message ?? '').startsWith('All brokers are currently fenced');
    return bothFenced
      ? OK
      : { fail: `refusal reason: kafkascope "${refusal}", Kafka "${k.message}"` };
  }
  const kafkaBroken = stripedRulesBroken(c.brokers, c.rf, k.assignment ?? []);
  if (kafkaBroken !== null)
    return { fail: `Kafka breaks the rule kafkascope claims: ${kafkaBroken}` };
  const rng = createRng(c.seed >>> 0);
  const ours = placeReplicasAvoidingFenced(c.brokers, c.partitions, c.rf, (n) => ({
    startIndex: nextInt(rng, n),
    shift: nextInt(rng, n),
  }));
  const oursBroken = stripedRulesBroken(c.brokers, c.rf, ours);
  return oursBroken === null ? OK : { fail: `kafkascope: ${oursBroken}` };
}

function check(c: PlacementCase, k: PlacementAnswer): Verdict {
  return c.type === 'adminUtils' ? checkAdminUtils(c, k) : checkStriped(c, k);
}

/** Whether some start index and shift make the classic rule give exactly Kafka's striped placement. */
export function classicRuleExplains(
  c: Extract<PlacementCase, { type: 'striped' }>,
  assignment: readonly (readonly number[])[],
): boolean {
  const ids = c.brokers.map((b) => b.id);
  for (let start = 0; start < ids.length; start++) {
    for (let shift = 0; shift < ids.length; shift++) {
      if (same(placeReplicasRackUnaware(ids, c.partitions, c.rf, start, shift), assignment))
        return true;
    }
  }
  return false;
}

export const placementSuite: RulesSuite<PlacementCase, PlacementAnswer> = {
  name: 'placement',
  defaultCases: 1500,
  vectorCases: 300,
  needsAdminUtils: true,
  needsGroupCoordinator: false,
  generate,
  check,
  notes: [
    'AdminUtils (classic rack-unaware and rack-aware rule) was removed in Kafka 4.1: judged by kafka-server-common ' +
      '4.0.0, its last release; Kafka 4.3.1 KRaft controllers and kafka-reassign-partitions use StripedReplicaPlacer',
    'striped cases (StripedReplicaPlacer 4.3.1, no racks): same refusals, and leader-unfenced / fenced-last rules ' +
      'checked on both sides; which brokers are chosen differs by design',
  ],
  summarize(cases, kafka) {
    let unfencedStriped = 0;
    let explained = 0;
    let multiRound = 0;
    let multiRoundExplained = 0;
    cases.forEach((c, i) => {
      const a = kafka[i].assignment;
      if (c.type !== 'striped' || a === undefined || c.brokers.some((b) => b.fenced)) return;
      const ok = classicRuleExplains(c, a);
      unfencedStriped++;
      if (ok) explained++;
      if (c.partitions > c.brokers.length && c.brokers.length > 1) {
        multiRound++;
        if (ok) multiRoundExplained++;
      }
    });
    return [
      `StripedReplicaPlacer vs the classic rule (no fenced broker): ${explained} of ${unfencedStriped} placements are ` +
        `the classic rule for some start index and shift; with more partitions than brokers ${multiRoundExplained} of ${multiRound}`,
    ];
  },
};

export function runPlacementSuite(options: SuiteOptions, cases?: number): Promise<SuiteResult> {
  return runRulesSuite(placementSuite, options, cases);
}
