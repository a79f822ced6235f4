import { controllerName } from '../engine/light';
import type { TraceEvent, TraceEventType } from '../engine';
import type { Selection } from '../store';

/** Event list filters. */
export type EventCategory =
  'failures' | 'groups' | 'produce' | 'replication' | 'consume' | 'streams' | 'lesson';

export const EVENT_CATEGORIES: readonly { id: EventCategory; label: string }[] = [
  { id: 'failures', label: 'Brokers & leaders' },
  { id: 'groups', label: 'Groups' },
  { id: 'produce', label: 'Producing' },
  { id: 'replication', label: 'Replication' },
  { id: 'consume', label: 'Consuming' },
  { id: 'streams', label: 'Kafka Streams' },
  { id: 'lesson', label: 'Lesson & commands' },
];

/** Which filter of the event list each event type falls under. */
const EVENT_CATEGORY: Readonly<Record<TraceEventType, EventCategory>> = {
  brokerKilled: 'failures',
  brokerShutDown: 'failures',
  brokerRestarted: 'failures',
  brokerFenced: 'failures',
  brokerUnfenced: 'failures',
  controllerMoved: 'failures',
  controllerKilled: 'failures',
  controllerRestarted: 'failures',
  quorumLost: 'failures',
  leaderChanged: 'failures',
  isrChanged: 'failures',
  logTruncated: 'failures',
  segmentRolled: 'replication',
  segmentDeleted: 'replication',
  logCleaned: 'replication',
  acknowledgedRecordsLost: 'failures',
  partitionsAdded: 'failures',
  recordsSent: 'produce',
  recordsAppended: 'produce',
  produceAcked: 'produce',
  produceErrored: 'produce',
  produceExpired: 'produce',
  producerConfigured: 'produce',
  producerRateChanged: 'produce',
  replicaFetched: 'replication',
  highWatermarkAdvanced: 'replication',
  consumerFetched: 'consume',
  consumerSeeked: 'consume',
  consumerPositionReset: 'consume',
  narrated: 'lesson',
  commandRejected: 'lesson',
  clusterCreated: 'lesson',
  consumerAdded: 'groups',
  consumerClosed: 'groups',
  consumerCrashed: 'groups',
  consumerPaused: 'groups',
  consumerStalled: 'groups',
  consumerResumed: 'groups',
  consumerPollTimedOut: 'groups',
  groupRebalanceStarted: 'groups',
  memberJoining: 'groups',
  staticMemberRejoined: 'groups',
  memberJoinRejected: 'groups',
  groupJoinCompleted: 'groups',
  groupStabilized: 'groups',
  groupEmptied: 'groups',
  memberRemoved: 'groups',
  partitionsRevoked: 'groups',
  partitionsAssigned: 'groups',
  offsetsCommitted: 'groups',
  offsetCommitFailed: 'groups',
  streamsAppStarted: 'streams',
  streamsInstanceStarted: 'streams',
  streamsInstanceStopped: 'streams',
  streamsTasksAssigned: 'streams',
  streamsTaskRestoring: 'streams',
  streamsTaskRestored: 'streams',
  streamsRecordProcessed: 'streams',
  streamsRecordDropped: 'streams',
  streamsCacheFlushed: 'streams',
  streamsEmitted: 'streams',
  streamsCommitted: 'streams',
};

export function eventCategory(e: TraceEvent): EventCategory {
  return EVENT_CATEGORY[e.type];
}

/** What an event is about, for the link in the event list (null: nothing to inspect). */
export function eventSubject(e: TraceEvent): Selection | null {
  switch (e.type) {
    case 'acknowledgedRecordsLost':
      return { kind: 'lost', topic: e.topic, partition: e.partition };
    case 'recordsAppended':
    case 'produceAcked':
      return { kind: 'record', topic: e.topic, partition: e.partition, offset: e.baseOffset };
    case 'recordsSent':
    case 'produceErrored':
    case 'produceExpired':
    case 'replicaFetched':
    case 'highWatermarkAdvanced':
    case 'consumerFetched':
    case 'consumerSeeked':
    case 'consumerPositionReset':
    case 'leaderChanged':
    case 'isrChanged':
    case 'logTruncated':
    case 'segmentRolled':
    case 'segmentDeleted':
    case 'logCleaned':
      return { kind: 'partition', topic: e.topic, partition: e.partition };
    case 'brokerKilled':
    case 'brokerShutDown':
    case 'brokerRestarted':
    case 'brokerFenced':
    case 'brokerUnfenced':
      return { kind: 'broker', id: e.broker };
    case 'controllerMoved':
      return e.to === -1 || !e.onBroker ? null : { kind: 'broker', id: e.to };
    case 'controllerKilled':
    case 'controllerRestarted':
    case 'quorumLost':
      return null; // the inspector has no view of an isolated controller
    case 'groupRebalanceStarted':
    case 'memberJoining':
    case 'staticMemberRejoined':
    case 'memberJoinRejected':
    case 'groupJoinCompleted':
    case 'groupStabilized':
    case 'groupEmptied':
    case 'memberRemoved':
    case 'partitionsRevoked':
    case 'partitionsAssigned':
    case 'consumerPollTimedOut':
    case 'offsetsCommitted':
    case 'offsetCommitFailed':
      return { kind: 'group', id: e.group };
    case 'consumerAdded':
      return e.group === null
        ? { kind: 'consumer', id: e.consumer }
        : { kind: 'group', id: e.group };
    case 'consumerClosed':
    case 'consumerCrashed':
    case 'consumerPaused':
    case 'consumerStalled':
    case 'consumerResumed':
      return { kind: 'consumer', id: e.consumer };
    case 'producerConfigured':
    case 'producerRateChanged':
      return { kind: 'producer', id: e.producer };
    case 'streamsRecordProcessed':
    case 'streamsRecordDropped':
      return { kind: 'record', topic: e.topic, partition: e.partition, offset: e.offset };
    case 'streamsEmitted':
      return e.partition === null
        ? null
        : { kind: 'partition', topic: e.topic, partition: e.partition };
    case 'streamsTaskRestoring':
      // Task "1_3" restores from partition 3 of its changelog.
      return {
        kind: 'partition',
        topic: e.changelog,
        partition: Number(e.task.slice(e.task.lastIndexOf('_') + 1)),
      };
    case 'clusterCreated':
    case 'narrated':
    case 'commandRejected':
    case 'partitionsAdded': // the inspector has no topic view
    case 'streamsAppStarted': // the inspector has no view of a streams app, its instances, tasks
    case 'streamsInstanceStarted':
    case 'streamsInstanceStopped':
    case 'streamsTasksAssigned':
    case 'streamsTaskRestored':
    case 'streamsCacheFlushed':
    case 'streamsCommitted':
      return null;
    default: {
      const unknown: never = e;
      throw new Error(`no subject for event ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * What the aria-live region says for a batch of new events (oldest first): failovers,
 * rebalances and losses, summarised so a burst of elections is one sentence. Null: nothing
 * worth interrupting a listener for.
 */
export function announcement(events: readonly TraceEvent[]): string | null {
  const parts: string[] = [];
  const moves: string[] = [];
  const offline: string[] = [];
  for (const e of events) {
    switch (e.type) {
      case 'brokerKilled':
        parts.push(`Broker ${e.broker} stopped responding.`);
        break;
      case 'brokerShutDown':
        parts.push(`Broker ${e.broker} shut down.`);
        break;
      case 'brokerRestarted':
        parts.push(`Broker ${e.broker} restarted.`);
        break;
      case 'brokerFenced':
        parts.push(`Controller fenced broker ${e.broker}.`);
        break;
      case 'brokerUnfenced':
        parts.push(`Broker ${e.broker} rejoined the cluster.`);
        break;
      case 'controllerMoved':
        parts.push(`Active controller: ${controllerName(e.to, e.onBroker)}.`);
        break;
      case 'controllerKilled':
        parts.push(`Controller ${e.controller} crashed.`);
        break;
      case 'controllerRestarted':
        parts.push(`Controller ${e.controller} restarted.`);
        break;
      case 'quorumLost':
        parts.push(
          `Controller quorum lost: ${e.liveVoters} of ${e.voters} voters. No elections until it returns.`,
        );
        break;
      case 'leaderChanged':
        if (e.leader === -1) offline.push(`${e.topic}-${e.partition}`);
        else moves.push(`${e.topic}-${e.partition} → broker ${e.leader}`);
        break;
      case 'acknowledgedRecordsLost':
        parts.push(
          `Data loss: ${e.records.length} acknowledged record${e.records.length === 1 ? '' : 's'} lost from ${e.topic}-${e.partition}.`,
        );
        break;
      case 'logTruncated':
        parts.push(
          `Broker ${e.broker} truncated ${e.topic}-${e.partition} from offset ${e.fromOffset} to ${e.toOffset}.`,
        );
        break;
      case 'isrChanged': {
        const joined = e.isr.filter((b) => !e.previousIsr.includes(b));
        if (joined.length > 0)
          parts.push(
            `Broker ${joined.join(', ')} caught up and rejoined the ISR of ${e.topic}-${e.partition}.`,
          );
        break;
      }
      case 'groupRebalanceStarted':
        parts.push(`Group ${e.group}: rebalance started (${e.reason}, ${e.rebalanceProtocol}).`);
        break;
      case 'groupStabilized':
        parts.push(`Group ${e.group} is stable, generation ${e.generation}.`);
        break;
      case 'streamsInstanceStopped':
        parts.push(
          e.how === 'killed'
            ? `Streams instance ${e.instance} was killed.`
            : `Streams instance ${e.instance} closed.`,
        );
        break;
      // Not announced: traffic, the steps inside a rebalance (its start and end are), and
      // what the caption or the listener's own action already says.
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
      case 'segmentRolled': // bookkeeping, not news
      case 'segmentDeleted':
      case 'logCleaned':
      case 'consumerFetched':
      case 'consumerSeeked':
      case 'consumerPositionReset':
      case 'consumerAdded':
      case 'consumerClosed':
      case 'consumerCrashed':
      case 'consumerPaused':
      case 'consumerStalled':
      case 'consumerResumed':
      case 'partitionsAdded':
      case 'memberJoining':
      case 'staticMemberRejoined':
      case 'memberJoinRejected':
      case 'groupJoinCompleted':
      case 'groupEmptied':
      case 'memberRemoved':
      case 'partitionsRevoked':
      case 'partitionsAssigned':
      case 'consumerPollTimedOut':
      case 'offsetsCommitted':
      case 'offsetCommitFailed':
      case 'streamsAppStarted': // streams: its tasks move in the group's (announced) rebalance
      case 'streamsInstanceStarted':
      case 'streamsTasksAssigned':
      case 'streamsTaskRestoring':
      case 'streamsTaskRestored':
      case 'streamsRecordProcessed':
      case 'streamsRecordDropped':
      case 'streamsCacheFlushed':
      case 'streamsEmitted':
      case 'streamsCommitted':
        break;
      default: {
        const unknown: never = e;
        throw new Error(`no announcement rule for event ${JSON.stringify(unknown)}`);
      }
    }
  }
  if (moves.length > 0)
    parts.push(
      moves.length <= 4
        ? `New leader: ${moves.join(', ')}.`
        : `Leadership moved for ${moves.length} partitions.`,
    );
  if (offline.length > 0)
    parts.push(
      `Offline, no leader: ${offline.length <= 4 ? offline.join(', ') : `${offline.length} partitions`}.`,
    );
  return parts.length === 0 ? null : parts.join(' ');
}
