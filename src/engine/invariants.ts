import type { TraceEvent } from './events';
import {
  logEndOffset,
  type LogRecord,
  type PendingRecord,
  type ConsumerState,
  type Partition,
  type ReplicaLog,
  type TopicPartitionRef,
} from './model';
import { nameKeyedRecords, type World } from './world';
import { isDict } from './names';
import { countRecords, entryEndOffset, recordCount, runBytes } from './recordRuns';
import { checkStreamsInvariants } from './streams/cluster/invariants';

/**
 * Kafka's safety rules, checked after every engine step in tests (and by the fuzzer).
 * Each returns human-readable violations; an empty list means the world is sound.
 */
export interface InvariantMemory {
  /**
   * The partitions walked after every step, each with what the last check saw of it. Kept
   * as arrays, grown as topics and partitions are added, so the check after every step does
   * no map lookups and builds no strings (it runs ~70,000 times in a fuzz case).
   */
  walk: PartitionWalk;
  /** The highest high watermark each partition has had, from the events. */
  maxHighWatermark: Record<string, number>;
  /** What the group ownership check saw last. */
  ownership: OwnershipMemory;
}

/** The group ownership check's inputs as last seen, and each group's partitions' owners. */
interface OwnershipMemory {
  clean: boolean;
  seen: {
    consumer: ConsumerState;
    assignment: readonly TopicPartitionRef[];
    length: number;
    alive: boolean;
    member: unknown;
  }[];
  owners: Map<string, Map<Partition, string>>;
}

/** The world's partitions in topic order, and how many of each topic's the walk has seen. */
interface PartitionWalk {
  world: World | null;
  topics: { partitions: readonly Partition[]; seen: number }[];
  partitions: PartitionSeen[];
}

/** What the last check saw of a partition: its high watermark and, per replica, its log. */
interface PartitionSeen {
  readonly p: Partition;
  highWatermark: number;
  leaderEpoch: number;
  /** The replica list the per-replica arrays below follow (a new list resets them). */
  replicas: readonly number[];
  logs: (ReplicaLog | null)[];
  /** Each log's records array and its length when last checked: only records after are examined. */
  records: (readonly unknown[] | null)[];
  lengths: number[];
  /** Each log's records' bytes summed, up to `lengths` (what its segments' sizes must add up to). */
  bytes: number[];
  /** Each log's start offset when last checked: it never moves back. */
  logStartOffsets: number[];
  /** Each log's sequence record, once found to be a dict (it stays one: prototypes are fixed). */
  dictSequences: (object | null)[];
}

export function createInvariantMemory(): InvariantMemory {
  return {
    walk: { world: null, topics: [], partitions: [] },
    maxHighWatermark: {},
    ownership: { clean: false, seen: [], owners: new Map() },
  };
}

/** Brings the walk up to date with topics and partitions created since the last check. */
function partitionsToCheck(world: World, walk: PartitionWalk): readonly PartitionSeen[] {
  if (walk.world !== world) {
    walk.world = world;
    walk.topics = [];
    walk.partitions = [];
  }
  for (let t = walk.topics.length; t < world.topicOrder.length; t++)
    walk.topics.push({ partitions: world.topics[world.topicOrder[t]].partitions, seen: 0 });
  // Partitions are appended to their topic's array (addPartitions), never replaced, so a
  // longer array is the only change to look for.
  let grown = false;
  for (const topic of walk.topics) if (topic.partitions.length !== topic.seen) grown = true;
  if (grown) {
    const byPartition = new Map(walk.partitions.map((seen) => [seen.p, seen]));
    walk.partitions = [];
    for (const topic of walk.topics) {
      for (const p of topic.partitions) walk.partitions.push(byPartition.get(p) ?? firstSight(p));
      topic.seen = topic.partitions.length;
    }
  }
  return walk.partitions;
}

function firstSight(p: Partition): PartitionSeen {
  return {
    p,
    highWatermark: p.highWatermark,
    leaderEpoch: p.leaderEpoch,
    replicas: [],
    logs: [],
    records: [],
    lengths: [],
    bytes: [],
    logStartOffsets: [],
    dictSequences: [],
  };
}

export function checkInvariants(
  world: World,
  memory: InvariantMemory = createInvariantMemory(),
): string[] {
  const problems: string[] = [];
  // One walk over the partitions: their own checks, and whether every log's sequence record
  // is a dict (so the name-keyed check below need not walk them again).
  let logsAreDicts = true;
  for (const seen of partitionsToCheck(world, memory.walk)) {
    checkPartition(seen, problems);
    if (!sequencesAreDicts(seen)) logsAreDicts = false;
  }
  checkGroupOwnership(world, memory.ownership, problems);
  checkFencedBrokers(world, memory.walk.partitions, problems);
  checkRestartedBrokersCaughtUp(world, problems);
  checkNameKeyedRecords(world, logsAreDicts, problems);
  checkBatchRecordCounts(world, problems);
  for (const problem of checkStreamsInvariants(world)) problems.push(problem);
  return problems;
}

/**
 * A producer's batches keep the count of records they hold as records are added (so sending,
 * acknowledging and expiring never walk them): it is the count their entries stand for.
 */
function checkBatchRecordCounts(world: World, problems: string[]): void {
  for (const id of world.producerOrder) {
    const producer = world.producers[id];
    const check = (batch: { records: readonly PendingRecord[]; recordCount: number }) => {
      const counted = countRecords(batch.records);
      if (batch.recordCount !== counted)
        problems.push(
          `producer ${id}: a batch says it holds ${batch.recordCount} records but holds ${counted}`,
        );
    };
    for (const topic of Object.keys(producer.openBatches))
      for (const batch of producer.openBatches[topic]) if (batch !== undefined) check(batch);
    for (const lists of [producer.queued, producer.inFlight])
      for (const key of Object.keys(lists)) for (const request of lists[key]) check(request);
  }
}

/** Whether every replica log's sequence record is a dict; each record object is tested once. */
function sequencesAreDicts(seen: PartitionSeen): boolean {
  const { p, dictSequences } = seen;
  let all = true;
  for (let i = 0; i < p.replicas.length; i++) {
    const sequences = p.logs[p.replicas[i]].lastSequences;
    if (dictSequences[i] === sequences) continue;
    if (isDict(sequences)) dictSequences[i] = sequences;
    else all = false;
  }
  return all;
}

/**
 * Every record keyed by a user's names is a dict (no prototype), so a topic, client or group
 * called `__proto__` or `constructor` is data, never Object.prototype (issue 11).
 */
export function checkNameKeyedRecords(
  world: World,
  logsAreDicts = false,
  problems: string[] = [],
): string[] {
  // Runs after every step: the walk over every record is skipped while all of them are
  // dicts (no string built, no generator), and only a failing world pays for the names.
  if (allNameKeyedRecordsAreDicts(world, logsAreDicts)) return problems;
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
function checkFencedBrokers(
  world: World,
  partitions: readonly PartitionSeen[],
  problems: string[],
): void {
  let anyFenced = false;
  for (const broker of world.brokers) if (broker.fenced) anyFenced = true;
  if (!anyFenced) return;
  const fenced = new Set(world.brokers.filter((b) => b.fenced).map((b) => b.id));
  for (const { p } of partitions) {
    // Words only for a partition found wrong: this runs after every step while one is fenced.
    if (fenced.has(p.leader))
      problems.push(`${p.topic}-${p.partition}: led by fenced broker ${p.leader}`);
    if (p.isr.length > 1 && p.isr.some((id) => fenced.has(id)))
      problems.push(
        `${p.topic}-${p.partition}: fenced broker(s) ${p.isr.filter((id) => fenced.has(id))} in the ISR ${p.isr}`,
      );
  }
}

/**
 * Each partition is consumed by at most one member of a group at any moment. A consumer the
 * coordinator has already removed (a zombie that has not yet heard so) does not count: Kafka
 * fences it by generation, as the engine does (its commits are refused).
 */
function checkGroupOwnership(world: World, memory: OwnershipMemory, problems: string[]): void {
  if (memory.clean && ownershipInputsUnchanged(world, memory)) return;
  const before = problems.length;
  let resolved = true;
  // One pass over the consumers, partitions keyed by their object: no strings built.
  for (const byPartition of memory.owners.values()) byPartition.clear();
  memory.seen.length = 0;
  for (const id of world.consumerOrder) {
    const c = world.consumers[id];
    const member = c.group === null ? undefined : world.groups[c.group]?.members[id];
    memory.seen.push({
      consumer: c,
      assignment: c.assignment,
      length: c.assignment.length,
      alive: c.alive,
      member,
    });
    if (c.group === null || !c.alive || member === undefined) continue;
    let byPartition = memory.owners.get(c.group);
    if (byPartition === undefined) memory.owners.set(c.group, (byPartition = new Map()));
    for (const tp of c.assignment) {
      const p = world.topics[tp.topic]?.partitions[tp.partition];
      if (p === undefined) {
        resolved = false;
        continue;
      }
      const other = byPartition.get(p);
      if (other !== undefined)
        problems.push(
          `group ${c.group}: ${tp.topic}-${tp.partition} owned by both ${other} and ${id}`,
        );
      byPartition.set(p, id);
    }
  }
  memory.clean = problems.length === before && resolved;
}

/**
 * Whether every consumer, its assignment (the array and its length: the engine replaces or
 * appends to it, never edits an entry), liveness and group membership are as the last clean
 * check saw them: then ownership is as it was.
 */
function ownershipInputsUnchanged(world: World, memory: OwnershipMemory): boolean {
  const { seen } = memory;
  if (seen.length !== world.consumerOrder.length) return false;
  for (let i = 0; i < seen.length; i++) {
    const id = world.consumerOrder[i];
    const c = world.consumers[id];
    const was = seen[i];
    if (
      was.consumer !== c ||
      was.assignment !== c.assignment ||
      was.length !== c.assignment.length ||
      was.alive !== c.alive
    )
      return false;
    const member = c.group === null ? undefined : world.groups[c.group]?.members[id];
    if (was.member !== member) return false;
  }
  return true;
}

function checkPartition(seen: PartitionSeen, problems: string[]): void {
  const { p } = seen;
  if (!partitionLooksSound(seen)) describePartitionProblems(seen, problems);
  seen.highWatermark = p.highWatermark;
  seen.leaderEpoch = p.leaderEpoch;
  if (seen.replicas !== p.replicas || seen.logs.length !== p.replicas.length) followReplicas(seen);
  for (let i = 0; i < p.replicas.length; i++) checkLog(seen, i, problems);
}

/** What is wrong with a partition {@link partitionLooksSound} found unsound, in words. */
function describePartitionProblems(seen: PartitionSeen, problems: string[]): void {
  const { p } = seen;
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
  if (seen.leaderEpoch === p.leaderEpoch && p.highWatermark < seen.highWatermark) {
    problems.push(
      `${where}: HW moved back from ${seen.highWatermark} to ${p.highWatermark} in epoch ${p.leaderEpoch}`,
    );
  }
}

/**
 * The partition checks of {@link describePartitionProblems} as one allocation-free test (the
 * common case, after every step).
 */
function partitionLooksSound(seen: PartitionSeen): boolean {
  const { p } = seen;
  const { leader, replicas, isr } = p;
  if (leader !== -1) {
    if (!replicas.includes(leader) || !isr.includes(leader)) return false;
    if (p.highWatermark > logEndOffset(p.logs[leader])) return false;
  }
  for (let i = 0; i < isr.length; i++) {
    if (!replicas.includes(isr[i])) return false;
    for (let j = i + 1; j < isr.length; j++) if (isr[i] === isr[j]) return false;
  }
  return !(seen.leaderEpoch === p.leaderEpoch && p.highWatermark < seen.highWatermark);
}

/** The replica list changed: per-replica memory follows it, kept for logs still there. */
function followReplicas(seen: PartitionSeen): void {
  const { p } = seen;
  const logs: (ReplicaLog | null)[] = [];
  const records: (readonly unknown[] | null)[] = [];
  const lengths: number[] = [];
  const bytes: number[] = [];
  const logStartOffsets: number[] = [];
  const dictSequences: (object | null)[] = [];
  for (const id of p.replicas) {
    const before = seen.logs.indexOf(p.logs[id]);
    logs.push(before === -1 ? null : seen.logs[before]);
    records.push(before === -1 ? null : seen.records[before]);
    lengths.push(before === -1 ? 0 : seen.lengths[before]);
    bytes.push(before === -1 ? 0 : seen.bytes[before]);
    logStartOffsets.push(before === -1 ? -1 : seen.logStartOffsets[before]);
    dictSequences.push(before === -1 ? null : seen.dictSequences[before]);
  }
  seen.replicas = p.replicas;
  seen.logs = logs;
  seen.records = records;
  seen.lengths = lengths;
  seen.bytes = bytes;
  seen.logStartOffsets = logStartOffsets;
  seen.dictSequences = dictSequences;
}

function checkLog(seen: PartitionSeen, replica: number, problems: string[]): void {
  const { p } = seen;
  const brokerId = p.replicas[replica];
  const log = p.logs[brokerId];
  const records = log.records;
  // Nothing appended and nothing replaced since the last check: nothing to examine (the
  // common case, after every step).
  if (seen.records[replica] === records && seen.lengths[replica] === records.length) return;
  // Only the records added since the last check are examined: the check costs O(new records).
  // A new log or a new records array (truncation, restore) is examined from the start.
  const same = seen.logs[replica] === log && seen.records[replica] === records;
  const from = same ? Math.min(seen.lengths[replica], records.length) : 0;
  let bytes = from === 0 ? 0 : seen.bytes[replica];
  // A log the cleaner has compacted (or a follower's copy of one) has holes: its rule is then
  // "offsets strictly ascend within [logStartOffset, LEO)"; a log never cleaned stays dense.
  const sparse = isSparse(p);
  // An entry may be a run of records (recordRuns.ts): offsets count records, not entries.
  let expected = from === 0 ? log.logStartOffset : entryEndOffset(records[from - 1]);
  for (let i = from; i < records.length; i++) {
    const record = records[i];
    bytes += record.sizeBytes;
    if (record.count !== undefined) {
      const problem = runProblem(record);
      if (problem !== null) {
        problems.push(`${p.topic}-${p.partition} on broker ${brokerId}: entry ${i}: ${problem}`);
        break;
      }
    }
    if (sparse) {
      const previous = i > 0 ? entryEndOffset(records[i - 1]) - 1 : log.logStartOffset - 1;
      if (record.offset <= previous || entryEndOffset(record) > log.endOffset) {
        problems.push(
          `${p.topic}-${p.partition} on broker ${brokerId}: record at index ${i} has offset ${record.offset}, after ${previous} (log end ${log.endOffset})`,
        );
        break;
      }
    } else if (record.offset !== expected) {
      problems.push(
        `${p.topic}-${p.partition} on broker ${brokerId}: record at index ${i} has offset ${record.offset}, expected ${expected}`,
      );
      break;
    }
    expected = entryEndOffset(record);
  }
  if (seen.logs[replica] === log && log.logStartOffset < seen.logStartOffsets[replica])
    problems.push(
      `${p.topic}-${p.partition} on broker ${brokerId}: log start offset moved back from ${seen.logStartOffsets[replica]} to ${log.logStartOffset}`,
    );
  const where = `${p.topic}-${p.partition} on broker ${brokerId}`;
  if (sparse) checkSparseSegments(log, bytes, where, problems);
  else if (!segmentsLookSound(log, bytes)) checkSegments(log, bytes, where, problems);
  seen.logs[replica] = log;
  seen.records[replica] = records;
  seen.lengths[replica] = records.length;
  seen.bytes[replica] = bytes;
  seen.logStartOffsets[replica] = log.logStartOffset;
}

/**
 * What is wrong with a run (recordRuns.ts), or null: it stands for at least one record, a
 * rate producer's generated ones (no headers), and its size is theirs summed.
 */
function runProblem(run: LogRecord): string | null {
  const count = run.count as number;
  if (!Number.isInteger(count) || count < 1) return `a run of ${count} records`;
  if (run.headers.length > 0) return 'a run with headers';
  if (run.sizeBytes !== runBytes(run, 0, count))
    return `a run of ${count} records sized ${run.sizeBytes} bytes, theirs sum to ${runBytes(run, 0, count)}`;
  return null;
}

/** Some replica of the partition was compacted by the log cleaner (its copies may have holes). */
function isSparse(p: Partition): boolean {
  return p.cleanedUpTo !== undefined;
}

/**
 * {@link checkSegments} for a compacted log: segments in order from the log start, each
 * counting the records that fall in it (fewer than its offsets span, perhaps none: the cleaner
 * keeps a segment it emptied), bytes in total, and the log's first record not below its start.
 */
function checkSparseSegments(
  log: ReplicaLog,
  bytes: number,
  where: string,
  problems: string[],
): void {
  const { segments, records } = log;
  if (segments.length === 0 || segments[0].baseOffset !== log.logStartOffset) {
    problems.push(`${where}: segments do not start at the log start ${log.logStartOffset}`);
    return;
  }
  let total = 0;
  let index = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const next = i + 1 < segments.length ? segments[i + 1].baseOffset : log.endOffset;
    if (next < s.baseOffset)
      problems.push(`${where}: segment ${s.baseOffset} ends before it starts (at ${next})`);
    let count = 0;
    while (index < records.length && records[index].offset < next) {
      count += recordCount(records[index]);
      index++;
    }
    if (count !== s.recordCount)
      problems.push(
        `${where}: segment ${s.baseOffset} counts ${s.recordCount} records, holds ${count}`,
      );
    total += s.sizeBytes;
  }
  if (total !== bytes)
    problems.push(`${where}: segments hold ${total} bytes, the records ${bytes}`);
}

/** The checks of {@link checkSegments} without words (the common case, after every append). */
function segmentsLookSound(log: ReplicaLog, bytes: number): boolean {
  const { segments } = log;
  if (segments.length === 0 || segments[0].baseOffset !== log.logStartOffset) return false;
  const end = logEndOffset(log);
  let total = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const next = i + 1 < segments.length ? segments[i + 1].baseOffset : end;
    total += s.sizeBytes;
    if (s.recordCount !== next - s.baseOffset) return false;
    if (i < segments.length - 1 && s.recordCount === 0) return false;
  }
  return total === bytes;
}

/**
 * A log's segments (logSegments.ts) cover [logStartOffset, LEO) without gaps or overlaps, in
 * order, and account for its records: counts per segment, and bytes in total (`bytes`, its
 * records' sizes summed). Only the last (active) segment may be empty.
 */
function checkSegments(log: ReplicaLog, bytes: number, where: string, problems: string[]): void {
  const { segments } = log;
  const end = logEndOffset(log);
  if (segments.length === 0) {
    problems.push(`${where}: no segments (a log always has an active one)`);
    return;
  }
  if (segments[0].baseOffset !== log.logStartOffset)
    problems.push(
      `${where}: first segment starts at ${segments[0].baseOffset}, the log at ${log.logStartOffset}`,
    );
  let total = 0;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    const next = i + 1 < segments.length ? segments[i + 1].baseOffset : end;
    total += s.sizeBytes;
    if (next < s.baseOffset)
      problems.push(`${where}: segment ${s.baseOffset} ends before it starts (at ${next})`);
    // Dense offsets: a segment holds every offset up to the next one's base. Compacted
    // segments will hold fewer (recordCount <= next - baseOffset), and may be left empty.
    else if (s.recordCount !== next - s.baseOffset)
      problems.push(
        `${where}: segment ${s.baseOffset} counts ${s.recordCount} records, spans ${next - s.baseOffset}`,
      );
    if (i < segments.length - 1 && s.recordCount === 0)
      problems.push(`${where}: segment ${s.baseOffset} is empty but not the active one`);
  }
  if (total !== bytes)
    problems.push(`${where}: segments hold ${total} bytes, the records ${bytes}`);
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
export function checkRestartedBrokersCaughtUp(world: World, problems: string[] = []): string[] {
  for (const broker of world.brokers)
    if (broker.alive && !broker.fenced && broker.metadataCaughtUp === false)
      problems.push(
        `broker ${broker.id}: unfenced after its restart before catching up with the metadata log`,
      );
  return problems;
}
