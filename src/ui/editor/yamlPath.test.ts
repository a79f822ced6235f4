import { describe, expect, it } from 'vitest';
import { inBlockScalarOf, yamlCursorAt, yamlKeyAt } from './yamlPath';

/** The text with its cursor marker (‸) taken out, and the marker's offset. */
function marked(textWithCursor: string): { text: string; offset: number } {
  const offset = textWithCursor.indexOf('‸');
  if (offset < 0) throw new Error('no cursor marker');
  return { text: textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1), offset };
}

const cursor = (textWithCursor: string) => {
  const { text, offset } = marked(textWithCursor);
  return yamlCursorAt(text, offset);
};

const TOPICS = [
  'title: Keys',
  'cluster:',
  '  brokers: 3',
  '  topics:',
  '    - name: orders',
  '      partitions: 3',
  '    - name: payments',
  '      partitions: 1',
  '',
].join('\n');

describe('yamlCursorAt: block structure', () => {
  it('a top-level key being typed', () => {
    expect(cursor('title: x\nti‸')).toEqual({
      path: [],
      position: 'key',
      prefix: 'ti',
      from: 9,
      siblings: ['title'],
    });
    expect(cursor('ti‸')).toMatchObject({ path: [], position: 'key', prefix: 'ti', from: 0 });
  });

  it('a key typed in a topic item: the keys before and after it are its siblings', () => {
    const text = TOPICS.replace('      partitions: 3', '      repl‸\n      partitions: 3');
    const at = cursor(text);
    expect(at).toMatchObject({ path: ['cluster', 'topics', 0], position: 'key', prefix: 'repl' });
    expect(at?.siblings).toEqual(['name', 'partitions']);
    expect(at?.from).toBe(marked(text).offset - 'repl'.length);
  });

  it('the second item of a sequence is index 1', () => {
    const text = TOPICS.replace('      partitions: 1', '      partitions: 1\n      min‸');
    expect(cursor(text)).toMatchObject({
      path: ['cluster', 'topics', 1],
      siblings: ['name', 'partitions'],
    });
  });

  it('a compact sequence (dashes at the key column) is read the same way', () => {
    const text = 'cluster:\n  topics:\n  - name: a\n  - name: b\n    repl‸\n  brokers: 3\n';
    expect(cursor(text)).toMatchObject({ path: ['cluster', 'topics', 1], siblings: ['name'] });
    expect(cursor('cluster:\n  topics:\n  - name: a\n  bro‸\n')).toMatchObject({
      path: ['cluster'],
      siblings: ['topics'],
    });
  });

  it('the line after `- at: 2s` is in that step', () => {
    const text =
      'steps:\n  - at: 1s\n    say: hi\n  - at: 2s\n    pro‸\n  - at: 3s\n    say: bye\n';
    expect(cursor(text)).toMatchObject({
      path: ['steps', 1],
      position: 'key',
      prefix: 'pro',
      siblings: ['at'],
    });
  });

  it('an empty item (`  - ‸`) is a new mapping, after blank and comment lines', () => {
    const text =
      'steps:\n  - at: 1s\n    say: hi\n\n  # the next one\n  - at: 2s\n    say: x\n\n  - ‸';
    expect(cursor(text)).toEqual({
      path: ['steps', 2],
      position: 'key',
      prefix: '',
      from: text.length - 1,
      siblings: [],
    });
  });

  it('a blank line takes the column of the cursor', () => {
    expect(cursor('cluster:\n  brokers: 3\n  ‸\n')).toMatchObject({
      path: ['cluster'],
      siblings: ['brokers'],
    });
    expect(cursor('cluster:\n  brokers: 3\n‸\n')).toMatchObject({
      path: [],
      siblings: ['cluster'],
    });
    // The line under a key with no value yet is that key's mapping.
    expect(cursor('title: x\ncluster:\n  ‸')).toMatchObject({ path: ['cluster'], siblings: [] });
  });

  it('a key typed above its own children: the children are not its siblings', () => {
    const text = 'steps:\n  - at: 1s\n    prod‸\n      producer: checkout\n    extra: 1\n';
    expect(cursor(text)).toMatchObject({ path: ['steps', 0], siblings: ['at', 'extra'] });
  });

  it('a value after a key: the path ends with the key, the prefix is what is typed', () => {
    const text = 'cluster:\n  topics:\n    - name: t\n      cleanupPolicy: ‸\n';
    expect(cursor(text)).toEqual({
      path: ['cluster', 'topics', 0, 'cleanupPolicy'],
      position: 'value',
      prefix: '',
      from: marked(text).offset,
      siblings: [],
    });
    expect(cursor('producers:\n  - id: p\n    acks: al‸')).toMatchObject({
      path: ['producers', 0, 'acks'],
      position: 'value',
      prefix: 'al',
    });
    // Typed up to the colon: already a value.
    expect(cursor('seed:‸')).toMatchObject({ path: ['seed'], position: 'value', prefix: '' });
    expect(cursor('steps:\n  - at: 2‸')).toMatchObject({ path: ['steps', 0, 'at'], prefix: '2' });
  });

  it('a dash just typed is not an item until its space', () => {
    const text = 'steps:\n  - at: 1s\n    say: hi\n  -‸';
    expect(cursor(text)).toMatchObject({ position: 'key', prefix: '-' });
    expect(cursor(text.replace('‸', ' ‸'))).toMatchObject({ path: ['steps', 1], prefix: '' });
    // A lone `-` line is an empty item all the same.
    expect(cursor('steps:\n  -\n  - ‸')).toMatchObject({ path: ['steps', 1] });
  });

  it('the cursor in the middle of a key: the prefix stops at the cursor', () => {
    expect(cursor('cluster:\n  bro‸kers: 3\n  topics: []\n')).toMatchObject({
      path: ['cluster'],
      position: 'key',
      prefix: 'bro',
      siblings: ['topics'],
    });
  });

  it('CRLF line endings', () => {
    const lf = TOPICS.replace('      partitions: 3', '      repl‸\n      partitions: 3');
    const crlf = lf.replace(/\n/g, '\r\n');
    const at = cursor(crlf);
    expect(at).toMatchObject({ path: ['cluster', 'topics', 0], prefix: 'repl' });
    expect(at?.siblings).toEqual(['name', 'partitions']);
    expect(cursor('title: x\r\ncluster:\r\n  brokers: 3\r\n  ‸\r\n')).toMatchObject({
      path: ['cluster'],
      siblings: ['brokers'],
    });
    expect(cursor('a:\r\n  b: x‸\r\n')).toMatchObject({ path: ['a', 'b'], prefix: 'x' });
  });

  it('no answer in comments or quoted strings', () => {
    expect(cursor('# a comm‸ent\ntitle: x')).toBeNull();
    expect(cursor('title: x # a comm‸ent')).toBeNull();
    expect(cursor('steps:\n  - # new st‸')).toBeNull();
    expect(cursor("title: 'Keys and ‸")).toBeNull();
    expect(cursor('title: "Keys‸"')).toBeNull();
    expect(cursor("steps:\n  - at: 1s\n    produce: { producer: p, value: 'a, b‸' }\n")).toBeNull();
    // A '#' inside a word is not a comment.
    expect(cursor('title: C#‸')).toMatchObject({ position: 'value', prefix: 'C#' });
  });

  it('no answer in a plain scalar wrapped onto the next lines', () => {
    const say = 'steps:\n  - at: 1s\n    say: An order with no key\n      has no parti‸tion\n';
    expect(cursor(say)).toBeNull();
    expect(yamlKeyAt(marked(say).text, marked(say).offset)).toBeNull();
    expect(
      cursor('steps:\n  - at: 1s\n    expect:\n      - records(orders)\n        == 4‸\n'),
    ).toBeNull();
    // The lines after the wrapped text are read as blocks again.
    expect(cursor(say.replace('‸', '') + '    ‸')).toMatchObject({
      path: ['steps', 0],
      siblings: ['at', 'say'],
    });
  });

  it('a key typed under a key with no value yet, before the keys that follow', () => {
    expect(cursor('cluster:\n  controllers:\n    mo‸\n  brokers: 3\n')).toMatchObject({
      path: ['cluster', 'controllers'],
      siblings: [],
    });
  });
});

describe('yamlCursorAt: flow collections', () => {
  const STEP = 'steps:\n  - at: 0s\n    say: hi\n  - at: 1s\n';

  it('a value in a flow map', () => {
    expect(cursor(`${STEP}    produce: { producer: checkout, acks: ‸}\n`)).toMatchObject({
      path: ['steps', 1, 'produce', 'acks'],
      position: 'value',
      prefix: '',
    });
    expect(cursor(`${STEP}    produce: { producer: chec‸ }\n`)).toMatchObject({
      path: ['steps', 1, 'produce', 'producer'],
      position: 'value',
      prefix: 'chec',
    });
  });

  it('a key in a flow map: the other keys, before and after, are its siblings', () => {
    const text = `${STEP}    produce: { producer: checkout, k‸ }\n`;
    expect(cursor(text)).toEqual({
      path: ['steps', 1, 'produce'],
      position: 'key',
      prefix: 'k',
      from: marked(text).offset - 1,
      siblings: ['producer'],
    });
    expect(cursor(`${STEP}    produce: { producer: checkout, ke‸y: a, count: 2 }\n`)).toMatchObject(
      { prefix: 'ke', siblings: ['producer', 'count'] },
    );
    expect(cursor(`${STEP}    produce: {‸}\n`)).toMatchObject({
      path: ['steps', 1, 'produce'],
      position: 'key',
      prefix: '',
      siblings: [],
    });
  });

  it('a flow map as a sequence item, and nested flow collections', () => {
    expect(cursor('producers:\n  - { id: checkout, ‸ }\n')).toMatchObject({
      path: ['producers', 0],
      position: 'key',
      siblings: ['id'],
    });
    expect(cursor('consumers:\n  - { id: c, assignors: [range, ‸] }\n')).toMatchObject({
      path: ['consumers', 0, 'assignors', 1],
      position: 'value',
    });
    expect(cursor('network: { latency: 20ms, jit‸ter: 0ms }')).toMatchObject({
      path: ['network'],
      prefix: 'jit',
      siblings: ['latency'],
    });
  });

  it('a flow map over several lines', () => {
    const text =
      'steps:\n  - at: 1s\n    produce: {\n      producer: p,\n      k‸\n    }\n  - at: 2s\n';
    expect(cursor(text)).toMatchObject({
      path: ['steps', 0, 'produce'],
      position: 'key',
      prefix: 'k',
      siblings: ['producer'],
    });
    // The lines after it are read as blocks again.
    expect(cursor(text.replace('k‸', 'k') + '    ‸')).toMatchObject({
      path: ['steps', 1],
      siblings: ['at'],
    });
  });

  it('an unclosed flow map does not swallow the lines after it', () => {
    const text = 'steps:\n  - at: 1s\n    produce: { producer: p, ‸\n  - at: 2s\n    kill: 1\n';
    expect(cursor(text)).toMatchObject({
      path: ['steps', 0, 'produce'],
      position: 'key',
      siblings: ['producer'],
    });
    expect(cursor(text.replace('‸', '') + '    ‸')).toMatchObject({
      path: ['steps', 1],
      siblings: ['at', 'kill'],
    });
  });

  it('after a flow collection closed: nothing to complete', () => {
    expect(cursor('network: { latency: 20ms } ‸')).toBeNull();
  });
});

describe('block scalars', () => {
  const STREAMS = [
    'streams:',
    '  - id: fraud',
    '    statements: |',
    '      CREATE STREAM payments (id VARCHAR KEY)',
    '        WITH (kafka_topic = payments);',
    '',
    '      SELECT * FROM payments EMIT CHANGES;',
    '    instances: 2',
    'steps:',
    '  - at: 1s',
    '    say: >-',
    '      Some text: with a colon',
    '',
  ].join('\n');

  const offsetOf = (needle: string, from = 0): number => {
    const at = STREAMS.indexOf(needle, from);
    if (at < 0) throw new Error(needle);
    return at;
  };

  it('content lines: no cursor, but inBlockScalarOf the key', () => {
    for (const offset of [offsetOf('STREAM') + 3, offsetOf('WITH'), offsetOf('SELECT') - 6]) {
      expect(yamlCursorAt(STREAMS, offset)).toBeNull();
      expect(inBlockScalarOf(STREAMS, offset, 'statements')).toBe(true);
      expect(inBlockScalarOf(STREAMS, offset, 'say')).toBe(false);
    }
    // The blank line between two statements is inside, whatever the cursor's column.
    const blank = offsetOf('\n\n') + 1;
    expect(inBlockScalarOf(STREAMS, blank, 'statements')).toBe(true);
    expect(yamlCursorAt(STREAMS, blank)).toBeNull();
    // A folded scalar's text with a colon is not a key.
    expect(yamlCursorAt(STREAMS, offsetOf('colon'))).toBeNull();
    expect(inBlockScalarOf(STREAMS, offsetOf('colon'), 'say')).toBe(true);
  });

  it('the `statements: |` line itself is not inside, and the lines after the scalar are blocks', () => {
    const header = offsetOf('statements: |') + 'statements: |'.length;
    expect(inBlockScalarOf(STREAMS, header, 'statements')).toBe(false);
    expect(yamlCursorAt(STREAMS, header)).toBeNull(); // nothing to complete after the `|`
    expect(inBlockScalarOf(STREAMS, offsetOf('statements'), 'statements')).toBe(false);
    const instances = offsetOf('instances') + 4;
    expect(inBlockScalarOf(STREAMS, instances, 'statements')).toBe(false);
    expect(yamlCursorAt(STREAMS, instances)).toMatchObject({
      path: ['streams', 0],
      position: 'key',
      prefix: 'inst',
      siblings: ['id', 'statements'],
    });
  });

  it('an empty line just after `statements: |`: inside when indented past the key', () => {
    const text = 'streams:\n  - id: s\n    statements: |\n      ‸\n';
    const { text: plain, offset } = marked(text);
    expect(inBlockScalarOf(plain, offset, 'statements')).toBe(true);
    expect(yamlCursorAt(plain, offset)).toBeNull();
    const { text: plain2, offset: offset2 } = marked(
      'streams:\n  - id: s\n    statements: |\n    ‸\n',
    );
    expect(inBlockScalarOf(plain2, offset2, 'statements')).toBe(false);
    expect(yamlCursorAt(plain2, offset2)).toMatchObject({
      path: ['streams', 0],
      siblings: ['id', 'statements'],
    });
  });

  it('CRLF block scalars', () => {
    const crlf = STREAMS.replace(/\n/g, '\r\n');
    expect(inBlockScalarOf(crlf, crlf.indexOf('WITH'), 'statements')).toBe(true);
    expect(inBlockScalarOf(crlf, crlf.indexOf('instances'), 'statements')).toBe(false);
  });
});

describe('yamlKeyAt (hover)', () => {
  const TEXT =
    'cluster:\n  topics:\n    - name: orders\n      partitions: 3\nsteps:\n  - at: 1s\n    produce: { producer: checkout, "key": alice }\n';

  it('a block key: its parent path and span', () => {
    const from = TEXT.indexOf('partitions');
    expect(yamlKeyAt(TEXT, from + 3)).toEqual({
      path: ['cluster', 'topics', 0],
      key: 'partitions',
      from,
      to: from + 'partitions'.length,
    });
    expect(yamlKeyAt(TEXT, TEXT.indexOf('name'))).toMatchObject({
      path: ['cluster', 'topics', 0],
      key: 'name',
    });
    expect(yamlKeyAt(TEXT, 2)).toMatchObject({ path: [], key: 'cluster', from: 0, to: 7 });
    expect(yamlKeyAt(TEXT, TEXT.indexOf('at:'))).toMatchObject({ path: ['steps', 0], key: 'at' });
  });

  it('a key in a flow map', () => {
    const from = TEXT.indexOf('producer:');
    expect(yamlKeyAt(TEXT, from + 2)).toEqual({
      path: ['steps', 0, 'produce'],
      key: 'producer',
      from,
      to: from + 'producer'.length,
    });
    const quoted = TEXT.indexOf('"key"');
    expect(yamlKeyAt(TEXT, quoted + 2)).toEqual({
      path: ['steps', 0, 'produce'],
      key: 'key',
      from: quoted,
      to: quoted + 5,
    });
  });

  it('not on a key: values, blank lines, comments', () => {
    expect(yamlKeyAt(TEXT, TEXT.indexOf('orders'))).toBeNull();
    expect(yamlKeyAt(TEXT, TEXT.indexOf('checkout'))).toBeNull();
    expect(yamlKeyAt(TEXT, TEXT.indexOf('alice'))).toBeNull();
    expect(yamlKeyAt('# title: x\n', 3)).toBeNull();
    expect(yamlKeyAt('a: |\n  b: c\n', 7)).toBeNull();
    expect(yamlKeyAt('', 0)).toBeNull();
  });
});

describe('robustness', () => {
  it('any offset of a real-looking text answers without throwing', () => {
    const text = `title: x\nsteps:\n  - at: 1s\n    produce: { producer: 'a, b', key: "x\\"y" }\n  - [1, {a: b}]\n  - - nested\n  - |\n    text\n  -\n'unclosed\n{ open\n`;
    for (let offset = -1; offset <= text.length + 1; offset++) {
      expect(() => yamlCursorAt(text, offset)).not.toThrow();
      expect(() => yamlKeyAt(text, offset)).not.toThrow();
      expect(() => inBlockScalarOf(text, offset, 'statements')).not.toThrow();
    }
  });
});
