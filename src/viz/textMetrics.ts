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

/** One character's width in em. */
function charEm(ch: string): number {
  return NARROW_CHARS.has(ch) ? 0.32 : 0.62;
}

const ELLIPSIS_EM = charEm('…');

/** The narrow characters by UTF-16 code unit (all of them are single code units). */
const NARROW_CODES = new Set([...NARROW_CHARS].map((ch) => ch.charCodeAt(0)));

/**
 * Width of a label in DejaVu Sans, a little more closely than `estimateTextWidth`. Every
 * character (a code point: a surrogate pair is one) counts as `charEm` says; read by code
 * unit, as the layout measures every label of the picture in every frame.
 */
export function labelTextWidth(text: string, fontPx: number): number {
  // Summed in order, as `charEm` per character would: the same float to the last bit.
  let em = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (NARROW_CODES.has(code)) em += 0.32;
    else {
      em += 0.62;
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
    }
  }
  return em * fontPx;
}

/**
 * The longest start of `text` (whole characters, at least one) that fits `width` at `fontPx`
 * with `reserveEm` after it. One pass: the cut used to be found by re-measuring the whole
 * string after each removed character, which made a 2,000-character label cost millions of
 * steps every frame.
 */
export function fittingStart(text: string, width: number, fontPx: number, reserveEm = 0): string {
  let em = 0;
  let end = 0;
  for (const ch of text) {
    em += charEm(ch);
    if (end > 0 && (em + reserveEm) * fontPx > width) break;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** `text` if it fits `width` at `fontPx`, else cut to fit with "…" (the full text goes in a label). */
export function fitText(text: string, width: number, fontPx: number): string {
  if (labelTextWidth(text, fontPx) <= width) return text;
  return `${fittingStart(text, width, fontPx, ELLIPSIS_EM).trimEnd()}…`;
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
  const headRoom = width - (ELLIPSIS_EM * fontPx + labelTextWidth(end, fontPx));
  const whole = text.slice(0, text.length - end.length);
  const head = fittingStart(whole, headRoom, fontPx);
  if (head.length >= 3 && labelTextWidth(head, fontPx) <= headRoom) return `${head}…${end}`;
  // No room for a beginning: the longest end that fits (the partition number stays).
  return `…${fittingEnd(text.slice(-end.length), width - ELLIPSIS_EM * fontPx, fontPx)}`;
}

/** The longest end of `text` (whole characters, at least one) that fits `width` at `fontPx`. */
function fittingEnd(text: string, width: number, fontPx: number): string {
  const chars = [...text];
  let em = 0;
  let start = chars.length;
  while (start > 0) {
    const next = em + charEm(chars[start - 1]);
    if (start < chars.length && next * fontPx > width) break;
    em = next;
    start--;
  }
  return chars.slice(start).join('');
}
