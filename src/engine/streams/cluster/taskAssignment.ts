/**
 * How a Kafka Streams application's tasks are formed and spread over its instances.
 *
 * Tasks (`PartitionGrouper`): each sub-topology is cut into one task per partition of its
 * source topics, `TaskId(subtopology, partition)`, written `0_3`; task `s_p` reads partition
 * `p` of every source topic of sub-topology `s` (co-partitioning). The number of tasks of a
 * sub-topology is the largest partition count among its source topics.
 *
 * Assignment: Streams' group leader runs `StreamsPartitionAssignor`, whose default task
 * assignor is `HighAvailabilityTaskAssignor`. kafkascope keeps what a learner sees of it:
 * every instance gets a balanced share (its count differs from any other's by at most one),
 * and a task stays with the instance that had it when balance allows, so its state need not
 * be restored elsewhere. It simplifies the rest (named in docs/streams.md): one stream thread
 * per instance, no state-lag ranking, warm-up replicas or probing rebalances.
 */
import { compareJavaStrings } from '../../groups/ordering';
import type { TopicPartition } from '../../groups/types';

/** A task: its id (`0_3`) and the source partitions it reads. */
export interface StreamsTask {
  readonly id: string;
  readonly subtopology: number;
  readonly partition: number;
  readonly partitions: readonly TopicPartition[];
}

/** One sub-topology's source topics (user topics and repartition topics alike). */
export interface SubtopologySources {
  readonly id: number;
  readonly sourceTopics: readonly string[];
}

/** `TaskId.toString()`: `<subtopology>_<partition>`. */
export function taskIdOf(subtopology: number, partition: number): string {
  return `${subtopology}_${partition}`;
}

/**
 * The tasks of a topology, in task id order (sub-topology, then partition), given each source
 * topic's partition count. A sub-topology whose topics are all unknown has no tasks yet.
 */
export function tasksOf(
  subtopologies: readonly SubtopologySources[],
  partitionCount: (topic: string) => number | undefined,
): StreamsTask[] {
  const tasks: StreamsTask[] = [];
  for (const s of [...subtopologies].sort((a, b) => a.id - b.id)) {
    const counts = s.sourceTopics.map((t) => ({ topic: t, count: partitionCount(t) ?? 0 }));
    const taskCount = Math.max(0, ...counts.map((c) => c.count));
    for (let p = 0; p < taskCount; p++) {
      tasks.push({
        id: taskIdOf(s.id, p),
        subtopology: s.id,
        partition: p,
        partitions: counts
          .filter((c) => p < c.count)
          .map((c) => ({ topic: c.topic, partition: p }))
          .sort((a, b) => compareJavaStrings(a.topic, b.topic)),
      });
    }
  }
  return tasks;
}

/** An instance taking part in the assignment, with the tasks it ran before it. */
export interface TaskOwner {
  readonly memberId: string;
  readonly previousTasks: readonly string[];
}

/**
 * Assigns every task to exactly one member: balanced (loads differ by at most one; the members
 * that sort first take the extra tasks), sticky (a task stays with its previous owner while
 * that owner is under its share), the rest in task order to the least-loaded member (ties in
 * Java string order of member id). Returns member id → task ids in task order; every member
 * appears.
 */
export function assignTasks(
  members: readonly TaskOwner[],
  tasks: readonly StreamsTask[],
): Map<string, string[]> {
  const order = [...members].sort((a, b) => compareJavaStrings(a.memberId, b.memberId));
  const result = new Map<string, string[]>(order.map((m) => [m.memberId, []]));
  if (order.length === 0) return result;
  const base = Math.floor(tasks.length / order.length);
  const extra = tasks.length % order.length;
  // The first `extra` members (in order) may hold one task more than the others.
  const share = new Map(order.map((m, i) => [m.memberId, base + (i < extra ? 1 : 0)]));
  const previousOwner = new Map<string, string>();
  for (const m of order)
    for (const t of m.previousTasks) if (!previousOwner.has(t)) previousOwner.set(t, m.memberId);
  const unassigned: StreamsTask[] = [];
  for (const task of tasks) {
    const owner = previousOwner.get(task.id);
    const held = owner === undefined ? undefined : result.get(owner);
    if (owner !== undefined && held !== undefined && held.length < (share.get(owner) ?? 0))
      held.push(task.id);
    else unassigned.push(task);
  }
  for (const task of unassigned) {
    let target = order[0];
    for (const m of order) {
      const room = (share.get(m.memberId) ?? 0) - (result.get(m.memberId)?.length ?? 0);
      const targetRoom =
        (share.get(target.memberId) ?? 0) - (result.get(target.memberId)?.length ?? 0);
      if (room > targetRoom) target = m;
    }
    result.get(target.memberId)?.push(task.id);
  }
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  for (const ids of result.values()) ids.sort((a, b) => (index.get(a) ?? 0) - (index.get(b) ?? 0));
  return result;
}
