/**
 * Cases from ksqlDB's query-validation tests (`confluentinc/ksql`,
 * ksqldb-functional-tests/src/test/resources/query-validation-tests/<file>.json): the
 * statements, and the expected sink schema (`post.sources[].schema`) or the expected exception
 * message, as the QTT files state them. Only cases inside kafkascope's subset are listed
 * (KAFKA/JSON/DELIMITED formats, the modelled types and functions). Cases whose QTT checks
 * output records only are listed as `compiles` (the runtime's conformance harness replays them).
 */

export interface QttCase {
  readonly file: string;
  readonly name: string;
  readonly statements: readonly string[];
  /** Topics the QTT case declares (name → partitions); other topics of the statements get 1. */
  readonly topics: Readonly<Record<string, number>>;
  readonly expect:
    | { readonly error: string }
    | { readonly schemas: Readonly<Record<string, string>> }
    /** The QTT case runs these statements successfully (it checks records, not schemas). */
    | { readonly compiles: string; readonly window: 'TUMBLING' | 'HOPPING' | 'SESSION' | null };
}

export const QTT_CASES: readonly QttCase[] = [
  {
    file: 'average.json',
    name: 'calculate average in select',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, NAME varchar, VALUE bigint) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE AVG AS select ID, abs(sum(value)/count(id)) * 10 as avg from test GROUP BY id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'AVG',
      window: null,
    },
  },
  {
    file: 'cast.json',
    name: 'no op',
    statements: [
      "CREATE STREAM TEST (ID STRING KEY, b BOOLEAN, i INT, bi BIGINT, d DOUBLE, s VARCHAR) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE STREAM OUTPUT AS SELECT ID, cast(b as BOOLEAN), cast(i as INT), cast(bi as BIGINT), cast(d as DOUBLE), cast(s as STRING) FROM TEST;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: null,
    },
  },
  {
    file: 'cast.json',
    name: 'cast to null',
    statements: [
      "CREATE STREAM TEST (ID STRING KEY, f0 DOUBLE) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE STREAM OUTPUT AS SELECT ID, cast(f0 as STRING) as VAL FROM TEST;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: null,
    },
  },
  {
    file: 'concat.json',
    name: 'concat fields using CONCAT',
    statements: [
      "CREATE STREAM TEST (ID STRING KEY, source VARCHAR) WITH (kafka_topic='test_topic', value_format='JSON');",
      "CREATE STREAM OUTPUT AS SELECT ID, CONCAT('prefix-', source, '-postfix') AS THING FROM TEST;",
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: null,
    },
  },
  {
    file: 'concat.json',
    name: "concat fields using '+' operator",
    statements: [
      "CREATE STREAM TEST (ID STRING KEY, source VARCHAR) WITH (kafka_topic='test_topic', value_format='JSON');",
      "CREATE STREAM OUTPUT AS SELECT ID, 'prefix-' + source + '-postfix' AS THING FROM TEST;",
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: null,
    },
  },
  {
    file: 'concat.json',
    name: 'should handle characters the must be escaped in java',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, source VARCHAR) WITH (kafka_topic='test_topic', value_format='JSON');",
      "CREATE STREAM OUTPUT AS SELECT ID, CONCAT('\"', CONCAT(source, '\\')) AS THING FROM INPUT;",
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: null,
    },
  },
  {
    file: 'concat.json',
    name: 'should handle characters the must be escaped in sql',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, source VARCHAR) WITH (kafka_topic='test_topic', value_format='JSON');",
      "CREATE STREAM OUTPUT AS SELECT ID, CONCAT('''', CONCAT(source, '''')) AS THING FROM INPUT;",
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: null,
    },
  },
  {
    file: 'count.json',
    name: 'count',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, NAME varchar, VALUE double) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE S2 as SELECT id, count() FROM test group by id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'S2',
      window: null,
    },
  },
  {
    file: 'count.json',
    name: 'count star',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, ignored STRING) WITH (kafka_topic='input_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT as SELECT ID, count(*) FROM input group by ID;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: null,
    },
  },
  {
    file: 'count.json',
    name: 'count literal',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, ignored STRING) WITH (kafka_topic='input_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT as SELECT ID, count(1) FROM input group by ID;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: null,
    },
  },
  {
    file: 'count.json',
    name: 'auto-incrementing id',
    statements: [
      "CREATE STREAM INPUT (VALUE INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT as SELECT 1 as k, latest_by_offset(value) as value, count(1) AS ID FROM INPUT group by 1;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: null,
    },
  },
  {
    file: 'group-by.json',
    name: 'only key column (stream->table)',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, IGNORED INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(1) AS COUNT FROM INPUT GROUP BY ID;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID INT KEY, COUNT BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'udafs only in having (stream->table)',
    statements: [
      "CREATE STREAM INPUT (NAME STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT NAME, LEN(NAME) AS LEN FROM INPUT GROUP BY NAME HAVING COUNT(NAME) = 2;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'NAME STRING KEY, LEN INT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'all columns - repartition (stream->table)',
    statements: [
      "CREATE STREAM INPUT (NAME STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT NAME FROM INPUT GROUP BY NAME HAVING COUNT(NAME) = 1;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'The projection contains no value columns.',
    },
  },
  {
    file: 'group-by.json',
    name: 'all columns - no repartition (stream->table)',
    statements: [
      "CREATE STREAM INPUT (NAME STRING KEY, V0 INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT NAME FROM INPUT GROUP BY NAME HAVING COUNT(NAME) = 1;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'The projection contains no value columns.',
    },
  },
  {
    file: 'group-by.json',
    name: 'value column (stream->table)',
    statements: [
      "CREATE STREAM TEST (ID INT KEY, data STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT DATA, COUNT(*) AS COUNT FROM TEST GROUP BY DATA;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'DATA STRING KEY, COUNT BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'single expression (stream->table)',
    statements: [
      "CREATE STREAM TEST (ID INT KEY, DATA STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT LEN(DATA), COUNT(*) AS COUNT FROM TEST GROUP BY LEN(DATA);',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'KSQL_COL_0 INT KEY, COUNT BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'single column with alias (stream->table)',
    statements: [
      "CREATE STREAM TEST (ID INT KEY, data STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT DATA AS NEW_KEY, COUNT(*) AS COUNT FROM TEST GROUP BY DATA;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'NEW_KEY STRING KEY, COUNT BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'single expression with alias (stream->table)',
    statements: [
      "CREATE STREAM TEST (ID INT KEY, data STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT LEN(DATA) AS NEW_KEY, COUNT(*) AS COUNT FROM TEST GROUP BY LEN(DATA);',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'NEW_KEY INT KEY, COUNT BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'steam with no key',
    statements: [
      "CREATE STREAM TEST (data INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT DATA, COUNT(*) AS COUNT FROM TEST GROUP BY DATA;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'DATA INT KEY, COUNT BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'single expression - key in projection more than once',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) WITH (kafka_topic='input',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT NAME, NAME AS NAME2, COUNT(1) FROM INPUT GROUP BY NAME;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      error: 'The projection contains a key column more than once: `NAME` and `NAME2`.',
    },
  },
  {
    file: 'group-by.json',
    name: 'single expression - key missing from projection - with other column of same name',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) WITH (kafka_topic='input',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT COUNT(1) AS NAME FROM INPUT GROUP BY NAME;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      error:
        'The query used to build `OUTPUT` must include the grouping expression NAME in its projection (eg, SELECT NAME...).',
    },
  },
  {
    file: 'group-by.json',
    name: 'single expression - key missing from projection',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) WITH (kafka_topic='input',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT COUNT(1) FROM INPUT GROUP BY NAME;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      error:
        'The query used to build `OUTPUT` must include the grouping expression NAME in its projection (eg, SELECT NAME...).',
    },
  },
  {
    file: 'group-by.json',
    name: 'multiple expressions - single key missing from projection',
    statements: [
      "CREATE STREAM TEST (f1 INT KEY, f2 INT) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT f2, COUNT(*) FROM TEST GROUP BY f1, f2;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        'The query used to build `OUTPUT` must include the grouping expression F1 in its projection (eg, SELECT F1...).',
    },
  },
  {
    file: 'group-by.json',
    name: 'multiple expression - key in projection more than once',
    statements: [
      "CREATE STREAM TEST (f1 INT KEY, f2 INT) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT f1, f2, f1 AS F3, COUNT(*) FROM TEST GROUP BY f1, f2;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'The projection contains a key column more than once: `F1` and `F3`.',
    },
  },
  {
    file: 'group-by.json',
    name: 'multiple expressions - all keys missing from projection',
    statements: [
      "CREATE STREAM TEST (f1 INT KEY, f2 INT, f3 INT) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT COUNT(*) FROM TEST GROUP BY f1, f2, f3;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        'The query used to build `OUTPUT` must include the grouping expressions F1, F2 and F3 in its projection (eg, SELECT F1, F2, F3...).',
    },
  },
  {
    file: 'group-by.json',
    name: 'create table as select COUNT(*) with no group by',
    statements: [
      "CREATE STREAM TEST (id INT KEY, id2 INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT COUNT(*) FROM TEST;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        'CREATE TABLE AS SELECT statement does not support aggregate function [COUNT(ROWTIME)] without a GROUP BY clause.',
    },
  },
  {
    file: 'group-by.json',
    name: 'with key alias that clashes with value alias',
    statements: [
      "CREATE STREAM TEST (ID INT KEY, data STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT DATA AS COUNT, COUNT(*) AS COUNT FROM TEST GROUP BY DATA;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'Duplicate value columns found in schema: `COUNT` BIGINT',
    },
  },
  {
    file: 'group-by.json',
    name: 'complex UDAF params matching GROUP BY',
    statements: [
      "CREATE STREAM TEST (V0 INT KEY, V1 INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT (V0 + V1) AS NEW_KEY, SUM(V0 + V1) AS SUM FROM TEST GROUP BY V0 + V1;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'NEW_KEY INT KEY, SUM INT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'complex expressions',
    statements: [
      "CREATE STREAM TEST (ID INT KEY, data STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT COUNT(*) FROM TEST GROUP BY DATA AND ID;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'Syntax Error',
    },
  },
  {
    file: 'group-by.json',
    name: 'field (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, ignored VARCHAR) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT K, COUNT(*) FROM TEST GROUP BY K;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'K STRING KEY, KSQL_COL_0 BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'field (stream->table) - KAFKA',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, data VARCHAR) WITH (kafka_topic='test_topic', value_format='KAFKA');",
      "CREATE TABLE OUTPUT WITH(value_format='DELIMITED') AS SELECT DATA, COUNT(*) FROM TEST GROUP BY DATA;",
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        "Source(s) TEST are using the 'KAFKA' value format. This format does not yet support GROUP BY.",
    },
  },
  {
    file: 'group-by.json',
    name: 'int field (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, ID INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) FROM TEST GROUP BY ID;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID INT KEY, KSQL_COL_0 BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'duplicate expressions',
    statements: [
      "CREATE STREAM TEST (ID INT KEY, data STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT COUNT(*) FROM TEST GROUP BY DATA, TEST.DATA;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'Duplicate GROUP BY expression: TEST.DATA',
    },
  },
  {
    file: 'group-by.json',
    name: 'field with re-key (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, data VARCHAR) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT DATA, COUNT(*) FROM TEST GROUP BY DATA;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'DATA STRING KEY, KSQL_COL_0 BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'double field with re-key (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, data double) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT DATA, COUNT(*) FROM TEST GROUP BY DATA;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'DATA DOUBLE KEY, KSQL_COL_0 BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'with aggregate arithmetic (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, data VARCHAR) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT DATA, COUNT(*)*2 FROM TEST GROUP BY DATA;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'DATA STRING KEY, KSQL_COL_0 BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'string concat using + op with projection field in wrong order (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, f1 VARCHAR, f2 VARCHAR) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT f1 + f2, COUNT(*) FROM TEST GROUP BY f2 + f1;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'Non-aggregate SELECT expression(s) not part of GROUP BY: (F1 + F2)',
    },
  },
  {
    file: 'group-by.json',
    name: 'string concat with separate fields in projection (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, f1 VARCHAR, f2 VARCHAR) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT f1, f2, COUNT(*) FROM TEST GROUP BY f2 + f1;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'Non-aggregate SELECT expression(s) not part of GROUP BY: F1, F2',
    },
  },
  {
    file: 'group-by.json',
    name: 'arithmetic binary expression with projection out-of-order & non-commutative group by (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, f1 INT, f2 INT) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT f1 - f2, COUNT(*) FROM TEST GROUP BY f2 - f1;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'Non-aggregate SELECT expression(s) not part of GROUP BY: (F1 - F2)',
    },
  },
  {
    file: 'group-by.json',
    name: 'with non-aggregate projection field not in group by (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, d1 VARCHAR, d2 VARCHAR) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT d1, COUNT(*) FROM TEST GROUP BY d2;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'Non-aggregate SELECT expression(s) not part of GROUP BY: D1',
    },
  },
  {
    file: 'group-by.json',
    name: 'aggregate function (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, d1 VARCHAR, d2 INT) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT COUNT(*) FROM TEST GROUP BY SUM(d2);',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'GROUP BY does not support aggregate functions: SUM is an aggregate function.',
    },
  },
  {
    file: 'group-by.json',
    name: 'aggregate function nested in arithmetic (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, d1 VARCHAR, d2 INT) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT COUNT(*) FROM TEST GROUP BY 1 + SUM(d2);',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'GROUP BY does not support aggregate functions: SUM is an aggregate function.',
    },
  },
  {
    file: 'group-by.json',
    name: 'without group-by (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, d1 VARCHAR, d2 INT) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT d1, COUNT() FROM TEST;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'Non-aggregate SELECT expression(s) not part of GROUP BY: D1',
    },
  },
  {
    file: 'group-by.json',
    name: 'UDAF nested in UDAF in select expression (stream->table)',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, d1 VARCHAR) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT SUM(COUNT()) FROM TEST GROUP BY d1;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'Aggregate functions can not be nested: SUM(COUNT())',
    },
  },
  {
    file: 'group-by.json',
    name: 'by non-STRING key',
    statements: [
      "CREATE STREAM INPUT (K STRING KEY, f0 INT) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE OUTPUT AS SELECT f0, COUNT(1) FROM INPUT GROUP BY f0;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'F0 INTEGER KEY, KSQL_COL_0 BIGINT',
      },
    },
  },
  {
    file: 'group-by.json',
    name: 'should handled quoted key and value',
    statements: [
      "CREATE STREAM INPUT (`Key` STRING KEY, IGNORED INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT `Key`, COUNT(1) AS `Value` FROM INPUT GROUP BY `Key`;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: '`Key` STRING KEY, `Value` BIGINT',
      },
    },
  },
  {
    file: 'having.json',
    name: 'table having',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, NAME varchar, VALUE bigint) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE T1 as select id, sum(value) as sum from test WINDOW TUMBLING (SIZE 30 SECONDS) group by id HAVING sum(value) > 100;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'T1',
      window: 'TUMBLING',
    },
  },
  {
    file: 'having.json',
    name: 'calculate average in having',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, NAME varchar, VALUE bigint) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE AVG AS select id, sum(value)/count(id) as avg from test GROUP BY id HAVING sum(value)/count(id)> 25;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'AVG',
      window: null,
    },
  },
  {
    file: 'hopping-windows.json',
    name: 'out of order - no grace period',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, VALUE bigint) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE S2 as SELECT ID, max(value) FROM test WINDOW HOPPING (SIZE 30 SECONDS, ADVANCE BY 15 SECONDS) group by id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'S2',
      window: 'HOPPING',
    },
  },
  {
    file: 'hopping-windows.json',
    name: 'out of order - explicit grace period',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, VALUE bigint) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE S2 as SELECT ID, max(value) FROM test WINDOW HOPPING (SIZE 30 SECONDS, ADVANCE BY 15 SECONDS, GRACE PERIOD 1 MINUTE) group by id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'S2',
      window: 'HOPPING',
    },
  },
  {
    file: 'hopping-windows.json',
    name: 'min hopping',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, NAME varchar, VALUE bigint) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE S2 as SELECT ID, min(value) FROM test WINDOW HOPPING (SIZE 30 SECONDS, ADVANCE BY 10 SECONDS) group by id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'S2',
      window: 'HOPPING',
    },
  },
  {
    file: 'hopping-windows.json',
    name: 'count',
    statements: [
      "CREATE STREAM TEST (ROWKEY INT KEY, ID INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE S2 as SELECT ID, count(1) as count FROM test WINDOW HOPPING (SIZE 5 SECOND, ADVANCE BY 1 SECONDS) group by id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'S2',
      window: 'HOPPING',
    },
  },
  {
    file: 'joins.json',
    name: 'stream to table wrapped single field value schema on inputs',
    statements: [
      "CREATE STREAM S (ID BIGINT KEY, NAME STRING) WITH (kafka_topic='S', value_format='JSON');",
      "CREATE TABLE T (ID BIGINT PRIMARY KEY, NAME STRING) WITH (kafka_topic='T', value_format='JSON');",
      'CREATE STREAM OUTPUT as SELECT s.id, s.name name1, t.name name2 FROM S JOIN T ON S.id = T.id;',
    ],
    topics: {
      S: 1,
      T: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: null,
    },
  },
  {
    file: 'joins.json',
    name: 'on non-STRING value column',
    statements: [
      "CREATE STREAM INPUT_STREAM (K STRING KEY, SF BIGINT) WITH (kafka_topic='stream_topic', value_format='JSON');",
      "CREATE TABLE INPUT_TABLE (ID BIGINT PRIMARY KEY, TF INT) WITH (kafka_topic='table_topic', value_format='JSON');",
      'CREATE STREAM OUTPUT AS SELECT *, S.ROWTIME, T.ROWTIME FROM INPUT_STREAM S JOIN INPUT_TABLE T on S.SF = T.ID;',
    ],
    topics: {
      stream_topic: 1,
      table_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT:
          'S_SF BIGINT KEY, S_K STRING, T_ID BIGINT, T_TF INT, S_ROWTIME BIGINT, T_ROWTIME BIGINT',
      },
    },
  },
  {
    file: 'joins.json',
    name: 'streams with no key columns (stream->table)',
    statements: [
      "CREATE STREAM L (A INT, B INT, C INT) WITH (kafka_topic='LEFT', value_format='JSON');",
      "CREATE TABLE R (A INT PRIMARY KEY, B INT, C INT) WITH (kafka_topic='RIGHT', value_format='JSON');",
      'CREATE STREAM OUTPUT AS SELECT * FROM L INNER JOIN R ON L.A = R.A;',
    ],
    topics: {
      LEFT: 1,
      RIGHT: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'L_A INT KEY, L_B INT, L_C INT, R_A INT, R_B INT, R_C INT',
      },
    },
  },
  {
    file: 'literals.json',
    name: 'BIGINT literal negative overflow',
    statements: [
      "CREATE STREAM INPUT (K STRING KEY, ID bigint) WITH (kafka_topic='input', value_format='DELIMITED');",
      'CREATE STREAM OUTPUT AS select K, id, -9223372036854775809 FROM INPUT;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      error: 'Invalid numeric literal: -9223372036854775809',
    },
  },
  {
    file: 'literals.json',
    name: 'DOUBLE literal negative overflow',
    statements: [
      "CREATE STREAM INPUT (K STRING KEY, ID bigint) WITH (kafka_topic='input', value_format='DELIMITED');",
      'CREATE STREAM OUTPUT AS select K, id, -1.7976931348623160E308 FROM INPUT;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      error: 'Number overflows DOUBLE: -1.7976931348623160E308',
    },
  },
  {
    file: 'partition-by.json',
    name: 'only key column - select star',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select * from INPUT partition by ID;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID INT KEY, NAME STRING',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'only key column - select explicit',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select ID, NAME from INPUT partition by ID;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID INT KEY, NAME STRING',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'no key column',
    statements: [
      "CREATE STREAM INPUT (NAME STRING, ID INT) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select ID, NAME from INPUT partition by ID;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID INT KEY, NAME STRING',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'single value column - select star',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING, AGE INT) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select * from INPUT partition by NAME;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'NAME STRING KEY, AGE INT, ID INT',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'single value column - select explicit',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING, AGE INT) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select ID, NAME, AGE from INPUT partition by NAME;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'NAME STRING KEY, ID INT, AGE INT',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'expression - select star',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select * from INPUT partition by ABS(ID);',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'KSQL_COL_0 INT KEY, NAME STRING, ID INT',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'expression - select explicit',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select NAME, ID, ABS(ID) from INPUT partition by ABS(ID);',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'KSQL_COL_0 INT KEY, NAME STRING, ID INT',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'constant',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select 1 AS K, ID, NAME from INPUT partition by 1;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'K INT KEY, ID INT, NAME STRING',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'key in projection more than once',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select NAME, NAME AS NAME2, ID from INPUT partition by NAME;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      error:
        'The projection contains a key column (`NAME`) more than once, aliased as: NAME and NAME2.',
    },
  },
  {
    file: 'partition-by.json',
    name: 'expression - missing key from projection',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select NAME, ID from INPUT partition by ABS(ID);',
    ],
    topics: {
      input: 1,
    },
    expect: {
      error:
        'The query used to build `OUTPUT` must include the partitioning expression ABS(INPUT.ID) in its projection (eg, SELECT ABS(INPUT.ID)...).',
    },
  },
  {
    file: 'partition-by.json',
    name: 'expression - missing key from projection - with value column of same name',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select NAME AS ID, NAME from INPUT partition by ID;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      error:
        'The query used to build `OUTPUT` must include the partitioning expression INPUT.ID in its projection (eg, SELECT INPUT.ID...).',
    },
  },
  {
    file: 'partition-by.json',
    name: 'single column - with alias',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING, AGE INT) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select NAME AS NEW_KEY, ID, AGE from INPUT partition by NAME;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'NEW_KEY STRING KEY, ID INT, AGE INT',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'only key column - with alias that matches key column',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING, OTHER INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE STREAM OUTPUT AS SELECT ID AS ID, NAME FROM INPUT PARTITION BY ID;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID INT KEY, NAME STRING',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'single non-key column - with alias that matches old key column',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING, AGE INT) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select NAME AS ID, AGE, ID AS OLD from INPUT partition by NAME;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID STRING KEY, AGE INT, OLD INT',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'single expression - with alias',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING, AGE INT) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select UCASE(NAME) AS NEW_KEY, NAME, AGE, ID from INPUT partition by UCASE(NAME);',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'NEW_KEY STRING KEY, NAME STRING, AGE INT, ID INT',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'with alias that matches source column',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING, AGE INT) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select NAME AS AGE, ID from INPUT partition by NAME;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'AGE STRING KEY, ID INT',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'complex expressions',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING, AGE INT) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select * from INPUT partition by NAME AND AGE;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      error: 'Syntax Error',
    },
  },
  {
    file: 'partition-by.json',
    name: 'partition by with projection select some',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, ID bigint, NAME varchar, VALUE bigint) with (kafka_topic='test_topic', value_format = 'delimited');",
      'CREATE STREAM REPARTITIONED AS select name, id from TEST partition by name;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        REPARTITIONED: 'NAME STRING KEY, ID BIGINT',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'int column',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, ID bigint) with (kafka_topic='test_topic', value_format = 'delimited');",
      'CREATE STREAM OUTPUT AS SELECT * from TEST partition by id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID BIGINT KEY, K STRING',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'bigint key field',
    statements: [
      "CREATE STREAM TEST (K BIGINT KEY, ID BIGINT) with (kafka_topic='test_topic', value_format = 'delimited');",
      'CREATE STREAM OUTPUT AS select * from TEST partition by ID;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID BIGINT KEY, K BIGINT',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'partition by - KAFKA',
    statements: [
      "CREATE STREAM INPUT (K STRING KEY, ID int) with (kafka_topic='input', value_format = 'KAFKA');",
      'CREATE STREAM OUTPUT AS select ID, K from INPUT partition by ID;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID INT KEY, K STRING',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'aliased key field - different name',
    statements: [
      "CREATE STREAM TEST (K STRING KEY, ID varchar, NAME varchar) with (kafka_topic='test_topic', value_format = 'delimited');",
      "CREATE STREAM REPARTITIONED AS select ID + '_new' AS ID_new, NAME from TEST partition by ID_NEW;",
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: "PARTITION BY column 'ID_NEW' cannot be resolved.",
    },
  },
  {
    file: 'partition-by.json',
    name: 'partition by key',
    statements: [
      "CREATE STREAM INPUT (K STRING KEY, ID bigint) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select * from INPUT partition by K;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'K STRING KEY, ID BIGINT',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'partition by only key column',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) with (kafka_topic='input', value_format='JSON');",
      'CREATE STREAM OUTPUT AS select * from INPUT partition by ID;',
    ],
    topics: {
      input: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID INT KEY, NAME STRING',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'only key column',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE STREAM OUTPUT AS SELECT * FROM INPUT PARTITION BY ID;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'ID INT KEY, NAME STRING',
      },
    },
  },
  {
    file: 'partition-by.json',
    name: 'should handle quoted key and value',
    statements: [
      "CREATE STREAM INPUT (`Key` STRING KEY, `Name` STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE STREAM OUTPUT AS SELECT *, `Name` AS `Name2` FROM INPUT PARTITION BY `Key`;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: '`Key` STRING KEY, `Name` STRING, `Name2` STRING',
      },
    },
  },
  {
    file: 'project-filter.json',
    name: 'projection with aliased key column',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE STREAM OUTPUT as SELECT ID AS NEW_KEY, NAME FROM INPUT;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: 'NEW_KEY INT KEY, NAME STRING',
      },
    },
  },
  {
    file: 'project-filter.json',
    name: 'key in projection more than once',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE STREAM OUTPUT as SELECT ID, ID AS ID2, NAME FROM INPUT;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'The projection contains a key column (`ID`) more than once, aliased as: ID and ID2.',
    },
  },
  {
    file: 'project-filter.json',
    name: 'projection with missing key column',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE STREAM OUTPUT as SELECT NAME FROM INPUT;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        'The query used to build `OUTPUT` must include the key column ID in its projection (eg, SELECT ID...).',
    },
  },
  {
    file: 'project-filter.json',
    name: 'projection with missing key column - with value column with same name',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE STREAM OUTPUT as SELECT NAME AS ID, NAME FROM INPUT;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        'The query used to build `OUTPUT` must include the key column ID in its projection (eg, SELECT ID...).',
    },
  },
  {
    file: 'project-filter.json',
    name: 'projection no value columns',
    statements: [
      "CREATE STREAM INPUT (ID INT KEY, NAME STRING) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE STREAM OUTPUT as SELECT ID FROM INPUT;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'The projection contains no value columns.',
    },
  },
  {
    file: 'session-windows.json',
    name: 'out of order - no grace period',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, VALUE bigint) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE S2 as SELECT ID, max(value) FROM test WINDOW SESSION (30 SECONDS) group by id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'S2',
      window: 'SESSION',
    },
  },
  {
    file: 'session-windows.json',
    name: 'out of order - explicit grace period',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, VALUE bigint) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE S2 as SELECT ID, max(value) FROM test WINDOW SESSION (30 SECONDS, GRACE PERIOD 1 MINUTE) group by id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'S2',
      window: 'SESSION',
    },
  },
  {
    file: 'suppress.json',
    name: 'should emit final result immediately at window end if grace is specified as zero',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 0 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should not emit final result before window end if grace is specified as zero',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 0 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should not emit before window end if no grace period given',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should emit at window end if no grace period given',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should include out of order events before window end plus grace period passes',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should drop out of order event after window end plus grace period passes',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should handle null values',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(COL1) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should drop events with no key',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should support final results for tumbling windows',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should support final results for tumbling windows with large jump',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 2 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should support final results for session windows',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW SESSION (5 MILLISECONDS, GRACE PERIOD 6 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'SESSION',
    },
  },
  {
    file: 'suppress.json',
    name: 'should support final results for hopping windows',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW HOPPING (SIZE 5 MILLISECONDS,ADVANCE BY 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'HOPPING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should suppress multiple keys',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should suppress after a filter WHERE clause',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 INT) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) WHERE COL1=1 GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      compiles: 'OUTPUT',
      window: 'TUMBLING',
    },
  },
  {
    file: 'suppress.json',
    name: 'should throw on non windowed tables',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      error: 'EMIT FINAL is only supported for windowed aggregations.',
    },
  },
  {
    file: 'suppress.json',
    name: 'should throw if no group by for aggregation',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COUNT(*) as COUNT FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      error: 'Non-aggregate SELECT expression(s) not part of GROUP BY',
    },
  },
  {
    file: 'suppress.json',
    name: 'should throw if no aggregation is present for group by',
    statements: [
      "CREATE STREAM INPUT (ID STRING KEY, COL1 STRING) WITH (kafka_topic='input_topic',value_format='JSON');",
      'CREATE TABLE OUTPUT AS SELECT ID, COL1 FROM INPUT WINDOW TUMBLING (SIZE 2 MILLISECONDS, GRACE PERIOD 1 MILLISECONDS) GROUP BY ID EMIT FINAL;',
    ],
    topics: {
      input_topic: 1,
    },
    expect: {
      error: 'GROUP BY requires aggregate functions in either the SELECT or HAVING clause.',
    },
  },
  {
    file: 'tumbling-windows.json',
    name: 'out of order - no grace period',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, VALUE bigint) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE S2 as SELECT ID, max(value) FROM test WINDOW TUMBLING (SIZE 30 SECONDS) group by id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'S2',
      window: 'TUMBLING',
    },
  },
  {
    file: 'tumbling-windows.json',
    name: 'out of order - explicit grace period',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, VALUE bigint) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE S2 as SELECT ID, max(value) FROM test WINDOW TUMBLING (SIZE 30 SECONDS, GRACE PERIOD 1 MINUTE) group by id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'S2',
      window: 'TUMBLING',
    },
  },
  {
    file: 'tumbling-windows.json',
    name: 'min tumbling',
    statements: [
      "CREATE STREAM TEST (ID BIGINT KEY, NAME varchar, VALUE bigint) WITH (kafka_topic='test_topic', value_format='DELIMITED');",
      'CREATE TABLE S2 as SELECT ID, min(value) FROM test WINDOW TUMBLING (SIZE 30 SECONDS) group by id;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      compiles: 'S2',
      window: 'TUMBLING',
    },
  },
  {
    file: 'window-bounds.json',
    name: 'windowed group by - non-aggregate window bounds in SELECT',
    statements: [
      "CREATE STREAM INPUT (ROWKEY INT KEY, IGNORED INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE OUTPUT as SELECT ROWKEY, count(1) as count, windowstart as WSTART, windowend AS WEND FROM INPUT WINDOW TUMBLING (SIZE 1 SECOND) group by ROWKEY;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        OUTPUT: '`ROWKEY` INTEGER KEY, `COUNT` BIGINT, `WSTART` BIGINT, `WEND` BIGINT',
      },
    },
  },
  {
    file: 'window-bounds.json',
    name: 'windowed group by - aggregate window bounds in UDAF in SELECT',
    statements: [
      "CREATE STREAM TEST (ROWKEY INT KEY, IGNORED INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE S2 as SELECT ROWKEY, count(1), min(windowstart), min(windowend) FROM test WINDOW TUMBLING (SIZE 1 SECOND) group by ROWKEY;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        'Window bounds column WINDOWSTART can only be used in the SELECT clause of windowed aggregations',
    },
  },
  {
    file: 'window-bounds.json',
    name: 'windowed group by - window bounds used in expression with aggregate in SELECT',
    statements: [
      "CREATE STREAM TEST (ROWKEY INT KEY, IGNORED INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE S2 as SELECT ROWKEY, count(1) * windowend FROM test WINDOW TUMBLING (SIZE 1 SECOND) group by ROWKEY;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      schemas: {
        S2: '`ROWKEY` INTEGER KEY, `KSQL_COL_0` BIGINT',
      },
    },
  },
  {
    file: 'window-bounds.json',
    name: 'windowed group by - aggregate window bounds in WHERE',
    statements: [
      "CREATE STREAM TEST (ROWKEY INT KEY, IGNORED INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE S2 as SELECT ROWKEY, count(1) as count FROM test WINDOW TUMBLING (SIZE 1 SECOND) WHERE min(windowEnd) < 15000 group by ROWKEY;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error: 'Error in WHERE expression: Unknown column WINDOWEND.',
    },
  },
  {
    file: 'window-bounds.json',
    name: 'windowed group by -  window bounds in GROUP BY',
    statements: [
      "CREATE STREAM TEST (ROWKEY INT KEY, IGNORED INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE S2 as SELECT ROWKEY, count(1) as count FROM test WINDOW TUMBLING (SIZE 1 SECOND) group by ROWKEY, WINDOWSTART, WINDOWEND;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        'Window bounds column WINDOWSTART can only be used in the SELECT clause of windowed aggregations',
    },
  },
  {
    file: 'window-bounds.json',
    name: 'windowed group by -  only window bounds in GROUP BY',
    statements: [
      "CREATE STREAM TEST (ROWKEY INT KEY, IGNORED INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE S2 as SELECT ROWKEY, count(1) as count FROM test WINDOW TUMBLING (SIZE 1 SECOND) group by WINDOWSTART, WINDOWEND;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        'Window bounds column WINDOWSTART can only be used in the SELECT clause of windowed aggregations',
    },
  },
  {
    file: 'window-bounds.json',
    name: 'windowed group by -  only window bounds in GROUP BY only column',
    statements: [
      "CREATE STREAM TEST (ROWKEY INT KEY, IGNORED INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE S2 as SELECT ROWKEY, count(1) as count FROM test WINDOW TUMBLING (SIZE 1 SECOND) group by WINDOWSTART;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        'Window bounds column WINDOWSTART can only be used in the SELECT clause of windowed aggregations',
    },
  },
  {
    file: 'window-bounds.json',
    name: 'windowed group by - window bounds in expression in GROUP BY',
    statements: [
      "CREATE STREAM TEST (ROWKEY INT KEY, IGNORED INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE S2 as SELECT ROWKEY, count(1) as count FROM test WINDOW TUMBLING (SIZE 1 SECOND) group by ROWKEY, WINDOWSTART / 1000, ABS(WINDOWEND);',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        'Window bounds column WINDOWSTART can only be used in the SELECT clause of windowed aggregations',
    },
  },
  {
    file: 'window-bounds.json',
    name: 'windowed group by - window bounds in HAVING',
    statements: [
      "CREATE STREAM TEST (ROWKEY INT KEY, IGNORED INT) WITH (kafka_topic='test_topic', value_format='JSON');",
      'CREATE TABLE S2 as SELECT ROWKEY, count(1) as count FROM test WINDOW TUMBLING (SIZE 1 SECOND) group by ROWKEY HAVING windowStart > 11000 AND min(windowEnd) < 15000;',
    ],
    topics: {
      test_topic: 1,
    },
    expect: {
      error:
        'Window bounds column WINDOWSTART can only be used in the SELECT clause of windowed aggregations',
    },
  },
];
