import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { Command, KeyChoice } from '../engine';
import { stepOfCommand, type StepValue } from './commands';
import { canonicalKeys, fields, keyFields } from './commands/codec';
import { compileScenario } from './compile';
import { formatDuration, parseDuration } from './durations';
import { LIMITS } from './limits';
import { parseScenario } from './parse';
import { formatProblem } from './problems';
import type { CompiledScenario, ScenarioProblem, TimedCommand } from './types';

/**
 * Exporting a session (the scenario plus the actions a person took while it ran) as a
 * scenario file. Each action becomes a step at its exact time, appended to `steps`: the
 * compiler orders steps by time, then file order, so an action comes after the file's own
 * steps at the same moment, just as the person's click came after them. The file's own text
 * is kept byte for byte (comments, quoting, layout): the new steps are spliced in where
 * `steps` ends, and only `seed` and `duration` values are rewritten when they change.
 *
 * The result is checked before it is returned: it is parsed and compiled again, and must give
 * the file's own commands unchanged plus exactly the session's commands (as the engine reads
 * them). Anything the format cannot say exactly is refused with a message, never
 * approximated.
 */

export interface SessionAction {
  readonly atMs: number;
  readonly command: Command;
}

export interface ExportOptions {
  /** Written as the file's `seed` (the seed the session ran with). */
  seed?: number;
}

export type ExportResult = { ok: true; text: string } | { ok: false; message: string };

/** Appends a session's actions to a scenario file as timed steps. Never throws. */
export function exportSessionAsScenario(
  sourceText: string,
  log: readonly SessionAction[],
  options: ExportOptions = {},
): ExportResult {
  try {
    return exportUnsafe(sourceText, log, options);
  } catch (e) {
    return refuse(`internal error while exporting: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function refuse(message: string): ExportResult {
  return { ok: false, message: `The session cannot be exported as a scenario: ${message}` };
}

function exportUnsafe(
  sourceText: string,
  log: readonly SessionAction[],
  options: ExportOptions,
): ExportResult {
  const parsed = parseScenario(sourceText);
  if (!parsed.ok)
    return refuse(`the scenario file has problems:\n${listProblems(parsed.problems, null)}`);
  const original = compileScenario(parsed.value);
  const stepCount = parsed.value.steps.length;

  const seed = options.seed;
  if (seed !== undefined && !(Number.isSafeInteger(seed) && seed >= 0 && seed <= LIMITS.seed))
    return refuse(`the seed ${String(seed)} is not a whole number from 0 to 2^53−1`);

  const steps: NewStep[] = [];
  let previousMs = 0;
  for (const [i, entry] of log.entries()) {
    const timeProblem = checkTime(entry.atMs, previousMs);
    if (timeProblem !== null) return refuse(`${describeAction(i, entry)}: ${timeProblem}`);
    previousMs = entry.atMs;
    const step = stepOfCommand(entry.command);
    if (typeof step === 'string') return refuse(`${describeAction(i, entry)}: ${step}`);
    steps.push({ atMs: entry.atMs, ...step });
  }

  const lastMs = steps.length > 0 ? steps[steps.length - 1].atMs : 0;
  const edits: Edits = {
    seed: seed !== undefined && seed !== original.seed ? seed : null,
    durationMs: lastMs > original.durationMs ? lastMs : null,
    steps,
    rateKeys: new Map(),
  };
  if (edits.seed === null && edits.durationMs === null && steps.length === 0)
    return { ok: true, text: sourceText };

  // Two rounds at most: the second makes explicit the keys of the file's own rate steps whose
  // carried-over keys an exported rate step would otherwise change.
  for (let round = 0; round < 2; round++) {
    const written = applyEdits(sourceText, edits);
    if (typeof written !== 'string') return refuse(written.error);
    const check = checkExport(written, original, stepCount, edits, log);
    if (check === null) return { ok: true, text: written };
    if (typeof check === 'string') return refuse(check);
    if (round > 0 || check.rateSteps.length === 0) return refuse(check.message);
    for (const index of check.rateSteps) {
      const timed = original.commands.find((c) => c.stepIndex === index);
      if (timed?.command.type !== 'setProducerRate') return refuse(check.message);
      edits.rateKeys.set(index, canonicalKeys(timed.command));
    }
  }
  return refuse('internal error: the exported file does not reproduce the session');
}

// ------------------------------------------------------------------------- actions → steps

interface NewStep {
  atMs: number;
  kind: string;
  value: Value;
}

type Value = StepValue;

function checkTime(atMs: number, previousMs: number): string | null {
  if (typeof atMs !== 'number' || !Number.isFinite(atMs) || atMs < 0)
    return `its time ${String(atMs)} is not a moment of the run`;
  if (atMs > LIMITS.durationMs) return `it is after 24h, the longest a scenario runs`;
  if (atMs < previousMs) return `it is before the action above it: actions are in time order`;
  if (!Number.isInteger(atMs))
    return `it was taken at ${atMs}ms, between two whole milliseconds; scenario steps are at whole milliseconds, so it cannot be written exactly`;
  return null;
}

function describeAction(i: number, entry: SessionAction): string {
  const type = (entry.command as { type?: unknown } | undefined)?.type;
  const at = Number.isFinite(entry.atMs) ? ` at ${formatDuration(entry.atMs)}` : '';
  return `action ${i + 1} (${String(type)}${at})`;
}

// ------------------------------------------------------------------------- the text

interface Edits {
  seed: number | null;
  durationMs: number | null;
  steps: readonly NewStep[];
  /** The file's own rate steps (by index) that get their carried-over keys written out. */
  rateKeys: Map<number, KeyChoice>;
}

interface Splice {
  at: number;
  /** Order of creation: at one offset, earlier splices come first in the text. */
  order?: number;
  /** Characters replaced from `at` (0: an insertion). */
  remove: number;
  text: string;
}

/** The source with the edits spliced in, or why they cannot be. */
function applyEdits(source: string, edits: Edits): string | { error: string } {
  const doc = parseDocument(source, { merge: true });
  const root = doc.contents;
  if (!isMap(root)) return { error: 'the scenario file is not a map of fields' };
  const json = root.flow === true;
  const splices: Splice[] = [];
  const pairOf = (key: string) => root.items.find((p) => isScalar(p.key) && p.key.value === key);

  /** Sets a top-level field to `valueText` (already written as YAML or JSON). */
  const setField = (key: string, valueText: string): string | null => {
    const pair = pairOf(key);
    if (pair !== undefined) {
      const node = pair.value as YamlNode | null;
      if (node?.range == null) return `cannot rewrite ${key}: it has no value`;
      splices.push({
        at: node.range[0],
        remove: node.range[1] - node.range[0],
        text: valueText,
      });
      return null;
    }
    // A new field goes just before `duration` (or the first field).
    const before = (pairOf('duration') ?? root.items[0])?.key as YamlNode | undefined;
    if (before?.range == null) return `cannot add ${key}`;
    const at = before.range[0];
    const text = json
      ? `${renderKey(key, json)}: ${valueText}, `
      : `${key}: ${valueText}\n${' '.repeat(columnOf(source, at))}`;
    splices.push({ at, remove: 0, text });
    return null;
  };

  if (edits.seed !== null) {
    const problem = setField('seed', String(edits.seed));
    if (problem !== null) return { error: problem };
  }
  if (edits.durationMs !== null) {
    const current = pairOf('duration')?.value;
    // As the file wrote it: a number of ms, or a duration ("25.5s", plain in YAML).
    const ms = edits.durationMs;
    const asNumber = isScalar(current) && typeof current.value === 'number';
    const problem = setField(
      'duration',
      asNumber ? String(ms) : json ? quote(formatDuration(ms)) : formatDuration(ms),
    );
    if (problem !== null) return { error: problem };
  }

  const stepsPair = pairOf('steps');
  if (edits.rateKeys.size > 0) {
    const problem = writeRateKeys(source, stepsPair, edits.rateKeys, json, splices);
    if (problem !== null) return { error: problem };
  }
  if (edits.steps.length > 0) {
    const problem = appendSteps(source, root, stepsPair, edits.steps, json, splices);
    if (problem !== null) return { error: problem };
  }

  splices.forEach((s, i) => (s.order = i));
  // From the end backwards, so offsets stay valid; at one offset, the last-made goes in first.
  splices.sort((a, b) => b.at - a.at || (b.order ?? 0) - (a.order ?? 0));
  // New lines end as the file's do.
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  let out = source;
  for (const s of splices)
    out = out.slice(0, s.at) + s.text.replace(/\n/g, eol) + out.slice(s.at + s.remove);
  return out;
}

function appendSteps(
  source: string,
  root: YAMLMap,
  stepsPair: Pair | undefined,
  steps: readonly NewStep[],
  json: boolean,
  splices: Splice[],
): string | null {
  if (stepsPair === undefined) {
    const last = root.items[root.items.length - 1];
    const lastNode = (last?.value ?? last?.key) as YamlNode | undefined;
    if (lastNode?.range == null) return 'cannot find where the file ends';
    const keyColumn = columnOf(source, (root.items[0].key as YamlNode).range?.[0] ?? 0);
    if (json) {
      const multiline = source.slice(root.range?.[0] ?? 0, lastNode.range[1]).includes('\n');
      const indent = ' '.repeat(columnOf(source, (last.key as YamlNode).range?.[0] ?? 0));
      const items = steps.map((s) => renderFlowStep(s, json));
      const list = multiline
        ? `[\n${items.map((i) => `${indent}  ${i}`).join(',\n')}\n${indent}]`
        : `[${items.join(', ')}]`;
      splices.push({
        at: lastNode.range[1],
        remove: 0,
        text: `,${multiline ? `\n${indent}` : ' '}${renderKey('steps', json)}: ${list}`,
      });
      return null;
    }
    const at = fileEndIfOnlyCommentsFollow(source, lineEndAfter(source, lastNode.range[1]));
    const indent = ' '.repeat(keyColumn);
    splices.push({
      at: at.offset,
      remove: 0,
      text: `${at.prefix}${indent}steps:\n${blockSteps(steps, keyColumn + 2)}`,
    });
    return null;
  }

  const seq = stepsPair.value;
  if (!isSeq(seq) || seq.range == null)
    return "the file's steps are not written as a list here (an alias or merge?), so actions cannot be added to them";
  if (seq.flow === true) return appendToFlowSeq(source, seq, steps, json, splices);
  const last = seq.items[seq.items.length - 1] as YamlNode | undefined;
  if (last?.range == null) return 'cannot find the end of steps';
  const at = lineEndAfter(source, last.range[1]);
  splices.push({
    at: at.offset,
    remove: 0,
    text: at.prefix + blockSteps(steps, columnOf(source, seq.range[0])),
  });
  return null;
}

function appendToFlowSeq(
  source: string,
  seq: YAMLSeq,
  steps: readonly NewStep[],
  json: boolean,
  splices: Splice[],
): string | null {
  const items = steps.map((s) => renderFlowStep(s, json));
  const last = seq.items[seq.items.length - 1] as YamlNode | undefined;
  if (last === undefined) {
    splices.push({ at: (seq.range?.[0] ?? 0) + 1, remove: 0, text: items.join(', ') });
    return null;
  }
  if (last.range == null) return 'cannot find the end of steps';
  const multiline = source.slice(seq.range?.[0] ?? 0, last.range[0]).includes('\n');
  const separator = multiline ? `,\n${' '.repeat(columnOf(source, last.range[0]))}` : ', ';
  splices.push({
    at: last.range[1],
    remove: 0,
    text: items.map((i) => separator + i).join(''),
  });
  return null;
}

/** Writes out the keys a file's rate step had by carry-over, so an exported rate step cannot change them. */
function writeRateKeys(
  source: string,
  stepsPair: Pair | undefined,
  rateKeys: ReadonlyMap<number, KeyChoice>,
  json: boolean,
  splices: Splice[],
): string | null {
  const seq = stepsPair?.value;
  for (const [index, keys] of rateKeys) {
    const step = isSeq(seq) ? seq.items[index] : undefined;
    const rate = isMap(step)
      ? step.items.find((p) => isScalar(p.key) && p.key.value === 'rate')?.value
      : undefined;
    if (!isMap(rate) || rate.range == null || rate.items.length === 0)
      return `steps[${index}] (a rate step) would take the keys of an exported rate step, and cannot be rewritten to keep its own`;
    const choice = fields(
      keys.keys === undefined && keys.key === undefined ? { key: null } : keyFields(keys),
    );
    const lastPair = rate.items[rate.items.length - 1];
    const lastNode = (lastPair.value ?? lastPair.key) as YamlNode;
    if (lastNode.range == null) return `cannot rewrite steps[${index}]`;
    if (rate.flow === true) {
      const text = Object.entries(choice)
        .map(([k, v]) => `, ${renderKey(k, json)}: ${render(v, json)}`)
        .join('');
      splices.push({ at: lastNode.range[1], remove: 0, text });
    } else {
      const column = columnOf(source, (rate.items[0].key as YamlNode).range?.[0] ?? 0);
      const at = lineEndAfter(source, lastNode.range[1]);
      const text = Object.entries(choice)
        .map(([k, v]) => `${' '.repeat(column)}${k}: ${render(v, json)}\n`)
        .join('');
      splices.push({ at: at.offset, remove: 0, text: at.prefix + text });
    }
  }
  return null;
}

const EXPORT_COMMENT = 'Recorded in kafkascope: the actions taken while the scenario ran.';

function blockSteps(steps: readonly NewStep[], column: number): string {
  const indent = ' '.repeat(column);
  const lines = [`${indent}# ${EXPORT_COMMENT}`];
  for (const s of steps) {
    lines.push(`${indent}- at: ${formatAt(s.atMs, false)}`);
    lines.push(`${indent}  ${s.kind}: ${render(s.value, false)}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderFlowStep(s: NewStep, json: boolean): string {
  return `{ ${renderKey('at', json)}: ${formatAt(s.atMs, json)}, ${renderKey(s.kind, json)}: ${render(s.value, json)} }`;
}

/** YAML: "12.345s" as files write it; JSON: the number of milliseconds. */
function formatAt(ms: number, json: boolean): string {
  if (json) return String(ms);
  const text = formatDuration(ms);
  const back = parseDuration(text);
  return back.ok && back.value === ms ? text : String(ms);
}

/** Where the line holding `offset` ends (after its newline); `prefix` adds one at the end of a file without. */
function lineEndAfter(source: string, offset: number): { offset: number; prefix: string } {
  if (offset > 0 && source[offset - 1] === '\n') return { offset, prefix: '' };
  const newline = source.indexOf('\n', offset);
  return newline < 0
    ? { offset: source.length, prefix: '\n' }
    : { offset: newline + 1, prefix: '' };
}

/** The end of the file instead of `at` when only blank lines and comments come after it. */
function fileEndIfOnlyCommentsFollow(
  source: string,
  at: { offset: number; prefix: string },
): { offset: number; prefix: string } {
  if (!/^(?:[ \t]*(?:#[^\n]*)?(?:\r?\n|$))*$/.test(source.slice(at.offset))) return at;
  return { offset: source.length, prefix: source.endsWith('\n') || source === '' ? '' : '\n' };
}

function columnOf(source: string, offset: number): number {
  return offset - (source.lastIndexOf('\n', offset - 1) + 1);
}

// ------------------------------------------------------------------------- values as text

const PLAIN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const RESERVED_WORDS = /^(null|true|false|yes|no|on|off|y|n)$/i;

/** A value in flow style: YAML (plain words where safe) or JSON. Both read back exactly. */
function render(v: Value, json: boolean): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return json || !PLAIN.test(v) || RESERVED_WORDS.test(v) ? quote(v) : v;
  if (Array.isArray(v)) return `[${v.map((x: Value) => render(x, json)).join(', ')}]`;
  const entries = Object.entries(v as { [k: string]: Value });
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([k, x]) => `${renderKey(k, json)}: ${render(x, json)}`).join(', ')} }`;
}

function renderKey(key: string, json: boolean): string {
  return json ? quote(key) : key;
}

/**
 * A double-quoted string, valid in JSON and YAML alike: JSON's escapes, plus escapes for what
 * YAML does not allow raw (DEL, C1 controls, U+2028/2029, byte order marks, non-characters).
 */
function quote(s: string): string {
  return JSON.stringify(s).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

// ------------------------------------------------------------------------- the check

interface Mismatch {
  message: string;
  /** The file's own rate steps whose command changed (carried-over keys). */
  rateSteps: number[];
}

/** Null if `text` reproduces the scenario plus the session exactly; else what differs. */
function checkExport(
  text: string,
  original: CompiledScenario,
  stepCount: number,
  edits: Edits,
  log: readonly SessionAction[],
): Mismatch | string | null {
  const parsed = parseScenario(text);
  if (!parsed.ok)
    return `the actions cannot be written into this scenario:\n${listProblems(parsed.problems, stepCount)}`;
  const exported = compileScenario(parsed.value);
  const expectedSeed = edits.seed ?? original.seed;
  const expectedDuration = edits.durationMs ?? original.durationMs;
  const same = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);
  if (
    exported.seed !== expectedSeed ||
    exported.durationMs !== expectedDuration ||
    exported.title !== original.title ||
    !same(exported.setup, { ...original.setup, seed: expectedSeed }) ||
    !same(exported.expectations.map(expectationKey), original.expectations.map(expectationKey)) ||
    // Captions keep their focus (which no command carries).
    !original.captions.every((c) => exported.captions.some((e) => same(e, c)))
  )
    return 'internal error: the exported file changes the scenario itself';

  const own = exported.commands.filter((c) => c.stepIndex < stepCount);
  const added = exported.commands.filter((c) => c.stepIndex >= stepCount);
  const rateSteps: number[] = [];
  if (own.length !== original.commands.length)
    return "internal error: the exported file changes the scenario's own steps";
  own.forEach((c, i) => {
    const before = original.commands[i];
    if (commandKey(c) === commandKey(before)) return;
    rateSteps.push(before.stepIndex);
  });
  const addedOk =
    added.length === log.length &&
    added.every(
      (c, i) => c.atMs === log[i].atMs && same(canonical(c.command), canonical(log[i].command)),
    );
  if (!addedOk) return "internal error: the exported steps do not compile to the session's actions";
  if (rateSteps.length === 0) return null;
  const onlyRates = rateSteps.every(
    (i) => original.commands.find((c) => c.stepIndex === i)?.command.type === 'setProducerRate',
  );
  const message = "internal error: the exported file changes the scenario's own steps";
  return onlyRates ? { message, rateSteps: [...new Set(rateSteps)] } : message;
}

function expectationKey(e: CompiledScenario['expectations'][number]) {
  return { atMs: e.atMs, stepIndex: e.stepIndex, source: e.source };
}

function commandKey(c: TimedCommand): string {
  return stableJson({ atMs: c.atMs, stepIndex: c.stepIndex, command: canonical(c.command) });
}

/** A command as the engine reads it: defaults filled in, equivalent spellings made one. */
function canonical(command: Command): unknown {
  switch (command.type) {
    case 'produce': {
      const { key: _k, keys: _ks, keyOrder: _o, headers, count, ...rest } = command;
      return {
        ...rest,
        ...canonicalKeys(command),
        headers: headers ?? [],
        count: count ?? 1,
      };
    }
    case 'setProducerRate': {
      const { key: _k, keys: _ks, keyOrder: _o, ...rest } = command;
      return { ...rest, ...canonicalKeys(command) };
    }
    case 'addConsumer':
      return {
        ...command,
        consumer: { ...command.consumer, from: command.consumer.from ?? 'latest' },
      };
    // No defaults to fill in, no two spellings.
    case 'configureProducer':
    case 'seek':
    case 'narrate':
    case 'killBroker':
    case 'shutdownBroker':
    case 'restartBroker':
    case 'killController':
    case 'restartController':
    case 'removeConsumer':
    case 'crashConsumer':
    case 'pauseConsumer':
    case 'stallConsumer':
    case 'resumeConsumer':
    case 'commit':
    case 'addPartitions':
    case 'killStreamsInstance':
    case 'stopStreamsInstance':
    case 'restartStreamsInstance':
    case 'addStreamsInstance':
      return command;
  }
}

/** JSON with sorted keys and no undefined fields, for comparing values. */
function stableJson(v: unknown): string {
  return JSON.stringify(v, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : value,
  );
}

/** Problems of the exported file, naming the session's actions as such ("action 3"). */
function listProblems(problems: readonly ScenarioProblem[], firstAction: number | null): string {
  const rename = (s: string) =>
    firstAction === null
      ? s
      : s.replace(/steps\[(\d+)\]/g, (whole, n: string) =>
          Number(n) >= firstAction ? `action ${Number(n) - firstAction + 1}` : whole,
        );
  return problems
    .slice(0, 10)
    .map((p) => `  ${rename(formatProblem(p))}`)
    .join('\n');
}
