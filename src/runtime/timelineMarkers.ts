import { controllerName, describeCommand } from '../engine';
import type { Command, TraceEvent, TraceEventOf, TraceEventType } from '../engine';

/** What kind of moment a timeline marker points at (its colour and shape in the view). */
export type MarkerKind =
  'failure' | 'recovery' | 'election' | 'rebalance' | 'lost' | 'narration' | 'action';

/** A notable moment of the run, for the timeline. */
export interface TimelineMarker {
  readonly atMs: number;
  readonly kind: MarkerKind;
  /** Plain words for the tooltip and screen readers. */
  readonly label: string;
  /** The index of its first event in the run's trace. */
  readonly eventIndex: number;
}

const MAX_LABEL = 120;
const clip = (text: string): string =>
  text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;

/**
 * How an event of one type shows on the timeline: its kind and words, or null for no marker.
 * `when`, if given, marks only the events of the type it accepts.
 */
type MarkerRule<T extends TraceEventType> = {
  readonly kind: MarkerKind;
  readonly label: (e: TraceEventOf<T>) => string;
  readonly when?: (e: TraceEventOf<T>) => boolean;
} | null;

/** Why a streams task dropped a record, for a marker's words. */
const DROP_LABEL: Readonly<Record<TraceEventOf<'streamsRecordDropped'>['reason'], string>> = {
  late: 'late, its window had closed',
  'null key': 'null key',
  'negative timestamp': 'negative timestamp',
  'bad key': 'its key would not deserialize',
};

/**
 * Which events mark the timeline. Only the moments a viewer would seek to get one: failures,
 * recoveries, elections, rebalances, loss and narration. Traffic, fencing (the crash or
 * shutdown before it is marked) and the steps inside a rebalance do not.
 */
const MARKERS: { readonly [T in TraceEventType]: MarkerRule<T> } = {
  brokerKilled: { kind: 'failure', label: (e) => `broker ${e.broker} crashed` },
  brokerShutDown: { kind: 'failure', label: (e) => `broker ${e.broker} shut down` },
  consumerCrashed: { kind: 'failure', label: (e) => `consumer ${e.consumer} crashed` },
  consumerPollTimedOut: {
    kind: 'failure',
    label: (e) => `${e.member} left ${e.group}: poll timeout`,
  },
  brokerRestarted: { kind: 'recovery', label: (e) => `broker ${e.broker} restarted` },
  leaderChanged: {
    kind: 'election',
    label: (e) =>
      e.leader === -1
        ? `${e.topic}-${e.partition} offline`
        : `${e.topic}-${e.partition}: broker ${e.leader} leads${e.unclean ? ' (unclean)' : ''}`,
  },
  controllerMoved: {
    kind: 'election',
    label: (e) => `active controller: ${controllerName(e.to, e.onBroker)}`,
  },
  controllerKilled: { kind: 'failure', label: (e) => `controller ${e.controller} crashed` },
  controllerRestarted: { kind: 'recovery', label: (e) => `controller ${e.controller} restarted` },
  quorumLost: {
    kind: 'failure',
    label: (e) => `controller quorum lost (${e.liveVoters} of ${e.voters} voters)`,
  },
  groupRebalanceStarted: { kind: 'rebalance', label: (e) => `group ${e.group} rebalances` },
  acknowledgedRecordsLost: {
    kind: 'lost',
    label: (e) => `acknowledged records lost on ${e.topic}-${e.partition}`,
  },
  narrated: { kind: 'narration', label: (e) => e.text },
  // Streams: an instance going away, a record left out of the result (a late one: its window
  // had closed), and a moved task's store back after restoring a non-empty changelog.
  streamsInstanceStopped: {
    kind: 'failure',
    label: (e) => `streams instance ${e.instance} ${e.how === 'killed' ? 'killed' : 'closed'}`,
  },
  streamsRecordDropped: {
    kind: 'failure',
    // The task, not the topic: an internal topic's name would fill the label.
    label: (e) => `${e.query} task ${e.task} dropped a record: ${DROP_LABEL[e.reason]}`,
  },
  streamsTaskRestored: {
    kind: 'recovery',
    label: (e) => `task ${e.task} restored its store on ${e.instance}`,
    when: (e) => e.records > 0,
  },
  clusterCreated: null,
  commandRejected: null,
  producerConfigured: null,
  producerRateChanged: null,
  recordsSent: null,
  recordsAppended: null,
  produceAcked: null,
  produceErrored: null,
  produceExpired: null,
  replicaFetched: null,
  highWatermarkAdvanced: null,
  consumerFetched: null,
  consumerSeeked: null,
  consumerPositionReset: null,
  brokerFenced: null,
  brokerUnfenced: null,
  isrChanged: null,
  logTruncated: null,
  segmentRolled: null,
  segmentDeleted: null,
  logCleaned: null,
  consumerAdded: null,
  consumerClosed: null,
  consumerPaused: null,
  consumerStalled: null,
  consumerResumed: null,
  partitionsAdded: null,
  memberJoining: null,
  staticMemberRejoined: null,
  memberJoinRejected: null,
  groupJoinCompleted: null,
  groupStabilized: null,
  groupEmptied: null,
  memberRemoved: null,
  partitionsRevoked: null,
  partitionsAssigned: null,
  offsetsCommitted: null,
  offsetCommitFailed: null,
  // Starting and assigning show as the group's rebalance; the rest is per-record traffic.
  streamsAppStarted: null,
  streamsInstanceStarted: null,
  streamsTasksAssigned: null,
  streamsTaskRestoring: null,
  streamsRecordProcessed: null,
  streamsCacheFlushed: null,
  streamsEmitted: null,
  streamsCommitted: null,
};

/** The marker rule of an event (the table is keyed by type, so the cast only joins the two). */
const markerRule = (e: TraceEvent) =>
  MARKERS[e.type] as {
    kind: MarkerKind;
    label: (e: TraceEvent) => string;
    when?: (e: TraceEvent) => boolean;
  } | null;

/**
 * The markers of one step's events: one per kind (a broker crash moving five leaders is one
 * election marker, "5 elections"), plus one for the user's action if the step was one.
 */
export function markersOf(
  events: readonly TraceEvent[],
  firstIndex: number,
  action: Command | null,
): TimelineMarker[] {
  const out: TimelineMarker[] = [];
  if (action !== null) {
    out.push({
      atMs: events[0]?.atMs ?? 0,
      kind: 'action',
      label: clip(`you: ${describeCommand(action)}`),
      eventIndex: firstIndex,
    });
  }
  const byKind = new Map<MarkerKind, { index: number; label: string; count: number }>();
  events.forEach((e, i) => {
    const rule = markerRule(e);
    if (rule === null || rule.when?.(e) === false) return;
    const group = byKind.get(rule.kind);
    if (group === undefined) byKind.set(rule.kind, { index: i, label: rule.label(e), count: 1 });
    else group.count++;
  });
  for (const [kind, { index, label, count }] of byKind) {
    out.push({
      atMs: events[index].atMs,
      kind,
      label: clip(count === 1 ? label : `${label} (+${count - 1} more)`),
      eventIndex: firstIndex + index,
    });
  }
  return out;
}
