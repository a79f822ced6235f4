/** Text widths for layout, without a DOM: DejaVu Sans (the pinned font) by character class. */

/**
 * The smallest text a room's picture draws (presenter mode, embeds), before the stage scales
 * it: at the scale a 1280×720 projector fits the densest lesson at (about 1.1), it reads at
 * 16 px. The stylesheet (presenter.css, `svg.cluster.room`) draws the same sizes.
 */
export const ROOM_MIN_TEXT_PX = 15;

/** A room's names (brokers, clients, groups, partition logs): 20 px on screen at that scale. */
export const ROOM_NAME_PX = 19;

/** A name's font size as the picture draws it (a room's are `ROOM_NAME_PX`). */
export function namePx(px: number, room: boolean): number {
  return room ? ROOM_NAME_PX : px;
}

/** A font size as the picture draws it: a room's never under `ROOM_MIN_TEXT_PX`. */
export function textPx(px: number, room: boolean): number {
  return room ? Math.max(px, ROOM_MIN_TEXT_PX) : px;
}

/** Width of text in DejaVu Sans at `fontPx`, roughly (0.62 em per character). */
export function estimateTextWidth(text: string, fontPx: number): number {
  return text.length * fontPx * 0.62;
}

/** Spaces, dots, commas and the like are about half as wide as letters and digits in DejaVu Sans. */
const NARROW_CHARS = new Set([..." ·,.:;|ilI!'-"]);

/** Width of a label in DejaVu Sans, a little more closely than `estimateTextWidth`. */
export function labelTextWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const ch of text) em += NARROW_CHARS.has(ch) ? 0.32 : 0.62;
  return em * fontPx;
}

/** `text` if it fits `width` at `fontPx`, else cut to fit with "…" (the full text goes in a label). */
export function fitText(text: string, width: number, fontPx: number): string {
  if (labelTextWidth(text, fontPx) <= width) return text;
  let cut = text;
  while (cut.length > 1 && labelTextWidth(`${cut}…`, fontPx) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/**
 * `text` if it fits, else cut in the middle with "…", keeping its end (a partition's number and
 * the tail of a long name: `_confluent-ks…-changelog-3`), which tells rows apart better than
 * their shared beginning. With no room for a beginning, the longest end that fits.
 */
export function fitTextMiddle(text: string, width: number, fontPx: number, keepEnd = 14): string {
  if (labelTextWidth(text, fontPx) <= width) return text;
  const last = text.slice(-Math.min(keepEnd, text.length - 1));
  // Start the kept end at a word boundary ("-changelog-3", not "ze-changelog-3").
  const boundary = last.search(/[-_.]/);
  const end = boundary > 0 ? last.slice(boundary) : last;
  let head = text.slice(0, text.length - end.length);
  while (head.length > 0 && labelTextWidth(`${head}…${end}`, fontPx) > width)
    head = head.slice(0, -1);
  if (head.length >= 3) return `${head}…${end}`;
  // No room for a beginning: the longest end that fits (the partition number stays).
  let tail = text.slice(-end.length);
  while (tail.length > 1 && labelTextWidth(`…${tail}`, fontPx) > width) tail = tail.slice(1);
  return `…${tail}`;
}
