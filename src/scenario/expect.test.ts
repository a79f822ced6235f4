import { describe, expect, it } from 'vitest';
import {
  createCursor,
  createWorld,
  partitionForKey,
  runWithCommands,
  snapshot,
  stateReport,
} from '../engine';
import type { StateReport } from '../engine';
import {
  evaluateExpectation,
  expectationReferences,
  formatExpectationResult,
  parseExpectation,
} from './expect';

/** A small hand-written report, shaped like the engine's. */
function report(): StateReport {
  const record = (offset: number, key: string | null, value: string, sequence: number) => ({
    offset,
    key,
    value,
    headers: [],
    timestampMs: 1000 + offset,
    producer: 'checkout',
    sequence,
  });
  const partition = (p: number, records: ReturnType<typeof record>[], hw = records.length) => ({
    partition: p,
    leader: p + 1,
    replicas: [p + 1, ((p + 1) % 3) + 1],
    isr: [p + 1],
    leaderEpoch: 0,
    highWatermark: hw,
    logStartOffset: 0,
    logEndOffset: records.length,
    replicaLogEndOffsets: { [String(p + 1)]: records.length },
    records,
    recordsOmitted: 0,
  });
  return {
    seed: 7,
    timeMs: 5000,
    traceHash: 'abc',
    eventCount: 10,
    controller: 1,
    brokers: [
      { id: 1, alive: true },
      { id: 2, alive: false },
      { id: 3, alive: true },
    ],
    topics: [
      {
        name: 'orders',
        internal: false,
        partitions: [
          partition(0, [record(0, 'bob', 'b1', 1), record(1, null, 'n1', 4)]),
          partition(
            1,
            [record(0, 'alice', 'a1', 0), record(1, 'alice', 'a2', 2), record(2, 'carol', 'c1', 3)],
            2,
          ),
          partition(2, []),
        ],
      },
    ],
    producers: [
      {
        id: 'checkout',
        partitioner: 'default',
        acks: 'all',
        sent: 6,
        acked: 5,
        failed: 0,
        errors: {},
      },
    ],
    consumers: [
      {
        id: 'sally',
        group: null,
        consumed: 4,
        positions: [
          { topic: 'orders', partition: 0, position: 2 },
          { topic: 'orders', partition: 1, position: 1 },
          { topic: 'orders', partition: 2, position: 0 },
        ],
      },
    ],
  } as unknown as StateReport;
}

function check(source: string, r: StateReport = report()) {
  const parsed = parseExpectation(source);
  if (!parsed.ok) throw new Error(`${source}: ${parsed.message} at ${parsed.offset}`);
  return evaluateExpectation(parsed.value, r);
}

describe('expectations that hold', () => {
  it.each([
    'producers[checkout].acked == 5',
    'producers[checkout].acked != 6',
    'producers[checkout].acks == all',
    'producers[checkout].partitioner == "default"',
    "producers[checkout].partitioner == 'default'",
    'producers[checkout].sent > 5',
    'producers[checkout].sent >= 6',
    'producers[checkout].failed < 1',
    'producers[checkout].failed <= 0',
    'producers.length == 1',
    'brokers[2].alive == false',
    'brokers[3].alive == true',
    'brokers[#0].id == 1',
    'brokers[#-1].id == 3',
    'brokers[*].alive == [true, false, true]',
    'count(brokers[alive == true]) == 2',
    'topics[orders].partitions[1].logEndOffset == 3',
    'topics[orders].partitions[1].highWatermark == 2',
    'topics[orders].partitions[1].replicas[0] == 2',
    'topics[orders].partitions[1].isr contains 2',
    'topics[orders].partitions[1].replicaLogEndOffsets[2] == 3',
    'topics[orders].partitions[1].records[1].value == "a2"',
    'topics[orders].partitions[*].logEndOffset == [2, 3, 0]',
    'sum(topics[orders].partitions[*].logEndOffset) == 5',
    'max(topics[orders].partitions[*].logEndOffset) == 3',
    'min(topics[orders].partitions[*].logEndOffset) == 0',
    'count(topics[orders].partitions[logEndOffset > 0]) == 2',
    'count(topics[orders].partitions[*].records[key == alice]) == 2',
    'topics[orders].partitions[*].records[*].key contains carol',
    'distinct(topics[orders].partitions[*].records[*].key) == [null, alice, bob, carol]',
    'first(topics[orders].partitions[logEndOffset > 0].partition) == 0',
    'last(topics[orders].partitions[logEndOffset > 0].partition) == 1',
    'first(topics[orders].partitions[logEndOffset > 9].partition) == null',
    'consumers[sally].positions[orders/1].position == 1',
    'consumers[sally].consumed in [3, 4, 5]',
    'consumers[sally].group == null',
    'partitionOf(orders, alice) == 1',
    'partitionOf(orders, "bob") == 0',
    'partitionOf(orders, null) == 0',
    'partitionsOf(orders, alice) == [1]',
    'partitionsOf(orders, dave) == []',
    'partitionOf(orders, alice) in [1, 2]',
    'records(orders) == 5',
    'records(orders, 1) == 3',
    'records(orders) == producers[checkout].acked',
    'producers[checkout].acked == records(orders)',
    'valuesOf(orders, alice) == [a1, a2]',
    'keysOf(orders, 1) == [alice, carol]',
    'keysInOrder(orders, alice) == true',
    'lag(sally) == 1',
    'lag(sally, orders, 1) == 1',
    'lag(sally, orders, 0) == 0',
    'partitionsOf(orders, alice).length == 1',
    'timeMs == 5000',
    'seed == 7',
    'traceHash contains "b"',
    'topics[orders].name == orders',
  ])('%s', (source) => {
    const r = check(source);
    expect(r, formatExpectationResult(r)).toMatchObject({ ok: true });
  });
});

describe('expectations that fail say what was expected and found', () => {
  it.each([
    ['producers[checkout].acked == 6', '6', '5'],
    ['producers[checkout].acked != 5', 'anything but 5', '5'],
    ['producers[checkout].acked > 5', '> 5', '5'],
    ['partitionOf(orders, alice) in [0, 2]', 'one of [0, 2]', '1'],
    ['topics[orders].partitions[1].isr contains 3', 'something containing 3', '[2]'],
    ['producers[checkout].partitioner == sticky', '"sticky"', '"default"'],
  ])('%s', (source, expected, actual) => {
    const r = check(source);
    expect(r).toEqual({ ok: false, description: source, expected, actual });
    expect(formatExpectationResult(r)).toBe(`${source}: expected ${expected}, found ${actual}`);
  });

  it.each([
    ['producers[chekout].acked == 6', 'producers has no id "chekout" (did you mean "checkout"?)'],
    [
      'producers[checkout].akced == 6',
      'no field "akced" in producers[checkout] (did you mean "acked"?)',
    ],
    ['brokers[9].alive == true', 'brokers has no id "9"'],
    ['topics[orders].partitions[7].logEndOffset == 0', 'no partition "7"'],
    ['consumers[sally].positions[orders/9].position == 0', 'has no "orders/9"'],
    ['topics.name == orders', 'topics is a list: pick one element'],
    ['partitionOf(orders, dave) == 1', 'no record with key "dave" in topic "orders"'],
    ['partitionOf(ordrs, alice) == 1', 'no topic "ordrs" (did you mean "orders"?)'],
    ['lag(fred) == 0', 'no consumer "fred"'],
    ['sum(brokers[*].alive) == 0', 'sum() needs numbers'],
    ['producerz.length == 1', 'no field "producerz" in the report (did you mean "producers"?)'],
  ])('%s', (source, message) => {
    const r = check(source);
    expect(r.ok).toBe(false);
    expect(r.actual.replace('nothing: ', '')).toContain(
      message.replace('no partition "7"', 'has no partition "7"'),
    );
  });

  it('keysInOrder explains a false', () => {
    const r = report();
    r.topics[0].partitions[1].records.reverse();
    expect(check('keysInOrder(orders, alice) == true', r).actual).toMatch(
      /^false \(offset \d holds checkout's record #0, sent before #2\)/,
    );
    expect(check('keysInOrder(orders, null) == true').ok).toBe(true);
  });

  it('an op that cannot compare says so', () => {
    expect(check('brokers[*].alive < 3').actual).toContain('"<" compares two numbers');
    expect(check('producers[checkout].acked in 5').actual).toContain('"in" needs a list');
  });
});

describe('parsing', () => {
  it('a topic argument may hold dots without quotes, as Kafka topic names do', () => {
    for (const source of ['leaderOf(audit.log, 0) == 1', 'records(audit.log.v2) > 0']) {
      const r = parseExpectation(source);
      if (!r.ok) throw new Error(r.message);
      const left = r.value.left;
      expect(left.kind).toBe('call');
      if (left.kind === 'call')
        expect(left.args[0]).toMatchObject({
          kind: 'word',
          text: source.slice(source.indexOf('(') + 1).split(/[,)]/)[0],
        });
    }
    // Only topic arguments: a key with dots is still quoted ("a.b").
    const key = parseExpectation('partitionOf(orders, a.b) == 1');
    expect(key.ok ? 'parsed' : key.message).toMatch(/argument 2 is a key/);
  });

  it.each([
    ['', 0, 'empty expectation'],
    ['producers[checkout].acked', 25, 'expected an operator'],
    ['producers[checkout].acked = 6', 26, '"=" is not an operator: write "=="'],
    ['producers[checkout].acked === 6', 28, 'expected a value, found "=" (the operator is "==")'],
    ['producers[checkout].acked ==', 28, 'expected a value after the operator'],
    ['producers[checkout].acked == 6 7', 31, 'unexpected "7" after the value'],
    ['producers[checkout.acked == 6', 9, '"[" is never closed'],
    ['producers[].acked == 6', 9, 'empty "[]"'],
    ['producers[checkout]. == 6', 21, 'expected a field name after "."'],
    [
      'prtitionOf(orders, alice) == 1',
      0,
      'unknown function "prtitionOf" (did you mean "partitionOf"?)',
    ],
    ['partitionOf(orders) == 1', 0, 'partitionOf() takes 2 arguments'],
    ['records(orders, x) == 1', 16, 'argument 2 is a partition number'],
    ['records([a]) == 1', 8, 'argument 1 is a topic name'],
    ['6 == producers[checkout].acked', 0, 'the left side is a value'],
    ['acked == "unterminated', 9, 'string is never closed'],
    ['acked ~= 1', 6, 'unexpected "~"'],
    ['acked == [1, 2', 14, 'expected "," or "]"'],
    [
      'acked iz [1]',
      6,
      'expected an operator (== != < <= > >= in contains), found "iz" (did you mean "in"?)',
    ],
    ['acked == 3abc', 9, 'neither a number nor a name'],
    ['acked == "\\q"', 10, 'unknown escape'],
  ])('%j → offset %d: %s', (source, offset, message) => {
    const r = parseExpectation(source);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toContain(message);
      expect(r.offset).toBe(offset);
    }
  });

  it('limits nesting', () => {
    const r = parseExpectation(`acked in ${'['.repeat(40)}${']'.repeat(40)}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/nested more than 16 deep/);
  });

  it('names the entities it refers to, with offsets', () => {
    const r = parseExpectation(
      'consumers[sally].positions[orders/3].position == records(orders, 2) + 0',
    );
    expect(r.ok).toBe(false); // "+" is not part of the language
    const ok = parseExpectation(
      'consumers[sally].positions[orders/3].position < partitionOf(payments, alice)',
    );
    if (!ok.ok) throw new Error(ok.message);
    expect(expectationReferences(ok.value)).toEqual([
      { kind: 'consumer', id: 'sally', offset: 10 },
      { kind: 'topic', id: 'orders', offset: 27 },
      { kind: 'partition', topic: 'orders', partition: 3, offset: 27 },
      { kind: 'topic', id: 'payments', offset: 60 },
    ]);
    const topics = parseExpectation('topics[orders].partitions[4].leader == 1 and');
    expect(topics.ok).toBe(false);
    const t = parseExpectation('topics[orders].partitions[4].leader == brokers[2].id');
    if (!t.ok) throw new Error(t.message);
    expect(expectationReferences(t.value).map((x) => x.kind)).toEqual([
      'topic',
      'partition',
      'broker',
    ]);
  });
});

describe('against a real engine run', () => {
  it('reads the report of a world that produced keyed records', () => {
    const world = createWorld({
      seed: 3,
      brokers: [1, 2, 3],
      topics: [
        {
          name: 'orders',
          partitions: 6,
          replicationFactor: 3,
          placement: { startIndex: 0, shift: 0 },
        },
      ],
      producers: [{ id: 'checkout', topic: 'orders', acks: 'all' }],
      consumers: [{ id: 'sally', topics: ['orders'], from: 'earliest' }],
    });
    const cursor = createCursor([
      {
        atMs: 100,
        command: {
          type: 'produce',
          producer: 'checkout',
          keys: ['alice', 'bob'],
          keyOrder: 'cycle',
          count: 6,
        },
      },
    ]);
    runWithCommands(world, cursor, 3000);
    const r = stateReport(snapshot(world));
    const holds = (source: string) => {
      const result = check(source, r);
      expect(result, formatExpectationResult(result)).toMatchObject({ ok: true });
    };
    holds(`partitionOf(orders, alice) == ${partitionForKey('alice', 6)}`);
    holds(`partitionOf(orders, bob) == ${partitionForKey('bob', 6)}`);
    holds('producers[checkout].acked == 6');
    holds('records(orders) == 6');
    holds('consumers[sally].consumed == 6');
    holds('lag(sally) == 0');
    holds('keysInOrder(orders, alice) == true');
    holds('valuesOf(orders, alice) == ["checkout-0", "checkout-2", "checkout-4"]');
    holds('topics[orders].partitions[0].replicas == [1, 2, 3]');
    const failed = check('producers[checkout].acked == 7', r);
    expect(formatExpectationResult(failed)).toBe(
      'producers[checkout].acked == 7: expected 7, found 6',
    );
  });
});

describe('groups, leaders and lost records', () => {
  /** The hand-written report with a group, a crashed leader's partition and a lost record. */
  function groupReport(): StateReport {
    const r = report() as unknown as Record<string, unknown> & StateReport;
    r.topics[0].partitions[2].leader = -1;
    r.topics[0].partitions[2].isr = [3];
    r.topics[0].partitions[0].isr = [3, 1];
    r.groups = [
      {
        id: 'billing',
        state: 'Stable',
        generation: 3,
        protocol: 'cooperative-sticky',
        rebalanceProtocol: 'cooperative',
        coordinator: { partition: 4, broker: 2 },
        leader: 'c1',
        members: [
          {
            id: 'c1',
            instanceId: null,
            assignment: [
              { topic: 'orders', partition: 2 },
              { topic: 'orders', partition: 0 },
            ],
          },
          { id: 'c2', instanceId: 'host-2', assignment: [{ topic: 'orders', partition: 1 }] },
          { id: 'c3', instanceId: null, assignment: [] },
        ],
        offsets: [
          { topic: 'orders', partition: 0, committed: 1, lag: 1 },
          { topic: 'orders', partition: 1, committed: 0, lag: 2 },
          { topic: 'orders', partition: 2, committed: null, lag: null },
        ],
      },
    ];
    r.lostRecords = [
      { producer: 'checkout', sequence: 9, topic: 'orders', partition: 1, offset: 2 },
    ];
    (r.producers[0] as { errors: Record<string, number> }).errors = { NOT_ENOUGH_REPLICAS: 3 };
    return r;
  }

  it.each([
    'groups[billing].state == Stable',
    'groups[billing].generation == 3',
    'groups[billing].members.length == 3',
    'groups[billing].members[c2].instanceId == host-2',
    'groups[billing].offsets[orders/0].lag == 1',
    'groups[billing].offsets[orders/2].committed == null',
    'assignment(billing, c1) == [orders-0, orders-2]',
    'assignment(billing, c3) == []',
    'assignment(billing, c1) in [orders-0, orders-1, orders-2]',
    'assignment(billing, c2).length == 1',
    'coordinatorOf(billing) == 2',
    'leaderOf(orders, 1) == 2',
    'leaderOf(orders, 2) == -1',
    'isrOf(orders, 0) == [1, 3]',
    'groupLag(billing) == 3',
    'groupLag(billing, orders) == 3',
    'lostRecords.length == 1',
    'lostRecords[#0].offset == 2',
    'count(lostRecords[producer == checkout]) == 1',
    'producers[checkout].errors.NOT_ENOUGH_REPLICAS > 0',
  ])('%s', (source) => {
    const r = check(source, groupReport());
    expect(r, formatExpectationResult(r)).toMatchObject({ ok: true });
  });

  it('explains what it cannot find', () => {
    const r = groupReport();
    expect(check('assignment(biling, c1) == []', r).actual).toBe(
      'nothing: no group "biling" (did you mean "billing"?) (groups: billing)',
    );
    expect(check('assignment(billing, c4) == []', r).actual).toBe(
      'nothing: "c4" is not a member of group "billing" (did you mean "c1"?) (members: c1, c2, c3)',
    );
    expect(check('leaderOf(orders, 7) == 1', r).actual).toBe(
      'nothing: topic "orders" has no partition 7',
    );
    expect(check('groupLag(billing) == 0', r).actual).toBe(
      '3 (1 partition without a committed offset left out)',
    );
    expect(check('coordinatorOf(billing) == 1', r).actual).toBe(
      '2 (__consumer_offsets partition 4)',
    );
  });

  it('names groups and members for load-time checks', () => {
    const parsed = parseExpectation(
      'groups[billing].members[c1].assignment == assignment(billing, c2)',
    );
    if (!parsed.ok) throw new Error(parsed.message);
    expect(expectationReferences(parsed.value)).toEqual([
      { kind: 'group', id: 'billing', offset: 7 },
      { kind: 'member', group: 'billing', id: 'c1', offset: 24 },
      { kind: 'group', id: 'billing', offset: 53 },
      { kind: 'member', group: 'billing', id: 'c2', offset: 62 },
    ]);
    const offsets = parseExpectation('groups[g].offsets[orders/3].lag == 0');
    if (!offsets.ok) throw new Error(offsets.message);
    expect(expectationReferences(offsets.value).map((x) => x.kind)).toEqual([
      'group',
      'topic',
      'partition',
    ]);
    const bad = parseExpectation('assignment(billing, [c1]) == []');
    expect(bad).toMatchObject({
      ok: false,
      message: expect.stringContaining('a consumer id (the member)'),
    });
  });
});
