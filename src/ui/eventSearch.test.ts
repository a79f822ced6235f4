import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine';
import { createEventLog } from '../store';
import { describeEvent } from './describeEvent';
import { eventCategory } from './eventMeaning';
import { EventSearchIndex, foldText, SEARCH_CHUNK } from './eventSearch';

/** A mix of kinds: every 7th a broker kill, the rest appends to orders-0…4 and narration. */
function eventAt(i: number): TraceEvent {
  if (i % 7 === 0) return { type: 'brokerKilled', atMs: i, broker: i % 3 };
  if (i % 11 === 0) return { type: 'narrated', atMs: i, text: `Step ${i} → done` };
  return {
    type: 'recordsAppended',
    atMs: i,
    topic: 'orders',
    partition: i % 5,
    broker: 1,
    producer: 'checkout',
    baseOffset: i,
    count: 1,
    leaderEpoch: 0,
  };
}
const eventsUpTo = (n: number): TraceEvent[] => Array.from({ length: n }, (_, i) => eventAt(i));

/** The same search done the slow, obvious way. */
function naive(events: readonly TraceEvent[], text: string, category: string, below: number) {
  const out: number[] = [];
  for (let i = 0; i < below; i++) {
    const e = events[i];
    if (category !== 'all' && eventCategory(e) !== category) continue;
    if (foldText(describeEvent(e)).includes(foldText(text))) out.push(i);
  }
  return out.reverse();
}

describe('EventSearchIndex', () => {
  const N = 3 * SEARCH_CHUNK + 123;
  const all = eventsUpTo(N);

  it('finds matches in every event, across chunks, newest first, with the full count', () => {
    const log = createEventLog();
    log.record(0, all);
    const index = new EventSearchIndex(log);
    expect(index.extend(N)).toBe(true);
    for (const [text, category] of [
      ['broker 2 stopped', 'all'],
      ['ORDERS-3', 'all'],
      ['orders-3', 'failures'],
      ['', 'failures'],
      ['step 77 -> done', 'all'],
      ['step 77 → done', 'lesson'],
      ['zoe', 'all'],
    ] as const) {
      const expected = naive(all, text, category, N);
      const result = index.search({ text, category }, N, 50);
      expect(result.total, `${text} ${category}`).toBe(expected.length);
      expect(result.matches).toEqual(expected.slice(0, 50));
      expect(result.complete).toBe(true);
    }
    // The oldest event is searched too (the old list saw only the last 200).
    expect(index.search({ text: 'broker 0 stopped', category: 'all' }, N, 5000).matches).toContain(
      0,
    );
  });

  it('a match never spans two events', () => {
    const log = createEventLog();
    log.record(0, all.slice(0, 10));
    const index = new EventSearchIndex(log);
    index.extend(10);
    const a = foldText(describeEvent(all[1]));
    const b = foldText(describeEvent(all[2]));
    const across = `${a.slice(-4)}${b.slice(0, 4)}`;
    expect(`${a}${b}`).toContain(across);
    expect(index.search({ text: across, category: 'all' }, 10, 10).total).toBe(0);
  });

  it('while a run plays, searches only the new events and still agrees with a full search', () => {
    const log = createEventLog();
    const index = new EventSearchIndex(log);
    let at = 0;
    for (const step of [5, 300, 1, 2500, 3000, 17]) {
      log.record(at, all.slice(at, at + step));
      at += step;
      index.extend(at);
      const result = index.search({ text: 'orders-4', category: 'all' }, at, 30);
      const expected = naive(all, 'orders-4', 'all', at);
      expect(result.total).toBe(expected.length);
      expect(result.matches).toEqual(expected.slice(0, 30));
    }
    // Back in time (a seek): only what happened before that moment.
    const back = index.search({ text: 'orders-4', category: 'all' }, 1000, 30);
    expect(back.matches).toEqual(naive(all, 'orders-4', 'all', 1000).slice(0, 30));
  });

  it('after a fork, forgets the replaced events and indexes the new ones', () => {
    const log = createEventLog();
    log.record(0, all.slice(0, 2 * SEARCH_CHUNK + 10));
    const index = new EventSearchIndex(log);
    index.extend(log.length);
    expect(index.search({ text: 'zoe', category: 'all' }, log.length, 10).total).toBe(0);
    const forkAt = SEARCH_CHUNK + 5;
    log.truncate(forkAt);
    const zoe: TraceEvent = { type: 'narrated', atMs: forkAt, text: 'zoe went to orders-2' };
    log.record(forkAt, [zoe]);
    index.extend(log.length);
    const result = index.search({ text: 'zoe', category: 'all' }, log.length, 10);
    expect(result.matches).toEqual([forkAt]);
    expect(index.search({ text: 'orders', category: 'all' }, log.length, 10).total).toBe(
      naive([...all.slice(0, forkAt), zoe], 'orders', 'all', forkAt + 1).length,
    );
  });

  it('indexes in slices when asked to stop, and says it is not complete yet', () => {
    const log = createEventLog();
    log.record(0, all);
    const index = new EventSearchIndex(log);
    let calls = 0;
    expect(index.extend(N, () => ++calls >= 2)).toBe(false);
    const partial = index.search({ text: 'orders', category: 'all' }, N, 10);
    expect(partial.complete).toBe(false);
    expect(partial.to).toBeLessThan(N);
    while (!index.extend(N, () => true));
    expect(index.search({ text: 'orders', category: 'all' }, N, 10).complete).toBe(true);
  });

  it('keeps one byte per character: typographic marks are folded to ASCII', () => {
    expect(foldText('A → B – “c”')).toBe('a -> b - "c"');
    const log = createEventLog();
    log.record(0, all);
    const index = new EventSearchIndex(log);
    index.extend(N);
    // About 50 bytes an event for this mix.
    expect(index.bytes / N).toBeLessThan(60);
  });
});
