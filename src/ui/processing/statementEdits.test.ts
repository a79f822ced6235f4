import { describe, expect, it } from 'vitest';
import { compileStatements } from '../../engine';
import {
  createStreamToTable,
  durationText,
  editQueryStatement,
  propertiesOf,
  setEmit,
  setGracePeriod,
  setProperty,
  setWindowSize,
  SLIDE_STATEMENT,
  splitStatements,
  windowKindOf,
  withSlideStatement,
} from './statementEdits';

const SOURCE =
  "CREATE STREAM authorization_attempts (card_number VARCHAR, amount INT)\n  WITH (KAFKA_TOPIC='authorization_attempts', VALUE_FORMAT='JSON');";
const QUERY =
  'CREATE TABLE possible_fraud AS\n  SELECT card_number, COUNT(*) AS attempts FROM authorization_attempts\n  WINDOW TUMBLING (SIZE 5 MINUTES)\n  GROUP BY card_number HAVING COUNT(*) > 3;';
const LESSON = `${SOURCE}\n${QUERY}\n`;
const CATALOG = { authorization_attempts: { partitions: 6 } };

function compiled(script: string) {
  const result = compileStatements(script, CATALOG);
  if (!result.ok) throw new Error(result.problems[0].message);
  const q = result.program.queries[0];
  if (q.kind !== 'CTAS') throw new Error('not an aggregate');
  return { q, properties: result.program.properties };
}

describe('splitStatements', () => {
  it('splits at ; outside strings, names and comments', () => {
    const script = "SET 'a'='x;y';\n-- a ; comment\nCREATE STREAM `s;t` AS SELECT 1;\nrest";
    expect(splitStatements(script).map((s) => s.text)).toEqual([
      "SET 'a'='x;y';",
      '-- a ; comment\nCREATE STREAM `s;t` AS SELECT 1;',
      'rest',
    ]);
    const [first] = splitStatements('  \n  A;');
    expect(first).toEqual({ start: 5, end: 7, text: 'A;' });
  });
});

describe('window rewrites', () => {
  it('SIZE: replaced in place, and the engine reads the new size', () => {
    const out = editQueryStatement(LESSON, 0, (s) => setWindowSize(s, '1 MINUTE'));
    expect(out).toBe(LESSON.replace('SIZE 5 MINUTES', 'SIZE 1 MINUTE'));
    expect(compiled(out).q.window).toMatchObject({ kind: 'TUMBLING', sizeMs: 60_000 });
  });

  it('GRACE PERIOD: added after SIZE, then replaced, then removed', () => {
    const added = editQueryStatement(LESSON, 0, (s) => setGracePeriod(s, '30 SECONDS'));
    expect(added).toContain('WINDOW TUMBLING (SIZE 5 MINUTES, GRACE PERIOD 30 SECONDS)');
    expect(compiled(added).q.window).toMatchObject({ sizeMs: 300_000, graceMs: 30_000 });
    const replaced = editQueryStatement(added, 0, (s) => setGracePeriod(s, '0 SECONDS'));
    expect(replaced).toContain('(SIZE 5 MINUTES, GRACE PERIOD 0 SECONDS)');
    expect(compiled(replaced).q.window).toMatchObject({ graceMs: 0 });
    const removed = editQueryStatement(replaced, 0, (s) => setGracePeriod(s, null));
    expect(removed).toBe(LESSON);
  });

  it('keeps RETENTION and puts GRACE PERIOD after it, as the grammar orders them', () => {
    const stmt =
      'CREATE TABLE t AS SELECT a, COUNT(*) FROM s WINDOW HOPPING (SIZE 1 MINUTE, ADVANCE BY 10 SECONDS, RETENTION 1 HOUR) GROUP BY a;';
    expect(setGracePeriod(stmt, '5 SECONDS')).toContain(
      '(SIZE 1 MINUTE, ADVANCE BY 10 SECONDS, RETENTION 1 HOUR, GRACE PERIOD 5 SECONDS)',
    );
    expect(setWindowSize(stmt, '2 MINUTES')).toContain('(SIZE 2 MINUTES, ADVANCE BY 10 SECONDS,');
    expect(windowKindOf(stmt)).toBe('HOPPING');
  });

  it('a statement without a window is left alone', () => {
    const stmt = 'CREATE TABLE t AS SELECT a, COUNT(*) FROM s GROUP BY a;';
    expect(setWindowSize(stmt, '1 MINUTE')).toBe(stmt);
    expect(setGracePeriod(stmt, '1 MINUTE')).toBe(stmt);
    expect(windowKindOf(stmt)).toBeNull();
  });
});

describe('EMIT', () => {
  it('adds EMIT FINAL before the ;, switches it back to CHANGES', () => {
    const final = editQueryStatement(LESSON, 0, (s) => setEmit(s, 'FINAL'));
    expect(final).toContain('HAVING COUNT(*) > 3 EMIT FINAL;\n');
    expect(compiled(final).q.emit).toBe('FINAL');
    const changes = editQueryStatement(final, 0, (s) => setEmit(s, 'CHANGES'));
    expect(changes).toContain('HAVING COUNT(*) > 3 EMIT CHANGES;\n');
    expect(compiled(changes).q.emit).toBe('CHANGES');
  });

  it('edits only the query statement, not the source before it', () => {
    const out = editQueryStatement(LESSON, 0, (s) => setEmit(s, 'FINAL'));
    expect(out.startsWith(SOURCE)).toBe(true);
    expect(editQueryStatement(SOURCE, 0, (s) => setEmit(s, 'FINAL'))).toBe(SOURCE);
  });
});

describe('SET lines', () => {
  const CACHE = ['cache.max.bytes.buffering', 'statestore.cache.max.bytes'];

  it('adds a SET line first, replaces it, removes it (back to the default)', () => {
    const off = setProperty(LESSON, CACHE, '0');
    expect(off).toBe(`SET 'cache.max.bytes.buffering'='0';\n${LESSON}`);
    expect(compiled(off).properties.cacheMaxBytes).toBe(0);
    const withCommit = setProperty(off, ['commit.interval.ms'], '500');
    expect(propertiesOf(withCommit)).toEqual([
      { name: 'cache.max.bytes.buffering', value: '0' },
      { name: 'commit.interval.ms', value: '500' },
    ]);
    expect(compiled(withCommit).properties.commitIntervalMs).toBe(500);
    const changed = setProperty(withCommit, ['commit.interval.ms'], '5000');
    expect(compiled(changed).properties.commitIntervalMs).toBe(5000);
    const on = setProperty(changed, CACHE, null);
    expect(on).toBe(`SET 'commit.interval.ms'='5000';\n${LESSON}`);
    expect(compiled(on).properties.cacheMaxBytes).toBe(10_000_000);
  });

  it('an alias or ksql.streams. prefix counts as the same property', () => {
    const script = `SET 'ksql.streams.statestore.cache.max.bytes'='100';\n${LESSON}`;
    expect(setProperty(script, CACHE, '0')).toBe(`SET 'cache.max.bytes.buffering'='0';\n${LESSON}`);
    expect(setProperty(script, CACHE, null)).toBe(LESSON);
  });
});

describe("the slide's statement", () => {
  it('keeps the source, puts the slide after it; ksqlDB refuses it at its line', () => {
    const script = withSlideStatement(`SET 'commit.interval.ms'='500';\n${LESSON}`);
    expect(script).toBe(`SET 'commit.interval.ms'='500';\n${SOURCE}\n${SLIDE_STATEMENT}\n`);
    const result = compileStatements(script, CATALOG);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0].message).toBe(
      'Invalid result type. Your SELECT query produces a TABLE. Please use CREATE TABLE AS SELECT statement instead.',
    );
    expect(result.problems[0].position).toEqual({ line: 4, column: 1 });
  });

  it('CREATE STREAM → CREATE TABLE at the reported place compiles', () => {
    const script = withSlideStatement(LESSON);
    const offset = script.indexOf(SLIDE_STATEMENT);
    const fixed = createStreamToTable(script, offset);
    expect(fixed).toBe(
      script.replace('CREATE STREAM possible_fraud', 'CREATE TABLE possible_fraud'),
    );
    expect(compiled(fixed!).q.sink.kind).toBe('TABLE');
    expect(createStreamToTable(script, 3)).toBeNull();
    expect(createStreamToTable('create stream x as select', 0)).toBe('create table x as select');
  });
});

describe('durationText', () => {
  it('the largest unit that divides, singular for one', () => {
    expect(durationText(300_000)).toBe('5 MINUTES');
    expect(durationText(60_000)).toBe('1 MINUTE');
    expect(durationText(90_000)).toBe('90 SECONDS');
    expect(durationText(86_400_000)).toBe('1 DAY');
    expect(durationText(1500)).toBe('1500 MILLISECONDS');
    expect(durationText(0)).toBe('0 MILLISECONDS');
  });
});
