import { dict } from './names';
import type { MetadataChange } from './metadataChanges';
import { byOffsetOf, recordAtOffset } from './logIndex';
import type { AckedRecord, Partition, ReplicaLog } from './model';
import { emit, type LostRecord, type World } from './world';

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

/** Brings lost-record detection up to date; returns the records found lost just now. */
export function refreshLostRecords(world: World): LostRecord[] {
  const scan = world.lostScan;
  if (world.electionCount === 0) return [];
  if (scan.electionCount !== world.electionCount) {
    scan.electionCount = world.electionCount;
    scan.scannedUpTo = dict();
  }
  const known = lostKeys(scan.lost);
  const fresh: LostRecord[] = [];
  for (const id of world.producerOrder) {
    const acked = world.producers[id].ackedRecords;
    for (let i = scan.scannedUpTo[id] ?? 0; i < acked.length; i++) {
      const r = acked[i];
      if (isPresent(world, id, r) || known.has(lostKey(id, r.sequence))) continue;
      const lost = {
        producer: id,
        sequence: r.sequence,
        topic: r.topic,
        partition: r.partition,
        offset: r.offset,
      };
      fresh.push(lost);
      scan.lost.push(lost);
    }
    scan.scannedUpTo[id] = acked.length;
  }
  // Known from the next scan on (as when the set was rebuilt each time).
  for (const r of fresh) known.add(lostKey(r.producer, r.sequence));
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
