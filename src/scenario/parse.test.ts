import { describe, expect, it } from 'vitest';
import { loadScenario } from './compile';
import { LIMITS } from './limits';
import { parseScenario, validateScenario } from './parse';
import { formatPath, formatProblem } from './problems';
import { runScenario } from './run';
import type { ScenarioProblem } from './types';

const VALID = `title: Keys pick partitions
description: optional longer text
seed: 7
duration: 20s
network: { latency: 10ms, jitter: 5ms }
cluster:
  brokers: 3
  topics:
    - name: orders
      partitions: 6
      replicationFactor: 3
      placement: { startIndex: 0, shift: 0 }
      minInsyncReplicas: 2
    - name: payments
      replicaAssignment: [[1, 2], [2, 3], [3, 1]]
      uncleanLeaderElection: false
producers:
  - id: checkout
    topic: orders
    partitioner: default
    acks: all
    lingerMs: 5
    batchSize: 16384
    rate: 2
    keys: [a, b, c]
    keyOrder: cycle
  - id: billing
    acks: 1
consumers:
  - id: sally
    topic: orders
    from: earliest
  - id: fred
    topics: [orders, payments]
    from: 3
    maxPollRecords: 10
steps:
  - at: 1s
    produce: { producer: checkout, key: alice, value: "order 1" }
  - at: 2s
    produce: { producer: checkout, topic: orders, count: 5 }
  - at: 2s
    produce: { producer: billing, topic: payments, keys: [alice, bob], count: 10, headers: { source: web } }
  - at: 2500ms
    produce: { producer: billing, topic: payments, key: null, value: null, partition: 2, headers: [{ name: a, value: "1" }, { name: a, value: "2" }] }
  - at: 3s
    say: "Same key, same partition."
  - at: 4s
    rate: { producer: checkout, rate: 20, keys: [a, b] }
  - at: 4s
    configure: { producer: checkout, partitioner: round-robin, acks: 1 }
  - at: 4s
    seek: { consumer: sally, topic: orders, partition: 0, offset: 3 }
  - at: 1m
    seek: { consumer: fred, offset: latest }
  - at: 5s
    expect: producers[checkout].acked >= 6
  - at: 20s
    expect:
      - records(orders) > 0
      - partitionOf(orders, alice) == 3
`.replace('at: 1m\n', 'at: 19s\n');

function problems(text: string, fileName = 'lesson.yaml'): ScenarioProblem[] {
  const r = parseScenario(text, fileName);
  if (r.ok) throw new Error('expected problems, but the scenario is valid');
  return r.problems;
}

/** Problems as `line:col: path: message`, which is what a reader sees. */
function lines(text: string, fileName = 'lesson.yaml'): string[] {
  return problems(text, fileName).map((p) =>
    formatProblem(p, fileName).replace(`${fileName}:`, ''),
  );
}

/** Replaces one line of the valid scenario (by its exact text) with another. */
function edit(from: string, to: string, text = VALID): string {
  if (!text.includes(from)) throw new Error(`no "${from}" in the scenario`);
  return text.replace(from, to);
}

describe('valid scenarios', () => {
  it('parses every field and step kind', () => {
    const r = parseScenario(VALID, 'lesson.yaml');
    if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p)).join('\n'));
    const s = r.value;
    expect(s.title).toBe('Keys pick partitions');
    expect(s.seed).toBe(7);
    expect(s.duration).toBe(20_000);
    expect(s.network).toEqual({ latency: 10, jitter: 5 });
    expect(s.cluster.brokers).toEqual([1, 2, 3]);
    expect(s.cluster.topics[1].replicaAssignment).toEqual([
      [1, 2],
      [2, 3],
      [3, 1],
    ]);
    expect(s.producers[0]).toMatchObject({
      id: 'checkout',
      acks: 'all',
      rate: 2,
      keys: ['a', 'b', 'c'],
      keyOrder: 'cycle',
    });
    expect(s.consumers[1]).toMatchObject({
      topics: ['orders', 'payments'],
      from: 3,
      maxPollRecords: 10,
    });
    expect(s.steps.map((step) => step.at)).toEqual([
      1000, 2000, 2000, 2500, 3000, 4000, 4000, 4000, 19_000, 5000, 20_000,
    ]);
    expect(s.steps[2]).toEqual({
      at: 2000,
      produce: {
        producer: 'billing',
        topic: 'payments',
        keys: ['alice', 'bob'],
        count: 10,
        headers: [['source', 'web']],
      },
    });
    expect(s.steps[3]).toMatchObject({
      produce: {
        key: null,
        value: null,
        headers: [
          ['a', '1'],
          ['a', '2'],
        ],
      },
    });
    expect(s.steps[10]).toEqual({
      at: 20_000,
      expect: ['records(orders) > 0', 'partitionOf(orders, alice) == 3'],
    });
  });

  it('fills defaults: seed 1, no producers, consumers or steps; brokers as a list keep their ids', () => {
    const r = parseScenario('title: t\nduration: 1s\ncluster: { brokers: [0, 5, 9] }\n');
    expect(r).toEqual({
      ok: true,
      value: {
        title: 't',
        seed: 1,
        duration: 1000,
        cluster: { brokers: [0, 5, 9], topics: [] },
        producers: [],
        consumers: [],
        streams: [],
        steps: [],
      },
    });
  });

  it('reads JSON, with a $schema field', () => {
    const json = JSON.stringify({
      $schema: '../scenario.schema.json',
      title: 'json',
      duration: 5000,
      cluster: { brokers: 1, topics: [{ name: 't', partitions: 1 }] },
      steps: [{ at: '1s', say: 'hello' }],
    });
    const r = parseScenario(json, 'x.json');
    expect(r.ok).toBe(true);
  });

  it('accepts acks -1 as all, and YAML anchors and merge keys', () => {
    const text = `title: t
duration: 1s
cluster: { brokers: 1, topics: [{ name: t, partitions: 1 }] }
defaults: &p { topic: t, acks: -1 }
producers:
  - { <<: *p, id: a }
`;
    // `defaults` is not a field: anchors must live inside known fields.
    expect(lines(text)).toEqual([
      '4:1: defaults: unknown field "defaults" (fields here: $schema, title, description, seed, duration, network, cluster, producerDefaults, consumerDefaults, producers, consumers, streams, … (14 in all))',
    ]);
    const ok = parseScenario(`title: t
duration: 1s
cluster: { brokers: 1, topics: [{ name: t, partitions: 1 }] }
producers:
  - &p { id: a, topic: t, acks: -1 }
  - { <<: *p, id: b }
`);
    if (!ok.ok) throw new Error(ok.problems.map((p) => formatProblem(p)).join('\n'));
    expect(ok.value.producers.map((p) => [p.id, p.acks])).toEqual([
      ['a', 'all'],
      ['b', 'all'],
    ]);
  });

  it('validates data built in code (no line numbers)', () => {
    const r = validateScenario({
      title: 't',
      duration: '1s',
      cluster: { brokers: 2 },
      steps: [
        { at: 0, say: 'hi' },
        { at: 0, sya: 'x' },
      ],
    });
    expect(r).toEqual({
      ok: false,
      problems: [{ path: 'steps[1].sya', message: 'unknown action "sya" (did you mean "say"?)' }],
    });
  });
});

describe('syntax problems', () => {
  it('reports YAML errors with their position, all of them', () => {
    expect(lines('title: t\nduration: [1s\ncluster: x\n  y: z\n')).toEqual([
      '3:1: YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]',
      '3:10: YAML syntax: Nested mappings are not allowed in compact mappings',
      '3:10: YAML syntax: Implicit keys need to be on a single line',
    ]);
  });

  it('says JSON for .json files', () => {
    expect(lines('{"title": "x",, }', 'a.json')).toEqual([
      '1:15: JSON syntax (read as YAML): Unexpected , in flow map',
    ]);
  });

  it('refuses duplicate keys and several documents', () => {
    expect(lines('title: a\ntitle: b\n')[0]).toMatch(/^2:1: YAML syntax: Map keys must be unique/);
    expect(lines('title: a\n---\ntitle: b\n')[0]).toMatch(
      /YAML syntax: Source contains multiple documents/,
    );
  });

  it('refuses an empty file and a file that is not a map', () => {
    expect(lines('')).toEqual([
      '1:1: the scenario is empty: it needs at least title, duration and cluster',
    ]);
    expect(lines('# just a comment\n')).toEqual([
      '1:1: the scenario is empty: it needs at least title, duration and cluster',
    ]);
    expect(lines('- a\n- b\n')).toEqual([
      '1:1: a scenario is a map of fields (title, duration, cluster, …); found a list',
    ]);
    expect(lines('hello')).toEqual([
      '1:1: a scenario is a map of fields (title, duration, cluster, …); found the text "hello"',
    ]);
  });
});

describe('schema problems', () => {
  it('names missing required fields', () => {
    expect(lines('description: x\n')).toEqual([
      '1:1: title: required, but missing',
      '1:1: duration: required, but missing',
      '1:1: cluster: required, but missing',
    ]);
  });

  it('points at unknown fields with "did you mean"', () => {
    expect(lines(edit('    acks: all\n', '    akcs: all\n'))).toEqual([
      '21:5: producers[0].akcs: unknown field "akcs" (did you mean "acks"?)',
    ]);
    expect(
      lines(edit('      partitions: 6\n', '      partitions: 6\n      colour: red\n')),
    ).toEqual([
      '11:7: cluster.topics[0].colour: unknown field "colour" (fields here: name, partitions, replicationFactor, replicaAssignment, placement, minInsyncReplicas, uncleanLeaderElection, retentionMs, retentionBytes, segmentMs, segmentBytes, cleanupPolicy, … (16 in all))',
    ]);
    expect(
      lines(edit('{ producer: checkout, key: alice,', '{ producr: checkout, key: alice,')),
    ).toEqual([
      '39:14: steps[0].produce.producer: required, but missing',
      '39:16: steps[0].produce.producr: unknown field "producr" (did you mean "producer"?)',
    ]);
  });

  it('explains wrong types and values', () => {
    expect(lines(edit('seed: 7\n', 'seed: seven\n'))).toEqual([
      '3:7: seed: expected a number, found the text "seven"',
    ]);
    expect(lines(edit('seed: 7\n', 'seed: -1\n'))).toEqual(['3:7: seed: at least 0, found -1']);
    expect(lines(edit('seed: 7\n', 'seed: 1.5\n'))).toEqual([
      '3:7: seed: expected a whole number, found 1.5',
    ]);
    expect(lines(edit('    partitioner: default\n', '    partitioner: rund-robin\n'))).toEqual([
      '20:18: producers[0].partitioner: expected one of default, round-robin, legacy, sticky; found the text "rund-robin" (did you mean "round-robin"?)',
    ]);
    expect(lines(edit('    acks: all\n', '    acks: 2\n'))).toEqual([
      '21:11: producers[0].acks: expected one of 0, 1, -1, all; found the number 2',
    ]);
    expect(lines(edit('    from: earliest\n', '    from: earlist\n'))).toEqual([
      '32:11: consumers[0].from: expected earliest, latest or an offset (a whole number from 0) (did you mean "earliest"?)',
    ]);
    expect(lines(edit('key: alice, value', 'key: 42, value'))).toEqual([
      '39:41: steps[0].produce.key: expected text, found the number 42 (quote it: "42")',
    ]);
    expect(lines(edit('headers: { source: web }', 'headers: { version: 2 }'))).toEqual([
      '43:92: steps[2].produce.headers: header "version": values are text (quote it: "2")',
    ]);
    expect(
      lines(edit('    say: "Same key, same partition."', '    say: Same key: same partition.')),
    ).toEqual(['47:10: YAML syntax: Nested mappings are not allowed in compact mappings']);
    expect(
      lines(
        edit('    say: "Same key, same partition."', '    say:\n      Same key: same partition.'),
      ),
    ).toEqual([
      '48:7: steps[4].say: expected text, found a map (YAML reads "a: b" as a map: quote text that contains ": "; the map form is { text: "…", focus: [ids] })',
    ]);
    expect(lines(edit('      - records(orders) > 0', '      - value == a: b'))).toEqual([
      '60:7: steps[10].expect: item 0 is a map, not text: YAML reads "a: b" as a map, so quote an expectation that contains ": "',
    ]);
  });

  it('explains bad durations', () => {
    expect(parseScenario(edit('duration: 20s\n', 'duration: 20000\n')).ok).toBe(true);
    expect(lines(edit('duration: 20s\n', 'duration: "20"\n'))[0]).toBe(
      '4:11: duration: "20" has no unit: write "20ms" or "20s" (or the number 20 without quotes for milliseconds)',
    );
    expect(lines(edit('duration: 20s\n', 'duration: 2 weeks\n'))[0]).toBe(
      '4:11: duration: "2 weeks" is not a duration such as "250ms", "2s", "1.5s", "1m30s", or a number of milliseconds',
    );
    expect(lines(edit('duration: 20s\n', 'duration: 25h\n'))[0]).toBe(
      '4:11: duration: 25h is more than 24h: the limit',
    );
    expect(lines(edit('duration: 20s\n', 'duration: true\n'))[0]).toBe(
      '4:11: duration: expected a duration such as "250ms", "2s", "1.5s", "1m30s", or a number of milliseconds',
    );
  }, 10_000);

  it('checks each step by its action', () => {
    expect(
      lines(
        edit(
          '  - at: 3s\n    say: "Same key, same partition."',
          '  - at: 3s\n    sya: "Same key, same partition."',
        ),
      ),
    ).toEqual(['47:5: steps[4].sya: unknown action "sya" (did you mean "say"?)']);
    expect(
      lines(edit('  - at: 3s\n    say: "Same key, same partition."', '  - at: 3s\n    shout: "x"')),
    ).toEqual([
      '46:5: steps[4]: a step needs an action: one of produce, rate, configure, seek, say, ask, expect, killBroker, shutdownBroker, restartBroker, killController, restartController, addConsumer, removeConsumer, crashConsumer, pauseConsumer, stallConsumer, resumeConsumer, commit, addPartitions, … (24 in all)',
      '47:5: steps[4].shout: unknown field "shout"',
    ]);
    expect(
      lines(
        edit(
          '  - at: 3s\n    say: "Same key, same partition."',
          '  - at: 3s\n    say: a\n    expect: b == 1',
        ),
      ),
    ).toEqual([
      '46:5: steps[4]: a step has one action, but this one has say and expect: give each its own step (steps may share a time)',
    ]);
    expect(lines(edit('  - at: 3s\n    say: "Same key, same partition."', '  - say: hi'))).toEqual([
      '46:5: steps[4].at: required, but missing',
    ]);
    expect(lines(edit('  - at: 3s\n    say: "Same key, same partition."', '  - 42'))).toEqual([
      '46:5: steps[4]: a step is a map such as {at: 1s, say: "…"}; found the number 42',
    ]);
    expect(
      lines(
        edit(
          '    configure: { producer: checkout, partitioner: round-robin, acks: 1 }',
          '    configure: { producer: checkout }',
        ),
      ),
    ).toEqual(['51:16: steps[6].configure: nothing to configure: give partitioner or acks']);
  });

  it('reports expectation syntax at the character, in YAML and JSON', () => {
    expect(
      lines(
        edit('expect: producers[checkout].acked >= 6', 'expect: producers[checkout].acked = 6'),
      ),
    ).toEqual(['57:39: steps[9].expect: "=" is not an operator: write "=="']);
    expect(lines(edit('      - records(orders) > 0', "      - 'records(orders) >'"))).toEqual([
      '60:27: steps[10].expect[0]: expected a value after the operator',
    ]);
    const json =
      '{"title": "t", "duration": 1000, "cluster": {"brokers": 1},\n "steps": [{"at": 0, "expect": "timeMs ==== 0"}]}';
    expect(lines(json, 'x.json')).toEqual([
      '2:42: steps[0].expect: expected a value, found the operator "=="',
    ]);
  });
});

describe('cross-reference problems', () => {
  it('finds unknown producers, consumers and topics, with suggestions', () => {
    expect(
      lines(edit('{ producer: checkout, key: alice', '{ producer: chekout, key: alice')),
    ).toEqual([
      '39:26: steps[0].produce.producer: no producer "chekout" (did you mean "checkout"?)',
    ]);
    expect(
      lines(edit('    topic: orders\n    partitioner', '    topic: order\n    partitioner')),
    ).toEqual(['19:12: producers[0].topic: no topic "order" (did you mean "orders"?)']);
    expect(lines(edit('    topics: [orders, payments]', '    topics: [orders, paymnts]'))).toEqual([
      '34:22: consumers[1].topics[1]: no topic "paymnts" (did you mean "payments"?)',
    ]);
    expect(
      lines(edit('seek: { consumer: sally, topic: orders', 'seek: { consumer: sal, topic: orders')),
    ).toEqual(['53:23: steps[7].seek.consumer: no consumer "sal" (did you mean "sally"?)']);
    expect(
      lines(
        edit('seek: { consumer: sally, topic: orders', 'seek: { consumer: sally, topic: payments'),
      ),
    ).toEqual([
      '53:37: steps[7].seek.topic: consumer "sally" does not read topic "payments" (it reads orders)',
    ]);
    expect(lines(edit('topic: payments, keys', 'keys'))).toEqual([
      '43:14: steps[2].produce.topic: producer "billing" has no topic: name one here (topic: …) or on the producer',
    ]);
  });

  it('checks partitions against the topic', () => {
    expect(lines(edit('partition: 0, offset: 3', 'partition: 6, offset: 3'))).toEqual([
      '53:56: steps[7].seek.partition: topic "orders" has 6 partitions (0 to 5), so no partition 6',
    ]);
    expect(
      lines(edit('key: null, value: null, partition: 2', 'key: null, value: null, partition: 3')),
    ).toEqual([
      '45:87: steps[3].produce.partition: topic "payments" has 3 partitions (0 to 2), so no partition 3',
    ]);
  });

  it('checks replica assignments and replication factors', () => {
    expect(lines(edit('[[1, 2], [2, 3], [3, 1]]', '[[1, 2], [2, 2], [3, 4, 1]]'))).toEqual([
      "15:39: cluster.topics[1].replicaAssignment[1][1]: broker 2 appears twice in partition 1's replicas",
      '15:43: cluster.topics[1].replicaAssignment[2]: partition 2 has 3 replicas, but partition 0 has 2',
      '15:47: cluster.topics[1].replicaAssignment[2][1]: no broker 4 (brokers: 1, 2, 3)',
    ]);
    expect(
      lines(
        edit(
          '      replicaAssignment: [[1, 2], [2, 3], [3, 1]]',
          '      partitions: 2\n      replicaAssignment: [[1, 2], [2, 3], [3, 1]]',
        ),
      ),
    ).toEqual([
      '16:26: cluster.topics[1].replicaAssignment: lists 3 partitions, but partitions is 2',
      '46:87: steps[3].produce.partition: topic "payments" has 2 partitions (0 to 1), so no partition 2',
    ]);
    expect(lines(edit('replicationFactor: 3', 'replicationFactor: 4'))).toEqual([
      '11:26: cluster.topics[0].replicationFactor: replicationFactor 4 is more than the 3 brokers: each replica needs its own broker',
    ]);
    expect(
      lines(
        edit('placement: { startIndex: 0, shift: 0 }', 'placement: { startIndex: 3, shift: 0 }'),
      ),
    ).toEqual([
      '12:32: cluster.topics[0].placement.startIndex: startIndex is an index into the 3 sorted brokers: 0 to 2',
    ]);
    expect(
      lines(
        edit('      replicaAssignment: [[1, 2], [2, 3], [3, 1]]\n', '      replicationFactor: 2\n'),
      ),
    ).toEqual([
      '14:7: cluster.topics[1].partitions: required, but missing (or give replicaAssignment)',
    ]);
  });

  it('finds duplicates', () => {
    expect(lines(edit('  - id: billing\n', '  - id: checkout\n'))).toEqual([
      '27:9: producers[1].id: producer "checkout" is declared twice (first at index 0)',
      '43:26: steps[2].produce.producer: no producer "billing" (declared: checkout)',
      '45:26: steps[3].produce.producer: no producer "billing" (declared: checkout)',
    ]);
    expect(lines(edit('    - name: payments\n', '    - name: orders\n'))[0]).toBe(
      '14:13: cluster.topics[1].name: topic "orders" is declared twice (first at index 0)',
    );
    expect(lines(edit('  brokers: 3\n', '  brokers: [1, 2, 3, 2]\n'))).toEqual([
      '7:22: cluster.brokers[3]: broker 2 is listed twice',
    ]);
  });

  it('checks step times against the duration', () => {
    expect(lines(edit('  - at: 19s\n', '  - at: 21s\n'))).toEqual([
      '54:9: steps[8].at: 21s is after the end of the scenario (duration 20s)',
    ]);
  });

  it('checks what expectations name', () => {
    expect(
      lines(
        edit('      - partitionOf(orders, alice) == 3', '      - partitionOf(ordrs, alice) == 3'),
      ),
    ).toEqual(['61:21: steps[10].expect[1]: no topic "ordrs" (did you mean "orders"?)']);
    expect(
      lines(
        edit(
          '      - records(orders) > 0',
          '      - producers[chekout].acked > topics[orders].partitions[6].logEndOffset',
        ),
      ),
    ).toEqual([
      '60:19: steps[10].expect[0]: no producer "chekout" (did you mean "checkout"?)',
      '60:62: steps[10].expect[0]: topic "orders" has 6 partitions (0 to 5), so no partition 6',
    ]);
    expect(lines(edit('      - records(orders) > 0', '      - brokers[4].alive == true'))).toEqual([
      '60:17: steps[10].expect[0]: no broker 4 (brokers: 1, 2, 3)',
    ]);
  });

  it('keeps checking references when other fields are wrong', () => {
    const text = edit(
      '    topic: orders\n    partitioner: default\n',
      '    topic: ordrs\n    partitioner: bogus\n',
    );
    expect(lines(text)).toEqual([
      '19:12: producers[0].topic: no topic "ordrs" (did you mean "orders"?)',
      '20:18: producers[0].partitioner: expected one of default, round-robin, legacy, sticky; found the text "bogus"',
    ]);
    const step = edit(
      '{ producer: checkout, key: alice, value: "order 1" }',
      '{ producer: chekout, key: 7, value: "order 1" }',
    );
    expect(lines(step)).toEqual([
      '39:26: steps[0].produce.producer: no producer "chekout" (did you mean "checkout"?)',
      '39:40: steps[0].produce.key: expected text, found the number 7 (quote it: "7")',
    ]);
  });
});

describe('limits', () => {
  it('refuses text over the size limit', () => {
    const big = `title: t\n#${'x'.repeat(LIMITS.sourceChars)}\n`;
    expect(lines(big)).toEqual(['1:1: the scenario is 1.0 MB; the limit is 1 MB']);
  });

  it('refuses deep nesting before parsing it', () => {
    expect(lines(`title: ${'['.repeat(100)}${']'.repeat(100)}\n`)).toEqual([
      '1:39: maps and lists are nested more than 32 deep',
    ]);
    expect(lines('- '.repeat(50_000))).toEqual([
      expect.stringMatching(/^1:\d+: maps and lists are nested more than 32 deep$/),
    ]);
  });

  it('refuses alias bombs', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [prev, next] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
    ])
      bomb.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    expect(lines(bomb.join('\n'))).toEqual([
      expect.stringMatching(/^1:1: .*alias.*\(at most 100 alias expansions\)$/i),
    ]);
  });

  it.each([
    [
      '  brokers: 3\n',
      '  brokers: 65\n',
      '7:12: cluster.brokers: at most 64 brokers (the limit), found 65',
    ],
    [
      '      partitions: 6\n',
      '      partitions: 1025\n',
      '10:19: cluster.topics[0].partitions: at most 1,024 partitions per topic (the limit), found 1025',
    ],
    [
      '    rate: 2\n',
      '    rate: 2000000\n',
      '24:11: producers[0].rate: at most 1,000,000 records/s (the limit)',
    ],
    [
      'topic: orders, count: 5 }',
      'topic: orders, count: 1000001 }',
      '41:58: steps[1].produce.count: at most 1,000,000 records per produce step (the limit), found 1000001',
    ],
    [
      'seed: 7\n',
      'seed: 9007199254740992\n',
      '3:7: seed: at most 9,007,199,254,740,991, found 9007199254740992',
    ],
    [
      'title: Keys pick partitions',
      `title: ${'x'.repeat(10_001)}`,
      '1:8: title: at most 10000 characters',
    ],
  ])('%#: %j', (from, _to, message) => {
    const to = _to;
    expect(lines(edit(from, to))).toEqual([message]);
  });

  it('limits topics, partitions in all, producers, consumers and steps', () => {
    const topics = Array.from(
      { length: 65 },
      (_, i) => `    - { name: t${i}, partitions: 1 }`,
    ).join('\n');
    expect(lines(`title: t\nduration: 1s\ncluster:\n  brokers: 1\n  topics:\n${topics}\n`)).toEqual(
      ['6:5: cluster.topics: at most 64 topics (the limit)'],
    );
    const wide = Array.from(
      { length: 5 },
      (_, i) => `    - { name: t${i}, partitions: 1000 }`,
    ).join('\n');
    expect(lines(`title: t\nduration: 1s\ncluster:\n  brokers: 1\n  topics:\n${wide}\n`)).toEqual([
      '6:5: cluster.topics: 5000 partitions in all; the limit is 4096',
    ]);
    const producers = Array.from({ length: 65 }, (_, i) => `  - { id: p${i} }`).join('\n');
    expect(
      lines(`title: t\nduration: 1s\ncluster: { brokers: 1 }\nproducers:\n${producers}\n`),
    ).toEqual(['5:3: producers: at most 64 producers (the limit)']);
    const steps = Array.from({ length: 10_001 }, () => '  - { at: 0, say: x }').join('\n');
    expect(lines(`title: t\nduration: 1s\ncluster: { brokers: 1 }\nsteps:\n${steps}\n`)).toEqual([
      '5:3: steps: at most 10,000 steps (the limit)',
    ]);
  });

  it('caps the number of problems', () => {
    const steps = Array.from({ length: 300 }, () => '  - { at: 0, sya: x }').join('\n');
    const ps = problems(`title: t\nduration: 1s\ncluster: { brokers: 1 }\nsteps:\n${steps}\n`);
    expect(ps).toHaveLength(LIMITS.problems + 1);
    expect(ps[LIMITS.problems].message).toBe('… and 200 more problems (the first 100 are listed)');
  });
});

describe('formatting', () => {
  it('formats problems as file:line:col: path: message', () => {
    expect(
      formatProblem(
        { path: 'steps[3].produce.producer', message: 'no producer "x"', line: 12, column: 5 },
        'a.yaml',
      ),
    ).toBe('a.yaml:12:5: steps[3].produce.producer: no producer "x"');
    expect(formatProblem({ path: '', message: 'empty', line: 1, column: 1 }, 'a.yaml')).toBe(
      'a.yaml:1:1: empty',
    );
    expect(formatProblem({ path: 'title', message: 'm' })).toBe('scenario: title: m');
  });

  it('formats paths', () => {
    expect(formatPath(['steps', 3, 'produce', 'headers', 'x-trace'])).toBe(
      'steps[3].produce.headers["x-trace"]',
    );
    expect(formatPath([])).toBe('');
  });
});

describe('robustness', () => {
  it.each([
    ['binary', '\u0000\u0001\u0002\uFFFF\uD800 garbage'],
    ['tabs', '\ttitle: x'],
    ['unknown tag', 'title: !foo x\nduration: 1s\ncluster: {brokers: 1}'],
    ['proto', '__proto__: { polluted: true }\ntitle: x\nduration: 1s\ncluster: {brokers: 1}'],
    ['complex key', '? [a, b]\n: 1\n'],
    ['not a string', 42 as unknown as string],
    ['null', null as unknown as string],
  ])('%s input gives problems, never a throw', (_name, text) => {
    const r = parseScenario(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.length).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('names follow the engine’s name rule (Kafka’s)', () => {
  const SPACED = `title: Names
duration: 10s
cluster:
  brokers: 1
  topics: [{ name: orders, partitions: 2 }]
producers:
  - { id: "pro dücer", topic: orders, rate: 2 }
consumers:
  - { id: "my group-1", group: "my group", topic: orders, from: earliest, instanceId: host-1 }
steps:
  - at: 1s
    produce: { producer: "pro dücer", key: k }
  - at: 2s
    say: { text: Look., focus: ["consumer:my group-1", "group:my group", "producer:pro dücer"] }
  - at: 5s
    pauseConsumer: "my group-1"
  - at: 9s
    expect:
      - producers["pro dücer"].acked >= 1
      - groups["my group"].members["my group-1"].assignment.length == 2
`;

  it('client and group ids may hold spaces and any Unicode, and run as named', () => {
    const r = loadScenario(SPACED);
    expect(r.ok ? [] : r.problems.map((p) => formatProblem(p))).toEqual([]);
    if (!r.ok) return;
    const run = runScenario(r.value, { checkInvariants: true });
    expect(run.violations).toEqual([]);
    expect(run.results.map((o) => [o.expectation.source, o.result.ok])).toEqual([
      ['producers["pro dücer"].acked >= 1', true],
      ['groups["my group"].members["my group-1"].assignment.length == 2', true],
    ]);
    expect(run.world.consumers['my group-1'].paused).toBe(true);
  });

  it('refuses with the rule’s words, at the name', () => {
    const with_ = (from: string, to: string) => lines(SPACED.replace(from, to));
    expect(with_('{ name: orders,', '{ name: my orders,')[0]).toBe(
      '5:20: cluster.topics[0].name: a topic name may use only ASCII letters, digits, ".", "_" and "-" (Kafka\'s rule), and "my orders" has a space',
    );
    expect(with_('instanceId: host-1', 'instanceId: host 1')[0]).toBe(
      '9:87: consumers[0].instanceId: an instanceId (group.instance.id) may use only ASCII letters, digits, ".", "_" and "-" (Kafka\'s rule), and "host 1" has a space',
    );
    expect(with_('group: "my group"', 'group: ""')[0]).toMatch(
      /consumers\[0\]\.group: a group id cannot be empty$/,
    );
    // Names every JavaScript object has are names like any other (Kafka takes them).
    for (const name of ['constructor', '__proto__'])
      expect(parseScenario(SPACED.replaceAll('my group', name)).ok).toBe(true);
    expect(with_('{ name: orders,', '{ name: __orders,')[0]).toMatch(
      /cluster\.topics\[0\]\.name: topic names starting with "__" are kept for internal topics$/,
    );
  });

  it('topics that differ only by "." and "_" collide, as Kafka’s CreateTopics says', () => {
    const text = SPACED.replace(
      'topics: [{ name: orders, partitions: 2 }]',
      'topics: [{ name: orders, partitions: 2 }, { name: a.b, partitions: 1 }, { name: a_b, partitions: 1 }]',
    );
    expect(lines(text)).toEqual([
      '5:83: cluster.topics[2].name: topic "a_b" collides with topic "a.b": Kafka refuses topic names that differ only by "." and "_" (their metrics would share one name)',
    ]);
  });

  it('an id with a space, unquoted in an expectation, gets a hint to quote it', () => {
    const text = SPACED.replace('groups["my group"]', 'groups[my group]');
    expect(lines(text)[0]).toMatch(
      /\(an id with spaces or other signs is quoted: \["my group"\]\)$/,
    );
  });
});
