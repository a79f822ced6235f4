import { describe, expect, it } from 'vitest';
import { compileStatements } from './compile';
import {
  AUTH_STREAM,
  compileError,
  compileOk,
  describe as columns,
  lastAggregate,
  lastStream,
  lastTable,
} from './testKit';

describe('a script: SET lines, comments, several statements', () => {
  const SCRIPT = [
    '-- the fraud demo',
    "SET 'auto.offset.reset' = 'earliest';",
    "SET 'ksql.streams.cache.max.bytes.buffering'='0';",
    "set 'commit.interval.ms'='100';",
    '/* a block',
    '   comment */',
    AUTH_STREAM,
    'create table possible_fraud as',
    '  select card_number, count(*) as attempts',
    '  from authorization_attempts',
    '  window tumbling (size 5 minutes)',
    '  group by card_number',
    '  having count(*) > 3',
    '  emit changes;',
    'CREATE STREAM big AS SELECT * FROM authorization_attempts WHERE amount > 1000;',
  ].join('\n');

  it('resolves properties over ksqlDB defaults', () => {
    const program = compileOk(SCRIPT);
    expect(program.properties).toEqual({
      autoOffsetReset: 'earliest',
      cacheMaxBytes: 0,
      commitIntervalMs: 100,
      numStandbyReplicas: 0,
      numStreamThreads: 4,
    });
  });

  it('counts persistent queries from 0 and keeps sources in order', () => {
    const program = compileOk(SCRIPT);
    expect(program.queries.map((q) => q.queryId)).toEqual(['CTAS_POSSIBLE_FRAUD_0', 'CSAS_BIG_1']);
    expect(program.sources.map((s) => `${s.kind} ${s.name}`)).toEqual([
      'STREAM AUTHORIZATION_ATTEMPTS',
      'TABLE POSSIBLE_FRAUD',
      'STREAM BIG',
    ]);
    expect(program.queries[0].position).toEqual({ line: 8, column: 1 });
    expect(program.queries[1].statementText).toBe(
      'CREATE STREAM big AS SELECT * FROM authorization_attempts WHERE amount > 1000;',
    );
  });

  it('defaults without SET: latest, 10,000,000, 2000, 0, 4', () => {
    expect(compileOk(AUTH_STREAM).properties).toEqual({
      autoOffsetReset: 'latest',
      cacheMaxBytes: 10_000_000,
      commitIntervalMs: 2000,
      numStandbyReplicas: 0,
      numStreamThreads: 4,
    });
    expect(
      compileOk(
        "SET 'statestore.cache.max.bytes'='5'; SET 'num.standby.replicas'='1'; SET 'ksql.streams.num.stream.threads'='2';",
      ).properties,
    ).toMatchObject({ cacheMaxBytes: 5, numStandbyReplicas: 1, numStreamThreads: 2 });
  });

  it('refuses unknown properties and bad values', () => {
    const p = compileError(
      "SET 'auto.offset.reset'='earliest';\nSET 'processing.guarantee'='exactly_once';",
    );
    expect(p.message).toMatch(/^Property 'processing.guarantee' is not supported in kafkascope\./);
    expect(p.position).toEqual({ line: 2, column: 1 });
    expect(p.origin).toBe('kafkascope');
    expect(compileError("SET 'auto.offset.reset'='middle';").message).toBe(
      'Invalid value middle for configuration auto.offset.reset: String must be one of: latest, earliest, none',
    );
    expect(compileError("SET 'commit.interval.ms'='soon';").message).toBe(
      'Invalid value soon for configuration commit.interval.ms: Not a number of type LONG',
    );
  });

  it('a statement after a failing one is not compiled (the first problem is reported)', () => {
    const result = compileStatements(
      `${AUTH_STREAM}\nCREATE STREAM x AS SELECT nope FROM authorization_attempts;\nSET 'bad'='1';`,
      {
        authorization_attempts: { partitions: 1 },
      },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toHaveLength(1);
  });
});

describe('CREATE STREAM / TABLE', () => {
  it('columns, keys first, types and WITH properties', () => {
    const program = compileOk(
      "CREATE STREAM s (a BOOLEAN, b INTEGER, k VARCHAR KEY, c BIGINT, d DOUBLE, e STRING) WITH (kafka_topic='test_topic', value_format='delimited', TIMESTAMP='c');\n" +
        "CREATE TABLE t (id INT PRIMARY KEY, name STRING) WITH (KAFKA_TOPIC='new_topic', VALUE_FORMAT='KAFKA', PARTITIONS=3);",
    );
    const [s, t] = program.sources;
    expect(columns(s.columns)).toBe(
      'K STRING KEY, A BOOLEAN, B INTEGER, C BIGINT, D DOUBLE, E STRING',
    );
    expect(s).toMatchObject({
      kind: 'STREAM',
      topic: 'test_topic',
      valueFormat: 'DELIMITED',
      timestampColumn: 'C',
      partitions: null,
    });
    expect(t).toMatchObject({
      kind: 'TABLE',
      topic: 'new_topic',
      valueFormat: 'KAFKA',
      partitions: 3,
      window: null,
    });
    expect(t.declaredBy).toEqual({ line: 2, column: 1 });
  });

  it('back-quoted identifiers keep their case', () => {
    const program = compileOk(
      "CREATE STREAM `Mixed` (`lower` INT, upper INT) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='JSON');\nCREATE STREAM out AS SELECT `lower` AS `camelCase`, upper FROM `Mixed`;",
    );
    expect(program.sources[0].name).toBe('Mixed');
    expect(columns(lastStream(program).sink.columns)).toBe('camelCase INTEGER, UPPER INTEGER');
  });

  it('the KAFKA format holds one value column', () => {
    expect(
      compileError(
        "CREATE STREAM s (a INT, b INT) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='KAFKA');",
      ).message,
    ).toBe("The 'KAFKA' format only supports a single field. Got: [`A` INTEGER, `B` INTEGER]");
    expect(
      compileError("CREATE STREAM s (a INT) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='AVRO');")
        .message,
    ).toBe("VALUE_FORMAT 'AVRO' is not supported in kafkascope.");
  });
});

describe('CREATE STREAM … AS SELECT clauses', () => {
  it('projection: expressions, aliases, KSQL_COL_n, functions, CAST, literals', () => {
    const q = lastStream(
      compileOk(
        `${AUTH_STREAM}\nCREATE STREAM out WITH (KAFKA_TOPIC='out_topic', PARTITIONS=2, VALUE_FORMAT='DELIMITED') AS SELECT UCASE(card_number), LEN(card_number) AS l, amount % 7, CAST(amount AS DOUBLE) / 2 AS half, COALESCE(card_number, 'none') AS c, IFNULL(amount, 0), CONCAT(card_number, '-', LCASE('X')), ABS(-amount), TRUE AS t, NULL IS NULL AS n, ROWTIME AS ts FROM authorization_attempts;`,
      ),
    );
    expect(columns(q.sink.columns)).toBe(
      'KSQL_COL_0 STRING, L INTEGER, KSQL_COL_1 INTEGER, HALF DOUBLE, C STRING, KSQL_COL_2 INTEGER, KSQL_COL_3 STRING, KSQL_COL_4 INTEGER, T BOOLEAN, N BOOLEAN, TS BIGINT',
    );
    expect(q.sink).toMatchObject({
      topic: 'out_topic',
      partitions: 2,
      valueFormat: 'DELIMITED',
      cleanupPolicy: 'delete',
    });
    expect(q.projection[0].expr).toEqual({
      kind: 'call',
      fn: 'UCASE',
      args: [{ kind: 'column', name: 'CARD_NUMBER' }],
    });
    expect(q.projection[3].expr).toEqual({
      kind: 'binary',
      op: '/',
      left: { kind: 'cast', operand: { kind: 'column', name: 'AMOUNT' }, type: 'DOUBLE' },
      right: { kind: 'literal', value: 2, type: 'INTEGER' },
    });
    expect(q.projection[7].expr).toEqual({
      kind: 'call',
      fn: 'ABS',
      args: [{ kind: 'negate', operand: { kind: 'column', name: 'AMOUNT' } }],
    });
    expect(q.projection[10].expr).toEqual({ kind: 'pseudo', name: 'ROWTIME' });
  });

  it('WHERE with AND / OR / NOT / IS NOT NULL / <> / != and precedence', () => {
    const q = lastStream(
      compileOk(
        `${AUTH_STREAM}\nCREATE STREAM out AS SELECT * FROM authorization_attempts WHERE NOT amount <> 1 AND card_number IS NOT NULL OR amount != 2 * 3 + 1;`,
      ),
    );
    expect(q.where).toEqual({
      kind: 'binary',
      op: 'OR',
      left: {
        kind: 'binary',
        op: 'AND',
        left: {
          kind: 'not',
          operand: {
            kind: 'binary',
            op: '<>',
            left: { kind: 'column', name: 'AMOUNT' },
            right: { kind: 'literal', value: 1, type: 'INTEGER' },
          },
        },
        right: { kind: 'isNull', operand: { kind: 'column', name: 'CARD_NUMBER' }, negated: true },
      },
      right: {
        kind: 'binary',
        op: '<>',
        left: { kind: 'column', name: 'AMOUNT' },
        right: {
          kind: 'binary',
          op: '+',
          left: {
            kind: 'binary',
            op: '*',
            left: { kind: 'literal', value: 2, type: 'INTEGER' },
            right: { kind: 'literal', value: 3, type: 'INTEGER' },
          },
          right: { kind: 'literal', value: 1, type: 'INTEGER' },
        },
      },
    });
    expect(q.topology[0].nodes.map((n) => n.name)).toEqual([
      'KSTREAM-SOURCE-0000000000',
      'KSTREAM-PROCESSVALUES-0000000001',
      'WhereFilter',
      'Project',
      'KSTREAM-SINK-0000000004',
      'KSTREAM-PEEK-0000000002',
      'KSTREAM-PEEK-0000000003',
    ]);
  });

  it('SELECT * keeps the key first; PARTITION BY re-keys by a projected column', () => {
    const program = compileOk(
      "CREATE STREAM input (id INT KEY, v INT, name STRING) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='JSON');\n" +
        'CREATE STREAM copy AS SELECT * FROM input EMIT CHANGES;\n' +
        'CREATE STREAM repartitioned AS SELECT name, id, v FROM input PARTITION BY name;',
    );
    expect(columns(program.queries[0].sink.columns)).toBe('ID INTEGER KEY, V INTEGER, NAME STRING');
    const q = lastStream(program);
    expect(q.partitionBy).toEqual({ kind: 'column', name: 'NAME' });
    expect(columns(q.sink.columns)).toBe('NAME STRING KEY, ID INTEGER, V INTEGER');
    expect(q.internalTopics).toEqual([]);
    // QTT partition-by_-_partition_by_with_projection_select_some (8.0.0).
    expect(q.topology[0].nodes.map((n) => `${n.name} -> ${n.successors.join(', ')}`)).toEqual([
      'KSTREAM-SOURCE-0000000000 -> KSTREAM-PROCESSVALUES-0000000001',
      'KSTREAM-PROCESSVALUES-0000000001 -> PartitionBy-SelectKey, KSTREAM-PEEK-0000000002',
      'PartitionBy-SelectKey -> KSTREAM-PEEK-0000000003, Project',
      'Project -> KSTREAM-SINK-0000000004',
      'KSTREAM-SINK-0000000004 -> ',
      'KSTREAM-PEEK-0000000002 -> ',
      'KSTREAM-PEEK-0000000003 -> ',
    ]);
  });

  it('a CSAS sink is a source for later statements', () => {
    const program = compileOk(
      `${AUTH_STREAM}\nCREATE STREAM big AS SELECT card_number AS card, amount FROM authorization_attempts WHERE amount > 10;\nCREATE TABLE per_card AS SELECT card, SUM(amount) AS total FROM big GROUP BY card;`,
    );
    const q = lastAggregate(program);
    expect(q.source.name).toBe('BIG');
    expect(q.aggregates).toEqual([
      { fn: 'SUM', arg: { kind: 'column', name: 'AMOUNT' }, type: 'INTEGER' },
    ]);
    expect(q.sink.cleanupPolicy).toBe('compact');
    expect(q.sink.partitions).toBe(6);
  });
});

describe('CREATE TABLE … AS SELECT aggregations', () => {
  it('every aggregate with its type; the same call counted once', () => {
    const q = lastAggregate(
      compileOk(
        `${AUTH_STREAM}\nCREATE TABLE stats AS SELECT card_number, COUNT(*), COUNT(amount) AS n, SUM(amount) AS s, MIN(amount) AS lo, MAX(card_number) AS hi, AVG(amount) AS mean, LATEST_BY_OFFSET(amount) AS last FROM authorization_attempts WHERE amount > 0 GROUP BY card_number HAVING COUNT(*) > 1 AND SUM(amount) > 10;`,
      ),
    );
    expect(q.aggregates.map((a) => `${a.fn}:${a.type}`)).toEqual([
      'COUNT:BIGINT',
      'COUNT:BIGINT',
      'SUM:INTEGER',
      'MIN:INTEGER',
      'MAX:STRING',
      'AVG:DOUBLE',
      'LATEST_BY_OFFSET:INTEGER',
    ]);
    expect(columns(q.sink.columns)).toBe(
      'CARD_NUMBER STRING KEY, KSQL_COL_0 BIGINT, N BIGINT, S INTEGER, LO INTEGER, HI STRING, MEAN DOUBLE, LAST INTEGER',
    );
    expect(q.having).toMatchObject({
      op: 'AND',
      left: { left: { kind: 'aggregate', index: 0 } },
      right: { left: { kind: 'aggregate', index: 2 } },
    });
    expect(q.window).toBeNull();
    expect(q.where).not.toBeNull();
    // A WHERE before the aggregation: WhereFilter (with its peek) before Aggregate-Prepare.
    expect(q.topology[0].nodes.map((n) => n.name).slice(0, 4)).toEqual([
      'KSTREAM-SOURCE-0000000000',
      'KSTREAM-PROCESSVALUES-0000000001',
      'WhereFilter',
      'Aggregate-Prepare',
    ]);
    const app = '_confluent-ksql-default_query_CTAS_STATS_0';
    expect(q.internalTopics.map((t) => `${t.name} ${t.cleanupPolicy}`)).toEqual([
      `${app}-Aggregate-GroupBy-repartition delete`,
      `${app}-Aggregate-Aggregate-Materialize-changelog compact`,
    ]);
  });

  it('HOPPING and SESSION windows with defaults; WINDOWSTART / WINDOWEND aliased (QTT window-bounds.json)', () => {
    const hopping = lastAggregate(
      compileOk(
        "CREATE STREAM test (id BIGINT KEY, ignored STRING) WITH (kafka_topic='test_topic', value_format='DELIMITED');\n" +
          'CREATE TABLE S2 as SELECT ID, WindowStart as wstart, WindowEnd as wend, COUNT(1) AS Count FROM test WINDOW HOPPING (SIZE 30 SECONDS, ADVANCE BY 5 SECONDS) group by id;',
      ),
    );
    expect(hopping.window).toEqual({
      kind: 'HOPPING',
      sizeMs: 30_000,
      advanceMs: 5_000,
      graceMs: 86_370_000,
      retentionMs: 86_400_000,
    });
    expect(columns(hopping.sink.columns)).toBe(
      'ID BIGINT KEY, WSTART BIGINT, WEND BIGINT, COUNT BIGINT',
    );
    expect(hopping.projection[1].expr).toEqual({ kind: 'pseudo', name: 'WINDOWSTART' });
    expect(hopping.repartition).toBe(false);
    const session = lastAggregate(
      compileOk(
        "CREATE STREAM test (id BIGINT KEY, value BIGINT) WITH (kafka_topic='test_topic', value_format='DELIMITED');\n" +
          'CREATE TABLE S2 as SELECT ID, max(value) FROM test WINDOW SESSION (30 SECONDS, RETENTION 2 DAYS, GRACE PERIOD 1 MINUTE) group by id;',
      ),
    );
    expect(session.window).toEqual({
      kind: 'SESSION',
      gapMs: 30_000,
      graceMs: 60_000,
      retentionMs: 172_800_000,
    });
    expect(columns(session.sink.columns)).toBe('ID BIGINT KEY, KSQL_COL_0 BIGINT');
    expect(session.sink.cleanupPolicy).toBe('compact,delete');
  });

  it('window bounds in expressions (QTT window-bounds.json "in expressions")', () => {
    const q = lastAggregate(
      compileOk(
        "CREATE STREAM TEST (ID BIGINT KEY, IGNORED STRING) WITH (kafka_topic='test_topic', value_format='DELIMITED');\n" +
          'CREATE TABLE S2 as SELECT ID, Test.WindowStart / 2, WindowEnd / id, COUNT(1) AS Count FROM test WINDOW TUMBLING (SIZE 30 SECONDS) group by id;',
      ),
    );
    expect(columns(q.sink.columns)).toBe(
      'ID BIGINT KEY, KSQL_COL_0 BIGINT, KSQL_COL_1 BIGINT, COUNT BIGINT',
    );
    expect(q.projection[2].expr).toEqual({
      kind: 'binary',
      op: '/',
      left: { kind: 'pseudo', name: 'WINDOWEND' },
      right: { kind: 'groupKey', index: 0 },
    });
  });

  it('GROUP BY an expression; several columns are refused by the KAFKA key format', () => {
    const q = lastAggregate(
      compileOk(
        `${AUTH_STREAM}\nCREATE TABLE t AS SELECT UCASE(card_number) AS card, COUNT(*) AS n FROM authorization_attempts GROUP BY UCASE(card_number);`,
      ),
    );
    expect(q.groupBy).toEqual([
      { kind: 'call', fn: 'UCASE', args: [{ kind: 'column', name: 'CARD_NUMBER' }] },
    ]);
    expect(columns(q.sink.columns)).toBe('CARD STRING KEY, N BIGINT');
    expect(q.repartition).toBe(true);
    // QTT group-by.json "multiple expressions - KAFKA key format" (without its reformatted statement).
    const p = compileError(
      "CREATE STREAM TEST (f1 INT KEY, f2 INT) WITH (kafka_topic='test_topic', value_format='JSON');\nCREATE TABLE OUTPUT AS SELECT f2, f1, f2+f1, COUNT(*) FROM TEST GROUP BY f1, f2;",
    );
    expect(p.message).toBe(
      "Key format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=[`F1` INTEGER KEY, `F2` INTEGER KEY], features=[]}\nreason: The 'KAFKA' format only supports a single field. Got: [`F1` INTEGER KEY, `F2` INTEGER KEY]",
    );
  });
});

describe('CREATE TABLE … AS SELECT over a table (CTAS_TABLE)', () => {
  it('projects and filters a table, keeping its key', () => {
    const q = lastTable(
      compileOk(
        "CREATE TABLE customers (id INT PRIMARY KEY, name STRING, tier STRING) WITH (KAFKA_TOPIC='customers', VALUE_FORMAT='JSON');\n" +
          "CREATE TABLE gold AS SELECT id, UCASE(name) AS name FROM customers WHERE tier = 'gold';",
      ),
    );
    expect(q.queryId).toBe('CTAS_GOLD_0');
    expect(columns(q.sink.columns)).toBe('ID INTEGER KEY, NAME STRING');
    expect(q.sink.cleanupPolicy).toBe('compact');
    expect(q.topology[0].nodes.map((n) => n.name)).toContain('WhereFilter-ApplyPredicate');
    expect(q.internalTopics.map((t) => `${t.name} ${t.cleanupPolicy}`)).toEqual([
      '_confluent-ksql-default_query_CTAS_GOLD_0-KsqlTopic-Reduce-changelog compact',
    ]);
  });

  it('without WHERE: the topology of QTT table_-_update-delete (7.1.0)', () => {
    const q = lastTable(
      compileOk(
        "CREATE TABLE TEST (K STRING PRIMARY KEY, ID BIGINT, NAME STRING, VALUE INTEGER) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='DELIMITED');\n" +
          'CREATE TABLE T1 AS SELECT K, NAME, VALUE FROM TEST;',
      ),
    );
    expect(
      q.topology[0].nodes.map(
        (n) => `${n.name} [${n.stores.join()}] -> ${n.successors.join(', ')}`,
      ),
    ).toEqual([
      'KSTREAM-SOURCE-0000000001 [] -> KTABLE-SOURCE-0000000002',
      'KTABLE-SOURCE-0000000002 [] -> KTABLE-TRANSFORMVALUES-0000000003',
      'KTABLE-TRANSFORMVALUES-0000000003 [KsqlTopic-Reduce] -> KTABLE-TRANSFORMVALUES-0000000004',
      'KTABLE-TRANSFORMVALUES-0000000004 [] -> Project',
      'Project [] -> KTABLE-TOSTREAM-0000000006',
      'KTABLE-TOSTREAM-0000000006 [] -> KSTREAM-SINK-0000000007',
      'KSTREAM-SINK-0000000007 [] -> ',
    ]);
    expect(columns(q.sink.columns)).toBe('K STRING KEY, NAME STRING, VALUE INTEGER');
  });
});
