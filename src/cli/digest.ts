import {
  controllerName,
  findPartition,
  recordsInRange,
  type Snapshot,
  type TraceEvent,
  type TraceEventOf,
  type TraceEventType,
} from '../engine/index.ts';
import { formatWindow } from '../runtime/index.ts';
import { formatCount, formatEventTime, plural } from './format.ts';

/**
 * Turns a run's event stream into a short, time-ordered account. Rare, meaningful events
 * (narration, a broker dying, leaders moving) get a line each, grouped when many happen at
 * once; the flood of produce and fetch traffic is summed per producer and consumer between
 * consecutive steps of the scenario. Memory stays bounded by the number of steps and rare
 * events, never by the number of records.
 */

/** How a line should look; the renderer maps tones to colours. */
export type Tone = 'plain' | 'say' | 'good' | 'warn' | 'bad' | 'quiet';

export interface TimelineLine {
  atMs: number;
  /** Orders lines at the same moment: events (0), expectation results (1), activity summaries (2). */
  rank: number;
  tone: Tone;
  text: string;
}

export interface Digest {
  add(events: readonly TraceEvent[]): void;
  /** The account, given the world as it ended (used to name the keys of small bursts). */
  lines(final: Snapshot): TimelineLine[];
}

interface ProducerActivity {
  sent: number;
  /** "topic/partition" → records sent. */
  sentTo: Map<string, number>;
  acked: number;
  retried: Map<string, number>;
  failed: Map<string, number>;
  /** Where this window's records were written, to name their keys when the burst is small. */
  appended: { topic: string; partition: number; baseOffset: number; count: number }[];
}

/** What one query of a streams application did in a step. */
interface StreamsActivity {
  app: string;
  query: string;
  /** "topic/partition" → records its tasks processed. */
  processed: Map<string, number>;
  /** Reason → records dropped. */
  dropped: Map<string, number>;
  /** The first few drops, each in words, to list when there are few. */
  drops: string[];
  /** Topic → rows written. */
  emitted: Map<string, number>;
  /** The first few rows written, each in words, to list when there are few. */
  rows: string[];
  flushes: number;
  forwarded: number;
  /** Instance → commits. */
  commits: Map<string, number>;
}

interface Window {
  startMs: number;
  producers: Map<string, ProducerActivity>;
  /** consumer → "topic/partition" → records read. */
  consumers: Map<string, Map<string, number>>;
  /** member → "topic/partition" → the last offset it committed in this window. */
  commits: Map<string, Map<string, number>>;
  /** "app/query" → what the query's tasks did. */
  streams: Map<string, StreamsActivity>;
}

interface Group {
  atMs: number;
  seq: number;
  tone: Tone;
  head: string;
  items: string[];
}

/** Bursts up to this size list each record's key and partition. */
const SMALL_BURST_RECORDS = 8;
/** Items shown in a grouped line ("leaders moved: …") before "+N more". */
const GROUP_ITEMS_SHOWN = 8;
/** Lines of notable events kept; a pathological run (ISR flapping for hours) says how many it left out. */
const NOTABLE_LINES_KEPT = 2000;

export function createDigest(boundariesMs: readonly number[]): Digest {
  const boundaries = [...new Set([0, ...boundariesMs])].sort((a, b) => a - b);
  const windows: Window[] = [];
  const groups = new Map<string, Group>();
  let windowIndex = -1;
  let seq = 0;
  let omitted = 0;
  let lastAtMs = 0;

  const windowAt = (atMs: number): Window => {
    let index = Math.max(windowIndex, 0);
    while (index + 1 < boundaries.length && atMs >= boundaries[index + 1]) index++;
    if (index !== windowIndex || windows.length === 0) {
      windowIndex = index;
      windows.push({
        startMs: boundaries[index],
        producers: new Map(),
        consumers: new Map(),
        commits: new Map(),
        streams: new Map(),
      });
    }
    return windows[windows.length - 1];
  };

  const note: Note = (key, atMs, tone, head, item) => {
    // An empty key never groups: each narration line stands alone, even when repeated.
    if (key === '') key = `#${seq}`;
    let group = groups.get(key);
    if (group === undefined) {
      if (groups.size >= NOTABLE_LINES_KEPT) {
        omitted++;
        return;
      }
      group = { atMs, seq: seq++, tone, head, items: [] };
      groups.set(key, group);
    }
    if (item !== undefined) group.items.push(item);
  };

  const add = (event: TraceEvent) => {
    lastAtMs = event.atMs;
    const window = windowAt(event.atMs);
    ruleOf(event)?.(event, { window, note });
  };

  return {
    add: (events) => {
      for (const event of events) add(event);
    },
    lines: (final) => [
      ...[...groups.values()].map((g) => ({
        atMs: g.atMs,
        rank: 0,
        tone: g.tone,
        text: renderGroup(g),
      })),
      ...windows.flatMap((w) => activityLines(w, final)),
      ...(omitted > 0
        ? [
            {
              atMs: lastAtMs,
              rank: 3,
              tone: 'quiet' as const,
              text: `… ${plural(omitted, 'more notable event')} not shown (see --trace)`,
            },
          ]
        : []),
    ],
  };
}

function activity(window: Window, producer: string): ProducerActivity {
  let a = window.producers.get(producer);
  if (a === undefined) {
    a = {
      sent: 0,
      sentTo: new Map(),
      acked: 0,
      retried: new Map(),
      failed: new Map(),
      appended: [],
    };
    window.producers.set(producer, a);
  }
  return a;
}

function streamsActivity(window: Window, app: string, query: string): StreamsActivity {
  const key = `${app}/${query}`;
  let a = window.streams.get(key);
  if (a === undefined) {
    a = {
      app,
      query,
      processed: new Map(),
      dropped: new Map(),
      drops: [],
      emitted: new Map(),
      rows: [],
      flushes: 0,
      forwarded: 0,
      commits: new Map(),
    };
    window.streams.set(key, a);
  }
  return a;
}

const bump = (map: Map<string, number>, key: string, n: number) =>
  map.set(key, (map.get(key) ?? 0) + n);

/** The inner map under `key`, made on first use. */
function entry<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = map.get(key);
  if (inner === undefined) map.set(key, (inner = new Map()));
  return inner;
}

type Note = (key: string, atMs: number, tone: Tone, head: string, item?: string) => void;

interface DigestContext {
  /** The traffic of the step the event falls in. */
  window: Window;
  /** Adds a line, or an item to the line already under `key`. */
  note: Note;
}

/**
 * What the digest does with an event of one type: sums it into the step's traffic, notes a
 * line (grouped with others under the same key), or, null, leaves it out.
 */
type DigestRule<T extends TraceEventType> = ((e: TraceEventOf<T>, d: DigestContext) => void) | null;

const tp = (topic: string, partition: number) => `${topic}-${partition}`;
const brokers = (ids: readonly number[]) => `[${ids.join(',')}]`;

/**
 * A ksqlDB internal topic without its application id: "_confluent-ksql-default_query_CTAS_X_0-
 * Aggregate-GroupBy-repartition" → "…-Aggregate-GroupBy-repartition". Other topics as they are.
 */
function shortTopic(topic: string): string {
  const at = topic.startsWith('_confluent-ksql-') ? topic.indexOf('_query_') : -1;
  if (at === -1) return topic;
  const dash = topic.indexOf('-', at);
  return dash === -1 ? topic : `…${topic.slice(dash)}`;
}

/** A window of event time: "[0:00, 5:00)". */
const windowText = formatWindow;

const clipText = (text: string, max = 60) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

const DROP_WORDS: Readonly<Record<'null key' | 'negative timestamp' | 'bad key', string>> = {
  'null key': 'null key',
  'negative timestamp': 'negative timestamp',
  'bad key': 'key would not deserialize',
};

const DIGEST: { readonly [T in TraceEventType]: DigestRule<T> } = {
  // The header describes the cluster; followers' copies and the high watermark show in the end state.
  clusterCreated: null,
  replicaFetched: null,
  highWatermarkAdvanced: null,
  // Rolls are bookkeeping; a deletion moves the log start, which readers can fall behind.
  segmentRolled: null,
  // groupJoinCompleted names the members that joined; groupStabilized says who owns what.
  memberJoining: null,
  partitionsAssigned: null,

  // Traffic: summed per producer and consumer between steps, never a line each.
  recordsSent: (e, { window }) => {
    const a = activity(window, e.producer);
    a.sent += e.count;
    bump(a.sentTo, `${e.topic}/${e.partition}`, e.count);
  },
  recordsAppended: (e, { window }) => {
    const a = activity(window, e.producer);
    if (a.appended.length < SMALL_BURST_RECORDS) {
      a.appended.push({
        topic: e.topic,
        partition: e.partition,
        baseOffset: e.baseOffset,
        count: e.count,
      });
    }
  },
  produceAcked: (e, { window }) => {
    activity(window, e.producer).acked += e.count;
  },
  produceErrored: (e, { window }) => {
    // A final failure is reported by the produceExpired event that follows.
    if (e.willRetry) bump(activity(window, e.producer).retried, e.error, e.count);
  },
  produceExpired: (e, { window }) => {
    bump(activity(window, e.producer).failed, e.error, e.count);
  },
  consumerFetched: (e, { window }) => {
    bump(entry(window.consumers, e.consumer), `${e.topic}/${e.partition}`, e.count);
  },
  offsetsCommitted: (e, { window }) => {
    const commits = entry(window.commits, e.member);
    for (const o of e.offsets) commits.set(`${o.topic}/${o.partition}`, o.offset);
  },
  // A streams query's records, drops, output rows and commits: summed per query and step.
  streamsRecordProcessed: (e, { window }) => {
    bump(streamsActivity(window, e.app, e.query).processed, `${e.topic}/${e.partition}`, 1);
  },
  streamsRecordDropped: (e, { window }) => {
    const a = streamsActivity(window, e.app, e.query);
    bump(a.dropped, e.reason, 1);
    if (a.drops.length < SMALL_BURST_RECORDS) {
      const why =
        e.reason === 'late'
          ? `late${e.closeMs === null ? '' : ` (stream time − grace = ${formatEventTime(e.closeMs)})`}`
          : DROP_WORDS[e.reason];
      a.drops.push(`${shortTopic(e.topic)} p${e.partition}@${e.offset} ${why}`);
    }
  },
  streamsCacheFlushed: (e, { window }) => {
    const a = streamsActivity(window, e.app, e.query);
    a.flushes++;
    a.forwarded += e.forwarded;
  },
  streamsEmitted: (e, { window }) => {
    const a = streamsActivity(window, e.app, e.query);
    bump(a.emitted, e.topic, 1);
    if (a.rows.length < SMALL_BURST_RECORDS) {
      const at = e.window === null ? '' : ` ${windowText(e.window)}`;
      const value = e.value === null ? 'tombstone' : clipText(e.value);
      a.rows.push(`${e.key ?? '(no key)'}${at} ${value}`);
    }
  },
  streamsCommitted: (e, { window }) => {
    bump(streamsActivity(window, e.app, e.query).commits, e.instance, 1);
  },

  // The scenario and the producers' settings.
  narrated: (e, { note }) => note('', e.atMs, 'say', `» ${e.text}`),
  commandRejected: (e, { note }) =>
    note(
      `${e.atMs}|rejected|${e.command}|${e.reason}`,
      e.atMs,
      'warn',
      `⚠ ${e.command} rejected: ${e.reason}`,
    ),
  producerConfigured: (e, { note }) =>
    note(
      `${e.atMs}|configured|${e.producer}`,
      e.atMs,
      'plain',
      `${e.producer} now uses acks=${e.acks} and the ${e.partitioner} partitioner`,
    ),
  producerRateChanged: (e, { note }) =>
    note(
      `${e.atMs}|rate|${e.producer}`,
      e.atMs,
      'plain',
      e.rate > 0
        ? `${e.producer} sends ${formatCount(e.rate)} records/s`
        : `${e.producer} stops its steady stream`,
    ),
  partitionsAdded: (e, { note }) =>
    note(
      `${e.atMs}|grew|${e.topic}`,
      e.atMs,
      'warn',
      `${e.topic} grows from ${plural(e.from, 'partition')} to ${e.to}: keys now map differently`,
    ),

  // Brokers, leaders and replicas.
  brokerKilled: (e, { note }) =>
    note(`${e.atMs}|broker|${e.broker}|killed`, e.atMs, 'bad', `✖ broker ${e.broker} crashed`),
  brokerShutDown: (e, { note }) =>
    note(
      `${e.atMs}|broker|${e.broker}|shutdown`,
      e.atMs,
      'warn',
      `broker ${e.broker} shut down cleanly`,
    ),
  brokerRestarted: (e, { note }) =>
    note(`${e.atMs}|broker|${e.broker}|restarted`, e.atMs, 'good', `broker ${e.broker} restarted`),
  brokerFenced: (e, { note }) =>
    note(
      `${e.atMs}|fenced|${e.broker}`,
      e.atMs,
      'warn',
      `controller fenced broker ${e.broker} (${e.reason})`,
    ),
  brokerUnfenced: (e, { note }) =>
    note(
      `${e.atMs}|unfenced|${e.broker}`,
      e.atMs,
      'good',
      `controller unfenced broker ${e.broker}: it is back in service`,
    ),
  controllerMoved: (e, { note }) =>
    note(
      `${e.atMs}|controller`,
      e.atMs,
      'warn',
      e.from === -1
        ? `the controller quorum elected an active controller: ${controllerName(e.to, e.onBroker)}`
        : `controller moved from ${e.from} to ${controllerName(e.to, e.onBroker)}`,
    ),
  controllerKilled: (e, { note }) =>
    note(`${e.atMs}|controller`, e.atMs, 'warn', `controller ${e.controller} crashed`),
  controllerRestarted: (e, { note }) =>
    note(`${e.atMs}|controller`, e.atMs, 'warn', `controller ${e.controller} restarted`),
  quorumLost: (e, { note }) =>
    note(
      `${e.atMs}|quorum`,
      e.atMs,
      'warn',
      `controller quorum lost: ${e.liveVoters} of ${e.voters} voters run, nothing is decided until a majority returns`,
    ),
  leaderChanged: (e, { note }) => {
    const offline = e.leader === -1;
    const kind = e.unclean ? 'unclean' : offline ? 'offline' : 'moved';
    const head = e.unclean
      ? `UNCLEAN leader election (${e.reason}), acknowledged data may be lost:`
      : offline
        ? `partitions OFFLINE, no leader in ISR (${e.reason}):`
        : `leaders moved (${e.reason}):`;
    const leader = offline ? 'none' : String(e.leader);
    const previous = e.previousLeader === -1 ? 'none' : String(e.previousLeader);
    note(
      `${e.atMs}|leader|${kind}|${e.reason}`,
      e.atMs,
      e.unclean || offline ? 'bad' : 'warn',
      head,
      `${tp(e.topic, e.partition)} ${previous}→${leader}`,
    );
  },
  isrChanged: (e, { note }) => {
    const direction = e.isr.length < e.previousIsr.length ? 'shrank' : 'grew';
    note(
      `${e.atMs}|isr|${direction}|${e.reason}`,
      e.atMs,
      direction === 'shrank' ? 'warn' : 'good',
      `ISR ${direction} (${e.reason}):`,
      `${tp(e.topic, e.partition)} ${brokers(e.previousIsr)}→${brokers(e.isr)}`,
    );
  },
  logCleaned: (e, { note }) =>
    note(
      `${e.atMs}|logCleaned|${e.topic}|${e.partition}|${e.broker}`,
      e.atMs,
      'plain',
      `broker ${e.broker} compacted a log:`,
      `${tp(e.topic, e.partition)} up to ${e.toOffset}, ${plural(e.removedCount, 'record')} removed (${e.superseded} superseded, ${e.tombstonesRemoved} expired tombstones)`,
    ),
  segmentDeleted: (e, { note }) =>
    note(
      `${e.atMs}|segmentDeleted|${e.topic}|${e.partition}|${e.broker}|${e.baseOffset}`,
      e.atMs,
      'plain',
      `broker ${e.broker} deleted a segment (${e.reason}):`,
      `${tp(e.topic, e.partition)} ${e.baseOffset}–${e.endOffset - 1} (${plural(e.count, 'record')}); log starts at ${e.logStartOffset}`,
    ),
  logTruncated: (e, { note }) =>
    note(
      `${e.atMs}|truncated|${e.broker}`,
      e.atMs,
      'warn',
      `broker ${e.broker} truncated its log to the new leader's:`,
      `${tp(e.topic, e.partition)} ${e.fromOffset}→${e.toOffset} (${plural(e.fromOffset - e.toOffset, 'record')} dropped)`,
    ),
  acknowledgedRecordsLost: (e, { note }) =>
    note(
      `${e.atMs}|lost`,
      e.atMs,
      'bad',
      '✗ ACKNOWLEDGED RECORDS LOST:',
      `${tp(e.topic, e.partition)} ${plural(e.records.length, 'record')} (${e.records
        .slice(0, 3)
        .map((r) => `${r.producer} #${r.sequence} @${r.offset}`)
        .join(', ')}${e.records.length > 3 ? ', …' : ''})`,
    ),

  // Consumers.
  consumerAdded: (e, { note }) =>
    note(
      `${e.atMs}|started`,
      e.atMs,
      'plain',
      'consumers start:',
      e.group === null ? e.consumer : `${e.consumer} (${e.group})`,
    ),
  consumerClosed: (e, { note }) =>
    note(`${e.atMs}|closed`, e.atMs, 'plain', 'consumers close:', e.consumer),
  consumerCrashed: (e, { note }) =>
    note(`${e.atMs}|crashed|${e.consumer}`, e.atMs, 'bad', `✖ consumer ${e.consumer} crashed`),
  consumerPaused: (e, { note }) =>
    note(
      `${e.atMs}|paused|${e.consumer}`,
      e.atMs,
      'warn',
      `${e.consumer} pauses ${e.partitions.length === 0 ? 'no partition' : e.partitions.join(', ')} (still polling)`,
    ),
  consumerStalled: (e, { note }) =>
    note(`${e.atMs}|stalled|${e.consumer}`, e.atMs, 'warn', `${e.consumer} stops polling`),
  consumerResumed: (e, { note }) =>
    note(`${e.atMs}|resumed|${e.consumer}`, e.atMs, 'good', `${e.consumer} polls again`),
  consumerSeeked: (e, { note }) =>
    note(
      `${e.atMs}|seek|${e.consumer}|${e.topic}`,
      e.atMs,
      'plain',
      `${e.consumer} seeks ${e.topic}:`,
      `p${e.partition}→${e.offset}`,
    ),
  consumerPositionReset: (e, { note }) =>
    note(
      `${e.atMs}|reset|${e.consumer}|${e.reason}`,
      e.atMs,
      'warn',
      `${e.consumer}'s position reset (${e.reason}):`,
      `${tp(e.topic, e.partition)} ${e.from}→${e.to}`,
    ),
  consumerPollTimedOut: (e, { note }) =>
    note(
      `${e.atMs}|poll timeout|${e.member}`,
      e.atMs,
      'bad',
      `✖ ${e.member} did not poll within max.poll.interval.ms and left group ${e.group}`,
    ),

  // Consumer groups.
  groupRebalanceStarted: (e, { note }) =>
    note(
      `${e.atMs}|rebalance|${e.group}`,
      e.atMs,
      'plain',
      `group ${e.group} rebalances (${e.reason}, ${e.rebalanceProtocol})`,
    ),
  staticMemberRejoined: (e, { note }) =>
    note(
      `${e.atMs}|static|${e.group}|${e.member}`,
      e.atMs,
      'good',
      `group ${e.group}: static member ${e.member} (${e.instanceId}) is back: same partitions, no rebalance`,
    ),
  memberJoinRejected: (e, { note }) =>
    note(
      `${e.atMs}|join rejected|${e.group}|${e.member}`,
      e.atMs,
      'warn',
      `group ${e.group} refused ${e.member} (${e.error})`,
    ),
  groupJoinCompleted: (e, { note }) => {
    const head = `group ${e.group} generation ${e.generation}: leader ${e.leader} assigns with ${e.protocol} to`;
    for (const member of e.members)
      note(`${e.atMs}|joined|${e.group}`, e.atMs, 'plain', head, member);
  },
  groupStabilized: (e, { note }) => {
    const head = `group ${e.group} stable (generation ${e.generation}):`;
    const owners = Object.entries(e.assignment).map(
      ([member, parts]) => `${member} ${parts.length === 0 ? 'idle' : parts.join(' ')}`,
    );
    const key = `${e.atMs}|stable|${e.group}`;
    if (owners.length === 0) note(key, e.atMs, 'good', head);
    for (const owner of owners) note(key, e.atMs, 'good', head, owner);
  },
  groupEmptied: (e, { note }) =>
    note(`${e.atMs}|empty|${e.group}`, e.atMs, 'plain', `group ${e.group} is empty`),
  memberRemoved: (e, { note }) =>
    note(
      `${e.atMs}|removed|${e.group}|${e.member}`,
      e.atMs,
      'warn',
      `group ${e.group} removed ${e.member} (${e.reason})`,
    ),
  partitionsRevoked: (e, { note }) =>
    note(
      `${e.atMs}|revoked|${e.group}|${e.reason}`,
      e.atMs,
      'plain',
      `group ${e.group}: partitions revoked (${e.reason}):`,
      `${e.member} ${e.partitions.length === 0 ? 'none' : e.partitions.join(' ')}`,
    ),
  offsetCommitFailed: (e, { note }) =>
    note(
      `${e.atMs}|commit failed|${e.group}|${e.member}`,
      e.atMs,
      'warn',
      `${e.member}'s commit to group ${e.group} failed (${e.error})`,
    ),

  // Kafka Streams applications (ksqlDB persistent queries).
  streamsAppStarted: (e, { note }) =>
    note(
      `${e.atMs}|streams app|${e.app}`,
      e.atMs,
      'plain',
      `ksqlDB application ${e.app} started ${e.queries.length === 1 ? 'query' : 'queries'} ${e.queries
        .map((q, i) => `${q} (application id ${e.applicationIds[i]})`)
        .join(', ')} on ${e.instances.join(', ')}; ${
        e.topicsCreated.length === 0
          ? 'no new topics'
          : `created topics ${e.topicsCreated.map(shortTopic).join(', ')}`
      }`,
    ),
  streamsInstanceStarted: (e, { note }) =>
    note(
      `${e.atMs}|streams start|${e.app}`,
      e.atMs,
      'plain',
      `streams instances of ${e.app} start:`,
      e.instance,
    ),
  streamsInstanceStopped: (e, { note }) =>
    e.how === 'killed'
      ? note(
          `${e.atMs}|streams stop|${e.instance}`,
          e.atMs,
          'bad',
          `✖ streams instance ${e.instance} killed: it died without committing; its tasks move after the session timeout`,
        )
      : note(
          `${e.atMs}|streams stop|${e.instance}`,
          e.atMs,
          'warn',
          `streams instance ${e.instance} closed: it committed, but sends no LeaveGroup; its tasks move after the session timeout`,
        ),
  streamsTasksAssigned: (e, { note }) =>
    note(
      `${e.atMs}|tasks|${e.app}|${e.query}`,
      e.atMs,
      'plain',
      `${e.query} tasks (sub-topology_partition):`,
      `${e.instance} ${e.tasks.length === 0 ? 'idle' : e.tasks.join(' ')}${
        e.added.length > 0 && e.added.length < e.tasks.length ? ` (new: ${e.added.join(' ')})` : ''
      }`,
    ),
  // An empty changelog restores nothing: only a store with something to read is worth a line.
  streamsTaskRestoring: (e, { note }) => {
    if (e.fromOffset === e.toOffset) return;
    note(
      `${e.atMs}|restoring|${e.app}|${e.query}`,
      e.atMs,
      'warn',
      `${e.query}: tasks restore their stores from the changelog (RESTORING: their records wait):`,
      `${e.task} on ${e.instance} offsets ${e.fromOffset}–${e.toOffset - 1}`,
    );
  },
  streamsTaskRestored: (e, { note }) => {
    if (e.records === 0) return;
    note(
      `${e.atMs}|restored|${e.app}|${e.query}`,
      e.atMs,
      'good',
      `${e.query}: stores restored, tasks RUNNING:`,
      `${e.task} on ${e.instance} (${plural(e.records, 'record')})`,
    );
  },
};

/** The rule for an event (the table is keyed by type, so the cast only joins the two). */
const ruleOf = (e: TraceEvent) =>
  DIGEST[e.type] as ((e: TraceEvent, d: DigestContext) => void) | null;

function renderGroup(g: Group): string {
  if (g.items.length === 0) return g.head;
  const shown = g.items.slice(0, GROUP_ITEMS_SHOWN).join(', ');
  const more =
    g.items.length > GROUP_ITEMS_SHOWN ? `, +${g.items.length - GROUP_ITEMS_SHOWN} more` : '';
  return `${g.head} ${shown}${more}`;
}

function activityLines(w: Window, final: Snapshot): TimelineLine[] {
  const lines: TimelineLine[] = [];
  for (const [producer, a] of w.producers) {
    // Appends alone (a group coordinator writing offsets, a batch sent a step earlier) say nothing.
    if (a.sent === 0 && a.acked === 0 && a.retried.size === 0 && a.failed.size === 0) continue;
    const bad = a.failed.size > 0;
    lines.push({
      atMs: w.startMs,
      rank: 2,
      tone: bad ? 'bad' : 'plain',
      text: `▸ ${producerLine(producer, a, final)}`,
    });
  }
  for (const consumer of new Set([...w.consumers.keys(), ...w.commits.keys()])) {
    lines.push({
      atMs: w.startMs,
      rank: 2,
      tone: 'plain',
      text: `◂ ${consumerLine(consumer, w.consumers.get(consumer), w.commits.get(consumer))}`,
    });
  }
  for (const a of w.streams.values()) {
    lines.push({
      atMs: w.startMs,
      rank: 2,
      tone: a.dropped.size > 0 ? 'warn' : 'plain',
      text: `◆ ${streamsLine(a)}`,
    });
  }
  return lines;
}

/**
 * "fraud CTAS_X_0 processed 40 records ← orders p0 ×20, p1 ×20 · DROPPED 1: orders p1@7 late
 * (…) · wrote 2 rows → X: 4111 [0:00, 5:00) {…} · 4 cache flushes forwarded 2 updates ·
 * commits: fraud-1 ×2, fraud-2 ×2". Few drops and rows are listed one by one.
 */
function streamsLine(a: StreamsActivity): string {
  const processed = sum(a.processed);
  const parts = [
    processed === 0
      ? `${a.app} ${a.query}`
      : `${a.app} ${a.query} processed ${plural(processed, 'record')} ← ${spread(
          new Map([...a.processed].map(([key, n]) => [shortTopic(key), n])),
        )}`,
  ];
  const dropped = sum(a.dropped);
  if (dropped > 0) {
    parts.push(
      dropped <= SMALL_BURST_RECORDS
        ? `DROPPED ${formatCount(dropped)}: ${a.drops.join(', ')}`
        : `DROPPED ${formatCount(dropped)} (${errorList(a.dropped)})`,
    );
  }
  const emitted = sum(a.emitted);
  if (emitted > 0) {
    const topics = [...a.emitted.keys()].join(', ');
    const list = emitted <= SMALL_BURST_RECORDS ? `: ${a.rows.join(', ')}` : '';
    parts.push(`wrote ${plural(emitted, 'row')} → ${topics}${list}`);
  }
  if (a.flushes > 0)
    parts.push(
      `${plural(a.flushes, 'cache flush', 'cache flushes')} forwarded ${plural(a.forwarded, 'update')}`,
    );
  if (a.commits.size > 0)
    parts.push(
      `commits: ${[...a.commits].map(([instance, n]) => `${instance} ×${formatCount(n)}`).join(', ')}`,
    );
  return parts.join(' · ');
}

function producerLine(producer: string, a: ProducerActivity, final: Snapshot): string {
  const parts: string[] = [];
  if (a.sent > 0) {
    const keys = a.sent <= SMALL_BURST_RECORDS ? keyPlacement(producer, a, final) : null;
    parts.push(`${producer} sent ${plural(a.sent, 'record')} → ${keys ?? spread(a.sentTo)}`);
  } else {
    parts.push(producer);
  }
  if (a.acked > 0) parts.push(`${formatCount(a.acked)} acked`);
  if (a.retried.size > 0)
    parts.push(`${formatCount(sum(a.retried))} retried (${errorList(a.retried)})`);
  if (a.failed.size > 0)
    parts.push(`${formatCount(sum(a.failed))} FAILED (${errorList(a.failed)})`);
  return parts.join(' · ');
}

/** "sally read 40 records ← orders p1 ×40 · committed orders p1@40". */
function consumerLine(
  consumer: string,
  reads: Map<string, number> | undefined,
  commits: Map<string, number> | undefined,
): string {
  const parts =
    reads === undefined
      ? [consumer]
      : [`${consumer} read ${plural(sum(reads), 'record')} ← ${spread(reads)}`];
  if (commits !== undefined) parts.push(`committed ${committedOffsets(commits)}`);
  return parts.join(' · ');
}

const sum = (map: Map<string, number>) => [...map.values()].reduce((n, v) => n + v, 0);
const errorList = (map: Map<string, number>) =>
  [...map.entries()].map(([error, n]) => `${error} ×${formatCount(n)}`).join(', ');

/** "orders p1 ×2, p3" for a few partitions; "orders: 12 partitions, 80–95 each" for many. */
function spread(counts: Map<string, number>): string {
  const byTopic = new Map<string, [number, number][]>();
  for (const [key, n] of counts) {
    const slash = key.lastIndexOf('/');
    const topic = key.slice(0, slash);
    if (!byTopic.has(topic)) byTopic.set(topic, []);
    byTopic.get(topic)?.push([Number(key.slice(slash + 1)), n]);
  }
  return [...byTopic.entries()]
    .map(([topic, entries]) => {
      entries.sort((x, y) => x[0] - y[0]);
      if (entries.length > 6) {
        const ns = entries.map(([, n]) => n);
        return `${topic}: ${entries.length} partitions, ${formatCount(Math.min(...ns))}–${formatCount(Math.max(...ns))} each`;
      }
      return `${topic} ${entries.map(([p, n]) => (n === 1 ? `p${p}` : `p${p} ×${formatCount(n)}`)).join(', ')}`;
    })
    .join('; ');
}

/** "orders p0@14, p1@13" for a few partitions; "orders: 12 partitions" for many. */
function committedOffsets(commits: Map<string, number>): string {
  const byTopic = new Map<string, [number, number][]>();
  for (const [key, offset] of commits) {
    const slash = key.lastIndexOf('/');
    const topic = key.slice(0, slash);
    if (!byTopic.has(topic)) byTopic.set(topic, []);
    byTopic.get(topic)?.push([Number(key.slice(slash + 1)), offset]);
  }
  return [...byTopic.entries()]
    .map(([topic, entries]) => {
      entries.sort((x, y) => x[0] - y[0]);
      if (entries.length > 6) return `${topic}: ${entries.length} partitions`;
      return `${topic} ${entries.map(([p, offset]) => `p${p}@${offset}`).join(', ')}`;
    })
    .join('; ');
}

/**
 * "orders: alice→p3, bob→p1, (no key)→p0": each record's key and partition, read back from
 * the log as it ended. Null when the records are not all there to read (still in flight,
 * or truncated away).
 */
function keyPlacement(producer: string, a: ProducerActivity, final: Snapshot): string | null {
  const byTopic = new Map<string, string[]>();
  let found = 0;
  for (const { topic, partition, baseOffset, count } of a.appended) {
    const view = findPartition(final, topic, partition);
    if (view === undefined) return null;
    for (const r of recordsInRange(view.log, baseOffset, baseOffset + count)) {
      if (r.producer !== producer) return null;
      if (!byTopic.has(topic)) byTopic.set(topic, []);
      byTopic.get(topic)?.push(`${r.key ?? '(no key)'}→p${partition}`);
      found++;
    }
  }
  if (found !== a.sent) return null;
  return [...byTopic.entries()].map(([topic, items]) => `${topic}: ${items.join(', ')}`).join('; ');
}
