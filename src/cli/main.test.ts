import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { memoryIo } from './io.ts';
import type { RunReport } from './runCommand.ts';
import { medianOf, runMinimalLoop, summarizeRuns } from './bench.ts';

/** `main` in-process, end to end: the real scenario layer and engine, scenario files in a temp dir. */

const SCENARIO = `
title: Keys pick partitions
description: Records with the same key land in the same partition.
seed: 42
duration: 3s
cluster:
  brokers: 3
  topics:
    - name: orders
      partitions: 3
      replicationFactor: 3
      minInsyncReplicas: 2
producers:
  - id: checkout
    topic: orders
consumers:
  - id: sally
    topic: orders
steps:
  - at: 0s
    say: Alice places three orders, Bob one.
  - at: 100ms
    produce: { producer: checkout, keys: [alice, alice, bob, alice], keyOrder: cycle, count: 4 }
  - at: 1s
    expect: producers[checkout].acked == 4
  - at: 1s
    rate: { producer: checkout, rate: 200, keys: [a, b, c, d] }
  - at: 2s
    rate: { producer: checkout, rate: 0 }
  - at: 2500ms
    expect:
      - consumers[sally].consumed == producers[checkout].acked
      - count(topics[orders].partitions[*].records[key == alice]) == 3
`;

const FAILING = SCENARIO.replace(
  'producers[checkout].acked == 4',
  'producers[checkout].acked == 5',
);

const BROKEN = `title: Broken
duration: 2x
cluster:
  brokers: many
  topics:
    - name: orders
      partitions: 3
producers:
  - id: checkout
    topic: orders
    ackz: all
steps:
  - at: 1s
    produce: { producer: chekout }
`;

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kafkascope-main-'));
  writeFileSync(join(dir, 'keys.yaml'), SCENARIO);
  writeFileSync(join(dir, 'failing.yaml'), FAILING);
  writeFileSync(join(dir, 'broken.yaml'), BROKEN);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function kafkascope(...argv: string[]) {
  const io = memoryIo({ cwd: dir });
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

const report = async (...argv: string[]) =>
  JSON.parse((await kafkascope('run', ...argv, '--json', '--quiet')).out) as RunReport;

describe('kafkascope: help, version, bad command lines', () => {
  it('prints help and version with exit 0', async () => {
    for (const argv of [
      ['--help'],
      ['-h'],
      ['help'],
      ['help', 'run'],
      ['run', '--help'],
      ['run', 'x.yaml', '-h'],
      ['bench', '--help'],
    ]) {
      const { code, out, err } = await kafkascope(...argv);
      expect({ argv, code, err }).toEqual({ argv, code: 0, err: '' });
      expect(out).toMatch(/Usage/);
    }
    expect((await kafkascope('run', '--help')).out).toContain('--until <duration>');
    const version = await kafkascope('--version');
    expect(version.code).toBe(0);
    expect(version.out).toMatch(/^kafkascope \d+\.\d+\.\d+\n$/);
  });

  it.each([
    [[], /Usage/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['--frobnicate'], /unknown flag --frobnicate/],
    [['help', 'frobnicate'], /no help for "frobnicate"/],
    [['run'], /run needs a scenario file/],
    [['run', 'a.yaml', 'b.yaml'], /run takes one scenario file, got 2/],
    [['run', 'keys.yaml', '--seed'], /--seed needs a value/],
    [['run', 'keys.yaml', '--seed', 'abc'], /--seed must be a whole number, not "abc"/],
    [['run', 'keys.yaml', '--seed', '-3'], /--seed must be between 0 and/],
    [['run', 'keys.yaml', '--until', '5'], /--until 5 has no unit: write 5ms or 5s/],
    [['run', 'keys.yaml', '--until', 'soon'], /--until: "soon" is not a duration/],
    [['run', 'keys.yaml', '--json', '--trace', '-'], /--json and --trace - both want stdout/],
    [['run', 'keys.yaml', '--colour'], /unknown flag --colour/],
    [['run', 'keys.yaml', '--json', '--json'], /--json given more than once/],
    [['run', 'missing.yaml'], /cannot read the scenario "missing.yaml": no such file or directory/],
    [['run', '.'], /cannot read the scenario "\.": it is a directory/],
    [['bench', '--records', 'lots'], /--records must be a whole number/],
    [['bench', '--records', '10'], /--records must be between 1000 and/],
    [['bench', 'now'], /bench takes no arguments/],
    [['bench', '--runs', '0'], /--runs must be between 1 and/],
  ])('%j exits 2 with a message and no stack trace', async (argv, message) => {
    const { code, out, err } = await kafkascope(...argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});

describe('kafkascope run (real scenario layer)', () => {
  it('exits 0 when every expectation holds, and tells what happened', async () => {
    const { code, out, err } = await kafkascope('run', 'keys.yaml');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('▌ Keys pick partitions');
    expect(out).toContain('» Alice places three orders, Bob one.');
    expect(out).toMatch(
      /checkout sent 4 records → orders: alice→p(\d), alice→p\1, bob→p\d, alice→p\1/,
    );
    expect(out).toContain('✓ producers[checkout].acked == 4');
    expect(out).toContain('Expectations: 3 held ✓');
  });

  it('exits 1 and names the failed expectation, its time, expected and actual', async () => {
    const { code, out } = await kafkascope('run', 'failing.yaml');
    expect(code).toBe(1);
    expect(out).toContain('✗ steps[2] at 1.000 s: producers[checkout].acked == 5');
    expect(out).toMatch(/expected: 5\n\s+actual: {3}4/);
  });

  it('exits 2 with every problem of a broken file as file:line:col: path: message', async () => {
    const { code, out, err } = await kafkascope('run', 'broken.yaml');
    expect(code).toBe(2);
    expect(out).toBe('');
    const problems = err.split('\n').filter((l) => l.startsWith('broken.yaml:'));
    expect(problems).toHaveLength(4);
    for (const p of problems) expect(p).toMatch(/^broken\.yaml:\d+:\d+: [\w.[\]]+: ./);
    expect(err).toContain('broken.yaml:4:12: cluster.brokers:');
    expect(err).toContain('4 problems, nothing was run');
  });

  it('--json: the state report plus scenario and expectations, the same hash every time', async () => {
    const first = await report('keys.yaml');
    expect(first.seed).toBe(42);
    expect(first.timeMs).toBe(3000);
    expect(first.scenario).toEqual({
      title: 'Keys pick partitions',
      file: 'keys.yaml',
      durationMs: 3000,
      untilMs: 3000,
    });
    expect(first.expectations.map((e) => [e.step, e.at, e.ok])).toEqual([
      [2, 1000, true],
      [5, 2500, true],
      [5, 2500, true],
    ]);
    expect(first.producers[0]).toMatchObject({ id: 'checkout', acks: 'all', failed: 0 });
    expect(first.topics[0].partitions.reduce((n, p) => n + p.logEndOffset, 0)).toBe(
      first.producers[0].acked,
    );
    expect((await report('keys.yaml')).traceHash).toBe(first.traceHash);
    expect((await report('keys.yaml', '--seed', '42')).traceHash).toBe(first.traceHash);
    const other = await report('keys.yaml', '--seed', '43');
    expect(other.seed).toBe(43);
    expect(other.traceHash).not.toBe(first.traceHash);
  });

  it('--until: stops there; later expectations are not evaluated', async () => {
    const early = await report('keys.yaml', '--until', '1500ms');
    expect(early.timeMs).toBe(1500);
    expect(early.expectations.map((e) => e.ok)).toEqual([true, null, null]);
    expect((await kafkascope('run', 'failing.yaml', '--until', '500ms')).code).toBe(0);
    const late = await report('keys.yaml', '--until', '1m');
    expect(late.timeMs).toBe(60_000);
    expect(late.expectations.every((e) => e.ok === true)).toBe(true);
  });

  it('--trace: one line per event, the count the report gives', async () => {
    const { code, out } = await kafkascope(
      'run',
      'keys.yaml',
      '--json',
      '--quiet',
      '--trace',
      'run.jsonl',
    );
    expect(code).toBe(0);
    const lines = readFileSync(join(dir, 'run.jsonl'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength((JSON.parse(out) as RunReport).eventCount);
    expect(JSON.parse(lines[0])).toMatchObject({ type: 'clusterCreated', seed: 42 });
  });

  it('--check: the engine’s invariants hold after every step', async () => {
    const { code, out } = await kafkascope('run', 'keys.yaml', '--check');
    expect(code).toBe(0);
    expect(out).toContain('Invariants: held after every step ✓');
  });
});

describe('kafkascope bench', () => {
  it('runs a tiny workload and prints both rows and the assignors', async () => {
    const { code, out, err } = await kafkascope('bench', '--records', '20000');
    expect(code).toBe(0);
    expect(out).toMatch(/RF 1, acks=1 +20,000 /);
    expect(out).toMatch(/RF 3, acks=all, min\.isr 2 +20,000 /);
    expect(out).toContain('late/early');
    expect(out).toContain('vs minimal');
    expect(out).toContain('Consumer-group assignors');
    expect(err).toContain('bench: RF 1, acks=1, 20,000 records…');
  }, 120_000);

  it('--runs 2 --json: each row is two runs, with medians and ranges', async () => {
    const { code, out } = await kafkascope('bench', '--records', '5000', '--runs', '2', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out) as {
      rows: {
        runs: number;
        recordsPerSec: number;
        recordsPerSecRange: { min: number; max: number };
        perRun: { recordsPerSec: number }[];
      }[];
    };
    for (const row of result.rows) {
      expect(row.runs).toBe(2);
      expect(row.perRun).toHaveLength(2);
      expect(row.recordsPerSecRange.min).toBeLessThanOrEqual(row.recordsPerSec);
      expect(row.recordsPerSecRange.max).toBeGreaterThanOrEqual(row.recordsPerSec);
    }
  }, 120_000);

  it('--json: one row per workload, every record read by both consumers', async () => {
    const { code, out } = await kafkascope('bench', '--records', '20000', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out) as {
      rows: {
        variant: string;
        records: number;
        consumed: number[];
        finished: boolean;
        recordsPerSec: number;
        traceHash: string;
        minimalLoopRecordsPerSec: number;
        minimalLoopWallMs: number;
        vsMinimalLoop: number;
      }[];
    };
    expect(result.rows.map((r) => r.variant)).toEqual(['rf1-acks1', 'rf3-acksall']);
    for (const row of result.rows) {
      expect(row.finished).toBe(true);
      expect(row.records).toBe(20_000);
      expect(row.consumed).toEqual([20_000, 20_000]);
      expect(row.recordsPerSec).toBeGreaterThan(0);
      expect(row.minimalLoopRecordsPerSec).toBeGreaterThan(0);
      expect(row.minimalLoopWallMs).toBeGreaterThan(0);
      expect(row.vsMinimalLoop).toBeCloseTo(row.recordsPerSec / row.minimalLoopRecordsPerSec, 9);
    }
  }, 120_000);

  it('--records 1000 (the smallest allowed, less than a tick per producer) sends exactly that and stops', async () => {
    // Each producer's share (333 or 334) is under one tick's 1,000 records: its rate was once
    // stopped before it started and never stopped (the run ran out of memory).
    const { code, out } = await kafkascope('bench', '--records', '1000', '--json');
    expect(code).toBe(0);
    const result = JSON.parse(out) as {
      rows: { records: number; consumed: number[]; finished: boolean }[];
    };
    for (const row of result.rows) {
      expect(row.finished).toBe(true);
      expect(row.records).toBe(1000);
      expect(row.consumed).toEqual([1000, 1000]);
    }
  }, 120_000);
});

describe('bench --runs', () => {
  const run = (recordsPerSec: number, minimal: number, early: number, late: number) => ({
    variant: 'rf1-acks1',
    label: 'RF 1, acks=1',
    targetRecordsPerSec: 1,
    records: 10,
    requestedRecords: 10,
    acked: 10,
    consumed: [10, 10],
    finished: true,
    wallMs: 10_000 / recordsPerSec,
    recordsPerSec,
    events: 1,
    tasks: 1,
    virtualMs: 1,
    peakHeapBytes: 1,
    heapAfterGcBytes: null,
    earlyRecordsPerSec: early,
    lateRecordsPerSec: late,
    traceHash: 'same',
    minimalLoopRecordsPerSec: minimal,
    minimalLoopWallMs: 10_000 / minimal,
    vsMinimalLoop: recordsPerSec / minimal,
  });

  it('reports medians and ranges over the runs, each ratio paired within its run', () => {
    const row = summarizeRuns([
      run(300, 1000, 100, 90),
      run(500, 600, 100, 110),
      run(100, 800, 100, 100),
    ]);
    expect(row.runs).toBe(3);
    expect(row.recordsPerSec).toBe(300);
    expect(row.wallMs).toBeCloseTo(10_000 / 300, 9); // the median run's own figures
    expect(row.recordsPerSecRange).toEqual({ min: 100, max: 500 });
    expect(row.minimalLoopRecordsPerSec).toBe(800);
    expect(row.minimalLoopRecordsPerSecRange).toEqual({ min: 600, max: 1000 });
    // Ratios 0.3, 0.8333, 0.125: the median of the ratios, not the ratio of the medians (0.375).
    expect(row.vsMinimalLoop).toBeCloseTo(0.3, 9);
    expect(row.vsMinimalLoopRange.max).toBeCloseTo(500 / 600, 9);
    expect(row.lateOverEarly).toBeCloseTo(1, 9);
    expect(row.lateOverEarlyRange).toEqual({ min: 0.9, max: 1.1 });
    expect(row.perRun.map((r) => r.recordsPerSec)).toEqual([300, 500, 100]);
    expect(row.finished).toBe(true);
  });

  it('fails the row when one run traced differently (the engine was not deterministic)', () => {
    const odd = { ...run(200, 800, 100, 100), traceHash: 'other' };
    const row = summarizeRuns([run(300, 1000, 100, 90), odd]);
    expect(row.finished).toBe(false);
    expect(row.traceHash).toBe('other');
  });

  it('medianOf takes the middle value, or the mean of the middle two', () => {
    expect(medianOf([3, 1, 2])).toBe(2);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('bench minimal loop', () => {
  it('makes exactly the requested records, and both consumers read each once', () => {
    const rf1 = runMinimalLoop(1, 10_001);
    const rf3 = runMinimalLoop(3, 10_001);
    expect(rf1.records).toBe(10_001);
    expect(rf3.records).toBe(10_001);
    // The same records whatever the followers do: the consumers read the same sums.
    expect(rf3.checksum).toBe(rf1.checksum);
    // Values are producer-N-<sequence>, a third of the records (3,334 / 3,334 / 3,333) each.
    let valueChars = 0;
    [3334, 3334, 3333].forEach((share, i) => {
      for (let seq = 0; seq < share; seq++) valueChars += `producer-${i + 1}-${seq}`.length;
    });
    // Each consumer adds every record's value length once, plus its offset.
    expect(rf1.checksum).toBeGreaterThan(2 * valueChars);
    expect(rf1.checksum).toBeLessThan(2 * (valueChars + 10_001 * 10_001));
  });
});

describe('fuzz command', () => {
  it('sweeps seeds and reports every invariant held', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdout: { write: (t: string) => void out.push(t) },
      stderr: { write: (t: string) => void err.push(t) },
      env: {},
      cwd: process.cwd(),
    };
    expect(await main(['fuzz', '--seeds', '3', '--from', '1000'], io)).toBe(0);
    expect(out.join('')).toContain('fuzz: 3 seeds from 1000');
    expect(out.join('')).toContain('every invariant held');
  });

  it('prints the same results on two worker threads as on one', async () => {
    const run = async (workers: string) => {
      const out: string[] = [];
      const io = {
        stdout: { write: (t: string) => void out.push(t) },
        stderr: { write: () => undefined },
        env: {},
        cwd: process.cwd(),
      };
      const code = await main(['fuzz', '--seeds', '4', '--from', '7', '--workers', workers], io);
      return { code, out: out.join('') };
    };
    const one = await run('1');
    expect(one.out).toContain('fuzz: 4 seeds from 7');
    expect(await run('2')).toEqual(one);
  }, 120_000);

  it('rejects a bad seed count with exit 2', async () => {
    const err: string[] = [];
    const io = {
      stdout: { write: () => undefined },
      stderr: { write: (t: string) => void err.push(t) },
      env: {},
      cwd: process.cwd(),
    };
    expect(await main(['fuzz', '--seeds', 'many'], io)).toBe(2);
    expect(err.join('')).toContain('--seeds takes a whole number');
  });
});
