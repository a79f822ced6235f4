import {
  byTime,
  checkInvariants,
  createCursor,
  createInvariantMemory,
  createWorld,
  runWithCommands,
  snapshot,
  takeEmitted,
} from '../engine';
import type { TraceEvent, World } from '../engine';
import type { CompiledExpectation, CompiledScenario, ExpectationResult } from './types';

export interface RunOptions {
  /** Where to stop (virtual ms); default the scenario's duration. */
  untilMs?: number;
  /** Sees the events of world creation, then of every step that emitted some. */
  onEvents?: (events: TraceEvent[]) => void;
  /** Checks the engine's invariants after every step (tests, `--check`); slower. */
  checkInvariants?: boolean;
}

export interface ExpectationOutcome {
  /** The same object as in `compiled.expectations`. */
  expectation: CompiledExpectation;
  result: ExpectationResult;
}

export interface ScenarioRun {
  world: World;
  /** Expectations due by `untilMs`, in order of time then file. */
  results: ExpectationOutcome[];
  /** Invariant violations (only with `checkInvariants`), with when they were seen. */
  violations: { atMs: number; problems: string[] }[];
}

/**
 * Runs a compiled scenario headless: builds the world, applies each step's command at its
 * time after every task due then (in time, then file order: as the app does, and as a
 * person's click at that moment would be, so both give the same trace), and checks each
 * expectation at its time, after everything due at that time has run.
 */
export function runScenario(compiled: CompiledScenario, options: RunOptions = {}): ScenarioRun {
  const untilMs = options.untilMs ?? compiled.durationMs;
  const world = createWorld(compiled.setup);
  const cursor = createCursor(byTime(compiled.commands));
  const initial = takeEmitted(world);
  if (options.onEvents !== undefined && initial.length > 0) options.onEvents(initial);

  const violations: ScenarioRun['violations'] = [];
  const memory = createInvariantMemory();
  const advance = (targetMs: number): void => {
    const check = options.checkInvariants === true;
    runWithCommands(world, cursor, targetMs, (events) => {
      if (options.onEvents !== undefined && events.length > 0) options.onEvents(events);
      if (!check) return;
      const problems = checkInvariants(world, memory);
      if (problems.length > 0) violations.push({ atMs: world.nowMs, problems });
    });
  };

  const due = compiled.expectations
    .filter((e) => e.atMs <= untilMs)
    .map((expectation, i) => ({ expectation, i }))
    .sort((a, b) => a.expectation.atMs - b.expectation.atMs || a.i - b.i);
  const results: ExpectationOutcome[] = [];
  for (let i = 0; i < due.length;) {
    const atMs = due[i].expectation.atMs;
    advance(atMs);
    const snap = snapshot(world);
    for (; i < due.length && due[i].expectation.atMs === atMs; i++) {
      results.push({ expectation: due[i].expectation, result: due[i].expectation.check(snap) });
    }
  }
  advance(untilMs);
  return { world, results, violations };
}
