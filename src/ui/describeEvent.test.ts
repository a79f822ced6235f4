import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine';
import { SAMPLE_EVENTS } from '../engine/tools';
import { describeEvent, formatEventTime, formatVirtualTime, formatWindow } from './describeEvent';

describe('describeEvent', () => {
  it.each<[TraceEvent, string]>([
    [
      { type: 'clusterCreated', atMs: 0, seed: 1, brokers: [1, 2, 3], topics: ['orders'] },
      'Cluster started: brokers 1, 2, 3; topic orders',
    ],
    [
      {
        type: 'recordsSent',
        atMs: 5,
        producer: 'checkout',
        topic: 'orders',
        partition: 3,
        broker: 2,
        firstSequence: 0,
        count: 1,
        arrivesAtMs: 20,
      },
      'checkout sent 1 record to orders-3 (leader: broker 2)',
    ],
    [
      {
        type: 'recordsAppended',
        atMs: 5,
        topic: 'orders',
        partition: 3,
        broker: 2,
        producer: 'checkout',
        baseOffset: 4,
        count: 3,
        leaderEpoch: 0,
      },
      'Broker 2 appended 3 records to orders-3 at offsets 4–6',
    ],
    [
      {
        type: 'consumerFetched',
        atMs: 5,
        consumer: 'sally',
        topic: 'orders',
        partition: 1,
        fromOffset: 7,
        count: 1,
      },
      'sally read 1 record from orders-1 (offset 7)',
    ],
    [
      { type: 'highWatermarkAdvanced', atMs: 5, topic: 'orders', partition: 0, highWatermark: 12 },
      'orders-0 high watermark → 12',
    ],
    [{ type: 'narrated', atMs: 0, text: 'Hello' }, '“Hello”'],
    [
      {
        type: 'groupRebalanceStarted',
        atMs: 1,
        group: 'billing',
        reason: 'c3 joined',
        rebalanceProtocol: 'eager',
        generation: 1,
      },
      'Group billing: rebalance started (c3 joined, eager)',
    ],
    [
      {
        type: 'groupStabilized',
        atMs: 1,
        group: 'billing',
        generation: 2,
        assignment: { c1: ['orders-0'], c2: [] },
      },
      'Group billing is stable (generation 2): c1 orders-0; c2 idle',
    ],
    [
      {
        type: 'leaderChanged',
        atMs: 1,
        topic: 'orders',
        partition: 1,
        previousLeader: 2,
        leader: 3,
        leaderEpoch: 4,
        isr: [3],
        unclean: false,
        reason: 'broker fenced',
      },
      'orders-1: leader 2 → 3 (epoch 4; broker fenced)',
    ],
  ])('%j', (event, words) => expect(describeEvent(event)).toBe(words));

  // SAMPLE_EVENTS is keyed by event type: a new type fails to compile there, and here
  // describeEvent's switch fails to compile until the new type has words.
  it.each(Object.values(SAMPLE_EVENTS))('has words of its own for $type', (event) => {
    const words = describeEvent(event);
    expect(words.trim()).not.toBe('');
    // The event's name is the generic fallback's tell; plain words never use it.
    expect(words).not.toContain(event.type);
  });

  it('says something different for every event type', () => {
    const all = Object.values(SAMPLE_EVENTS).map(describeEvent);
    expect(new Set(all).size).toBe(all.length);
  });

  it('puts a streams application in plain words', () => {
    const {
      streamsAppStarted,
      streamsInstanceStopped,
      streamsTasksAssigned,
      streamsTaskRestoring,
      streamsTaskRestored,
      streamsRecordDropped,
      streamsCacheFlushed,
      streamsEmitted,
      streamsCommitted,
    } = SAMPLE_EVENTS;
    const app = '_confluent-ksql-default_query_CTAS_POSSIBLE_FRAUD_0';
    expect(describeEvent(streamsAppStarted)).toBe(
      `ksqlDB application fraud started query CTAS_POSSIBLE_FRAUD_0 (application id ${app}), instances fraud-1, fraud-2; created topics ${app}-Aggregate-GroupBy-repartition, ${app}-Aggregate-Aggregate-Materialize-changelog, POSSIBLE_FRAUD`,
    );
    expect(describeEvent(streamsInstanceStopped)).toBe(
      'Streams instance fraud-1 of fraud was killed: the process died without committing; its tasks move after the session timeout',
    );
    expect(describeEvent({ ...streamsInstanceStopped, how: 'closed' })).toBe(
      'Streams instance fraud-1 of fraud closed: it committed, but Streams sends no LeaveGroup, so its tasks move only after the session timeout',
    );
    expect(describeEvent(streamsTasksAssigned)).toBe(
      'fraud-2 runs tasks 0_0, 0_1, 1_0, 1_3 of CTAS_POSSIBLE_FRAUD_0 (new: 1_3)',
    );
    expect(describeEvent(streamsTaskRestoring)).toBe(
      `Task 1_3 of CTAS_POSSIBLE_FRAUD_0 restores its state store from ${app}-Aggregate-Aggregate-Materialize-changelog-3 offsets 0–11 on fraud-2 (RESTORING: its records wait)`,
    );
    expect(describeEvent(streamsTaskRestored)).toBe(
      'Task 1_3 of CTAS_POSSIBLE_FRAUD_0 on fraud-2 restored 12 records into its store; RUNNING',
    );
    expect(describeEvent(streamsRecordDropped)).toBe(
      `Task 1_3 of CTAS_POSSIBLE_FRAUD_0 dropped ${app}-Aggregate-GroupBy-repartition-3 offset 41: it arrived after its window closed (stream time − grace = 5:00)`,
    );
    expect(describeEvent({ ...streamsRecordDropped, reason: 'bad key', closeMs: null })).toBe(
      `Task 1_3 of CTAS_POSSIBLE_FRAUD_0 dropped ${app}-Aggregate-GroupBy-repartition-3 offset 41: its key would not deserialize`,
    );
    expect(describeEvent(streamsCacheFlushed)).toBe(
      "Commit flushed task 1_0's record cache (CTAS_POSSIBLE_FRAUD_0): 2 updates forwarded",
    );
    expect(describeEvent(streamsEmitted)).toBe(
      'CTAS_POSSIBLE_FRAUD_0 wrote key 4111 window [0:00, 5:00) → {"ATTEMPTS":4} to POSSIBLE_FRAUD-0 (cache flush, the row now passes HAVING)',
    );
    expect(describeEvent({ ...streamsEmitted, value: null, having: 'left' })).toBe(
      'CTAS_POSSIBLE_FRAUD_0 wrote key 4111 window [0:00, 5:00) → a tombstone to POSSIBLE_FRAUD-0 (cache flush, the row no longer passes HAVING)',
    );
    expect(describeEvent({ ...streamsEmitted, reason: 'window close', having: undefined })).toBe(
      'CTAS_POSSIBLE_FRAUD_0 wrote key 4111 window [0:00, 5:00) → {"ATTEMPTS":4} to POSSIBLE_FRAUD-0 (window close)',
    );
    expect(describeEvent(streamsCommitted)).toBe(
      'fraud-1 committed CTAS_POSSIBLE_FRAUD_0 tasks 0_0, 0_1, 1_0',
    );
  });

  it('formats event time as a clock and a window as a half-open interval', () => {
    expect(formatEventTime(0)).toBe('0:00');
    expect(formatEventTime(299_999)).toBe('4:59.999');
    expect(formatEventTime(320_004.4)).toBe('5:20.004');
    expect(formatEventTime(30_500)).toBe('0:30.5');
    expect(formatEventTime(3_723_000)).toBe('1:02:03');
    expect(formatEventTime(-1)).toBe('-1 ms');
    expect(formatEventTime(1_700_000_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(formatWindow({ startMs: 300_000, endMs: 600_000 })).toBe('[5:00, 10:00)');
  });

  it('formats virtual time in seconds with milliseconds', () => {
    expect(formatVirtualTime(12_000)).toBe('12.000 s');
    expect(formatVirtualTime(1234.5678)).toBe('1.235 s');
  });
});
