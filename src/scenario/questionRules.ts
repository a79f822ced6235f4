import type { QuestionData } from './questions';

/**
 * The player's rules for questions, light (no engine, no parser): the store uses them on the
 * first screen.
 */

/**
 * Whether a typed answer is the answer: a number equal in value (`2`, ` 2.0 `), or text equal
 * once trimmed (keys are case-sensitive, as in Kafka); a list or map as `text` writes it (the
 * answer's own text, as the expectation language formats it).
 */
export function typedAnswerIsRight(typed: string, value: unknown, text = ''): boolean {
  const t = typed.trim();
  if (t === '') return false;
  if (typeof value === 'number') return Number(t) === value;
  if (typeof value === 'boolean') return value ? /^(true|yes)$/i.test(t) : /^(false|no)$/i.test(t);
  if (value === null) return /^(null|none|nobody)$/i.test(t);
  if (typeof value === 'string') return t === value;
  return t === text;
}

/**
 * The first question playback meets going on from `fromMs` to `toMs`, or -1: one asked after
 * `fromMs` and by `toMs`, or one at `fromMs` itself after `askedAtFrom` (the question last asked
 * there, -1 if none: standing at a question's moment, as after a seek to it, asks it).
 * Questions are in time order.
 */
export function questionBetween(
  questions: readonly Pick<QuestionData, 'atMs'>[],
  fromMs: number,
  toMs: number,
  askedAtFrom = -1,
): number {
  for (let i = 0; i < questions.length; i++) {
    const q = questions[i];
    if (q.atMs > toMs) return -1;
    if (q.atMs > fromMs || (q.atMs === fromMs && i > askedAtFrom)) return i;
  }
  return -1;
}
