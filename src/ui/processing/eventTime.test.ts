import { describe, expect, it } from 'vitest';
import { eventTimeOf, parseClock } from './eventTime';

describe('the produce form’s event time', () => {
  it('now leaves the timestamp to the producer (the send time)', () => {
    expect(eventTimeOf({ mode: 'now' }, 30_000)).toEqual({
      ok: true,
      timestampMs: null,
      note: null,
    });
  });

  it('N minutes or seconds ago, from the next whole millisecond (when the command applies)', () => {
    expect(eventTimeOf({ mode: 'ago', amount: 10, unit: 'seconds' }, 29_999.4)).toEqual({
      ok: true,
      timestampMs: 20_000,
      note: null,
    });
    expect(eventTimeOf({ mode: 'ago', amount: 1, unit: 'minutes' }, 90_000)).toMatchObject({
      timestampMs: 30_000,
    });
  });

  it('a time before the start is clamped to 0:00, with a message', () => {
    const r = eventTimeOf({ mode: 'ago', amount: 6, unit: 'minutes' }, 30_000);
    expect(r).toEqual({
      ok: true,
      timestampMs: 0,
      note: '6 minutes ago is before the simulation started: sent with event time 0:00 (timestamps cannot be negative).',
    });
    expect(eventTimeOf({ mode: 'ago', amount: -1, unit: 'minutes' }, 30_000).ok).toBe(false);
  });

  it('an absolute m:ss, refusing what is not a clock time, noting the future', () => {
    expect(parseClock('4:30')).toBe(270_000);
    expect(parseClock('0:07.5')).toBe(7500);
    expect(parseClock('1:02:03')).toBe(3_723_000);
    expect(parseClock('4:75')).toBeNull();
    expect(parseClock('soon')).toBeNull();
    expect(eventTimeOf({ mode: 'at', text: '0:05' }, 30_000)).toEqual({
      ok: true,
      timestampMs: 5000,
      note: null,
    });
    expect(eventTimeOf({ mode: 'at', text: '5:00' }, 30_000)).toMatchObject({
      timestampMs: 300_000,
      note: 'Event time 5:00 is ahead of the clock (0:30): a record from the future moves stream time on.',
    });
    expect(eventTimeOf({ mode: 'at', text: 'x' }, 0)).toEqual({
      ok: false,
      message: '"x" is not a clock time: write m:ss, e.g. 4:30.',
    });
  });
});

describe('behind the stream time', () => {
  it('counts back from the query stream time when there is one, not the clock', () => {
    expect(eventTimeOf({ mode: 'ago', amount: 2, unit: 'minutes' }, 40_000, 380_000)).toEqual({
      ok: true,
      timestampMs: 260_000,
      note: null,
    });
    expect(eventTimeOf({ mode: 'ago', amount: 7, unit: 'minutes' }, 40_000, 380_000)).toMatchObject(
      {
        timestampMs: 0,
        note: expect.stringContaining(
          '7 minutes before stream time 6:20 is before the simulation started',
        ),
      },
    );
  });
});
