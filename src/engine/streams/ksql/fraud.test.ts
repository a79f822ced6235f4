import { describe as suite, expect, it } from 'vitest';
import {
  AUTH_STREAM,
  AUTH_STREAM_KEYED,
  compileError,
  compileOk,
  describe,
  lastAggregate,
} from './testKit';

const SLIDE =
  'CREATE STREAM possible_fraud AS SELECT card_number, count(*) FROM authorization_attempts\n' +
  '  WINDOW TUMBLING (SIZE 5 MINUTE) GROUP BY card_number HAVING count(*) > 3;';
const CORRECTED = SLIDE.replace('CREATE STREAM', 'CREATE TABLE');
const APP = '_confluent-ksql-default_query_CTAS_POSSIBLE_FRAUD_0';

suite("the talk's fraud query", () => {
  it("the slide's CREATE STREAM gives ksqlDB's error and the CREATE TABLE fix", () => {
    const problem = compileError(`${AUTH_STREAM}\n${SLIDE}`);
    expect(problem.message).toBe(
      'Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.',
    );
    expect(problem.position).toEqual({ line: 2, column: 1 });
    expect(problem.origin).toBe('ksqldb');
    expect(problem.fix).toBe(CORRECTED);
  });

  it('the fix compiles', () => {
    const problem = compileError(`${AUTH_STREAM}\n${SLIDE}`);
    expect(() => compileOk(`${AUTH_STREAM}\n${problem.fix ?? ''}`)).not.toThrow();
  });

  it('compiles the corrected query: names, window, sink', () => {
    const q = lastAggregate(compileOk(`${AUTH_STREAM}\n${CORRECTED}`));
    expect(q.queryId).toBe('CTAS_POSSIBLE_FRAUD_0');
    expect(q.applicationId).toBe(APP);
    expect(q.window).toEqual({
      kind: 'TUMBLING',
      sizeMs: 300_000,
      graceMs: 86_100_000,
      retentionMs: 86_400_000,
    });
    expect(q.emit).toBe('CHANGES');
    expect(q.aggregates).toEqual([{ fn: 'COUNT', arg: null, type: 'BIGINT' }]);
    expect(q.groupBy).toEqual([{ kind: 'column', name: 'CARD_NUMBER' }]);
    expect(q.having).toEqual({
      kind: 'binary',
      op: '>',
      left: { kind: 'aggregate', index: 0 },
      right: { kind: 'literal', value: 3, type: 'INTEGER' },
    });
    expect(q.projection).toEqual([
      { name: 'CARD_NUMBER', expr: { kind: 'groupKey', index: 0 }, key: true },
      { name: 'KSQL_COL_0', expr: { kind: 'aggregate', index: 0 }, key: false },
    ]);
    expect(q.sink.name).toBe('POSSIBLE_FRAUD');
    expect(q.sink.topic).toBe('POSSIBLE_FRAUD');
    expect(q.sink.partitions).toBe(6);
    expect(q.sink.cleanupPolicy).toBe('compact,delete');
    expect(q.sink.window).toEqual(q.window);
    expect(describe(q.sink.columns)).toBe('CARD_NUMBER STRING KEY, KSQL_COL_0 BIGINT');
    expect(q.statementText).toBe(CORRECTED);
  });

  it('repartitions when card_number is a value column: two sub-topologies, as QTT plans show', () => {
    const q = lastAggregate(compileOk(`${AUTH_STREAM}\n${CORRECTED}`));
    expect(q.repartition).toBe(true);
    expect(q.internalTopics).toEqual([
      {
        name: `${APP}-Aggregate-GroupBy-repartition`,
        role: 'repartition',
        cleanupPolicy: 'delete',
        partitions: 6,
      },
      {
        name: `${APP}-Aggregate-Aggregate-Materialize-changelog`,
        role: 'changelog',
        cleanupPolicy: 'compact,delete',
        partitions: 6,
      },
    ]);
    expect(q.topology.map((s) => s.nodes.map((n) => n.name))).toEqual([
      [
        'KSTREAM-SOURCE-0000000000',
        'KSTREAM-PROCESSVALUES-0000000001',
        'Aggregate-Prepare',
        'KSTREAM-FILTER-0000000003',
        'Aggregate-GroupBy',
        'Aggregate-GroupBy-repartition-filter',
        'Aggregate-GroupBy-repartition-sink',
        'KSTREAM-PEEK-0000000002',
      ],
      [
        'Aggregate-GroupBy-repartition-source',
        'KSTREAM-AGGREGATE-0000000005',
        'Aggregate-Aggregate-ToOutputSchema',
        'Aggregate-Aggregate-WindowSelect',
        'Aggregate-HavingFilter-ApplyPredicate',
        'Aggregate-HavingFilter-Filter',
        'Aggregate-HavingFilter-PostProcess',
        'Aggregate-Project',
        'KTABLE-TOSTREAM-0000000015',
        'KSTREAM-SINK-0000000016',
      ],
    ]);
    const [first, second] = q.topology;
    expect(first.nodes[0].topics).toEqual(['authorization_attempts']);
    expect(first.nodes[6].topics).toEqual([`${APP}-Aggregate-GroupBy-repartition`]);
    expect(second.nodes[1].stores).toEqual(['Aggregate-Aggregate-Materialize']);
    expect(second.nodes[9]).toEqual({
      name: 'KSTREAM-SINK-0000000016',
      kind: 'sink',
      topics: ['POSSIBLE_FRAUD'],
      stores: [],
      successors: [],
    });
  });

  it('does not repartition when card_number is the single KEY column (QTT having_-_table_having)', () => {
    const q = lastAggregate(compileOk(`${AUTH_STREAM_KEYED}\n${CORRECTED}`));
    expect(q.repartition).toBe(false);
    expect(q.internalTopics.map((t) => t.name)).toEqual([
      `${APP}-Aggregate-Aggregate-Materialize-changelog`,
    ]);
    expect(q.topology).toHaveLength(1);
    // The historical plan of `having_-_table_having` (8.0.0), node for node.
    expect(
      q.topology[0].nodes.map((n) => `${n.name} -> ${n.successors.join(', ') || 'none'}`),
    ).toEqual([
      'KSTREAM-SOURCE-0000000000 -> KSTREAM-PROCESSVALUES-0000000001',
      'KSTREAM-PROCESSVALUES-0000000001 -> Aggregate-Prepare, KSTREAM-PEEK-0000000002',
      'Aggregate-Prepare -> KSTREAM-AGGREGATE-0000000003',
      'KSTREAM-AGGREGATE-0000000003 -> Aggregate-Aggregate-ToOutputSchema',
      'Aggregate-Aggregate-ToOutputSchema -> Aggregate-Aggregate-WindowSelect',
      'Aggregate-Aggregate-WindowSelect -> Aggregate-HavingFilter-ApplyPredicate',
      'Aggregate-HavingFilter-ApplyPredicate -> Aggregate-HavingFilter-Filter',
      'Aggregate-HavingFilter-Filter -> Aggregate-HavingFilter-PostProcess',
      'Aggregate-HavingFilter-PostProcess -> Aggregate-Project',
      'Aggregate-Project -> KTABLE-TOSTREAM-0000000010',
      'KTABLE-TOSTREAM-0000000010 -> KSTREAM-SINK-0000000011',
      'KSTREAM-SINK-0000000011 -> none',
      'KSTREAM-PEEK-0000000002 -> none',
    ]);
  });

  it('the ksqlDB docs variant: EMIT CHANGES and MINUTES', () => {
    const q = lastAggregate(
      compileOk(
        `${AUTH_STREAM}\nCREATE TABLE possible_fraud AS SELECT card_number, count(*) FROM authorization_attempts WINDOW TUMBLING (SIZE 5 MINUTES) GROUP BY card_number HAVING count(*) > 3 EMIT CHANGES;`,
      ),
    );
    expect(q.window?.kind === 'TUMBLING' && q.window.sizeMs).toBe(300_000);
  });

  it('EMIT FINAL with a grace period', () => {
    const q = lastAggregate(
      compileOk(
        `${AUTH_STREAM}\nCREATE TABLE possible_fraud AS SELECT card_number, count(*) AS attempts FROM authorization_attempts WINDOW TUMBLING (SIZE 5 MINUTES, GRACE PERIOD 1 MINUTE) GROUP BY card_number HAVING count(*) > 3 EMIT FINAL;`,
      ),
    );
    expect(q.emit).toBe('FINAL');
    expect(q.window).toEqual({
      kind: 'TUMBLING',
      sizeMs: 300_000,
      graceMs: 60_000,
      retentionMs: 360_000,
    });
    expect(describe(q.sink.columns)).toBe('CARD_NUMBER STRING KEY, ATTEMPTS BIGINT');
  });

  it('a WHERE before the aggregation, EMIT FINAL (QTT suppress_-_should_suppress_after_a_filter_WHERE_clause plan)', () => {
    const q = lastAggregate(
      compileOk(
        "CREATE STREAM INPUT (ID STRING KEY, COL1 INTEGER) WITH (KAFKA_TOPIC='input_topic', VALUE_FORMAT='JSON');\n" +
          'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) AS COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) WHERE COL1 = 1 GROUP BY ID EMIT FINAL;',
      ),
    );
    expect(q.emit).toBe('FINAL');
    expect(q.window).toEqual({ kind: 'TUMBLING', sizeMs: 2, graceMs: 1, retentionMs: 3 });
    expect(
      q.topology[0].nodes.map((n) => `${n.name} -> ${n.successors.join(', ') || 'none'}`),
    ).toEqual([
      'KSTREAM-SOURCE-0000000000 -> KSTREAM-PROCESSVALUES-0000000001',
      'KSTREAM-PROCESSVALUES-0000000001 -> WhereFilter, KSTREAM-PEEK-0000000002',
      'WhereFilter -> Aggregate-Prepare, KSTREAM-PEEK-0000000003',
      'Aggregate-Prepare -> KSTREAM-AGGREGATE-0000000004',
      'KSTREAM-AGGREGATE-0000000004 -> Aggregate-Aggregate-ToOutputSchema',
      'Aggregate-Aggregate-ToOutputSchema -> Aggregate-Aggregate-WindowSelect',
      'Aggregate-Aggregate-WindowSelect -> Aggregate-Project',
      'Aggregate-Project -> KTABLE-TOSTREAM-0000000008',
      'KTABLE-TOSTREAM-0000000008 -> KSTREAM-SINK-0000000009',
      'KSTREAM-SINK-0000000009 -> none',
      'KSTREAM-PEEK-0000000002 -> none',
      'KSTREAM-PEEK-0000000003 -> none',
    ]);
  });
});
