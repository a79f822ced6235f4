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
    const log = createEventLog();
    log.record(0, all);
    expect(new Set(all.map((e) => e.type)).size).toBeGreaterThan(10);
    all.forEach((e, i) => {
      const back = log.at(i)!;
      expect(Object.keys(back)).toEqual(Object.keys(e));
      expect(back).toStrictEqual(e);
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
