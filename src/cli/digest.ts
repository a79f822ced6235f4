import { findPartition, recordsInRange, type Snapshot, type TraceEvent } from '../engine/index.ts';
import { formatCount, plural } from './format.ts';

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

interface Window {
  startMs: number;
  producers: Map<string, ProducerActivity>;
  /** consumer → "topic/partition" → records read. */
  consumers: Map<string, Map<string, number>>;
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
/** Unrecognised event types: items kept per type per window. */
const OTHER_ITEMS_KEPT = 5;
/** Lines of notable events kept; a pathological run (ISR flapping for hours) says how many it left out. */
const NOTABLE_LINES_KEPT = 2000;

export function createDigest(boundariesMs: readonly number[]): Digest {
  const boundaries = [...new Set([0, ...boundariesMs])].sort((a, b) => a - b);
  const windows: Window[] = [];
  const groups = new Map<string, Group>();
  const otherCounts = new Map<string, number>();
  let windowIndex = -1;
  let seq = 0;
  let omitted = 0;
  let lastAtMs = 0;

  const windowAt = (atMs: number): Window => {
    let index = Math.max(windowIndex, 0);
    while (index + 1 < boundaries.length && atMs >= boundaries[index + 1]) index++;
    if (index !== windowIndex || windows.length === 0) {
      windowIndex = index;
      windows.push({ startMs: boundaries[index], producers: new Map(), consumers: new Map() });
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
    if (countTraffic(window, event)) return;
    if (describeNotable(event, note)) return;
    noteOther(event, `${windowIndex}`, note, otherCounts);
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

const bump = (map: Map<string, number>, key: string, n: number) =>
  map.set(key, (map.get(key) ?? 0) + n);

/** Produce and fetch traffic: summed, never printed one by one. Returns false for other events. */
function countTraffic(window: Window, e: TraceEvent): boolean {
  switch (e.type) {
    case 'recordsSent': {
      const a = activity(window, e.producer);
      a.sent += e.count;
      bump(a.sentTo, `${e.topic}/${e.partition}`, e.count);
      return true;
    }
    case 'recordsAppended': {
      const a = activity(window, e.producer);
      if (a.appended.length < SMALL_BURST_RECORDS) {
        a.appended.push({
          topic: e.topic,
          partition: e.partition,
          baseOffset: e.baseOffset,
          count: e.count,
        });
      }
      return true;
    }
    case 'produceAcked':
      activity(window, e.producer).acked += e.count;
      return true;
    case 'produceErrored':
      // A final failure is reported by the produceExpired event that follows.
      if (e.willRetry) bump(activity(window, e.producer).retried, e.error, e.count);
      return true;
    case 'produceExpired':
      bump(activity(window, e.producer).failed, e.error, e.count);
      return true;
    case 'consumerFetched': {
      let reads = window.consumers.get(e.consumer);
      if (reads === undefined) window.consumers.set(e.consumer, (reads = new Map()));
      bump(reads, `${e.topic}/${e.partition}`, e.count);
      return true;
    }
    case 'clusterCreated': // the header already describes the cluster
    case 'replicaFetched': // followers copying, and the high watermark: shown in the end state
    case 'highWatermarkAdvanced':
      return true;
    default:
      return false;
  }
}

type Note = (key: string, atMs: number, tone: Tone, head: string, item?: string) => void;

const tp = (topic: string, partition: number) => `${topic}-${partition}`;
const brokers = (ids: readonly number[]) => `[${ids.join(',')}]`;

/** The events worth a line of their own. Returns false for events it does not know. */
function describeNotable(e: TraceEvent, note: Note): boolean {
  const at = e.atMs;
  switch (e.type) {
    case 'narrated':
      note('', at, 'say', `» ${e.text}`);
      return true;
    case 'commandRejected':
      note(
        `${at}|rejected|${e.command}|${e.reason}`,
        at,
        'warn',
        `⚠ ${e.command} rejected: ${e.reason}`,
      );
      return true;
    case 'producerConfigured':
      note(
        `${at}|configured|${e.producer}`,
        at,
        'plain',
        `${e.producer} now uses acks=${e.acks} and the ${e.partitioner} partitioner`,
      );
      return true;
    case 'producerRateChanged':
      note(
        `${at}|rate|${e.producer}`,
        at,
        'plain',
        e.rate > 0
          ? `${e.producer} sends ${formatCount(e.rate)} records/s`
          : `${e.producer} stops its steady stream`,
      );
      return true;
    case 'consumerSeeked':
      note(
        `${at}|seek|${e.consumer}|${e.topic}`,
        at,
        'plain',
        `${e.consumer} seeks ${e.topic}:`,
        `p${e.partition}→${e.offset}`,
      );
      return true;
    default:
      return describeClusterEvent(e, note);
  }
}

function describeClusterEvent(e: TraceEvent, note: Note): boolean {
  const at = e.atMs;
  switch (e.type) {
    case 'brokerKilled':
      note(`${at}|broker|${e.broker}|killed`, at, 'bad', `✖ broker ${e.broker} crashed`);
      return true;
    case 'brokerShutDown':
      note(`${at}|broker|${e.broker}|shutdown`, at, 'warn', `broker ${e.broker} shut down cleanly`);
      return true;
    case 'brokerRestarted':
      note(`${at}|broker|${e.broker}|restarted`, at, 'good', `broker ${e.broker} restarted`);
      return true;
    case 'brokerFenced':
      note(
        `${at}|fenced|${e.broker}`,
        at,
        'warn',
        `controller fenced broker ${e.broker} (${e.reason})`,
      );
      return true;
    case 'brokerUnfenced':
      note(
        `${at}|unfenced|${e.broker}`,
        at,
        'good',
        `controller unfenced broker ${e.broker}: it is back in service`,
      );
      return true;
    case 'controllerMoved':
      note(
        `${at}|controller`,
        at,
        'warn',
        `controller moved from broker ${e.from} to broker ${e.to}`,
      );
      return true;
    case 'leaderChanged': {
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
        `${at}|leader|${kind}|${e.reason}`,
        at,
        e.unclean || offline ? 'bad' : 'warn',
        head,
        `${tp(e.topic, e.partition)} ${previous}→${leader}`,
      );
      return true;
    }
    case 'isrChanged': {
      const direction = e.isr.length < e.previousIsr.length ? 'shrank' : 'grew';
      note(
        `${at}|isr|${direction}|${e.reason}`,
        at,
        direction === 'shrank' ? 'warn' : 'good',
        `ISR ${direction} (${e.reason}):`,
        `${tp(e.topic, e.partition)} ${brokers(e.previousIsr)}→${brokers(e.isr)}`,
      );
      return true;
    }
    case 'logTruncated':
      note(
        `${at}|truncated|${e.broker}`,
        at,
        'warn',
        `broker ${e.broker} truncated its log to the new leader's:`,
        `${tp(e.topic, e.partition)} ${e.fromOffset}→${e.toOffset} (${plural(e.fromOffset - e.toOffset, 'record')} dropped)`,
      );
      return true;
    case 'acknowledgedRecordsLost':
      note(
        `${at}|lost`,
        at,
        'bad',
        '✗ ACKNOWLEDGED RECORDS LOST:',
        `${tp(e.topic, e.partition)} ${plural(e.records.length, 'record')} (${e.records
          .slice(0, 3)
          .map((r) => `${r.producer} #${r.sequence} @${r.offset}`)
          .join(', ')}${e.records.length > 3 ? ', …' : ''})`,
      );
      return true;
    default:
      return false;
  }
}

/** An event this digest does not know yet (the engine grows): shown plainly, a few per window. */
function noteOther(e: TraceEvent, window: string, note: Note, counts: Map<string, number>): void {
  const record = e as unknown as Record<string, unknown>;
  const type = String(record.type);
  const countKey = `${window}|${type}`;
  const n = (counts.get(countKey) ?? 0) + 1;
  counts.set(countKey, n);
  if (n > OTHER_ITEMS_KEPT) return;
  const fields = Object.entries(record)
    .filter(([k]) => k !== 'type' && k !== 'atMs')
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  note(`${countKey}|${n}`, e.atMs, 'quiet', `${type} ${fields}`.trimEnd());
}

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
    const bad = a.failed.size > 0;
    lines.push({
      atMs: w.startMs,
      rank: 2,
      tone: bad ? 'bad' : 'plain',
      text: `▸ ${producerLine(producer, a, final)}`,
    });
  }
  for (const [consumer, reads] of w.consumers) {
    lines.push({
      atMs: w.startMs,
      rank: 2,
      tone: 'plain',
      text: `◂ ${consumerLine(consumer, reads)}`,
    });
  }
  return lines;
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

function consumerLine(consumer: string, reads: Map<string, number>): string {
  return `${consumer} read ${plural(sum(reads), 'record')} ← ${spread(reads)}`;
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
