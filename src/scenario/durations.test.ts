import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './durations';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['2s', 2000],
    ['1.5s', 1500],
    ['1m', 60_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1h2m3s4ms', 3_723_004],
    ['0ms', 0],
    ['0s', 0],
    ['0.25s', 250],
    [' 2s ', 2000],
    [1500, 1500],
    [0, 0],
  ] as const)('%j is %d ms', (input, ms) => {
    expect(parseDuration(input)).toEqual({ ok: true, value: ms });
  });

  it.each([
    ['', /duration such as/],
    ['2', /"2" has no unit: write "2ms" or "2s"/],
    ['2 s', /is not a duration/],
    ['1s1m', /from hours down to milliseconds/],
    ['1s1s', /from hours down to milliseconds/],
    ['1.0005s', /whole milliseconds/],
    ['0.5ms', /whole milliseconds/],
    ['-1s', /is not a duration/],
    ['1d', /is not a duration/],
    ['two seconds', /is not a duration/],
    [-5, /cannot be negative/],
    [1.5, /whole milliseconds/],
    [Number.NaN, /duration such as/],
    [Infinity, /duration such as/],
  ] as const)('%j is refused', (input, message) => {
    const r = parseDuration(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it('never throws on odd input', () => {
    expect(parseDuration(null as unknown as string).ok).toBe(false);
    expect(parseDuration('9'.repeat(10_000)).ok).toBe(false);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [250, '250ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [60_000, '1m'],
    [90_000, '1m30s'],
    [90_500, '1m30.5s'],
    [3_600_000, '1h'],
    [3_723_004, '1h2m3.004s'],
    [12.3456, '12.346ms'],
    [-250, '-250ms'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips every whole number of ms up to a day (fast-check seed 11)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 86_400_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toEqual({ ok: true, value: ms });
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});
