import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine';
import { ACTIVITY_BADGE_MS, activityAt, EMPTY_ACTIVITY, reduceActivity } from './activity';

const started = (atMs: number, p: 'eager' | 'cooperative'): TraceEvent => ({
  type: 'groupRebalanceStarted',
  atMs,
  group: 'workers',
  reason: 'c3 joined',
  rebalanceProtocol: p,
  generation: 1,
});
const revoked = (atMs: number, member: string, partitions: string[]): TraceEvent => ({
  type: 'partitionsRevoked',
  atMs,
  group: 'workers',
  member,
  partitions,
  reason: 'moved to another member',
});
const assigned = (atMs: number, member: string, assignment: string[]): TraceEvent => ({
  type: 'partitionsAssigned',
  atMs,
  group: 'workers',
  member,
  generation: 2,
  assignment,
  added: [],
});

describe('reduceActivity', () => {
  it('folds the segments every replica deleted at one check into one trim of the log start', () => {
    const deleted = (broker: number, baseOffset: number, endOffset: number, atMs = 30_000) =>
      ({
        type: 'segmentDeleted',
        atMs,
        topic: 'clicks',
        partition: 0,
        broker,
        baseOffset,
        endOffset,
        count: endOffset - baseOffset,
        sizeBytes: 100,
        reason: 'retention.ms',
        logStartOffset: endOffset,
      }) as TraceEvent;
    // Two replicas, each deleting segments [0, 11) and [11, 22) at the same check.
    const a = reduceActivity(EMPTY_ACTIVITY, [
      deleted(1, 0, 11),
      deleted(1, 11, 22),
      deleted(2, 0, 11),
      deleted(2, 11, 22),
    ]);
    expect(a.logTrims).toEqual([
      {
        atMs: 30_000,
        topic: 'clicks',
        partition: 0,
        fromOffset: 0,
        toOffset: 22,
        segmentBaseOffsets: [0, 11],
        reason: 'retention.ms',
      },
    ]);
    // The next check is another trim; the badge lasts ACTIVITY_BADGE_MS of virtual time.
    const later = reduceActivity(a, [deleted(1, 22, 33, 35_000)]);
    expect(later.logTrims.map((t) => [t.fromOffset, t.toOffset])).toEqual([
      [0, 22],
      [22, 33],
    ]);
    expect(activityAt(later, 35_000 + ACTIVITY_BADGE_MS + 1).logTrims).toEqual([]);
    expect(activityAt(later, 34_000).logTrims.map((t) => t.toOffset)).toEqual([22]);
  });

  it('keeps truncations and ISR rejoins, for a few seconds of virtual time', () => {
    const a = reduceActivity(EMPTY_ACTIVITY, [
      {
        type: 'logTruncated',
        atMs: 15_000,
        topic: 'orders',
        partition: 0,
        broker: 1,
        fromOffset: 104,
        toOffset: 103,
      },
      {
        type: 'isrChanged',
        atMs: 15_077,
        topic: 'orders',
        partition: 0,
        isr: [2, 3, 1],
        previousIsr: [2, 3],
        reason: 'caught up',
      },
    ]);
    expect(a.truncations).toEqual([
      { atMs: 15_000, topic: 'orders', partition: 0, broker: 1, fromOffset: 104, toOffset: 103 },
    ]);
    expect(a.isrRejoins).toEqual([{ atMs: 15_077, topic: 'orders', partition: 0, broker: 1 }]);
    expect(activityAt(a, 16_000).truncations).toHaveLength(1);
    expect(activityAt(a, 15_000 + ACTIVITY_BADGE_MS + 1).truncations).toHaveLength(0);
    // Before it happened (a snapshot from earlier), nothing is shown.
    expect(activityAt(a, 14_000).isrRejoins).toHaveLength(0);
  });

  it('ignores ISR shrinks and unrelated events (same object back)', () => {
    const shrink: TraceEvent = {
      type: 'isrChanged',
      atMs: 1,
      topic: 'orders',
      partition: 0,
      isr: [2],
      previousIsr: [2, 3],
      reason: 'follower lagging',
    };
    expect(reduceActivity(EMPTY_ACTIVITY, [shrink])).toBe(EMPTY_ACTIVITY);
  });

  it('eager: every revoked partition is paused until assigned; back to its member = resumed', () => {
    let a = reduceActivity(EMPTY_ACTIVITY, [
      started(10_000, 'eager'),
      revoked(12_040, 'c1', ['orders-0', 'orders-1', 'orders-2']),
    ]);
    expect(a.revocations.map((r) => [r.partition, r.rebalanceProtocol, r.movedTo])).toEqual([
      ['orders-0', 'eager', null],
      ['orders-1', 'eager', null],
      ['orders-2', 'eager', null],
    ]);
    a = reduceActivity(a, [assigned(12_200, 'c1', ['orders-0', 'orders-1'])]);
    expect(a.revocations.map((r) => [r.partition, r.movedTo])).toEqual([['orders-2', null]]);
    a = reduceActivity(a, [assigned(12_200, 'c2', ['orders-2', 'orders-3'])]);
    expect(a.revocations.map((r) => [r.partition, r.member, r.movedTo])).toEqual([
      ['orders-2', 'c1', 'c2'],
    ]);
    expect(activityAt(a, 12_200 + ACTIVITY_BADGE_MS + 1).revocations).toEqual([]);
  });

  it('cooperative: only the moved partitions are revoked, and they name their new owner later', () => {
    let a = reduceActivity(EMPTY_ACTIVITY, [
      started(10_020, 'cooperative'),
      revoked(12_120, 'c1', ['orders-4']),
      assigned(12_120, 'c1', ['orders-0', 'orders-2']),
    ]);
    expect(a.revocations.map((r) => [r.partition, r.rebalanceProtocol, r.movedTo])).toEqual([
      ['orders-4', 'cooperative', null],
    ]);
    a = reduceActivity(a, [assigned(13_120, 'c3', ['orders-4', 'orders-5'])]);
    expect(a.revocations[0]).toMatchObject({ member: 'c1', movedTo: 'c3', settledAtMs: 13_120 });
  });
});
