import type { Snapshot } from './snapshot';
import { quorumState, recordsInRange } from './snapshot';

/**
 * The JSON state report (`kafkascope run --json`): public API, consumed by lessons, docs
 * and users' scripts. Extend freely; never rename a field without a deprecation path.
 */
export interface StateReport {
  seed: number;
  timeMs: number;
  traceHash: string;
  eventCount: number;
  /** The active controller's id; -1 while the quorum elects one or has lost its majority. */
  controller: number;
  /** The KRaft controller quorum: its voters, and whether a majority of them runs. */
  quorum: {
    mode: 'combined' | 'isolated';
    voters: { id: number; alive: boolean; broker: number | null }[];
    liveVoters: number;
    majority: boolean;
  };
  brokers: { id: number; alive: boolean; fenced: boolean; waitingForController: boolean }[];
  topics: {
    name: string;
    internal: boolean;
    partitions: {
      partition: number;
      leader: number;
      replicas: number[];
      isr: number[];
      leaderEpoch: number;
      highWatermark: number;
      logStartOffset: number;
      logEndOffset: number;
      replicaLogEndOffsets: Record<string, number>;
      records: ReportRecord[];
      /** How many records `records` leaves out (reports keep the newest). */
      recordsOmitted: number;
    }[];
  }[];
  producers: {
    id: string;
    partitioner: string;
    acks: 0 | 1 | 'all';
    sent: number;
    acked: number;
    failed: number;
    /** Of `failed`: records whose delivery.timeout.ms passed (Kafka's TimeoutException). */
    timedOut: number;
    errors: Record<string, number>;
    /**
     * The acknowledged records, each with where it was written (small runs: the first
     * `maxAckedRecords`). Named so because `acked` is the count (issue 2's field).
     */
    ackedRecords: { topic: string; partition: number; offset: number; sequence: number }[];
    ackedRecordsOmitted: number;
  }[];
  groups: {
    id: string;
    state: string;
    generation: number;
    protocol: string | null;
    rebalanceProtocol: 'eager' | 'cooperative' | null;
    coordinator: { partition: number; broker: number };
    leader: string | null;
    members: {
      id: string;
      instanceId: string | null;
      assignment: { topic: string; partition: number }[];
    }[];
    offsets: { topic: string; partition: number; committed: number | null; lag: number | null }[];
  }[];
  /** Acknowledged records that are no longer in their partition's log: data the cluster lost. */
  lostRecords: {
    producer: string;
    sequence: number;
    topic: string;
    partition: number;
    offset: number;
  }[];
  consumers: {
    id: string;
    group: string | null;
    consumed: number;
    positions: { topic: string; partition: number; position: number }[];
    /** The process runs (false after crashConsumer or removeConsumer). */
    alive: boolean;
    /** pause(assignment()) in effect (the pauseConsumer step): it still polls and heartbeats. */
    paused: boolean;
    /** The partitions pause() holds now (a rebalance forgets revoked ones). */
    pausedPartitions: { topic: string; partition: number }[];
    /** The application stopped calling poll() (stallConsumer). */
    stalled: boolean;
    /** Group protocol phase: idle, joining, syncing or stable. */
    phase: 'idle' | 'joining' | 'syncing' | 'stable';
    topics: string[];
    instanceId: string | null;
    /** The partitions it reads now (for a group member, what it owns at this moment). */
    assignment: { topic: string; partition: number }[];
    /**
     * Fetch errors answered so far, by code: NOT_LEADER_OR_FOLLOWER, FENCED_LEADER_EPOCH,
     * NETWORK_EXCEPTION (its leader was unreachable). Each makes it refresh its metadata.
     */
    fetchErrors: Record<string, number>;
    /** Metadata refreshes the consumer has had answered (after errors, or metadata.max.age.ms). */
    metadataRefreshes: number;
  }[];
  /**
   * ksqlDB applications running as Kafka Streams (issue 12): each with its queries (query id,
   * application id, sink topic, topology), tasks (id, query, instance, state, stream time),
   * dropped-records and store entries.
   */
  streams: StreamsReport[];
}

export interface StreamsReport {
  id: string;
  applicationId: string;
  instances: { id: string; running: boolean }[];
  queries: {
    queryId: string;
    applicationId: string;
    sinkTopic: string;
    repartitionTopic: string | null;
    changelogTopic: string | null;
    topology: {
      id: number;
      nodes: {
        name: string;
        kind: string;
        topics: string[];
        stores: string[];
        successors: string[];
      }[];
    }[];
  }[];
  tasks: {
    id: string;
    query: string;
    instance: string | null;
    state: string;
    streamTimeMs: number;
    processed: number;
  }[];
  droppedRecords: number;
  stores: {
    query: string;
    name: string | null;
    changelogTopic: string | null;
    entries: {
      task: string;
      key: string | number | boolean | null;
      window: { startMs: number; endMs: number } | null;
      value: Record<string, string | number | boolean | null>;
      timestampMs: number;
    }[];
    entriesOmitted: number;
  }[];
}

export interface ReportRecord {
  offset: number;
  key: string | null;
  value: string | null;
  /** In order; names may repeat, as in Kafka. */
  headers: { name: string; value: string }[];
  timestampMs: number;
  producer: string;
  sequence: number;
  /** A windowed key's window (windowed tables' topics); the key is the base key. */
  window?: { startMs: number; endMs: number };
}

export interface ReportOptions {
  /** Records listed per partition at most (the newest); default 10,000. */
  maxRecordsPerPartition?: number;
  /** Acknowledged records listed per producer at most; default 1,000. */
  maxAckedRecords?: number;
  /** Leave out internal topics such as __consumer_offsets (default true). */
  hideInternalTopics?: boolean;
}

export function stateReport(s: Snapshot, options: ReportOptions = {}): StateReport {
  const maxRecords = options.maxRecordsPerPartition ?? 10_000;
  const hideInternal = options.hideInternalTopics ?? true;
  const maxAcked = options.maxAckedRecords ?? 1000;
  return {
    seed: s.seed,
    timeMs: s.timeMs,
    traceHash: s.traceHash,
    eventCount: s.eventCount,
    controller: s.controllerId,
    quorum: quorumReport(s),
    brokers: s.brokers.map((b) => ({
      id: b.id,
      alive: b.alive,
      fenced: b.fenced,
      waitingForController: b.waitingForController,
    })),
    topics: s.topics
      .filter((t) => !(hideInternal && t.internal))
      .map((t) => ({
        name: t.name,
        internal: t.internal,
        partitions: t.partitions.map((p) => {
          // The last maxRecords records, by index: a compacted log's offsets have holes.
          const omitted = Math.max(0, p.log.length - maxRecords);
          const from = omitted < p.log.length ? p.log.records[omitted].offset : p.logEndOffset;
          return {
            partition: p.partition,
            leader: p.leader,
            replicas: [...p.replicas],
            isr: [...p.isr],
            leaderEpoch: p.leaderEpoch,
            highWatermark: p.highWatermark,
            logStartOffset: p.logStartOffset,
            logEndOffset: p.logEndOffset,
            replicaLogEndOffsets: Object.fromEntries(
              Object.entries(p.replicaLogEndOffsets).map(([id, leo]) => [String(id), leo]),
            ),
            records: recordsInRange(p.log, from, p.logEndOffset).map((r) => ({
              offset: r.offset,
              key: r.key,
              value: r.value,
              headers: r.headers.map(([name, value]) => ({ name, value })),
              timestampMs: r.timestampMs,
              producer: r.producer,
              sequence: r.sequence,
              ...(r.window === undefined ? {} : { window: { ...r.window } }),
            })),
            recordsOmitted: omitted,
          };
        }),
      })),
    producers: s.producers.map((p) => ({
      id: p.id,
      partitioner: p.partitioner,
      acks: p.acks,
      sent: p.sent,
      acked: p.acked,
      failed: p.failed,
      timedOut: p.timedOut,
      errors: { ...p.errors },
      ackedRecords: p.ackedRecords.slice(0, maxAcked).map((r) => ({ ...r })),
      ackedRecordsOmitted: p.acked - Math.min(maxAcked, p.ackedRecords.length),
    })),
    lostRecords: s.lostRecords.map((r) => ({ ...r })),
    groups: s.groups.map((g) => ({
      id: g.id,
      state: g.state,
      generation: g.generation,
      protocol: g.protocol,
      rebalanceProtocol: g.rebalanceProtocol,
      coordinator: { ...g.coordinator },
      leader: g.leader,
      members: g.members.map((m) => ({
        id: m.id,
        instanceId: m.instanceId,
        assignment: m.assignment.map((tp) => ({ ...tp })),
      })),
      offsets: g.offsets.map((o) => ({ ...o })),
    })),
    consumers: s.consumers.map((c) => ({
      id: c.id,
      group: c.group,
      consumed: c.consumed,
      positions: c.positions.map((pos) => ({ ...pos })),
      alive: c.alive,
      paused: c.paused,
      pausedPartitions: c.pausedPartitions.map((tp) => ({ ...tp })),
      stalled: c.stalled,
      phase: c.phase,
      topics: [...c.topics],
      instanceId: c.instanceId,
      assignment: c.assignment.map((tp) => ({ ...tp })),
      fetchErrors: { ...c.fetchErrors },
      metadataRefreshes: c.metadataRefreshes,
    })),
    streams: s.streams.map(streamsReport),
  };
}

function streamsReport(app: Snapshot['streams'][number]): StreamsReport {
  return {
    id: app.id,
    applicationId: app.applicationId,
    instances: app.instances.map((i) => ({ ...i })),
    queries: app.queries.map((q) => ({
      queryId: q.queryId,
      applicationId: q.applicationId,
      sinkTopic: q.sinkTopic,
      repartitionTopic: q.repartitionTopic,
      changelogTopic: q.changelogTopic,
      topology: q.topology.map((s) => ({
        id: s.id,
        nodes: s.nodes.map((n) => ({
          name: n.name,
          kind: n.kind,
          topics: [...n.topics],
          stores: [...n.stores],
          successors: [...n.successors],
        })),
      })),
    })),
    tasks: app.queries.flatMap((q) =>
      q.tasks.map((t) => ({
        id: t.id,
        query: t.query,
        instance: t.instance,
        state: t.state,
        streamTimeMs: t.streamTimeMs,
        processed: t.processed,
      })),
    ),
    droppedRecords: app.droppedRecords,
    stores: app.queries
      .filter((q) => q.storeName !== null)
      .map((q) => ({
        query: q.queryId,
        name: q.storeName,
        changelogTopic: q.changelogTopic,
        entries: q.store.map((e) => ({
          task: e.task,
          key: e.key,
          window: e.window === null ? null : { ...e.window },
          value: { ...e.value },
          timestampMs: e.timestampMs,
        })),
        entriesOmitted: q.storeOmitted,
      })),
  };
}

function quorumReport(s: Snapshot): StateReport['quorum'] {
  const { mode, liveVoters, majority } = quorumState(s);
  const voters = s.controllers.map((c) => ({ id: c.id, alive: c.alive, broker: c.broker }));
  return { mode, voters, liveVoters, majority };
}
