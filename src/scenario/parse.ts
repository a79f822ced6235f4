import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Parser,
  Scalar,
} from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { buildKnown, checkDeclarations, checkSteps, gatherDeclarations } from './crossCheck';
import { memoryBudgetProblem } from './memoryEstimate';
import { LIMITS } from './limits';
import {
  capProblems,
  describeValue,
  errorMap,
  formatPath,
  issuesToProblems,
  salvage,
  type PendingProblem,
} from './problems';
import { scenarioShellSchema, stepSchemaFor, type Scenario } from './schema';
import {
  declaredReferenceProblem,
  STEP_KIND_NAMES,
  STEP_KINDS,
  type Step,
  type StepKindName,
} from './steps';
import { expectationReferences, parseExpectation } from './expect';
import type { Known } from './known';
import { closest, didYouMean, listNames } from './suggest';
import type { ParseResult, ScenarioProblem } from './types';

/**
 * Reading a scenario file. YAML and JSON are both read with the YAML parser (JSON is YAML
 * 1.2's flow style), so a `.json` file gets the same line/column positions and messages.
 * Every problem is collected at once: syntax, then the schema (unknown fields, types,
 * limits), then references between parts of the file. Nothing here throws.
 */

type Locate = (p: PendingProblem) => { line?: number; column?: number };

/** Parses and validates scenario text (YAML or JSON). Never throws. */
export function parseScenario(text: string, fileName?: string): ParseResult<Scenario> {
  try {
    return parseUnsafe(text, fileName);
  } catch (e) {
    // A bug here must not take the page or the CLI down with it: report it as a problem.
    return {
      ok: false,
      problems: [
        {
          path: '',
          message: `internal error while reading the scenario: ${e instanceof Error ? e.message : String(e)}`,
        },
      ],
    };
  }
}

function parseUnsafe(text: string, fileName: string | undefined): ParseResult<Scenario> {
  if (typeof text !== 'string')
    return fail([
      { path: '', message: `expected the scenario as text, got ${describeValue(text)}` },
    ]);
  if (text.length > LIMITS.sourceChars) {
    const mb = (text.length / 1_000_000).toFixed(1);
    return fail([
      {
        path: '',
        message: `the scenario is ${mb} MB; the limit is ${LIMITS.sourceChars / 1_000_000} MB`,
        line: 1,
        column: 1,
      },
    ]);
  }
  const lineCounter = new LineCounter();
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(Math.max(0, Math.min(offset, text.length)));
    return { line, column: col };
  };
  const syntax = isJsonName(fileName) ? 'JSON syntax (read as YAML)' : 'YAML syntax';

  // Deep nesting is refused before composing: the composer recurses, and a stack overflow
  // mid-parse can crash V8 itself (a regular expression compiled that deep aborts the process).
  const deep = findDeepNesting(text);
  if (deep !== null) {
    const before = text.slice(0, deep);
    const line = before.split('\n').length;
    const column = deep - before.lastIndexOf('\n');
    return fail([
      {
        path: '',
        message: `maps and lists are nested more than ${LIMITS.nestingDepth} deep`,
        line,
        column,
      },
    ]);
  }

  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
    strict: true,
    logLevel: 'error',
  });
  const syntaxProblems: ScenarioProblem[] = [...doc.errors, ...doc.warnings].map((e) => ({
    path: '',
    message: `${syntax}: ${e.message.split('\n')[0]}`,
    ...position(e.pos[0]),
  }));
  if (syntaxProblems.length > 0) return fail(syntaxProblems);

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: LIMITS.aliasCount });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const aliases = /alias/i.test(message);
    return fail([
      {
        path: '',
        message: aliases
          ? `${message} (at most ${LIMITS.aliasCount} alias expansions)`
          : `could not read the document: ${message}`,
        line: 1,
        column: 1,
      },
    ]);
  }
  return validate(raw, locator(doc, text, position));
}

/**
 * Validates a scenario given as data (what a YAML or JSON file parses to). The UI and tests
 * use it for scenarios built in code; problems have paths but no line numbers.
 */
export function validateScenario(value: unknown): ParseResult<Scenario> {
  try {
    return validate(value, () => ({}));
  } catch (e) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          message: `internal error while validating: ${e instanceof Error ? e.message : String(e)}`,
        },
      ],
    };
  }
}

function fail(problems: ScenarioProblem[]): ParseResult<Scenario> {
  return { ok: false, problems: capProblems(problems) };
}

function isJsonName(fileName: string | undefined): boolean {
  return fileName !== undefined && /\.json$/i.test(fileName);
}

function validate(raw: unknown, locate: Locate): ParseResult<Scenario> {
  const pending: PendingProblem[] = [];
  if (raw === null || raw === undefined) {
    pending.push({
      path: [],
      message: 'the scenario is empty: it needs at least title, duration and cluster',
    });
    return finish(pending, locate);
  }
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    pending.push({
      path: [],
      message: `a scenario is a map of fields (title, duration, cluster, …); found ${describeValue(raw)}`,
    });
    return finish(pending, locate);
  }
  const shell = scenarioShellSchema.safeParse(raw, { error: errorMap });
  if (!shell.success)
    pending.push(...issuesToProblems(shell.error.issues, scenarioShellSchema, []));

  const rawSteps = (raw as Record<string, unknown>).steps;
  const steps: (Step | undefined)[] = [];
  if (Array.isArray(rawSteps)) {
    rawSteps.slice(0, LIMITS.steps).forEach((s, i) => steps.push(parseStep(s, i, pending)));
  }

  const decl = gatherDeclarations(raw, shell.success ? shell.data : undefined);
  const known = buildKnown(raw, decl, steps);
  const report = (p: PendingProblem) => pending.push(p);
  checkDeclarations(decl, known, report);
  checkSteps(steps, Array.isArray(rawSteps) ? rawSteps : [], decl, known, report);
  if (shell.success && shell.data.challenge !== undefined)
    checkChallenge(shell.data.challenge.solvedWhen, known, report);

  if (pending.length > 0 || !shell.success) return finish(pending, locate);
  // Last: only a scenario that is otherwise right is weighed.
  const overBudget = memoryBudgetProblem(shell.data, steps);
  if (overBudget !== null) return finish([overBudget], locate);
  return { ok: true, value: { ...shell.data, steps: steps as Step[] } };
}

function finish(pending: readonly PendingProblem[], locate: Locate): ParseResult<Scenario> {
  const seen = new Set<string>();
  const problems: ScenarioProblem[] = [];
  for (const p of pending) {
    const problem = { path: formatPath(p.path), message: p.message, ...locate(p) };
    const key = `${problem.path}\n${problem.message}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  // Stable sort by position: a reader fixes a file top to bottom.
  const order = problems.map((p, i) => ({ p, i }));
  order.sort(
    (a, b) =>
      (a.p.line ?? Infinity) - (b.p.line ?? Infinity) ||
      (a.p.column ?? 0) - (b.p.column ?? 0) ||
      a.i - b.i,
  );
  return fail(order.map((x) => x.p));
}

/**
 * A challenge's expectations: their syntax, and what they name against the file's
 * declarations (they are checked whenever the viewer has acted, at any moment).
 */
type Report = (p: PendingProblem) => void;

function checkChallenge(solvedWhen: string | string[], known: Known, report: Report): void {
  const list = typeof solvedWhen === 'string' ? [solvedWhen] : solvedWhen;
  list.forEach((source, i) => {
    const path =
      typeof solvedWhen === 'string' ? ['challenge', 'solvedWhen'] : ['challenge', 'solvedWhen', i];
    const parsed = parseExpectation(source);
    if (!parsed.ok) return report({ path, message: parsed.message, offset: parsed.offset });
    for (const ref of expectationReferences(parsed.value)) {
      const problem = declaredReferenceProblem(known, ref);
      if (problem !== null) report({ path, message: problem, offset: ref.offset });
    }
  });
}

/** One step, validated by the action it names: `{ at, <kind>: … }`. */
function parseStep(raw: unknown, index: number, pending: PendingProblem[]): Step | undefined {
  const path = ['steps', index];
  const kinds = listNames(STEP_KIND_NAMES, 20);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    pending.push({
      path,
      message: `a step is a map such as {at: 1s, say: "…"}; found ${describeValue(raw)}`,
    });
    return undefined;
  }
  const keys = Object.keys(raw);
  const actions = keys.filter((k): k is StepKindName =>
    Object.prototype.hasOwnProperty.call(STEP_KINDS, k),
  );
  if (actions.length === 1) {
    const schema = stepSchemaFor(actions[0]);
    const r = schema.safeParse(raw, { error: errorMap });
    if (r.success) return r.data as Step;
    pending.push(...issuesToProblems(r.error.issues, schema, path));
    // Still cross-check what is valid (the file fails anyway: its problems are reported).
    return salvage(schema, raw, r.error.issues) as Step | undefined;
  }
  if (actions.length > 1) {
    pending.push({
      path,
      message: `a step has one action, but this one has ${actions.join(' and ')}: give each its own step (steps may share a time)`,
    });
    return undefined;
  }
  let suggested = false;
  for (const key of keys) {
    if (key === 'at') continue;
    const near = closest(key, STEP_KIND_NAMES);
    if (near !== undefined) suggested = true;
    pending.push({
      path: [...path, key],
      message:
        near !== undefined
          ? `unknown action "${key}"${didYouMean(key, STEP_KIND_NAMES)}`
          : `unknown field "${key}"`,
      atKey: true,
    });
  }
  if (!suggested) pending.push({ path, message: `a step needs an action: one of ${kinds}` });
  if (!('at' in raw))
    pending.push({
      path: [...path, 'at'],
      message: 'required, but missing (when the step happens, e.g. at: 2s)',
    });
  return undefined;
}

// ------------------------------------------------------------------------------------ positions

/** Finds where a problem's path points in the document: the value, or the key for unknown fields. */
function locator(
  doc: Document,
  text: string,
  position: (offset: number) => { line: number; column: number },
): Locate {
  return (p) => {
    let node: unknown = doc.contents;
    let target: unknown = node;
    for (let i = 0; i < p.path.length; i++) {
      const part = p.path[i];
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((it) => isPair(it) && keyText(it.key) === String(part));
        if (pair === undefined) break;
        const last = i === p.path.length - 1;
        if (last && p.atKey === true) {
          target = pair.key;
          break;
        }
        node = pair.value ?? pair.key;
        target = node;
        if (pair.value === null) break;
      } else if (isSeq(node) && typeof part === 'number' && part < node.items.length) {
        node = node.items[part];
        target = node;
      } else {
        break;
      }
    }
    const range = (target as YamlNode | undefined)?.range;
    if (range === undefined || range === null) return position(0);
    const start = position(range[0]);
    if (p.textPosition !== undefined && isScalar(target))
      return textPositionIn(target, text, start, p.textPosition);
    if (p.offset !== undefined && isScalar(target))
      return { line: start.line, column: start.column + innerColumn(target, text, p.offset) };
    return start;
  };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

/**
 * Where line `line`, column `column` of a text value is in the file. A block scalar (`|`) maps
 * line by line: its content starts on the line after the indicator, indented. A scalar written
 * on one line maps by character, through its escapes (a JSON file's "…\n…" statements). Other
 * forms (folded, plain over several lines) point at the value's start.
 */
function textPositionIn(
  node: Scalar,
  text: string,
  start: { line: number; column: number },
  at: { line: number; column: number },
): { line: number; column: number } {
  const range = node.range;
  if (range === undefined || range === null || typeof node.value !== 'string') return start;
  if (node.type === Scalar.BLOCK_LITERAL) {
    const source = text.slice(range[0], range[1]);
    const lines = source.split('\n').slice(1);
    const indent = Math.min(
      ...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length),
    );
    if (!Number.isFinite(indent)) return start;
    return { line: start.line + at.line, column: indent + at.column };
  }
  let lineStart = 0;
  for (let l = 1; l < at.line; l++) {
    const next = node.value.indexOf('\n', lineStart);
    if (next === -1) return start;
    lineStart = next + 1;
  }
  return {
    line: start.line,
    column: start.column + innerColumn(node, text, lineStart + at.column - 1),
  };
}

/** Columns from a scalar's start to character `offset` of its value, when its source is one line. */
function innerColumn(node: Scalar, text: string, offset: number): number {
  const range = node.range;
  if (range === undefined || range === null || typeof node.value !== 'string') return 0;
  const source = text.slice(range[0], range[1]);
  if (source.includes('\n')) return 0;
  if (node.type === Scalar.PLAIN && source === node.value) return offset;
  if (node.type !== Scalar.QUOTE_DOUBLE && node.type !== Scalar.QUOTE_SINGLE) return 0;
  const columns = sourceColumnsOf(source, node.type === Scalar.QUOTE_DOUBLE);
  if (columns.length !== node.value.length || offset > columns.length) return 0;
  // Just past the value's end (ksqlDB's "missing ';'") is the closing quote.
  return offset === columns.length ? source.length - 1 : columns[offset];
}

/**
 * For each UTF-16 unit of a one-line quoted scalar's value, its column in the source (the
 * opening quote is 0). Escapes (`\n`, `\"`, `\u00e9`; `''` in single quotes) are one unit; an
 * astral `\U` escape is two.
 */
function sourceColumnsOf(source: string, double: boolean): number[] {
  const columns: number[] = [];
  for (let i = 1; i < source.length - 1; i++) {
    columns.push(i);
    if (!double) {
      if (source[i] === "'") i++;
      continue;
    }
    if (source[i] !== '\\') continue;
    const kind = source[i + 1];
    const digits = kind === 'x' ? 2 : kind === 'u' ? 4 : kind === 'U' ? 8 : 0;
    if (kind === 'U' && parseInt(source.slice(i + 2, i + 10), 16) > 0xffff) columns.push(i);
    i += 1 + digits;
  }
  return columns;
}

/** The offset of a collection nested deeper than the limit, or null. Iterative: safe on any input. */
function findDeepNesting(text: string): number | null {
  type Cst = {
    type?: string;
    offset?: number;
    value?: unknown;
    items?: { key?: unknown; value?: unknown }[];
  };
  const stack: [Cst | null | undefined, number][] = [];
  for (const token of new Parser().parse(text)) stack.push([token as Cst, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [Cst | null | undefined, number];
    if (token === null || token === undefined || typeof token !== 'object') continue;
    let d = depth;
    if (
      token.type === 'block-map' ||
      token.type === 'block-seq' ||
      token.type === 'flow-collection'
    ) {
      d = depth + 1;
      if (d > LIMITS.nestingDepth) return token.offset ?? 0;
    }
    if (token.type === 'document') stack.push([token.value as Cst, d]);
    for (const item of token.items ?? []) {
      stack.push([item.key as Cst, d]);
      stack.push([item.value as Cst, d]);
    }
  }
  return null;
}
