import type { LogRecord } from '../engine';
import { labelTextWidth } from './textMetrics';

/**
 * What a record cell says, and how wide it wants to be. A cluster-view cell (two lines) shows
 * its offset and, on the second line, the key, or the value when there is no key (lesson 1's
 * "signed up" is the whole point of the record); a keyed record's value follows its offset on
 * the first line when it fits. A log-view cell (four lines) shows offset, key and the value,
 * wrapped onto a second line at a space when that keeps the cell narrower.
 * Text that does not fit is shortened with "…"; the full record is in the tooltip and the
 * inspector.
 */

/** Fonts of the cell's lines (see logs.css): offsets and values monospace, keys bold. */
export const CELL_FONTS = { offsetPx: 12, keyPx: 13, valuePx: 12, keylessValuePx: 12 } as const;
/** Inner padding left and right of a cell's text. */
const CELL_PAD = 4;
/** DejaVu Sans Mono advances 0.6 em per character. */
const MONO_EM = 0.6;
/** Bold DejaVu Sans is about a tenth wider than regular. */
const BOLD = 1.1;

export function monoWidth(text: string, fontPx: number): number {
  return [...text].length * fontPx * MONO_EM;
}

function boldWidth(text: string, fontPx: number): number {
  return labelTextWidth(text, fontPx) * BOLD;
}

export interface CellText {
  offset: string;
  /** Second line: the key ("∅" when null and the cell is tall), or a keyless record's value. */
  main: string;
  /** 'key' or 'value': how the second line is styled. */
  mainKind: 'key' | 'value';
  /** A keyed record's value beside the offset (two-line cells), or the third line (tall cells). */
  value: string;
  /** Tall cells: the rest of a value wrapped at a space ("signed up" / "again"), else ''. */
  value2: string;
}

/**
 * A value in at most two lines, split at the space that makes the longer line shortest
 * ("signed up again" → "signed up", "again"); short or unbroken values stay on one line.
 */
export function wrapValue(value: string): [string, string] {
  if (value.length <= 8) return [value, ''];
  let best: [string, string] = [value, ''];
  let bestLength = value.length;
  for (let i = value.indexOf(' '); i !== -1; i = value.indexOf(' ', i + 1)) {
    const first = value.slice(0, i).trimEnd();
    const second = value.slice(i + 1).trimStart();
    const longer = Math.max(first.length, second.length);
    if (first !== '' && second !== '' && longer < bestLength) {
      best = [first, second];
      bestLength = longer;
    }
  }
  return best;
}

/** True for the log view's taller cells, which have a line for the value. */
export function isTallCell(cellHeight: number): boolean {
  return cellHeight >= 50;
}

/** The text a record's cell shows at this width. */
export function cellText(record: LogRecord, cellWidth: number, tall: boolean): CellText {
  const room = cellWidth - 2 * CELL_PAD;
  const offset = String(record.offset);
  const value = record.value ?? 'null';
  if (tall) {
    const mono = (t: string) => monoWidth(t, CELL_FONTS.valuePx);
    const [first, second] = mono(value) <= room ? [value, ''] : wrapValue(value);
    return {
      offset,
      main: fit(record.key ?? '∅', room, (t) => boldWidth(t, CELL_FONTS.keyPx)),
      mainKind: 'key',
      value: fit(first, room, mono),
      value2: second === '' ? '' : fit(second, room, mono),
    };
  }
  if (record.key === null)
    return {
      offset,
      main: fit(value, room, (t) => boldWidth(t, CELL_FONTS.keylessValuePx)),
      mainKind: 'value',
      value: '',
      value2: '',
    };
  const besideOffset = room - monoWidth(offset, CELL_FONTS.offsetPx) - 6;
  const fullValue = monoWidth(value, CELL_FONTS.valuePx) <= besideOffset ? value : '';
  return {
    offset,
    main: fit(record.key, room, (t) => boldWidth(t, CELL_FONTS.keyPx)),
    mainKind: 'key',
    value: fullValue,
    value2: '',
  };
}

/** The width a record's cell needs to show all of its text (see `cellText`). */
export function cellContentWidth(record: LogRecord, tall: boolean): number {
  const value = record.value ?? 'null';
  const offset = monoWidth(String(record.offset), CELL_FONTS.offsetPx);
  let widest: number;
  if (tall)
    widest = Math.max(
      offset,
      boldWidth(record.key ?? '∅', CELL_FONTS.keyPx),
      ...wrapValue(value).map((line) => monoWidth(line, CELL_FONTS.valuePx)),
    );
  else if (record.key === null)
    widest = Math.max(offset, boldWidth(value, CELL_FONTS.keylessValuePx));
  else
    widest = Math.max(
      boldWidth(record.key, CELL_FONTS.keyPx),
      offset + 6 + monoWidth(value, CELL_FONTS.valuePx),
    );
  return Math.ceil(widest + 2 * CELL_PAD);
}

/**
 * `text` if it fits in `room` px, else shortened with "…": a counter-like value ("app-17")
 * keeps its end, which shows the order; anything else keeps its start ("signed…").
 */
export function fit(text: string, room: number, measure: (t: string) => number): string {
  if (measure(text) <= room) return text;
  const chars = [...text];
  const counter = /^(.*[-_:. ])(\d+)$/.exec(text);
  if (counter !== null) {
    const tail = `…${counter[2]}`;
    if (measure(tail) <= room) return tail;
  }
  for (let n = chars.length - 1; n > 0; n--) {
    const head = `${chars.slice(0, n).join('').trimEnd()}…`;
    if (measure(head) <= room) return head;
  }
  return '…';
}

/** Key, value and headers in full, one per line: the cell's tooltip. */
export function recordDetailLines(record: LogRecord): string[] {
  const lines = [
    `offset ${record.offset}`,
    record.key === null ? 'no key' : `key ${record.key}`,
    record.value === null ? 'value null (tombstone)' : `value ${record.value}`,
  ];
  if (record.headers.length > 0)
    lines.push(`headers ${record.headers.map(([n, v]) => `${n}=${v}`).join(', ')}`);
  lines.push(`from ${record.producer} at ${record.timestampMs} ms`);
  return lines;
}
