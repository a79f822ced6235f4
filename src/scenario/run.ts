import {
  byTime,
  checkInvariants,
  createCursor,
  createInvariantMemory,
  createWorld,
  createMemoryWatch,
  runWatched,
  runWithCommands,
  snapshot,
  takeEmitted,
} from '../engine';
import type { MemoryStop, TraceEvent, World } from '../engine';
import type { CompiledExpectation, CompiledScenario, ExpectationResult } from './types';
import type { AnswerOutcome, Question } from './questions';

export interface RunOptions {
  /** Where to stop (virtual ms); default the scenario's duration. */
  untilMs?: number;
  /** Sees the events of world creation, then of every step that emitted some. */
  onEvents?: (events: TraceEvent[]) => void;
  /** Checks the engine's invariants after every step (tests, `--check`); slower. */
  checkInvariants?: boolean;
  /** Records the logs may hold (default MAX_RECORDS_HELD); tests pass a small one. */
  maxRecordsHeld?: number;
}

export interface ExpectationOutcome {
  /** The same object as in `compiled.expectations`. */
  expectation: CompiledExpectation;
  result: ExpectationResult;
}

export interface AnsweredQuestion {
  /** The same object as in `compiled.questions`. */
  question: Question;
  /** Its answer at its reveal moment. */
  answer: AnswerOutcome;
}

export interface ScenarioRun {
  world: World;
  /** Expectations due by `untilMs`, in order of time then file. */
  results: ExpectationOutcome[];
  /** Questions revealed by `untilMs`, with their answers, in order of reveal then file. */
  answers: AnsweredQuestion[];
  /** Invariant violations (only with `checkInvariants`), with when they were seen. */
  violations: { atMs: number; problems: string[] }[];
  /** Set when the run stopped short of `untilMs` to stay within the memory budget. */
  memoryStop?: MemoryStop;
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
  const watch = createMemoryWatch(options.maxRecordsHeld);
  const onStep = (events: TraceEvent[]): void => {
    if (options.onEvents !== undefined && events.length > 0) options.onEvents(events);
    if (options.checkInvariants !== true) return;
    const problems = checkInvariants(world, memory);
    if (problems.length > 0) violations.push({ atMs: world.nowMs, problems });
  };
  const advance = (targetMs: number): void =>
    runWatched(watch, world, targetMs, (to) => runWithCommands(world, cursor, to, onStep));

  // Expectations at their time and questions at their reveal, after everything due then.
  type Due =
    | { atMs: number; i: number; expectation: CompiledExpectation }
    | { atMs: number; i: number; question: Question };
  const due: Due[] = [
    ...compiled.expectations.map((expectation, i) => ({ atMs: expectation.atMs, i, expectation })),
    ...compiled.questions.map((question, i) => ({ atMs: question.revealMs, i, question })),
  ]
    .filter((d) => d.atMs <= untilMs)
    .sort((a, b) => a.atMs - b.atMs || a.i - b.i);
  const results: ExpectationOutcome[] = [];
  const answers: AnsweredQuestion[] = [];
  for (let i = 0; i < due.length;) {
    const atMs = due[i].atMs;
    advance(atMs);
    if (watch.stop !== null) break;
    const snap = snapshot(world);
    for (; i < due.length && due[i].atMs === atMs; i++) {
      const d = due[i];
      if ('expectation' in d)
        results.push({ expectation: d.expectation, result: d.expectation.check(snap) });
      else answers.push({ question: d.question, answer: d.question.answerOn(snap) });
    }
  }
  advance(untilMs);
  return watch.stop === null
    ? { world, results, answers, violations }
    : { world, results, answers, violations, memoryStop: watch.stop };
}
