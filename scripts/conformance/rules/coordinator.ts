/**
 * The coordinator suite: which `__consumer_offsets` partition (and so which broker) coordinates
 * a group. kafkascope: src/engine/groups/coordinator.ts. Kafka 4.3.1: its own
 * `GroupCoordinatorService.partitionFor` (kafka-group-coordinator), i.e.
 * `Utils.abs(groupId.hashCode()) % numPartitions`, called on a service instance whose
 * numPartitions the harness sets per case (see RulesMain.CoordinatorOracle).
 */
import { coordinatorPartition, javaStringHashCode } from '../../../src/engine/index';
import type { SuiteOptions, SuiteResult } from '../suite';
import { OK, gen, randomText, runRulesSuite, type RulesSuite, type Verdict } from './common';

export interface CoordinatorCase {
  readonly groupId: string;
  readonly numPartitions: readonly number[];
}

export interface CoordinatorAnswer {
  readonly hashCode: number;
  readonly partitions: readonly number[];
}

/** "polygenelubricants" hashes to Integer.MIN_VALUE, where Math.abs stays negative and Utils.abs gives 0. */
const MIN_VALUE_HASH = 'polygenelubricants';

function generate(seed: number, count: number): CoordinatorCase[] {
  const g = gen(seed, 2);
  const cases: CoordinatorCase[] = [];
  for (let i = 0; i < count; i++) {
    const kind = g.int(0, 9);
    let groupId: string;
    if (i === 0) groupId = MIN_VALUE_HASH;
    else if (kind === 0)
      groupId = randomText(g, g.int(200, 2000), true); // long ids
    else if (kind <= 2) groupId = `group-${g.int(0, 1_000_000)}`;
    else groupId = randomText(g, g.pick([3, 10, 40]), g.chance(0.3));
    const numPartitions = [50, g.pick([1, 3, 7, 10, 16, 49, 64, 100, 1000]), g.int(1, 200)];
    cases.push({ groupId, numPartitions });
  }
  return cases;
}

function check(c: CoordinatorCase, k: CoordinatorAnswer): Verdict {
  const h = javaStringHashCode(c.groupId);
  if (h !== k.hashCode) return { fail: `hashCode ${h}, Java ${k.hashCode}` };
  const ours = c.numPartitions.map((n) => coordinatorPartition(c.groupId, n));
  if (ours.some((p, i) => p !== k.partitions[i]))
    return { fail: `partitions ${ours.join(',')}, Kafka ${k.partitions.join(',')}` };
  return OK;
}

export const coordinatorSuite: RulesSuite<CoordinatorCase, CoordinatorAnswer> = {
  name: 'coordinator',
  defaultCases: 2000,
  vectorCases: 300,
  needsAdminUtils: false,
  needsGroupCoordinator: true,
  generate,
  check,
  notes: [
    "Kafka side: kafka-group-coordinator 4.3.1's GroupCoordinatorService.partitionFor itself, for 50 partitions " +
      '(the default) and two other counts per group id; group ids include surrogate pairs, lone surrogates, ' +
      'ids of up to 2000 chars and one whose hashCode is Integer.MIN_VALUE',
  ],
};

export function runCoordinatorSuite(options: SuiteOptions, cases?: number): Promise<SuiteResult> {
  return runRulesSuite(coordinatorSuite, options, cases);
}
