import type { TraceEvent } from '../engine';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const tp = (e: { topic: string; partition: number }): string => `${e.topic}-${e.partition}`;
const offsets = (first: number, count: number): string =>
  count === 1 ? `offset ${first}` : `offsets ${first}–${first + count - 1}`;
const brokerList = (ids: readonly number[]): string => (ids.length === 0 ? 'none' : ids.join(', '));

/** A trace event in plain words, for the event list. */
export function describeEvent(e: TraceEvent): string {
  switch (e.type) {
    case 'clusterCreated':
      return `Cluster started: brokers ${brokerList(e.brokers)}; ${e.topics.length === 0 ? 'no topics' : `topic ${e.topics.join(', ')}`}`;
    case 'narrated':
      return `“${e.text}”`;
    case 'commandRejected':
      return `Command ${e.command} rejected: ${e.reason}`;
    case 'producerConfigured':
      return `${e.producer} now uses the ${e.partitioner} partitioner, acks=${e.acks}`;
    case 'producerRateChanged':
      return e.rate === 0
        ? `${e.producer} stopped sending`
        : `${e.producer} sends ${e.rate} records/s`;
    case 'recordsSent':
      return `${e.producer} sent ${plural(e.count, 'record')} to ${tp(e)} (leader: broker ${e.broker})`;
    case 'recordsAppended':
      return `Broker ${e.broker} appended ${plural(e.count, 'record')} to ${tp(e)} at ${offsets(e.baseOffset, e.count)}`;
    case 'produceAcked':
      return `${e.producer}'s ${plural(e.count, 'record')} acknowledged (${tp(e)} ${offsets(e.baseOffset, e.count)})`;
    case 'produceErrored':
      return `${e.producer}: ${plural(e.count, 'record')} to ${tp(e)} failed with ${e.error}${e.willRetry ? ', will retry' : ''}`;
    case 'replicaFetched':
      return `Broker ${e.broker} copied ${plural(e.count, 'record')} of ${tp(e)} (${offsets(e.fromOffset, e.count)})`;
    case 'highWatermarkAdvanced':
      return `${tp(e)} high watermark → ${e.highWatermark}`;
    case 'consumerFetched':
      return `${e.consumer} read ${plural(e.count, 'record')} from ${tp(e)} (${offsets(e.fromOffset, e.count)})`;
    case 'consumerSeeked':
      return `${e.consumer} moved to offset ${e.offset} on ${tp(e)}`;
    case 'brokerKilled':
      return `Broker ${e.broker} crashed`;
    case 'brokerShutDown':
      return `Broker ${e.broker} shut down`;
    case 'brokerRestarted':
      return `Broker ${e.broker} restarted`;
    case 'brokerFenced':
      return `Controller fenced broker ${e.broker} (${e.reason})`;
    case 'brokerUnfenced':
      return `Broker ${e.broker} is back in the cluster`;
    case 'controllerMoved':
      return `Controller moved from broker ${e.from} to broker ${e.to}`;
    case 'leaderChanged':
      return e.leader === -1
        ? `${tp(e)} is offline: no leader (${e.reason})`
        : `${tp(e)} leader: broker ${e.previousLeader} → broker ${e.leader}${e.unclean ? ' (unclean)' : ''} (${e.reason})`;
    case 'isrChanged':
      return `${tp(e)} in-sync replicas: ${brokerList(e.previousIsr)} → ${brokerList(e.isr)} (${e.reason})`;
    case 'logTruncated':
      return `Broker ${e.broker} truncated ${tp(e)} from offset ${e.fromOffset} to ${e.toOffset}`;
    case 'acknowledgedRecordsLost':
      return `${plural(e.records.length, 'acknowledged record')} lost from ${tp(e)}`;
    case 'consumerPositionReset':
      return `${e.consumer}'s position on ${tp(e)} reset ${e.from} → ${e.to} (${e.reason})`;
    case 'produceExpired':
      return `${e.producer}: ${plural(e.count, 'record')} to ${tp(e)} expired (${e.error})`;
    default:
      return describeUnknown(e);
  }
}

/** Events this list has no words for yet still read sensibly: "memberJoining: group g, member m". */
function describeUnknown(e: { type: string }): string {
  const { type, ...fields } = e as { type: string; atMs?: number } & Record<string, unknown>;
  delete fields.atMs;
  const parts = Object.entries(fields).map(
    ([name, value]) => `${name} ${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return parts.length === 0 ? type : `${type}: ${parts.join(', ')}`;
}

/** Virtual time as seconds with milliseconds: "12.345 s". */
export function formatVirtualTime(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}
