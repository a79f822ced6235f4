import { describe, expect, it } from 'vitest';
import {
  windowState,
  windowsOfView as windowsFor,
  type AggregationInput,
  type CacheEntryView,
  type EmittedRow,
  type StoreEntryView,
  type StreamsTaskView,
  type WindowView,
} from '../engine';
import { formatEventTime } from '../runtime';
import {
  isOutOfOrder,
  layoutWindows,
  type WindowLayoutOptions,
  type WindowLayoutQuery,
} from './windowLayout';

const TUMBLING_10S: WindowView = {
  kind: 'TUMBLING',
  sizeMs: 10_000,
  advanceMs: 10_000,
  gapMs: 0,
  graceMs: 2000,
};
const HOPPING_10S_5S: WindowView = { ...TUMBLING_10S, kind: 'HOPPING', advanceMs: 5000 };

let seq = 0;
function input(
  key: string,
  timestampMs: number,
  streamTimeMs: number,
  more: Partial<AggregationInput> = {},
): AggregationInput {
  seq += 1;
  return {
    seq,
    task: '0_0',
    key,
    timestampMs,
    processedAtMs: 1000 + seq * 1000,
    topic: 'attempts',
    partition: 0,
    offset: seq,
    outcome: 'counted',
    streamTimeMs,
    closeMs: streamTimeMs - 2000,
    ...more,
  };
}

function task(id: string, streamTimeMs: number, graceMs = 2000): StreamsTaskView {
  return {
    id,
    query: 'Q',
    instance: 'app-1',
    state: 'RUNNING',
    streamTimeMs,
    processed: 1,
    restoring: null,
    closeMs: streamTimeMs - graceMs,
  };
}

function entry(
  key: string,
  startMs: number,
  count: number,
  more: Partial<StoreEntryView> = {},
): StoreEntryView {
  return {
    task: '0_0',
    key,
    window: { startMs, endMs: startMs + 10_000 },
    value: { KSQL_AGG_VARIABLE_0: count },
    timestampMs: startMs,
    passesHaving: count > 2,
    ...more,
  };
}

function output(key: string, startMs: number, reason: EmittedRow['reason']): EmittedRow {
  seq += 1;
  return {
    seq,
    atMs: 0,
    task: '0_0',
    topic: 'OUT',
    partition: 0,
    key,
    window: { startMs, endMs: startMs + 10_000 },
    value: '{"N":1}',
    timestampMs: startMs,
    reason,
    having: null,
  };
}

function query(q: Partial<WindowLayoutQuery>): WindowLayoutQuery {
  return {
    inputs: [],
    outputs: [],
    tasks: [task('0_0', 15_000)],
    store: [],
    cache: [],
    window: TUMBLING_10S,
    hasHaving: true,
    droppedRecords: 0,
    ...q,
  };
}

const OPTIONS: WindowLayoutOptions = {
  widthPx: 800,
  fontPx: 13,
  maxRows: 8,
  nowMs: 100_000,
  formatTime: formatEventTime,
};

describe('windowState (a record joins window w iff w.end > stream time − grace)', () => {
  it('is open while the end is after stream time', () => {
    expect(windowState(15_001, 15_000, 13_000)).toBe('open');
  });
  it('is in grace from end == stream time down to just after the close line', () => {
    expect(windowState(15_000, 15_000, 13_000)).toBe('grace');
    expect(windowState(13_001, 15_000, 13_000)).toBe('grace');
  });
  it('is closed once the end is at or before the close line', () => {
    expect(windowState(13_000, 15_000, 13_000)).toBe('closed');
    expect(windowState(5000, 15_000, 13_000)).toBe('closed');
  });
  it('with no grace, end == stream time is closed (a record at the end closes the window)', () => {
    expect(windowState(15_000, 15_000, 15_000)).toBe('closed');
    expect(windowState(15_001, 15_000, 15_000)).toBe('open');
  });
  it('sessions close once end + gap is before the close line', () => {
    // gap 3 s, stream time 20 s, grace 2 s: close 18 s.
    expect(windowState(17_000, 20_000, 18_000, 3000)).toBe('open');
    expect(windowState(16_000, 20_000, 18_000, 3000)).toBe('grace');
    expect(windowState(14_999, 20_000, 18_000, 3000)).toBe('closed');
  });
});

describe('windowsFor', () => {
  it('gives a tumbling record one epoch-aligned window', () => {
    expect(windowsFor(13_000, TUMBLING_10S)).toEqual([{ startMs: 10_000, endMs: 20_000 }]);
    expect(windowsFor(10_000, TUMBLING_10S)).toEqual([{ startMs: 10_000, endMs: 20_000 }]);
  });
  it('gives a hopping record every window that covers it, none before 0', () => {
    expect(windowsFor(8000, HOPPING_10S_5S)).toEqual([
      { startMs: 0, endMs: 10_000 },
      { startMs: 5000, endMs: 15_000 },
    ]);
    expect(windowsFor(3000, HOPPING_10S_5S)).toEqual([{ startMs: 0, endMs: 10_000 }]);
  });
  it('gives sessions none (they come from the store)', () => {
    expect(windowsFor(3000, { ...TUMBLING_10S, kind: 'SESSION', gapMs: 5000 })).toEqual([]);
  });
});

describe('isOutOfOrder', () => {
  it('holds when the event time is below the stream time it arrived at', () => {
    expect(isOutOfOrder({ timestampMs: 3000, streamTimeMs: 5000 })).toBe(true);
    expect(isOutOfOrder({ timestampMs: 5000, streamTimeMs: 5000 })).toBe(false);
  });
});

describe('layoutWindows', () => {
  it('returns null for an unwindowed query', () => {
    expect(layoutWindows(query({ window: null }), OPTIONS)).toBeNull();
  });

  it('draws each window with the count the task sees, the cache over the store', () => {
    const layout = layoutWindows(
      query({
        inputs: [input('A', 11_000, 11_000), input('A', 13_000, 13_000)],
        store: [entry('A', 10_000, 2)],
        cache: [{ ...entry('A', 10_000, 3), dirty: true } satisfies CacheEntryView],
      }),
      OPTIONS,
    )!;
    const [win] = layout.rows[0].windows;
    expect(win).toMatchObject({ startMs: 10_000, endMs: 20_000, count: 3, dirty: true });
    expect(win.passesHaving).toBe(true);
    expect(win.label?.text).toContain('3');
  });

  it('shows HAVING only when the query has one', () => {
    const layout = layoutWindows(
      query({ hasHaving: false, store: [entry('A', 10_000, 5, { passesHaving: true })] }),
      OPTIONS,
    )!;
    expect(layout.rows[0].windows[0].passesHaving).toBe(false);
  });

  it('judges windows by the key’s own task: stream time is per task', () => {
    const layout = layoutWindows(
      query({
        tasks: [task('1_0', 11_000), task('1_1', 13_000)],
        inputs: [
          input('A', 9000, 11_000, { task: '1_0' }),
          input('B', 9000, 13_000, { task: '1_1' }),
        ],
      }),
      OPTIONS,
    )!;
    const byKey = Object.fromEntries(layout.rows.map((r) => [r.key, r]));
    // Window [0, 10 s): task 1_0 closes at 9 s (in grace), task 1_1 at 11 s (closed).
    expect(byKey.A.windows[0].state).toBe('grace');
    expect(byKey.B.windows[0].state).toBe('closed');
    expect(byKey.A.streamLine?.timeMs).toBe(11_000);
    expect(byKey.B.streamLine?.timeMs).toBe(13_000);
    expect(byKey.B.closeLine?.timeMs).toBe(11_000);
    expect(byKey.A.task).toBe('1_0');
  });

  it('gives a hopping record several windows, in different lanes', () => {
    const layout = layoutWindows(
      query({ window: HOPPING_10S_5S, inputs: [input('A', 8000, 8000)] }),
      OPTIONS,
    )!;
    const windows = layout.rows[0].windows;
    expect(windows.map((w) => [w.startMs, w.endMs])).toEqual([
      [0, 10_000],
      [5000, 15_000],
    ]);
    expect(windows[0].y).not.toBe(windows[1].y);
  });

  it('counts a hopping late record against the windows it missed only', () => {
    const late = input('B', 8000, 13_000, { outcome: 'late', closeMs: 11_000 });
    const layout = layoutWindows(
      query({ window: HOPPING_10S_5S, inputs: [late], droppedRecords: 1 }),
      OPTIONS,
    )!;
    const row = layout.rows[0];
    expect(row.windows.map((w) => w.lateDropped)).toEqual([1, 0]);
    expect(row.lateDropped).toBe(1);
    expect(row.lateLabel?.text).toContain('1 late');
    const mark = row.records.find((r) => r.seq === late.seq)!;
    expect(mark.outcome).toBe('late');
    expect(mark.label?.text).toBe('late');
    // An arrow back from the stream time it arrived at.
    expect(mark.arrowFromX).not.toBeNull();
    expect(mark.arrowFromX!).toBeGreaterThan(mark.x);
    expect(layout.droppedRecords).toBe(1);
  });

  it('marks out-of-order records, counted or not', () => {
    const layout = layoutWindows(
      query({ inputs: [input('A', 4000, 4000), input('A', 3000, 4000), input('A', 5000, 5000)] }),
      OPTIONS,
    )!;
    expect(layout.rows[0].records.map((r) => r.outOfOrder)).toEqual([false, true, false]);
  });

  it('marks EMIT FINAL results on their window only', () => {
    const layout = layoutWindows(
      query({
        inputs: [input('A', 4000, 4000), input('A', 13_000, 13_000)],
        outputs: [output('A', 0, 'window close'), output('A', 10_000, 'update')],
      }),
      OPTIONS,
    )!;
    expect(layout.rows[0].windows.map((w) => [w.startMs, w.finalResult])).toEqual([
      [0, true],
      [10_000, false],
    ]);
  });

  it('caps the rows, most recent keys first, and counts the rest', () => {
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9'];
    const layout = layoutWindows(
      query({ inputs: keys.map((k, i) => input(k, i * 1000, i * 1000)) }),
      OPTIONS,
    )!;
    expect(layout.rows.map((r) => r.key)).toEqual(['k9', 'k8', 'k7', 'k6', 'k5', 'k4', 'k3', 'k2']);
    expect(layout.hiddenKeys).toBe(2);
    const ys = layout.rows.map((r) => r.y);
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    expect(layout.heightPx).toBeGreaterThan(layout.rows[7].y + layout.rows[7].height);
  });

  it('keeps at most about four windows on the axis and counts what is left of it', () => {
    const inputs = Array.from({ length: 10 }, (_, i) =>
      input('A', i * 10_000 + 500, i * 10_000 + 500),
    );
    const layout = layoutWindows(query({ tasks: [task('0_0', 90_500)], inputs }), OPTIONS)!;
    const [from, to] = layout.domainMs;
    expect(to).toBeGreaterThan(90_500);
    // Four windows up to the stream time, and room for its label after it.
    expect(90_500 - from).toBeLessThanOrEqual(4 * 10_000);
    expect(to - from).toBeLessThan(6 * 10_000);
    expect(layout.windowsOffscreen).toBeGreaterThan(0);
    expect(layout.recordsOffscreen).toBeGreaterThan(0);
    expect(layout.windowsOffscreen + layout.rows[0].windows.length).toBe(10);
  });

  it('starts the axis at the earliest window and ends it past the latest stream time', () => {
    const layout = layoutWindows(
      query({ inputs: [input('A', 3000, 3000)], tasks: [task('0_0', 3000)] }),
      OPTIONS,
    )!;
    expect(layout.domainMs[0]).toBe(0);
    expect(layout.domainMs[1]).toBeGreaterThan(3000);
    const row = layout.rows[0];
    expect(row.streamLine?.x).toBeGreaterThan(layout.plotLeft);
    expect(row.streamLine?.label.text).toBe('stream time 0:03');
    // The close line (1 s) is on the axis and labelled.
    expect(row.closeLine?.x).not.toBeNull();
    expect(row.closeLine?.label.text).toBe('close 0:01');
    // The window runs past the right edge: clipped, with where it ends.
    expect(row.windows[0].clippedRight).toBe(true);
    expect(row.windows[0].endLabel?.text).toBe('0:10 →');
  });

  it('puts a close line left of the axis at the edge with an arrow (a long grace)', () => {
    const longGrace = { ...TUMBLING_10S, graceMs: 86_100_000 };
    const layout = layoutWindows(
      query({
        window: longGrace,
        tasks: [task('0_0', 7000, longGrace.graceMs)],
        inputs: [input('A', 7000, 7000)],
      }),
      OPTIONS,
    )!;
    const close = layout.rows[0].closeLine!;
    expect(close.x).toBeNull();
    expect(close.label.text.startsWith('← close')).toBe(true);
    expect(layout.rows[0].windows[0].state).toBe('open');
  });

  it('keeps an off-axis close label clear of a stream label near the left edge', () => {
    const longGrace = { ...TUMBLING_10S, graceMs: 86_100_000 };
    const layout = layoutWindows(
      query({
        window: longGrace,
        tasks: [task('1_0', 85_000, longGrace.graceMs), task('1_3', 52_000, longGrace.graceMs)],
        inputs: [
          input('B', 52_000, 52_000, { task: '1_3' }),
          input('A', 85_000, 85_000, { task: '1_0' }),
        ],
      }),
      { ...OPTIONS, widthPx: 390 },
    )!;
    const b = layout.rows.find((r) => r.key === 'B')!;
    const close = b.closeLine!.label;
    const stream = b.streamLine!.label;
    expect(close.y).toBe(stream.y);
    const closeEnd = close.x + close.text.length * 13 * 0.9 * 0.62;
    expect(stream.anchor).toBe('start');
    expect(stream.x).toBeGreaterThan(closeEnd);
  });

  it('says why a row has no time lines when its task has seen no record since it started', () => {
    const restarted = { ...task('0_0', -1), closeMs: null };
    const layout = layoutWindows(
      query({ tasks: [restarted], inputs: [input('A', 4000, 4000)], store: [entry('A', 0, 1)] }),
      OPTIONS,
    )!;
    const row = layout.rows[0];
    expect(row.streamLine).toBeNull();
    expect(row.closeLine).toBeNull();
    expect(row.timeNote?.text).toMatch(/no stream time yet/);
  });

  it('flashes only records processed just before now', () => {
    const fresh = input('A', 4000, 4000, { processedAtMs: 99_500 });
    const old = input('A', 3000, 4000, { processedAtMs: 50_000 });
    const layout = layoutWindows(query({ inputs: [old, fresh] }), OPTIONS)!;
    expect(layout.rows[0].records.map((r) => r.fresh)).toEqual([false, true]);
    expect(layout.rows[0].windows[0].fresh).toBe(true);
  });

  it('keeps labels inside a 390 px wide view', () => {
    const layout = layoutWindows(
      query({
        inputs: [
          input('4111', 4000, 4000),
          input('4111', 3000, 4000),
          input('5500', 12_000, 12_000),
          input('5500', 8000, 15_000, { outcome: 'late', closeMs: 13_000 }),
        ],
        tasks: [task('0_0', 15_000)],
      }),
      { ...OPTIONS, widthPx: 390 },
    )!;
    for (const row of layout.rows) {
      const labels = [
        row.keyLabel,
        row.taskLabel,
        row.streamLine?.label,
        row.closeLine?.label,
        ...row.records.map((r) => r.label),
        ...row.windows.map((w) => w.label),
      ].filter((l) => l !== null && l !== undefined);
      for (const l of labels) {
        expect(l.x).toBeGreaterThanOrEqual(0);
        expect(l.x).toBeLessThanOrEqual(390);
      }
    }
    // Axis labels at the ends are anchored inward, so none runs off the picture.
    expect(layout.ticks[0]).toMatchObject({ timeMs: 0, anchor: 'start' });
    for (const t of layout.ticks) {
      const w = t.text.length * 13 * 0.9 * 0.62;
      const left = t.anchor === 'start' ? t.x : t.anchor === 'end' ? t.x - w : t.x - w / 2;
      expect(left).toBeGreaterThanOrEqual(0);
      expect(left + w).toBeLessThanOrEqual(390);
    }
  });
});
