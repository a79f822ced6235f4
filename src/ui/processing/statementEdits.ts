/**
 * Rewrites of a ksqlDB script for the query panel's knobs: the window's SIZE and GRACE
 * PERIOD, EMIT CHANGES / FINAL, `SET` lines, and the slide's CREATE STREAM → CREATE TABLE.
 * Each changes only the characters it must, so the rest of the person's text (line breaks,
 * case, comments) stays as they wrote it. Clause grammar as in ksqlDB's SqlBase.g4:
 * `WINDOW TUMBLING (SIZE n unit [, RETENTION n unit] [, GRACE PERIOD n unit])`, EMIT last.
 */

/** One statement of a script: its characters [start, end), `;` included when there is one. */
export interface StatementSpan {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The script's statements, split at `;` outside quoted strings, back-quoted names and
 * comments. Each span starts at its first non-blank character (comments before it included).
 */
export function splitStatements(script: string): StatementSpan[] {
  const spans: StatementSpan[] = [];
  let start = -1;
  let i = 0;
  const open = () => {
    if (start < 0) start = i;
  };
  while (i < script.length) {
    const c = script[i];
    if (c === "'" || c === '`' || c === '"') {
      open();
      const close = script.indexOf(c, i + 1);
      i = close < 0 ? script.length : close + 1;
    } else if (c === '-' && script[i + 1] === '-') {
      open();
      const nl = script.indexOf('\n', i);
      i = nl < 0 ? script.length : nl + 1;
    } else if (c === '/' && script[i + 1] === '*') {
      open();
      const close = script.indexOf('*/', i + 2);
      i = close < 0 ? script.length : close + 2;
    } else if (c === ';') {
      open();
      spans.push({ start, end: i + 1, text: script.slice(start, i + 1) });
      start = -1;
      i++;
    } else {
      if (!/\s/.test(c)) open();
      i++;
    }
  }
  if (start >= 0) {
    const text = script.slice(start).trimEnd();
    spans.push({ start, end: start + text.length, text });
  }
  return spans;
}

const AS_SELECT =
  /^(?:\s*(?:--[^\n]*\n|\/\*[\s\S]*?\*\/))*\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:STREAM|TABLE)\b[\s\S]*?\bAS\s+SELECT\b/i;

/** Whether a statement is a persistent query (CREATE STREAM / TABLE … AS SELECT). */
export function isPersistentQuery(statement: string): boolean {
  return AS_SELECT.test(statement);
}

/**
 * The script with the `queryIndex`-th persistent query's statement rewritten by `edit` (ksqlDB
 * numbers an application's queries in statement order); the script unchanged when it has none.
 */
export function editQueryStatement(
  script: string,
  queryIndex: number,
  edit: (statement: string) => string,
): string {
  const span = splitStatements(script).filter((s) => isPersistentQuery(s.text))[queryIndex];
  if (span === undefined) return script;
  return script.slice(0, span.start) + edit(span.text) + script.slice(span.end);
}

/** A duration in ksqlDB's words, in the largest unit that divides it: "5 MINUTES", "1 SECOND". */
export function durationText(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'DAY'],
    [3_600_000, 'HOUR'],
    [60_000, 'MINUTE'],
    [1000, 'SECOND'],
  ];
  for (const [size, unit] of units)
    if (ms > 0 && ms % size === 0) {
      const n = ms / size;
      return `${n} ${unit}${n === 1 ? '' : 'S'}`;
    }
  return `${ms} MILLISECOND${ms === 1 ? '' : 'S'}`;
}

/** Where a statement's WINDOW clause's parentheses hold its items: [open + 1, close). */
function windowBody(statement: string): { kind: string; from: number; to: number } | null {
  const m = /\bWINDOW\s+(TUMBLING|HOPPING|SESSION)\s*\(/i.exec(statement);
  if (m === null) return null;
  const from = m.index + m[0].length;
  const to = statement.indexOf(')', from);
  return to < 0 ? null : { kind: m[1].toUpperCase(), from, to };
}

/** Rewrites the items of the WINDOW clause (split at commas, each with its own spacing). */
function editWindowItems(statement: string, edit: (items: string[]) => string[]): string {
  const w = windowBody(statement);
  if (w === null) return statement;
  const items = edit(statement.slice(w.from, w.to).split(','));
  return statement.slice(0, w.from) + items.join(',') + statement.slice(w.to);
}

/** The window's kind (TUMBLING, HOPPING, SESSION), or null without a WINDOW clause. */
export function windowKindOf(statement: string): string | null {
  return windowBody(statement)?.kind ?? null;
}

/** `SIZE …` of a TUMBLING or HOPPING window set to `duration` ("1 MINUTE"). */
export function setWindowSize(statement: string, duration: string): string {
  return editWindowItems(statement, (items) =>
    items.map((item) => item.replace(/^(\s*SIZE\s+)[\s\S]*?(\s*)$/i, `$1${duration}$2`)),
  );
}

/** The window's `GRACE PERIOD` set to `duration`, added when missing, or removed (null). */
export function setGracePeriod(statement: string, duration: string | null): string {
  return editWindowItems(statement, (items) => {
    const at = items.findIndex((item) => /^\s*GRACE\s+PERIOD\b/i.test(item));
    if (duration === null) return at < 0 ? items : items.filter((_, i) => i !== at);
    if (at >= 0)
      return items.map((item, i) =>
        i === at ? item.replace(/^(\s*GRACE\s+PERIOD\s+)[\s\S]*?(\s*)$/i, `$1${duration}$2`) : item,
      );
    const last = items.length - 1;
    const trailing = /\s*$/.exec(items[last])![0];
    return [
      ...items.slice(0, last),
      items[last].slice(0, items[last].length - trailing.length),
      ` GRACE PERIOD ${duration}${trailing}`,
    ];
  });
}

/** The statement's EMIT set to `mode`: its EMIT clause changed, or one added before the `;`. */
export function setEmit(statement: string, mode: 'CHANGES' | 'FINAL'): string {
  const existing = /(\bEMIT\s+)(CHANGES|FINAL)\b/i;
  if (existing.test(statement)) return statement.replace(existing, `$1${mode}`);
  const m = /\s*;?\s*$/.exec(statement)!;
  return `${statement.slice(0, m.index)} EMIT ${mode};`;
}

const SET_LINE = /^SET\s+'([^']*)'\s*=\s*'([^']*)'\s*;?$/i;

/** The script's `SET 'name'='value';` lines, in order. */
export function propertiesOf(script: string): { name: string; value: string }[] {
  return splitStatements(script).flatMap((s) => {
    const m = SET_LINE.exec(s.text.trim());
    return m === null ? [] : [{ name: m[1], value: m[2] }];
  });
}

/**
 * The script with property `names[0]` set to `value`: the first SET of any of `names` (a
 * property and its aliases, `ksql.streams.` prefixed or not) rewritten, the others removed;
 * a new SET line after the other SET lines when there was none; all removed when `value` is
 * null (the default applies).
 */
export function setProperty(
  script: string,
  names: readonly string[],
  value: string | null,
): string {
  const wanted = new Set(
    names.flatMap((n) => [n.toLowerCase(), `ksql.streams.${n}`.toLowerCase()]),
  );
  const spans = splitStatements(script);
  const sets = spans.filter((s) => {
    const m = SET_LINE.exec(s.text.trim());
    return m !== null && wanted.has(m[1].toLowerCase());
  });
  const line = `SET '${names[0]}'='${value}';`;
  let out = script;
  // From the last, so earlier offsets stay valid.
  for (let i = sets.length - 1; i >= 0; i--) {
    const s = sets[i];
    if (i === 0 && value !== null) out = out.slice(0, s.start) + line + out.slice(s.end);
    else out = out.slice(0, s.start) + out.slice(s.end).replace(/^[ \t]*\r?\n/, '');
  }
  if (sets.length === 0 && value !== null) {
    // After the SET lines already there, before the first statement they configure.
    const first = spans.find((s) => SET_LINE.exec(s.text.trim()) === null)?.start ?? script.length;
    const lineStart = script.lastIndexOf('\n', first - 1) + 1;
    out = `${script.slice(0, lineStart)}${line}\n${script.slice(lineStart)}`;
  }
  return out;
}

/**
 * The slide's `CREATE STREAM` rewritten to `CREATE TABLE` at `offset` (where ksqlDB reports
 * "Your SELECT query produces a TABLE"), or null if no CREATE STREAM starts there.
 */
export function createStreamToTable(script: string, offset: number): string | null {
  const m = /^(CREATE\s+(?:OR\s+REPLACE\s+)?)(STREAM)\b/i.exec(script.slice(offset));
  if (m === null) return null;
  const table = m[2] === 'stream' ? 'table' : 'TABLE';
  const at = offset + m[1].length;
  return script.slice(0, at) + table + script.slice(at + m[2].length);
}

/** The talk's slide, verbatim: a CREATE STREAM over a GROUP BY, which ksqlDB refuses. */
export const SLIDE_STATEMENT =
  'CREATE STREAM possible_fraud AS SELECT card_number, count(*) FROM authorization_attempts\n' +
  '  WINDOW TUMBLING (SIZE 5 MINUTES) GROUP BY card_number HAVING count(*) > 3;';

/**
 * The script with its persistent queries replaced by the slide's statement: the SET lines and
 * source declarations (CREATE STREAM … WITH (KAFKA_TOPIC=…)) stay, so the slide reads them.
 */
export function withSlideStatement(script: string): string {
  const kept = splitStatements(script)
    .filter((s) => !isPersistentQuery(s.text))
    .map((s) => s.text);
  return `${[...kept, SLIDE_STATEMENT].join('\n')}\n`;
}
