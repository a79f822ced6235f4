import type { ScenarioProblem } from '../scenario';

/**
 * Pure helpers for the scenario editor: line endings, positions and the words for problems.
 * The editor (CodeMirror) holds its text with "\n" line breaks whatever it was given, so it
 * shows `toDisplayText(draft)` and stores `withLineEndingsOf(typed, draft)`: a file written
 * with CRLF stays CRLF, byte for byte where it was not edited.
 */

/** The text as the editor holds it: every line break "\n". */
export function toDisplayText(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** `typed` (from the editor) with the line breaks `original` uses (CRLF if its first is). */
export function withLineEndingsOf(typed: string, original: string): string {
  const first = original.indexOf('\n');
  return first > 0 && original[first - 1] === '\r' ? typed.replace(/\r?\n/g, '\r\n') : typed;
}

/**
 * The offset in `text` ("\n" line breaks) of 1-based `line` and `column`, clamped into the
 * text: a line past the end goes to the end, a column past its line to the line's end.
 */
export function offsetOf(text: string, line: number, column = 1): number {
  let start = 0;
  for (let l = 1; l < Math.max(1, Math.floor(line)); l++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return text.length;
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  const lineEnd = end < 0 ? text.length : end;
  return Math.min(start + Math.max(0, Math.floor(column) - 1), lineEnd);
}

/** `line 12, column 7: steps[3].produce.producer: no producer "chekout" — did you mean …` */
export function describeProblem(p: ScenarioProblem): string {
  const where =
    p.line === undefined
      ? ''
      : `line ${p.line}${p.column === undefined ? '' : `, column ${p.column}`}: `;
  return `${where}${p.path === '' ? '' : `${p.path}: `}${p.message}`;
}

export function problemSummary(count: number): string {
  return count === 0 ? 'No problems' : count === 1 ? '1 problem' : `${count} problems`;
}

/** The file a download holds: the text as UTF-8, nothing added (no byte order mark). */
export function scenarioBlob(text: string, fileName: string): Blob {
  const type = /\.json$/i.test(fileName) ? 'application/json' : 'text/yaml';
  return new Blob([text], { type });
}

/** "12 March 2031, 14:05" in the reader's locale. */
export function formatSavedAt(savedAt: number, locale?: string): string {
  return new Date(savedAt).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}
