import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  byTime,
  createCursor,
  createWorld,
  runWithCommands,
  snapshot,
  takeEmitted,
  type Snapshot,
  type TraceEvent,
} from '../engine/index.ts';
import type { CompiledExpectation, CompiledScenario, ScenarioProblem } from '../scenario/index.ts';
import { memoryIo } from './io.ts';
import { main } from './main.ts';
import type { RunReport } from './runCommand.ts';
import type { ScenarioLayer } from './scenarioLayer.ts';

/**
 * `run` against a stand-in scenario layer: a hand-built compiled scenario and a runner on
 * the engine's public API. It pins down the CLI's own behaviour (output, exit codes, JSON,
 * trace) whatever the scenario layer's state; main.test.ts runs the real one end to end.
 */

function acked(s: Snapshot): number {
  return s.producers.find((p) => p.id === 'checkout')?.acked ?? -1;
}

function expectAcked(atMs: number, stepIndex: number, n: number): CompiledExpectation {
  return {
    atMs,
    stepIndex,
    source: `producers[checkout].acked == ${n}`,
    check: (s) => ({
      ok: acked(s) === n,
      description: `checkout has ${n} records acknowledged`,
      expected: String(n),
      actual: String(acked(s)),
    }),
  };
}

function compiledScenario(variant: 'pass' | 'fail'): CompiledScenario {
  return {
    title: 'Keys pick partitions',
    description: 'A hand-built scenario.',
    seed: 7,
    durationMs: 3000,
    setup: {
      seed: 7,
      brokers: [1, 2, 3],
      topics: [{ name: 'orders', partitions: 3, replicationFactor: 3, minInsyncReplicas: 2 }],
      producers: [{ id: 'checkout', topic: 'orders', acks: 'all' }],
      consumers: [{ id: 'sally', topics: ['orders'] }],
    },
    commands: [
      { atMs: 0, stepIndex: 0, command: { type: 'narrate', text: 'Alice places three orders.' } },
      {
        atMs: 100,
        stepIndex: 1,
        command: {
          type: 'produce',
          producer: 'checkout',
          keys: ['alice', 'bob'],
          keyOrder: 'cycle',
          count: 3,
        },
      },
      {
        atMs: 1000,
        stepIndex: 3,
        command: {
          type: 'setProducerRate',
          producer: 'checkout',
          rate: 200,
          keys: ['a', 'b', 'c', 'd'],
        },
      },
      {
        atMs: 2000,
        stepIndex: 4,
        command: { type: 'setProducerRate', producer: 'checkout', rate: 0 },
      },
    ],
    questions: [],
    challenge: null,
    expectations: [
      expectAcked(500, 2, variant === 'pass' ? 3 : 4),
      // 205, not 203: the rate's tick at 2 s runs before the stop at 2 s (a command at T
      // applies after every task due at T, as in the app).
      expectAcked(2500, 5, variant === 'pass' ? 205 : 205),
    ],
    captions: [],
  };
}

const PROBLEMS: ScenarioProblem[] = [
  {
    path: 'cluster.brokers',
    message: 'brokers is a count (3) or a list of broker ids ([1, 2, 3])',
    line: 4,
    column: 12,
  },
  {
    path: 'steps[2].produce.producer',
    message: 'no producer "chekout": did you mean "checkout"?',
    line: 20,
    column: 17,
  },
];

/** Scenario "files" are one word: pass, fail or problems. */
const fakeLayer: ScenarioLayer = {
  loadScenario: (text) =>
    text.trim() === 'problems'
      ? { ok: false, problems: PROBLEMS }
      : text.trim() === 'stopped'
        ? { ok: true, value: { ...compiledScenario('pass'), title: 'Stopped' } }
        : { ok: true, value: compiledScenario(text.trim() === 'fail' ? 'fail' : 'pass') },
  formatProblem: (p, file) => `${file}:${p.line}:${p.column}: ${p.path}: ${p.message}`,
  parseDuration: (text) => {
    const m = /^(\d+)(ms|s)$/.exec(text);
    return m === null
      ? { ok: false, message: `"${text}" is not a duration` }
      : { ok: true, value: Number(m[1]) * (m[2] === 's' ? 1000 : 1) };
  },
  runScenario: (compiled, { untilMs, onEvents }) => {
    const world = createWorld(compiled.setup);
    onEvents?.(takeEmitted(world));
    const cursor = createCursor(byTime(compiled.commands));
    const onStep = (events: TraceEvent[]) => {
      if (events.length > 0) onEvents?.(events);
    };
    // "stopped": the run stops at 1 s for the memory budget (the real layer's memoryStop).
    const stopAt = compiled.title === 'Stopped' ? 1000 : null;
    const endMs = stopAt ?? untilMs ?? compiled.durationMs;
    const results = [];
    for (const expectation of compiled.expectations) {
      if (expectation.atMs > endMs) break;
      runWithCommands(world, cursor, expectation.atMs, onStep);
      results.push({ expectation, result: expectation.check(snapshot(world)) });
    }
    runWithCommands(world, cursor, endMs, onStep);
    if (stopAt === null) return { world, results, violations: [] };
    const memoryStop = {
      atMs: stopAt,
      recordsHeld: 3,
      entriesHeld: 3,
      estimatedBytes: 510,
      message: 'Stopped at 1.0 s of virtual time: the logs hold 3 records.',
    };
    return { world, results, violations: [], memoryStop };
  },
};

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kafkascope-run-'));
  for (const name of ['pass', 'fail', 'problems', 'stopped'])
    writeFileSync(join(dir, `${name}.yaml`), name);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(
  args: string[],
  options: { isTTY?: boolean; env?: Record<string, string> } = {},
) {
  const io = memoryIo({ cwd: dir, ...options });
  const code = await main(['run', ...args], io, { scenario: fakeLayer });
  return { code, out: io.out(), err: io.err() };
}

describe('run: the account', () => {
  it('tells the story and exits 0 when every expectation holds', async () => {
    const { code, out, err } = await run(['pass.yaml']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('▌ Keys pick partitions');
    expect(out).toContain('seed 7');
    expect(out).toMatch(/0\.000 s {2}» Alice places three orders\./);
    expect(out).toContain('checkout sent 3 records → orders: ');
    expect(out).toMatch(/alice→p\d, bob→p\d, alice→p\d/);
    expect(out).toContain('checkout sends 200 records/s');
    expect(out).toContain('✓ producers[checkout].acked == 3');
    expect(out).toContain('sally read');
    expect(out).toContain('Expectations: 2 held ✓');
    expect(out).not.toContain('\u001b[');
  });

  it('exits 1 and says which expectation failed, when, expected and actual', async () => {
    const { code, out } = await run(['fail.yaml']);
    expect(code).toBe(1);
    expect(out).toContain('✗ producers[checkout].acked == 4: expected 4, actual 3');
    expect(out).toContain('Expectations: 1 held, 1 failed');
    expect(out).toContain('✗ steps[2] at 0.500 s: producers[checkout].acked == 4');
    expect(out).toMatch(/expected: 4\n\s+actual: {3}3/);
  });

  it('exits 2 and lists every problem as file:line:col: path: message', async () => {
    const { code, out, err } = await run(['problems.yaml']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('problems.yaml:4:12: cluster.brokers: brokers is a count');
    expect(err).toContain('problems.yaml:20:17: steps[2].produce.producer: no producer "chekout"');
    expect(err).toContain('2 problems, nothing was run');
  });

  it('exits 2 when the run stopped for the memory budget, saying why; --json reports it', async () => {
    const { code, out, err } = await run(['stopped.yaml']);
    expect(code).toBe(2);
    expect(out).toContain('▌ Stopped');
    expect(err).toBe(
      'kafkascope: stopped.yaml: Stopped at 1.0 s of virtual time: the logs hold 3 records.\n',
    );
    const json = await run(['stopped.yaml', '--json']);
    expect(json.code).toBe(2);
    const report = JSON.parse(json.out) as RunReport;
    expect(report.memoryStop).toEqual({
      atMs: 1000,
      recordsHeld: 3,
      entriesHeld: 3,
      estimatedBytes: 510,
      message: 'Stopped at 1.0 s of virtual time: the logs hold 3 records.',
    });
    expect(report.timeMs).toBe(1000);
    // A run that reached its end has no such field.
    expect(
      'memoryStop' in (JSON.parse((await run(['pass.yaml', '--json'])).out) as RunReport),
    ).toBe(false);
  });

  it('colours only a terminal, and never with NO_COLOR', async () => {
    expect((await run(['pass.yaml'], { isTTY: true })).out).toContain('\u001b[');
    expect((await run(['pass.yaml'], { isTTY: true, env: { NO_COLOR: '1' } })).out).not.toContain(
      '\u001b[',
    );
  });

  it('--until stops early: later expectations are not evaluated and do not fail the run', async () => {
    const { code, out } = await run(['fail.yaml', '--until', '400ms']);
    expect(code).toBe(0);
    expect(out).toContain('runs until 400 ms (--until; the scenario lasts 3 s)');
    expect(out).toContain('2 not evaluated (after 400 ms)');
    expect(out).toContain('State at 400 ms');
  });

  it('--quiet prints nothing but failures (on stderr)', async () => {
    expect(await run(['pass.yaml', '--quiet'])).toEqual({ code: 0, out: '', err: '' });
    const failed = await run(['fail.yaml', '-q']);
    expect(failed.code).toBe(1);
    expect(failed.out).toBe('');
    expect(failed.err).toContain('✗ steps[2] at 0.500 s');
  });
});

describe('run --json', () => {
  it('prints one JSON document on stdout and the account on stderr', async () => {
    const { code, out, err } = await run(['fail.yaml', '--json']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as RunReport;
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        'seed',
        'timeMs',
        'traceHash',
        'eventCount',
        'brokers',
        'topics',
        'producers',
        'consumers',
        'scenario',
        'expectations',
      ]),
    );
    expect(report.seed).toBe(7);
    expect(report.timeMs).toBe(3000);
    expect(report.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(report.scenario).toEqual({
      title: 'Keys pick partitions',
      file: 'fail.yaml',
      durationMs: 3000,
      untilMs: 3000,
    });
    expect(report.expectations[0]).toEqual({
      step: 2,
      at: 500,
      source: 'producers[checkout].acked == 4',
      ok: false,
      description: 'checkout has 4 records acknowledged',
      expected: '4',
      actual: '3',
    });
    expect(report.topics[0].partitions).toHaveLength(3);
    expect(err).toContain('▌ Keys pick partitions');
  });

  it('is deterministic: the same seed gives the same trace hash, another seed another', async () => {
    const hash = async (args: string[]) =>
      (JSON.parse((await run(['pass.yaml', '--json', ...args])).out) as RunReport).traceHash;
    const first = await hash([]);
    expect(await hash([])).toBe(first);
    expect(await hash(['--seed', '7'])).toBe(first);
    const other = await hash(['--seed', '8']);
    expect(other).not.toBe(first);
    expect(await hash(['--seed', '8'])).toBe(other);
    expect(await hash(['--until', '2s'])).not.toBe(first);
  });

  it('marks expectations after --until as not evaluated', async () => {
    const report = JSON.parse(
      (await run(['pass.yaml', '--json', '--until', '1s'])).out,
    ) as RunReport;
    expect(report.timeMs).toBe(1000);
    expect(report.scenario.untilMs).toBe(1000);
    expect(report.expectations.map((e) => e.ok)).toEqual([true, null]);
    expect(report.expectations[1]).toMatchObject({ expected: null, actual: null });
  });
});

describe('run --trace', () => {
  it('writes one JSON line per event, from the cluster’s creation on', async () => {
    const file = join(dir, 'trace.jsonl');
    const { code, out } = await run(['pass.yaml', '--json', '--trace', file]);
    expect(code).toBe(0);
    const report = JSON.parse(out) as RunReport;
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(report.eventCount);
    expect(JSON.parse(lines[0])).toMatchObject({ type: 'clusterCreated', atMs: 0, seed: 7 });
    const times = lines.map((l) => (JSON.parse(l) as { atMs: number }).atMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('"-" writes the trace to stdout and the account to stderr', async () => {
    const { code, out, err } = await run(['pass.yaml', '--trace', '-']);
    expect(code).toBe(0);
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .every((l) => typeof (JSON.parse(l) as { type: string }).type === 'string'),
    ).toBe(true);
    expect(err).toContain('▌ Keys pick partitions');
  });

  it('reports a trace path it cannot write as bad input', async () => {
    const { code, err } = await run(['pass.yaml', '--trace', join(dir, 'missing-dir', 't.jsonl')]);
    expect(code).toBe(2);
    expect(err).toContain('no such file or directory');
  });
});
