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
      return `Broker ${e.broker} stopped responding (crashed)`;
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
        : `${tp(e)}: leader ${e.previousLeader === -1 ? 'none' : e.previousLeader} → ${e.leader} (epoch ${e.leaderEpoch}${e.unclean ? ', UNCLEAN' : ''}; ${e.reason})`;
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
    case 'consumerAdded':
      return e.group === null
        ? `${e.consumer} started`
        : `${e.consumer} started, joining group ${e.group}`;
    case 'consumerClosed':
      return `${e.consumer} closed`;
    case 'consumerCrashed':
      return `${e.consumer} crashed`;
    case 'consumerPaused':
      return `${e.consumer} stopped polling`;
    case 'consumerResumed':
      return `${e.consumer} is polling again`;
    case 'partitionsAdded':
      return `${e.topic} grew from ${plural(e.from, 'partition')} to ${e.to}: keys now map differently`;
    case 'groupRebalanceStarted':
      return `Group ${e.group}: rebalance started (${e.reason}, ${e.rebalanceProtocol})`;
    case 'memberJoining':
      return `Group ${e.group}: ${e.member} sent JoinGroup`;
    case 'staticMemberRejoined':
      return `Group ${e.group}: static member ${e.member} (${e.instanceId}) is back: same partitions, no rebalance`;
    case 'memberJoinRejected':
      return `Group ${e.group}: ${e.member} rejected (${e.error})`;
    case 'groupJoinCompleted':
      return `Group ${e.group}: generation ${e.generation}, leader ${e.leader} assigns with ${e.protocol}`;
    case 'groupStabilized':
      return `Group ${e.group} is stable (generation ${e.generation}): ${Object.entries(
        e.assignment,
      )
        .map(([m, parts]) => `${m} ${parts.length === 0 ? 'idle' : parts.join(' ')}`)
        .join('; ')}`;
    case 'groupEmptied':
      return `Group ${e.group} is empty`;
    case 'memberRemoved':
      return `Group ${e.group}: ${e.member} removed (${e.reason})`;
    case 'partitionsRevoked':
      return `${e.member} gave up ${e.partitions.join(' ')} (${e.reason})`;
    case 'partitionsAssigned':
      return e.assignment.length === 0
        ? `${e.member} has no partitions (idle)`
        : `${e.member} now owns ${e.assignment.join(' ')}${e.added.length > 0 && e.added.length < e.assignment.length ? ` (new: ${e.added.join(' ')})` : ''}`;
    case 'consumerPollTimedOut':
      return `${e.member} did not poll within max.poll.interval.ms and left group ${e.group}`;
    case 'offsetsCommitted':
      return `Group ${e.group}: ${e.member} committed ${e.offsets.map((o) => `${o.topic}-${o.partition}@${o.offset}`).join(' ')}`;
    case 'offsetCommitFailed':
      return `Group ${e.group}: ${e.member}'s commit failed (${e.error})`;
    default: {
      // Every event has its words: a new event type fails to compile here until it has them.
      const unknown: never = e;
      throw new Error(`no words for event ${JSON.stringify(unknown)}`);
    }
  }
}

/** Virtual time as seconds with milliseconds: "12.345 s". */
export function formatVirtualTime(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}
