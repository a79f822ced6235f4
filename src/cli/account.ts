import type { Snapshot, TopicView } from '../engine/index.ts';
import { recordsInRange } from '../engine/index.ts';
import type { CompiledScenario, ExpectationResult } from '../scenario/index.ts';
import type { TimelineLine, Tone } from './digest.ts';
import { formatAtMs, formatCount, formatDurationMs, plural } from './format.ts';
import type { Style } from './style.ts';
import { renderTable } from './table.ts';

/** The human account of a run: header, timeline, the state it ended in, and the verdict. */

export interface ExpectationOutcome {
  stepIndex: number;
  atMs: number;
  source: string;
  /** Null when the run stopped (--until) before the expectation's moment. */
  result: ExpectationResult | null;
}

export interface RunFacts {
  compiled: CompiledScenario;
  file: string;
  seedOverridden: boolean;
  untilMs: number;
  untilGiven: boolean;
}

/** Partitions listed in the end state before "+N more". */
const PARTITION_ROWS_SHOWN = 32;
/** Topics up to this many records list their keys per partition. */
const KEY_LISTING_RECORDS = 1000;

export function headerLines(facts: RunFacts, style: Style): string[] {
  const { compiled } = facts;
  const setup = compiled.setup;
  const lines = [style.bold(`▌ ${compiled.title}`)];
  if (compiled.description !== null && compiled.description.trim() !== '') {
    for (const line of compiled.description.trim().split('\n')) lines.push(style.dim(`▌ ${line}`));
  }
  const seed = `seed ${compiled.seed}${facts.seedOverridden ? ' (--seed)' : ''}`;
  const length = facts.untilGiven
    ? `runs until ${formatDurationMs(facts.untilMs)} (--until; the scenario lasts ${formatDurationMs(compiled.durationMs)})`
    : `runs ${formatDurationMs(compiled.durationMs)} of virtual time`;
  lines.push(
    '',
    `  ${style.dim('file')}     ${facts.file} · ${seed} · ${length}`,
    `  ${style.dim('cluster')}  ${plural(setup.brokers.length, 'broker')} (${setup.brokers.join(', ')})`,
  );
  for (const t of setup.topics) {
    const rf = t.replicaAssignment?.[0]?.length ?? t.replicationFactor ?? 1;
    const minIsr =
      t.minInsyncReplicas !== undefined && t.minInsyncReplicas > 1
        ? `, min.insync.replicas ${t.minInsyncReplicas}`
        : '';
    const log = [
      t.retentionMs !== undefined ? `retention.ms ${t.retentionMs}` : null,
      t.retentionBytes !== undefined ? `retention.bytes ${t.retentionBytes}` : null,
      t.segmentMs !== undefined ? `segment.ms ${t.segmentMs}` : null,
      t.segmentBytes !== undefined ? `segment.bytes ${t.segmentBytes}` : null,
      t.cleanupPolicy !== undefined ? `cleanup.policy ${t.cleanupPolicy}` : null,
    ]
      .filter((x) => x !== null)
      .map((x) => `, ${x}`)
      .join('');
    lines.push(
      `  ${style.dim('topic')}    ${t.name}: ${plural(t.partitions, 'partition')}, replication factor ${rf}${minIsr}${log}`,
    );
  }
  for (const p of setup.producers ?? []) {
    const details = [
      p.topic !== undefined ? `→ ${p.topic}` : null,
      `acks=${p.acks ?? 'all'}`,
      `${p.partitioner ?? 'default'} partitioner`,
    ];
    lines.push(
      `  ${style.dim('producer')} ${p.id} ${details.filter((d) => d !== null).join(', ')}`,
    );
  }
  for (const c of setup.consumers ?? []) {
    lines.push(
      `  ${style.dim('consumer')} ${c.id} ← ${c.topics.join(', ')} from ${c.from ?? 'earliest'}`,
    );
  }
  return lines;
}

export function expectationLine(o: ExpectationOutcome): TimelineLine | null {
  if (o.result === null) return null;
  const text = o.result.ok
    ? `✓ ${o.source}`
    : `✗ ${o.source}: expected ${o.result.expected}, actual ${o.result.actual}`;
  return { atMs: o.atMs, rank: 1, tone: o.result.ok ? 'good' : 'bad', text };
}

export function timelineLines(lines: readonly TimelineLine[], style: Style): string[] {
  const sorted = lines
    .map((line, i) => ({ line, i }))
    .sort((a, b) => a.line.atMs - b.line.atMs || a.line.rank - b.line.rank || a.i - b.i)
    .map(({ line }) => line);
  if (sorted.length === 0) return ['  (nothing happened)'];
  const width = Math.max(...sorted.map((l) => formatAtMs(l.atMs).length));
  return sorted.map(
    (l) => `  ${style.dim(formatAtMs(l.atMs).padStart(width))}  ${paint(l.tone, l.text, style)}`,
  );
}

function paint(tone: Tone, text: string, style: Style): string {
  switch (tone) {
    case 'say':
      return style.cyan(text);
    case 'good':
      return style.green(text);
    case 'warn':
      return style.yellow(text);
    case 'bad':
      return style.red(text);
    case 'quiet':
      return style.dim(text);
    case 'plain':
      return text;
  }
}

export function endStateLines(s: Snapshot, style: Style): string[] {
  const brokers = s.brokers
    .map((b) => (b.alive ? `${b.id}` : style.red(`${b.id} (down)`)))
    .join(', ');
  const lines = [
    style.bold(`State at ${formatDurationMs(s.timeMs)}`) +
      style.dim(` · ${plural(s.eventCount, 'event')} · trace ${s.traceHash}`),
    `  brokers ${brokers} · controller ${s.controllerId}`,
  ];
  for (const topic of s.topics.filter((t) => !t.internal))
    lines.push('', ...topicLines(topic, style));
  if (s.producers.length > 0) {
    lines.push('', style.bold('  producers'));
    lines.push(
      ...renderTable(
        ['', 'acks', 'sent', 'acked', 'failed', ''],
        s.producers.map(producerRow),
        ['left', 'left', 'right', 'right', 'right', 'left'],
        '    ',
      ).slice(1),
    );
  }
  if (s.consumers.length > 0) {
    lines.push('', style.bold('  consumers'));
    lines.push(
      ...renderTable(
        ['', 'read', 'lag', 'positions'],
        s.consumers.map((c) => consumerRow(c, s)),
        ['left', 'right', 'right', 'left'],
        '    ',
      ).slice(1),
    );
  }
  return lines;
}

function producerRow(p: Snapshot['producers'][number]): string[] {
  const errors = Object.entries(p.errors)
    .map(([e, n]) => `${e} ×${formatCount(n)}`)
    .join(', ');
  return [
    p.id,
    `acks=${p.acks}`,
    `sent ${formatCount(p.sent)}`,
    `acked ${formatCount(p.acked)}`,
    `failed ${formatCount(p.failed)}`,
    errors,
  ];
}

function consumerRow(c: Snapshot['consumers'][number], s: Snapshot): string[] {
  let lag = 0;
  for (const pos of c.positions) {
    const hw =
      s.topics.find((t) => t.name === pos.topic)?.partitions[pos.partition]?.highWatermark ?? 0;
    lag += Math.max(0, hw - pos.position);
  }
  const positions =
    c.positions.length <= 12
      ? c.positions.map((p) => `${p.topic}-${p.partition}@${p.position}`).join(' ')
      : `${c.positions.length} partitions`;
  return [
    c.id + (c.alive ? '' : ' (down)'),
    `read ${formatCount(c.consumed)}`,
    `lag ${formatCount(lag)}`,
    positions,
  ];
}

function topicLines(topic: TopicView, style: Style): string[] {
  const rf = topic.partitions[0]?.replicas.length ?? 0;
  const records = topic.partitions.reduce((n, p) => n + p.logEndOffset - p.logStartOffset, 0);
  const withKeys = records <= KEY_LISTING_RECORDS;
  const shown = topic.partitions.slice(0, PARTITION_ROWS_SHOWN);
  const rows = shown.map((p) => {
    const leader = p.leader === -1 ? style.red('none') : String(p.leader);
    const isr = p.isr.length < p.replicas.length ? style.yellow(p.isr.join(',')) : p.isr.join(',');
    const row = [
      String(p.partition),
      leader,
      p.replicas.join(','),
      isr,
      formatCount(p.logEndOffset),
      formatCount(p.highWatermark),
    ];
    return withKeys ? [...row, keysOf(p)] : row;
  });
  const headers = [
    'partition',
    'leader',
    'replicas',
    'isr',
    'LEO',
    'HW',
    ...(withKeys ? ['keys'] : []),
  ];
  const lines = [
    `  ${style.bold(topic.name)} · ${plural(topic.partitions.length, 'partition')} · RF ${rf} · min.insync.replicas ${topic.config.minInsyncReplicas} · ${plural(records, 'record')}`,
    ...renderTable(
      headers,
      rows,
      ['right', 'right', 'left', 'left', 'right', 'right', 'left'],
      '    ',
    ),
  ];
  if (topic.partitions.length > shown.length)
    lines.push(`    … ${topic.partitions.length - shown.length} more partitions`);
  return lines;
}

/** "alice ×2, bob, (no key) ×3": the keys in a partition's log, in order of first appearance. */
function keysOf(p: TopicView['partitions'][number]): string {
  const counts = new Map<string, number>();
  for (const r of recordsInRange(p.log, p.logStartOffset, p.logEndOffset)) {
    const key = r.key ?? '(no key)';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const entries = [...counts.entries()];
  const shown = entries.slice(0, 6).map(([k, n]) => (n === 1 ? k : `${k} ×${formatCount(n)}`));
  if (entries.length > 6) shown.push(`+${entries.length - 6} more`);
  return shown.join(', ');
}

export function verdictLines(
  outcomes: readonly ExpectationOutcome[],
  untilMs: number,
  style: Style,
): string[] {
  if (outcomes.length === 0) return [style.dim('No expectations in this scenario.')];
  const held = outcomes.filter((o) => o.result?.ok === true).length;
  const failed = outcomes.filter((o) => o.result?.ok === false);
  const skipped = outcomes.filter((o) => o.result === null).length;
  const parts = [`${held} held`];
  if (failed.length > 0) parts.push(style.red(`${failed.length} failed`));
  if (skipped > 0)
    parts.push(style.yellow(`${skipped} not evaluated (after ${formatDurationMs(untilMs)})`));
  const lines = [
    style.bold(`Expectations: `) +
      parts.join(', ') +
      (failed.length === 0 && skipped === 0 ? style.green(' ✓') : ''),
  ];
  for (const o of failed) lines.push(...failureLines(o, style));
  return lines;
}

export function failureLines(o: ExpectationOutcome, style: Style): string[] {
  if (o.result === null) return [];
  const lines = [style.red(`  ✗ steps[${o.stepIndex}] at ${formatAtMs(o.atMs)}: ${o.source}`)];
  if (o.result.description !== '' && o.result.description !== o.source)
    lines.push(`      ${o.result.description}`);
  lines.push(`      expected: ${o.result.expected}`, `      actual:   ${o.result.actual}`);
  return lines;
}

/** A question (`ask` step) and its answer at its reveal; `ok` null: not revealed by the end. */
export interface QuestionOutcome {
  stepIndex: number;
  atMs: number;
  revealMs: number;
  text: string;
  /** The answer's expression as written. */
  answer: string;
  ok: boolean | null;
  value: unknown;
  /** The value as the expectation language writes it. */
  valueText: string | null;
  /** The right choice's label, when the question has choices and one is right. */
  choice: string | null;
  /** Why the question is broken: its answer could not be computed, or is no choice. */
  error: string | null;
}

/**
 * "Questions: 2 answered ✓" and each question with its answer, so an author sees what the
 * room will be told; a question whose answer is no choice fails the run like an expectation.
 */
export function questionLines(questions: readonly QuestionOutcome[], style: Style): string[] {
  if (questions.length === 0) return [];
  const broken = questions.filter((q) => q.ok === false).length;
  const skipped = questions.filter((q) => q.ok === null).length;
  const parts = [`${questions.length - broken - skipped} answered`];
  if (broken > 0) parts.push(style.red(`${broken} broken`));
  if (skipped > 0) parts.push(style.yellow(`${skipped} not revealed`));
  const lines = [
    style.bold('Questions: ') +
      parts.join(', ') +
      (broken + skipped === 0 ? style.green(' ✓') : ''),
  ];
  for (const q of questions) {
    const head = `steps[${q.stepIndex}] at ${formatAtMs(q.atMs)}: ${q.text}`;
    if (q.ok === null)
      lines.push(style.yellow(`  ? ${head}`), `      not revealed (at ${formatAtMs(q.revealMs)})`);
    else if (q.ok === false)
      lines.push(style.red(`  ✗ ${head}`), `      ${q.answer}: ${q.error ?? ''}`);
    else {
      const sameAsLabel = q.choice === q.valueText || JSON.stringify(q.choice) === q.valueText;
      const said =
        q.choice === null ? q.valueText : sameAsLabel ? q.choice : `${q.choice} (${q.valueText})`;
      lines.push(
        `  ✓ ${head}`,
        style.dim(`      ${q.answer} at ${formatAtMs(q.revealMs)}: ${said ?? ''}`),
      );
    }
  }
  return lines;
}

/** `--check`: the engine's invariants, broken or not. Shown only when they were checked. */
export function violationLines(
  violations: readonly { atMs: number; problems: string[] }[],
  checked: boolean,
  style: Style,
): string[] {
  if (!checked) return [];
  if (violations.length === 0)
    return [style.bold('Invariants: ') + style.green('held after every step ✓')];
  const lines = [
    style.bold('Invariants: ') +
      style.red(
        `violated at ${plural(violations.length, 'step')} (an engine bug: please report it with the scenario and seed)`,
      ),
  ];
  for (const v of violations.slice(0, 10)) {
    for (const problem of v.problems)
      lines.push(style.red(`  ✗ ${formatAtMs(v.atMs)}: ${problem}`));
  }
  if (violations.length > 10) lines.push(style.red(`  … and ${violations.length - 10} more steps`));
  return lines;
}
