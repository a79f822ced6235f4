import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  byTime,
  createCursor,
  createWorld,
  recordsHeld,
  runWithCommands,
  traceHash,
} from '../engine';
import { loadScenario } from './compile';
import { recordSources } from './memoryEstimate';
import { runScenario } from './run';
import { parseScenario } from './parse';

const FIREHOSE = `title: Firehose
duration: 24h
cluster:
  brokers: 3
  topics:
    - { name: events, partitions: 6, replicationFactor: 3 }
producers:
  - id: firehose
    topic: events
    rate: 100000
`;

describe('the memory budget, up front', () => {
  it('refuses 100,000 records/s for 24 h at the rate, with the estimate and what to change', () => {
    const loaded = loadScenario(FIREHOSE, 'firehose.yaml');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems).toHaveLength(1);
    const [problem] = loaded.problems;
    expect([problem.path, problem.line]).toEqual(['producers[0].rate', 10]);
    expect(problem.message).toBe(
      'this run would hold about 8,640,000,000 records at once (firehose at 100,000/s), as about ' +
        "51,840,000 log entries (a fast producer's records are held a batch to an entry), about " +
        '8.2 GiB: more than the memory ' +
        'budget of 6,000,000 log entries (about 973 MiB). Lower the rate, the count or the ' +
        'duration, or shorten the retention of events (retentionMs or retentionBytes, with ' +
        'segmentMs: only closed segments are deleted); at 100,000/s the budget lasts 2h46m40s',
    );
  });

  it('holds a fast rate without a key list as runs: 100,000/s with an hour of retention fits', () => {
    // The soak: an hour of records is 360 million, in Kafka's 1 GiB segments and 5
    // minute checks more; held as runs (a batch's records one entry) about two million entries.
    const soak = FIREHOSE.replace(
      '{ name: events, partitions: 6, replicationFactor: 3 }',
      '{ name: events, partitions: 6, replicationFactor: 3, retentionMs: 1h }',
    );
    const loaded = loadScenario(soak, 'soak.yaml');
    expect(loaded.ok, JSON.stringify(!loaded.ok && loaded.problems)).toBe(true);
    // A key list is never held as runs: the same rate is refused, counted in records.
    const keyed = loadScenario(soak.replace('rate: 100000', 'rate: 100000\n    keys: [a, b, c]'));
    expect(keyed.ok).toBe(false);
    if (keyed.ok) return;
    expect(keyed.problems[0].message).toMatch(
      /^this run would hold about [\d,]+ records at once \(firehose at 100,000\/s; it writes 8,640,000,000\).*memory budget of 6,000,000 records/,
    );
    // Nor on a compacted topic (its cleaner reads records one by one).
    const compacted = loadScenario(
      soak.replace('retentionMs: 1h', 'retentionMs: 1h, cleanupPolicy: compact'),
    );
    expect(compacted.ok).toBe(false);
  });

  it('counts what a compacted topic keeps: a record per key, the dirty part and its open segments', () => {
    // 5,000/s for 24 h over 1,000 keys: 432 million written. Compacted with 10 s segments the
    // logs hold the keys twice over (dirty ratio 0.5), 15 s of cleaner backoff and a segment:
    // about 2,000 + 75,000 + 50,000 records.
    const addresses = FIREHOSE.replace(
      '{ name: events, partitions: 6, replicationFactor: 3 }',
      '{ name: events, partitions: 6, replicationFactor: 3, cleanupPolicy: compact, segmentMs: 10s }',
    ).replace(
      'rate: 100000',
      `rate: 5000\n    keys: [${Array.from({ length: 1000 }, (_, i) => `k${i}`).join(', ')}]`,
    );
    const loaded = loadScenario(addresses, 'addresses.yaml');
    expect(loaded.ok, JSON.stringify(!loaded.ok && loaded.problems)).toBe(true);
    // With Kafka's 7-day segments nothing closes, so nothing is cleaned: refused.
    const neverClosed = loadScenario(addresses.replace(', segmentMs: 10s', ''));
    expect(neverClosed.ok).toBe(false);
    // Nor when the cleaner waits for a log all dirty (min.cleanable.dirty.ratio 1).
    const neverDirtyEnough = loadScenario(
      addresses.replace('segmentMs: 10s', 'segmentMs: 10s, minCleanableDirtyRatio: 1'),
    );
    expect(neverDirtyEnough.ok).toBe(false);
    // A day of compaction lag holds a day of records.
    const lagging = loadScenario(
      addresses.replace('segmentMs: 10s', 'segmentMs: 10s, minCompactionLagMs: 1d'),
    );
    expect(lagging.ok).toBe(false);
  });

  it('counts what retention keeps, not what is written: 20,000/s for 24 h fits with a minute of retention', () => {
    // With keys from a list: its records are held one by one (no runs).
    const slower = FIREHOSE.replace('rate: 100000', 'rate: 20000\n    keys: [a, b, c]');
    expect(loadScenario(slower, 'slower.yaml').ok).toBe(false);
    // retention.ms 1 m, segment.ms 10 s, checks every 10 s (and the first after 30 s): about
    // 20,000 × (60 + 10 + 10 + 30) s = 2.2 million records held, of 1.7 billion written.
    const kept = slower
      .replace(
        '{ name: events, partitions: 6, replicationFactor: 3 }',
        '{ name: events, partitions: 6, replicationFactor: 3, retentionMs: 1m, segmentMs: 10s }',
      )
      .replace('  brokers: 3\n', '  brokers: 3\n  logRetentionCheckInterval: 10s\n');
    const loaded = loadScenario(kept, 'kept.yaml');
    expect(loaded.ok, JSON.stringify(!loaded.ok && loaded.problems)).toBe(true);
    // With Kafka's 5 minute check interval: 20,000 × (60 + 10 + 300 + 30) s = 8 million, too
    // many again; the message says how many are held and how many written.
    const checkedSlowly = loadScenario(
      kept.replace('logRetentionCheckInterval: 10s', 'logRetentionCheckInterval: 5m'),
      'slow.yaml',
    );
    expect(checkedSlowly.ok).toBe(false);
    if (checkedSlowly.ok) return;
    expect(checkedSlowly.problems[0].message).toMatch(
      /^this run would hold about 8,000,000 records at once \(firehose at 20,000\/s; it writes 1,728,000,000\), about/,
    );
  });

  it('counts rates between their changes, and produce steps’ counts', () => {
    const parsed = parseScenario(
      `${FIREHOSE.replace('24h', '60s').replace('rate: 100000', 'rate: 1000')}steps:
  - at: 10s
    rate: { producer: firehose, rate: 0 }
  - at: 20s
    rate: { producer: firehose, rate: 500 }
  - at: 30s
    produce: { producer: firehose, count: 42 }
`,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const sources = recordSources(parsed.value, parsed.value.steps);
    expect(sources.map((s) => [s.path.join('.'), s.records])).toEqual([
      ['steps.2.produce', 42],
      ['producers.0.rate', 10_000],
      ['steps.1.rate.rate', 20_000],
    ]);
  });

  it('every built-in scenario fits', () => {
    for (const file of readdirSync('public/scenarios').filter((f) => f.endsWith('.yaml'))) {
      const loaded = loadScenario(readFileSync(`public/scenarios/${file}`, 'utf8'), file);
      expect(loaded.ok, file).toBe(true);
    }
  });
});

describe('records held under retention, while running', () => {
  it('a topic with retentionMs 1m and segmentMs 10s holds about a minute and a half of a 5 minute run', () => {
    const loaded = loadScenario(
      `title: Aging
duration: 5m
cluster:
  brokers: 3
  logRetentionCheckInterval: 10s
  topics:
    - { name: events, partitions: 2, replicationFactor: 3, retentionMs: 1m, segmentMs: 10s }
producers:
  - id: app
    topic: events
    rate: 200
`,
      'aging.yaml',
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const run = runScenario(loaded.value);
    const written = 200 * 300;
    const held = recordsHeld(run.world);
    expect(
      run.world.topics.events.partitions.every((p) => p.logs[p.leader].logStartOffset > 0),
    ).toBe(true);
    // retention.ms + segment.ms + the check interval: 80 s at 200/s.
    expect(held).toBeLessThanOrEqual(200 * 80);
    expect(held).toBeLessThan(written / 3);
  });

  it('a compacted topic holds no more than the estimate says, second by second', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`).join(', ');
    const loaded = loadScenario(
      `title: Addresses
duration: 2m
cluster:
  brokers: 3
  topics:
    - { name: events, partitions: 2, replicationFactor: 3, cleanupPolicy: compact, segmentMs: 5s }
producers:
  - id: app
    topic: events
    rate: 1000
    keys: [${keys}]
`,
      'addresses.yaml',
    );
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    // keys ÷ (1 − 0.5) + 15 s of cleaner backoff + one 5 s segment, at 1,000/s.
    const estimate = 200 / 0.5 + 1000 * 15 + 1000 * 5;
    const world = createWorld(loaded.value.setup);
    const cursor = createCursor(byTime(loaded.value.commands));
    let most = 0;
    for (let t = 1000; t <= 120_000; t += 1000) {
      runWithCommands(world, cursor, t);
      most = Math.max(most, recordsHeld(world));
    }
    expect(most).toBeLessThanOrEqual(estimate);
    // It cleans: far less than the 120,000 written.
    expect(recordsHeld(world)).toBeLessThan(estimate);
    expect(world.topics.events.partitions[0].logs[1].cleanerCheckpoint).toBeGreaterThan(0);
  });
});

describe('the memory budget, while running', () => {
  const fits = loadScenario(
    FIREHOSE.replace('24h', '30s').replace('rate: 100000', 'rate: 1000'),
    'fits.yaml',
  );
  if (!fits.ok) throw new Error(JSON.stringify(fits.problems));
  const compiled = fits.value;

  it('stops at a whole second, before the records held pass the budget, and says why', () => {
    const run = runScenario(compiled, { maxRecordsHeld: 10_000 });
    const stop = run.memoryStop!;
    expect(stop).toBeDefined();
    // ~1,000 records a second: it stops at about 9 s, one second's growth short of 10,000.
    expect(stop.atMs % 1000).toBe(0);
    expect(stop.atMs).toBeLessThan(30_000);
    expect(stop.recordsHeld).toBeLessThanOrEqual(10_000);
    expect(stop.recordsHeld).toBeGreaterThan(10_000 - 2 * 1100);
    expect(run.world.nowMs).toBe(stop.atMs);
    expect(stop.message).toMatch(/^Stopped at \d+\.0 s of virtual time/);
  });

  it('within the budget, running in one-second slices gives the trace of one straight run', () => {
    const sliced = runScenario(compiled);
    expect(sliced.memoryStop).toBeUndefined();
    const straight = createWorld(compiled.setup);
    runWithCommands(straight, createCursor(byTime(compiled.commands)), 30_000);
    expect(traceHash(sliced.world)).toBe(traceHash(straight));
    expect(sliced.world.nowMs).toBe(30_000);
  });
});
