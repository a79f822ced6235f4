import { z } from 'zod';
import { checkConsumerDeclaration, consumerSchema, consumerSetupOf } from './consumers';
import { brokerId, consumerId, topicName, wholeNumber } from './fields';
import { missing, missingBroker, missingController, missingTopic } from './known';
import { LIMITS } from './limits';
import { momentOf, stepKind } from './stepKind';
import {
  consumerNotRunning,
  describeMoment,
  isRunning,
  joinProblem,
  startConsumer,
  type ConsumerStatus,
  type JoiningConsumer,
} from './timeline';

/**
 * Step kinds that change the cluster's cast: brokers crash, shut down and restart; consumers
 * start, stop, pause, commit; topics grow. Each keeps the timeline up to date for the steps
 * after it, so a step acting on a consumer that already left is a problem in the file.
 */

// ------------------------------------------------------------------------------ brokers

/** A broker id, or `{ broker: id }` (the command's own shape, as a session export writes it). */
const brokerTarget = z
  .union([brokerId, z.strictObject({ broker: brokerId })], {
    error: (iss) =>
      iss.code === 'invalid_union' && iss.input !== undefined
        ? 'expected a broker id (2) or { broker: 2 }'
        : undefined,
  })
  .transform((v) => (typeof v === 'number' ? v : v.broker))
  .meta({ description: 'A broker id, or { broker: id }.' });

function brokerStep(
  type: 'killBroker' | 'shutdownBroker' | 'restartBroker',
  summary: string,
  description: string,
) {
  return stepKind({
    summary,
    schema: brokerTarget.meta({ description }),
    check(v, ctx) {
      const missingOne = missingBroker(ctx.known, v);
      if (missingOne !== null) return ctx.problem([], missingOne);
      const life = ctx.timeline.brokers.get(v);
      if (life === undefined) return;
      const when =
        life.change === null
          ? ''
          : ` (${life.change.how} at ${describeMoment(life.change.moment)})`;
      if (type === 'restartBroker' && life.alive)
        ctx.problem(
          [],
          `broker ${v} is running${when}: restart a broker after killBroker or shutdownBroker`,
        );
      if (type !== 'restartBroker' && !life.alive)
        ctx.problem([], `broker ${v} is already down${when}`);
    },
    apply(v, timeline, moment) {
      const how =
        type === 'killBroker' ? 'killed' : type === 'shutdownBroker' ? 'shut down' : 'restarted';
      if (timeline.brokers.has(v))
        timeline.brokers.set(v, { alive: type === 'restartBroker', change: { moment, how } });
    },
    compile(v, ctx) {
      ctx.command({ type, broker: v });
    },
  });
}

export const killBroker = brokerStep(
  'killBroker',
  'killBroker: a broker crashes (a broker id, or {broker}); the controller fences it after brokerSessionTimeout',
  'The broker process dies at once. The controller notices only after brokerSessionTimeout, then moves its leaderships and shrinks ISRs.',
);
export const shutdownBroker = brokerStep(
  'shutdownBroker',
  'shutdownBroker: a controlled shutdown (a broker id, or {broker}): leaderships move first, no gap',
  'A controlled shutdown: the controller moves leadership away first, then the broker stops.',
);
export const restartBroker = brokerStep(
  'restartBroker',
  'restartBroker: a stopped broker starts again (a broker id, or {broker}): it truncates, catches up and rejoins ISRs',
  "The broker starts again: it truncates to its leaders' history, catches up and rejoins the ISRs.",
);

// -------------------------------------------------------------------------- controllers

/** An isolated controller's id, or `{ controller: id }` (the command's own shape). */
const controllerTarget = z
  .union([brokerId, z.strictObject({ controller: brokerId })], {
    error: (iss) =>
      iss.code === 'invalid_union' && iss.input !== undefined
        ? 'expected a controller id (3000) or { controller: 3000 }'
        : undefined,
  })
  .transform((v) => (typeof v === 'number' ? v : v.controller))
  .meta({ description: 'An isolated controller id, or { controller: id }.' });

function controllerStep(
  type: 'killController' | 'restartController',
  summary: string,
  description: string,
) {
  return stepKind({
    summary,
    schema: controllerTarget.meta({ description }),
    check(v, ctx) {
      const missingOne = missingController(ctx.known, v);
      if (missingOne !== null) return ctx.problem([], missingOne);
      const life = ctx.timeline.controllers.get(v);
      if (life === undefined) return;
      const when =
        life.change === null
          ? ''
          : ` (${life.change.how} at ${describeMoment(life.change.moment)})`;
      if (type === 'restartController' && life.alive)
        ctx.problem(
          [],
          `controller ${v} is running${when}: restart a controller after killController`,
        );
      if (type === 'killController' && !life.alive)
        ctx.problem([], `controller ${v} is already down${when}`);
    },
    apply(v, timeline, moment) {
      if (timeline.controllers.has(v))
        timeline.controllers.set(v, {
          alive: type === 'restartController',
          change: { moment, how: type === 'killController' ? 'killed' : 'restarted' },
        });
    },
    compile(v, ctx) {
      ctx.command({ type, controller: v });
    },
  });
}

export const killController = controllerStep(
  'killController',
  'killController: an isolated KRaft controller crashes (its id, or {controller})',
  'The controller process dies. If it was the active controller, the other voters elect a new one after controllerFailover; if fewer than a majority of voters still run, nothing is decided (no elections, ISR changes or fencing) until enough return.',
);
export const restartController = controllerStep(
  'restartController',
  'restartController: a stopped isolated controller starts again (its id, or {controller})',
  'The controller rejoins the quorum; a quorum that regains its majority elects an active controller.',
);

// ---------------------------------------------------------------------------- consumers

export const addConsumer = stepKind({
  summary: 'addConsumer: a consumer starts ({id, group?, topics, …}: the fields of consumers[])',
  schema: consumerSchema.meta({
    description:
      'A consumer starts (a new one, or a stopped one again under its id): the same fields as consumers[].',
  }),
  check(v, ctx) {
    checkConsumerDeclaration(v, ctx.has, ctx.known, ctx.problem);
    // A streams instance's consumer has the instance's id, running or not: the engine would
    // refuse the step, or restart that consumer as a plain one.
    const instance = ctx.timeline.streamsInstances.get(v.id);
    if (instance !== undefined) {
      ctx.problem(
        ['id'],
        `"${v.id}" is an instance of streams application "${instance.app}", and its consumer's client id: pick another id`,
      );
      return;
    }
    const life = ctx.timeline.consumers.get(v.id);
    if (life !== undefined && isRunning(life)) {
      ctx.problem(
        ['id'],
        `consumer "${v.id}" is already running (since ${describeMoment(life.since)}): remove or crash it first, or pick another id`,
      );
      return;
    }
    const problem = joinProblem(ctx.timeline, joiningOf(v));
    if (problem !== null) ctx.problem([problem.field], problem.message);
  },
  apply(v, timeline, moment) {
    startConsumer(timeline, joiningOf(v), moment);
  },
  declares: (v) => ({ consumers: [joiningOf(v)] }),
  compile(v, ctx) {
    ctx.command({ type: 'addConsumer', consumer: consumerSetupOf(v) });
  },
});

function joiningOf(v: z.output<typeof consumerSchema>): JoiningConsumer {
  return {
    id: v.id,
    group: v.group ?? null,
    topics: v.topics ?? (v.topic !== undefined ? [v.topic] : undefined),
    assignors: v.assignors,
    instanceId: v.instanceId,
    maxPollIntervalMs: v.maxPollInterval,
  };
}

/** A consumer id, or `{ consumer: id }`. */
const consumerTarget = z
  .union([consumerId, z.strictObject({ consumer: consumerId })], {
    error: (iss) =>
      iss.code === 'invalid_union' && iss.input !== undefined
        ? 'expected a consumer id (c1) or { consumer: c1 }'
        : undefined,
  })
  .transform((v) => (typeof v === 'string' ? v : v.consumer));

type ConsumerStepType =
  | 'removeConsumer'
  | 'crashConsumer'
  | 'pauseConsumer'
  | 'stallConsumer'
  | 'resumeConsumer'
  | 'commit';

const isPaused = (s: ConsumerStatus) => s === 'paused' || s === 'paused, stalled';
const isStalled = (s: ConsumerStatus) => s === 'stalled' || s === 'paused, stalled';

/** What a consumer step leaves a running consumer as (commit changes nothing). */
function statusAfter(type: ConsumerStepType, s: ConsumerStatus): ConsumerStatus {
  switch (type) {
    case 'removeConsumer':
      return 'removed';
    case 'crashConsumer':
      return 'crashed';
    case 'pauseConsumer':
      return isStalled(s) ? 'paused, stalled' : 'paused';
    case 'stallConsumer':
      return isPaused(s) ? 'paused, stalled' : 'stalled';
    case 'resumeConsumer':
      return 'running';
    case 'commit':
      return s;
  }
}

function consumerStep(type: ConsumerStepType, summary: string, description: string) {
  return stepKind({
    summary,
    schema: consumerTarget.meta({ description }),
    check(v, ctx) {
      const problem =
        missing('consumer', v, ctx.known.consumers) ??
        consumerNotRunning(ctx.timeline, ctx.known, v, momentOf(ctx));
      if (problem !== null) return ctx.problem([], problem);
      const life = ctx.timeline.consumers.get(v);
      if (life === undefined) return;
      if (type === 'pauseConsumer' && isPaused(life.status))
        ctx.problem([], `consumer "${v}" is already paused (since ${describeMoment(life.since)})`);
      if (type === 'stallConsumer' && isStalled(life.status))
        ctx.problem(
          [],
          `consumer "${v}" has already stopped polling (since ${describeMoment(life.since)})`,
        );
      if (type === 'resumeConsumer' && life.status === 'running')
        ctx.problem(
          [],
          `consumer "${v}" is neither paused nor stalled: pause it first (pauseConsumer or stallConsumer)`,
        );
      if (type === 'commit' && life.group === null)
        ctx.problem([], `consumer "${v}" has no group: commit stores a group's offsets`);
    },
    apply(v, timeline, moment) {
      const life = timeline.consumers.get(v);
      const status = life === undefined ? undefined : statusAfter(type, life.status);
      if (life !== undefined && status !== undefined && status !== life.status)
        timeline.consumers.set(v, { ...life, status, since: moment });
    },
    compile(v, ctx) {
      ctx.command({ type, consumer: v });
    },
  });
}

export const removeConsumer = consumerStep(
  'removeConsumer',
  'removeConsumer: a consumer closes (an id): it commits, leaves its group, and the group rebalances at once',
  'close(): the consumer commits (with autoCommit) and sends LeaveGroup; the group rebalances at once (a static member sends no LeaveGroup).',
);
export const crashConsumer = consumerStep(
  'crashConsumer',
  'crashConsumer: a consumer process dies (an id): no commit, no goodbye; its group notices after sessionTimeout',
  'The process dies: no commit, no LeaveGroup. The coordinator notices after the session timeout.',
);
export const pauseConsumer = consumerStep(
  'pauseConsumer',
  "pauseConsumer: KafkaConsumer.pause() on a consumer's partitions (an id): it keeps polling and heartbeating, without their records",
  'pause(assignment()): the consumer keeps polling and heartbeating, so it stays in its group, but gets no records from the partitions it owns now. A rebalance forgets the pause of partitions it revokes; newly assigned ones arrive unpaused.',
);
export const stallConsumer = consumerStep(
  'stallConsumer',
  'stallConsumer: a consumer stops polling (an id), a stuck processing loop; past maxPollInterval it leaves its group',
  'The application stops calling poll() (a stuck processing loop). Heartbeats go on; past maxPollInterval it leaves its group.',
);
export const resumeConsumer = consumerStep(
  'resumeConsumer',
  'resumeConsumer: a paused or stalled consumer reads again (an id); one that timed out rejoins',
  'resume() of every paused partition, and polling again; if it left its group after maxPollInterval, it rejoins.',
);
export const commit = consumerStep(
  'commit',
  'commit: a group member commits its positions now (an id), as commitSync',
  "commitSync() of the consumer's positions: its group's committed offsets move to them.",
);

// ---------------------------------------------------------------------------- topics

export const addPartitions = stepKind({
  summary:
    'addPartitions: more partitions for a topic ({topic, count}); keys remap, groups rebalance',
  schema: z
    .strictObject({
      topic: topicName,
      count: wholeNumber(1, LIMITS.partitionsPerTopic, 'partitions per topic').meta({
        description: 'How many partitions to add.',
      }),
    })
    .meta({
      description:
        "CreatePartitions: count more partitions, placed by Kafka's rack-unaware rule (seeded). Keyed records map differently from now on; groups reading the topic rebalance.",
    }),
  check(v, ctx) {
    const problem = missingTopic(ctx.known, v.topic);
    if (problem !== null) return ctx.problem(['topic'], problem);
    // The engine rejects it too. Every broker fenced while some run depends on timing (session
    // timeouts), so that refusal is only seen at run time, as a rejected command.
    const brokers = [...ctx.timeline.brokers.values()];
    if (brokers.length > 0 && brokers.every((b) => !b.alive))
      ctx.problem(
        [],
        'every broker is down at this moment: no one can create partitions (restart a broker first)',
      );
    const now = ctx.timeline.partitions.get(v.topic);
    if (now !== undefined && now + v.count > LIMITS.partitionsPerTopic) {
      ctx.problem(
        ['count'],
        `${v.topic} would have ${now + v.count} partitions; the limit is ${LIMITS.partitionsPerTopic}`,
      );
    }
    const total = [...ctx.timeline.partitions.values()].reduce<number>((n, c) => n + (c ?? 0), 0);
    if (total + v.count > LIMITS.partitionsTotal) {
      ctx.problem(
        ['count'],
        `${total + v.count} partitions in all; the limit is ${LIMITS.partitionsTotal}`,
      );
    }
  },
  apply(v, timeline) {
    const now = timeline.partitions.get(v.topic);
    if (timeline.partitions.has(v.topic))
      timeline.partitions.set(v.topic, now === undefined ? undefined : now + v.count);
  },
  compile(v, ctx) {
    ctx.command({ type: 'addPartitions', topic: v.topic, count: v.count });
  },
});
