import type { TraceEvent } from './events';
import { logEndOffset, type Partition, type ReplicaLog } from './model';
import { nameKeyedRecords, type World } from './world';
import { isDict } from './names';
import { checkStreamsInvariants } from './streams/cluster/invariants';

/**
 * Kafka's safety rules, checked after every engine step in tests (and by the fuzzer).
 * Each returns human-readable violations; an empty list means the world is sound.
 */
export interface InvariantMemory {
  /**
   * Last seen high watermark and leader epoch per partition. Keyed by the partition object
   * (which lives as long as the world) so the check after every step builds no strings.
   */
  highWatermarks: Map<Partition, { highWatermark: number; leaderEpoch: number }>;
  /** Last seen length per replica log, so each check reads only the new records. */
  logLengths: Map<ReplicaLog, number>;
  /** The highest high watermark each partition has had, from the events. */
  maxHighWatermark: Record<string, number>;
}

export function createInvariantMemory(): InvariantMemory {
  return { highWatermarks: new Map(), logLengths: new Map(), maxHighWatermark: {} };
}

export function checkInvariants(
  world: World,
  memory: InvariantMemory = createInvariantMemory(),
): string[] {
  const problems: string[] = [];
  // One walk over the partitions: their own checks, and whether every log's sequence record
  // is a dict (so the name-keyed check below need not walk them again).
  let logsAreDicts = true;
  for (const name of world.topicOrder) {
    for (const p of world.topics[name].partitions) {
      checkPartition(p, memory, problems);
      for (const id of p.replicas) if (!isDict(p.logs[id].lastSequences)) logsAreDicts = false;
    }
  }
  for (const more of [
    checkGroupOwnership(world),
    checkFencedBrokers(world),
    checkRestartedBrokersCaughtUp(world),
    checkNameKeyedRecords(world, logsAreDicts),
    checkStreamsInvariants(world),
  ])
    for (const problem of more) problems.push(problem);
  return problems;
}

/**
 * Every record keyed by a user's names is a dict (no prototype), so a topic, client or group
 * called `__proto__` or `constructor` is data, never Object.prototype (issue 11).
 */
export function checkNameKeyedRecords(world: World, logsAreDicts = false): string[] {
  // Runs after every step: the walk over every record is skipped while all of them are
  // dicts (no string built, no generator), and only a failing world pays for the names.
  if (allNameKeyedRecordsAreDicts(world, logsAreDicts)) return [];
  const problems: string[] = [];
  for (const [where, holder, field] of nameKeyedRecords(world)) {
    const record = (holder as Record<string, object>)[field];
    if (!isDict(record))
      problems.push(
        `${where} has a prototype: a name like "__proto__" would reach Object.prototype`,
      );
  }
  return problems;
}

/** The same records {@link nameKeyedRecords} walks, checked without allocating. */
function allNameKeyedRecordsAreDicts(world: World, logsAreDicts: boolean): boolean {
  if (
    !isDict(world.topics) ||
    !isDict(world.producers) ||
    !isDict(world.consumers) ||
    !isDict(world.groups) ||
    !isDict(world.lostScan.scannedUpTo) ||
    !isDict(world.streams)
  )
    return false;
  for (const id of world.streamsOrder) if (!isDict(world.streams[id].running)) return false;
  for (const id of world.producerOrder) {
    const p = world.producers[id];
    if (
      !isDict(p.openBatches) ||
      !isDict(p.partitionerState.counters) ||
      !isDict(p.partitionerState.sticky)
    )
      return false;
  }
  for (const id of world.groupOrder) if (!isDict(world.groups[id].members)) return false;
  if (logsAreDicts) return true;
  // A partition has a log on each of its replicas and nowhere else (topics.ts creates them).
  for (const name of world.topicOrder)
    for (const p of world.topics[name].partitions)
      for (const id of p.replicas) if (!isDict(p.logs[id].lastSequences)) return false;
  return true;
}

/**
 * The controller never lets a fenced broker lead, and fencing takes it out of every ISR it does
 * not hold alone (KRaft's `ReplicationControlManager`: elections and new partitions choose among
 * unfenced brokers; without ELR the last ISR member is kept). So no online partition is led by a
 * fenced broker, which also keeps every group's coordinator on an unfenced broker.
 */
function checkFencedBrokers(world: World): string[] {
  const problems: string[] = [];
  if (!world.brokers.some((b) => b.fenced)) return problems;
  const fenced = new Set(world.brokers.filter((b) => b.fenced).map((b) => b.id));
  if (fenced.size === 0) return problems;
  for (const name of world.topicOrder) {
    for (const p of world.topics[name].partitions) {
      const where = `${p.topic}-${p.partition}`;
      if (fenced.has(p.leader)) problems.push(`${where}: led by fenced broker ${p.leader}`);
      const fencedInIsr = p.isr.filter((id) => fenced.has(id));
      if (p.isr.length > 1 && fencedInIsr.length > 0)
        problems.push(`${where}: fenced broker(s) ${fencedInIsr} in the ISR ${p.isr}`);
    }
  }
  return problems;
}

/**
 * Each partition is consumed by at most one member of a group at any moment. A consumer the
 * coordinator has already removed (a zombie that has not yet heard so) does not count: Kafka
 * fences it by generation, as the engine does (its commits are refused).
 */
function checkGroupOwnership(world: World): string[] {
  const problems: string[] = [];
  // Group by group, partitions by their object: no key strings after every step.
  const owners = new Map<Partition, string>();
  for (const group of world.groupOrder) {
    owners.clear();
    for (const id of world.consumerOrder) {
      const c = world.consumers[id];
      if (c.group !== group || !c.alive || world.groups[group].members[id] === undefined) continue;
      for (const tp of c.assignment) {
        const p = world.topics[tp.topic]?.partitions[tp.partition];
        if (p === undefined) continue;
        const other = owners.get(p);
        if (other !== undefined)
          problems.push(
            `group ${group}: ${tp.topic}-${tp.partition} owned by both ${other} and ${id}`,
          );
        owners.set(p, id);
      }
    }
  }
  return problems;
}

function checkPartition(p: Partition, memory: InvariantMemory, problems: string[]): void {
  if (partitionLooksSound(p, memory)) {
    for (const id of p.replicas) checkLog(p, id, memory, problems);
    return;
  }
  const where = `${p.topic}-${p.partition}`;
  if (p.leader !== -1) {
    if (!p.replicas.includes(p.leader))
      problems.push(`${where}: leader ${p.leader} is not a replica`);
    if (!p.isr.includes(p.leader))
      problems.push(`${where}: leader ${p.leader} is not in the ISR ${p.isr}`);
  }
  for (const id of p.isr)
    if (!p.replicas.includes(id)) problems.push(`${where}: ISR member ${id} is not a replica`);
  if (new Set(p.isr).size !== p.isr.length) problems.push(`${where}: ISR has duplicates ${p.isr}`);
  if (p.leader !== -1) {
    const leaderEnd = logEndOffset(p.logs[p.leader]);
    if (p.highWatermark > leaderEnd)
      problems.push(`${where}: HW ${p.highWatermark} above leader LEO ${leaderEnd}`);
  }
  const seen = memory.highWatermarks.get(p);
  if (
    seen !== undefined &&
    seen.leaderEpoch === p.leaderEpoch &&
    p.highWatermark < seen.highWatermark
  ) {
    problems.push(
      `${where}: HW moved back from ${seen.highWatermark} to ${p.highWatermark} in epoch ${p.leaderEpoch}`,
    );
  }
  rememberHighWatermark(p, memory);
  for (const id of p.replicas) checkLog(p, id, memory, problems);
}

function rememberHighWatermark(p: Partition, memory: InvariantMemory): void {
  const seen = memory.highWatermarks.get(p);
  if (seen === undefined)
    memory.highWatermarks.set(p, { highWatermark: p.highWatermark, leaderEpoch: p.leaderEpoch });
  else {
    seen.highWatermark = p.highWatermark;
    seen.leaderEpoch = p.leaderEpoch;
  }
}

/**
 * The partition checks of {@link checkPartition} as one allocation-free test (the common case,
 * after every step); when it fails, checkPartition runs them again to say what is wrong.
 * Remembers the high watermark when sound.
 */
function partitionLooksSound(p: Partition, memory: InvariantMemory): boolean {
  const { leader, replicas, isr } = p;
  if (leader !== -1) {
    if (!replicas.includes(leader) || !isr.includes(leader)) return false;
    if (p.highWatermark > logEndOffset(p.logs[leader])) return false;
  }
  for (let i = 0; i < isr.length; i++) {
    if (!replicas.includes(isr[i])) return false;
    for (let j = i + 1; j < isr.length; j++) if (isr[i] === isr[j]) return false;
  }
  const seen = memory.highWatermarks.get(p);
  if (
    seen !== undefined &&
    seen.leaderEpoch === p.leaderEpoch &&
    p.highWatermark < seen.highWatermark
  )
    return false;
  rememberHighWatermark(p, memory);
  return true;
}

function checkLog(
  p: Partition,
  brokerId: number,
  memory: InvariantMemory,
  problems: string[],
): void {
  const log = p.logs[brokerId];
  // Only the records added since the last check are examined: the check costs O(new records).
  const from = Math.min(memory.logLengths.get(log) ?? 0, log.records.length);
  for (let i = Math.max(0, from - 1); i < log.records.length; i++) {
    const record = log.records[i];
    if (record.offset !== log.logStartOffset + i) {
      problems.push(
        `${p.topic}-${p.partition} on broker ${brokerId}: record at index ${i} has offset ${record.offset}, expected ${log.logStartOffset + i}`,
      );
      break;
    }
  }
  memory.logLengths.set(log, log.records.length);
}

/** Consumers never read above the high watermark the leader had (checked on the events of a step). */
export function checkReads(events: readonly TraceEvent[], memory: InvariantMemory): string[] {
  const problems: string[] = [];
  for (const e of events) {
    if (e.type === 'highWatermarkAdvanced') {
      const key = `${e.topic}/${e.partition}`;
      memory.maxHighWatermark[key] = Math.max(memory.maxHighWatermark[key] ?? 0, e.highWatermark);
    } else if (e.type === 'consumerFetched') {
      const limit = memory.maxHighWatermark[`${e.topic}/${e.partition}`] ?? 0;
      if (e.fromOffset + e.count > limit) {
        problems.push(
          `${e.consumer} read ${e.topic}-${e.partition} up to ${e.fromOffset + e.count}, above the high watermark ${limit}`,
        );
      }
    }
  }
  return problems;
}

/**
 * A restarted broker registers fenced and is unfenced only once its heartbeat shows it has
 * caught up with the metadata log (KRaft's `BrokerHeartbeatManager.calculateNextBrokerState`).
 * So no running, unfenced broker is still replaying it.
 */
export function checkRestartedBrokersCaughtUp(world: World): string[] {
  const problems: string[] = [];
  for (const broker of world.brokers)
    if (broker.alive && !broker.fenced && broker.metadataCaughtUp === false)
      problems.push(
        `broker ${broker.id}: unfenced after its restart before catching up with the metadata log`,
      );
  return problems;
}
