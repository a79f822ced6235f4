/**
 * Where a position is in a scenario's YAML, read from the text alone: no YAML parser, since
 * the text is often half-typed (`    repl` with no colon yet) and a parser would give up on it.
 *
 * Scenario files are block-style YAML: nesting is indentation, sequence items start with
 * `- `, and some values are flow collections (`{ producer: checkout, key: alice }`), quoted
 * strings or block scalars (`statements: |` followed by indented text). The reading here is
 * in two steps:
 *  1. an outline gives each line a role: structure (indent, `- ` items, a key and where its
 *     value starts), blank or comment, content of a block scalar, or the continuation of a
 *     flow collection, quoted string or wrapped prose begun on an earlier line;
 *  2. a stack of open mappings and sequences, fed the structure lines in order, says whose
 *     child each line is. It is replayed up to the line asked about on each call (scenario
 *     files are a few hundred lines; pure functions are worth that).
 * Inside a flow collection a small character scanner does the same job.
 * The reading is checked against a YAML parser on every built-in scenario
 * (yamlPath.scenarios.test.ts).
 */

export type PathPart = string | number;

export interface YamlCursor {
  /** keys/indices from the root to the mapping the cursor is in (position 'key'), or to the key whose value is typed (position 'value', path ends with that key). Sequence items are numbers (0-based index among siblings). */
  path: PathPart[];
  position: 'key' | 'value';
  /** the partial word before the cursor (what completion filters on) and where it starts (offset in text) */
  prefix: string;
  from: number;
  /** keys already present in the mapping the cursor is in (for position 'key'; block siblings at the same indent in the same item/mapping, or the other keys in a flow map) */
  siblings: string[];
}

// ---------------------------------------------------------------------------------------------
// Lines and their shapes

interface Line {
  /** offset of the line's first character */
  from: number;
  /** the line without its line break ("\n" or "\r\n") */
  text: string;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let from = 0;
  for (;;) {
    const br = text.indexOf('\n', from);
    const end = br < 0 ? text.length : br;
    const contentEnd = end > from && text[end - 1] === '\r' ? end - 1 : end;
    lines.push({ from, text: text.slice(from, contentEnd) });
    if (br < 0) return lines;
    from = br + 1;
  }
}

/** The index of the line holding `offset` (an offset between "\r" and "\n" is on its line). */
function lineIndexAt(lines: readonly Line[], offset: number): number {
  let low = 0;
  let high = lines.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lines[mid].from <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t';
const isWhitespaceLine = (text: string): boolean => /^[ \t]*$/.test(text);

/** Indentation counts spaces only: YAML forbids tabs there. */
function indentOf(text: string): number {
  let col = 0;
  while (text[col] === ' ') col++;
  return col;
}

function skipSpaces(text: string, col: number): number {
  while (isSpace(text[col])) col++;
  return col;
}

type ValueKind = 'empty' | 'plain' | 'quoted' | 'flow' | 'block';

/** What starts at `col`: nothing (or a comment), a block scalar, a flow collection, a quoted or a plain scalar. */
function valueKindAt(text: string, col: number): ValueKind {
  const ch = text[col];
  if (ch === undefined || ch === '#') return 'empty';
  if (ch === '|' || ch === '>') return 'block';
  if (ch === '{' || ch === '[') return 'flow';
  if (ch === '"' || ch === "'") return 'quoted';
  return 'plain';
}

interface KeyToken {
  /** the key as written, without quotes */
  name: string;
  /** columns of the key's text (quotes included) */
  from: number;
  to: number;
  /** column of its ':' */
  colon: number;
}

/**
 * The offset after the quoted string opening at `from` (a ' or "), or -1 when it never
 * closes. In single quotes '' is a quote; in double quotes a backslash escapes.
 */
function quotedEnd(text: string, from: number): number {
  const quote = text[from];
  for (let i = from + 1; i < text.length; i++) {
    const ch = text[i];
    if (quote === '"' && ch === '\\') i++;
    else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

function unquote(token: string): string {
  if (token.length >= 2 && token[0] === "'" && token.endsWith("'"))
    return token.slice(1, -1).replace(/''/g, "'");
  if (token.length >= 2 && token[0] === '"' && token.endsWith('"')) return token.slice(1, -1);
  return token;
}

/** Characters that cannot start a plain key (YAML's indicators). */
const NOT_A_KEY_START = new Set([
  '#',
  '{',
  '}',
  '[',
  ']',
  ',',
  '&',
  '*',
  '!',
  '|',
  '>',
  '%',
  '@',
  '`',
]);

/**
 * A block mapping key starting at `col`: its text up to a ':' followed by a space or the end
 * of the line. `text` may end at the cursor, so `acks:` typed up to its colon is a key.
 */
function keyAt(text: string, col: number): KeyToken | null {
  const first = text[col];
  if (first === undefined || NOT_A_KEY_START.has(first)) return null;
  const colonEndsKey = (i: number): boolean =>
    text[i] === ':' && (i + 1 === text.length || isSpace(text[i + 1]));
  if (first === '"' || first === "'") {
    const end = quotedEnd(text, col);
    if (end < 0) return null;
    const colon = skipSpaces(text, end);
    return colonEndsKey(colon)
      ? { name: unquote(text.slice(col, end)), from: col, to: end, colon }
      : null;
  }
  for (let i = col; i < text.length; i++) {
    if (text[i] === '#' && isSpace(text[i - 1])) return null; // a comment before any colon
    if (colonEndsKey(i)) {
      const name = text.slice(col, i).trimEnd();
      return { name, from: col, to: col + name.length, colon: i };
    }
  }
  return null;
}

interface Shape {
  indent: number;
  /** columns of the `- ` indicators opening sequence items on this line */
  dashes: number[];
  /** where the content after the indentation and the dashes starts */
  contentCol: number;
  key: KeyToken | null;
  /** where the key's value starts, or without a key the item's or line's content */
  valueCol: number;
  valueKind: ValueKind;
}

/**
 * The shape of a line, or (`endsAtCursor`) of the part of a line before the cursor: there a
 * `-` just before the cursor is not an item yet, since a key completed right after it would
 * read `-key`.
 */
function shapeOf(text: string, endsAtCursor = false): Shape {
  const indent = indentOf(text);
  const dashes: number[] = [];
  let col = indent;
  const dashEnds = (i: number): boolean => isSpace(text[i]) || (i === text.length && !endsAtCursor);
  while (text[col] === '-' && dashEnds(col + 1)) {
    dashes.push(col);
    col = skipSpaces(text, col + 1);
  }
  const key = keyAt(text, col);
  const valueCol = key === null ? col : skipSpaces(text, key.colon + 1);
  return { indent, dashes, contentCol: col, key, valueCol, valueKind: valueKindAt(text, valueCol) };
}

/** A line with nothing structural on it: blank, or only a comment (a lone `- ` still opens an item). */
const isBlankShape = (shape: Shape, text: string): boolean =>
  shape.dashes.length === 0 && (shape.contentCol === text.length || text[shape.contentCol] === '#');

// ---------------------------------------------------------------------------------------------
// Flow collections: { a: 1, b: [x, y] }

interface FlowFrame {
  kind: 'map' | 'seq';
  path: PathPart[];
  /** keys met so far (maps), with the offset where each key's entry starts */
  keys: string[];
  keyFroms: number[];
  /** the key whose value is being read (maps), null while reading a key */
  key: string | null;
  /** the item being read (sequences) */
  index: number;
  /** where the current token (key, value or item) starts */
  tokenFrom: number;
}

type FlowStop = 'inside' | 'quote' | 'comment' | 'after';

const endsFlowKey = (ch: string | undefined): boolean =>
  ch === undefined || ch === ',' || ch === '}' || ch === ']' || /\s/.test(ch);

function flowChildPath(frame: FlowFrame | undefined, basePath: PathPart[]): PathPart[] {
  if (frame === undefined) return basePath;
  if (frame.kind === 'seq') return [...frame.path, frame.index];
  return frame.key === null ? frame.path : [...frame.path, frame.key];
}

/**
 * A scanner over a flow collection starting at `start` (its '{' or '['), whose path is
 * `basePath`. `runTo(offset)` reads up to `offset` and says where that offset falls: inside
 * the collection, inside a quoted string or a comment in it, or after its closing bracket.
 * The frames stay readable (and keep collecting keys) as the scan goes on.
 */
function flowScanner(text: string, start: number, basePath: PathPart[]) {
  const stack: FlowFrame[] = [];
  let pos = start;
  let closedAt = -1;
  const runTo = (to: number): FlowStop => {
    while (pos < to) {
      if (closedAt >= 0) return 'after';
      const ch = text[pos];
      const top = stack.at(-1);
      if (ch === '{' || ch === '[') {
        const kind = ch === '{' ? 'map' : 'seq';
        const path = flowChildPath(top, basePath);
        stack.push({ kind, path, keys: [], keyFroms: [], key: null, index: 0, tokenFrom: pos + 1 });
      } else if (top === undefined) {
        return 'after';
      } else if (ch === '}' || ch === ']') {
        stack.pop();
        if (stack.length === 0) closedAt = pos + 1;
      } else if (ch === ',') {
        if (top.kind === 'map') top.key = null;
        else top.index++;
        top.tokenFrom = pos + 1;
      } else if (
        ch === ':' &&
        top.kind === 'map' &&
        top.key === null &&
        endsFlowKey(text[pos + 1])
      ) {
        const keyText = text.slice(top.tokenFrom, pos).trim();
        top.key = unquote(keyText);
        top.keys.push(top.key);
        top.keyFroms.push(top.tokenFrom);
        top.tokenFrom = pos + 1;
      } else if ((ch === '"' || ch === "'") && text.slice(top.tokenFrom, pos).trim() === '') {
        const end = quotedEnd(text, pos);
        if (end < 0 || end > to) return 'quote';
        pos = end;
        continue;
      } else if (ch === '#' && (pos === 0 || /\s/.test(text[pos - 1]))) {
        const br = text.indexOf('\n', pos);
        const lineEnd = br < 0 ? text.length : br;
        if (to <= lineEnd) return 'comment';
        pos = lineEnd;
        continue;
      }
      pos++;
    }
    return closedAt >= 0 ? 'after' : 'inside';
  };
  return { stack, runTo, closedAt: () => closedAt };
}

/** The cursor at `offset` inside the flow collection starting at `start`, read no further than `limit`. */
function flowCursor(
  text: string,
  start: number,
  offset: number,
  basePath: PathPart[],
  limit: number,
): YamlCursor | null {
  const scanner = flowScanner(text, start, basePath);
  if (scanner.runTo(offset) !== 'inside') return null;
  const frame = scanner.stack.at(-1);
  if (frame === undefined) return null;
  const prefix = text.slice(frame.tokenFrom, offset).trimStart();
  const from = offset - prefix.length;
  if (frame.kind === 'seq') {
    return { path: [...frame.path, frame.index], position: 'value', prefix, from, siblings: [] };
  }
  if (frame.key !== null) {
    return { path: [...frame.path, frame.key], position: 'value', prefix, from, siblings: [] };
  }
  // The keys after the cursor count too; the one under the cursor (its entry starts where the
  // typed word's does) is the key being typed, not a sibling.
  const typingFrom = frame.tokenFrom;
  const before = frame.keys.length;
  scanner.runTo(Math.max(offset, limit));
  const siblings = frame.keys.filter((_, i) => i < before || frame.keyFroms[i] !== typingFrom);
  return { path: frame.path, position: 'key', prefix, from, siblings };
}

/** The key of a flow map under `offset` (for hover), in the collection starting at `start`. */
function flowKeyAt(
  text: string,
  start: number,
  offset: number,
  basePath: PathPart[],
): { path: PathPart[]; key: string; from: number; to: number } | null {
  const scanner = flowScanner(text, start, basePath);
  // 'quote': the offset is in a quoted token, which may be a quoted key.
  const stop = scanner.runTo(offset);
  const frame = scanner.stack.at(-1);
  if ((stop !== 'inside' && stop !== 'quote') || frame?.kind !== 'map' || frame.key !== null) {
    return null;
  }
  let from = frame.tokenFrom;
  while (from < text.length && /\s/.test(text[from])) from++;
  if (offset < from) return null;
  const keyOf = (to: number, colon: number) =>
    text[colon] === ':' && offset <= to
      ? { path: frame.path, key: unquote(text.slice(from, to)), from, to }
      : null;
  if (text[from] === '"' || text[from] === "'") {
    const end = quotedEnd(text, from);
    return end < 0 ? null : keyOf(end, skipSpaces(text, end));
  }
  // A plain key: its colon must come before anything that ends an entry.
  for (let i = offset; i < text.length; i++) {
    const ch = text[i];
    if (ch === ':' && endsFlowKey(text[i + 1])) {
      const keyText = text.slice(from, i).trimEnd();
      return keyText === '' ? null : keyOf(from + keyText.length, i);
    }
    if (',{}[]#\n'.includes(ch)) return null;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The outline: each line's role

type LineRole =
  | {
      kind: 'structure';
      shape: Shape;
      /** where its value ends (past the line for a multi-line flow or quoted string) */ valueEnd: number;
    }
  | { kind: 'blank' }
  | {
      kind: 'blockScalar';
      /** the key the scalar is the value of (null for a sequence item `- |`) */
      key: string | null;
      /** content must be indented further than this column */
      ownerCol: number;
      /** false for the blank lines after the last content line (they may belong to what follows) */
      interior: boolean;
    }
  /** a line of a flow collection, quoted or plain scalar begun on line `startLine` */
  | { kind: 'continued'; startLine: number };

interface Outline {
  lines: Line[];
  roles: LineRole[];
}

/** The column a line's value is owned by: its key's, else its last dash's, else its indentation. */
const ownerColOf = (shape: Shape): number => shape.key?.from ?? shape.dashes.at(-1) ?? shape.indent;

/** Where the flow collection or quoted string starting at `start` ends, reading no further than `limit`. */
function constructEnd(text: string, start: number, limit: number, kind: ValueKind): number {
  if (kind === 'quoted') {
    const end = quotedEnd(text, start);
    return end < 0 || end > limit ? limit : end;
  }
  const scanner = flowScanner(text, start, []);
  scanner.runTo(limit);
  return scanner.closedAt() >= 0 ? scanner.closedAt() : limit;
}

function outline(text: string): Outline {
  const lines = splitLines(text);
  const roles: LineRole[] = [];
  /** Lines after `i` that are indented further than `ownerCol` (or blank): the value may span them. */
  const continuingLines = (i: number, ownerCol: number): { end: number; lastContent: number } => {
    let end = i + 1;
    let lastContent = i;
    while (end < lines.length) {
      const next = lines[end].text;
      if (isWhitespaceLine(next)) end++;
      else if (indentOf(next) > ownerCol) lastContent = end++;
      else break;
    }
    return { end, lastContent };
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const shape = shapeOf(line.text);
    if (isBlankShape(shape, line.text)) {
      roles.push({ kind: 'blank' });
      i++;
      continue;
    }
    const ownerCol = ownerColOf(shape);
    const lineEnd = line.from + line.text.length;
    if (shape.valueKind === 'block') {
      roles.push({ kind: 'structure', shape, valueEnd: lineEnd });
      const { end, lastContent } = continuingLines(i, ownerCol);
      const key = shape.key?.name ?? null;
      for (let k = i + 1; k < end; k++) {
        roles.push({ kind: 'blockScalar', key, ownerCol, interior: k <= lastContent });
      }
      i = end;
      continue;
    }
    if (shape.valueKind === 'flow' || shape.valueKind === 'quoted') {
      // A flow collection or quoted string may go on over lines indented further than its owner.
      const { lastContent } = continuingLines(i, ownerCol);
      const limit = lines[lastContent].from + lines[lastContent].text.length;
      const valueEnd = constructEnd(text, line.from + shape.valueCol, limit, shape.valueKind);
      roles.push({ kind: 'structure', shape, valueEnd });
      const startLine = i++;
      while (i < lines.length && lines[i].from < valueEnd) {
        roles.push({ kind: 'continued', startLine });
        i++;
      }
      continue;
    }
    // A plain scalar after a key or a dash goes on over the lines indented further (prose
    // wrapped onto the next line). A line with neither is not followed: it is often a key
    // being typed above the lines that will be its value.
    const plainValue =
      shape.valueKind === 'plain' && (shape.key !== null || shape.dashes.length > 0);
    const { lastContent } = plainValue ? continuingLines(i, ownerCol) : { lastContent: i };
    const valueEnd = lines[lastContent].from + lines[lastContent].text.length;
    roles.push({ kind: 'structure', shape, valueEnd });
    const startLine = i++;
    while (i <= lastContent) {
      roles.push({ kind: 'continued', startLine });
      i++;
    }
  }
  return { lines, roles };
}

// ---------------------------------------------------------------------------------------------
// The block structure: a stack of the mappings and sequences open at a line

interface MapFrame {
  kind: 'map';
  /** the column of its keys */
  col: number;
  path: PathPart[];
  keys: string[];
  /** deeper lines are this key's value (null while a key is being typed) */
  lastKey: string | null;
}

interface SeqFrame {
  kind: 'seq';
  /** the column of its dashes */
  col: number;
  path: PathPart[];
  /** items so far: the current one is count - 1 */
  count: number;
}

type Frame = MapFrame | SeqFrame;

/** The path of what a deeper line under `frame` belongs to: its last key's value, or its current item. */
function childPath(frame: Frame | undefined): PathPart[] {
  if (frame === undefined) return [];
  if (frame.kind === 'seq') return [...frame.path, frame.count - 1];
  return frame.lastKey === null ? frame.path : [...frame.path, frame.lastKey];
}

function popDeeperThan(stack: Frame[], col: number): void {
  while ((stack.at(-1)?.col ?? -1) > col) stack.pop();
}

/** A `- ` at `col`: the next item of the sequence there, or the first of a new one. Returns the item's path. */
function openItem(stack: Frame[], col: number): PathPart[] {
  popDeeperThan(stack, col);
  const top = stack.at(-1);
  if (top?.kind === 'seq' && top.col === col) {
    top.count++;
  } else {
    // A new sequence: the value of the last key (also at the key's own column, `key:\n- item`),
    // or the content of an empty item (`- - x`).
    stack.push({ kind: 'seq', col, path: childPath(top), count: 1 });
  }
  return childPath(stack.at(-1));
}

/** A key at `col` (null: one being typed): joins the mapping at that column or starts one. */
function placeKey(stack: Frame[], col: number, name: string | null): MapFrame {
  // A key at a sequence's column, not on a `- ` line, ends that sequence (`key:\n- a\nnext:`).
  for (let top = stack.at(-1); top !== undefined; top = stack.at(-1)) {
    if (top.col > col || (top.kind === 'seq' && top.col === col)) stack.pop();
    else break;
  }
  const top = stack.at(-1);
  let frame: MapFrame;
  if (top?.kind === 'map' && top.col === col) {
    frame = top;
  } else {
    frame = { kind: 'map', col, path: childPath(top), keys: [], lastKey: null };
    stack.push(frame);
  }
  if (name !== null) frame.keys.push(name);
  frame.lastKey = name;
  return frame;
}

/**
 * Feeds one structure line to the stack. Returns the mapping its key went into (if any) and
 * the path of the value that starts at the shape's valueCol.
 */
function feedLine(stack: Frame[], shape: Shape): { frame: MapFrame | null; valuePath: PathPart[] } {
  let itemPath: PathPart[] | null = null;
  for (const dash of shape.dashes) itemPath = openItem(stack, dash);
  if (shape.key !== null) {
    const frame = placeKey(stack, shape.key.from, shape.key.name);
    return { frame, valuePath: [...frame.path, shape.key.name] };
  }
  if (itemPath !== null) return { frame: null, valuePath: itemPath };
  // A value on a line of its own (a flow collection under its key, or a word typed with no
  // colon yet): it belongs to what is open above it.
  popDeeperThan(stack, shape.contentCol);
  return { frame: null, valuePath: childPath(stack.at(-1)) };
}

/** The stack after the structure lines before line `end`. */
function replay(doc: Outline, end: number): Frame[] {
  const stack: Frame[] = [];
  for (let i = 0; i < end; i++) {
    const role = doc.roles[i];
    if (role.kind === 'structure') feedLine(stack, role.shape);
  }
  return stack;
}

/** Feeds the lines after `line` while `frame` is open, so that it collects the keys below the cursor too. */
function collectLaterKeys(doc: Outline, line: number, stack: Frame[], frame: MapFrame): void {
  for (let i = line + 1; i < doc.lines.length && stack.includes(frame); i++) {
    const role = doc.roles[i];
    if (role.kind === 'structure') feedLine(stack, role.shape);
  }
}

// ---------------------------------------------------------------------------------------------
// The questions

interface Position {
  doc: Outline;
  index: number;
  line: Line;
  role: LineRole;
  /** column of the offset in its line (clamped into the line's text) */
  col: number;
  offset: number;
}

function positionOf(text: string, offset: number): Position {
  const doc = outline(text);
  const index = lineIndexAt(doc.lines, Math.max(0, Math.min(offset, text.length)));
  const line = doc.lines[index];
  const col = Math.max(0, Math.min(offset - line.from, line.text.length));
  return { doc, index, line, role: doc.roles[index], col, offset: line.from + col };
}

/** Inside a block scalar's text: any line of its content, or a blank line after it indented into it. */
function inBlockScalar(
  role: LineRole,
  col: number,
): role is Extract<LineRole, { kind: 'blockScalar' }> {
  return role.kind === 'blockScalar' && (role.interior || col > role.ownerCol);
}

/** True when `offset` is inside the content of a block scalar whose key is `key` (e.g. 'statements'), for ksqlDB completion. */
export function inBlockScalarOf(text: string, offset: number, key: string): boolean {
  const { role, col } = positionOf(text, offset);
  return inBlockScalar(role, col) && role.key === key;
}

/**
 * null inside a comment, inside a block scalar's content (e.g. under `statements: |`), or inside a quoted string.
 * Also null where nothing can be typed: right after a `|` or `>` indicator, after a flow
 * collection's closing bracket, and in prose wrapped onto the lines after its key.
 * A `- ` item is answered as position 'key' (path ending with its index): in a list of
 * scalars (assignors, expect) the schema has no keys there, and valueCompletions(path) has the
 * item's values.
 */
export function yamlCursorAt(text: string, offset: number): YamlCursor | null {
  const at = positionOf(text, offset);
  const { doc, index, line, role, col } = at;
  if (inBlockScalar(role, col)) return null;
  if (role.kind === 'continued') {
    // Inside a flow collection (or quoted string) begun on an earlier line.
    const startRole = doc.roles[role.startLine];
    if (startRole.kind !== 'structure' || startRole.shape.valueKind !== 'flow') return null;
    const { valuePath } = feedLine(replay(doc, role.startLine), startRole.shape);
    const start = doc.lines[role.startLine].from + startRole.shape.valueCol;
    return flowCursor(text, start, at.offset, valuePath, startRole.valueEnd);
  }
  const valueEnd = role.kind === 'structure' ? role.valueEnd : line.from + line.text.length;

  // Only what is before the cursor decides: a key is complete once its colon is typed.
  const head = line.text.slice(0, col);
  const shape = shapeOf(head, true);
  const stack = replay(doc, index);
  const startsComment = (s: string): boolean => /(^|[ \t])#/.test(s);

  if (shape.key !== null) {
    const { valuePath } = feedLine(stack, shape);
    const value = head.slice(shape.valueCol);
    const valueFrom = line.from + shape.valueCol;
    if (shape.valueKind === 'flow')
      return flowCursor(text, valueFrom, at.offset, valuePath, valueEnd);
    // After `|` or `>` nothing is typed on the line: the value is the lines below.
    if (shape.valueKind === 'quoted' || shape.valueKind === 'block' || startsComment(value)) {
      return null;
    }
    return { path: valuePath, position: 'value', prefix: value, from: valueFrom, siblings: [] };
  }

  const rest = head.slice(shape.contentCol);
  const restFrom = line.from + shape.contentCol;
  if (shape.valueKind === 'flow') {
    const { valuePath } = feedLine(stack, shape);
    return flowCursor(text, restFrom, at.offset, valuePath, valueEnd);
  }
  if (shape.valueKind === 'quoted' || startsComment(rest)) return null;
  // A key being typed (or, in a list of scalars, an item: the schema tells which).
  for (const dash of shape.dashes) openItem(stack, dash);
  // Deeper lines below are the value of the key being typed: under its path, not its siblings.
  const frame = placeKey(stack, shape.contentCol, null);
  collectLaterKeys(doc, index, stack, frame);
  return {
    path: frame.path,
    position: 'key',
    prefix: rest,
    from: restFrom,
    siblings: [...frame.keys],
  };
}

/** The key under `offset` (hover): the key's text, its parent path, and its span. null if not on a key. */
export function yamlKeyAt(
  text: string,
  offset: number,
): { path: PathPart[]; key: string; from: number; to: number } | null {
  const { doc, index, line, role, col } = positionOf(text, offset);
  if (role.kind === 'continued') {
    const startRole = doc.roles[role.startLine];
    if (startRole.kind !== 'structure' || startRole.shape.valueKind !== 'flow') return null;
    const { valuePath } = feedLine(replay(doc, role.startLine), startRole.shape);
    const start = doc.lines[role.startLine].from + startRole.shape.valueCol;
    return flowKeyAt(text, start, offset, valuePath);
  }
  if (role.kind !== 'structure') return null;
  const { shape } = role;
  const { frame, valuePath } = feedLine(replay(doc, index), shape);
  if (shape.key !== null && frame !== null && col >= shape.key.from && col <= shape.key.to) {
    const from = line.from + shape.key.from;
    return { path: frame.path, key: shape.key.name, from, to: line.from + shape.key.to };
  }
  if (shape.valueKind === 'flow' && col > shape.valueCol) {
    return flowKeyAt(text, line.from + shape.valueCol, line.from + col, valuePath);
  }
  return null;
}
