import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Command, TraceEvent } from '../engine';
import { loadScenario, type CompiledScenario } from '../scenario';
import { createEventLog, EVENT_LOG_CHUNK, type EventLog } from './eventLog';
import { Run, runEntries } from './run';
import { createSimulationDriver } from './simulationDriver';

const event = (atMs: number): TraceEvent => ({ type: 'narrated', atMs, text: `t${atMs}` });
const events = (from: number, n: number): TraceEvent[] =>
  Array.from({ length: n }, (_, i) => event(from + i));
const held = (log: EventLog): number[] => {
  const out: number[] = [];
  for (let i = log.firstIndex; i < log.length; i++) out.push(log.at(i)!.atMs);
  return out;
};

describe('createEventLog', () => {
  it('appends contiguously; a second writer of the same indices changes nothing; a gap is not recorded', () => {
    const log = createEventLog();
    log.record(0, events(0, 3));
    log.record(1, [event(100), event(101), event(3)]); // indices 1, 2 already held; 3 is new
    log.record(10, events(10, 2)); // a gap
    expect(held(log)).toEqual([0, 1, 2, 3]);
    expect(log.at(4)).toBeUndefined();
  });

  it('a fork truncates, counts, and says from where events were replaced', () => {
    const log = createEventLog();
    log.record(0, events(0, 10));
    expect(log.forks).toBe(0);
    expect(log.replacedFrom(0)).toBe(Infinity);
    log.truncate(6);
    log.record(6, [event(60)]);
    log.truncate(3);
    expect(held(log)).toEqual([0, 1, 2]);
    expect(log.forks).toBe(2);
    expect(log.replacedFrom(0)).toBe(3);
    expect(log.replacedFrom(1)).toBe(3);
    expect(log.replacedFrom(2)).toBe(Infinity);
    log.truncate(50); // past the end: not a fork
    expect(log.forks).toBe(2);
  });

  it('holds every kind of value: fractions, -0, large numbers, flags, null, undefined, lists', () => {
    const odd = {
      type: 'narrated',
      atMs: 0.1 + 0.2,
      text: 'x',
      whole: 7,
      negative: -3,
      fraction: 2.5,
      negativeZero: -0,
      large: 2 ** 40,
      yes: true,
      no: false,
      none: null,
      missing: undefined,
      list: [1, { a: 'b' }],
      nested: { deep: [2] },
    };
    const log = createEventLog();
    log.record(0, [odd as unknown as TraceEvent, event(5)]);
    log.truncate(1);
    log.record(1, [event(6)]);
    const back = log.at(0) as unknown as typeof odd;
    expect(back).toStrictEqual(odd);
    expect(Object.keys(back)).toEqual(Object.keys(odd));
    expect(Object.is(back.negativeZero, -0)).toBe(true);
    expect(back.atMs).toBe(0.1 + 0.2);
    expect(log.at(1)).toEqual(event(6));
  });

  it('past its capacity it drops the oldest chunk and says where it starts', () => {
    const log = createEventLog(2 * EVENT_LOG_CHUNK);
    log.record(0, events(0, 2 * EVENT_LOG_CHUNK + 5));
    expect(log.firstIndex).toBe(EVENT_LOG_CHUNK);
    expect(log.length).toBe(2 * EVENT_LOG_CHUNK + 5);
    expect(log.at(EVENT_LOG_CHUNK - 1)).toBeUndefined();
    expect(log.at(EVENT_LOG_CHUNK)?.atMs).toBe(EVENT_LOG_CHUNK);
    expect(log.at(2 * EVENT_LOG_CHUNK + 4)?.atMs).toBe(2 * EVENT_LOG_CHUNK + 4);
    // A fork before the oldest held event leaves nothing, and recording resumes there.
    log.truncate(10);
    expect(log.firstIndex).toBe(10);
    log.record(10, [event(1)]);
    expect(held(log)).toEqual([1]);
  });
});

/** A seeded generator (mulberry32), so each property test replays from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Equal as the log must give it back: same keys in the same order, numbers by `Object.is`. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null)
    return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length || keys.some((k, i) => k !== other[i])) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  return keys.every((k) => same(x[k], y[k]));
}

/** Numbers the packing must give back bit for bit, beside ordinary ones. */
const ODD_NUMBERS = [
  -0,
  NaN,
  Infinity,
  -Infinity,
  0.1 + 0.2,
  2.5,
  -7.125,
  1e-300,
  Number.MIN_VALUE,
  Number.MAX_VALUE,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 40,
  -(2 ** 53),
  2 ** 53 + 2,
  276344.41599999997,
  276344.416,
  0.0005,
  1e21,
];

/**
 * Events like the engine's, and stranger: times that stay, step by fractions summed in floats
 * (so often a unit in the last place off a whole microsecond), jump far or are odd numbers;
 * ints small and large, strings, flags, null, undefined, lists and nested objects, in many
 * shapes (types with keys in different orders).
 */
function eventMaker(next: () => number): () => TraceEvent {
  let atMs = next() * 1000;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const int = (): number =>
    pick([0, 1, -1, 7, 300, -300, 70_000, 2 ** 30, -(2 ** 31), 2 ** 31 - 1]) +
    Math.floor(next() * 3);
  const value = (): unknown => {
    const r = next();
    if (r < 0.35) return int();
    if (r < 0.45) return atMs + Math.floor(next() * 40_000) / 1000 + 0.001 * next();
    if (r < 0.55) return pick(ODD_NUMBERS);
    if (r < 0.7) return pick(['', 'events', 'billing-1', 'ü→✓', `s${Math.floor(next() * 50)}`]);
    if (r < 0.78) return next() < 0.5;
    if (r < 0.83) return null;
    if (r < 0.87) return undefined;
    if (r < 0.93) return [int(), { a: pick(['b', 'c']), n: -0 }];
    return { deep: { list: [atMs, null], text: 'x' } };
  };
  return () => {
    const r = next();
    if (r < 0.3) {
      // stays
    } else if (r < 0.9) atMs += Math.floor(next() * 5000) / 1000;
    else if (r < 0.95) atMs += next() * 1e9;
    else atMs = pick([...ODD_NUMBERS, 0, 12]);
    const type = pick(['narrated', 'recordsSent', 'replicaFetched', 'odd']);
    const fields = Math.floor(next() * 6);
    const event: Record<string, unknown> = next() < 0.9 ? { type, atMs } : { atMs, type };
    for (let k = 0; k < fields; k++) event[pick(['a', 'b', 'c', 'partition', 'count'])] = value();
    return event as unknown as TraceEvent;
  };
}

describe('what the log gives back is what was recorded (property tests)', () => {
  const CHUNKS = 4;

  /** Checks every index the log holds against `model`, read in the order `order` gives. */
  function check(log: EventLog, model: readonly TraceEvent[], order: readonly number[]): void {
    for (const i of order) {
      const back = log.at(i);
      if (!same(back, model[i]))
        expect({ index: i, event: back }).toStrictEqual({ index: i, event: model[i] });
    }
  }

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: records, truncations (also into packed chunks), overflow, read in every order`, () => {
      const next = random(seed);
      const make = eventMaker(next);
      const log = createEventLog(CHUNKS * EVENT_LOG_CHUNK);
      const model: TraceEvent[] = [];
      let first = 0;
      let intoPacked = 0;
      for (let step = 0; step < 16; step++) {
        const r = next();
        if (r < 0.3 && model.length > first) {
          // A fork: anywhere, mostly inside what is held (sealed chunks too), sometimes before it.
          const to = Math.max(0, first + Math.floor(next() * (model.length - first + 50)) - 50);
          const sealedEnd =
            first + Math.floor((model.length - first) / EVENT_LOG_CHUNK) * EVENT_LOG_CHUNK;
          if (to > first && to < sealedEnd && (to - first) % EVENT_LOG_CHUNK !== 0) intoPacked++;
          log.truncate(to);
          if (to < model.length) model.length = to;
          first = Math.min(first, to);
        } else {
          const n = Math.floor(next() * (r < 0.9 ? 3 * EVENT_LOG_CHUNK : 100));
          for (let i = 0; i < n; i++) {
            model.push(make());
            if (model.length - first > CHUNKS * EVENT_LOG_CHUNK) first += EVENT_LOG_CHUNK;
          }
          // In steps of a few events, sometimes repeating some already held.
          for (let i = model.length - n; i < model.length;) {
            const from = Math.max(0, i - Math.floor(next() * 3));
            const to = Math.min(model.length, i + 1 + Math.floor(next() * 12));
            log.record(from, model.slice(from, to));
            i = to;
          }
        }
        expect([log.firstIndex, log.length]).toEqual([first, model.length]);
        const held = Array.from({ length: model.length - first }, (_, k) => first + k);
        const shuffled = held.map((i) => held[Math.floor(next() * held.length)] ?? i);
        check(log, model, step % 3 === 0 ? held : step % 3 === 1 ? [...held].reverse() : shuffled);
      }
      expect(intoPacked).toBeGreaterThan(0);
    });
  }

  it('many shapes (past 64, the most a one-byte header holds), and past 65,535 (events kept whole)', () => {
    const model: TraceEvent[] = [];
    for (let i = 0; i < 66_000; i++) {
      model.push({
        type: 'narrated',
        atMs: i / 8,
        [`k${i}`]: i % 3 === 0 ? -0 : i,
      } as unknown as TraceEvent);
    }
    const log = createEventLog(64 * EVENT_LOG_CHUNK);
    log.record(0, model);
    const wrong = model.filter((e, i) => !same(log.at(i), e));
    expect(wrong).toEqual([]);
    log.truncate(65_600);
    log.record(65_600, [event(1)]);
    expect(same(log.at(65_599), model[65_599])).toBe(true);
    expect(log.at(65_600)).toEqual(event(1));
  });
});

function scenario(name: string): CompiledScenario {
  const loaded = loadScenario(readFileSync(`public/scenarios/${name}.yaml`, 'utf8'), name);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value;
}

/** Every event of a straight headless run to `atMs`. */
function straightEvents(
  s: CompiledScenario,
  atMs: number,
  session: { atMs: number; command: Command }[] = [],
): TraceEvent[] {
  const all: TraceEvent[] = [];
  const run = Run.start(s, s.seed, runEntries(s, session), 1, (evs) => all.push(...evs));
  run.runUntil(atMs);
  return all;
}

const shown = (frame: { eventLog: EventLog; snapshot: { eventCount: number } }): TraceEvent[] =>
  Array.from({ length: frame.snapshot.eventCount }, (_, i) => frame.eventLog.at(i)!);

describe('the driver keeps every event of the run in its log', () => {
  const FAILOVER = scenario('broker-failover');

  it('all of them, not the last 200, whether played, indexed ahead or reached by seeking', () => {
    const driver = createSimulationDriver();
    driver.start(FAILOVER, FAILOVER.seed);
    driver.runUntil(10_000);
    while (driver.indexAhead(() => false));
    driver.seek(50_000);
    driver.seek(20_000);
    driver.seek(FAILOVER.durationMs);
    const frame = driver.frame();
    expect(frame.snapshot.eventCount).toBeGreaterThan(200);
    expect(shown(frame)).toEqual(straightEvents(FAILOVER, FAILOVER.durationMs));
  });

  it('reads back each event as it was: same keys in the same order, same values', () => {
    const all = straightEvents(FAILOVER, FAILOVER.durationMs);
    // And a busier run's, to fill packed chunks: 8 brokers, 200 records/s.
    all.push(...straightEvents(scenario('../../e2e/fixtures/bench-ui'), 10_000));
    const log = createEventLog();
    log.record(0, all);
    expect(new Set(all.map((e) => e.type)).size).toBeGreaterThan(10);
    expect(all.length).toBeGreaterThan(2 * EVENT_LOG_CHUNK); // packed chunks and an open one
    all.forEach((e, i) => {
      const back = log.at(i)!;
      if (!same(back, e)) expect(back).toStrictEqual(e);
    });
  });

  it('after an action in the past, the log is the forked run’s, not the old future', () => {
    const driver = createSimulationDriver();
    driver.start(FAILOVER, FAILOVER.seed);
    while (driver.indexAhead(() => false)); // the log holds the whole original run
    driver.seek(12_000);
    const kill: Command = { type: 'killBroker', broker: 3 };
    driver.apply(kill);
    while (driver.indexAhead(() => false));
    driver.seek(40_000);
    const frame = driver.frame();
    expect(frame.eventLog.forks).toBe(1);
    expect(shown(frame)).toEqual(straightEvents(FAILOVER, 40_000, driver.session()));
    // What the indexer recorded ahead is the new future too.
    driver.seek(FAILOVER.durationMs);
    expect(shown(driver.frame())).toEqual(
      straightEvents(FAILOVER, FAILOVER.durationMs, driver.session()),
    );
  });

  it('a new run gets a new log', () => {
    const driver = createSimulationDriver();
    driver.start(FAILOVER, FAILOVER.seed);
    const first = driver.frame().eventLog;
    driver.start(FAILOVER, FAILOVER.seed);
    expect(driver.frame().eventLog).not.toBe(first);
  });
});
