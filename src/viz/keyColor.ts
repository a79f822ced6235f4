/**
 * A record key's colour: one of KEY_COLOR_COUNT palette slots (CSS classes `key-0` …, themed
 * for light and dark), picked by hashing the key so a key keeps its colour in every partition,
 * at every moment and across runs. Null keys get their own neutral class. Colour is never the
 * only cue: cells always carry the key's text too.
 */
export const KEY_COLOR_COUNT = 10;

/** FNV-1a over UTF-16 code units; stable and cheap. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function keyColorIndex(key: string): number {
  return fnv1a(key) % KEY_COLOR_COUNT;
}

export function keyColorClass(key: string | null): string {
  return key === null ? 'key-null' : `key-${keyColorIndex(key)}`;
}

/** How a key reads on screen: null keys as "∅", long keys shortened with an ellipsis. */
export function keyLabel(key: string | null, maxChars = 6): string {
  if (key === null) return '∅';
  return key.length <= maxChars ? key : `${key.slice(0, maxChars - 1)}…`;
}
