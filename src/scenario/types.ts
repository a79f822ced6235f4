import type { Command, Snapshot, WorldSetup } from '../engine';
import type { Question } from './questions';

/**
 * The contract between scenario files and their users (CLI, store, tests). A scenario file
 * (YAML or JSON) is parsed and validated into a `Scenario`, then compiled into a world
 * setup plus timed commands and expectations.
 */

/** One problem in a scenario file. `path` like `steps[3].produce.producer`. */
export interface ScenarioProblem {
  path: string;
  message: string;
  /** 1-based line and column in the source (YAML and JSON), when known. */
  line?: number;
  column?: number;
}

export type {
  Scenario,
  TopicDeclaration,
  ProducerDeclaration,
  ConsumerDeclaration,
} from './schema';
export type { Step, StepKindName } from './steps';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: ScenarioProblem[] };

/** An expectation compiled for evaluation at `atMs`. */
export interface CompiledExpectation {
  atMs: number;
  /** Index of the step in the file, for messages ("steps[5]"). */
  stepIndex: number;
  /** Where it is written: "steps[5].expect" or "steps[5].expect[1]". */
  path?: string;
  /** The expectation as written, e.g. "records(orders, 3) == 2" (see expect.ts for the language). */
  source: string;
  check: (s: Snapshot) => ExpectationResult;
}

export interface ExpectationResult {
  ok: boolean;
  /** What was asserted, in plain words. */
  description: string;
  expected: string;
  actual: string;
}

export interface TimedCommand {
  atMs: number;
  /** Index of the step in the file; -1 for commands from declarations (a producer's `rate`). */
  stepIndex: number;
  /** Where it comes from: "steps[3]" or "producers[0].rate". */
  path?: string;
  command: Command;
}

export interface CompiledScenario {
  title: string;
  description: string | null;
  seed: number;
  durationMs: number;
  setup: WorldSetup;
  commands: TimedCommand[];
  expectations: CompiledExpectation[];
  /** The narration (`say` steps) in time order, known before the run plays. */
  captions: Caption[];
  /** The questions (`ask` steps) in time order. */
  questions: Question[];
  /** The scenario's challenge (`challenge:`), or null. */
  challenge: CompiledChallenge | null;
}

/** A challenge: its goal, its hint and the expectations that say it is solved. */
export interface CompiledChallenge {
  goal: string;
  hint: string | null;
  /** Checked at any moment (`atMs` -1) once the viewer has acted; all hold: solved. */
  solvedWhen: CompiledExpectation[];
}

/** A `say` step as the player uses it: when, what, how long it needs, what it talks about. */
export interface Caption {
  atMs: number;
  text: string;
  /** `readingTimeMs(text)`: the least time it stays on screen at any speed. */
  readingMs: number;
  /**
   * The diagram elements the caption names (`broker:2`, `log:orders-0`, `group:g1`,
   * `consumer:c1`, `producer:app`): kept in view and highlighted while it shows.
   */
  focus: string[];
}
