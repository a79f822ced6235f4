/**
 * A micro-benchmark of the assignors at a realistic large-group size: 10,000 partitions
 * (100 topics x 100 partitions) over 1,000 members. The engine has no clock of its own (it
 * must stay deterministic), so the caller passes one in, e.g. `() => performance.now()`.
 */
import { assign, ASSIGNOR_NAMES } from './assignors.ts';
import type { Assignment, AssignorName, MemberSubscription } from './types.ts';

/** One timed run. */
export interface BenchResult {
  name: AssignorName;
  /** What was assigned: a fresh group, or a group rebalancing after members left. */
  scenario: string;
  /** Milliseconds measured with the caller's clock. */
  ms: number;
  /** Partitions assigned in the result (cooperative may withhold some). */
  assigned: number;
}

/** Sizes used by {@link benchAssignors}; override for quicker runs in tests. */
export interface BenchSize {
  topics: number;
  partitionsPerTopic: number;
  members: number;
  /** How many members leave before the second (sticky) run. */
  leaving: number;
}

const DEFAULT_SIZE: BenchSize = {
  topics: 100,
  partitionsPerTopic: 100,
  members: 1000,
  leaving: 10,
};

const countAssigned = (a: Assignment): number =>
  Object.values(a).reduce((n, tps) => n + tps.length, 0);

/**
 * Times every assignor on a fresh group (nobody owns anything, everyone subscribes to every
 * topic). For sticky and cooperative-sticky it also times: a second run in which the members
 * own the first run's assignment (generation 1) and `leaving` members have left (the
 * keep-what-you-own path); a fresh run with differing subscriptions (Kafka's general path);
 * and a rebalance of that group after `leaving` newcomers joined. Returns one entry per run,
 * in order.
 */
export function benchAssignors(now: () => number, size: BenchSize = DEFAULT_SIZE): BenchResult[] {
  const topics = Array.from(
    { length: size.topics },
    (_, i) => `topic-${String(i).padStart(3, '0')}`,
  );
  const partitionsPerTopic: Record<string, number> = Object.fromEntries(
    topics.map((t) => [t, size.partitionsPerTopic]),
  );
  const fresh: MemberSubscription[] = Array.from({ length: size.members }, (_, i) => ({
    memberId: `consumer-${i}`,
    instanceId: null,
    topics,
    owned: [],
    generation: -1,
  }));

  const results: BenchResult[] = [];
  const timed = (
    name: AssignorName,
    scenario: string,
    members: readonly MemberSubscription[],
  ): Assignment => {
    const start = now();
    const out = assign(name, members, partitionsPerTopic);
    results.push({ name, scenario, ms: now() - start, assigned: countAssigned(out) });
    return out;
  };

  for (const name of ASSIGNOR_NAMES) {
    const first = timed(name, 'fresh', fresh);
    if (name === 'sticky' || name === 'cooperative-sticky') {
      // Drop every (members/leaving)-th member so the leavers are spread through member order.
      const stride = Math.max(1, Math.floor(size.members / Math.max(1, size.leaving)));
      const remaining = fresh
        .filter((_, i) => !(i % stride === 0 && i / stride < size.leaving))
        .map((m) => ({ ...m, owned: first[m.memberId], generation: 1 }));
      timed(name, `rebalance after ${size.leaving} left`, remaining);

      // Differing subscriptions take Kafka's general path: every member skips a quarter of the
      // topics (a different quarter per member) and `leaving` newcomers join on half the topics.
      const mixed = fresh.map((m, i) => ({
        ...m,
        topics: topics.filter((_, k) => (k + i) % 4 !== 0),
      }));
      const mixedFirst = timed(name, 'fresh, mixed subscriptions', mixed);
      const joined = [
        ...mixed.map((m) => ({ ...m, owned: mixedFirst[m.memberId], generation: 1 })),
        ...Array.from({ length: size.leaving }, (_, i) => ({
          memberId: `newcomer-${i}`,
          instanceId: null,
          topics: topics.slice(0, Math.ceil(topics.length / 2)),
          owned: [],
          generation: -1,
        })),
      ];
      timed(name, `mixed, ${size.leaving} joined`, joined);
    }
  }
  return results;
}
