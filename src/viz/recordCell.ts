import type { LogRecord } from '../engine';
import { labelTextWidth, textPx } from './textMetrics';

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
export type CellFonts = { readonly [K in keyof typeof CELL_FONTS]: number };

/** The cell fonts a picture draws: a room's are at least `ROOM_MIN_TEXT_PX`. */
export function cellFonts(room: boolean): CellFonts {
  return room ? ROOM_CELL_FONTS : CELL_FONTS;
}
const ROOM_CELL_FONTS: CellFonts = {
  offsetPx: textPx(CELL_FONTS.offsetPx, true),
  keyPx: textPx(CELL_FONTS.keyPx, true),
  valuePx: textPx(CELL_FONTS.valuePx, true),
  keylessValuePx: textPx(CELL_FONTS.keylessValuePx, true),
};
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
export function cellText(
  record: LogRecord,
  cellWidth: number,
  tall: boolean,
  fonts: CellFonts = CELL_FONTS,
): CellText {
  const room = cellWidth - 2 * CELL_PAD;
  const offset = String(record.offset);
  const value = record.value ?? 'null';
  if (tall) {
    const mono = (t: string) => monoWidth(t, fonts.valuePx);
    const [first, second] = mono(value) <= room ? [value, ''] : wrapValue(value);
    return {
      offset,
      main: fit(record.key ?? '∅', room, (t) => boldWidth(t, fonts.keyPx)),
      mainKind: 'key',
      value: fit(first, room, mono),
      value2: second === '' ? '' : fit(second, room, mono),
    };
  }
  if (record.key === null)
    return {
      offset,
      main: fit(value, room, (t) => boldWidth(t, fonts.keylessValuePx)),
      mainKind: 'value',
      value: '',
      value2: '',
    };
  const besideOffset = room - monoWidth(offset, fonts.offsetPx) - 6;
  const fullValue = monoWidth(value, fonts.valuePx) <= besideOffset ? value : '';
  return {
    offset,
    main: fit(record.key, room, (t) => boldWidth(t, fonts.keyPx)),
    mainKind: 'key',
    value: fullValue,
    value2: '',
  };
}

/**
 * The narrowest cell: 44 px, or what keeps a counter's last three digits ("…180") readable at
 * the fonts drawn (a room's larger text).
 */
export function minCellWidth(fonts: CellFonts = CELL_FONTS, desk = 44): number {
  return Math.max(desk, Math.ceil(boldWidth('…000', fonts.keylessValuePx) + 2 * CELL_PAD));
}

/**
 * The width a two-line cell needs for what a room must read: a key in full (the keys lesson
 * is about them), a keyless value in full unless it is a counter ("app-180" reads as "…180").
 */
export function cellEssentialWidth(record: LogRecord, fonts: CellFonts = CELL_FONTS): number {
  const offset = monoWidth(String(record.offset), fonts.offsetPx);
  const value = record.value ?? 'null';
  const counter = /^(.*[-_:. ])(\d+)$/.exec(value);
  const main =
    record.key !== null
      ? boldWidth(record.key, fonts.keyPx)
      : boldWidth(counter === null ? value : `…${counter[2]}`, fonts.keylessValuePx);
  return Math.ceil(Math.max(offset, main) + 2 * CELL_PAD);
}

/** The width a record's cell needs to show all of its text (see `cellText`). */
/**
 * Measured widths by fonts, then record (short and tall cells): a strip sizes its cells from
 * its newest records in every frame, and a record never changes, so each is measured once.
 */
const contentWidths = new WeakMap<CellFonts, WeakMap<LogRecord, [number, number]>>();

export function cellContentWidth(
  record: LogRecord,
  tall: boolean,
  fonts: CellFonts = CELL_FONTS,
): number {
  let byRecord = contentWidths.get(fonts);
  if (byRecord === undefined) contentWidths.set(fonts, (byRecord = new WeakMap()));
  let widths = byRecord.get(record);
  if (widths === undefined) byRecord.set(record, (widths = [NaN, NaN]));
  const at = tall ? 1 : 0;
  if (Number.isNaN(widths[at])) widths[at] = measureCellContent(record, tall, fonts);
  return widths[at];
}

function measureCellContent(record: LogRecord, tall: boolean, fonts: CellFonts): number {
  const value = record.value ?? 'null';
  const offset = monoWidth(String(record.offset), fonts.offsetPx);
  let widest: number;
  if (tall)
    widest = Math.max(
      offset,
      boldWidth(record.key ?? '∅', fonts.keyPx),
      ...wrapValue(value).map((line) => monoWidth(line, fonts.valuePx)),
    );
  else if (record.key === null) widest = Math.max(offset, boldWidth(value, fonts.keylessValuePx));
  else
    widest = Math.max(
      boldWidth(record.key, fonts.keyPx),
      offset + 6 + monoWidth(value, fonts.valuePx),
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
