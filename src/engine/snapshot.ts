import type { AckedRecord, Acks, Flight, LogRecord, TopicConfig, TopicPartitionRef } from './model';
import { lostRecordsOf } from './lost';
import { logEndOffset } from './model';
import type { PartitionerName } from './partitioner';
import { traceHash, type LostRecord, type World } from './world';

/**
 * The read-only view of a world at one moment, for the UI and reports. Logs are shared,
 * not copied: `log.records` is append-only and the view holds its length, so taking a
 * snapshot costs O(partitions), not O(records), and an old snapshot stays true.
 */
export interface Snapshot {
  readonly seed: number;
  readonly timeMs: number;
  readonly traceHash: string;
  readonly eventCount: number;
  readonly controllerId: number;
  readonly brokers: readonly BrokerView[];
  readonly topics: readonly TopicView[];
  readonly producers: readonly ProducerView[];
  readonly consumers: readonly ConsumerView[];
  readonly flights: readonly Flight[];
  /** Acknowledged records no longer in their partition's log. */
  readonly lostRecords: readonly LostRecord[];
}

export interface BrokerView {
  readonly id: number;
  readonly alive: boolean;
}

export interface TopicView {
  readonly name: string;
  readonly internal: boolean;
  readonly config: TopicConfig;
  readonly partitions: readonly PartitionView[];
}

/** A log as of the snapshot: read `records[i]` for i < `length` only. */
export interface LogView {
  readonly records: readonly LogRecord[];
  readonly startOffset: number;
  readonly length: number;
}

export interface PartitionView {
  readonly topic: string;
  readonly partition: number;
  readonly replicas: readonly number[];
  readonly leader: number;
  readonly leaderEpoch: number;
  readonly isr: readonly number[];
  readonly highWatermark: number;
  readonly logEndOffset: number;
  readonly logStartOffset: number;
  /** Broker id → that replica's log end offset. */
  readonly replicaLogEndOffsets: Readonly<Record<number, number>>;
  /** The leader's log (or, while offline, the last ISR member's). */
  readonly log: LogView;
}

export interface ProducerView {
  readonly id: string;
  readonly topic: string | null;
  readonly partitioner: PartitionerName;
  readonly acks: Acks;
  readonly rate: number;
  readonly sent: number;
  readonly acked: number;
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly openBatches: number;
  /** Acknowledged records (the first ACKED_RECORDS_CAP), each with where it was written. */
  readonly ackedRecords: readonly AckedRecord[];
  readonly ackedRecordsTruncated: boolean;
}

export interface ConsumerView {
  readonly id: string;
  readonly group: string | null;
  readonly topics: readonly string[];
  readonly assignment: readonly TopicPartitionRef[];
  readonly positions: readonly { topic: string; partition: number; position: number }[];
  readonly consumed: number;
  readonly alive: boolean;
  readonly paused: boolean;
}

export function snapshot(world: World): Snapshot {
  return {
    seed: world.seed,
    timeMs: world.nowMs,
    traceHash: traceHash(world),
    eventCount: world.eventCount,
    controllerId: world.controllerId,
    brokers: world.brokers.map((b) => ({ id: b.id, alive: b.alive })),
    topics: world.topicOrder.map((name) => topicView(world, name)),
    producers: world.producerOrder.map((id) => producerView(world, id)),
    consumers: world.consumerOrder.map((id) => consumerView(world, id)),
    flights: [...world.flights.values()],
    lostRecords: lostRecordsOf(world),
  };
}

function topicView(world: World, name: string): TopicView {
  const topic = world.topics[name];
  return {
    name,
    internal: topic.internal,
    config: { ...topic.config },
    partitions: topic.partitions.map((p) => {
      const replicaLogEndOffsets: Record<number, number> = {};
      for (const id of p.replicas) replicaLogEndOffsets[id] = logEndOffset(p.logs[id]);
      const source =
        p.logs[p.leader !== -1 ? p.leader : (p.isr[p.isr.length - 1] ?? p.replicas[0])];
      return {
        topic: name,
        partition: p.partition,
        replicas: [...p.replicas],
        leader: p.leader,
        leaderEpoch: p.leaderEpoch,
        isr: [...p.isr],
        highWatermark: p.highWatermark,
        logEndOffset: logEndOffset(source),
        logStartOffset: source.logStartOffset,
        replicaLogEndOffsets,
        log: {
          records: source.records,
          startOffset: source.logStartOffset,
          length: source.records.length,
        },
      };
    }),
  };
}

function producerView(world: World, id: string): ProducerView {
  const p = world.producers[id];
  return {
    id,
    topic: p.topic,
    partitioner: p.partitioner,
    acks: p.acks,
    rate: p.rate,
    sent: p.sent,
    acked: p.acked,
    failed: p.failed,
    errors: { ...p.errors },
    openBatches: Object.values(p.openBatches).reduce(
      (n, batches) => n + batches.filter(Boolean).length,
      0,
    ),
    ackedRecords: p.ackedRecords,
    ackedRecordsTruncated: p.ackedRecordsTruncated,
  };
}

function consumerView(world: World, id: string): ConsumerView {
  const c = world.consumers[id];
  return {
    id,
    group: c.group,
    topics: [...c.topics],
    assignment: c.assignment.map((tp) => ({ ...tp })),
    positions: c.assignment.map((tp) => ({
      topic: tp.topic,
      partition: tp.partition,
      position: c.positions[`${tp.topic}/${tp.partition}`] ?? -1,
    })),
    consumed: c.consumed,
    alive: c.alive,
    paused: c.paused,
  };
}

/** Records of a log view in [from, to) offsets, clipped to what the view holds. */
export function recordsInRange(
  log: LogView,
  fromOffset: number,
  toOffset: number,
): readonly LogRecord[] {
  const start = Math.max(0, fromOffset - log.startOffset);
  const end = Math.min(log.length, toOffset - log.startOffset);
  return start < end ? log.records.slice(start, end) : [];
}

export function findPartition(
  s: Snapshot,
  topic: string,
  partition: number,
): PartitionView | undefined {
  return s.topics.find((t) => t.name === topic)?.partitions[partition];
}
