import { describe, expect, it } from 'vitest';
import type { ConsumerView } from '../engine';
import { catchUpOf, memberLines, replicaBadge, type RecentActivity } from './clusterLayout';
import { compactPartitionList } from './groupLayer';
import { lessonSnapshot } from './testSnapshots';

const consumer = (over: Partial<ConsumerView> = {}): ConsumerView => ({
  id: 'c1',
  group: 'workers',
  topics: ['orders'],
  assignment: [],
  positions: [],
  consumed: 0,
  alive: true,
  paused: false,
  pausedPartitions: [],
  stalled: false,
  phase: 'stable',
  instanceId: null,
  fetchErrors: {},
  metadataRefreshes: 0,
  ...over,
});

describe('memberLines', () => {
  it('eager: a member that gave everything up reads nothing', () => {
    expect(
      memberLines(consumer({ phase: 'joining' }), [], false, ['orders-0', 'orders-1'], 'eager'),
    ).toEqual(['❚❚ revoked — paused', 'orders-0 orders-1']);
  });

  it('cooperative: keeps reading what stays, and names what moves', () => {
    expect(
      memberLines(
        consumer({ phase: 'joining' }),
        ['orders-0', 'orders-2'],
        false,
        ['orders-4'],
        'cooperative',
      ),
    ).toEqual(['▶ orders-0 orders-2', '❚❚ moving: orders-4']);
  });

  it('stable members read their partitions; crashed and paused say so', () => {
    expect(memberLines(consumer(), ['orders-1'], false, [], 'eager')).toEqual(['orders-1']);
    expect(memberLines(consumer({ alive: false }), [], false, [], null)).toEqual(['crashed']);
    expect(memberLines(consumer({ stalled: true }), ['orders-0'], false, [], null)).toEqual([
      'not polling',
    ]);
    // pause() holds orders-0; orders-1 was assigned since and reads (Kafka does not pause it).
    expect(
      memberLines(
        consumer({ paused: true, pausedPartitions: [{ topic: 'orders', partition: 0 }] }),
        ['orders-0', 'orders-1'],
        false,
        [],
        null,
      ),
    ).toEqual(['❚❚ paused orders-0', '▶ orders-1']);
    expect(memberLines(consumer(), [], true, [], null)).toEqual(['idle: no partitions']);
  });
});

describe('replica activity', () => {
  const activity: RecentActivity = {
    nowMs: 16_000,
    badgeMs: 5000,
    truncations: [
      { atMs: 15_000, topic: 'orders', partition: 0, broker: 1, fromOffset: 104, toOffset: 103 },
    ],
    logTrims: [],
    logCleans: [],
    isrRejoins: [],
    revocations: [],
  };

  it('badges a truncation for its replica only, fading with virtual time', () => {
    const badge = replicaBadge(activity, { topic: 'orders', partition: 0 }, 1);
    expect(badge).toMatchObject({ kind: 'truncated', text: '✂ 104→103', age: 0.2 });
    expect(replicaBadge(activity, { topic: 'orders', partition: 0 }, 2)).toBeNull();
    expect(
      replicaBadge({ ...activity, nowMs: 20_001 }, { topic: 'orders', partition: 0 }, 1),
    ).toBeNull();
  });

  it('a later ISR rejoin replaces the truncation badge', () => {
    const a = {
      ...activity,
      isrRejoins: [{ atMs: 15_077, topic: 'orders', partition: 0, broker: 1 }],
    };
    expect(replicaBadge(a, { topic: 'orders', partition: 0 }, 1)?.kind).toBe('rejoined');
  });

  it('a follower out of the ISR shows its LEO against the leader', () => {
    const p = lessonSnapshot(3000).topics[0].partitions[0];
    const follower = p.replicas.find((b) => b !== p.leader)!;
    const behind = { ...p, replicaLogEndOffsets: { ...p.replicaLogEndOffsets, [follower]: 0 } };
    expect(catchUpOf(behind, follower, 'out-of-sync')).toEqual({
      replicaLogEndOffset: 0,
      leaderLogEndOffset: p.replicaLogEndOffsets[p.leader],
    });
    expect(catchUpOf(behind, follower, 'follower')).toBeNull();
  });
});

describe('compactPartitionList', () => {
  it('merges runs of one topic', () => {
    expect(compactPartitionList('orders-0 orders-1 orders-2')).toBe('orders-0,1,2');
    expect(compactPartitionList('❚❚ moving: orders-4 pay-1 pay-3')).toBe(
      '❚❚ moving: orders-4 pay-1,3',
    );
  });
});

describe('catching-up markers on strips', () => {
  it('mark a running follower out of the ISR, never a dead one', async () => {
    const { layoutCluster } = await import('./clusterLayout');
    const base = lessonSnapshot(6000);
    const p = base.topics[0].partitions[0];
    const follower = p.replicas.find((b) => b !== p.leader)!;
    const behind = {
      ...base,
      topics: base.topics.map((t) => ({
        ...t,
        partitions: t.partitions.map((q, i) =>
          i !== 0
            ? q
            : {
                ...q,
                isr: q.isr.filter((b) => b !== follower),
                replicaLogEndOffsets: { ...q.replicaLogEndOffsets, [follower]: 0 },
              },
        ),
      })),
    };
    const kinds = (s: typeof behind) =>
      layoutCluster(s, { width: 1200 }).strips[0].markers.filter((m) => m.kind === 'replica');
    expect(kinds(behind).map((m) => m.label)).toEqual([
      `broker ${follower} catching up 0/${p.replicaLogEndOffsets[p.leader]}`,
    ]);
    const dead = {
      ...behind,
      brokers: behind.brokers.map((b) => (b.id === follower ? { ...b, alive: false } : b)),
    };
    expect(kinds(dead)).toEqual([]);
  });
});
