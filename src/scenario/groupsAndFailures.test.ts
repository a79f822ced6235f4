import { describe, expect, it } from 'vitest';
import { loadScenario } from './compile';
import { parseScenario } from './parse';
import { formatProblem } from './problems';
import { runScenario } from './run';
import type { CompiledScenario } from './types';

/** Consumer groups, broker failures and the timing fields: format, checks and compilation. */

const VALID = `title: Groups and failures
seed: 3
duration: 30s
cluster:
  brokers: 4
  topics:
    - { name: orders, partitions: 4, replicationFactor: 3, placement: { startIndex: 0, shift: 0 }, minInsyncReplicas: 2 }
    - { name: audit, replicaAssignment: [[1, 2], [2, 3]], uncleanLeaderElection: true }
  brokerSessionTimeout: 4s
  brokerHeartbeatInterval: 1s
  controllerFailover: 2s
  replicaLagTimeMax: 10s
  replicaFetchWaitMax: 200ms
  autoLeaderRebalance: true
  leaderImbalanceCheckInterval: 10s
  offsetsTopicPartitions: 6
  groupInitialRebalanceDelay: 1s
producerDefaults: { deliveryTimeout: 20s, requestTimeout: 5s, retryBackoff: 50ms, retryBackoffMax: 500ms }
consumerDefaults: { sessionTimeout: 10s, heartbeatInterval: 1s, maxPollInterval: 1m, autoCommitInterval: 2s, fetchMaxWait: 100ms }
producers:
  - { id: app, topic: orders, acks: all, rate: 4 }
consumers:
  - { id: c1, group: billing, topics: [orders], from: earliest, assignors: [cooperative-sticky] }
  - id: c2
    group: billing
    topic: orders
    from: earliest
    assignors: [cooperative-sticky, range]
    instanceId: c2-host
    sessionTimeout: 8s
    heartbeatInterval: 2s
    maxPollInterval: 30s
    autoCommit: true
    autoCommitInterval: 1s
  - { id: sally, topic: audit, from: earliest }
steps:
  - at: 5s
    killBroker: 2
  - at: 6s
    shutdownBroker: { broker: 3 }
  - at: 12s
    restartBroker: 2
  - at: 12s
    restartBroker: { broker: 3 }
  - at: 7s
    addConsumer: { id: c3, group: billing, topics: [orders], from: earliest, assignors: [cooperative-sticky] }
  - at: 9s
    pauseConsumer: c3
  - at: 10s
    resumeConsumer: { consumer: c3 }
  - at: 11s
    commit: c1
  - at: 13s
    crashConsumer: c2
  - at: 14s
    removeConsumer: c3
  - at: 15s
    addPartitions: { topic: orders, count: 2 }
  - at: 15s
    produce: { producer: app, partition: 5 }
  - at: 20s
    expect:
      - groups[billing].members[c1].id == c1
      - assignment(billing, c1).length > 0
      - groups[billing].offsets.length == 6
      - topics[orders].partitions[5].leader >= 1
      - leaderOf(orders, 0) == 1
      - coordinatorOf(billing) > 0
      - groupLag(billing, orders) >= 0
      - brokers[2].alive == true
`;

function problemLines(text: string): string[] {
  const r = parseScenario(text, 'g.yaml');
  if (r.ok) throw new Error('expected problems, but the scenario is valid');
  return r.problems.map((p) => formatProblem(p, 'g.yaml').replace('g.yaml:', ''));
}

function messages(text: string): string[] {
  return problemLines(text).map((l) => l.replace(/^\d+:\d+: /, ''));
}

function edit(from: string, to: string, text = VALID): string {
  if (!text.includes(from)) throw new Error(`no "${from}" in the scenario`);
  return text.replace(from, to);
}

/** The valid scenario with extra steps appended. */
function withSteps(steps: string): string {
  return `${VALID.replace(/ {2}- at: 20s\n[\s\S]*$/, '')}${steps}`;
}

function compiled(text = VALID): CompiledScenario {
  const r = loadScenario(text, 'g.yaml');
  if (!r.ok) throw new Error(r.problems.map((p) => formatProblem(p, 'g.yaml')).join('\n'));
  return r.value;
}

describe('consumer groups and failures in the format', () => {
  it('compiles topics, timing and consumers into the engine setup', () => {
    const c = compiled();
    expect(c.setup.topics).toEqual([
      {
        name: 'orders',
        partitions: 4,
        replicationFactor: 3,
        placement: { startIndex: 0, shift: 0 },
        minInsyncReplicas: 2,
      },
      {
        name: 'audit',
        partitions: 2,
        replicationFactor: 2,
        replicaAssignment: [
          [1, 2],
          [2, 3],
        ],
        uncleanLeaderElection: true,
      },
    ]);
    expect(c.setup.config).toEqual({
      broker: {
        sessionTimeoutMs: 4000,
        heartbeatIntervalMs: 1000,
        controllerFailoverMs: 2000,
        autoLeaderRebalance: true,
        leaderImbalanceCheckIntervalMs: 10_000,
      },
      replication: { replicaLagTimeMaxMs: 10_000, replicaFetchWaitMaxMs: 200 },
      groups: { offsetsTopicPartitions: 6, initialRebalanceDelayMs: 1000 },
      producer: {
        deliveryTimeoutMs: 20_000,
        requestTimeoutMs: 5000,
        retryBackoffMs: 50,
        retryBackoffMaxMs: 500,
      },
      consumer: {
        sessionTimeoutMs: 10_000,
        heartbeatIntervalMs: 1000,
        maxPollIntervalMs: 60_000,
        autoCommitIntervalMs: 2000,
        fetchMaxWaitMs: 100,
      },
    });
    expect(c.setup.consumers).toEqual([
      {
        id: 'c1',
        topics: ['orders'],
        from: 'earliest',
        group: 'billing',
        assignors: ['cooperative-sticky'],
      },
      {
        id: 'c2',
        topics: ['orders'],
        from: 'earliest',
        group: 'billing',
        instanceId: 'c2-host',
        assignors: ['cooperative-sticky', 'range'],
        sessionTimeoutMs: 8000,
        heartbeatIntervalMs: 2000,
        maxPollIntervalMs: 30_000,
        autoCommit: true,
        autoCommitIntervalMs: 1000,
      },
      { id: 'sally', topics: ['audit'], from: 'earliest' },
    ]);
  });

  it('leaves the engine config out when the file sets no timing', () => {
    const text = `title: t\nduration: 1s\ncluster: { brokers: 1, topics: [{ name: t, partitions: 1 }] }\nproducers: [{ id: p, topic: t }]\nsteps: [{ at: 0s, produce: { producer: p } }, { at: 1s, expect: records(t) == 1 }]\n`;
    expect(compiled(text).setup.config).toBeUndefined();
  });

  it('compiles each new step kind to its engine command, in time order', () => {
    const commands = compiled().commands.filter((c) => c.stepIndex >= 0);
    expect(commands.map((c) => c.command)).toEqual([
      { type: 'killBroker', broker: 2 },
      { type: 'shutdownBroker', broker: 3 },
      {
        type: 'addConsumer',
        consumer: {
          id: 'c3',
          topics: ['orders'],
          from: 'earliest',
          group: 'billing',
          assignors: ['cooperative-sticky'],
        },
      },
      { type: 'pauseConsumer', consumer: 'c3' },
      { type: 'resumeConsumer', consumer: 'c3' },
      { type: 'commit', consumer: 'c1' },
      { type: 'restartBroker', broker: 2 },
      { type: 'restartBroker', broker: 3 },
      { type: 'crashConsumer', consumer: 'c2' },
      { type: 'removeConsumer', consumer: 'c3' },
      { type: 'addPartitions', topic: 'orders', count: 2 },
      { type: 'produce', producer: 'app', partition: 5 },
    ]);
  });

  it('runs: the engine takes every command, and the expectations reach groups and leaders', () => {
    const c = compiled();
    const rejected: string[] = [];
    const run = runScenario(c, {
      checkInvariants: true,
      onEvents: (events) => {
        for (const e of events)
          if (e.type === 'commandRejected') rejected.push(`${e.command}: ${e.reason}`);
      },
    });
    expect(rejected).toEqual([]);
    expect(run.violations).toEqual([]);
    expect(run.results.filter((r) => !r.result.ok).map((r) => r.result)).toEqual([]);
  });
});

describe('checks of topics and timing', () => {
  it('refuses minInsyncReplicas above the replication factor', () => {
    expect(messages(edit('minInsyncReplicas: 2 }', 'minInsyncReplicas: 4 }'))).toEqual([
      'cluster.topics[0].minInsyncReplicas: minInsyncReplicas 4 is more than the 3 replicas: acks=all writes would always fail with NOT_ENOUGH_REPLICAS',
    ]);
    expect(messages(edit('uncleanLeaderElection: true }', 'minInsyncReplicas: 3 }'))).toEqual([
      'cluster.topics[1].minInsyncReplicas: minInsyncReplicas 3 is more than the 2 replicas: acks=all writes would always fail with NOT_ENOUGH_REPLICAS',
    ]);
  });

  it("keeps Kafka's rules between timeouts", () => {
    expect(messages(edit('brokerHeartbeatInterval: 1s', 'brokerHeartbeatInterval: 4s'))).toEqual([
      'cluster.brokerHeartbeatInterval: brokerHeartbeatInterval (4s) must be below brokerSessionTimeout (4s), as Kafka requires',
    ]);
    expect(messages(edit('deliveryTimeout: 20s', 'deliveryTimeout: 4s'))).toEqual([
      'producerDefaults.deliveryTimeout: deliveryTimeout (4s) must be at least lingerMs + requestTimeout (5ms + 5s), as Kafka requires',
    ]);
    expect(
      messages(edit('heartbeatInterval: 1s, maxPoll', 'heartbeatInterval: 10s, maxPoll')),
    ).toEqual([
      'consumerDefaults.heartbeatInterval: heartbeatInterval (10s) must be below sessionTimeout (10s), as Kafka requires',
    ]);
    expect(messages(edit('    sessionTimeout: 8s\n', '    sessionTimeout: 2s\n'))).toEqual([
      'consumers[1].heartbeatInterval: heartbeatInterval (2s) must be below sessionTimeout (2s), as Kafka requires',
    ]);
    expect(messages(edit('autoLeaderRebalance: true', 'autoLeaderRebalance: false'))).toEqual([
      'cluster.leaderImbalanceCheckInterval: leaderImbalanceCheckInterval applies when autoLeaderRebalance is true',
    ]);
  });

  it('says where a setting lives when it is written in the wrong place', () => {
    expect(
      messages(
        edit(
          '{ id: app, topic: orders, acks: all, rate: 4 }',
          '{ id: app, topic: orders, deliveryTimeout: 5s }',
        ),
      ),
    ).toEqual([
      'producers[0].deliveryTimeout: unknown field "deliveryTimeout": producer timeouts apply to every producer at once: set it under producerDefaults',
    ]);
    expect(messages(edit('  brokerSessionTimeout: 4s\n', '  sessionTimeout: 4s\n'))[0]).toBe(
      'cluster.sessionTimeout: unknown field "sessionTimeout": a consumer\'s session timeout goes on the consumer or under consumerDefaults; a broker\'s is cluster.brokerSessionTimeout',
    );
  });
});

describe('checks of consumers', () => {
  it('wants group settings on group members only, and topics on every member', () => {
    expect(
      messages(
        edit(
          '{ id: sally, topic: audit, from: earliest }',
          '{ id: sally, topic: audit, assignors: [range], autoCommit: false }',
        ),
      ),
    ).toEqual([
      'consumers[2].assignors: assignors applies to members of a consumer group: add group (group.id)',
      'consumers[2].autoCommit: autoCommit applies to members of a consumer group: add group (group.id)',
    ]);
    expect(
      messages(
        edit(
          '{ id: c1, group: billing, topics: [orders], from: earliest,',
          '{ id: c1, group: billing, from: earliest,',
        ),
      ),
    ).toEqual([
      'consumers[0].topic: required, but missing: a group member subscribes to topics (give topics, or topic)',
    ]);
    expect(
      messages(
        edit(
          '{ id: c1, group: billing, topics: [orders], from: earliest,',
          '{ id: c1, group: billing, topics: [ordrs], from: 5,',
        ),
      ),
    ).toEqual([
      'consumers[0].topics[0]: no topic "ordrs" (did you mean "orders"?)',
      "consumers[0].from: a group member starts at its group's committed offset, else at auto.offset.reset: earliest or latest (seek to an offset with a seek step)",
    ]);
    expect(messages(edit('    autoCommit: true\n', '    autoCommit: false\n'))).toEqual([
      'consumers[1].autoCommitInterval: autoCommitInterval applies when autoCommit is true',
    ]);
  });

  it('names assignors with did-you-mean, and needs one the whole group shares', () => {
    expect(
      messages(
        edit(
          'assignors: [cooperative-sticky] }\n  - id: c2',
          'assignors: [cooperative-stiky] }\n  - id: c2',
        ),
      ),
    ).toEqual([
      'consumers[0].assignors[0]: expected one of range, roundrobin, sticky, cooperative-sticky; found the text "cooperative-stiky" (did you mean "cooperative-sticky"?)',
    ]);
    expect(
      messages(edit('    assignors: [cooperative-sticky, range]\n', '    assignors: [range]\n')),
    ).toEqual([
      'consumers[1].assignors: no assignor in common with the members of group "billing" (c1 [cooperative-sticky]): the coordinator refuses this consumer (INCONSISTENT_GROUP_PROTOCOL)',
    ]);
    expect(
      messages(
        edit(
          '{ id: c3, group: billing, topics: [orders], from: earliest, assignors: [cooperative-sticky] }',
          '{ id: c3, group: billing, topics: [orders], from: earliest, assignors: [roundrobin] }',
        ),
      ),
    ).toEqual([
      'steps[4].addConsumer.assignors: no assignor in common with the members of group "billing" (c1 [cooperative-sticky], c2 [cooperative-sticky, range]): the coordinator refuses this consumer (INCONSISTENT_GROUP_PROTOCOL)',
    ]);
  });

  it('follows consumers through the steps, in the order the steps run', () => {
    expect(messages(withSteps('  - at: 2s\n    removeConsumer: c3\n'))).toEqual([
      'steps[12].removeConsumer: consumer "c3" is added at 7s (steps[4]), after this step (2s)',
    ]);
    expect(messages(withSteps('  - at: 16s\n    crashConsumer: c2\n'))).toEqual([
      'steps[12].crashConsumer: consumer "c2" is not running at 16s: it crashed at 13s (steps[8]) (addConsumer starts it again)',
    ]);
    expect(messages(withSteps('  - at: 16s\n    removeConsumer: c4\n'))).toEqual([
      'steps[12].removeConsumer: no consumer "c4" (did you mean "c1"?)',
    ]);
    expect(messages(withSteps('  - at: 16s\n    resumeConsumer: c1\n'))).toEqual([
      'steps[12].resumeConsumer: consumer "c1" is neither paused nor stalled: pause it first (pauseConsumer or stallConsumer)',
    ]);
    expect(messages(withSteps('  - at: 16s\n    commit: sally\n'))).toEqual([
      'steps[12].commit: consumer "sally" has no group: commit stores a group\'s offsets',
    ]);
    expect(
      messages(
        withSteps('  - at: 8s\n    addConsumer: { id: c3, group: billing, topic: orders }\n'),
      ),
    ).toEqual([
      'steps[12].addConsumer.id: consumer "c3" is already running (since 7s (steps[4])): remove or crash it first, or pick another id',
    ]);
    // A crashed consumer comes back under its id.
    expect(
      parseScenario(
        withSteps(
          '  - at: 16s\n    addConsumer: { id: c2, group: billing, topic: orders, assignors: [cooperative-sticky] }\n  - at: 17s\n    commit: c2\n',
        ),
      ).ok,
    ).toBe(true);
  });

  it('checks seeks against what the consumer is at that moment', () => {
    expect(
      messages(withSteps('  - at: 16s\n    seek: { consumer: c3, offset: earliest }\n')),
    ).toEqual([
      'steps[12].seek.consumer: consumer "c3" is not running at 16s: it removed at 14s (steps[9]) (addConsumer starts it again)',
    ]);
  });
});

describe('checks of brokers and partitions over time', () => {
  it('knows which brokers are up', () => {
    expect(messages(withSteps('  - at: 7s\n    killBroker: 2\n'))).toEqual([
      'steps[12].killBroker: broker 2 is already down (killed at 5s (steps[0]))',
    ]);
    expect(messages(withSteps('  - at: 13s\n    restartBroker: 2\n'))).toEqual([
      'steps[12].restartBroker: broker 2 is running (restarted at 12s (steps[2])): restart a broker after killBroker or shutdownBroker',
    ]);
    expect(messages(withSteps('  - at: 13s\n    killBroker: 7\n'))).toEqual([
      'steps[12].killBroker: no broker 7 (brokers: 1, 2, 3, 4)',
    ]);
    expect(messages(withSteps('  - at: 13s\n    killBroker: two\n'))).toEqual([
      'steps[12].killBroker: expected a broker id (2) or { broker: 2 }',
    ]);
  });

  it('refuses addPartitions while every broker is down (the engine would reject it)', () => {
    const steps =
      '  - at: 16s\n    killBroker: 1\n  - at: 16s\n    killBroker: 2\n  - at: 16s\n    killBroker: 3\n  - at: 16s\n    killBroker: 4\n';
    expect(
      messages(withSteps(`${steps}  - at: 17s\n    addPartitions: { topic: orders, count: 1 }\n`)),
    ).toEqual([
      'steps[16].addPartitions: every broker is down at this moment: no one can create partitions (restart a broker first)',
    ]);
    const restarted = `${steps}  - at: 17s\n    restartBroker: 3\n  - at: 17s\n    addPartitions: { topic: orders, count: 1 }\n`;
    expect(parseScenario(withSteps(restarted)).ok).toBe(true);
  });

  it('counts partitions as addPartitions adds them', () => {
    expect(
      messages(
        edit(
          '  - at: 15s\n    produce: { producer: app, partition: 5 }',
          '  - at: 14s\n    produce: { producer: app, partition: 5 }',
        ),
      ),
    ).toEqual([
      'steps[11].produce.partition: topic "orders" has 4 partitions (0 to 3), so no partition 5 yet (addPartitions at 15s (steps[10]) adds more)',
    ]);
    expect(
      messages(withSteps('  - at: 20s\n    expect: topics[orders].partitions[6].leader > 0\n')),
    ).toEqual(['steps[12].expect: topic "orders" has 6 partitions (0 to 5), so no partition 6']);
  });

  it('checks what expectations name about groups and their members', () => {
    expect(
      messages(withSteps('  - at: 20s\n    expect: groups[biling].state == Stable\n')),
    ).toEqual(['steps[12].expect: no group "biling" (did you mean "billing"?)']);
    expect(
      messages(withSteps('  - at: 20s\n    expect: assignment(billing, sally) == []\n')),
    ).toEqual(['steps[12].expect: consumer "sally" is in no group']);
    expect(messages(withSteps('  - at: 6s\n    expect: consumers[c3].consumed == 0\n'))).toEqual([
      'steps[12].expect: consumer "c3" is added at 7s (steps[4]): the report has no such consumer before then',
    ]);
    const late = `title: t\nduration: 10s\ncluster: { brokers: 1, topics: [{ name: t, partitions: 1 }] }\nsteps:\n  - { at: 2s, expect: 'groups[g].state == Empty' }\n  - { at: 5s, addConsumer: { id: c, group: g, topic: t } }\n`;
    expect(messages(late)).toEqual([
      'steps[0].expect: group "g" does not exist yet: its first consumer is added at 5s (steps[1])',
    ]);
  });
});

describe('timing that schedules work after itself', () => {
  it('is at least 1ms, so the clock always moves', () => {
    expect(messages(edit('brokerHeartbeatInterval: 1s', 'brokerHeartbeatInterval: 0ms'))).toEqual([
      'cluster.brokerHeartbeatInterval: at least 1ms: this timing schedules work after itself, and 0 would stop the clock',
    ]);
    expect(messages(edit('autoCommitInterval: 1s', 'autoCommitInterval: 0'))).toEqual([
      'consumers[1].autoCommitInterval: at least 1ms: this timing schedules work after itself, and 0 would stop the clock',
    ]);
    expect(
      parseScenario(edit('groupInitialRebalanceDelay: 1s', 'groupInitialRebalanceDelay: 0ms')).ok,
    ).toBe(true);
  });
});
