import { controllerName } from '../engine/light';
import { formatEventTime, formatWindow } from '../runtime/light';
import type { TraceEvent } from '../engine';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const tp = (e: { topic: string; partition: number }): string => `${e.topic}-${e.partition}`;
const offsets = (first: number, count: number): string =>
  count === 1 ? `offset ${first}` : `offsets ${first}–${first + count - 1}`;
const brokerList = (ids: readonly number[]): string => (ids.length === 0 ? 'none' : ids.join(', '));
const list = (items: readonly string[]): string => items.join(', ');
/** A Streams task's partition: task "1_3" is sub-topology 1, partition 3. */
const taskPartition = (task: string): number => Number(task.slice(task.lastIndexOf('_') + 1));

const DROP_WHY: Readonly<Record<'null key' | 'negative timestamp' | 'bad key', string>> = {
  'null key': 'its key is null, so it has no group to count in',
  'negative timestamp': 'its timestamp is negative',
  'bad key': 'its key would not deserialize',
};

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
      return e.from === -1
        ? `The controller quorum elected a leader: active controller ${controllerName(e.to, e.onBroker)}`
        : `Active controller moved from ${e.from} to ${controllerName(e.to, e.onBroker)}`;
    case 'controllerKilled':
      return `Controller ${e.controller} crashed`;
    case 'controllerRestarted':
      return `Controller ${e.controller} restarted`;
    case 'quorumLost':
      return `Controller quorum lost its majority (${e.liveVoters} of ${e.voters} voters run): no leader elections, ISR changes or fencing until it is back`;
    case 'leaderChanged':
      return e.leader === -1
        ? `${tp(e)} is offline: no leader (${e.reason})`
        : `${tp(e)}: leader ${e.previousLeader === -1 ? 'none' : e.previousLeader} → ${e.leader} (epoch ${e.leaderEpoch}${e.unclean ? ', UNCLEAN' : ''}; ${e.reason})`;
    case 'isrChanged':
      return `${tp(e)} in-sync replicas: ${brokerList(e.previousIsr)} → ${brokerList(e.isr)} (${e.reason})`;
    case 'logTruncated':
      return `Broker ${e.broker} truncated ${tp(e)} from offset ${e.fromOffset} to ${e.toOffset}`;
    case 'segmentRolled':
      return `Broker ${e.broker} rolled a new segment of ${tp(e)} at offset ${e.endOffset} (${e.reason}; the closed one holds ${plural(e.count, 'record')}, ${e.sizeBytes} bytes)`;
    case 'segmentDeleted':
      return `Broker ${e.broker} deleted segment ${e.baseOffset}–${e.endOffset - 1} of ${tp(e)} (${e.reason}; ${plural(e.count, 'record')}, ${e.sizeBytes} bytes): the log now starts at ${e.logStartOffset}`;
    case 'logCleaned':
      return `Broker ${e.broker}'s log cleaner compacted ${tp(e)} up to offset ${e.toOffset}: ${plural(e.removedCount, 'record')} removed (${e.superseded} superseded by a newer value of their key, ${e.tombstonesRemoved} expired ${e.tombstonesRemoved === 1 ? 'tombstone' : 'tombstones'}); offsets keep their numbers, the next clean starts at ${e.firstDirtyOffset}`;
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
      return e.partitions.length === 0
        ? `${e.consumer} paused, with no partition assigned yet`
        : `${e.consumer} paused ${e.partitions.join(', ')}: it keeps polling, without their records`;
    case 'consumerStalled':
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
    case 'streamsAppStarted':
      return `ksqlDB application ${e.app} started ${e.queries.length === 1 ? 'query' : 'queries'} ${e.queries
        .map((q, i) => `${q} (application id ${e.applicationIds[i]})`)
        .join(
          ', ',
        )}, ${e.instances.length === 1 ? 'instance' : 'instances'} ${list(e.instances)}; ${
        e.topicsCreated.length === 0 ? 'no new topics' : `created topics ${list(e.topicsCreated)}`
      }`;
    case 'streamsInstanceStarted':
      return `Streams instance ${e.instance} of ${e.app} started: its consumers join the application's group`;
    case 'streamsInstanceStopped':
      return e.how === 'killed'
        ? `Streams instance ${e.instance} of ${e.app} was killed: the process died without committing; its tasks move after the session timeout`
        : `Streams instance ${e.instance} of ${e.app} closed: it committed, but Streams sends no LeaveGroup, so its tasks move only after the session timeout`;
    case 'streamsTasksAssigned':
      return e.tasks.length === 0
        ? `${e.instance} runs no tasks of ${e.query} (idle)`
        : `${e.instance} runs ${e.tasks.length === 1 ? 'task' : 'tasks'} ${list(e.tasks)} of ${e.query}${e.added.length > 0 && e.added.length < e.tasks.length ? ` (new: ${list(e.added)})` : ''}`;
    case 'streamsTaskRestoring':
      return e.fromOffset === e.toOffset
        ? `Task ${e.task} of ${e.query} on ${e.instance}: its changelog ${e.changelog}-${taskPartition(e.task)} is empty, nothing to restore`
        : `Task ${e.task} of ${e.query} restores its state store from ${e.changelog}-${taskPartition(e.task)} offsets ${e.fromOffset}–${e.toOffset - 1} on ${e.instance} (RESTORING: its records wait)`;
    case 'streamsTaskRestored':
      return `Task ${e.task} of ${e.query} on ${e.instance} restored ${plural(e.records, 'record')} into its store; RUNNING`;
    case 'streamsRecordProcessed':
      return `Task ${e.task} of ${e.query} processed ${tp(e)} offset ${e.offset} (stream time ${formatEventTime(e.streamTimeMs)})`;
    case 'streamsRecordDropped':
      return `Task ${e.task} of ${e.query} dropped ${tp(e)} offset ${e.offset}: ${
        e.reason === 'late'
          ? `it arrived after its window closed${e.closeMs === null ? '' : ` (stream time − grace = ${formatEventTime(e.closeMs)})`}`
          : DROP_WHY[e.reason]
      }`;
    case 'streamsCacheFlushed':
      return `Commit flushed task ${e.task}'s record cache (${e.query}): ${plural(e.forwarded, 'update')} forwarded`;
    case 'streamsEmitted':
      return `${e.query} wrote key ${e.key ?? '(none)'}${e.window === null ? '' : ` window ${formatWindow(e.window)}`} → ${
        e.value === null ? 'a tombstone' : e.value
      } to ${e.partition === null ? e.topic : `${e.topic}-${e.partition}`} (${emittedWhy(e)})`;
    case 'streamsCommitted':
      return e.tasks.length === 0
        ? `${e.instance} committed its positions (${e.query}, no running tasks)`
        : `${e.instance} committed ${e.query} ${e.tasks.length === 1 ? 'task' : 'tasks'} ${list(e.tasks)}`;
    default: {
      // Every event has its words: a new event type fails to compile here until it has them.
      const unknown: never = e;
      throw new Error(`no words for event ${JSON.stringify(unknown)}`);
    }
  }
}

// Its own module: the first screen shows times without this file's words for every event.
export { formatVirtualTime } from './virtualTime';

export { formatEventTime, formatWindow };

/** Why a streams query wrote a row, in words: the mechanism, and HAVING's change of mind. */
function emittedWhy(e: Extract<TraceEvent, { type: 'streamsEmitted' }>): string {
  const having =
    e.having === 'entered'
      ? ', the row now passes HAVING'
      : e.having === 'left'
        ? ', the row no longer passes HAVING'
        : '';
  return `${e.reason}${having}`;
}
