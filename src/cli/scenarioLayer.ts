/**
 * The scenario layer as the CLI uses it, in one place: if the scenario layer's public face
 * changes, this is the only CLI file to touch. Tests pass a stand-in.
 */
import type { MemoryStop, TraceEvent, World } from '../engine/index.ts';
import {
  formatProblem,
  loadScenario,
  parseDuration,
  runScenario,
  type AnsweredQuestion,
  type CompiledExpectation,
  type CompiledScenario,
  type DurationResult,
  type ExpectationResult,
  type ParseResult,
  type ScenarioProblem,
} from '../scenario/index.ts';

export interface ScenarioRunOptions {
  untilMs?: number;
  /** Sees the events of the world's creation, then of every step that emitted some. */
  onEvents?: (events: TraceEvent[]) => void;
  /** Checks the engine's invariants after every step (slower). */
  checkInvariants?: boolean;
}

export interface ScenarioRunResult {
  world: World;
  /** Expectations due by `untilMs`; `expectation` is the object from `compiled.expectations`. */
  results: { expectation: CompiledExpectation; result: ExpectationResult }[];
  /** Questions revealed by `untilMs`, with their answers (absent: none). */
  answers?: AnsweredQuestion[];
  /** Invariant violations, with when they were seen (only when checked). */
  violations: { atMs: number; problems: string[] }[];
  /** Set when the run stopped short to stay within the memory budget. */
  memoryStop?: MemoryStop;
}

export interface ScenarioLayer {
  loadScenario(text: string, fileName?: string): ParseResult<CompiledScenario>;
  formatProblem(problem: ScenarioProblem, fileName?: string): string;
  runScenario(compiled: CompiledScenario, options: ScenarioRunOptions): ScenarioRunResult;
  parseDuration(text: string): DurationResult;
}

export const scenarioLayer: ScenarioLayer = {
  loadScenario,
  formatProblem,
  runScenario,
  parseDuration,
};
