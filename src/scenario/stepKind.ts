import type { z } from 'zod';
import type { Command, KeyChoice } from '../engine';
import type { QuestionData } from './questions';
import type { Known, Moment } from './known';
import type { Timeline } from './timeline';

/**
 * What a step kind is: the schema of its value, its checks (against the rest of the file and
 * the timeline of the steps before it), what it changes for the steps after it, and how it
 * compiles. The kinds themselves are in steps.ts (records, narration, expectations) and
 * lifecycleSteps.ts (brokers, consumers, partitions); `STEP_KINDS` in steps.ts lists them all.
 */

export type ProblemPath = readonly (string | number)[];

export interface StepCheckContext {
  known: Known;
  atMs: number;
  stepIndex: number;
  /** What the steps that run before this one have done (read only: `apply` changes it). */
  timeline: Timeline;
  /** Whether the step as written has the field (checks of absence use this: a bad field may have been set aside). */
  has(field: string): boolean;
  /** Reports a problem at `path` below the step's value (e.g. ['producer']); `offset` is within a text value. */
  problem(path: ProblemPath, message: string, offset?: number): void;
}

export interface StepCompileContext {
  atMs: number;
  stepIndex: number;
  /** "steps[3]" */
  path: string;
  command(command: Command): void;
  /**
   * Narration: the engine's `narrate` command (text only) and the caption the player shows,
   * with the diagram elements it names (`focus`, checked ids).
   */
  narrate(text: string, focus: readonly string[]): void;
  /** A question (`ask`), its answer already checked for syntax. */
  ask(question: QuestionData): void;
  /** An expectation (already checked for syntax) evaluated at this step's time. */
  expect(source: string, path: string): void;
  /** The key choice a producer's rate uses now (declaration, then later `rate` steps). */
  rateKeys(producer: string): KeyChoice;
  setRateKeys(producer: string, keys: KeyChoice): void;
}

export interface StepKind<S extends z.ZodType = z.ZodType> {
  /** The value's schema: `produce: {…}`, `say: "…"`. */
  schema: S;
  /** One line for docs and for "a step needs an action" messages. */
  summary: string;
  check?(value: z.output<S>, ctx: StepCheckContext): void;
  /** What the step changes for the steps after it (a consumer removed, a broker down), after its check. */
  apply?(value: z.output<S>, timeline: Timeline, moment: Moment): void;
  compile(value: z.output<S>, ctx: StepCompileContext): void;
  /** Ids the step brings into the world (`addConsumer`), so other steps may name them. */
  declares?(value: z.output<S>): {
    producers?: string[];
    consumers?: { id: string; group: string | null; topics?: readonly string[] }[];
  };
}

export function stepKind<S extends z.ZodType>(kind: StepKind<S>): StepKind<S> {
  return kind;
}

/** Drops undefined fields, so commands are plain JSON with only what the step said. */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The moment a step runs at: its time and its place in the file. */
export function momentOf(ctx: StepCheckContext): Moment {
  return { atMs: ctx.atMs, stepIndex: ctx.stepIndex };
}
