import { describe, expect, it } from 'vitest';
import { compileError, compileOk, describe as columns, lastStream } from './testKit';

const CARDS =
  "CREATE STREAM cards (card_number STRING KEY, customer_id INT, amount DOUBLE) WITH (KAFKA_TOPIC='cards', VALUE_FORMAT='JSON');";
const CUSTOMERS =
  "CREATE TABLE customers (id INT PRIMARY KEY, name STRING, tier STRING) WITH (KAFKA_TOPIC='customers', VALUE_FORMAT='JSON');";
const SETUP = `${CARDS}\n${CUSTOMERS}\n`;

describe('stream–table joins', () => {
  it('LEFT JOIN on a value column: joined names, key, repartition, topology (QTT val-to-key plan)', () => {
    const q = lastStream(
      compileOk(
        `${SETUP}CREATE STREAM enriched AS SELECT c.customer_id, c.card_number, u.name, amount * 2 FROM cards c LEFT JOIN customers u ON c.customer_id = u.id;`,
      ),
    );
    const app = '_confluent-ksql-default_query_CSAS_ENRICHED_0';
    expect(q.join).toMatchObject({
      type: 'LEFT',
      streamAlias: 'C',
      tableAlias: 'U',
      streamKey: { kind: 'column', name: 'C_CUSTOMER_ID' },
      repartition: true,
    });
    expect(q.join?.table.name).toBe('CUSTOMERS');
    // Qualified unaliased columns are named <ALIAS>_<COLUMN>; expressions KSQL_COL_n.
    expect(columns(q.sink.columns)).toBe(
      'C_CUSTOMER_ID INTEGER KEY, C_CARD_NUMBER STRING, U_NAME STRING, KSQL_COL_0 DOUBLE',
    );
    expect(q.projection[3].expr).toEqual({
      kind: 'binary',
      op: '*',
      left: { kind: 'column', name: 'C_AMOUNT' },
      right: { kind: 'literal', value: 2, type: 'INTEGER' },
    });
    expect(q.internalTopics).toEqual([
      {
        name: `${app}-Join-repartition`,
        role: 'repartition',
        cleanupPolicy: 'delete',
        partitions: 4,
      },
      {
        name: `${app}-KafkaTopic_Right-Reduce-changelog`,
        role: 'changelog',
        cleanupPolicy: 'compact',
        partitions: 4,
      },
    ]);
    expect(q.topology.map((s) => s.nodes.map((n) => n.name))).toEqual([
      [
        'Join-repartition-source',
        'KSTREAM-SOURCE-0000000001',
        'KTABLE-SOURCE-0000000002',
        'KTABLE-TRANSFORMVALUES-0000000003',
        'KTABLE-TRANSFORMVALUES-0000000004',
        'PrependAliasRight',
        'Join',
        'Project',
        'KSTREAM-SINK-0000000015',
        'KSTREAM-PEEK-0000000014',
      ],
      [
        'KSTREAM-SOURCE-0000000006',
        'KSTREAM-PROCESSVALUES-0000000007',
        'LeftSourceKeyed-SelectKey',
        'PrependAliasLeft',
        'Join-repartition-filter',
        'Join-repartition-sink',
        'KSTREAM-PEEK-0000000009',
      ],
    ]);
    expect(q.sink.cleanupPolicy).toBe('delete');
  });

  it('INNER JOIN on the stream key: no repartition, one sub-topology (QTT stream_table_left_join plan)', () => {
    const program = compileOk(
      "CREATE STREAM test (id BIGINT KEY, name STRING, value BIGINT) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='JSON');\n" +
        "CREATE TABLE test_table (id BIGINT PRIMARY KEY, f1 STRING, f2 BIGINT) WITH (KAFKA_TOPIC='input_topic', VALUE_FORMAT='JSON');\n" +
        'CREATE STREAM left_join AS SELECT t.id, name, value, f1, f2 FROM test t LEFT OUTER JOIN test_table tt ON t.id = tt.id;',
    );
    const q = lastStream(program);
    // The QTT's expected sink schema: `T_ID` BIGINT KEY, `NAME` STRING, `VALUE` BIGINT, `F1` STRING, `F2` BIGINT.
    expect(columns(q.sink.columns)).toBe(
      'T_ID BIGINT KEY, NAME STRING, VALUE BIGINT, F1 STRING, F2 BIGINT',
    );
    expect(q.projection.map((p) => p.expr)).toEqual(
      ['T_ID', 'T_NAME', 'T_VALUE', 'TT_F1', 'TT_F2'].map((name) => ({ kind: 'column', name })),
    );
    expect(q.join?.repartition).toBe(false);
    expect(q.topology).toHaveLength(1);
    expect(q.topology[0].nodes.map((n) => n.name)).toContain('KSTREAM-SINK-0000000011');
    expect(q.internalTopics.map((t) => t.role)).toEqual(['changelog']);
  });

  it('the condition may name the table first; ON the table key is required', () => {
    const q = lastStream(
      compileOk(
        `${SETUP}CREATE STREAM e AS SELECT u.id AS customer, amount FROM cards c JOIN customers u ON u.id = c.customer_id;`,
      ),
    );
    expect(q.join?.streamKey).toEqual({ kind: 'column', name: 'C_CUSTOMER_ID' });
    expect(columns(q.sink.columns)).toBe('CUSTOMER INTEGER KEY, AMOUNT DOUBLE');
    const p = compileError(
      `${SETUP}CREATE STREAM e AS SELECT c.customer_id, amount FROM cards c JOIN customers u ON c.card_number = u.name;`,
    );
    expect(p.message).toBe(
      "Invalid join condition: stream-table joins require to join on the table's primary key. Got C.CARD_NUMBER = U.NAME.",
    );
    expect(p.position).toEqual({ line: 3, column: 82 });
  });

  it('the join key must be projected', () => {
    const p = compileError(
      `${SETUP}CREATE STREAM e AS SELECT amount, u.name FROM cards c JOIN customers u ON c.customer_id = u.id;`,
    );
    expect(p.message).toBe(
      'Key missing from projection (ie, SELECT). \nThe query used to build `E` must include the join expressions C.CUSTOMER_ID or U.ID in its projection (eg, SELECT C.CUSTOMER_ID...).',
    );
  });

  it('ambiguous and unknown qualified columns', () => {
    const t2 =
      "CREATE TABLE accounts (id INT PRIMARY KEY, amount DOUBLE) WITH (KAFKA_TOPIC='customers', VALUE_FORMAT='JSON');\n";
    const p = compileError(
      `${CARDS}\n${t2}CREATE STREAM e AS SELECT c.customer_id, amount FROM cards c JOIN accounts a ON c.customer_id = a.id;`,
    );
    expect(p.message).toBe("Column 'AMOUNT' is ambiguous. Could be any of: C.AMOUNT, A.AMOUNT");
    const q = compileError(
      `${SETUP}CREATE STREAM e AS SELECT c.customer_id, u.bob FROM cards c JOIN customers u ON c.customer_id = u.id;`,
    );
    expect(q.message).toBe("SELECT column 'U.BOB' cannot be resolved.");
  });

  it('co-partitioning: a key-to-key join needs equal partition counts', () => {
    const p = compileError(
      "CREATE STREAM s (id INT KEY, v INT) WITH (KAFKA_TOPIC='cards', VALUE_FORMAT='JSON');\n" +
        "CREATE TABLE t (id INT PRIMARY KEY, w INT) WITH (KAFKA_TOPIC='customers3', VALUE_FORMAT='JSON');\n" +
        'CREATE STREAM j AS SELECT s.id, v, w FROM s JOIN t ON s.id = t.id;',
    );
    expect(p.message).toBe(
      "Can't join `S` with `T` since the number of partitions don't match. `S` partitions = 4; `T` partitions = 3. Please repartition either one so that the number of partitions match.",
    );
  });

  it('other join kinds are refused', () => {
    const p = compileError(
      `${SETUP}CREATE STREAM e AS SELECT * FROM cards c RIGHT JOIN customers u ON c.customer_id = u.id;`,
    );
    expect(p.message).toBe('RIGHT JOIN is not supported in kafkascope.');
    const q = compileError(
      `${SETUP}CREATE TABLE e AS SELECT * FROM customers u JOIN customers v ON u.id = v.id;`,
    );
    expect(q.message).toBe('A table–table join is not supported in kafkascope.');
  });
});
