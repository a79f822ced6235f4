import { describe, expect, it } from 'vitest';
import { createWorld, snapshot, type TraceEvent, type TraceEventType } from '../engine/index.ts';
import { SAMPLE_EVENTS } from '../engine/tools.ts';
import { createDigest } from './digest.ts';

const empty = snapshot(
  createWorld({ seed: 1, brokers: [1], topics: [{ name: 'orders', partitions: 12 }] }),
);

const texts = (events: TraceEvent[], boundaries: number[] = []) => {
  const digest = createDigest(boundaries);
  digest.add(events);
  return digest.lines(empty).map((l) => `${l.atMs} ${l.text}`);
};

const leaderChanged = (partition: number, leader: number, atMs = 9000): TraceEvent => ({
  type: 'leaderChanged',
  atMs,
  topic: 'orders',
  partition,
  previousLeader: 1,
  leader,
  leaderEpoch: 1,
  isr: leader === -1 ? [] : [leader],
  unclean: false,
  reason: 'broker fenced',
});

describe('createDigest', () => {
  it('groups what happens to many partitions at once into one line', () => {
    expect(
      texts([
        leaderChanged(0, 2),
        leaderChanged(1, 3),
        leaderChanged(2, -1),
        leaderChanged(3, 2, 9500),
      ]),
    ).toEqual([
      '9000 leaders moved (broker fenced): orders-0 1→2, orders-1 1→3',
      '9000 partitions OFFLINE, no leader in ISR (broker fenced): orders-2 1→none',
      '9500 leaders moved (broker fenced): orders-3 1→2',
    ]);
  });

  it('shows at most 8 items of a group', () => {
    const [line] = texts(Array.from({ length: 12 }, (_, p) => leaderChanged(p, 2)));
    expect(line).toMatch(/orders-7 1→2, \+4 more$/);
  });

  it('keeps every narration line, even repeated ones', () => {
    const say = (text: string): TraceEvent => ({ type: 'narrated', atMs: 0, text });
    expect(texts([say('Hello.'), say('Hello.')])).toEqual(['0 » Hello.', '0 » Hello.']);
  });

  it('sums traffic between steps, once per producer and consumer', () => {
    const sent = (atMs: number, partition: number, count: number): TraceEvent => ({
      type: 'recordsSent',
      atMs,
      producer: 'checkout',
      topic: 'orders',
      partition,
      broker: 1,
      firstSequence: 0,
      count,
      arrivesAtMs: atMs + 10,
    });
    const fetched: TraceEvent = {
      type: 'consumerFetched',
      atMs: 1200,
      consumer: 'sally',
      topic: 'orders',
      partition: 1,
      fromOffset: 0,
      count: 40,
    };
    const lines = texts([sent(5, 0, 10), sent(6, 1, 20), sent(1005, 1, 30), fetched], [1000]);
    expect(lines).toEqual([
      '0 ▸ checkout sent 30 records → orders p0 ×10, p1 ×20',
      '1000 ▸ checkout sent 30 records → orders p1 ×30',
      '1000 ◂ sally read 40 records ← orders p1 ×40',
    ]);
  });

  it('summarises traffic over many partitions by its range', () => {
    const events: TraceEvent[] = Array.from({ length: 12 }, (_, p) => ({
      type: 'recordsSent',
      atMs: 1,
      producer: 'checkout',
      topic: 'orders',
      partition: p,
      broker: 1,
      firstSequence: 0,
      count: 100 + p,
      arrivesAtMs: 2,
    }));
    expect(texts(events)).toEqual([
      '0 ▸ checkout sent 1,266 records → orders: 12 partitions, 100–111 each',
    ]);
  });

  // What the digest does with each type is a decision in its DIGEST table: a line, a share
  // of a step's traffic, or nothing. These leave no line of their own.
  const SILENT = new Set<TraceEventType>([
    'clusterCreated', // the header describes the cluster
    'replicaFetched', // followers' copies and the high watermark show in the end state
    'highWatermarkAdvanced',
    'memberJoining', // groupJoinCompleted names who joined
    'partitionsAssigned', // groupStabilized says who owns what
    'recordsAppended', // names the keys of a small burst on the producer's line
    'segmentRolled', // bookkeeping; a deletion (segmentDeleted) has its line
  ]);

  it.each(Object.values(SAMPLE_EVENTS))('has words of its own for $type, or none', (event) => {
    const lines = texts([event]);
    if (SILENT.has(event.type)) {
      expect(lines).toEqual([]);
      return;
    }
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line.slice(line.indexOf(' ') + 1).trim()).not.toBe('');
      // The event's name is the generic fallback's tell; plain words never use it.
      expect(line).not.toContain(event.type);
    }
  });

  it("puts a member's commits on its line of the step", () => {
    const { consumerFetched, offsetsCommitted } = SAMPLE_EVENTS;
    expect(texts([consumerFetched, offsetsCommitted])).toEqual([
      '0 ◂ sally read 3 records ← orders p1 ×3 · committed orders p1@7',
    ]);
    expect(texts([offsetsCommitted])).toEqual(['0 ◂ sally · committed orders p1@7']);
  });

  it("sums a streams query's records, drops, rows and commits on one line of the step", () => {
    const {
      streamsRecordProcessed,
      streamsRecordDropped,
      streamsCacheFlushed,
      streamsEmitted,
      streamsCommitted,
    } = SAMPLE_EVENTS;
    const processed = (partition: number, offset: number): TraceEvent => ({
      ...streamsRecordProcessed,
      partition,
      offset,
    });
    expect(
      texts([
        processed(3, 17),
        processed(3, 18),
        processed(1, 4),
        streamsRecordDropped,
        streamsCacheFlushed,
        streamsEmitted,
        { ...streamsEmitted, key: '5500', value: null },
        streamsCommitted,
        { ...streamsCommitted, instance: 'fraud-2' },
        streamsCommitted,
      ]),
    ).toEqual([
      '0 ◆ fraud CTAS_POSSIBLE_FRAUD_0 processed 3 records ← authorization_attempts p1, p3 ×2 · DROPPED 1: …-Aggregate-GroupBy-repartition p3@41 late (stream time − grace = 5:00) · wrote 2 rows → POSSIBLE_FRAUD: 4111 [0:00, 5:00) {"ATTEMPTS":4}, 5500 [0:00, 5:00) tombstone · 1 cache flush forwarded 2 updates · commits: fraud-1 ×2, fraud-2 ×1',
    ]);
  });

  it('counts many drops by reason instead of listing them', () => {
    const drops = Array.from({ length: 12 }, (_, i): TraceEvent => ({
      ...SAMPLE_EVENTS.streamsRecordDropped,
      offset: i,
      ...(i < 2 ? { reason: 'null key' as const, closeMs: null } : {}),
    }));
    expect(texts(drops)).toEqual([
      '0 ◆ fraud CTAS_POSSIBLE_FRAUD_0 · DROPPED 12 (null key ×2, late ×10)',
    ]);
  });

  it('says which tasks each streams instance runs, and which stores had to be restored', () => {
    const { streamsTasksAssigned, streamsTaskRestoring, streamsTaskRestored } = SAMPLE_EVENTS;
    const empty = { ...streamsTaskRestoring, task: '1_0', fromOffset: 5, toOffset: 5 };
    expect(
      texts([
        streamsTasksAssigned,
        { ...streamsTasksAssigned, instance: 'fraud-1', tasks: [], added: [] },
        streamsTaskRestoring,
        empty,
        streamsTaskRestored,
        { ...streamsTaskRestored, task: '1_0', records: 0 },
      ]),
    ).toEqual([
      '3050 CTAS_POSSIBLE_FRAUD_0 tasks (sub-topology_partition): fraud-2 0_0 0_1 1_0 1_3 (new: 1_3), fraud-1 idle',
      '3050 CTAS_POSSIBLE_FRAUD_0: tasks restore their stores from the changelog (RESTORING: their records wait): 1_3 on fraud-2 offsets 0–11',
      '3080 CTAS_POSSIBLE_FRAUD_0: stores restored, tasks RUNNING: 1_3 on fraud-2 (12 records)',
    ]);
  });

  it('says who owns what once a group is stable', () => {
    expect(texts([SAMPLE_EVENTS.groupStabilized])).toEqual([
      '3040 group billing stable (generation 1): sally orders-0 orders-1, sam orders-2',
    ]);
  });
});
