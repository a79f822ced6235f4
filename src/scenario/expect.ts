import type { StateReport } from '../engine';
import { FUNCTIONS, fail, formatValue, ok, type Outcome } from './expectFunctions';
import type {
  Answer,
  CallOperand,
  Expectation,
  Op,
  Operand,
  PathStep,
  Selector,
} from './expectSyntax';
import { didYouMean, listNames } from './suggest';
import type { ExpectationResult } from './types';

/**
 * The expectation language: `<expression> <op> <value>`, evaluated against the engine's JSON
 * state report (`stateReport`). Paths walk the report as it is, so every field it has today
 * and every field later issues add is assertable without new code here.
 *
 *   producers[checkout].acked == 6
 *   topics[orders].partitions[3].logEndOffset >= 2
 *   consumers[sally].positions[orders/0].position == 12
 *   count(topics[orders].partitions[*].records[key == alice]) == 4
 *   partitionOf(orders, alice) == 3
 *
 * Selectors: on a list of objects `[x]` picks the element whose `id`, `name`, `partition`
 * or `offset` is x (the first of these fields the elements have), `[t/p]` the element with
 * that topic and partition, `[#n]` the nth element (from 0; negative from the end), `[*]`
 * all of them and `[field op value]` those that match. On a list of plain values `[n]` is
 * the nth. After `[*]` or a filter, the following steps apply to each element.
 */
export { parseAnswer, parseExpectation, expectationReferences, OPS } from './expectSyntax';
export type {
  Answer,
  AnswerParse,
  Expectation,
  ExpectationParse,
  ExpectationReference,
  Op,
  Operand,
  PathStep,
  Selector,
} from './expectSyntax';
export { EXPECTATION_FUNCTIONS, formatValue } from './expectFunctions';

/** Evaluates a parsed expectation against a state report. Never throws. */
export function evaluateExpectation(e: Expectation, report: StateReport): ExpectationResult {
  const description = e.source.trim();
  try {
    const scope: Scope = { report, root: report, rootLabel: 'the report' };
    const right = evaluate(e.right, scope, 'right');
    if (!right.ok)
      return { ok: false, description, expected: `(${right.error})`, actual: '(not evaluated)' };
    const expected = describeExpected(e.op, right.value);
    const left = evaluate(e.left, scope, 'left');
    if (!left.ok) return { ok: false, description, expected, actual: `nothing: ${left.error}` };
    const verdict = compare(e.op, left.value, right.value);
    const actual = formatValue(left.value) + (left.note !== undefined ? ` (${left.note})` : '');
    if (typeof verdict === 'string')
      return { ok: false, description, expected, actual: `${actual}, but ${verdict}` };
    return { ok: verdict, description, expected, actual };
  } catch (err) {
    return {
      ok: false,
      description,
      expected: '?',
      actual: `could not evaluate (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}

/**
 * A question's answer on a state report: the expression's value, or a comparison's truth.
 * Never throws; a path that finds nothing is an error, said as an expectation would say it.
 */
export function evaluateAnswer(
  a: Answer,
  report: StateReport,
): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    const scope: Scope = { report, root: report, rootLabel: 'the report' };
    const left = evaluate(a.left, scope, 'left');
    if (!left.ok) return left;
    if (a.op === null || a.right === null) return { ok: true, value: left.value };
    const right = evaluate(a.right, scope, 'right');
    if (!right.ok) return right;
    const verdict = compare(a.op, left.value, right.value);
    if (typeof verdict === 'string') return { ok: false, error: verdict };
    return { ok: true, value: verdict };
  } catch (err) {
    return {
      ok: false,
      error: `could not evaluate (${err instanceof Error ? err.message : String(err)})`,
    };
  }
}

/** Whether two values are the same answer (lists in order, objects by fields). */
export function sameValue(a: unknown, b: unknown): boolean {
  return deepEqual(a, b);
}

/** `producers[checkout].acked == 6: expected 6, found 4` (or `… ✓` when it holds). */
export function formatExpectationResult(r: ExpectationResult): string {
  return r.ok
    ? `${r.description}: ok (found ${r.actual})`
    : `${r.description}: expected ${r.expected}, found ${r.actual}`;
}

function describeExpected(op: Op, value: unknown): string {
  const v = formatValue(value);
  switch (op) {
    case '==':
      return v;
    case '!=':
      return `anything but ${v}`;
    case 'in':
      return `one of ${v}`;
    case 'contains':
      return `something containing ${v}`;
    case '<':
    case '<=':
    case '>':
    case '>=':
      return `${op} ${v}`;
  }
}

/** Where names are looked up: the report, or (inside a filter) one element of a list. */
interface Scope {
  report: StateReport;
  root: unknown;
  /** "the report" or "an element of topics[orders].partitions", for messages. */
  rootLabel: string;
}

function evaluate(o: Operand, scope: Scope, side: 'left' | 'right'): Outcome {
  switch (o.kind) {
    case 'literal':
      return ok(o.value);
    case 'word':
      return side === 'right' ? ok(o.text) : field(scope.root, o.text, scope.rootLabel);
    case 'list': {
      const items: unknown[] = [];
      for (const item of o.items) {
        const r = evaluate(item, scope, 'right');
        if (!r.ok) return r;
        items.push(r.value);
      }
      return ok(items);
    }
    case 'call':
      return evaluateCall(o, scope);
    case 'path': {
      let current: Outcome =
        o.root.kind === 'call'
          ? evaluateCall(o.root, scope)
          : field(scope.root, o.root.text, scope.rootLabel);
      let label = o.root.kind === 'call' ? `${o.root.name}(…)` : o.root.text;
      for (const s of o.steps) {
        if (!current.ok) return current;
        current = applyStep(current, s, label, scope);
        label += s.kind === 'field' ? `.${s.name}` : selectorText(s.selector);
      }
      if (current.ok && current.many === true) return ok(current.value);
      return current;
    }
  }
}

function evaluateCall(call: CallOperand, scope: Scope): Outcome {
  const def = FUNCTIONS[call.name];
  const args: unknown[] = [];
  for (let i = 0; i < call.args.length; i++) {
    const arg = call.args[i];
    const role = def.params[i];
    if (role === 'value') {
      const r = evaluate(arg, scope, 'left');
      if (!r.ok) return r;
      args.push(r.value);
    } else if (arg.kind === 'word') {
      args.push(arg.text);
    } else if (arg.kind === 'literal') {
      // A number written as a name or key ("42") keeps its text: 007 stays "007".
      args.push(
        role === 'partition' || arg.value === null || typeof arg.value !== 'number'
          ? arg.value
          : arg.text,
      );
    }
  }
  return def.call(args, scope.report);
}

function selectorText(s: Selector): string {
  switch (s.kind) {
    case 'all':
      return '[*]';
    case 'index':
      return `[#${s.index}]`;
    case 'id':
      return `[${s.id}]`;
    case 'filter':
      return '[…]';
  }
}

function applyStep(
  current: Outcome & { ok: true },
  s: PathStep,
  label: string,
  scope: Scope,
): Outcome {
  if (current.many === true) {
    const items = current.value as unknown[];
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      const r = applyStep({ ok: true, value: items[i] }, s, `${label}[#${i}]`, scope);
      if (!r.ok) return r;
      if (r.many === true) out.push(...(r.value as unknown[]));
      else out.push(r.value);
    }
    return { ok: true, value: out, many: true };
  }
  if (s.kind === 'field') return field(current.value, s.name, label);
  return select(current.value, s.selector, label, scope);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function field(value: unknown, name: string, label: string): Outcome {
  if (name === 'length' && (Array.isArray(value) || typeof value === 'string'))
    return ok(value.length);
  if (Array.isArray(value)) {
    return fail(
      `${label} is a list: pick one element with [id] or [#n], or all with [*], before ".${name}"`,
    );
  }
  if (!isObject(value))
    return fail(`${label} is ${formatValue(value)}, which has no field "${name}"`);
  if (Object.prototype.hasOwnProperty.call(value, name)) return ok(value[name]);
  const fields = Object.keys(value);
  return fail(
    `no field "${name}" in ${label}${didYouMean(name, fields)} (fields: ${listNames(fields, 12)})`,
  );
}

function select(value: unknown, s: Selector, label: string, scope: Scope): Outcome {
  if (isObject(value)) {
    if (s.kind === 'id') return field(value, s.id, label);
    return fail(`${label} is a map, not a list: pick a field with [name] or .name`);
  }
  if (!Array.isArray(value)) return fail(`${label} is ${formatValue(value)}, not a list`);
  switch (s.kind) {
    case 'all':
      return { ok: true, value, many: true };
    case 'index': {
      const i = s.index < 0 ? value.length + s.index : s.index;
      if (i < 0 || i >= value.length)
        return fail(
          `${label} has ${value.length} element${value.length === 1 ? '' : 's'}, so no [#${s.index}]`,
        );
      return ok(value[i]);
    }
    case 'filter': {
      const kept: unknown[] = [];
      const inner: Scope = {
        report: scope.report,
        root: undefined,
        rootLabel: `an element of ${label}`,
      };
      for (const item of value) {
        inner.root = item;
        const l = evaluate(s.left, inner, 'left');
        if (!l.ok) return l;
        const r = evaluate(s.right, inner, 'right');
        if (!r.ok) return r;
        if (compare(s.op, l.value, r.value) === true) kept.push(item);
      }
      return { ok: true, value: kept, many: true };
    }
    case 'id':
      return selectById(value, s.id, label);
  }
}

const ID_FIELDS = ['id', 'name', 'partition', 'offset'];

function selectById(list: readonly unknown[], id: string, label: string): Outcome {
  const objects = list.filter(isObject);
  if (objects.length === 0) {
    if (list.length === 0) return fail(`${label} is empty, so it has no "${id}"`);
    if (!/^-?\d+$/.test(id))
      return fail(`${label} is a list of values: pick one by position, e.g. [0]`);
    const i = Number(id) < 0 ? list.length + Number(id) : Number(id);
    if (i < 0 || i >= list.length)
      return fail(
        `${label} has ${list.length} element${list.length === 1 ? '' : 's'}, so no [${id}]`,
      );
    return ok(list[i]);
  }
  const pair = /^(.+)\/(\d+)$/.exec(id);
  if (pair !== null && 'topic' in objects[0] && 'partition' in objects[0]) {
    const found = objects.find((o) => o.topic === pair[1] && String(o.partition) === pair[2]);
    if (found !== undefined) return ok(found);
    const have = objects.map((o) => `${String(o.topic)}/${String(o.partition)}`);
    return fail(`${label} has no "${id}"${didYouMean(id, have)} (has: ${listNames(have)})`);
  }
  const idField = ID_FIELDS.find((f) => f in objects[0]);
  if (idField === undefined)
    return fail(`the elements of ${label} have no id: pick one by position with [#n]`);
  const found = objects.find((o) => String(o[idField]) === id);
  if (found !== undefined) return ok(found);
  const have = objects.map((o) => String(o[idField]));
  return fail(
    `${label} has no ${idField} "${id}"${didYouMean(id, have)} (has: ${listNames(have)})`,
  );
}

/** true/false, or why the two sides cannot be compared that way. */
function compare(op: Op, l: unknown, r: unknown): boolean | string {
  switch (op) {
    case '==':
      return deepEqual(l, r);
    case '!=':
      return !deepEqual(l, r);
    case 'in':
      if (!Array.isArray(r)) return `"in" needs a list on the right, such as [1, 2]`;
      if (Array.isArray(l)) return l.every((x) => r.some((y) => deepEqual(x, y)));
      return r.some((y) => deepEqual(l, y));
    case 'contains':
      if (typeof l === 'string' && typeof r === 'string') return l.includes(r);
      if (!Array.isArray(l)) return `"contains" needs a list (or text) on the left`;
      if (Array.isArray(r)) return r.every((y) => l.some((x) => deepEqual(x, y)));
      return l.some((x) => deepEqual(x, r));
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const bothNumbers = typeof l === 'number' && typeof r === 'number';
      const bothStrings = typeof l === 'string' && typeof r === 'string';
      if (!bothNumbers && !bothStrings) return `"${op}" compares two numbers`;
      const a = l as number | string;
      const b = r as number | string;
      return op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
    }
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]))
    );
  }
  return false;
}

/** A value as the expectation language writes it: 6, "alice", [1, 2], true, null. */
