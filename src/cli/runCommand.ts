import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { snapshot, stateReport, type Snapshot, type StateReport } from '../engine/index.ts';
import type {
  AnsweredQuestion,
  CompiledExpectation,
  CompiledScenario,
  ExpectationResult,
  Question,
} from '../scenario/index.ts';
import {
  endStateLines,
  expectationLine,
  violationLines,
  failureLines,
  headerLines,
  timelineLines,
  verdictLines,
  questionLines,
  type ExpectationOutcome,
  type QuestionOutcome,
  type RunFacts,
} from './account.ts';
import { parseFlags, parseIntegerFlag } from './args.ts';
import { createDigest, type TimelineLine } from './digest.ts';
import { UsageError, type CliIo, type OutStream } from './io.ts';
import type { ScenarioLayer, ScenarioRunResult } from './scenarioLayer.ts';
import { styleFor, type Style } from './style.ts';
import { describeFsError, openTraceFile, streamTrace, type TraceWriter } from './traceWriter.ts';
import { RUN_SYNOPSIS } from './usage.ts';

/** `kafkascope run`: see docs/cli.md. */

export interface RunOptions {
  file: string;
  seed: number | null;
  untilMs: number | null;
  json: boolean;
  /** A file path, "-" for stdout, or null. */
  trace: string | null;
  quiet: boolean;
  /** Check the engine's invariants after every step. */
  check: boolean;
}

/** `--json`: the engine's state report plus the scenario and its expectations. */
export interface RunReport extends StateReport {
  scenario: { title: string; file: string; durationMs: number; untilMs: number };
  expectations: {
    step: number;
    at: number;
    source: string;
    /** Null when not evaluated (the run stopped before its moment). */
    ok: boolean | null;
    description: string | null;
    expected: string | null;
    actual: string | null;
  }[];
  /**
   * Set when the run stopped before `untilMs` to stay within the memory budget (the report
   * is the state at that moment; expectations after it are not evaluated). Exit code 2.
   */
  memoryStop?: { atMs: number; recordsHeld: number; estimatedBytes: number; message: string };
  /**
   * The `ask` steps' questions with their answers, computed at the reveal moment. `ok` is
   * false when the answer could not be computed or is none of the choices (the lesson is
   * wrong); null when the run stopped before the reveal.
   */
  questions: {
    step: number;
    at: number;
    reveal: number;
    question: string;
    answer: string;
    ok: boolean | null;
    value: unknown;
    /** The right choice's label (null for a typed answer, or none). */
    choice: string | null;
    error: string | null;
  }[];
}

export async function runCommand(
  argv: readonly string[],
  io: CliIo,
  layer?: ScenarioLayer,
): Promise<number> {
  const { options, untilText } = parseRunOptions(argv);
  const scenario = layer ?? (await import('./scenarioLayer.ts')).scenarioLayer;
  if (untilText !== null) options.untilMs = parseUntil(untilText, scenario);
  const text = readScenario(resolve(io.cwd, options.file), options.file);
  const loaded = scenario.loadScenario(text, options.file);
  if (!loaded.ok) {
    const problems = loaded.problems.map((p) => scenario.formatProblem(p, options.file));
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    io.stderr.write(
      `${problems.join('\n')}\nkafkascope: ${options.file}: ${count}, nothing was run\n`,
    );
    return 2;
  }
  const compiled = withSeed(loaded.value, options.seed);
  const facts: RunFacts = {
    compiled,
    file: options.file,
    seedOverridden: options.seed !== null,
    untilMs: options.untilMs ?? compiled.durationMs,
    untilGiven: options.untilMs !== null,
  };
  // stdout carries the JSON report or the trace when asked to: the account then goes to stderr.
  const account: OutStream = options.json || options.trace === '-' ? io.stderr : io.stdout;
  const style = styleFor(account, io.env);
  const trace = openTrace(options.trace, io);
  if (!options.quiet) account.write(`${headerLines(facts, style).join('\n')}\n\n`);

  const run = execute(scenario, facts, options.check, trace);
  const stopped = run.memoryStop ?? null;
  const failed =
    run.outcomes.some((o) => o.result?.ok === false) ||
    run.questions.some((q) => q.ok === false) ||
    run.violations.length > 0;
  if (options.json) {
    const report = runReport(
      run.final,
      compiled,
      options.file,
      facts.untilMs,
      run.outcomes,
      run.questions,
    );
    if (stopped !== null) report.memoryStop = { ...stopped };
    io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  }
  if (!options.quiet) {
    account.write(`${accountLines(run, facts, options.check, style).join('\n')}\n`);
  } else if (failed) {
    const stderrStyle = styleFor(io.stderr, io.env);
    const lines = [
      ...run.outcomes.flatMap((o) => (o.result?.ok === false ? failureLines(o, stderrStyle) : [])),
      ...questionLines(
        run.questions.filter((q) => q.ok === false),
        stderrStyle,
      ).slice(1),
      ...violationLines(run.violations, options.check, stderrStyle),
    ];
    io.stderr.write(`${lines.join('\n')}\n`);
  }
  if (stopped !== null) {
    // Whatever ran is reported above; the run did not reach its end.
    io.stderr.write(`kafkascope: ${options.file}: ${stopped.message}\n`);
    return 2;
  }
  return failed ? 1 : 0;
}

interface Executed {
  final: Snapshot;
  outcomes: ExpectationOutcome[];
  questions: QuestionOutcome[];
  violations: ScenarioRunResult['violations'];
  timeline: TimelineLine[];
  memoryStop?: ScenarioRunResult['memoryStop'];
}

/** Runs the scenario, streaming its events to the trace and the digest as they happen. */
function execute(
  scenario: ScenarioLayer,
  facts: RunFacts,
  checkInvariants: boolean,
  trace: TraceWriter | null,
): Executed {
  const { compiled } = facts;
  const stepTimes = [...compiled.commands, ...compiled.expectations].map((c) => c.atMs);
  const digest = createDigest(stepTimes);
  let run: ScenarioRunResult;
  try {
    run = scenario.runScenario(compiled, {
      untilMs: facts.untilMs,
      checkInvariants,
      onEvents: (events) => {
        trace?.write(events);
        digest.add(events);
      },
    });
  } finally {
    trace?.close();
  }
  const final = snapshot(run.world);
  const outcomes = outcomesOf(compiled.expectations, run.results);
  const expectationLines = outcomes.map(expectationLine).filter((l) => l !== null);
  return {
    final,
    outcomes,
    questions: questionOutcomesOf(compiled.questions, run.answers ?? []),
    violations: run.violations,
    timeline: [...digest.lines(final), ...expectationLines],
    ...(run.memoryStop === undefined ? {} : { memoryStop: run.memoryStop }),
  };
}

function accountLines(run: Executed, facts: RunFacts, checked: boolean, style: Style): string[] {
  return [
    ...timelineLines(run.timeline, style),
    '',
    ...endStateLines(run.final, style),
    '',
    ...verdictLines(run.outcomes, facts.untilMs, style),
    ...questionLines(run.questions, style),
    ...violationLines(run.violations, checked, style),
  ];
}

/** Flags first, before the scenario layer loads: `--until` is read with it afterwards. */
function parseRunOptions(argv: readonly string[]): {
  options: RunOptions;
  untilText: string | null;
} {
  const { flags, positionals } = parseFlags(
    argv,
    [
      { name: 'seed', value: true },
      { name: 'until', value: true },
      { name: 'trace', value: true },
      { name: 'json' },
      { name: 'quiet', short: 'q' },
      { name: 'check' },
    ],
    RUN_SYNOPSIS,
  );
  if (positionals.length === 0) throw new UsageError('run needs a scenario file', RUN_SYNOPSIS);
  if (positionals.length > 1)
    throw new UsageError(
      `run takes one scenario file, got ${positionals.length}: ${positionals.join(' ')}`,
      RUN_SYNOPSIS,
    );
  const trace = typeof flags.trace === 'string' ? flags.trace : null;
  if (trace === '-' && flags.json === true) {
    throw new UsageError(
      '--json and --trace - both want stdout: write the trace to a file instead',
      RUN_SYNOPSIS,
    );
  }
  const options: RunOptions = {
    file: positionals[0],
    seed:
      typeof flags.seed === 'string'
        ? parseIntegerFlag('seed', flags.seed, 0, Number.MAX_SAFE_INTEGER, RUN_SYNOPSIS)
        : null,
    untilMs: null,
    json: flags.json === true,
    trace,
    quiet: flags.quiet === true,
    check: flags.check === true,
  };
  return { options, untilText: typeof flags.until === 'string' ? flags.until : null };
}

function parseUntil(text: string, layer: ScenarioLayer): number {
  if (/^\d+(\.\d+)?$/.test(text.trim())) {
    throw new UsageError(`--until ${text} has no unit: write ${text}ms or ${text}s`, RUN_SYNOPSIS);
  }
  const parsed = layer.parseDuration(text);
  if (!parsed.ok) throw new UsageError(`--until: ${parsed.message}`, RUN_SYNOPSIS);
  return parsed.value;
}

function readScenario(path: string, shownAs: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the scenario "${shownAs}": ${describeFsError(error)}`);
  }
}

function openTrace(trace: string | null, io: CliIo): TraceWriter | null {
  if (trace === null) return null;
  return trace === '-' ? streamTrace(io.stdout) : openTraceFile(resolve(io.cwd, trace), trace);
}

/** `--seed` replaces the scenario's seed everywhere it is used. */
function withSeed(compiled: CompiledScenario, seed: number | null): CompiledScenario {
  if (seed === null) return compiled;
  return { ...compiled, seed, setup: { ...compiled.setup, seed } };
}

/** Every expectation of the scenario, in file order, with its result, or null if the run ended first. */
function outcomesOf(
  expectations: readonly CompiledExpectation[],
  results: readonly { expectation: CompiledExpectation; result: ExpectationResult }[],
): ExpectationOutcome[] {
  const byExpectation = new Map(results.map((r) => [r.expectation, r.result]));
  return expectations.map((e) => ({
    stepIndex: e.stepIndex,
    atMs: e.atMs,
    source: e.source,
    result: byExpectation.get(e) ?? null,
  }));
}

/** Every question of the scenario, in file order, with its answer (null: not revealed by the end). */
function questionOutcomesOf(
  questions: readonly Question[],
  answers: readonly AnsweredQuestion[],
): QuestionOutcome[] {
  const byQuestion = new Map(answers.map((a) => [a.question, a.answer]));
  return questions.map((q) => {
    const answer = byQuestion.get(q) ?? null;
    const choice =
      answer?.ok === true && q.choices !== null && answer.choice !== null && answer.choice >= 0
        ? q.choices[answer.choice].label
        : null;
    const error =
      answer === null
        ? null
        : !answer.ok
          ? answer.error
          : answer.choice === -1
            ? `the answer, ${answer.text}, is none of the choices (${(q.choices ?? []).map((c) => c.label).join(', ')})`
            : null;
    return {
      stepIndex: q.stepIndex,
      atMs: q.atMs,
      revealMs: q.revealMs,
      text: q.text,
      answer: q.answer,
      ok: answer === null ? null : error === null,
      value: answer?.ok === true ? answer.value : null,
      valueText: answer?.ok === true ? answer.text : null,
      choice,
      error,
    };
  });
}

export function runReport(
  final: Snapshot,
  compiled: CompiledScenario,
  file: string,
  untilMs: number,
  outcomes: readonly ExpectationOutcome[],
  questions: readonly QuestionOutcome[] = [],
): RunReport {
  return {
    ...stateReport(final),
    scenario: { title: compiled.title, file, durationMs: compiled.durationMs, untilMs },
    expectations: outcomes.map((o) => ({
      step: o.stepIndex,
      at: o.atMs,
      source: o.source,
      ok: o.result?.ok ?? null,
      description: o.result?.description ?? null,
      expected: o.result?.expected ?? null,
      actual: o.result?.actual ?? null,
    })),
    questions: questions.map((q) => ({
      step: q.stepIndex,
      at: q.atMs,
      reveal: q.revealMs,
      question: q.text,
      answer: q.answer,
      ok: q.ok,
      value: q.value,
      choice: q.choice,
      error: q.error,
    })),
  };
}
