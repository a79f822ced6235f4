import {
  checkInvariants,
  createInvariantMemory,
  createWorld,
  nextTaskTime,
  runUntil,
  scheduleCommand,
  snapshot,
  step,
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
 * Runs a compiled scenario headless: builds the world, schedules every command up front in
 * order (as the app does, so both give the same trace), and checks each expectation at its
 * time, after everything scheduled for that time has run.
 */
export function runScenario(compiled: CompiledScenario, options: RunOptions = {}): ScenarioRun {
  const untilMs = options.untilMs ?? compiled.durationMs;
  const world = createWorld(compiled.setup);
  for (const timed of compiled.commands) scheduleCommand(world, timed.atMs, timed.command);
  const initial = takeEmitted(world);
  if (options.onEvents !== undefined && initial.length > 0) options.onEvents(initial);

  const violations: ScenarioRun['violations'] = [];
  const memory = createInvariantMemory();
  const advance = (targetMs: number): void => {
    if (options.checkInvariants !== true) {
      runUntil(world, targetMs, options.onEvents);
      return;
    }
    for (;;) {
      const next = nextTaskTime(world);
      if (next === undefined || next > targetMs) break;
      const events = step(world);
      if (options.onEvents !== undefined && events !== null && events.length > 0)
        options.onEvents(events);
      const problems = checkInvariants(world, memory);
      if (problems.length > 0) violations.push({ atMs: world.nowMs, problems });
    }
    runUntil(world, targetMs); // nothing left before the target: moves the clock
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
