/**
 * Its own module (no imports): the page checks a served built-in file against the fingerprint
 * it was compiled from before the engine has loaded.
 */

/** A short fingerprint of a text (FNV-1a over its UTF-16 units, and its length). */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `${text.length.toString(36)}-${h.toString(36)}`;
}
