import { describe, expect, it } from 'vitest';
import { AUTH_STREAM, compileError } from './testKit';

/** Compiles `AUTH_STREAM` then `statement` (on line 2) and returns the problem. */
function problemOf(statement: string) {
  return compileError(`${AUTH_STREAM}\n${statement}`);
}

describe('errors in ksqlDB words, at their line and column', () => {
  it('CTAS of a stream query: produces a STREAM, with the CSAS fix', () => {
    const p = problemOf(
      'CREATE TABLE big AS SELECT * FROM authorization_attempts WHERE amount > 100;',
    );
    expect(p.message).toBe(
      'Invalid result type. Your SELECT query produces a STREAM. Please use CREATE STREAM AS SELECT statement instead.',
    );
    expect(p.position).toEqual({ line: 2, column: 1 });
    expect(p.fix).toBe(
      'CREATE STREAM big AS SELECT * FROM authorization_attempts WHERE amount > 100;',
    );
  });

  it('grouping expression missing from the projection (QTT group-by)', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT count(*) AS n FROM authorization_attempts GROUP BY card_number;',
    );
    expect(p.message).toBe(
      'Key missing from projection (ie, SELECT). \nThe query used to build `T` must include the grouping expression CARD_NUMBER in its projection (eg, SELECT CARD_NUMBER...).',
    );
    expect(p.position).toEqual({ line: 2, column: 77 });
  });

  it('unknown column in SELECT and in WHERE', () => {
    const p = problemOf('CREATE STREAM s AS SELECT bob FROM authorization_attempts;');
    expect(p.message).toBe("SELECT column 'BOB' cannot be resolved.");
    expect(p.position).toEqual({ line: 2, column: 27 });
    const w = problemOf(
      'CREATE STREAM s AS SELECT amount FROM authorization_attempts\n  WHERE bob > 1;',
    );
    expect(w.message).toBe("WHERE column 'BOB' cannot be resolved.");
    expect(w.position).toEqual({ line: 3, column: 9 });
  });

  it('unknown source', () => {
    const p = problemOf('CREATE STREAM s AS SELECT * FROM nowhere;');
    expect(p.message).toBe('NOWHERE does not exist.');
    expect(p.position).toEqual({ line: 2, column: 34 });
  });

  it('mismatched types in a comparison (QTT: Cannot compare … with GREATER_THAN_OR_EQUAL)', () => {
    const p = problemOf(
      "CREATE STREAM s AS SELECT * FROM authorization_attempts WHERE amount >= 'not an int';",
    );
    expect(p.message).toBe(
      "Error in WHERE expression: Cannot compare AMOUNT (INTEGER) to 'not an int' (STRING) with GREATER_THAN_OR_EQUAL.",
    );
    expect(p.position).toEqual({ line: 2, column: 63 });
  });

  it('a WHERE that is not boolean', () => {
    const p = problemOf(
      "CREATE STREAM s AS SELECT * FROM authorization_attempts WHERE 'not a boolean';",
    );
    expect(p.message).toBe(
      "Type error in WHERE expression: Should evaluate to boolean but is 'not a boolean' (STRING) instead.",
    );
  });

  it('an aggregate in WHERE', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT card_number, count(*) FROM authorization_attempts WHERE count(*) > 1 GROUP BY card_number;',
    );
    expect(p.message).toBe("Can't find any functions with the name 'COUNT'");
    expect(p.position).toEqual({ line: 2, column: 82 });
  });

  it('an aggregate in GROUP BY', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT sum(amount) AS s FROM authorization_attempts GROUP BY sum(amount);',
    );
    expect(p.message).toBe(
      'GROUP BY does not support aggregate functions: SUM is an aggregate function.',
    );
  });

  it('a non-aggregate column not in GROUP BY', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT card_number, amount, count(*) FROM authorization_attempts GROUP BY card_number;',
    );
    expect(p.message).toBe(
      'Non-aggregate SELECT expression(s) not part of GROUP BY: AMOUNT\nEither add the column(s) to the GROUP BY or remove them from the SELECT.',
    );
    expect(p.position).toEqual({ line: 2, column: 39 });
  });

  it('a non-aggregate column in HAVING', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT card_number, count(*) FROM authorization_attempts GROUP BY card_number HAVING amount > 1;',
    );
    expect(p.message).toBe(
      'Non-aggregate HAVING expression not part of GROUP BY: (AMOUNT > 1)\nConsider switching the HAVING clause to a WHERE clause before the GROUP BY.',
    );
  });

  it('nested aggregates', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT card_number, min(max(amount)) FROM authorization_attempts GROUP BY card_number;',
    );
    expect(p.message).toBe('Aggregate functions can not be nested: MIN(MAX())');
  });

  it('GROUP BY without aggregates', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT card_number FROM authorization_attempts GROUP BY card_number;',
    );
    expect(p.message).toBe(
      'GROUP BY requires aggregate functions in either the SELECT or HAVING clause.',
    );
  });

  it('a duplicate source name (CREATE and CREATE … AS SELECT)', () => {
    const p = compileError(`${AUTH_STREAM}\n${AUTH_STREAM}`);
    expect(p.message).toBe(
      "Cannot add stream 'AUTHORIZATION_ATTEMPTS': A stream with the same name already exists",
    );
    expect(p.position).toEqual({ line: 2, column: 1 });
    const q = problemOf(
      'CREATE TABLE authorization_attempts AS SELECT card_number, count(*) FROM authorization_attempts GROUP BY card_number;',
    );
    expect(q.message).toBe(
      "Cannot add table 'AUTHORIZATION_ATTEMPTS': A stream with the same name already exists",
    );
  });

  it('WINDOW without GROUP BY (ksqlDB prefixes the location)', () => {
    const p = problemOf(
      'CREATE STREAM s AS SELECT * FROM authorization_attempts WINDOW TUMBLING (SIZE 1 SECOND);',
    );
    expect(p.message).toBe('Line: 2, Col: 57: WINDOW clause requires a GROUP BY clause.');
    expect(p.position).toEqual({ line: 2, column: 57 });
  });

  it('HAVING without GROUP BY', () => {
    const p = problemOf(
      'CREATE STREAM s AS SELECT * FROM authorization_attempts HAVING amount > 1;',
    );
    expect(p.message).toBe('HAVING requires a GROUP BY clause.');
    expect(p.origin).toBe('kafkascope');
    expect(p.position).toEqual({ line: 2, column: 57 });
  });

  it('EMIT FINAL without a window', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT card_number, count(*) FROM authorization_attempts GROUP BY card_number EMIT FINAL;',
    );
    expect(p.message).toBe('EMIT FINAL is only supported for windowed aggregations.');
    expect(p.position).toEqual({ line: 2, column: 97 });
  });

  it('RETENTION shorter than size + grace (Kafka Streams’ window store check)', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT card_number, count(*) FROM authorization_attempts WINDOW TUMBLING (SIZE 5 MINUTES, RETENTION 6 MINUTES, GRACE PERIOD 2 MINUTES) GROUP BY card_number;',
    );
    expect(p.message).toBe(
      'The retention period of the window store Aggregate-Aggregate-Materialize must be no smaller than its window size plus the grace period. Got size=[300000], grace=[120000], retention=[360000]',
    );
    expect(p.position).toEqual({ line: 2, column: 76 });
  });

  it('HOPPING advance larger than the size', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT card_number, count(*) FROM authorization_attempts WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 2 MINUTES) GROUP BY card_number;',
    );
    expect(p.message).toBe(
      'Window advancement interval should be more than zero and less than window duration',
    );
  });

  it('window bounds inside an aggregate (QTT window-bounds.json)', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT card_number, min(windowstart) FROM authorization_attempts WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY card_number;',
    );
    expect(p.message).toBe(
      'Window bounds column WINDOWSTART can only be used in the SELECT clause of windowed aggregations',
    );
  });

  it('an unaliased window bound in the projection', () => {
    const p = problemOf(
      'CREATE TABLE t AS SELECT card_number, windowstart, count(*) FROM authorization_attempts WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY card_number;',
    );
    expect(p.message).toBe(
      'Reserved column name in select: `WINDOWSTART`. Please remove or alias the column.',
    );
    const q = problemOf('CREATE STREAM s AS SELECT amount AS rowtime FROM authorization_attempts;');
    expect(q.message).toBe(
      '`ROWTIME` is a reserved column name. You cannot use it as an alias for a column.',
    );
  });

  it('syntax errors: ANTLR-style "line L:C: Syntax Error"', () => {
    const p = compileError('CREATE STREAM s AS SELEC * FROM x;');
    expect(p.message).toBe("line 1:20: Syntax Error\nmismatched input 'SELEC' expecting 'SELECT'");
    expect(p.position).toEqual({ line: 1, column: 20 });
    const q = compileError('RUN SCRIPT x;');
    expect(q.message).toBe("line 1:1: Syntax Error\nUnknown statement 'RUN'");
    const r = compileError(
      `${AUTH_STREAM}\nCREATE STREAM s AS SELECT * FROM authorization_attempts`,
    );
    expect(r.message).toBe(
      "line 2:56: Syntax Error\nmismatched input '<EOF>' expecting {';', 'WINDOW', 'WHERE', 'GROUP', 'PARTITION', 'HAVING', 'EMIT'}",
    );
  });

  it('the topic must exist, or PARTITIONS be given (ksqlDB’s TopicCreateInjector message)', () => {
    const p = compileError(
      "CREATE STREAM s (a INT) WITH (KAFKA_TOPIC='missing', VALUE_FORMAT='JSON');",
    );
    expect(p.message).toBe(
      "Topic 'missing' does not exist. If you want to create a new topic for the stream/table please re-run the statement providing the required 'PARTITIONS' configuration in the WITH clause (and optionally 'REPLICAS'). For example: CREATE STREAM s (a INT) WITH (KAFKA_TOPIC='missing', VALUE_FORMAT='JSON', PARTITIONS=2);",
    );
    expect(p.position).toEqual({ line: 1, column: 31 });
    expect(p.fix).toBe(
      "CREATE STREAM s (a INT) WITH (KAFKA_TOPIC='missing', VALUE_FORMAT='JSON', PARTITIONS=2);",
    );
  });

  it('source declarations: key kinds, PRIMARY KEY required, unknown WITH property, duplicate column', () => {
    expect(
      compileError(
        "CREATE TABLE t (id INT KEY, v INT) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='JSON');",
      ).message,
    ).toBe(
      "Line: 1, Col: 17: Column `ID` is a 'KEY' column: please use 'PRIMARY KEY' for tables.\nTables have PRIMARY KEYs, which are unique and NON NULL.\nStreams have KEYs, which have no uniqueness or NON NULL constraints.",
    );
    expect(
      compileError(
        "CREATE TABLE t (id INT, v INT) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='JSON');",
      ).message,
    ).toBe('Tables require a PRIMARY KEY. Please define the PRIMARY KEY.');
    expect(
      compileError(
        "CREATE STREAM s (v INT) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='JSON', FOO='x');",
      ).message,
    ).toBe('Invalid config variable(s) in the WITH clause: FOO');
    expect(
      compileError(
        "CREATE STREAM s (v INT, v STRING) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='JSON');",
      ).message,
    ).toBe('Duplicate column names: V');
    expect(
      compileError(
        "CREATE STREAM s (v INT) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='JSON', TIMESTAMP='invalid_ts');",
      ).message,
    ).toBe(
      "The TIMESTAMP column set in the WITH clause does not exist in the schema: 'INVALID_TS'",
    );
  });

  it('a key column left out of a stream projection', () => {
    const p = compileError(
      "CREATE STREAM input (id INT KEY, v INT) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='JSON');\nCREATE STREAM output AS SELECT v FROM input;",
    );
    expect(p.message).toBe(
      'Key missing from projection (ie, SELECT). \nThe query used to build `OUTPUT` must include the key column ID in its projection (eg, SELECT ID...).',
    );
  });

  it('a PARTITION BY expression left out of the projection (QTT partition-by)', () => {
    const p = compileError(
      "CREATE STREAM input (id INT KEY, v INT) WITH (KAFKA_TOPIC='test_topic', VALUE_FORMAT='JSON');\nCREATE STREAM output AS SELECT id AS k, v FROM input PARTITION BY ABS(v);",
    );
    expect(p.message).toBe(
      'Key missing from projection (ie, SELECT). \nThe query used to build `OUTPUT` must include the partitioning expression ABS(INPUT.V) in its projection (eg, SELECT ABS(INPUT.V)...).',
    );
  });

  it('function type checks', () => {
    expect(
      problemOf('CREATE STREAM s AS SELECT UCASE(amount) AS u FROM authorization_attempts;')
        .message,
    ).toBe("Function 'UCASE' does not accept parameters (INTEGER).");
    expect(
      problemOf("CREATE STREAM s AS SELECT amount + 'x' AS u FROM authorization_attempts;").message,
    ).toBe(
      "Error processing expression: (AMOUNT + 'x'). Unsupported arithmetic types. INTEGER STRING",
    );
    expect(
      problemOf(
        "CREATE STREAM s AS SELECT CAST(card_number = 'x' AS INT) AS u FROM authorization_attempts;",
      ).message,
    ).toBe('Cast of BOOLEAN to INTEGER is not supported');
  });
});

describe('what kafkascope does not model is refused, never half-run', () => {
  const cases: [string, string][] = [
    [
      'INSERT INTO x SELECT * FROM authorization_attempts;',
      'INSERT statement is not supported in kafkascope.',
    ],
    [
      'SELECT * FROM authorization_attempts EMIT CHANGES;',
      'A transient query (SELECT without CREATE … AS) is not supported in kafkascope.',
    ],
    [
      'CREATE TABLE t AS SELECT card_number, count(*) FROM authorization_attempts WINDOW SLIDING (SIZE 1 SECOND) GROUP BY card_number;',
      'WINDOW SLIDING is not supported in kafkascope.',
    ],
    [
      'CREATE STREAM s AS SELECT * FROM authorization_attempts a FULL OUTER JOIN authorization_attempts b ON a.amount = b.amount;',
      'FULL JOIN is not supported in kafkascope.',
    ],
    [
      'CREATE STREAM s AS SELECT MASK(card_number) AS m FROM authorization_attempts;',
      'The function MASK is not supported in kafkascope.',
    ],
    [
      'CREATE TABLE t AS SELECT card_number, collect_list(amount) AS l FROM authorization_attempts GROUP BY card_number;',
      'The aggregate function COLLECT_LIST is not supported in kafkascope.',
    ],
    [
      'CREATE STREAM s AS SELECT * FROM authorization_attempts LIMIT 3;',
      'LIMIT in a persistent query is not supported in kafkascope.',
    ],
  ];
  it.each(cases)('%s', (statement, message) => {
    const p = problemOf(statement);
    expect(p.message).toBe(message);
    expect(p.origin).toBe('kafkascope');
  });
});
