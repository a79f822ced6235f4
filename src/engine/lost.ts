import { dict } from './names';
import type { MetadataChange } from './metadataChanges';
import { byOffsetOf, recordAtOffset } from './logIndex';
import type { AckedRecord, LogRecord, Partition, ReplicaLog } from './model';
import { emit, type LostRecord, type LostScan, type World } from './world';

/**
 * The model knows the truth: an acknowledged record that is no longer in its partition's
 * log is lost (records below the log start were deleted by retention, not lost). Only a
 * leader change can drop records from a partition's log, so the full
 * check runs after elections; between them only newly acknowledged records are checked.
 * Lost records stay lost: their offsets now hold other records, or nothing.
 */

/** The log that holds the partition's data now: the leader's, or while offline the last ISR member's. */
export function authoritativeLog(p: Partition): ReplicaLog {
  if (p.leader !== -1) return p.logs[p.leader];
  return p.logs[p.isr[p.isr.length - 1] ?? p.replicas[0]];
}

function isPresent(world: World, producer: string, acked: AckedRecord): boolean {
  const log = authoritativeLog(world.topics[acked.topic].partitions[acked.partition]);
  // Below the log start: deleted by retention, which is not a loss.
  if (acked.offset < log.logStartOffset) return true;
  const record = recordAtOffset(byOffsetOf(log), acked.offset);
  // Missing from a range a log cleaner has cleaned: compacted away (a newer record of its key,
  // or an expired tombstone), which is not a loss either, whichever replica's cleaner did it
  // (a follower copies the holes and may lead later without having cleaned anything itself).
  if (record === undefined) {
    const cleanedUpTo = world.topics[acked.topic].partitions[acked.partition].cleanedUpTo;
    return cleanedUpTo !== undefined && acked.offset < cleanedUpTo;
  }
  return record.producer === producer && record.sequence === acked.sequence;
}

const lostKey = (producer: string, sequence: number) => `${producer}#${sequence}`;

/**
 * The keys of `lost` (which only grows, by push), kept beside it rather than rebuilt on every
 * scan: rebuilding cost O(records lost so far) per acknowledgement after an election, a cost
 * that grew with the run's history. Keyed by the array, so a restored checkpoint's copy gets
 * its own.
 */
const knownLost = new WeakMap<readonly LostRecord[], Set<string>>();

function lostKeys(lost: readonly LostRecord[]): Set<string> {
  let keys = knownLost.get(lost);
  if (keys === undefined) {
    keys = new Set(lost.map((r) => lostKey(r.producer, r.sequence)));
    knownLost.set(lost, keys);
  }
  return keys;
}

/**
 * What the last full scan of a world checked (after an election every acknowledged record is
 * looked at again): how far into each producer's acknowledged records, and each partition's
 * authoritative log then with its records array. A log's array only grows until a truncation,
 * a deletion or a clean replaces it, so a record found in it then is in it still while the same
 * log holds the same array: the next full scan looks only at the records of partitions whose
 * log changed (the one just elected), found by an index of each producer's records by
 * partition, and at records acknowledged since. One crash elects many leaders at once, each
 * with its full scan: in the seek bench's 10-minute run, 260 scans of up to 40,000 records took
 * 631 ms of indexing, and a seek whose replay crossed a crash 78 of its 85 ms. Kept outside the
 * world (a restored world scans everything once): it only skips work whose answer it knows,
 * so the events are the same with it or without (lost.test.ts).
 */
interface ScanMemory {
  /** Each producer's acknowledged records (that array) by partition: their indexes, ascending, below `indexed`. */
  producers: Map<
    string,
    { acked: readonly AckedRecord[]; indexed: number; byPartition: Map<Partition, number[]> }
  >;
  /** As of the last full scan: how far it looked into each producer's records. */
  upTo: Record<string, number>;
  /**
   * As of the last full scan: each partition's authoritative log and its records array, held
   * weakly: an array a truncation or retention has since replaced must not be kept alive by
   * this (a long run with retention would hold every record deleted since). Gone means changed.
   */
  logs: Map<Partition, { log: ReplicaLog; records: WeakRef<readonly LogRecord[]> }>;
}

const scanMemory = new WeakMap<LostScan, ScanMemory>();

/** Whether full scans skip what the last one found present (tests compare with and without). */
export const lostScanOptions = { skipUnchanged: true };

/** The partitions whose authoritative log no longer holds what the last full scan saw. */
function changedPartitions(world: World, memory: ScanMemory): Partition[] {
  const changed: Partition[] = [];
  for (const name of world.topicOrder)
    for (const p of world.topics[name].partitions) {
      const then = memory.logs.get(p);
      const log = authoritativeLog(p);
      if (then === undefined || then.log !== log || then.records.deref() !== log.records)
        changed.push(p);
    }
  return changed;
}

/**
 * The indexes below `upTo` of `id`'s acknowledged records in `partitions`, ascending; null when
 * the memory does not know this producer's records (a new array: every record is looked at).
 */
function recordsIn(
  world: World,
  memory: ScanMemory,
  id: string,
  acked: readonly AckedRecord[],
  partitions: readonly Partition[],
): number[] | null {
  const known = memory.producers.get(id);
  if (known === undefined || known.acked !== acked) return null;
  const upTo = memory.upTo[id] ?? 0;
  for (; known.indexed < upTo; known.indexed++) {
    const r = acked[known.indexed];
    const p = world.topics[r.topic].partitions[r.partition];
    let list = known.byPartition.get(p);
    if (list === undefined) known.byPartition.set(p, (list = []));
    list.push(known.indexed);
  }
  const indexes: number[] = [];
  for (const p of partitions)
    for (const i of known.byPartition.get(p) ?? []) {
      if (i >= upTo) break;
      indexes.push(i);
    }
  return partitions.length > 1 ? indexes.sort((a, b) => a - b) : indexes;
}

function rememberFullScan(world: World, scan: LostScan, previous: ScanMemory | undefined): void {
  const logs: ScanMemory['logs'] = new Map();
  for (const name of world.topicOrder)
    for (const p of world.topics[name].partitions) {
      const log = authoritativeLog(p);
      logs.set(p, { log, records: new WeakRef(log.records) });
    }
  const producers: ScanMemory['producers'] = new Map();
  for (const id of world.producerOrder) {
    const acked = world.producers[id].ackedRecords;
    const kept = previous?.producers.get(id);
    producers.set(
      id,
      kept !== undefined && kept.acked === acked
        ? kept
        : { acked, indexed: 0, byPartition: new Map() },
    );
  }
  scanMemory.set(scan, { producers, upTo: { ...scan.scannedUpTo }, logs });
}

/** Brings lost-record detection up to date; returns the records found lost just now. */
export function refreshLostRecords(world: World): LostRecord[] {
  const scan = world.lostScan;
  if (world.electionCount === 0) return [];
  const fullScan = scan.electionCount !== world.electionCount;
  let memory: ScanMemory | undefined;
  let changed: Partition[] = [];
  if (fullScan) {
    scan.electionCount = world.electionCount;
    scan.scannedUpTo = dict();
    memory = lostScanOptions.skipUnchanged ? scanMemory.get(scan) : undefined;
    if (memory !== undefined) changed = changedPartitions(world, memory);
  }
  const known = lostKeys(scan.lost);
  const fresh: LostRecord[] = [];
  const check = (id: string, r: AckedRecord): void => {
    if (isPresent(world, id, r) || known.has(lostKey(id, r.sequence))) return;
    const lost = {
      producer: id,
      sequence: r.sequence,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
    };
    fresh.push(lost);
    scan.lost.push(lost);
  };
  for (const id of world.producerOrder) {
    const acked = world.producers[id].ackedRecords;
    let from = scan.scannedUpTo[id] ?? 0;
    // A full scan that knows what the last one saw: below where that one stopped, only the
    // records of partitions whose log changed (in the same order as a scan of them all).
    const older = memory !== undefined ? recordsIn(world, memory, id, acked, changed) : null;
    if (older !== null) {
      for (const i of older) check(id, acked[i]);
      from = memory!.upTo[id] ?? 0;
    }
    for (let i = from; i < acked.length; i++) check(id, acked[i]);
    scan.scannedUpTo[id] = acked.length;
  }
  // Known from the next scan on (as when the set was rebuilt each time).
  for (const r of fresh) known.add(lostKey(r.producer, r.sequence));
  if (fullScan) rememberFullScan(world, scan, scanMemory.get(scan));
  return fresh;
}

/** Every acknowledged record known to be lost so far. */
export function lostRecordsOf(world: World): readonly LostRecord[] {
  return world.lostScan.lost;
}

/** Acknowledged records an election just dropped from their partition's log, one event per partition. */
export function reportLostRecords(world: World): void {
  const fresh = refreshLostRecords(world);
  const byPartition = new Map<string, typeof fresh>();
  for (const r of fresh) {
    const key = `${r.topic}/${r.partition}`;
    byPartition.set(key, [...(byPartition.get(key) ?? []), r]);
  }
  for (const records of byPartition.values()) {
    emit(world, {
      type: 'acknowledgedRecordsLost',
      atMs: world.nowMs,
      topic: records[0].topic,
      partition: records[0].partition,
      records: records.map((r) => ({
        producer: r.producer,
        sequence: r.sequence,
        offset: r.offset,
      })),
    });
  }
}

/** A leader change is the only thing that can drop records from a partition's log: look now. */
export function lostRecordsOnMetadataChange(world: World, change: MetadataChange): void {
  if (change.type === 'leaderChanged') reportLostRecords(world);
}
