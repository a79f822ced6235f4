import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine';
import { SAMPLE_EVENTS } from '../engine/tools';
import { describeEvent, formatVirtualTime } from './describeEvent';

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

  it('formats virtual time in seconds with milliseconds', () => {
    expect(formatVirtualTime(12_000)).toBe('12.000 s');
    expect(formatVirtualTime(1234.5678)).toBe('1.235 s');
  });
});
