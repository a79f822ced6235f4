import { DEFAULT_CONFIG, type AssignorName } from '../engine';
import { DEFAULT_ASSIGNORS, commonAssignors } from './consumers';
import { formatDuration } from './durations';
import type { Known, Moment } from './known';
import { listNames } from './suggest';

/**
 * What the steps before a moment have done, as far as a check can tell without running the
 * engine: which consumers run, which brokers are up, how many partitions each topic has,
 * which groups exist. Steps are checked in the order they run (time, then file order; the
 * expectations of a moment after its other steps), each against the timeline its
 * predecessors left, so "remove a consumer that already left" or "produce to a partition
 * that addPartitions creates only later" is a problem in the file, not a rejected command.
 */

/**
 * `paused`: pause() in effect (it still polls); `stalled`: it stopped polling; both at once is
 * `paused, stalled`. resumeConsumer ends both.
 */
export type ConsumerStatus =
  'running' | 'paused' | 'stalled' | 'paused, stalled' | 'removed' | 'crashed';

export interface ConsumerLife {
  status: ConsumerStatus;
  group: string | null;
  topics?: readonly string[];
  assignors: readonly AssignorName[];
  instanceId: string | null;
  /** When the status last changed: null for "declared in the file". */
  since: Moment | null;
  /** Its group's coordinator refused it (no common assignor): it is no member. */
  refused: boolean;
}

export interface BrokerLife {
  alive: boolean;
  /** The last step that killed, shut down or restarted it. */
  change: { moment: Moment; how: 'killed' | 'shut down' | 'restarted' } | null;
}

export interface Timeline {
  consumers: Map<string, ConsumerLife>;
  brokers: Map<number, BrokerLife>;
  /** Isolated controllers (combined ones live and die with their broker). */
  controllers: Map<number, BrokerLife>;
  /** Topic → its partition count now (undefined: not known). */
  partitions: Map<string, number | undefined>;
  /** Groups that exist now: a group appears when its first consumer is added. */
  groups: Set<string>;
  /** Every `addPartitions` step, in the order they run, for "later" hints. */
  growth: readonly { topic: string; moment: Moment }[];
  /** Group → when its first rebalance can end at the earliest (see `beforeFirstRebalance`). */
  firstRebalance: Map<string, { since: Moment | null; earliestMs: number }>;
  /** The file's group timing, or Kafka's defaults. */
  groupTiming: { initialRebalanceDelayMs: number; maxPollIntervalMs: number };
  /** Streams instances (`fraud-1`): their application, whether they run, since when. */
  streamsInstances: Map<string, { app: string; running: boolean; since: Moment | null }>;
  /** Each application's instance count so far (the next added one is count + 1). */
  streamsInstanceCount: Map<string, number>;
}

/** "4s (steps[3])", or "the start" for something declared in the file. */
export function describeMoment(m: Moment | null): string {
  return m === null ? 'the start' : `${formatDuration(m.atMs)} (steps[${m.stepIndex}])`;
}

/** Whether `a` runs before `b`: by time, then by file order. */
export function before(a: Moment, b: Moment): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.stepIndex < b.stepIndex);
}

export function createTimeline(
  known: Known,
  growth: readonly { topic: string; moment: Moment }[],
): Timeline {
  const brokers = new Map<number, BrokerLife>();
  for (const id of known.brokerIds ?? []) brokers.set(id, { alive: true, change: null });
  const controllers = new Map<number, BrokerLife>();
  if (known.controllers?.mode === 'isolated')
    for (const id of known.controllers.voters) controllers.set(id, { alive: true, change: null });
  const partitions = new Map<string, number | undefined>();
  for (const [name, t] of known.topics ?? []) partitions.set(name, t.partitions);
  const groupTiming = {
    initialRebalanceDelayMs:
      known.groupInitialRebalanceDelayMs ?? DEFAULT_CONFIG.groups.initialRebalanceDelayMs,
    maxPollIntervalMs:
      known.consumerDefaults?.maxPollInterval ?? DEFAULT_CONFIG.consumer.maxPollIntervalMs,
  };
  return {
    consumers: new Map(),
    brokers,
    controllers,
    partitions,
    groups: new Set(known.streamsGroups ?? []),
    growth,
    firstRebalance: new Map(),
    groupTiming,
    ...streamsInstancesOf(known),
  };
}

function streamsInstancesOf(
  known: Known,
): Pick<Timeline, 'streamsInstances' | 'streamsInstanceCount'> {
  const streamsInstances: Timeline['streamsInstances'] = new Map();
  const streamsInstanceCount = new Map<string, number>();
  for (const [app, { instances }] of known.streamsApps ?? []) {
    streamsInstanceCount.set(app, instances);
    for (let i = 1; i <= instances; i++)
      streamsInstances.set(`${app}-${i}`, { app, running: true, since: null });
  }
  return { streamsInstances, streamsInstanceCount };
}

export interface JoiningConsumer {
  id: string;
  group: string | null;
  topics?: readonly string[];
  assignors?: readonly AssignorName[];
  instanceId?: string;
  /** Its max.poll.interval.ms, if the declaration sets one. */
  maxPollIntervalMs?: number;
}

/**
 * Why the coordinator of `c`'s group would refuse it if it started now (no assignor in
 * common with the running members, a static id in use), or null.
 */
export function joinProblem(
  timeline: Timeline,
  c: JoiningConsumer,
): { field: 'assignors' | 'instanceId'; message: string } | null {
  if (c.group === null) return null;
  const members = [...timeline.consumers.entries()].filter(
    ([id, life]) => id !== c.id && life.group === c.group && isRunning(life) && !life.refused,
  );
  const twin = members.find(
    ([, life]) => c.instanceId !== undefined && life.instanceId === c.instanceId,
  );
  if (twin !== undefined) {
    return {
      field: 'instanceId',
      message: `instanceId "${c.instanceId}" is already used by consumer "${twin[0]}" in group "${c.group}": static members need distinct ids`,
    };
  }
  const lists = [...members.map(([, life]) => life.assignors), c.assignors ?? DEFAULT_ASSIGNORS];
  if (members.length === 0 || commonAssignors(lists).length > 0) return null;
  const theirs = members.map(([id, life]) => `${id} [${life.assignors.join(', ')}]`);
  return {
    field: 'assignors',
    message: `no assignor in common with the members of group "${c.group}" (${listNames(theirs, 4)}): the coordinator refuses this consumer (INCONSISTENT_GROUP_PROTOCOL)`,
  };
}

/** A consumer starts (declared, or added by a step). */
export function startConsumer(timeline: Timeline, c: JoiningConsumer, since: Moment | null): void {
  const refused = joinProblem(timeline, c)?.field === 'assignors';
  if (c.group !== null) {
    noteFirstRebalance(timeline, c, c.group, since);
    timeline.groups.add(c.group);
  }
  timeline.consumers.set(c.id, {
    refused,
    status: 'running',
    group: c.group,
    topics: c.topics,
    assignors: c.assignors ?? DEFAULT_ASSIGNORS,
    instanceId: c.instanceId ?? null,
    since,
  });
}

/**
 * A new group's first rebalance ends no sooner than group.initial.rebalance.delay.ms after its
 * first member's JoinGroup (`GroupCoordinator`'s InitialDelayedJoin), or its rebalance timeout
 * (the members' max.poll.interval.ms) if that is shorter; until then no member owns a
 * partition. Every member that starts before that moment may bring a shorter timeout.
 */
function noteFirstRebalance(
  timeline: Timeline,
  c: JoiningConsumer,
  group: string,
  since: Moment | null,
): void {
  const { initialRebalanceDelayMs, maxPollIntervalMs } = timeline.groupTiming;
  const waitMs = Math.min(initialRebalanceDelayMs, c.maxPollIntervalMs ?? maxPollIntervalMs);
  const first = timeline.firstRebalance.get(group);
  if (first === undefined)
    timeline.firstRebalance.set(group, { since, earliestMs: (since?.atMs ?? 0) + waitMs });
  else if ((since?.atMs ?? 0) < first.earliestMs)
    first.earliestMs = Math.min(first.earliestMs, (first.since?.atMs ?? 0) + waitMs);
}

/**
 * Why consumer `id` certainly owns no partition at `atMs` (its group's first rebalance cannot
 * have ended), or null. A seek then has nothing to move: Kafka's `seek` throws
 * IllegalStateException ("No current assignment for partition"). Later, what a member owns is
 * decided at run time, so a seek to a partition it does not own is only seen then.
 */
export function beforeFirstRebalance(timeline: Timeline, id: string, atMs: number): string | null {
  const group = timeline.consumers.get(id)?.group ?? null;
  const first = group === null ? undefined : timeline.firstRebalance.get(group);
  if (first === undefined || atMs >= first.earliestMs) return null;
  return `consumer "${id}" owns no partition yet: group "${group}" hands out partitions at its first rebalance, which cannot end before ${formatDuration(first.earliestMs)} (its first member starts at ${describeMoment(first.since)}, then the group waits groupInitialRebalanceDelay, or a shorter maxPollInterval, for more): seek after that`;
}

export function isRunning(life: ConsumerLife): boolean {
  return life.status !== 'removed' && life.status !== 'crashed';
}

/**
 * Why a step at `moment` cannot act on consumer `id` (not added yet, or no longer running),
 * or null. Unknown ids are left to the caller (it has the did-you-mean list).
 */
export function consumerNotRunning(
  timeline: Timeline,
  known: Known,
  id: string,
  moment: Moment,
): string | null {
  const life = timeline.consumers.get(id);
  if (life === undefined) {
    const addedBy = known.consumers?.get(id)?.addedBy;
    if (addedBy === undefined || known.consumers === undefined) return null;
    return `consumer "${id}" is added at ${describeMoment(addedBy)}, after this step (${formatDuration(moment.atMs)})`;
  }
  if (isRunning(life)) return null;
  const what = life.status === 'removed' ? 'removed' : 'crashed';
  return `consumer "${id}" is not running at ${formatDuration(moment.atMs)}: it ${what} at ${describeMoment(life.since)} (addConsumer starts it again)`;
}

/** Why an expectation at `atMs` cannot see consumer `id` yet (it is listed once added), or null. */
export function consumerNotYetAdded(timeline: Timeline, known: Known, id: string): string | null {
  if (timeline.consumers.has(id)) return null;
  const addedBy = known.consumers?.get(id)?.addedBy;
  if (addedBy === undefined) return null;
  return `consumer "${id}" is added at ${describeMoment(addedBy)}: the report has no such consumer before then`;
}

/** Why `partition` is not (yet) a partition of `topic` at this point of the timeline, or null. */
export function partitionProblem(
  timeline: Timeline,
  topic: string,
  partition: number,
  moment: Moment,
): string | null {
  const count = timeline.partitions.get(topic);
  if (count === undefined || partition < count) return null;
  const later = timeline.growth.find((g) => g.topic === topic && before(moment, g.moment));
  const hint =
    later === undefined ? '' : ` yet (addPartitions at ${describeMoment(later.moment)} adds more)`;
  return `topic "${topic}" has ${count} partition${count === 1 ? '' : 's'} (0 to ${count - 1}), so no partition ${partition}${hint}`;
}

/** Why group `id` is not in the report at this point (no consumer of it has been added yet), or null. */
export function groupNotYetCreated(timeline: Timeline, known: Known, id: string): string | null {
  if (timeline.groups.has(id) || known.groups === undefined || !known.groups.has(id)) return null;
  const first = [...(known.consumers?.entries() ?? [])]
    .filter(([, c]) => c.group === id && c.addedBy !== undefined)
    .map(([, c]) => c.addedBy as Moment)
    .sort((a, b) => a.atMs - b.atMs || a.stepIndex - b.stepIndex)[0];
  const when = first === undefined ? '' : ` at ${describeMoment(first)}`;
  return `group "${id}" does not exist yet: its first consumer is added${when}`;
}
