import type { Snapshot } from '../engine';
import { evaluateAnswer, formatValue, parseAnswer, sameValue } from './expect';
import { reportOf } from './expectation';

/**
 * Questions (`ask` steps): the run stops at a moment and asks what happens next; the answer
 * is never written by the author but computed by an expression of the expectation language
 * on the engine's state at the reveal moment, so it is right for every seed and every edit of
 * the scenario. Its own module, without the YAML parser or the schema, so a precompiled
 * built-in scenario brings its questions back to life on the first load.
 */

/** One choice: what it says and the value it stands for (compared with the answer's value). */
export interface QuestionChoice {
  label: string;
  value: null | boolean | number | string;
}

/** A question as data (JSON-safe): everything but how its answer is computed. */
export interface QuestionData {
  /** When the run stops to ask (virtual ms). */
  atMs: number;
  /** When the answer is read from the run and shown; the reveal plays the motion up to it. */
  revealMs: number;
  stepIndex: number;
  /** "steps[7].ask" */
  path: string;
  text: string;
  /** The choices; null for a value to type (`input`). */
  choices: QuestionChoice[] | null;
  /** What is typed when there are no choices. */
  input: 'number' | 'text' | null;
  /** The answer's expression as written: `partitionOf(orders, zoe)`. */
  answer: string;
  /** The author's explanation, shown with the answer. */
  explain: string | null;
  /** Diagram elements the question is about (focus ids, as for captions). */
  focus: string[];
}

export interface Question extends QuestionData {
  /** The answer on a snapshot taken at `revealMs`. */
  answerOn(s: Snapshot): AnswerOutcome;
}

export type AnswerOutcome =
  | {
      ok: true;
      value: unknown;
      /** The value as the language writes it: 2, "c1", [1, 3], true. */
      text: string;
      /** The right choice's index; -1 when no choice has the value; null without choices. */
      choice: number | null;
    }
  | { ok: false; error: string };

/** A comparison's answer with no choices written: yes or no. */
export const YES_NO: readonly QuestionChoice[] = [
  { label: 'Yes', value: true },
  { label: 'No', value: false },
];

/** A question ready to answer. Throws on an answer that does not parse (validated input has none). */
export function compileQuestion(data: QuestionData): Question {
  const parsed = parseAnswer(data.answer);
  if (!parsed.ok) throw new Error(`${data.path}.answer: ${parsed.message}`);
  const answer = parsed.value;
  return {
    ...data,
    answerOn(s) {
      const r = evaluateAnswer(answer, reportOf(s));
      if (!r.ok) return r;
      const choice =
        data.choices === null ? null : data.choices.findIndex((c) => sameValue(c.value, r.value));
      return { ok: true, value: r.value, text: formatValue(r.value), choice };
    },
  };
}

/** A question's data, without its function (for precompiled scenarios). */
export function questionData(q: Question): QuestionData {
  const { answerOn: _answerOn, ...data } = q;
  return data;
}

export { questionBetween, typedAnswerIsRight } from './questionRules';
