import { describe, expect, it } from 'vitest';
import { createCursor, createWorld, runWithCommands, snapshot, type Snapshot } from '../engine';
import { layoutCluster } from './clusterLayout';
import { streamsMemberLines } from './groupLane';
import { groupHeaderLines, memberAriaLabel } from './groupLayer';
import { FRAUD_APPLICATION_ID, FRAUD_STATEMENTS } from '../engine/tools';

const FRAUD = FRAUD_STATEMENTS;
const APP = FRAUD_APPLICATION_ID;

/** The fraud query with two instances on one broker; fraud-1 killed at `killAtMs`, if given. */
function fraudSnapshot(untilMs: number, killAtMs?: number): Snapshot {
  const world = createWorld({
    seed: 7,
    brokers: [1],
    topics: [{ name: 'authorization_attempts', partitions: 6, replicationFactor: 1 }],
    producers: [{ id: 'pos', topic: 'authorization_attempts' }],
    streams: [{ id: 'fraud', statements: FRAUD, instances: 2 }],
  });
  const kill =
    killAtMs === undefined
      ? []
      : [
          {
            atMs: killAtMs,
            command: { type: 'killStreamsInstance' as const, instance: 'fraud-1' },
          },
        ];
  runWithCommands(world, createCursor(kill), untilMs);
  return snapshot(world);
}

const streamsBox = (s: Snapshot) =>
  layoutCluster(s, { width: 1400 }).groups.find((g) => g.id === APP)!;

describe('the streams application in the groups lane', () => {
  it('titles the box with the application and lists each member’s tasks', () => {
    const s = fraudSnapshot(10_000);
    const box = streamsBox(s);
    expect(box.streamsApp).toBe('fraud');
    expect(groupHeaderLines(box)[0]).toBe(`fraud (streams) · ${APP}`);
    const byMember = Object.fromEntries(box.members.map((m) => [m.id, m]));
    const tasksOf = (instance: string) =>
      s.streams[0].queries[0].tasks.filter((t) => t.instance === instance).map((t) => t.id);
    // Each member lists exactly the tasks the engine gives its instance, 12 in all.
    for (const id of ['fraud-1', 'fraud-2']) {
      expect(byMember[id].tasks).toEqual(tasksOf(id));
      expect(byMember[id].lines).toEqual([`tasks ${tasksOf(id).join(' ')}`]);
    }
    expect(box.members.flatMap((m) => m.tasks ?? []).sort()).toHaveLength(12);
    expect(memberAriaLabel(byMember['fraud-2'])).toMatch(
      new RegExp(`^Streams instance fraud-2 \\(group ${APP}\\): tasks \\d_\\d`),
    );
  });

  it('a killed instance stays a member until its session times out, with no tasks', () => {
    const s = fraudSnapshot(15_000, 10_000);
    const box = streamsBox(s);
    const dead = box.members.find((m) => m.id === 'fraud-1')!;
    expect(dead.lines).toEqual(['instance down', 'member until session timeout']);
    expect(dead.tasks).toEqual([]);
  });

  it('plain consumer groups keep their partition lines and title', () => {
    const s = fraudSnapshot(1_000);
    const layout = layoutCluster(
      {
        ...s,
        consumers: [
          ...s.consumers,
          {
            id: 'audit',
            group: null,
            topics: ['authorization_attempts'],
            assignment: [{ topic: 'authorization_attempts', partition: 0 }],
            positions: [],
            consumed: 0,
            alive: true,
            paused: false,
            pausedPartitions: [],
            stalled: false,
            phase: 'idle',
            instanceId: null,
            fetchErrors: {},
            metadataRefreshes: 0,
          },
        ],
      },
      { width: 1400 },
    );
    const loose = layout.groups.find((g) => g.group === null)!;
    expect(loose.streamsApp).toBeUndefined();
    expect(loose.members[0].tasks).toBeUndefined();
    expect(loose.members[0].lines).toEqual(['authorization_attempts-0']);
  });
});

describe('streamsMemberLines', () => {
  const live = { alive: true, paused: false, stalled: false, group: APP, phase: 'stable' as const };
  const task = (id: string, state: 'RUNNING' | 'RESTORING' | 'SUSPENDED' = 'RUNNING') => ({
    id,
    state,
  });

  it('lists the task ids, and counts them when some wait or there are many', () => {
    expect(streamsMemberLines(live, [task('0_0'), task('1_0')], true)).toEqual(['tasks 0_0 1_0']);
    expect(
      streamsMemberLines(
        live,
        [task('0_0'), task('1_0', 'RESTORING'), task('1_2', 'RESTORING'), task('1_4', 'SUSPENDED')],
        true,
      ),
    ).toEqual(['tasks 0_0 1_0 1_2 1_4', '4 tasks, 2 restoring, 1 suspended']);
    const twelve = ['0', '1'].flatMap((s) => [0, 1, 2, 3, 4, 5].map((p) => task(`${s}_${p}`)));
    expect(streamsMemberLines(live, twelve, true)[1]).toBe('12 tasks');
  });

  it('says when it has none, is rebalancing, or is down', () => {
    expect(streamsMemberLines(live, [], true)).toEqual(['no tasks']);
    expect(streamsMemberLines({ ...live, phase: 'joining' }, [task('0_1')], true)).toEqual([
      'joining…',
      'tasks 0_1',
    ]);
    expect(streamsMemberLines({ ...live, alive: false }, [], false)).toEqual(['instance down']);
  });
});
