/**
 * How long a caption needs on screen: its words read at 200 words a minute, and never less
 * than 3 s (a short line still needs the eye to find it). Playback holds a caption at least
 * this long at any speed.
 */
export const READING_WORDS_PER_MINUTE = 200;
export const MIN_READING_MS = 3000;

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}

export function readingTimeMs(text: string): number {
  return Math.max(MIN_READING_MS, Math.ceil((wordCount(text) * 60_000) / READING_WORDS_PER_MINUTE));
}
