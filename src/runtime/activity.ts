import type { TraceEvent } from '../engine';
import { own } from '../engine/light';

/**
 * What just happened to replicas and group members, folded from the trace as it is recorded
 * (every event, not only the event list's last 200): truncations, ISR rejoins, and partitions
 * revoked in a rebalance until their next owner has them. The view reads it to mark what
 * changed; nothing here is guessed, each entry comes from one engine event.
 */
export interface Truncation {
  readonly atMs: number;
  readonly topic: string;
  readonly partition: number;
  readonly broker: number;
  readonly fromOffset: number;
  readonly toOffset: number;
}

export interface IsrRejoin {
  readonly atMs: number;
  readonly topic: string;
  readonly partition: number;
  readonly broker: number;
}

/** A partition a member gave up in a rebalance ("orders-4"), until someone is assigned it. */
export interface Revocation {
  readonly atMs: number;
  readonly group: string;
  readonly member: string;
  readonly partition: string;
  readonly rebalanceProtocol: 'eager' | 'cooperative';
  /** The member assigned it afterwards (null: nobody yet, the partition is paused). */
  readonly movedTo: string | null;
  readonly settledAtMs: number | null;
}

/**
 * Records that left the start of a partition's log: whole segments deleted by retention. One
 * entry per partition and moment (each replica reports its own segments; they are folded).
 */
export interface LogTrim {
  readonly atMs: number;
  readonly topic: string;
  readonly partition: number;
  /** The first offset removed and the log start offset after. */
  readonly fromOffset: number;
  readonly toOffset: number;
  /** The base offsets of the segments removed (each once, whichever replicas removed it). */
  readonly segmentBaseOffsets: readonly number[];
  readonly reason: 'retention.ms' | 'retention.bytes' | 'log start offset';
}

/** A pass of the log cleaner over a partition's log (folded over its replicas). */
export interface LogClean {
  readonly atMs: number;
  readonly topic: string;
  readonly partition: number;
  readonly removedCount: number;
  readonly superseded: number;
  readonly tombstonesRemoved: number;
  /** The first offsets it removed (at most 100). */
  readonly removedOffsets: readonly number[];
}

export interface Activity {
  readonly truncations: readonly Truncation[];
  /** Log cleaner passes that removed records (compacted topics). */
  readonly logCleans: readonly LogClean[];
  /** Segments deleted from the start of logs (retention). */
  readonly logTrims: readonly LogTrim[];
  readonly isrRejoins: readonly IsrRejoin[];
  readonly revocations: readonly Revocation[];
  /** Group → the rebalance protocol of its latest rebalance. */
  readonly protocols: Readonly<Record<string, 'eager' | 'cooperative'>>;
}

/** How long (virtual time) a truncation, an ISR rejoin or a completed move stays marked. */
export const ACTIVITY_BADGE_MS = 5000;

export const EMPTY_ACTIVITY: Activity = {
  truncations: [],
  logTrims: [],
  logCleans: [],
  isrRejoins: [],
  revocations: [],
  protocols: {},
};

const recent = <T extends { atMs: number }>(list: readonly T[], nowMs: number): T[] =>
  list.filter((x) => nowMs - x.atMs <= ACTIVITY_BADGE_MS);

/** Folds new events (oldest first) in; returns `a` itself when none of them matters here. */
export function reduceActivity(a: Activity, events: readonly TraceEvent[]): Activity {
  let next = a;
  for (const e of events) {
    const changed = reduceOne(next, e);
    if (changed !== next) next = changed;
  }
  return next;
}

function reduceOne(a: Activity, e: TraceEvent): Activity {
  switch (e.type) {
    case 'logTruncated':
      return {
        ...a,
        truncations: [
          ...recent(a.truncations, e.atMs),
          {
            atMs: e.atMs,
            topic: e.topic,
            partition: e.partition,
            broker: e.broker,
            fromOffset: e.fromOffset,
            toOffset: e.toOffset,
          },
        ],
      };
    case 'isrChanged': {
      const joined = e.isr.filter((b) => !e.previousIsr.includes(b));
      if (joined.length === 0) return a;
      return {
        ...a,
        isrRejoins: [
          ...recent(a.isrRejoins, e.atMs),
          ...joined.map((broker) => ({
            atMs: e.atMs,
            topic: e.topic,
            partition: e.partition,
            broker,
          })),
        ],
      };
    }
    case 'groupRebalanceStarted':
    case 'groupJoinCompleted':
      if (own(a.protocols, e.group) === e.rebalanceProtocol) return a;
      return { ...a, protocols: { ...a.protocols, [e.group]: e.rebalanceProtocol } };
    case 'partitionsRevoked': {
      if (e.partitions.length === 0) return a;
      const revoked = new Set(e.partitions);
      const kept = a.revocations.filter((r) => !(r.group === e.group && revoked.has(r.partition)));
      return {
        ...a,
        revocations: [
          ...kept,
          ...e.partitions.map((partition) => ({
            atMs: e.atMs,
            group: e.group,
            member: e.member,
            partition,
            rebalanceProtocol: own(a.protocols, e.group) ?? 'eager',
            movedTo: null,
            settledAtMs: null,
          })),
        ],
      };
    }
    case 'partitionsAssigned': {
      const owned = new Set(e.assignment);
      let touched = false;
      const revocations: Revocation[] = [];
      for (const r of a.revocations) {
        const settledLongAgo = r.settledAtMs !== null && e.atMs - r.settledAtMs > ACTIVITY_BADGE_MS;
        if (settledLongAgo) {
          touched = true;
          continue;
        }
        if (r.group !== e.group || r.movedTo !== null || !owned.has(r.partition)) {
          revocations.push(r);
          continue;
        }
        touched = true;
        // Back to the member that gave it up (eager): simply resumed. Else: it moved.
        if (r.member !== e.member)
          revocations.push({ ...r, movedTo: e.member, settledAtMs: e.atMs });
      }
      return touched ? { ...a, revocations } : a;
    }
    case 'groupEmptied':
      return { ...a, revocations: a.revocations.filter((r) => r.group !== e.group) };
    // The rest show in the snapshot itself (or not at all), not as a passing badge.
    case 'clusterCreated':
    case 'narrated':
    case 'commandRejected':
    case 'producerConfigured':
    case 'producerRateChanged':
    case 'recordsSent':
    case 'recordsAppended':
    case 'produceAcked':
    case 'produceErrored':
    case 'produceExpired':
    case 'replicaFetched':
    case 'highWatermarkAdvanced':
    case 'consumerFetched':
    case 'consumerSeeked':
    case 'consumerPositionReset':
    case 'brokerKilled':
    case 'brokerShutDown':
    case 'brokerRestarted':
    case 'brokerFenced':
    case 'brokerUnfenced':
    case 'controllerMoved':
    case 'controllerKilled':
    case 'controllerRestarted':
    case 'quorumLost':
    case 'leaderChanged':
    case 'acknowledgedRecordsLost':
    case 'consumerAdded':
    case 'consumerClosed':
    case 'consumerCrashed':
    case 'consumerPaused':
    case 'consumerStalled':
    case 'consumerResumed':
    case 'consumerPollTimedOut':
    case 'partitionsAdded':
    case 'memberJoining':
    case 'staticMemberRejoined':
    case 'memberJoinRejected':
    case 'groupStabilized':
    case 'memberRemoved':
    case 'offsetsCommitted':
    case 'offsetCommitFailed':
    case 'streamsAppStarted': // streams apps show in the snapshot's streams view
    case 'streamsInstanceStarted':
    case 'streamsInstanceStopped':
    case 'streamsTasksAssigned':
    case 'streamsTaskRestoring':
    case 'streamsTaskRestored':
    case 'streamsRecordProcessed':
    case 'streamsRecordDropped':
    case 'streamsCacheFlushed':
    case 'streamsEmitted':
    case 'streamsCommitted':
    case 'segmentRolled': // segments are drawn from the snapshot (their base offsets)
      return a;
    case 'segmentDeleted':
      return { ...a, logTrims: withTrim(recent(a.logTrims, e.atMs), e) };
    case 'logCleaned': {
      if (e.removedCount === 0) return a;
      const clean: LogClean = {
        atMs: e.atMs,
        topic: e.topic,
        partition: e.partition,
        removedCount: e.removedCount,
        superseded: e.superseded,
        tombstonesRemoved: e.tombstonesRemoved,
        removedOffsets: e.removed.map((r) => r.offset),
      };
      // Each replica cleans its own copy alike: one entry per partition and moment.
      const others = recent(a.logCleans, e.atMs).filter(
        (c) => !(c.topic === e.topic && c.partition === e.partition && c.atMs === e.atMs),
      );
      return { ...a, logCleans: [...others, clean] };
    }
    default: {
      const unknown: never = e;
      throw new Error(`no activity rule for event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * `trims` with a segment deletion folded in: the same partition, moment and reason as an entry
 * already there (another segment, or another replica's copy of one) widens it.
 */
function withTrim(trims: LogTrim[], e: Extract<TraceEvent, { type: 'segmentDeleted' }>): LogTrim[] {
  const i = trims.findIndex(
    (t) =>
      t.topic === e.topic &&
      t.partition === e.partition &&
      t.atMs === e.atMs &&
      t.reason === e.reason,
  );
  if (i === -1)
    return [
      ...trims,
      {
        atMs: e.atMs,
        topic: e.topic,
        partition: e.partition,
        fromOffset: e.baseOffset,
        toOffset: e.logStartOffset,
        segmentBaseOffsets: [e.baseOffset],
        reason: e.reason,
      },
    ];
  const t = trims[i];
  const merged: LogTrim = {
    ...t,
    fromOffset: Math.min(t.fromOffset, e.baseOffset),
    toOffset: Math.max(t.toOffset, e.logStartOffset),
    segmentBaseOffsets: t.segmentBaseOffsets.includes(e.baseOffset)
      ? t.segmentBaseOffsets
      : [...t.segmentBaseOffsets, e.baseOffset].sort((x, y) => x - y),
  };
  return trims.map((x, j) => (j === i ? merged : x));
}

/** The entries still worth marking at `nowMs` (badges last `ACTIVITY_BADGE_MS`). */
export function activityAt(a: Activity, nowMs: number): Activity {
  const live = <T extends { atMs: number }>(list: readonly T[]) =>
    list.filter((x) => x.atMs <= nowMs && nowMs - x.atMs <= ACTIVITY_BADGE_MS);
  return {
    truncations: live(a.truncations),
    logTrims: live(a.logTrims),
    logCleans: live(a.logCleans),
    isrRejoins: live(a.isrRejoins),
    revocations: a.revocations.filter(
      (r) => r.settledAtMs === null || nowMs - r.settledAtMs <= ACTIVITY_BADGE_MS,
    ),
    protocols: a.protocols,
  };
}
