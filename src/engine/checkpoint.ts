import type { AckedRecord, LogRecord, ReplicaLog } from './model';
import { dropSpentTasks } from './spentTasks';
import { restoreNameKeyedRecords, traceHash, type World } from './world';

/**
 * A world frozen at one moment, to come back to later (timeline seeking). Everything is
 * deep-copied except the arrays that only ever grow: the replica logs' records (append-only,
 * replaced on truncation: copy on truncate) and each producer's acknowledged records (pushed
 * to, never changed). For those, the array and its length at this moment are enough, so a
 * checkpoint costs O(partitions + pending work), not O(history).
 */
export interface WorldCheckpoint {
  readonly atMs: number;
  readonly eventCount: number;
  readonly traceHash: string;
  /** The world with every append-only array emptied. */
  readonly frozen: World;
  /** Each log's records array and its length, in `replicaLogs` order. */
  readonly logs: readonly { readonly records: LogRecord[]; readonly length: number }[];
  /** Each producer's acknowledged records and their count, in producer order. */
  readonly acked: readonly { readonly records: AckedRecord[]; readonly length: number }[];
}

/** Every replica log of the world, in a fixed order (topic order, partition, broker id). */
function replicaLogs(world: World): ReplicaLog[] {
  const out: ReplicaLog[] = [];
  for (const name of world.topicOrder) {
    for (const partition of world.topics[name].partitions) {
      const ids = Object.keys(partition.logs)
        .map(Number)
        .sort((a, b) => a - b);
      for (const id of ids) out.push(partition.logs[id]);
    }
  }
  return out;
}

/**
 * Freezes the world as it is now. The world itself runs on unchanged: only tasks that can no
 * longer do anything are dropped from its queue first, so checkpoints do not carry them
 * (request timeouts whose answer came were 80 % of a busy checkpoint).
 */
export function saveCheckpoint(world: World): WorldCheckpoint {
  dropSpentTasks(world);
  const logs = replicaLogs(world);
  const producers = world.producerOrder.map((id) => world.producers[id]);
  const kept = logs.map((log) => ({ records: log.records, length: log.records.length }));
  const acked = producers.map((p) => ({ records: p.ackedRecords, length: p.ackedRecords.length }));
  // Swap the growing arrays out while cloning (they are kept by reference), then back.
  for (const log of logs) log.records = [];
  for (const p of producers) p.ackedRecords = [];
  let frozen: World;
  try {
    frozen = structuredClone({ ...world, emitted: [] });
  } finally {
    logs.forEach((log, i) => (log.records = kept[i].records));
    producers.forEach((p, i) => (p.ackedRecords = acked[i].records));
  }
  return {
    atMs: world.nowMs,
    eventCount: world.eventCount,
    traceHash: traceHash(world),
    frozen,
    logs: kept,
    acked,
  };
}

/** A new, independent world in the checkpoint's state; the checkpoint can be restored again. */
export function restoreCheckpoint(checkpoint: WorldCheckpoint): World {
  const world = structuredClone(checkpoint.frozen);
  restoreNameKeyedRecords(world);
  replicaLogs(world).forEach((log, i) => {
    const { records, length } = checkpoint.logs[i];
    log.records = records.slice(0, length);
  });
  world.producerOrder.forEach((id, i) => {
    const { records, length } = checkpoint.acked[i];
    world.producers[id].ackedRecords = records.slice(0, length);
  });
  return world;
}
