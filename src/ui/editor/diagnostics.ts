import type { ScenarioProblem } from '../../scenario';

/** A problem's place in the editor's text ("\n" line breaks): the word it points at. */
export interface ProblemRange {
  from: number;
  to: number;
}

const WORD = /[\w$.-]/;

/**
 * Where a problem with a 1-based line and column sits in `text`: from its column to the end
 * of the word there (or the rest of the line when it points at a space or punctuation, or at
 * the line's start with no column), so the squiggle covers what is wrong. A line or column
 * past the end is clamped into the text. Null for a problem with no line (the file as a whole).
 */
export function problemRange(text: string, problem: ScenarioProblem): ProblemRange | null {
  if (problem.line === undefined) return null;
  let start = 0;
  for (let l = 1; l < Math.max(1, Math.floor(problem.line)); l++) {
    const next = text.indexOf('\n', start);
    if (next < 0) return { from: text.length, to: text.length };
    start = next + 1;
  }
  const newline = text.indexOf('\n', start);
  const lineEnd = newline < 0 ? text.length : newline;
  if (problem.column === undefined) {
    const indent = /^\s*/.exec(text.slice(start, lineEnd))![0].length;
    return { from: Math.min(start + indent, lineEnd), to: lineEnd };
  }
  const from = Math.min(start + Math.max(0, Math.floor(problem.column) - 1), lineEnd);
  let to = from;
  while (to < lineEnd && WORD.test(text[to])) to++;
  return { from, to: to > from ? to : lineEnd };
}

/** What the squiggle's tooltip says: the field's path and the message (the place is where it is). */
export function problemMessage(problem: ScenarioProblem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}
