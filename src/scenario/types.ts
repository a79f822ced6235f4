import type { Command, Snapshot, WorldSetup } from '../engine';

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

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: ScenarioProblem[] };

/** An expectation compiled for evaluation at `atMs`. */
export interface CompiledExpectation {
  atMs: number;
  /** Index of the step in the file, for messages ("steps[5]"). */
  stepIndex: number;
  /** The expectation as written, e.g. "partition(orders, 3).records == 2" or the object form. */
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
  stepIndex: number;
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
}
