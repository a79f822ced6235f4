import type { TraceEvent } from '../engine';
import type { Selection } from '../store';

/** Event list filters. */
export type EventCategory =
  'failures' | 'groups' | 'produce' | 'replication' | 'consume' | 'lesson';

export const EVENT_CATEGORIES: readonly { id: EventCategory; label: string }[] = [
  { id: 'failures', label: 'Brokers & leaders' },
  { id: 'groups', label: 'Groups' },
  { id: 'produce', label: 'Producing' },
  { id: 'replication', label: 'Replication' },
  { id: 'consume', label: 'Consuming' },
  { id: 'lesson', label: 'Lesson & commands' },
];

export function eventCategory(e: TraceEvent): EventCategory {
  switch (e.type) {
    case 'brokerKilled':
    case 'brokerShutDown':
    case 'brokerRestarted':
    case 'brokerFenced':
    case 'brokerUnfenced':
    case 'controllerMoved':
    case 'leaderChanged':
    case 'isrChanged':
    case 'logTruncated':
    case 'acknowledgedRecordsLost':
    case 'partitionsAdded':
      return 'failures';
    case 'recordsSent':
    case 'recordsAppended':
    case 'produceAcked':
    case 'produceErrored':
    case 'produceExpired':
    case 'producerConfigured':
    case 'producerRateChanged':
      return 'produce';
    case 'replicaFetched':
    case 'highWatermarkAdvanced':
      return 'replication';
    case 'consumerFetched':
    case 'consumerSeeked':
    case 'consumerPositionReset':
      return 'consume';
    case 'narrated':
    case 'commandRejected':
    case 'clusterCreated':
      return 'lesson';
    default:
      return 'groups';
  }
}

/** What an event is about, for the link in the event list (null: nothing to inspect). */
export function eventSubject(e: TraceEvent): Selection | null {
  const ev = e as TraceEvent & Record<string, unknown>;
  if (e.type === 'acknowledgedRecordsLost')
    return { kind: 'lost', topic: e.topic, partition: e.partition };
  if (e.type === 'recordsAppended' || e.type === 'produceAcked')
    return { kind: 'record', topic: e.topic, partition: e.partition, offset: e.baseOffset };
  if (typeof ev.topic === 'string' && typeof ev.partition === 'number')
    return { kind: 'partition', topic: ev.topic, partition: ev.partition };
  if (typeof ev.broker === 'number') return { kind: 'broker', id: ev.broker };
  if (e.type === 'controllerMoved' && e.to !== -1) return { kind: 'broker', id: e.to };
  if (typeof ev.group === 'string') return { kind: 'group', id: ev.group };
  if (typeof ev.consumer === 'string') return { kind: 'consumer', id: ev.consumer };
  if (typeof ev.producer === 'string') return { kind: 'producer', id: ev.producer };
  return null;
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
        parts.push(`Controller moved to broker ${e.to}.`);
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
      default:
        break;
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
