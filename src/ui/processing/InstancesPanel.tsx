import { useId, useState } from 'react';
import type { Command, StreamsInstanceView, StreamsTaskView } from '../../engine';
import { useAppStore, useAppStoreApi } from '../../store';
import { statefulSubtopologies, subtopologyOfTask } from '../../viz';
import type { ProcessingPartProps } from './types';
import './instances.css';

/** "next commit in 1.2 s" (the instance's `commit.interval.ms` loop), or why there is none. */
export function commitCountdown(instance: StreamsInstanceView, nowMs: number): string {
  if (!instance.running) return 'stopped: no commits';
  if (instance.nextCommitAtMs === null) return 'no commit due';
  const s = Math.max(0, instance.nextCommitAtMs - nowMs) / 1000;
  return `next commit in ${s.toFixed(1)} s`;
}

/** "restoring 12 records from <changelog>": what a RESTORING task replays before it processes. */
export function restoringText(task: StreamsTaskView, changelogTopic: string | null): string {
  if (task.restoring === null) return '';
  const n = Math.max(0, task.restoring.toOffset - task.restoring.fromOffset);
  const from = changelogTopic ?? 'its changelog';
  if (n === 0) return `restoring from ${from}: nothing to replay`;
  return `restoring ${n} record${n === 1 ? '' : 's'} from ${from}`;
}

/**
 * Applies a command through `act` and reports the engine's refusal, if any: the engine never
 * throws on an invalid command, it records a `commandRejected` event (as the event list shows).
 */
function useStreamsCommand(): [run: (command: Command) => void, refusal: string | null] {
  const store = useAppStoreApi();
  const act = useAppStore((s) => s.act);
  const [refusal, setRefusal] = useState<string | null>(null);
  const run = (command: Command) => {
    const from = store.getState().snapshot?.eventCount ?? 0;
    act(command);
    const after = store.getState();
    const to = after.snapshot?.eventCount ?? from;
    let reason: string | null = null;
    for (let i = from; i < to; i++) {
      const e = after.eventLog?.at(i);
      if (e?.type === 'commandRejected' && e.command === command.type) reason = e.reason;
    }
    setRefusal(reason === null ? null : `Refused: ${reason}`);
  };
  return [run, refusal];
}

/**
 * A streams application's instances, each a card with the tasks it runs (its state store
 * marked), its commit countdown and its Kill, Stop and Restart buttons; the tasks nobody runs
 * in a row of their own; and a button to add an instance. The group is the query's
 * application.id.
 */
export function InstancesPanel({ app, query, nowMs }: ProcessingPartProps) {
  const id = useId();
  const [run, refusal] = useStreamsCommand();
  const stateful = statefulSubtopologies(query.topology);
  const unassigned = query.tasks.filter((t) => t.instance === null);
  const anyStopped = app.instances.some((i) => !i.running);
  const chip = (t: StreamsTaskView) => (
    <TaskChip
      key={t.id}
      task={t}
      stateful={stateful.has(subtopologyOfTask(t.id))}
      changelogTopic={query.changelogTopic}
    />
  );
  return (
    <section className="instances" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="instances-title">
        {app.id} <span className="muted">(streams application)</span>
      </h3>
      <p className="instances-group">
        group (application.id) <code>{query.applicationId}</code>
      </p>
      <div className="instance-cards">
        {app.instances.map((instance) => {
          const tasks = query.tasks.filter((t) => t.instance === instance.id);
          return (
            <article
              key={instance.id}
              className={instance.running ? 'instance-card' : 'instance-card stopped'}
              aria-labelledby={`${id}-${instance.id}`}
              data-instance={instance.id}
            >
              <header className="instance-head">
                <h4 id={`${id}-${instance.id}`} className="instance-name">
                  {instance.id}
                </h4>
                <span className={instance.running ? 'instance-state' : 'instance-state down'}>
                  {instance.running ? 'running' : '✕ stopped'}
                </span>
                <span className="instance-commit muted">{commitCountdown(instance, nowMs)}</span>
              </header>
              {tasks.length > 0 ? (
                <ul className="task-chips" aria-label={`Tasks of ${instance.id}`}>
                  {tasks.map(chip)}
                </ul>
              ) : (
                <p className="muted instance-none">no tasks</p>
              )}
              <div className="instance-actions">
                {instance.running ? (
                  <>
                    <button
                      type="button"
                      className="button danger"
                      onClick={() => run({ type: 'killStreamsInstance', instance: instance.id })}
                      aria-label={`Kill ${instance.id}`}
                      title="The process dies: no commit; its tasks move when its session times out"
                    >
                      Kill
                    </button>
                    <button
                      type="button"
                      className="button"
                      onClick={() => run({ type: 'stopStreamsInstance', instance: instance.id })}
                      aria-label={`Stop ${instance.id}`}
                      title="KafkaStreams#close(): commits first, then stops (no LeaveGroup)"
                    >
                      Stop
                    </button>
                  </>
                ) : (
                  <button
                    type="button"
                    className="button"
                    onClick={() => run({ type: 'restartStreamsInstance', instance: instance.id })}
                    aria-label={`Restart ${instance.id}`}
                    title="Starts again and rejoins the group"
                  >
                    Restart
                  </button>
                )}
              </div>
            </article>
          );
        })}
      </div>
      {unassigned.length > 0 && (
        <div className="unassigned">
          <h4 className="unassigned-title" id={`${id}-unassigned`}>
            unassigned{' '}
            <span className="muted">
              ({anyStopped ? 'waiting for the session timeout' : 'waiting for a rebalance'})
            </span>
          </h4>
          <ul className="task-chips" aria-labelledby={`${id}-unassigned`}>
            {unassigned.map(chip)}
          </ul>
        </div>
      )}
      <div className="instances-foot">
        <button
          type="button"
          className="button"
          onClick={() => run({ type: 'addStreamsInstance', app: app.id })}
        >
          Add instance
        </button>
        {refusal !== null && (
          <p className="instances-refusal" role="alert">
            {refusal}
          </p>
        )}
      </div>
      <p className="instances-note muted">
        <span aria-hidden="true">⛁</span> a task with a state store. Standby replicas
        (num.standby.replicas): not modelled; a task's new owner restores its store from the
        changelog.
      </p>
    </section>
  );
}

const STATE_WORDS: Record<StreamsTaskView['state'], string> = {
  RUNNING: 'running',
  RESTORING: 'restoring',
  SUSPENDED: 'suspended',
  UNASSIGNED: 'unassigned',
};

function TaskChip({
  task,
  stateful,
  changelogTopic,
}: {
  task: StreamsTaskView;
  stateful: boolean;
  changelogTopic: string | null;
}) {
  const restoring = task.state === 'RESTORING' ? restoringText(task, changelogTopic) : '';
  return (
    <li
      className={`task-chip ${task.state.toLowerCase()}${stateful ? ' stateful' : ''}`}
      data-task={task.id}
      data-state={task.state}
      title={stateful ? `Task ${task.id}: stateful (a state store)` : `Task ${task.id}: stateless`}
    >
      <span className="task-id">
        {stateful && (
          <span className="task-store" aria-label="stateful">
            ⛁{' '}
          </span>
        )}
        {task.id}
      </span>{' '}
      <span className="task-state">{STATE_WORDS[task.state]}</span>
      {task.state === 'RESTORING' && (
        <span className="task-restoring">
          <span className="task-restoring-text">{restoring}</span>
          {/* How far the replay is, at the model's even pace over its modelled duration. */}
          <progress
            className="task-restoring-bar"
            aria-label={`Task ${task.id} ${restoring}`}
            max={Math.max(1, (task.restoring?.toOffset ?? 0) - (task.restoring?.fromOffset ?? 0))}
            value={task.restoring?.restoredRecords ?? 0}
            title={
              task.restoring === null
                ? undefined
                : `changelog offsets ${task.restoring.fromOffset} to ${task.restoring.toOffset}: ${task.restoring.restoredRecords} put so far`
            }
          />
        </span>
      )}
    </li>
  );
}
