import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine';
import { createEventRing } from './eventRing';

const event = (atMs: number): TraceEvent => ({ type: 'narrated', atMs, text: `t${atMs}` });

describe('createEventRing', () => {
  it('keeps the last `capacity` entries, latest first', () => {
    const ring = createEventRing(3);
    for (let i = 0; i < 5; i++) ring.push({ index: i, event: event(i) });
    expect(ring.latestFirst().map((e) => e.index)).toEqual([4, 3, 2]);
  });

  it('returns fewer entries before it is full, and none after clear', () => {
    const ring = createEventRing(3);
    ring.push({ index: 0, event: event(0) });
    expect(ring.latestFirst().map((e) => e.index)).toEqual([0]);
    ring.clear();
    expect(ring.latestFirst()).toEqual([]);
  });
});
