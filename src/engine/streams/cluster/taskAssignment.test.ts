import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignTasks, tasksOf, type TaskOwner } from './taskAssignment';

/** The fraud query's topology: re-key (sub-topology 0) then aggregate (sub-topology 1). */
const FRAUD = [
  { id: 0, sourceTopics: ['authorization_attempts'] },
  { id: 1, sourceTopics: ['app-Aggregate-GroupBy-repartition'] },
];
const six = () => 6;

describe('tasks', () => {
  it('one per sub-topology and partition, reading that partition of every source topic', () => {
    const tasks = tasksOf(FRAUD, six);
    expect(tasks.map((t) => t.id)).toEqual([
      '0_0',
      '0_1',
      '0_2',
      '0_3',
      '0_4',
      '0_5',
      '1_0',
      '1_1',
      '1_2',
      '1_3',
      '1_4',
      '1_5',
    ]);
    expect(tasks[7].partitions).toEqual([
      { topic: 'app-Aggregate-GroupBy-repartition', partition: 1 },
    ]);
  });

  it('co-partitioned sources (a stream–table join) share a task; the larger count decides', () => {
    const tasks = tasksOf([{ id: 0, sourceTopics: ['cards', 'customers'] }], (t) =>
      t === 'cards' ? 3 : 2,
    );
    expect(tasks.map((t) => t.id)).toEqual(['0_0', '0_1', '0_2']);
    expect(tasks[1].partitions).toEqual([
      { topic: 'cards', partition: 1 },
      { topic: 'customers', partition: 1 },
    ]);
    expect(tasks[2].partitions).toEqual([{ topic: 'cards', partition: 2 }]);
  });
});

describe('assigning tasks to instances', () => {
  const tasks = tasksOf(FRAUD, six);
  const fresh = (...ids: string[]): TaskOwner[] =>
    ids.map((memberId) => ({ memberId, previousTasks: [] }));

  it('two new instances: six tasks each, in task order', () => {
    const a = assignTasks(fresh('app-2', 'app-1'), tasks);
    expect(a.get('app-1')).toHaveLength(6);
    expect(a.get('app-2')).toHaveLength(6);
    expect([...a.get('app-1')!, ...a.get('app-2')!].sort()).toEqual(tasks.map((t) => t.id).sort());
  });

  it('a third instance joins: each keeps four of its six, the newcomer gets the other four', () => {
    const before = assignTasks(fresh('app-1', 'app-2'), tasks);
    const members: TaskOwner[] = [
      { memberId: 'app-1', previousTasks: before.get('app-1')! },
      { memberId: 'app-2', previousTasks: before.get('app-2')! },
      { memberId: 'app-3', previousTasks: [] },
    ];
    const after = assignTasks(members, tasks);
    for (const id of ['app-1', 'app-2']) {
      expect(after.get(id)).toHaveLength(4);
      expect(after.get(id)!.every((t) => before.get(id)!.includes(t))).toBe(true);
    }
    expect(after.get('app-3')).toHaveLength(4);
  });

  it('an instance leaves: its tasks go to the others, who keep theirs', () => {
    const before = assignTasks(fresh('app-1', 'app-2', 'app-3'), tasks);
    const after = assignTasks(
      ['app-1', 'app-3'].map((id) => ({ memberId: id, previousTasks: before.get(id)! })),
      tasks,
    );
    for (const id of ['app-1', 'app-3']) {
      expect(after.get(id)).toHaveLength(6);
      expect(before.get(id)!.every((t) => after.get(id)!.includes(t))).toBe(true);
    }
  });

  it('always: every task once, loads within one, no task moved from an owner with room (seed 12)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 20 }),
        (memberCount, taskCount, owners) => {
          const all = tasksOf([{ id: 0, sourceTopics: ['t'] }], () => taskCount);
          const members: TaskOwner[] = Array.from({ length: memberCount }, (_, m) => ({
            memberId: `m${m}`,
            previousTasks: all.filter((_, i) => owners[i] === m).map((t) => t.id),
          }));
          const result = assignTasks(members, all);
          const assigned = [...result.values()].flat();
          expect(assigned.sort()).toEqual(all.map((t) => t.id).sort());
          const loads = [...result.values()].map((l) => l.length);
          expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
          // Stickiness: a member holds fewer of its previous tasks only when it is full.
          for (const m of members) {
            const mine = result.get(m.memberId)!;
            const kept = m.previousTasks.filter((t) => mine.includes(t));
            if (kept.length < m.previousTasks.length)
              expect(mine.length).toBeGreaterThanOrEqual(Math.floor(taskCount / memberCount));
          }
        },
      ),
      { seed: 12, numRuns: 300 },
    );
  });
});
