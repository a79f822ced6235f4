import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../engine';
import { snapshot } from '../engine';
import { loadScenario, runScenario } from '../scenario';
import { layoutCluster, type LayoutOptions, type LogStrip } from './clusterLayout';
import { layoutLogView } from './logViewLayout';
import { cellText, isTallCell } from './recordCell';
import { FOLLOWER_LAG_SHOWN_MS, focusedOffsets, stripCellWidth } from './stripLane';

/** A built-in lesson run headless to `atMs`. */
function lessonAt(file: string, atMs: number): Snapshot {
  const text = readFileSync(new URL(`../../public/scenarios/${file}`, import.meta.url), 'utf8');
  const loaded = loadScenario(text, file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return snapshot(runScenario(loaded.value, { untilMs: atMs }).world);
}

function activityAt(nowMs: number): NonNullable<LayoutOptions['activity']> {
  return { nowMs, badgeMs: 4000, truncations: [], isrRejoins: [], revocations: [] };
}

const drawnOffsets = (strip: LogStrip) => strip.window.records.map((r) => r.offset);

describe('strips keep the offsets that matter in view', () => {
  it('lesson 5: fred rewinds to offset 0, and offset 0 is drawn, with a gap to the newest', () => {
    const s = lessonAt('lesson-05-positions.yaml', 29_300);
    const strip = layoutCluster(s, { width: 1280 }).strips[0];
    expect(strip.logEndOffset).toBe(27);
    expect(drawnOffsets(strip)).toContain(0);
    expect(drawnOffsets(strip)).toContain(26);
    expect(strip.window.slots.some((x) => x.kind === 'gap')).toBe(true);
    // fred's ▲ sits at offset 0's cell, not clipped at the strip's edge.
    const fred = strip.markers.find((m) => m.consumers.includes('fred'))!;
    expect(fred.position).toBe(0);
    expect(fred.clipped).toBe(false);
    expect(fred.x).toBeCloseTo(strip.cellsX - 1.5);
    // A poll later fred has read offset 0 and stands at 1: the record he read stays drawn.
    const later = layoutCluster(lessonAt('lesson-05-positions.yaml', 29_500), { width: 1280 })
      .strips[0];
    expect(later.markers.find((m) => m.consumers.includes('fred'))?.position).toBe(1);
    expect(drawnOffsets(later).slice(0, 2)).toEqual([0, 1]);
  });

  it('lesson 11: the lost offset 104 is drawn when the loss is explained', () => {
    const s = lessonAt('lesson-11-durability.yaml', 9_500);
    const strip = layoutCluster(s, { width: 1280 }).strips.find((st) => st.id === 'fast-0')!;
    expect(strip.logEndOffset).toBeGreaterThan(104 + strip.window.capacity);
    expect(drawnOffsets(strip)).toContain(104);
    const lost = strip.markers.find((m) => m.kind === 'lost')!;
    expect(lost.clipped).toBe(false);
    const slot = strip.window.slots.findIndex(
      (x) => x.kind === 'record' && x.record.offset === 104,
    );
    expect(lost.x).toBeCloseTo(strip.cellsX + slot * strip.cellPitch - 1.5);
  });

  it("keeps the caption's focus (record:<partition>@<offset>) in view", () => {
    const s = lessonAt('lesson-11-durability.yaml', 20_000);
    const focus = ['broker:2', 'record:safe-0@12', 'record:fast-0@30'];
    const layout = layoutCluster(s, { width: 1280, focus });
    expect(drawnOffsets(layout.strips.find((st) => st.id === 'safe-0')!)).toContain(12);
    expect(drawnOffsets(layout.strips.find((st) => st.id === 'fast-0')!)).toContain(30);
    expect(drawnOffsets(layoutCluster(s, { width: 1280 }).strips[1])).not.toContain(12);
    expect(focusedOffsets(focus)).toEqual(
      new Map([
        ['safe-0', [12]],
        ['fast-0', [30]],
      ]),
    );
  });

  it('pages back through older records, and the markers follow the window', () => {
    const s = lessonAt('lesson-11-durability.yaml', 20_000);
    const follow = layoutCluster(s, { width: 1280 }).strips[0];
    const paged = layoutCluster(s, { width: 1280, logPages: new Map([['fast-0', 40]]) }).strips[0];
    expect(paged.window.toOffset).toBe(40);
    expect(paged.window.newer).toBe(follow.logEndOffset - 40);
    expect(drawnOffsets(paged).at(-1)).toBe(39);
    // The HW is past the window: its line sits on the "newer" control, not on a cell.
    expect(paged.highWatermarkX).toBeGreaterThan(
      paged.cellsX + (paged.window.slots.length - 0.5) * paged.cellPitch,
    );
  });

  it('draws every cell there is room for: wider views draw more', () => {
    const s = lessonAt('lesson-11-durability.yaml', 20_000);
    const narrow = layoutCluster(s, { width: 1024 }).strips[0];
    const wide = layoutCluster(s, { width: 1900 }).strips[0];
    expect(wide.window.slots.length).toBeGreaterThan(narrow.window.slots.length);
    for (const strip of [narrow, wide])
      expect(strip.cellsX + strip.window.capacity * strip.cellPitch).toBeLessThanOrEqual(
        strip.infoX,
      );
  });
});

describe('record cells show values', () => {
  it('lesson 1: the keyless record shows "signed up", in a cell sized to it', () => {
    const s = lessonAt('lesson-01-the-log.yaml', 4_500);
    const strip = layoutCluster(s, { width: 1280 }).strips[0];
    const record = strip.window.records[0];
    expect(record.value).toBe('signed up');
    const text = cellText(record, strip.cellWidth, isTallCell(strip.cellHeight));
    expect(text).toMatchObject({ offset: '0', main: 'signed up', mainKind: 'value' });
  });

  it('lesson 1 at the end: every value of ten records is readable in the cluster view', () => {
    const s = lessonAt('lesson-01-the-log.yaml', 36_000);
    const strip = layoutCluster(s, { width: 1280 }).strips[0];
    expect(strip.window.records).toHaveLength(10);
    const mains = strip.window.records.map((r) => cellText(r, strip.cellWidth, false).main);
    // Short values whole; a long one keeps its start (never cut to its last word, "up").
    for (const v of ['signed up', 'paid', 'refunded', 'app-3']) expect(mains).toContain(v);
    strip.window.records.forEach((r, i) => {
      const shown = mains[i].replace(/…$/, '');
      expect(r.value!.startsWith(shown) || mains[i] === `…${r.value!.split('-').at(-1)}`).toBe(
        true,
      );
    });
    // A wider view has room for all of them.
    const wide = layoutCluster(s, { width: 1600 }).strips[0];
    const all = wide.window.records.map((r) => cellText(r, wide.cellWidth, false).main);
    expect(all).toContain('added to cart');
    expect(all).toContain('signed up again');
  });

  it('the log view shows values in full (never cut to their last word)', () => {
    const s = lessonAt('lesson-01-the-log.yaml', 36_000);
    const strip = layoutLogView(s, { width: 1280 }).strips[0];
    expect(strip.window.records).toHaveLength(10);
    const values = strip.window.records.map((r) => {
      const t = cellText(r, strip.cellWidth, true);
      return [t.value, t.value2].filter(Boolean).join(' ');
    });
    expect(values).toEqual(strip.window.records.map((r) => r.value));
    expect(values).toContain('signed up again');
  });

  it('many records fall back to the default width, and a long log still fills the room', () => {
    const s = lessonAt('lesson-11-durability.yaml', 20_000);
    const strip = layoutCluster(s, { width: 1280 }).strips[0];
    expect(strip.cellWidth).toBe(44);
    expect(strip.window.slots).toHaveLength(strip.window.capacity);
  });

  it('stripCellWidth: content width when all fit, as wide as fits all, else the default', () => {
    const rec = (offset: number, value: string) =>
      ({ offset, key: null, value, headers: [] }) as never;
    const log = (values: string[]) => ({
      records: values.map((v, i) => rec(i, v)),
      startOffset: 0,
      length: values.length,
    });
    const room = 20 * 47;
    expect(stripCellWidth(log(['signed up']), room, false)).toBeGreaterThan(70);
    expect(stripCellWidth(log(['a']), room, false)).toBe(44);
    const ten = stripCellWidth(log(Array(10).fill('a very long value indeed')), room, false);
    expect(ten * 10 + 30).toBeLessThanOrEqual(room + 3);
    expect(stripCellWidth(log(Array(100).fill('a very long value')), room, false)).toBe(44);
    // Tall (log view) cells take what the value needs, whatever the count: 18 characters of
    // 12 px DejaVu Sans Mono (7.2 px each) and 4 px padding either side.
    expect(stripCellWidth(log(Array(100).fill('customer-signed-up')), room, true)).toBe(138);
    // …wrapping a value at a space onto a second line rather than widening.
    expect(stripCellWidth(log(Array(100).fill('a very long value')), room, true)).toBe(80);
  });
});

describe("followers' log end offsets", () => {
  it("lesson 9: the followers' LEO is marked under the leader's log while they lag", () => {
    const s = lessonAt('lesson-09-replication.yaml', 7_500);
    const strip = layoutCluster(s, { width: 1280, activity: activityAt(7_500) }).strips[0];
    const marker = strip.markers.find((m) => m.id.startsWith('follower-'));
    expect(marker?.label).toBe('brokers 2, 3 LEO 0');
    expect(marker?.position).toBe(0);
  });

  it("a fast network's routine lag of a few ms is not marked (no flicker)", () => {
    const s = lessonAt('lesson-11-durability.yaml', 3_000);
    const layout = layoutCluster(s, { width: 1280, activity: activityAt(3_000) });
    expect(FOLLOWER_LAG_SHOWN_MS).toBeGreaterThan(100);
    for (const strip of layout.strips)
      expect(strip.markers.filter((m) => m.id.startsWith('follower-'))).toEqual([]);
  });
});
