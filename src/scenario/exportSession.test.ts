import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_TYPES, nameProblem, traceHash, type Command } from '../engine';
import { main, memoryIo } from '../cli/main';
import { replaySession } from '../runtime';
import { loadScenario } from './compile';
import { exportSessionAsScenario, type SessionAction } from './exportSession';
import { parseScenario } from './parse';
import { runScenario } from './run';
import type { CompiledScenario } from './types';

/** A scenario with something for every command to act on: producers, a plain consumer, a group. */
const SHOP = `# A shop: two topics, a producer, a reader and a group.
title: Shop
seed: 3
duration: 20s # long enough

cluster:
  brokers: [0, 1, 2, 3]
  topics:
    - { name: orders, partitions: 4, replicationFactor: 3, placement: { startIndex: 0, shift: 0 } }
    - name: payments
      partitions: 2
      replicationFactor: 2
  brokerSessionTimeout: 3s
  brokerHeartbeatInterval: 1s
  offsetsTopicPartitions: 4
  controllers: { mode: isolated, voters: 3 }

consumerDefaults:
  sessionTimeout: 6s
  heartbeatInterval: 1s

producers:
  - { id: checkout, topic: orders, acks: all, rate: 4, keys: [a, b, c], keyOrder: cycle }
  - id: refunds # no default topic
    acks: 1

consumers:
  - { id: reader, topic: orders, from: earliest }
  - { id: c1, group: billing, topic: orders, from: earliest }
  - { id: c2, group: billing, topic: orders, from: earliest }

streams:
  - id: copier
    statements: |
      CREATE STREAM o (v VARCHAR) WITH (KAFKA_TOPIC='orders', VALUE_FORMAT='KAFKA');
      CREATE STREAM o_copy AS SELECT * FROM o;

steps:
  - at: 0s
    say: 'Orders flow: watch the keys.'
  - at: 2s
    produce: { producer: refunds, topic: payments, key: alice, value: refund 1 }
  - at: 8s
    expect: producers[refunds].acked >= 1
  - at: 12s
    rate: { producer: checkout, rate: 2 } # keeps its keys
`;

/** Every command type, each one the engine accepts at its moment in SHOP. */
const EVERY_COMMAND: SessionAction[] = [
  { atMs: 0, command: { type: 'narrate', text: 'First <b>action</b> & "quotes"' } },
  {
    atMs: 1500,
    command: {
      type: 'produce',
      producer: 'checkout',
      key: '<script>alert(1)</script>',
      value: '"><img src=x onerror=alert(1)>',
      headers: [
        ['trace', '1'],
        ['trace', '2\n3'],
      ],
    },
  },
  {
    atMs: 1500,
    command: {
      type: 'produce',
      producer: 'refunds',
      topic: 'payments',
      keys: ['x', 'y: z', 'true', '007'],
      keyOrder: 'cycle',
      count: 5,
    },
  },
  {
    atMs: 1700,
    command: { type: 'produce', producer: 'checkout', key: null, value: null, partition: 2 },
  },
  {
    atMs: 2000,
    command: { type: 'setProducerRate', producer: 'checkout', rate: 7.5, keys: ['k1', 'k2'] },
  },
  {
    atMs: 2100,
    command: {
      type: 'configureProducer',
      producer: 'refunds',
      partitioner: 'round-robin',
      acks: 'all',
    },
  },
  { atMs: 2200, command: { type: 'configureProducer', producer: 'checkout', acks: 1 } },
  {
    atMs: 3000,
    command: {
      type: 'seek',
      consumer: 'reader',
      topic: 'orders',
      partition: 1,
      offset: 'earliest',
    },
  },
  { atMs: 3001, command: { type: 'seek', consumer: 'reader', offset: 2 } },
  { atMs: 4000, command: { type: 'killBroker', broker: 2 } },
  { atMs: 4500, command: { type: 'shutdownBroker', broker: 3 } },
  { atMs: 6000, command: { type: 'restartBroker', broker: 2 } },
  { atMs: 6200, command: { type: 'killController', controller: 3001 } },
  { atMs: 6300, command: { type: 'restartController', controller: 3001 } },
  {
    atMs: 6500,
    command: {
      type: 'addConsumer',
      consumer: {
        id: 'billing-3',
        topics: ['orders'],
        from: 'earliest',
        group: 'billing',
        assignors: ['range', 'cooperative-sticky'],
        sessionTimeoutMs: 6000,
        heartbeatIntervalMs: 1000,
        maxPollRecords: 50,
        autoCommitIntervalMs: 2500,
      },
    },
  },
  { atMs: 7000, command: { type: 'pauseConsumer', consumer: 'c1' } },
  { atMs: 7500, command: { type: 'resumeConsumer', consumer: 'c1' } },
  { atMs: 7600, command: { type: 'stallConsumer', consumer: 'c1' } },
  { atMs: 7700, command: { type: 'resumeConsumer', consumer: 'c1' } },
  { atMs: 8000, command: { type: 'commit', consumer: 'c2' } },
  { atMs: 8000, command: { type: 'crashConsumer', consumer: 'c2' } },
  { atMs: 9000, command: { type: 'removeConsumer', consumer: 'reader' } },
  { atMs: 9500, command: { type: 'killStreamsInstance', instance: 'copier-1' } },
  { atMs: 9600, command: { type: 'restartStreamsInstance', instance: 'copier-1' } },
  { atMs: 9700, command: { type: 'addStreamsInstance', app: 'copier' } },
  { atMs: 9800, command: { type: 'stopStreamsInstance', instance: 'copier-2' } },
  { atMs: 10_000, command: { type: 'addPartitions', topic: 'orders', count: 2 } },
  { atMs: 10_000, command: { type: 'setProducerRate', producer: 'checkout', rate: 0, key: null } },
  { atMs: 11_000, command: { type: 'setProducerRate', producer: 'checkout', rate: 3 } },
];

function exported(source: string, log: readonly SessionAction[], seed?: number): string {
  const result = exportSessionAsScenario(source, log, seed === undefined ? {} : { seed });
  if (!result.ok) throw new Error(result.message);
  return result.text;
}

function compiled(text: string): CompiledScenario {
  const loaded = loadScenario(text);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value;
}

/** The trace hash of the exported file run headless, and of the session replayed as the app does. */
function hashes(source: string, log: readonly SessionAction[], seed?: number) {
  const text = exported(source, log, seed);
  const file = compiled(text);
  const scenarioHash = traceHash(runScenario(file).world);
  const original = compiled(source);
  const replayHash = traceHash(
    replaySession(original, seed ?? original.seed, log, file.durationMs),
  );
  return { text, scenarioHash, replayHash };
}

const BUILTIN_DIR = join(import.meta.dirname, '../../public/scenarios');
const builtins = readdirSync(BUILTIN_DIR)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ name: f, text: readFileSync(join(BUILTIN_DIR, f), 'utf8') }))
  // Files being written elsewhere may not parse yet; this suite is about export.
  .filter((f) => parseScenario(f.text).ok);

describe('exportSessionAsScenario: the file is kept', () => {
  it('gives the identical text with no actions and no new seed', () => {
    expect(builtins.length).toBeGreaterThan(5);
    for (const f of [...builtins, { name: 'shop', text: SHOP }]) {
      expect(exportSessionAsScenario(f.text, [])).toEqual({ ok: true, text: f.text });
      const seed = compiled(f.text).seed;
      expect(exportSessionAsScenario(f.text, [], { seed })).toEqual({ ok: true, text: f.text });
    }
  });

  it('rewrites only the seed value when given a new seed, comments and all', () => {
    const text = exported(SHOP.replace('seed: 3', 'seed: 3 # the lucky one'), [], 99);
    expect(text).toBe(SHOP.replace('seed: 3', 'seed: 99 # the lucky one'));
  });

  it('adds a seed just before duration when the file has none', () => {
    expect(exported(SHOP.replace('seed: 3\n', ''), [], 3)).toBe(SHOP);
    const json = '{ "title": "t", "duration": 1000, "cluster": { "brokers": 1, "topics": [] } }';
    expect(exported(json, [], 3)).toBe(json.replace('"duration"', '"seed": 3, "duration"'));
  });

  it('appends actions after the last step, keeping every byte before them', () => {
    const log: SessionAction[] = [{ atMs: 12_345, command: { type: 'killBroker', broker: 1 } }];
    const text = exported(SHOP, log);
    expect(text.startsWith(SHOP)).toBe(true);
    expect(text.slice(SHOP.length)).toBe(
      [
        '  # Recorded in kafkascope: the actions taken while the scenario ran.',
        '  - at: 12.345s',
        '    killBroker: 1',
        '',
      ].join('\n'),
    );
  });

  it('keeps say steps written as { text, focus } byte for byte, and their captions’ focus', () => {
    const source = SHOP.replace(
      "    say: 'Orders flow: watch the keys.'\n",
      [
        '    say:',
        "      text: 'Orders flow: watch the keys.' # the first caption",
        '      focus: [producer:checkout, log:orders-0, "record:orders-0@0"]',
        '  - at: 4s',
        "    say: { text: 'billing shares the work.', focus: [group:billing, consumer:c1] }",
        '',
      ].join('\n'),
    );
    const log: SessionAction[] = [
      { atMs: 5000, command: { type: 'narrate', text: 'mine' } },
      { atMs: 6000, command: { type: 'killBroker', broker: 2 } },
    ];
    const text = exported(source, log);
    expect(text.startsWith(source)).toBe(true);
    expect(compiled(text).captions.map((c) => [c.atMs, c.text, c.focus])).toEqual([
      [
        0,
        'Orders flow: watch the keys.',
        ['producer:checkout', 'log:orders-0', 'record:orders-0@0'],
      ],
      [4000, 'billing shares the work.', ['group:billing', 'consumer:c1']],
      [5000, 'mine', []],
    ]);
    expect(exportSessionAsScenario(source, [])).toEqual({ ok: true, text: source });
  });

  it('writes readable steps, quoting only what needs quotes', () => {
    const text = exported(SHOP, EVERY_COMMAND.slice(0, 6));
    expect(text.slice(text.indexOf('  # Recorded'))).toBe(
      [
        '  # Recorded in kafkascope: the actions taken while the scenario ran.',
        '  - at: 0ms',
        '    say: "First <b>action</b> & \\"quotes\\""',
        '  - at: 1.5s',
        '    produce: { producer: checkout, key: "<script>alert(1)</script>", value: "\\"><img src=x onerror=alert(1)>", headers: [{ name: trace, value: "1" }, { name: trace, value: "2\\n3" }] }',
        '  - at: 1.5s',
        '    produce: { producer: refunds, topic: payments, keys: [x, "y: z", "true", "007"], keyOrder: cycle, count: 5 }',
        '  - at: 1.7s',
        '    produce: { producer: checkout, key: null, value: null, partition: 2 }',
        '  - at: 2s',
        '    rate: { producer: checkout, rate: 7.5, keys: [k1, k2] }',
        '  - at: 2.1s',
        '    configure: { producer: refunds, partitioner: round-robin, acks: all }',
        '',
      ].join('\n'),
    );
  });

  it('extends duration to the last action, keeping its comment', () => {
    const log: SessionAction[] = [{ atMs: 25_500, command: { type: 'narrate', text: 'late' } }];
    const text = exported(SHOP, log);
    expect(text).toContain('duration: 25.5s # long enough\n');
    expect(compiled(text).durationMs).toBe(25_500);
  });

  it('adds steps to a file without any', () => {
    const source = SHOP.slice(0, SHOP.indexOf('steps:'));
    const text = exported(source, [{ atMs: 1000, command: { type: 'narrate', text: 'hi' } }]);
    expect(text.startsWith(source)).toBe(true);
    expect(compiled(text).commands.at(-1)).toMatchObject({
      atMs: 1000,
      command: { type: 'narrate', text: 'hi' },
    });
  });

  it('keeps a JSON file JSON, with or without steps', () => {
    const data = {
      title: 'JSON shop',
      duration: 5000,
      cluster: { brokers: 3, topics: [{ name: 'orders', partitions: 3 }] },
      producers: [{ id: 'p', topic: 'orders' }],
    };
    const log: SessionAction[] = [
      { atMs: 1000, command: { type: 'produce', producer: 'p', key: 'k', value: 'v\u2028\u0085' } },
      { atMs: 6000, command: { type: 'killBroker', broker: 2 } },
    ];
    for (const source of [
      JSON.stringify(data, null, 2),
      JSON.stringify(data),
      JSON.stringify({ ...data, steps: [] }, null, 2),
      JSON.stringify({ ...data, steps: [{ at: 10, say: 'hello' }] }, null, 2),
      JSON.stringify({ ...data, steps: [{ at: 10, say: 'hello' }] }),
    ]) {
      const text = exported(source, log, 8);
      const json = JSON.parse(text) as { seed: number; duration: number; steps: unknown[] };
      expect(json.seed).toBe(8);
      expect(json.duration).toBe(6000);
      expect(json.steps.slice(-2)).toEqual([
        { at: 1000, produce: { producer: 'p', key: 'k', value: 'v\u2028\u0085' } },
        { at: 6000, killBroker: 2 },
      ]);
      expect(compiled(text).seed).toBe(8);
    }
  });
});

describe('exportSessionAsScenario: layouts', () => {
  const base = [
    'title: T',
    'duration: 5s',
    'cluster: { brokers: 3, topics: [{ name: orders, partitions: 2 }] }',
    'producers: [{ id: p, topic: orders }]',
    '',
  ].join('\n');
  const log: SessionAction[] = [
    { atMs: 1000, command: { type: 'produce', producer: 'p', key: 'k' } },
    { atMs: 6000, command: { type: 'narrate', text: 'x' } },
  ];
  const tail = [
    '  - at: 1s',
    '    produce: { producer: p, key: k }',
    '  - at: 6s',
    '    say: x',
    '',
  ].join('\n');
  const comment = '  # Recorded in kafkascope: the actions taken while the scenario ran.\n';
  const head = base.replace('duration: 5s', 'duration: 6s');

  it.each([
    [
      'steps last',
      `${base}steps:\n  - at: 1s\n    say: hi\n`,
      `${head}steps:\n  - at: 1s\n    say: hi\n${comment}${tail}`,
    ],
    [
      'no final newline',
      `${base}steps:\n  - at: 1s\n    say: hi`,
      `${head}steps:\n  - at: 1s\n    say: hi\n${comment}${tail}`,
    ],
    [
      'a comment at the end',
      `${base}steps:\n  - at: 1s\n    say: hi\n# end\n`,
      `${head}steps:\n  - at: 1s\n    say: hi\n${comment}${tail}# end\n`,
    ],
    ['no steps', base, `${head}steps:\n${comment}${tail}`],
    ['document markers', `---\n${base}...\n`, `---\n${head}steps:\n${comment}${tail}...\n`],
    [
      "a list at the key's column",
      `${base}steps:\n- at: 1s\n  say: hi\n`,
      `${head}steps:\n- at: 1s\n  say: hi\n${comment.slice(2)}${tail.replace(/^ {2}/gm, '')}`,
    ],
    [
      'an empty flow list',
      `${base}steps: []\n`,
      `${head}steps: [{ at: 1s, produce: { producer: p, key: k } }, { at: 6s, say: x }]\n`,
    ],
    [
      'a block scalar last',
      `${base}steps:\n  - at: 1s\n    say: >-\n      hi\n      there\n\n`,
      `${head}steps:\n  - at: 1s\n    say: >-\n      hi\n      there\n${comment}${tail}\n`,
    ],
  ])('%s', (_what, source, expected) => {
    expect(exported(source, log)).toBe(expected);
  });

  it('keeps Windows line endings', () => {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const source = crlf(`${base}steps:\n  - at: 1s\n    say: hi\n`);
    expect(exported(source, log)).toBe(
      crlf(`${head}steps:\n  - at: 1s\n    say: hi\n${comment}${tail}`),
    );
  });
});

describe('exportSessionAsScenario: every command', () => {
  it('maps every command type to the step that compiles to it', () => {
    const types = new Set(EVERY_COMMAND.map((e) => e.command.type));
    expect(types).toEqual(new Set(COMMAND_TYPES));
    const file = compiled(exported(SHOP, EVERY_COMMAND));
    const added = file.commands.filter((c) => c.stepIndex >= 4); // SHOP has four steps
    expect(added.map((c) => c.atMs)).toEqual(EVERY_COMMAND.map((e) => e.atMs));
    expect(added.map((c) => c.command.type)).toEqual(EVERY_COMMAND.map((e) => e.command.type));
    // Markup and control characters are data, unchanged.
    expect(added[1].command).toEqual(EVERY_COMMAND[1].command);
    // A rate without keys is written with key: null, so it does not carry over earlier keys.
    expect(added.at(-1)?.command).toEqual({
      type: 'setProducerRate',
      producer: 'checkout',
      rate: 3,
      key: null,
    });
  });

  it("keeps the keys the file's own rate steps carried over", () => {
    const log: SessionAction[] = [
      {
        atMs: 5000,
        command: { type: 'setProducerRate', producer: 'checkout', rate: 9, keys: ['zz'] },
      },
    ];
    const text = exported(SHOP, log);
    expect(text).toContain(
      'rate: { producer: checkout, rate: 2, keys: [a, b, c], keyOrder: cycle } # keeps its keys',
    );
    const own = compiled(text).commands.find((c) => c.stepIndex === 3);
    expect(own?.command).toEqual({
      type: 'setProducerRate',
      producer: 'checkout',
      rate: 2,
      keys: ['a', 'b', 'c'],
      keyOrder: 'cycle',
    });
    const block = SHOP.replace(
      'rate: { producer: checkout, rate: 2 } # keeps its keys',
      'rate:\n      producer: checkout\n      rate: 2',
    );
    const blockText = exported(block, log);
    expect(blockText).toContain(
      'rate:\n      producer: checkout\n      rate: 2\n      keys: [a, b, c]\n      keyOrder: cycle\n',
    );
  });
});

describe('exportSessionAsScenario: what it refuses', () => {
  const refusal = (source: string, log: readonly SessionAction[], seed?: number) => {
    const result = exportSessionAsScenario(source, log, seed === undefined ? {} : { seed });
    if (result.ok) throw new Error('exported');
    return result.message;
  };

  it('refuses actions between whole milliseconds, rather than moving them', () => {
    expect(refusal(SHOP, [{ atMs: 1234.5, command: { type: 'commit', consumer: 'c1' } }])).toMatch(
      /action 1 \(commit at 1\.2345s\): it was taken at 1234\.5ms, between two whole milliseconds/,
    );
  });

  it.each([
    [-1, /is not a moment of the run/],
    [Number.NaN, /is not a moment of the run/],
    [Number.POSITIVE_INFINITY, /is not a moment of the run/],
    [86_400_001, /after 24h/],
  ])('refuses an action at %s', (atMs, message) => {
    expect(refusal(SHOP, [{ atMs, command: { type: 'narrate', text: 'x' } }])).toMatch(message);
  });

  it('refuses actions out of time order', () => {
    const log: SessionAction[] = [
      { atMs: 2000, command: { type: 'narrate', text: 'a' } },
      { atMs: 1000, command: { type: 'narrate', text: 'b' } },
    ];
    expect(refusal(SHOP, log)).toMatch(
      /action 2 \(narrate at 1s\): it is before the action above it/,
    );
  });

  it('refuses an action the format cannot hold, naming it and its line', () => {
    const log: SessionAction[] = [
      { atMs: 4000, command: { type: 'killBroker', broker: 2 } },
      { atMs: 5000, command: { type: 'killBroker', broker: 2 } },
    ];
    const message = refusal(SHOP, log);
    expect(message).toMatch(/the actions cannot be written into this scenario/);
    expect(message).toMatch(
      /scenario:\d+:\d+: action 2\.killBroker: broker 2 is already down \(killed at 4s \(action 1\)\)/,
    );
  });

  it('refuses when an action clashes with a later step of the file', () => {
    const source = SHOP.replace(
      '  - at: 12s\n',
      '  - at: 11s\n    crashConsumer: c1\n  - at: 12s\n',
    );
    const message = refusal(source, [
      { atMs: 5000, command: { type: 'crashConsumer', consumer: 'c1' } },
    ]);
    expect(message).toMatch(
      /scenario:46:\d+: steps\[3\]\.crashConsumer: consumer "c1" is not running at 11s: it crashed at 5s \(action 1\)/,
    );
  });

  it('refuses a broken scenario file and a bad seed', () => {
    expect(refusal('title: x\n', [])).toMatch(/the scenario file has problems:\n {2}scenario/);
    expect(refusal(SHOP, [], -1)).toMatch(/the seed -1 is not a whole number/);
    expect(refusal(SHOP, [], 1.5)).toMatch(/the seed 1.5/);
  });

  it('never throws on nonsense', () => {
    const nonsense = [
      { atMs: 1, command: { type: 'formatDisk' } as unknown as Command },
      { atMs: 1, command: null as unknown as Command },
    ];
    for (const entry of nonsense) expect(exportSessionAsScenario(SHOP, [entry]).ok).toBe(false);
    expect(exportSessionAsScenario(null as unknown as string, []).ok).toBe(false);
  });
});

describe('exportSessionAsScenario: the exported file replays the session exactly', () => {
  const crashAndGroup: SessionAction[] = [
    {
      atMs: 1000,
      command: {
        type: 'produce',
        producer: 'checkout',
        keys: ['<b>k</b>', 'k2'],
        keyOrder: 'cycle',
        count: 6,
        headers: [['h', '<i>v</i>']],
      },
    },
    { atMs: 2000, command: { type: 'crashConsumer', consumer: 'c2' } },
    {
      atMs: 3000,
      command: {
        type: 'addConsumer',
        consumer: {
          id: 'billing-3',
          topics: ['orders'],
          group: 'billing',
          from: 'earliest',
          sessionTimeoutMs: 6000,
          heartbeatIntervalMs: 1000,
        },
      },
    },
    {
      atMs: 3000,
      command: {
        type: 'addConsumer',
        consumer: {
          id: 'audit-1',
          topics: ['orders', 'payments'],
          group: 'audit',
          from: 'earliest',
        },
      },
    },
    { atMs: 8000, command: { type: 'addPartitions', topic: 'orders', count: 2 } },
    {
      atMs: 8000,
      command: {
        type: 'produce',
        producer: 'refunds',
        topic: 'payments',
        key: 'alice',
        value: '</script><script>alert(1)</script>',
      },
    },
    {
      atMs: 12_000,
      command: { type: 'narrate', text: 'At the same moment as a step of the file' },
    },
  ];
  const failover: SessionAction[] = [
    { atMs: 2000, command: { type: 'killBroker', broker: 1 } },
    { atMs: 2000, command: { type: 'produce', producer: 'checkout', key: 'during', count: 3 } },
    { atMs: 6100, command: { type: 'restartBroker', broker: 1 } },
    { atMs: 9000, command: { type: 'shutdownBroker', broker: 0 } },
    { atMs: 24_000, command: { type: 'restartBroker', broker: 0 } },
  ];

  it.each([
    ['every command type', EVERY_COMMAND, undefined],
    [
      'a crash, a new group member and a new group, added partitions, markup',
      crashAndGroup,
      undefined,
    ],
    ['a failover and a restart after the end (duration extended), another seed', failover, 12_345],
    ['no actions, another seed', [], 77],
  ])('%s: same trace hash as the replayed session', (_what, log, seed) => {
    const { scenarioHash, replayHash } = hashes(SHOP, log, seed);
    expect(scenarioHash).toBe(replayHash);
    // The actions changed the run (the hash is not that of the scenario alone).
    const alone = compiled(SHOP);
    const aloneHash = traceHash(replaySession(alone, seed ?? alone.seed, [], alone.durationMs));
    if (log.length > 0) expect(scenarioHash).not.toBe(aloneHash);
  });

  it('with ids holding spaces and Unicode: quoted, read back as they were', () => {
    const source = SHOP.replace(
      '  - id: refunds # no default topic',
      '  - { id: "pro dücer", topic: orders }\n  - id: refunds # no default topic',
    );
    const log: SessionAction[] = [
      {
        atMs: 1000,
        command: {
          type: 'addConsumer',
          consumer: { id: 'my group-1', topics: ['orders'], group: 'my group', from: 'earliest' },
        },
      },
      { atMs: 1500, command: { type: 'produce', producer: 'pro dücer', key: 'k', count: 3 } },
      {
        atMs: 1600,
        command: { type: 'setProducerRate', producer: 'pro dücer', rate: 2, key: 'k' },
      },
      { atMs: 6000, command: { type: 'commit', consumer: 'my group-1' } },
      { atMs: 6500, command: { type: 'pauseConsumer', consumer: 'my group-1' } },
    ];
    const { text, scenarioHash, replayHash } = hashes(source, log);
    expect(scenarioHash).toBe(replayHash);
    expect(text).toContain('addConsumer: { id: "my group-1", group: "my group", topics: [orders]');
    expect(text).toContain('produce: { producer: "pro dücer", key: k');
    expect(text).toContain('pauseConsumer: "my group-1"');
    // Loaded back, the file's commands are the session's, ids and all.
    const back = compiled(text).commands.filter((c) => c.atMs >= 1000 && c.stepIndex >= 4);
    expect(back.map((c) => c.command)).toMatchObject(log.map((a) => a.command));
  });

  it('with ids every JavaScript object has (__proto__, constructor): data, read back as they were', () => {
    const source = SHOP.replace(
      '  - id: refunds # no default topic',
      '  - { id: __proto__, topic: orders }\n  - id: refunds # no default topic',
    );
    const log: SessionAction[] = [
      {
        atMs: 1000,
        command: {
          type: 'addConsumer',
          consumer: { id: 'constructor', topics: ['orders'], group: '__proto__', from: 'earliest' },
        },
      },
      {
        atMs: 1000,
        command: {
          type: 'addConsumer',
          consumer: {
            id: 'toString',
            topics: ['orders'],
            group: '__proto__',
            instanceId: 'valueOf',
          },
        },
      },
      { atMs: 1500, command: { type: 'produce', producer: '__proto__', key: 'k', count: 3 } },
      { atMs: 6000, command: { type: 'commit', consumer: 'constructor' } },
      { atMs: 7000, command: { type: 'crashConsumer', consumer: 'toString' } },
    ];
    const { text, scenarioHash, replayHash } = hashes(source, log);
    expect(scenarioHash).toBe(replayHash);
    expect(text).toContain('addConsumer: { id: constructor, group: __proto__, topics: [orders]');
    const back = compiled(text).commands.filter((c) => c.atMs >= 1000 && c.stepIndex >= 4);
    expect(back.map((c) => c.command)).toMatchObject(log.map((a) => a.command));
  });

  it('for every built-in scenario, with actions at its steps’ own moments', () => {
    for (const f of builtins) {
      const file = compiled(f.text);
      const times = [...new Set(file.commands.map((c) => c.atMs))].slice(0, 3);
      const log: SessionAction[] = [...times, file.durationMs + 1000].map((atMs) => ({
        atMs,
        command: { type: 'narrate', text: `${f.name} at ${atMs}` },
      }));
      const { scenarioHash, replayHash } = hashes(f.text, log, file.seed + 1);
      expect({ file: f.name, hash: scenarioHash }).toEqual({ file: f.name, hash: replayHash });
    }
    // Replays every built-in file (about 2 s alone; slower on a loaded machine).
  }, 60_000);

  it('for generated producer sessions (fast-check seed 2024)', () => {
    const action: fc.Arbitrary<Command> = fc.oneof(
      fc
        .record(
          {
            key: fc.option(fc.string({ unit: 'binary', maxLength: 8 }), { nil: null }),
            value: fc.option(fc.string({ unit: 'binary', maxLength: 20 }), { nil: null }),
            count: fc.integer({ min: 1, max: 5 }),
            headers: fc.array(
              fc.tuple(fc.string({ maxLength: 5 }), fc.string({ unit: 'binary', maxLength: 5 })),
              { maxLength: 2 },
            ),
          },
          { requiredKeys: [] },
        )
        .map((c): Command => ({ type: 'produce', producer: 'checkout', ...c })),
      fc
        .tuple(
          fc.integer({ min: 0, max: 20 }),
          fc.array(fc.string({ minLength: 1, maxLength: 4 }), { maxLength: 3 }),
        )
        .map(([rate, keys]): Command => ({
          type: 'setProducerRate',
          producer: 'checkout',
          rate,
          ...(keys.length > 0 ? { keys } : {}),
        })),
      fc.constantFrom<Command>(
        { type: 'configureProducer', producer: 'checkout', acks: 1 },
        { type: 'configureProducer', producer: 'checkout', partitioner: 'sticky' },
        { type: 'commit', consumer: 'c1' },
      ),
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 30 })
        .map((text): Command => ({ type: 'narrate', text })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 14_000 }), action), { maxLength: 8 }),
        (entries) => {
          const log = entries
            .map(([atMs, command]) => ({ atMs, command }))
            .sort((a, b) => a.atMs - b.atMs);
          const { scenarioHash, replayHash } = hashes(SHOP, log);
          expect(scenarioHash).toBe(replayHash);
        },
      ),
      { seed: 2024, numRuns: 25 },
    );
    // 25 runs take ~2 s alone, ~8 s on a loaded 2-core machine: past the 5 s default.
  }, 30_000);

  it('for any group and consumer id the name rule takes (fast-check seed 11)', () => {
    const id = fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'),
      fc
        .string({ unit: 'binary', minLength: 1, maxLength: 20 })
        .filter((s) => nameProblem('group', s) === null),
    );
    fc.assert(
      fc.property(id, id, (group, consumer) => {
        const log: SessionAction[] = [
          {
            atMs: 1000,
            command: {
              type: 'addConsumer',
              consumer: { id: consumer, group, topics: ['orders'], from: 'earliest' },
            },
          },
          { atMs: 2000, command: { type: 'commit', consumer } },
        ];
        // The export checks that its file compiles back to these commands exactly.
        const text = exported(SHOP, log);
        const back = compiled(text).commands.filter((c) => c.stepIndex >= 4);
        expect(back.map((c) => c.command)).toEqual(log.map((a) => a.command));
      }),
      { seed: 11, numRuns: 60 },
    );
  }, 30_000);
});

describe('exportSessionAsScenario: the CLI runs the exported file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkascope-export-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(fileName: string, text: string) {
    writeFileSync(join(dir, fileName), text);
    const io = memoryIo({ cwd: dir });
    const code = await main(['run', fileName], io);
    return { code, out: io.out(), err: io.err() };
  }

  it('exits 0 when the scenario’s expectations still hold', async () => {
    const source = readFileSync(join(BUILTIN_DIR, 'consumer-crash.yaml'), 'utf8');
    expect((await run('original.yaml', source)).code).toBe(0);
    const log: SessionAction[] = [
      { atMs: 39_000, command: { type: 'narrate', text: 'Exported <after> the last expectation' } },
      {
        atMs: 39_000,
        command: { type: 'produce', producer: 'shop', key: 'k', value: 'v', headers: [['a', 'b']] },
      },
      { atMs: 45_000, command: { type: 'crashConsumer', consumer: 'c1' } },
    ];
    const result = await run('exported.yaml', exported(source, log, 4));
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
  });

  it('and the SHOP session with every command type', async () => {
    const result = await run('shop.yaml', exported(SHOP, EVERY_COMMAND));
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
  });
});
