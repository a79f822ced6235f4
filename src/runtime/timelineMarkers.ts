import type { Command, TraceEvent } from '../engine';

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

function markerKind(e: TraceEvent): MarkerKind | null {
  switch (e.type) {
    case 'brokerKilled':
    case 'brokerShutDown':
    case 'consumerCrashed':
    case 'consumerPollTimedOut':
      return 'failure';
    case 'brokerRestarted':
      return 'recovery';
    case 'leaderChanged':
    case 'controllerMoved':
      return 'election';
    case 'groupRebalanceStarted':
      return 'rebalance';
    case 'acknowledgedRecordsLost':
      return 'lost';
    case 'narrated':
      return 'narration';
    default:
      return null;
  }
}

const MAX_LABEL = 120;
const clip = (text: string): string =>
  text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;

function describe(e: TraceEvent): string {
  switch (e.type) {
    case 'brokerKilled':
      return `broker ${e.broker} crashed`;
    case 'brokerShutDown':
      return `broker ${e.broker} shut down`;
    case 'brokerRestarted':
      return `broker ${e.broker} restarted`;
    case 'consumerCrashed':
      return `consumer ${e.consumer} crashed`;
    case 'consumerPollTimedOut':
      return `${e.member} left ${e.group}: poll timeout`;
    case 'leaderChanged':
      return e.leader === -1
        ? `${e.topic}-${e.partition} offline`
        : `${e.topic}-${e.partition}: broker ${e.leader} leads${e.unclean ? ' (unclean)' : ''}`;
    case 'controllerMoved':
      return `controller moved to broker ${e.to}`;
    case 'groupRebalanceStarted':
      return `group ${e.group} rebalances`;
    case 'acknowledgedRecordsLost':
      return `acknowledged records lost on ${e.topic}-${e.partition}`;
    case 'narrated':
      return e.text;
    default:
      return e.type;
  }
}

/** "kill broker 2", "add consumer c3 to billing": a user's action, briefly. */
export function describeCommand(c: Command): string {
  switch (c.type) {
    case 'killBroker':
      return `kill broker ${c.broker}`;
    case 'shutdownBroker':
      return `shut down broker ${c.broker}`;
    case 'restartBroker':
      return `restart broker ${c.broker}`;
    case 'produce':
      return `produce ${c.count ?? 1} to ${c.topic ?? 'its topic'} (${c.producer})`;
    case 'setProducerRate':
      return `${c.producer} rate ${c.rate}/s`;
    case 'addConsumer':
      return `add consumer ${c.consumer.id}${c.consumer.group === undefined ? '' : ` to ${c.consumer.group}`}`;
    case 'addPartitions':
      return `add ${c.count} partitions to ${c.topic}`;
    case 'narrate':
      return 'narrate';
    case 'seek':
      return `${c.consumer} seeks`;
    case 'configureProducer':
      return `configure ${c.producer}`;
    case 'commit':
      return `${c.consumer} commits`;
    default:
      return `${c.type.replace(/Consumer$/, '')} ${c.consumer}`;
  }
}

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
  const byKind = new Map<MarkerKind, { first: number; events: TraceEvent[] }>();
  events.forEach((e, i) => {
    const kind = markerKind(e);
    if (kind === null) return;
    const group = byKind.get(kind);
    if (group === undefined) byKind.set(kind, { first: i, events: [e] });
    else group.events.push(e);
  });
  for (const [kind, group] of byKind) {
    const first = group.events[0];
    const label =
      group.events.length === 1
        ? describe(first)
        : `${describe(first)} (+${group.events.length - 1} more)`;
    out.push({ atMs: first.atMs, kind, label: clip(label), eventIndex: firstIndex + group.first });
  }
  return out;
}
