import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  compileStatements,
  notRunnable,
  runTopologyTestDriver,
  type PersistentQuery,
  type StreamsProgram,
  type TestInputRecord,
  type TopicCatalog,
  type WindowSpec,
} from '../engine/index.ts';
import { parseDuration } from '../scenario/index.ts';
import { parseFlags } from './args.ts';
import { UsageError, type CliIo } from './io.ts';
import { describeFsError } from './traceWriter.ts';
import { KSQL_SYNOPSIS } from './usage.ts';

/**
 * `kafkascope ksql`: compiles a file of ksqlDB statements as kafkascope's front end does, and
 * prints what ksqlDB would build (queries, sinks, internal topics, the Kafka Streams topology)
 * or its errors at their line and column. With `--input`, runs records through the queries in
 * TopologyTestDriver mode (one task, a commit after every record) and prints what the sink
 * topics receive.
 */
export function ksqlCommand(argv: readonly string[], io: CliIo): number {
  const { flags, positionals } = parseFlags(
    argv,
    [{ name: 'input', value: true }, { name: 'topics', value: true }, { name: 'json' }],
    KSQL_SYNOPSIS,
  );
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? 'name a file of statements'
        : `unexpected argument "${positionals[1]}"`,
      KSQL_SYNOPSIS,
    );
  const file = positionals[0];
  const text = readText(resolve(io.cwd, file), file, 'statements');
  const catalog = parseTopics(typeof flags.topics === 'string' ? flags.topics : '');
  const compiled = compileStatements(text, catalog);
  if (!compiled.ok) {
    for (const p of compiled.problems) {
      io.stderr.write(`${file}:${p.position.line}:${p.position.column}: ${p.message}\n`);
      if (p.fix !== null)
        io.stderr.write(`  the statement ksqlDB would take:\n${indent(p.fix, '    ')}\n`);
    }
    return 2;
  }
  const program = compiled.program;
  const inputs =
    typeof flags.input === 'string' ? readInputs(resolve(io.cwd, flags.input), flags.input) : null;
  const refusal = inputs === null ? null : notRunnable(program);
  if (refusal !== null) {
    io.stderr.write(`${file}: ${refusal}\n`);
    return 2;
  }
  const result = inputs === null ? null : runTopologyTestDriver(program, inputs);
  if (flags.json === true) {
    io.stdout.write(
      `${JSON.stringify({ program, ...(result === null ? {} : { result }) }, null, 2)}\n`,
    );
    return 0;
  }
  io.stdout.write(describeProgram(program));
  if (result !== null && inputs !== null) {
    io.stdout.write(
      `\nTopologyTestDriver mode: ${inputs.length} input records, a commit after each\n`,
    );
    for (const r of result.outputs) {
      const window = r.window === null ? '' : `@[${r.window.startMs},${r.window.endMs})`;
      io.stdout.write(
        `  ${r.topic}  ${JSON.stringify(r.key)}${window}  ${r.value ?? 'null (tombstone)'}  ts=${r.timestampMs}\n`,
      );
    }
    if (result.outputs.length === 0) io.stdout.write('  (no output records)\n');
    io.stdout.write(`  dropped-records: ${result.droppedRecords}\n`);
  }
  return 0;
}

function readText(path: string, shownAs: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} "${shownAs}": ${describeFsError(error)}`);
  }
}

/** `--topics orders=6,payments=2`: topics that exist, with their partition counts. */
function parseTopics(text: string): TopicCatalog {
  const catalog: Record<string, { partitions: number }> = {};
  for (const part of text.split(',').filter((p) => p.trim() !== '')) {
    const m = /^\s*([A-Za-z0-9._-]+)\s*=\s*(\d+)\s*$/.exec(part);
    if (m === null || Number(m[2]) < 1)
      throw new UsageError(`--topics: "${part}" is not <topic>=<partitions>`, KSQL_SYNOPSIS);
    Object.defineProperty(catalog, m[1], { value: { partitions: Number(m[2]) }, enumerable: true });
  }
  return catalog;
}

/** `--input`: a YAML or JSON list of {topic?, key, value, timestamp}. */
function readInputs(path: string, shownAs: string): TestInputRecord[] {
  const text = readText(path, shownAs, 'input records');
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new UsageError(
      `${shownAs}: not YAML or JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!Array.isArray(data))
    throw new UsageError(`${shownAs}: expected a list of records ({topic, key, value, timestamp})`);
  return data.map((item, i) => inputRecord(item, `${shownAs}[${i}]`));
}

function inputRecord(item: unknown, where: string): TestInputRecord {
  if (typeof item !== 'object' || item === null || Array.isArray(item))
    throw new UsageError(`${where}: expected {topic, key, value, timestamp}`);
  const r = item as Record<string, unknown>;
  if (typeof r.topic !== 'string') throw new UsageError(`${where}.topic: the source topic's name`);
  const key = r.key ?? null;
  if (
    key !== null &&
    typeof key !== 'string' &&
    typeof key !== 'number' &&
    typeof key !== 'boolean'
  )
    throw new UsageError(`${where}.key: a string, a number or null`);
  const value =
    r.value === undefined || r.value === null
      ? null
      : typeof r.value === 'string'
        ? r.value
        : JSON.stringify(r.value);
  return { topic: r.topic, key, value, timestampMs: timestampOf(r.timestamp, where) };
}

function timestampOf(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string') {
    const parsed = parseDuration(value);
    if (parsed.ok) return parsed.value;
    throw new UsageError(`${where}.timestamp: ${parsed.message}`);
  }
  throw new UsageError(`${where}.timestamp: a number of ms or a duration ("4m50s")`);
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

/** The program as `DESCRIBE` and `Topology#describe()` would show it. */
export function describeProgram(program: StreamsProgram): string {
  const lines: string[] = [];
  for (const q of program.queries) lines.push(...describeQuery(q), '');
  const p = program.properties;
  lines.push(
    `Properties: auto.offset.reset=${p.autoOffsetReset}, cache.max.bytes.buffering=${p.cacheMaxBytes}, commit.interval.ms=${p.commitIntervalMs}`,
  );
  return `${lines.join('\n')}\n`;
}

function describeQuery(q: PersistentQuery): string[] {
  const sink = q.sink;
  const lines = [
    `Query ${q.queryId} (${q.kind === 'CSAS' ? 'CREATE STREAM AS SELECT' : 'CREATE TABLE AS SELECT'})`,
    `  application.id (consumer group): ${q.applicationId}`,
    `  reads ${q.source.kind.toLowerCase()} ${q.source.name} (topic ${q.source.topic})`,
    `  writes ${sink.kind.toLowerCase()} ${sink.name} to topic ${sink.topic}: ${sink.partitions ?? "the source's"} partitions, cleanup.policy=${sink.cleanupPolicy}`,
    `  columns: ${sink.columns.map((c) => `${c.name} ${c.type}${c.key ? (sink.kind === 'TABLE' ? ' PRIMARY KEY' : ' KEY') : ''}`).join(', ')}`,
  ];
  if (q.kind === 'CTAS' && q.window !== null)
    lines.push(`  window: ${describeWindow(q.window)}, EMIT ${q.emit}`);
  for (const t of q.internalTopics)
    lines.push(`  internal topic ${t.name} (${t.role}, cleanup.policy=${t.cleanupPolicy})`);
  lines.push('  Topologies:');
  for (const s of q.topology) {
    lines.push(`     Sub-topology: ${s.id}`);
    const predecessors = new Map<string, string[]>();
    for (const n of s.nodes)
      for (const next of n.successors)
        predecessors.set(next, [...(predecessors.get(next) ?? []), n.name]);
    for (const n of s.nodes) {
      const detail =
        n.kind === 'source'
          ? ` (topics: [${n.topics.join(', ')}])`
          : n.kind === 'sink'
            ? ` (topic: ${n.topics[0] ?? ''})`
            : n.stores.length > 0
              ? ` (stores: [${n.stores.join(', ')}])`
              : '';
      lines.push(
        `      ${n.kind === 'source' ? 'Source' : n.kind === 'sink' ? 'Sink' : 'Processor'}: ${n.name}${detail}`,
      );
      lines.push(`        --> ${n.successors.length > 0 ? n.successors.join(', ') : 'none'}`);
      if (n.kind !== 'source')
        lines.push(`        <-- ${(predecessors.get(n.name) ?? []).join(', ') || 'none'}`);
    }
  }
  return lines;
}

function describeWindow(w: WindowSpec): string {
  const ms = (n: number) => `${n.toLocaleString('en-US')} ms`;
  switch (w.kind) {
    case 'TUMBLING':
      return `TUMBLING size ${ms(w.sizeMs)}, grace ${ms(w.graceMs)}, retention ${ms(w.retentionMs)}`;
    case 'HOPPING':
      return `HOPPING size ${ms(w.sizeMs)}, advance ${ms(w.advanceMs)}, grace ${ms(w.graceMs)}, retention ${ms(w.retentionMs)}`;
    case 'SESSION':
      return `SESSION gap ${ms(w.gapMs)}, grace ${ms(w.graceMs)}, retention ${ms(w.retentionMs)}`;
  }
}
