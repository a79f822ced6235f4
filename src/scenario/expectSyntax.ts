import { LIMITS } from './limits';
import { FUNCTIONS, type FunctionDef } from './expectFunctions';
import { closest, didYouMean } from './suggest';

/**
 * The expectation language's syntax: `<expression> <op> <value>` read into a small tree, and
 * the entities (producers, topics, partitions…) an expectation names, for load-time checks.
 * See expect.ts for the language itself.
 */

export type Op = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'contains';
export const OPS: readonly Op[] = ['==', '!=', '<', '<=', '>', '>=', 'in', 'contains'];

interface Span {
  /** Offsets in the expectation's text. */
  start: number;
  end: number;
}

export type Operand =
  | (Span & { kind: 'literal'; value: null | boolean | number | string; text: string })
  /** A bare word: a field name on the left of an op, a string on the right. */
  | (Span & { kind: 'word'; text: string })
  | (Span & { kind: 'path'; root: WordOperand | CallOperand; steps: PathStep[] })
  | CallOperand
  | (Span & { kind: 'list'; items: Operand[] });

export type WordOperand = Span & { kind: 'word'; text: string };
export type CallOperand = Span & { kind: 'call'; name: string; args: Operand[] };

export type PathStep = Span &
  ({ kind: 'field'; name: string } | { kind: 'select'; selector: Selector });

export type Selector =
  | { kind: 'all' }
  | { kind: 'index'; index: number }
  | { kind: 'id'; id: string }
  | { kind: 'filter'; left: Operand; op: Op; right: Operand };

export interface Expectation {
  source: string;
  left: Operand;
  op: Op;
  right: Operand;
}

export type ExpectationParse =
  { ok: true; value: Expectation } | { ok: false; message: string; offset: number };

/**
 * A question's answer (`ask` steps): an expression whose value is the answer
 * (`partitionOf(orders, zoe)`, `leaderOf(orders, 0)`), or a comparison whose truth is
 * (`producers[app].errors.NOT_ENOUGH_REPLICAS > 0`).
 */
export interface Answer {
  source: string;
  left: Operand;
  op: Op | null;
  right: Operand | null;
}

export type AnswerParse =
  { ok: true; value: Answer } | { ok: false; message: string; offset: number };

class ExpectationSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Token =
  | { type: 'num'; text: string; start: number; end: number; value: number }
  | { type: 'str'; text: string; start: number; end: number; value: string }
  | { type: 'word' | 'op' | 'punct' | 'eof'; text: string; start: number; end: number };

const WORD = /[A-Za-z_$][A-Za-z0-9_$-]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SYMBOL_OPS = ['==', '!=', '<=', '>=', '<', '>'];
const WORD_OPS = new Set(['in', 'contains']);
const KEYWORDS: Record<string, null | boolean> = { true: true, false: false, null: null };

class Parser {
  private pos: number;
  private depth = 0;

  constructor(
    private readonly src: string,
    start = 0,
    private readonly end = src.length,
  ) {
    this.pos = start;
  }

  parseComparison(relative: boolean): { left: Operand; op: Op; right: Operand } {
    const left = this.operand('left');
    return { left, ...this.parseRest(left, relative) };
  }

  /** The operator and the value after `left`, up to the end. */
  private parseRest(left: Operand, relative: boolean): { op: Op; right: Operand } {
    const opToken = this.next();
    if (opToken.type === 'eof') {
      throw new ExpectationSyntaxError(
        `expected an operator after "${this.src.slice(left.start, left.end)}": one of ${OPS.join(' ')}`,
        opToken.start,
      );
    }
    const op = this.asOp(opToken);
    const right = this.operand('right');
    const rest = this.next();
    if (rest.type !== 'eof') {
      const hint = relative ? '' : ' (one comparison per expectation: list several under expect)';
      throw new ExpectationSyntaxError(
        `unexpected "${rest.text}" after the value${hint}`,
        rest.start,
      );
    }
    return { op, right };
  }

  /** `<expression>` or `<expression> <op> <value>`. */
  parseAnswer(): { left: Operand; op: Op | null; right: Operand | null } {
    const left = this.operand('left');
    const save = this.pos;
    if (this.next().type === 'eof') return { left, op: null, right: null };
    this.pos = save;
    const { op, right } = this.parseRest(left, false);
    return { left, op, right };
  }

  private asOp(t: Token): Op {
    if (t.type === 'op' || (t.type === 'word' && WORD_OPS.has(t.text))) return t.text as Op;
    if (t.text === '=')
      throw new ExpectationSyntaxError('"=" is not an operator: write "=="', t.start);
    const near = t.type === 'word' ? closest(t.text, WORD_OPS) : undefined;
    const hint = near !== undefined ? ` (did you mean "${near}"?)` : '';
    throw new ExpectationSyntaxError(
      `expected an operator (${OPS.join(' ')}), found "${t.text}"${hint}`,
      t.start,
    );
  }

  private operand(side: 'left' | 'right'): Operand {
    if (++this.depth > LIMITS.expressionDepth) {
      throw new ExpectationSyntaxError(`nested more than ${LIMITS.expressionDepth} deep`, this.pos);
    }
    try {
      return this.operandInner(side);
    } finally {
      this.depth--;
    }
  }

  private operandInner(side: 'left' | 'right'): Operand {
    const t = this.next();
    switch (t.type) {
      case 'num':
        return { kind: 'literal', value: t.value, text: t.text, start: t.start, end: t.end };
      case 'str':
        return { kind: 'literal', value: t.value, text: t.text, start: t.start, end: t.end };
      case 'punct':
        if (t.text === '[') return this.list(t.start, side);
        if (t.text === '=')
          throw new ExpectationSyntaxError(
            'expected a value, found "=" (the operator is "==")',
            t.start,
          );
        throw new ExpectationSyntaxError(`expected a value, found "${t.text}"`, t.start);
      case 'eof':
        throw new ExpectationSyntaxError(
          side === 'left'
            ? 'empty expectation: write "<path> <op> <value>"'
            : 'expected a value after the operator',
          t.start,
        );
      case 'op':
        throw new ExpectationSyntaxError(
          `expected a value, found the operator "${t.text}"`,
          t.start,
        );
      case 'word':
        return this.wordOperand(t, side);
    }
  }

  private wordOperand(t: Token, side: 'left' | 'right'): Operand {
    if (t.text in KEYWORDS && !this.peekIs('(') && !this.peekIs('.') && !this.peekIs('[')) {
      return { kind: 'literal', value: KEYWORDS[t.text], text: t.text, start: t.start, end: t.end };
    }
    let root: WordOperand | CallOperand = {
      kind: 'word',
      text: t.text,
      start: t.start,
      end: t.end,
    };
    if (this.peekIs('(')) root = this.call(t);
    const steps = this.accessors();
    if (steps.length === 0) {
      if (root.kind === 'word' && side === 'right' && WORD_OPS.has(root.text)) {
        throw new ExpectationSyntaxError(
          `expected a value, found the operator "${root.text}"`,
          t.start,
        );
      }
      return root;
    }
    return { kind: 'path', root, steps, start: t.start, end: steps[steps.length - 1].end };
  }

  private call(name: Token): CallOperand {
    const def = FUNCTIONS[name.text];
    if (def === undefined) {
      throw new ExpectationSyntaxError(
        `unknown function "${name.text}"${didYouMean(name.text, Object.keys(FUNCTIONS))}; the functions are ${Object.keys(FUNCTIONS).join(', ')}`,
        name.start,
      );
    }
    this.next(); // (
    const args: Operand[] = [];
    if (!this.peekIs(')')) {
      for (;;) {
        const arg = this.operand('left');
        args.push(def.params[args.length] === 'topic' ? dottedTopicName(arg, this.src) : arg);
        const sep = this.next();
        if (sep.text === ')') break;
        if (sep.text !== ',')
          throw new ExpectationSyntaxError(
            `expected "," or ")" in ${name.text}(…), found "${sep.text || 'the end'}"`,
            sep.start,
          );
      }
    } else {
      this.next();
    }
    const call: CallOperand = {
      kind: 'call',
      name: name.text,
      args,
      start: name.start,
      end: this.pos,
    };
    checkCallArgs(call, def);
    return call;
  }

  private list(start: number, side: 'left' | 'right'): Operand {
    const items: Operand[] = [];
    if (this.peekIs(']')) {
      this.next();
      return { kind: 'list', items, start, end: this.pos };
    }
    for (;;) {
      if (this.peekIs(']')) {
        this.next();
        break;
      }
      items.push(this.operand(side === 'left' ? 'right' : side));
      const sep = this.next();
      if (sep.text === ']') break;
      if (sep.text !== ',')
        throw new ExpectationSyntaxError(
          `expected "," or "]" in the list, found "${sep.text || 'the end'}"`,
          sep.start,
        );
    }
    return { kind: 'list', items, start, end: this.pos };
  }

  private accessors(): PathStep[] {
    const steps: PathStep[] = [];
    for (;;) {
      if (this.peekIs('.')) {
        const dot = this.next();
        const name = this.next();
        if (name.type === 'word' || (name.type === 'num' && /^\d+$/.test(name.text))) {
          steps.push({ kind: 'field', name: name.text, start: dot.start, end: name.end });
          continue;
        }
        throw new ExpectationSyntaxError(
          `expected a field name after ".", found "${name.text || 'the end'}"`,
          name.start,
        );
      }
      if (this.peekIs('[')) {
        const open = this.next();
        steps.push(this.selector(open.start));
        continue;
      }
      return steps;
    }
  }

  /** `[...]` after a path: scanned as raw text up to the matching bracket, then classified. */
  private selector(start: number): PathStep {
    const contentStart = this.pos;
    const close = findClosingBracket(this.src, contentStart, this.end);
    if (close < 0) throw new ExpectationSyntaxError('"[" is never closed', start);
    this.pos = close + 1;
    const raw = this.src.slice(contentStart, close);
    const text = raw.trim();
    const span = { start, end: close + 1 };
    if (text === '*') return { kind: 'select', selector: { kind: 'all' }, ...span };
    if (/^#-?\d+$/.test(text))
      return { kind: 'select', selector: { kind: 'index', index: Number(text.slice(1)) }, ...span };
    if (/^[A-Za-z0-9._\-/]+$/.test(text))
      return { kind: 'select', selector: { kind: 'id', id: text }, ...span };
    if (/^(["']).*\1$/s.test(text)) {
      const inner = new Parser(this.src, contentStart + raw.indexOf(text[0]), close).next();
      if (inner.type === 'str' && inner.end === contentStart + raw.indexOf(text[0]) + text.length) {
        return { kind: 'select', selector: { kind: 'id', id: inner.value }, ...span };
      }
    }
    if (text === '')
      throw new ExpectationSyntaxError(
        'empty "[]": write an id, a number, *, #n or a filter such as [key == alice]',
        start,
      );
    const sub = new Parser(this.src, contentStart, close);
    sub.depth = this.depth + 1;
    try {
      const { left, op, right } = sub.parseComparison(true);
      return { kind: 'select', selector: { kind: 'filter', left, op, right }, ...span };
    } catch (e) {
      // Ids may hold any text ("my group-1"); without quotes such an id reads as a broken filter.
      if (e instanceof ExpectationSyntaxError && !/[=<>!"']|\b(?:in|contains)\b/.test(text))
        throw new ExpectationSyntaxError(
          `${e.message} (an id with spaces or other signs is quoted: [${JSON.stringify(text)}])`,
          e.offset,
        );
      throw e;
    }
  }

  private peekIs(text: string): boolean {
    const save = this.pos;
    const t = this.next();
    this.pos = save;
    return t.text === text && (t.type === 'punct' || t.type === 'op');
  }

  next(): Token {
    const src = this.src;
    while (this.pos < this.end && /\s/.test(src[this.pos])) this.pos++;
    const start = this.pos;
    if (start >= this.end) return { type: 'eof', text: '', start, end: start };
    const c = src[start];
    if (c === '"' || c === "'") return this.string(c, start);
    for (const op of SYMBOL_OPS) {
      if (src.startsWith(op, start)) {
        this.pos += op.length;
        return { type: 'op', text: op, start, end: this.pos };
      }
    }
    if ('[](),.'.includes(c)) {
      this.pos++;
      return { type: 'punct', text: c, start, end: this.pos };
    }
    NUMBER.lastIndex = start;
    const num = NUMBER.exec(src);
    if (num !== null && num.index === start && start + num[0].length <= this.end) {
      this.pos = start + num[0].length;
      if (this.pos < this.end && /[A-Za-z_$]/.test(src[this.pos])) {
        throw new ExpectationSyntaxError(
          `"${src.slice(start, this.pos + 1)}…" is neither a number nor a name: quote text that starts with a digit`,
          start,
        );
      }
      return { type: 'num', text: num[0], start, end: this.pos, value: Number(num[0]) };
    }
    WORD.lastIndex = start;
    const word = WORD.exec(src);
    if (word !== null && word.index === start) {
      this.pos = Math.min(this.end, start + word[0].length);
      return { type: 'word', text: src.slice(start, this.pos), start, end: this.pos };
    }
    if (c === '=') {
      this.pos++;
      return { type: 'punct', text: '=', start, end: this.pos };
    }
    throw new ExpectationSyntaxError(`unexpected "${c}"`, start);
  }

  private string(quote: string, start: number): Token {
    let i = start + 1;
    let value = '';
    while (i < this.end) {
      const c = this.src[i];
      if (c === quote) {
        this.pos = i + 1;
        return { type: 'str', text: this.src.slice(start, this.pos), start, end: this.pos, value };
      }
      if (c === '\\' && i + 1 < this.end) {
        const e = this.src[i + 1];
        const escapes: Record<string, string> = {
          n: '\n',
          t: '\t',
          r: '\r',
          '\\': '\\',
          '"': '"',
          "'": "'",
          '0': '\0',
        };
        if (!(e in escapes))
          throw new ExpectationSyntaxError(`unknown escape "\\${e}" in a string`, i);
        value += escapes[e];
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    throw new ExpectationSyntaxError(`string is never closed (missing ${quote})`, start);
  }
}

function findClosingBracket(src: string, from: number, end: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < end; i++) {
    const c = src[i];
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/**
 * A topic argument written without quotes may hold dots, as Kafka's topic names do
 * (`leaderOf(audit.log, 0)`): the parser reads `audit.log` as a field path, so a path of a
 * word and field names only becomes the word it spells. Anything else is left as it was.
 */
function dottedTopicName(arg: Operand, src: string): Operand {
  if (arg.kind !== 'path' || arg.root.kind !== 'word') return arg;
  if (!arg.steps.every((step) => step.kind === 'field')) return arg;
  const text = src.slice(arg.start, arg.end);
  if (!/^[A-Za-z0-9._-]+$/.test(text)) return arg;
  return { kind: 'word', text, start: arg.start, end: arg.end };
}

/** Checks a call's arguments against its parameters' roles, so mistakes are found at load time. */
function checkCallArgs(call: CallOperand, def: FunctionDef): void {
  const { name, args } = call;
  if (args.length < def.required || args.length > def.params.length) {
    const count =
      def.required === def.params.length
        ? `${def.required}`
        : `${def.required} to ${def.params.length}`;
    throw new ExpectationSyntaxError(
      `${name}() takes ${count} argument${def.params.length === 1 ? '' : 's'}: ${def.summary}`,
      call.start,
    );
  }
  args.forEach((arg, i) => {
    const role = def.params[i];
    if (role === 'value') return;
    if (role === 'partition') {
      if (
        arg.kind === 'literal' &&
        typeof arg.value === 'number' &&
        Number.isInteger(arg.value) &&
        arg.value >= 0
      )
        return;
      throw new ExpectationSyntaxError(
        `${name}(): argument ${i + 1} is a partition number`,
        arg.start,
      );
    }
    if (arg.kind === 'word') return;
    if (arg.kind === 'literal' && (typeof arg.value === 'string' || typeof arg.value === 'number'))
      return;
    if (arg.kind === 'literal' && arg.value === null && role === 'key') return;
    const what =
      role === 'key'
        ? 'a key (a name, "quoted text" or null)'
        : role === 'member'
          ? 'a consumer id (the member)'
          : `a ${role} name`;
    throw new ExpectationSyntaxError(`${name}(): argument ${i + 1} is ${what}`, arg.start);
  });
}

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string; offset: number };

/**
 * Reads `source` with `read` (`what` names it in messages); a left side that is a value
 * written in is refused with `literalMessage`. Never throws.
 */
function parseWith<T extends { left: Operand }>(
  source: string,
  what: string,
  read: (parser: Parser) => Omit<T, 'source'>,
  literalMessage: string,
): Parsed<T & { source: string }> {
  try {
    if (typeof source !== 'string') return { ok: false, message: `${what} is text`, offset: 0 };
    if (source.length > LIMITS.stringChars)
      return { ok: false, message: `longer than ${LIMITS.stringChars} characters`, offset: 0 };
    const parsed = read(new Parser(source));
    if (parsed.left.kind === 'literal' || parsed.left.kind === 'list')
      return { ok: false, message: literalMessage, offset: parsed.left.start };
    return { ok: true, value: { ...parsed, source } as T & { source: string } };
  } catch (e) {
    if (e instanceof ExpectationSyntaxError)
      return { ok: false, message: e.message, offset: e.offset };
    return {
      ok: false,
      message: `could not read ${what} (${e instanceof Error ? e.message : String(e)})`,
      offset: 0,
    };
  }
}

/** Parses one expectation. Never throws: syntax problems come back with their offset. */
export function parseExpectation(source: string): ExpectationParse {
  return parseWith<Expectation>(
    source,
    'an expectation',
    (p) => p.parseComparison(false),
    'the left side is a value: write the path first, e.g. "producers[checkout].acked == 6"',
  );
}

/** Reads a question's answer: an expression, or a comparison (its truth is the answer). */
export function parseAnswer(source: string): AnswerParse {
  return parseWith<Answer>(
    source,
    'an answer',
    (p) => p.parseAnswer(),
    'the answer is a value written in: write what computes it from the run instead, e.g. "partitionOf(orders, zoe)", so it is never wrong',
  );
}

/** Entities an expectation names, so a scenario can check them at load time. */
export type ExpectationReference =
  | { kind: 'producer' | 'consumer' | 'topic' | 'broker' | 'group'; id: string; offset: number }
  | { kind: 'partition'; topic: string; partition: number; offset: number }
  /** A consumer named as a member of a group: `groups[g].members[c]`, `assignment(g, c)`. */
  | { kind: 'member'; group: string; id: string; offset: number };

const COLLECTION_KINDS: Record<string, 'producer' | 'consumer' | 'topic' | 'broker' | 'group'> = {
  producers: 'producer',
  consumers: 'consumer',
  topics: 'topic',
  brokers: 'broker',
  groups: 'group',
};

export function expectationReferences(e: {
  left: Operand;
  right: Operand | null;
}): ExpectationReference[] {
  const refs: ExpectationReference[] = [];
  const visit = (o: Operand): void => {
    if (o.kind === 'list') o.items.forEach(visit);
    if (o.kind === 'call') callReferences(o, refs, visit);
    if (o.kind === 'path') {
      if (o.root.kind === 'call') callReferences(o.root, refs, visit);
      else pathReferences(o.root.text, o.steps, refs);
    }
  };
  visit(e.left);
  if (e.right !== null) visit(e.right);
  return refs;
}

function callReferences(
  call: CallOperand,
  refs: ExpectationReference[],
  visit: (o: Operand) => void,
): void {
  const def = FUNCTIONS[call.name];
  let topic: string | undefined;
  let group: string | undefined;
  call.args.forEach((arg, i) => {
    const role = def.params[i];
    const text =
      arg.kind === 'word' ? arg.text : arg.kind === 'literal' ? String(arg.value) : undefined;
    if (role === 'value') visit(arg);
    else if ((role === 'topic' || role === 'consumer' || role === 'group') && text !== undefined) {
      refs.push({ kind: role, id: text, offset: arg.start });
      if (role === 'topic') topic = text;
      if (role === 'group') group = text;
    } else if (role === 'member' && text !== undefined && group !== undefined) {
      refs.push({ kind: 'member', group, id: text, offset: arg.start });
    } else if (
      role === 'partition' &&
      topic !== undefined &&
      arg.kind === 'literal' &&
      typeof arg.value === 'number'
    ) {
      refs.push({ kind: 'partition', topic, partition: arg.value, offset: arg.start });
    }
  });
}

function pathReferences(
  root: string,
  steps: readonly PathStep[],
  refs: ExpectationReference[],
): void {
  const kind = COLLECTION_KINDS[root];
  const first = steps[0];
  if (
    kind === undefined ||
    first === undefined ||
    first.kind !== 'select' ||
    first.selector.kind !== 'id'
  )
    return;
  const id = first.selector.id;
  refs.push({ kind, id, offset: first.start + 1 });
  const [second, third] = [steps[1], steps[2]];
  if (second?.kind !== 'field' || third?.kind !== 'select' || third.selector.kind !== 'id') return;
  const sel = third.selector.id;
  if (kind === 'topic' && second.name === 'partitions' && /^\d+$/.test(sel)) {
    refs.push({ kind: 'partition', topic: id, partition: Number(sel), offset: third.start + 1 });
  }
  if (kind === 'group' && second.name === 'members' && !/^\d+$/.test(sel)) {
    refs.push({ kind: 'member', group: id, id: sel, offset: third.start + 1 });
  }
  const pair = /^(.+)\/(\d+)$/.exec(sel);
  if ((kind === 'consumer' || (kind === 'group' && second.name === 'offsets')) && pair !== null) {
    refs.push({ kind: 'topic', id: pair[1], offset: third.start + 1 });
    refs.push({
      kind: 'partition',
      topic: pair[1],
      partition: Number(pair[2]),
      offset: third.start + 1,
    });
  }
}
