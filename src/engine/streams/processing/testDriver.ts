/**
 * kafkascope's TopologyTestDriver mode: a program's persistent queries run as Kafka Streams'
 * `TopologyTestDriver` runs the topology ksqlDB builds (streams-model.md §3.1). One task `0_0`,
 * every topic one partition; each piped record is processed through every query reading its
 * topic (a repartition hop at once, in input order), then the task commits, which flushes the
 * record cache; the windowed aggregation's emit interval is 0. This is the mode the conformance
 * harness compares with real Kafka.
 */
import type { StreamsProgram, TestDriverResult, TestInputRecord, TestOutputRecord } from '../plan';
import { commitQueryTask, createQueryTask, processRecord, type SinkRecord } from './queryTask';

/**
 * Why the runtime cannot run `program` yet, in words for a person, or null. The front end
 * compiles stream–table joins and projections of tables; the runtime does not run them yet.
 */
export function notRunnable(program: StreamsProgram): string | null {
  for (const q of program.queries) {
    if (q.kind === 'CSAS' && q.join !== null)
      return `${q.queryId}: running a stream–table join is not supported in kafkascope yet (it compiles; its output cannot be computed)`;
    if (q.kind === 'CTAS_TABLE')
      return `${q.queryId}: running a CREATE TABLE AS SELECT over a table without GROUP BY is not supported in kafkascope yet`;
  }
  return null;
}

/** Runs `inputs` through `program` as TopologyTestDriver would, committing after every record. */
export function runTopologyTestDriver(
  program: StreamsProgram,
  inputs: readonly TestInputRecord[],
): TestDriverResult {
  return runWithCommits(program, inputs, 1);
}

/**
 * The same with a commit every `recordsPerCommit` records (and at the end): a cluster commits
 * on a timer, so several updates can meet in the record cache (the memory-mgmt doc's example).
 */
export function runWithCommits(
  program: StreamsProgram,
  inputs: readonly TestInputRecord[],
  recordsPerCommit: number,
): TestDriverResult {
  const refusal = notRunnable(program);
  if (refusal !== null) throw new Error(refusal);
  const cacheMaxBytes = program.properties.cacheMaxBytes;
  const tasks = program.queries.map((q) => ({
    query: q,
    state: createQueryTask(q, cacheMaxBytes),
  }));
  const outputs: TestOutputRecord[] = [];
  const emit = (records: readonly SinkRecord[]) => {
    for (const r of records)
      outputs.push({
        topic: r.topic,
        key: r.key,
        window: r.window,
        value: r.value,
        timestampMs: r.timestampMs,
      });
  };
  // Records written to a topic another query reads are processed next, as TTD re-enqueues them.
  const pending: TestInputRecord[] = [];
  const commitAll = () => {
    for (const t of tasks) emit(commitQueryTask(t.query, t.state).records);
  };
  let sinceCommit = 0;
  for (const input of inputs) {
    pending.push(input);
    while (pending.length > 0) {
      const record = pending.shift() as TestInputRecord;
      for (const t of tasks) {
        if (t.query.source.topic !== record.topic) continue;
        const out = processRecord(t.query, t.state, record);
        emit(out.records);
        for (const r of out.records)
          if (tasks.some((x) => x.query.source.topic === r.topic)) pending.push({ ...r });
      }
    }
    if (++sinceCommit >= recordsPerCommit) {
      commitAll();
      sinceCommit = 0;
    }
  }
  if (sinceCommit > 0) commitAll();
  return { outputs, droppedRecords: tasks.reduce((n, t) => n + t.state.droppedRecords, 0) };
}
