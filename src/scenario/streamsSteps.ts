import { consumerId } from './fields';
import { missing } from './known';
import { defined, stepKind, type StepCheckContext } from './stepKind';
import { describeMoment, type Timeline } from './timeline';

/**
 * Steps for streams applications' instances (`streams:` in the file): kill, stop, restart one
 * (`fraud-2`), or add one to an application (`fraud`). Instance ids are `<app>-<n>`: the
 * application's first `instances` at the start, then one more per addStreamsInstance step.
 */

const instanceName = consumerId.meta({
  description: 'A streams instance: <app>-<n>, e.g. fraud-2.',
});

type InstanceStepType = 'killStreamsInstance' | 'stopStreamsInstance' | 'restartStreamsInstance';

/** Why `instance` is not an instance at this moment of the file, with what exists, or null. */
function instanceProblem(ctx: StepCheckContext, instance: string): string | null {
  if (ctx.known.streamsApps === undefined) return null;
  if (ctx.timeline.streamsInstances.has(instance)) return null;
  const app = [...ctx.known.streamsApps.keys()].find((a) => instance.startsWith(`${a}-`));
  const count = app === undefined ? undefined : ctx.timeline.streamsInstanceCount.get(app);
  if (app !== undefined && count !== undefined)
    return `no streams instance "${instance}" at this moment: "${app}" has ${count} (${app}-1 to ${app}-${count}); addStreamsInstance: ${app} adds ${app}-${count + 1}`;
  return missing('streams instance', instance, ctx.timeline.streamsInstances);
}

function instanceStep(type: InstanceStepType, summary: string, description: string) {
  const wantRunning = type !== 'restartStreamsInstance';
  return stepKind({
    summary,
    schema: instanceName.meta({ description }),
    check(v, ctx) {
      const problem = instanceProblem(ctx, v);
      if (problem !== null) return ctx.problem([], problem);
      const life = ctx.timeline.streamsInstances.get(v);
      if (life === undefined) return;
      if (wantRunning && !life.running)
        ctx.problem(
          [],
          `streams instance "${v}" is not running (stopped at ${describeMoment(life.since)})`,
        );
      if (!wantRunning && life.running)
        ctx.problem([], `streams instance "${v}" is already running: stop or kill it first`);
    },
    apply(v, timeline: Timeline, moment) {
      const life = timeline.streamsInstances.get(v);
      if (life !== undefined)
        timeline.streamsInstances.set(v, { ...life, running: !wantRunning, since: moment });
    },
    compile(v, ctx) {
      ctx.command({ type, instance: v });
    },
    declares: () => ({}),
  });
}

export const killStreamsInstance = instanceStep(
  'killStreamsInstance',
  'killStreamsInstance: a streams instance dies (fraud-2): no commit; its tasks move after the session timeout',
  'The process dies: no commit, and, as always with Streams, no LeaveGroup. Its tasks move after the session timeout; their new owner restores their stores from the changelogs.',
);
export const stopStreamsInstance = instanceStep(
  'stopStreamsInstance',
  'stopStreamsInstance: a streams instance closes (fraud-2): it commits, but sends no LeaveGroup',
  'KafkaStreams#close(): the instance commits its tasks and stops. Streams sends no LeaveGroup, so its tasks still move only after the session timeout.',
);
export const restartStreamsInstance = instanceStep(
  'restartStreamsInstance',
  'restartStreamsInstance: a stopped streams instance starts again (fraud-2) and rejoins',
  'The instance starts again and rejoins its groups; tasks it gets restore their stores from the changelogs.',
);

export const addStreamsInstance = stepKind({
  summary: 'addStreamsInstance: one more instance of a streams application (fraud → fraud-3)',
  schema: consumerId.meta({
    description: 'The application (its id in streams:); the new instance is <app>-<n+1>.',
  }),
  check(v, ctx) {
    const problem = missing('streams application', v, ctx.known.streamsApps);
    if (problem !== null) return ctx.problem([], problem);
    const count = ctx.timeline.streamsInstanceCount.get(v);
    if (count === undefined) return;
    // The new instance's consumer and producer take its id: they may not be the file's.
    const next = `${v}-${count + 1}`;
    if (ctx.timeline.consumers.has(next) || ctx.known.producers?.has(`${next}-producer`) === true)
      ctx.problem(
        [],
        `the new instance would be "${next}", whose clients' ids ("${next}", "${next}-producer") the file already uses for a consumer or producer: rename the application or that client`,
      );
  },
  apply(v, timeline, moment) {
    const count = timeline.streamsInstanceCount.get(v);
    if (count === undefined) return;
    timeline.streamsInstanceCount.set(v, count + 1);
    timeline.streamsInstances.set(`${v}-${count + 1}`, { app: v, running: true, since: moment });
  },
  compile(v, ctx) {
    ctx.command(defined({ type: 'addStreamsInstance' as const, app: v }));
  },
});
