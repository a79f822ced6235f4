import { describe, expect, it } from 'vitest';
import { createWorld, snapshot, type StreamsQueryView } from '../engine';
import {
  statefulSubtopologies,
  subtopologyOfTask,
  topologyBoxes,
  topologyFlow,
  topologySummary,
} from './topologyLayout';
import { FRAUD_APPLICATION_ID, FRAUD_STATEMENTS } from '../engine/tools';

const FRAUD = FRAUD_STATEMENTS;
const APP = FRAUD_APPLICATION_ID;
const REPARTITION = `${APP}-Aggregate-GroupBy-repartition`;
const CHANGELOG = `${APP}-Aggregate-Aggregate-Materialize-changelog`;

/** The fraud query as the engine compiles and runs it (one broker keeps it quick). */
function fraudQuery(): StreamsQueryView {
  const world = createWorld({
    seed: 1,
    brokers: [1],
    topics: [{ name: 'authorization_attempts', partitions: 6, replicationFactor: 1 }],
    streams: [{ id: 'fraud', statements: FRAUD, instances: 1 }],
  });
  return snapshot(world).streams[0].queries[0];
}

describe('topologyBoxes', () => {
  it('lists the fraud query’s nodes in order per sub-topology, as describe() does', () => {
    const boxes = topologyBoxes(fraudQuery());
    expect(boxes.map((b) => [b.title, b.stateful])).toEqual([
      ['Sub-topology 0', false],
      ['Sub-topology 1', true],
    ]);
    expect(boxes[0].rows.map((r) => r.name)).toEqual([
      'KSTREAM-SOURCE-0000000000',
      'KSTREAM-PROCESSVALUES-0000000001',
      'Aggregate-Prepare',
      'KSTREAM-FILTER-0000000003',
      'Aggregate-GroupBy',
      'Aggregate-GroupBy-repartition-filter',
      'Aggregate-GroupBy-repartition-sink',
      'KSTREAM-PEEK-0000000002',
    ]);
    expect(boxes[1].rows.map((r) => `${r.kind} ${r.name}`)).toEqual([
      'source Aggregate-GroupBy-repartition-source',
      'processor KSTREAM-AGGREGATE-0000000005',
      'processor Aggregate-Aggregate-ToOutputSchema',
      'processor Aggregate-Aggregate-WindowSelect',
      'processor Aggregate-HavingFilter-ApplyPredicate',
      'processor Aggregate-HavingFilter-Filter',
      'processor Aggregate-HavingFilter-PostProcess',
      'processor Aggregate-Project',
      'processor KTABLE-TOSTREAM-0000000015',
      'sink KSTREAM-SINK-0000000016',
    ]);
  });

  it('names each topic by its role and hangs the store, with its changelog, on its processor', () => {
    const [zero, one] = topologyBoxes(fraudQuery());
    expect(zero.rows[0].topics).toEqual([{ name: 'authorization_attempts', role: 'source' }]);
    expect(zero.rows[6].topics).toEqual([{ name: REPARTITION, role: 'repartition' }]);
    expect(one.rows[0].topics).toEqual([{ name: REPARTITION, role: 'repartition' }]);
    expect(one.rows[9].topics).toEqual([{ name: 'POSSIBLE_FRAUD', role: 'sink' }]);
    expect(one.rows[1].stores).toEqual([
      {
        name: 'Aggregate-Aggregate-Materialize',
        changelog: { name: CHANGELOG, role: 'changelog' },
      },
    ]);
    expect(one.rows.filter((r) => r.stores.length > 0)).toHaveLength(1);
  });

  it('joins a node to the next only when it forwards there; a branch is named', () => {
    const [zero] = topologyBoxes(fraudQuery());
    // PROCESSVALUES forwards to Aggregate-Prepare (next) and to the PEEK at the end.
    expect(zero.rows[1].flowsToNext).toBe(true);
    expect(zero.rows[1].alsoTo).toEqual(['KSTREAM-PEEK-0000000002']);
    // The sink forwards nowhere: no arrow from it to the PEEK listed after it.
    expect(zero.rows[6].flowsToNext).toBe(false);
    expect(zero.rows[7].flowsToNext).toBe(false);
  });

  it('says it in words for a screen reader', () => {
    const text = topologySummary(topologyBoxes(fraudQuery()));
    expect(text).toContain(
      'Sub-topology 0: source KSTREAM-SOURCE-0000000000 reads authorization_attempts (source);',
    );
    expect(text).toContain(
      `processor KSTREAM-AGGREGATE-0000000005 with store Aggregate-Aggregate-Materialize (changelog ${CHANGELOG})`,
    );
    expect(text).toContain('sink KSTREAM-SINK-0000000016 writes POSSIBLE_FRAUD (sink).');
  });
});

describe('stateful tasks', () => {
  it('a task is stateful when its sub-topology holds a store', () => {
    const stateful = statefulSubtopologies(fraudQuery().topology);
    expect([...stateful]).toEqual([1]);
    expect(subtopologyOfTask('1_3')).toBe(1);
    expect(subtopologyOfTask('12_0')).toBe(12);
  });
});

describe('the topology at a glance', () => {
  it('reads input → re-key → repartition → aggregate [store ⇄ changelog] → HAVING → sink for the fraud query', () => {
    const flow = topologyFlow(fraudQuery());
    expect(
      flow.map((s) =>
        s.kind === 'topic'
          ? `[${s.topic.role}]`
          : `${s.label}${s.store === null ? '' : ` {${s.store.name} ⇄ ${s.store.changelog?.role}}`}`,
      ),
    ).toEqual([
      '[source]',
      're-key',
      '[repartition]',
      'aggregate {Aggregate-Aggregate-Materialize ⇄ changelog}',
      'HAVING',
      '[sink]',
    ]);
  });
});
