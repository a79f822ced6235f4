import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeField,
  keyCompletions,
  schemaAt,
  valueCompletions,
  type SchemaLike,
} from './schemaAssist';
import { inBlockScalarOf, yamlCursorAt, yamlKeyAt } from './yamlPath';

const schema = JSON.parse(readFileSync('public/scenario.schema.json', 'utf8')) as SchemaLike;

/** A property of a schema node, read the way a test can trust (throws when absent). */
function node(at: SchemaLike, ...keys: string[]): SchemaLike {
  let current: unknown = at;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null) throw new Error(keys.join('.'));
    current = (current as Record<string, unknown>)[key];
  }
  if (typeof current !== 'object' || current === null) throw new Error(keys.join('.'));
  return current as SchemaLike;
}

const TOPIC = node(schema, 'properties', 'cluster', 'properties', 'topics', 'items');
const labels = (completions: { label: string }[]): string[] => completions.map((c) => c.label);

/** The step kinds: the one key besides `at` of each branch of steps.items.anyOf. */
const STEP_KINDS = (node(schema, 'properties', 'steps', 'items').anyOf as SchemaLike[]).map(
  (branch) => Object.keys(node(branch, 'properties')).filter((key) => key !== 'at'),
);

describe('schemaAt', () => {
  it('follows properties and items, flattening anyOf', () => {
    expect(schemaAt(schema, ['cluster', 'topics', 0])).toEqual([TOPIC]);
    expect(schemaAt(schema, ['steps', 3])).toHaveLength(STEP_KINDS.length);
    // duration: anyOf integer | string
    expect(schemaAt(schema, ['duration']).map((n) => n.type)).toEqual(['integer', 'string']);
    // Only the produce branch has a `produce`.
    expect(schemaAt(schema, ['steps', 0, 'produce'])).toEqual([
      node(schema, 'properties', 'steps', 'items', 'anyOf', '0', 'properties', 'produce'),
    ]);
  });

  it('unknown paths: []', () => {
    expect(schemaAt(schema, ['nope'])).toEqual([]);
    expect(schemaAt(schema, ['cluster', 0])).toEqual([]);
    expect(schemaAt(schema, ['title', 'x', 'y'])).toEqual([]);
    expect(schemaAt({}, ['a'])).toEqual([]);
    expect(schemaAt({ anyOf: 'broken', properties: 3 }, ['a', 1])).toEqual([]);
  });
});

describe('keyCompletions', () => {
  it("a topic's keys: the schema's descriptions as info, the written ones left out", () => {
    const completions = keyCompletions(schema, ['cluster', 'topics', 0], ['name']);
    const replicationFactor = completions.find((c) => c.label === 'replicationFactor');
    expect(replicationFactor).toEqual({
      label: 'replicationFactor',
      kind: 'property',
      detail: 'number',
      info: node(TOPIC, 'properties', 'replicationFactor').description,
    });
    expect(labels(completions)).not.toContain('name');
    expect(labels(completions)).toEqual(
      Object.keys(node(TOPIC, 'properties'))
        .filter((key) => key !== 'name')
        .sort((a, b) => a.localeCompare(b)),
    );
    expect(completions.find((c) => c.label === 'placement')?.detail).toBe('object');
    expect(completions.find((c) => c.label === 'replicaAssignment')?.detail).toBe('list');
    expect(completions.find((c) => c.label === 'uncleanLeaderElection')?.detail).toBe('boolean');
  });

  it('required keys first, then alphabetical', () => {
    const top = labels(keyCompletions(schema, [], []));
    expect(top.slice(0, 3)).toEqual(['cluster', 'duration', 'title']);
    expect(top.slice(3)).toEqual([...top.slice(3)].sort((a, b) => a.localeCompare(b)));
    expect(labels(keyCompletions(schema, ['cluster', 'topics', 0], []))[0]).toBe('name');
  });

  it("a step's keys: every step kind, `at` left out once written", () => {
    expect(STEP_KINDS.every((keys) => keys.length === 1)).toBe(true);
    const kinds = STEP_KINDS.flat();
    expect(kinds).toEqual(expect.arrayContaining(['produce', 'killBroker', 'say', 'expect']));

    const fresh = keyCompletions(schema, ['steps', 0], []);
    expect(labels(fresh)[0]).toBe('at'); // required by every branch
    expect(labels(fresh).slice(1)).toEqual([...kinds].sort((a, b) => a.localeCompare(b)));

    const afterAt = keyCompletions(schema, ['steps', 0], ['at']);
    expect(labels(afterAt)).not.toContain('at');
    expect(labels(afterAt)).toEqual(expect.arrayContaining(['produce', 'killBroker']));
    expect(afterAt).toHaveLength(kinds.length);
    const killBroker = afterAt.find((c) => c.label === 'killBroker');
    expect(killBroker?.detail).toBe('number | object');
    expect(killBroker?.info).toMatch(/broker process dies/);
  });

  it('a step with `produce` written narrows to the produce branch', () => {
    // The produce branch holds `at` and `produce` only: no other step kind is offered.
    expect(keyCompletions(schema, ['steps', 0], ['at', 'produce'])).toEqual([]);
    expect(keyCompletions(schema, ['steps', 0], ['produce'])).toEqual([
      expect.objectContaining({ label: 'at' }),
    ]);
    // A key no branch has (a typo) narrows nothing.
    expect(keyCompletions(schema, ['steps', 0], ['at', 'prodcue'])).toHaveLength(STEP_KINDS.length);
  });

  it("inside a step kind: that kind's fields", () => {
    const produce = keyCompletions(schema, ['steps', 4, 'produce'], ['producer']);
    expect(labels(produce)).toEqual(
      expect.arrayContaining(['topic', 'key', 'keys', 'value', 'count', 'partition']),
    );
    expect(labels(produce)).not.toContain('producer');
    expect(produce.find((c) => c.label === 'keyOrder')?.detail).toBe('one of cycle, random');
    expect(produce.find((c) => c.label === 'key')?.detail).toBe('string | null');
    // `say` is text or { text, focus }: the object branch's keys.
    expect(labels(keyCompletions(schema, ['steps', 0, 'say'], []))).toEqual(['text', 'focus']);
  });

  it('unknown or scalar paths: []', () => {
    expect(keyCompletions(schema, ['nope'], [])).toEqual([]);
    expect(keyCompletions(schema, ['title'], [])).toEqual([]);
    expect(keyCompletions(schema, ['steps', 0, 'expect', 0], [])).toEqual([]);
    expect(keyCompletions({}, [], [])).toEqual([]);
  });
});

describe('valueCompletions', () => {
  it("an enum: its values, with the field's description", () => {
    const acks = valueCompletions(schema, ['producers', 0, 'acks']);
    expect(labels(acks)).toEqual(['0', '1', '-1', 'all']);
    expect(acks[3]).toEqual({
      label: 'all',
      kind: 'value',
      info: node(schema, 'properties', 'producers', 'items', 'properties', 'acks').description,
    });
    expect(labels(valueCompletions(schema, ['producers', 0, 'partitioner']))).toEqual([
      'default',
      'round-robin',
      'legacy',
      'sticky',
    ]);
    // anyOf of an enum and an integer: the enum's values.
    expect(labels(valueCompletions(schema, ['consumers', 0, 'from']))).toEqual([
      'earliest',
      'latest',
    ]);
    // A list's items (a `- ` line or a flow item).
    expect(labels(valueCompletions(schema, ['consumers', 0, 'assignors', 1]))).toEqual([
      'range',
      'roundrobin',
      'sticky',
      'cooperative-sticky',
    ]);
  });

  it('the default is marked', () => {
    const mode = valueCompletions(schema, ['cluster', 'controllers', 'mode']);
    expect(mode.map((c) => [c.label, c.detail])).toEqual([
      ['combined', 'default'],
      ['isolated', undefined],
    ]);
  });

  it('booleans: true and false; free-form and unknown: []', () => {
    expect(
      labels(valueCompletions(schema, ['cluster', 'topics', 0, 'uncleanLeaderElection'])),
    ).toEqual(['true', 'false']);
    expect(valueCompletions(schema, ['title'])).toEqual([]);
    expect(valueCompletions(schema, ['cluster', 'topics', 0, 'partitions'])).toEqual([]);
    expect(valueCompletions(schema, ['nope', 'deeper'])).toEqual([]);
    expect(valueCompletions(schema, [])).toEqual([]);
  });
});

describe('describeField', () => {
  it('a known key: description, type, values and default', () => {
    expect(describeField(schema, ['cluster', 'topics', 0, 'replicationFactor'])).toEqual({
      key: 'replicationFactor',
      description: node(TOPIC, 'properties', 'replicationFactor').description,
      type: 'number',
    });
    expect(describeField(schema, ['seed'])).toMatchObject({
      key: 'seed',
      type: 'number',
      default: 1,
    });
    expect(describeField(schema, ['cluster', 'controllers', 'mode'])).toMatchObject({
      type: 'one of combined, isolated',
      values: ['combined', 'isolated'],
      default: 'combined',
    });
    expect(describeField(schema, ['producers', 0, 'acks'])).toMatchObject({
      values: ['0', '1', '-1', 'all'],
    });
    // A description on a union field (say: text or { text, focus }) is the field's own.
    expect(describeField(schema, ['steps', 2, 'say'])?.description).toBe(
      node(schema, 'properties', 'steps', 'items', 'anyOf', '4', 'properties', 'say').description,
    );
    expect(describeField(schema, ['steps', 2, 'at'])?.description).toMatch(/When the step happens/);
  });

  it('unknown keys and non-keys: null', () => {
    expect(describeField(schema, ['nope'])).toBeNull();
    expect(describeField(schema, ['cluster', 'nope'])).toBeNull();
    expect(describeField(schema, ['steps', 0])).toBeNull();
    expect(describeField(schema, [])).toBeNull();
    // headers: { any name: value }: a header's name is not a field the schema knows.
    expect(describeField(schema, ['steps', 0, 'produce', 'headers', 'trace-id'])).toBeNull();
  });
});

describe('with yamlCursorAt on a real scenario', () => {
  const lesson = readFileSync('public/scenarios/lesson-04-keys.yaml', 'utf8');

  /** The lesson with `line` inserted after the line `after`, and the offset at the end of the insertion. */
  function insertAfter(after: string, line: string): { text: string; offset: number } {
    const at = lesson.indexOf(`${after}\n`);
    if (at < 0) throw new Error(after);
    const insertAt = at + after.length + 1;
    return {
      text: `${lesson.slice(0, insertAt)}${line}\n${lesson.slice(insertAt)}`,
      offset: insertAt + line.length,
    };
  }

  it("a key typed in the topic: the topic's other keys", () => {
    const { text, offset } = insertAfter('      partitions: 3', '      repl');
    const cursor = yamlCursorAt(text, offset);
    expect(cursor).toMatchObject({
      path: ['cluster', 'topics', 0],
      position: 'key',
      prefix: 'repl',
    });
    if (cursor === null) return;
    expect(cursor.siblings).toEqual(['name', 'partitions', 'placement']);
    const offered = labels(keyCompletions(schema, cursor.path, cursor.siblings));
    expect(offered).toContain('replicationFactor');
    expect(offered.filter((label) => label.startsWith(cursor.prefix))).toEqual([
      'replicaAssignment',
      'replicationFactor',
    ]);
    expect(offered).not.toContain('partitions');
  });

  it('a key typed in a new step: the step kinds', () => {
    const { text, offset } = insertAfter(
      '    addPartitions: { topic: orders, count: 3 }',
      '  - at: 28s\n    kill',
    );
    const cursor = yamlCursorAt(text, offset);
    expect(cursor).toMatchObject({ position: 'key', prefix: 'kill', siblings: ['at'] });
    if (cursor === null) return;
    // The new step's index: the steps before it in the lesson, plus itself.
    const stepsBefore =
      text.slice(text.indexOf('\nsteps:'), offset).match(/\n {2}- /g)?.length ?? 0;
    expect(cursor.path).toEqual(['steps', stepsBefore - 1]);
    const offered = labels(keyCompletions(schema, cursor.path, cursor.siblings));
    expect(offered.filter((label) => label.startsWith(cursor.prefix))).toEqual([
      'killBroker',
      'killController',
      'killStreamsInstance',
    ]);
  });

  it("a value in a step's flow map: the enum's values", () => {
    const line = "    produce: { producer: checkout, key: bob, value: 'bob: order 1' }";
    expect(lesson).toContain(line);
    const text = lesson.replace(line, '    produce: { producer: checkout, keyOrder: , key: bob }');
    const offset = text.indexOf('keyOrder: ') + 'keyOrder: '.length;
    const cursor = yamlCursorAt(text, offset);
    expect(cursor).toMatchObject({ position: 'value', prefix: '' });
    if (cursor === null) return;
    expect(cursor.path).toEqual(['steps', expect.any(Number), 'produce', 'keyOrder']);
    expect(labels(valueCompletions(schema, cursor.path))).toEqual(['cycle', 'random']);
  });
});

describe('a `- ` item in a list of scalars', () => {
  it('no keys there: the values of the list items instead', () => {
    const text = 'consumers:\n  - id: c\n    assignors:\n      - range\n      - ';
    const cursor = yamlCursorAt(text, text.length);
    expect(cursor).toMatchObject({ path: ['consumers', 0, 'assignors', 1], position: 'key' });
    if (cursor === null) return;
    expect(keyCompletions(schema, cursor.path, cursor.siblings)).toEqual([]);
    expect(labels(valueCompletions(schema, cursor.path))).toEqual([
      'range',
      'roundrobin',
      'sticky',
      'cooperative-sticky',
    ]);
  });
});

describe('half-typed text never throws', () => {
  const lesson = readFileSync('public/scenarios/lesson-13-fraud-query.yaml', 'utf8');
  const typed = fc.stringMatching(/^[-a-z:{}[\],'"#| \n]{0,12}$/);

  it('an edit anywhere, the cursor anywhere (seed 7)', () => {
    fc.assert(
      fc.property(
        fc.nat(lesson.length),
        typed,
        fc.nat(lesson.length + 12),
        (at, insert, cursorAt) => {
          const text = lesson.slice(0, at) + insert + lesson.slice(at);
          const cursor = yamlCursorAt(text, cursorAt);
          yamlKeyAt(text, cursorAt);
          inBlockScalarOf(text, cursorAt, 'statements');
          if (cursor !== null) {
            // The prefix is the text just before the cursor.
            expect(cursor.from + cursor.prefix.length).toBe(Math.min(cursorAt, text.length));
            expect(text.slice(cursor.from, cursor.from + cursor.prefix.length)).toBe(cursor.prefix);
            keyCompletions(schema, cursor.path, cursor.siblings);
            valueCompletions(schema, cursor.path);
            describeField(schema, cursor.path);
          }
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});
