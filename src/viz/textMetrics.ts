/** Text widths for layout, without a DOM: DejaVu Sans (the pinned font) by character class. */

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
