// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { layoutCluster, type MarkerKind, type PositionMarker } from './clusterLayout';
import { drawLogs, recordAriaLabel, stripOfElement } from './logLayer';
import { lessonSnapshot } from './testSnapshots';
import type { LogRecord } from '../engine';
import { logWindow, pageEnd } from './logWindow';
import { targetAt } from './vizTarget';

/** The cells (matching `selector`) that `draw` added to `g` or moved within it. */
function cellsAdded(g: Element, draw: () => void, selector = 'g.record, g.record-spare'): Node[] {
  const watch = new MutationObserver(() => {});
  watch.observe(g, { childList: true, subtree: true });
  draw();
  const added = watch
    .takeRecords()
    .flatMap((m) => [...m.addedNodes])
    .filter((n) => n instanceof Element && n.matches(selector));
  watch.disconnect();
  return added;
}

function svgG(): SVGGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.appendChild(svg);
  const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  svg.appendChild(g);
  return g;
}

const record = (offset: number, value: string, key: string | null = null): LogRecord =>
  ({
    offset,
    key,
    value,
    headers: [['source', 'web']],
    producer: 'app',
    sequence: offset,
    timestampMs: offset * 10,
  }) as unknown as LogRecord;

const KINDS: MarkerKind[] = ['position', 'commit', 'lost', 'replica', 'truncated', 'revoked'];

describe('drawLogs', () => {
  it('a jump to other records re-uses the cells: each describes its new record, in offset order', () => {
    const early = layoutCluster(lessonSnapshot(6_000), { width: 1000 });
    const late = layoutCluster(lessonSnapshot(30_000), { width: 1000 });
    const g = svgG();
    drawLogs(g, early.strips, 8);
    const before = new Set(g.querySelectorAll('g.record'));
    drawLogs(g, late.strips, 8);
    const cells = [...g.querySelectorAll<SVGGElement>('g.record')];
    // Only what the later picture draws beyond the earlier one's cells is new.
    const created = cells.filter((c) => !before.has(c));
    expect(created.length).toBe(Math.max(0, cells.length - before.size));
    for (const strip of late.strips) {
      const drawn = cells.filter(
        (c) => c.getAttribute('data-partition') === String(strip.partition),
      );
      const offsets = drawn.map((c) => Number(c.getAttribute('data-offset')));
      expect(offsets).toEqual(strip.window.records.map((r) => r.offset));
      for (const [i, c] of drawn.entries()) {
        const r = strip.window.records[i];
        expect(c.getAttribute('aria-label')).toBe(recordAriaLabel(strip.topic, strip.partition, r));
        expect(c.getAttribute('data-key')).toBe(r.key);
        expect(c.querySelector('text.cell-offset')!.textContent).toContain(String(r.offset));
        expect(targetAt(c)).toMatchObject({ kind: 'record', offset: r.offset });
      }
    }
  });

  it('a jump keeps cells in place: none is moved, surplus ones wait hidden, with no record, for the next jump', () => {
    const late = layoutCluster(lessonSnapshot(30_000), { width: 1000 });
    const early = layoutCluster(lessonSnapshot(6_000), { width: 1000 });
    const g = svgG();
    drawLogs(g, late.strips, 8);
    const lateCount = g.querySelectorAll('g.record').length;
    const watch = new MutationObserver(() => {});
    watch.observe(g, { childList: true, subtree: true });
    drawLogs(g, early.strips, 8);
    const changes = watch.takeRecords();
    const isCell = (n: Node) => n instanceof Element && n.matches('g.record, g.record-spare');
    // Handed to other records in DOM order: not one cell taken out and put back elsewhere.
    expect(changes.flatMap((m) => [...m.removedNodes]).filter(isCell)).toHaveLength(0);
    const earlyCount = early.strips.reduce((n, st) => n + st.window.records.length, 0);
    expect(earlyCount).toBeLessThan(lateCount);
    expect(g.querySelectorAll('g.record')).toHaveLength(earlyCount);
    const spares = [...g.querySelectorAll('g.record-spare')];
    expect(spares.length).toBeGreaterThan(0);
    for (const spare of spares) {
      // Hidden, not out of layout (display none): shown again, its boxes are still there.
      expect(spare.getAttribute('visibility')).toBe('hidden');
      expect(spare.hasAttribute('display')).toBe(false);
      for (const name of ['data-entity', 'data-offset', 'aria-label'])
        expect(spare.hasAttribute(name)).toBe(false);
    }
    // Each strip builds only the cells its spares do not cover (a strip with no record
    // drawn keeps no spare).
    const rows = (layout: typeof late) => new Map(layout.strips.map((st) => [st.id, st]));
    const stripEl = (id: string) =>
      [...g.querySelectorAll<SVGGElement>('g.strip')].find(
        (el) => (el as unknown as { __data__: { id: string } }).__data__.id === id,
      )!;
    let expected = 0;
    for (const [id, st] of rows(late)) {
      const had = rows(early).get(id)?.window.records.length ?? 0;
      const spare = stripEl(id).querySelectorAll('g.record-spare').length;
      expected += Math.max(0, st.window.records.length - had - spare);
    }
    expect(expected).toBeLessThan(lateCount - earlyCount);
    const existing = new Set(g.querySelectorAll('g.record, g.record-spare'));
    drawLogs(g, late.strips, 8);
    const built = [...g.querySelectorAll('g.record')].filter((c) => !existing.has(c));
    expect(built).toHaveLength(expected);
    expect(g.querySelectorAll('g.record')).toHaveLength(lateCount);
    for (const cell of g.querySelectorAll('g.record'))
      expect(cell.hasAttribute('visibility')).toBe(false);
    watch.disconnect();
  });

  it('a strip drawing records again after none takes its spares back in place (none moved)', () => {
    const early = layoutCluster(lessonSnapshot(6_000), { width: 1000 });
    const late = layoutCluster(lessonSnapshot(30_000), { width: 1000 });
    const g = svgG();
    drawLogs(g, early.strips, 8);
    const cellsBefore = g.querySelectorAll('g.record').length;
    expect(cellsBefore).toBeGreaterThan(2);
    // Its leader offline: each strip draws no record, its cells wait as spares.
    const empty = early.strips.map((st) => ({
      ...st,
      window: { ...st.window, records: [], slots: [] },
    }));
    drawLogs(g, empty, 8);
    expect(g.querySelectorAll('g.record')).toHaveLength(0);
    expect(g.querySelectorAll('g.record-spare')).toHaveLength(cellsBefore);
    const watch = new MutationObserver(() => {});
    watch.observe(g, { childList: true, subtree: true });
    drawLogs(g, late.strips, 8);
    const isCell = (n: Node) => n instanceof Element && n.matches('g.record, g.record-spare');
    const moved = watch
      .takeRecords()
      .flatMap((m) => [...m.removedNodes, ...m.addedNodes])
      .filter(isCell);
    watch.disconnect();
    // Only cells beyond the spares are built (added); not one spare is taken out and put back.
    const lateCount = late.strips.reduce((n, st) => n + st.window.records.length, 0);
    expect(moved).toHaveLength(Math.max(0, lateCount - cellsBefore));
    for (const st of late.strips)
      expect(
        [...g.querySelectorAll(`g.strip[data-partition="${st.partition}"] g.record`)].map((c) =>
          Number(c.getAttribute('data-offset')),
        ),
      ).toEqual(st.window.records.map((r) => r.offset));
  });

  it('spares built ahead (fillSpares) fill each window on screen; the first records take them, none built', () => {
    const early = layoutCluster(lessonSnapshot(0), { width: 1000 });
    const late = layoutCluster(lessonSnapshot(30_000), { width: 1000 });
    const g = svgG();
    drawLogs(g, early.strips, 8);
    expect(g.querySelectorAll('g.record')).toHaveLength(0);
    expect(g.querySelectorAll('g.record-spare')).toHaveLength(0);
    // The same moment again, spares asked for: hidden cells up to each window's slots.
    drawLogs(g, early.strips, 8, undefined, undefined, true);
    for (const st of early.strips) {
      const spares = g.querySelectorAll(`g.strip[data-partition="${st.partition}"] g.record-spare`);
      expect(spares).toHaveLength(Math.min(64, st.window.capacity));
      for (const spare of spares) expect(spare.getAttribute('visibility')).toBe('hidden');
    }
    expect(g.querySelectorAll('g.record')).toHaveLength(0);
    // Asked again: none more.
    const held = g.querySelectorAll('g.record-spare').length;
    drawLogs(g, early.strips, 8, undefined, undefined, true);
    expect(g.querySelectorAll('g.record-spare')).toHaveLength(held);
    expect(cellsAdded(g, () => drawLogs(g, late.strips, 8))).toHaveLength(0);
    for (const st of late.strips)
      expect(
        [...g.querySelectorAll(`g.strip[data-partition="${st.partition}"] g.record`)].map((c) =>
          Number(c.getAttribute('data-offset')),
        ),
      ).toEqual(st.window.records.map((r) => r.offset));
  });

  it('strips outside the current band are left as they were (moved, described), and drawn by the next call without it', () => {
    const early = layoutCluster(lessonSnapshot(6_000), { width: 1000 });
    const late = layoutCluster(lessonSnapshot(30_000), { width: 1000 });
    const g = svgG();
    const all = { top: -Infinity, bottom: Infinity };
    expect(drawLogs(g, early.strips, 8, all)).toBe(false);
    const [first, ...rest] = late.strips;
    expect(rest.length).toBeGreaterThan(0);
    const current = { top: first.y, bottom: first.y + first.height - 1 };
    const stripEl = (partition: number) =>
      g.querySelector(`g.strip[data-partition="${partition}"]`)!;
    const offsets = (partition: number) =>
      [...stripEl(partition).querySelectorAll('g.record')].map((c) =>
        c.getAttribute('data-offset'),
      );
    const before = new Map(rest.map((st) => [st.partition, offsets(st.partition)]));
    expect(drawLogs(g, late.strips, 8, all, current)).toBe(true);
    // The strip in the band shows the new moment; the others keep their cells, in their place.
    expect(offsets(first.partition)).toEqual(first.window.records.map((r) => String(r.offset)));
    for (const st of rest) {
      expect(offsets(st.partition)).toEqual(before.get(st.partition));
      expect(stripEl(st.partition).getAttribute('transform')).toBe(`translate(0,${st.y})`);
      expect(stripEl(st.partition).getAttribute('data-log-end-offset')).toBe(
        String(st.logEndOffset),
      );
    }
    expect(drawLogs(g, late.strips, 8, all)).toBe(false);
    for (const st of late.strips)
      expect(offsets(st.partition)).toEqual(st.window.records.map((r) => String(r.offset)));
  });

  it('while playing, a frame draws the strips outside the current band whose turn it is', () => {
    const early = layoutCluster(lessonSnapshot(6_000), { width: 1000 });
    const late = layoutCluster(lessonSnapshot(30_000), { width: 1000 });
    const g = svgG();
    const all = { top: -Infinity, bottom: Infinity };
    drawLogs(g, early.strips, 8, all);
    const drawn = (i: number) =>
      [...g.querySelectorAll('g.strip')[i].querySelectorAll('g.record')].map((c) =>
        Number(c.getAttribute('data-offset')),
      );
    const wanted = (i: number) => late.strips[i].window.records.map((r) => r.offset);
    const changing = late.strips
      .map((_, i) => i)
      .filter((i) => i > 0 && String(drawn(i)) !== String(wanted(i)));
    expect(changing.some((i) => i % 2 === 0) && changing.some((i) => i % 2 === 1)).toBe(true);
    const first = late.strips[0];
    const band = { top: first.y, bottom: first.y + first.height - 1 };
    expect(drawLogs(g, late.strips, 8, all, { ...band, turn: { of: 2, phase: 1 } })).toBe(true);
    expect(drawn(0)).toEqual(wanted(0)); // in the band: drawn
    for (const i of changing)
      if (i % 2 === 1) expect(drawn(i)).toEqual(wanted(i));
      else expect(drawn(i)).not.toEqual(wanted(i));
    drawLogs(g, late.strips, 8, all, { ...band, turn: { of: 2, phase: 0 } });
    late.strips.forEach((_, i) => expect(drawn(i)).toEqual(wanted(i)));
  });

  it('a strip off screen keeps its description true but is not drawn again until it is on screen', () => {
    const early = layoutCluster(lessonSnapshot(6_000), { width: 1000 });
    const late = layoutCluster(lessonSnapshot(12_000), { width: 1000 });
    const g = svgG();
    const first = early.strips[0];
    const [head] = late.strips.filter((s) => s.id === first.id);
    expect(head.logEndOffset).toBeGreaterThan(first.logEndOffset);
    const offScreen = { top: first.y + 10_000, bottom: first.y + 20_000 };
    const strip = () => g.querySelector(`g.strip[data-partition="${first.partition}"]`)!;
    drawLogs(g, early.strips, 8);
    expect(strip().querySelector('text.strip-leo')!.textContent).toBe(`LEO ${first.logEndOffset}`);
    expect(strip().querySelectorAll('g.record').length).toBeGreaterThan(0);
    drawLogs(g, early.strips, 8, offScreen); // scrolled away: records dropped, once
    expect(strip().getAttribute('data-drawn')).toBe('false');
    expect(strip().querySelectorAll('g.record')).toHaveLength(0);
    drawLogs(g, late.strips, 8, offScreen);
    // Its description follows the run; the text nobody can see is left as it was.
    expect(strip().getAttribute('data-log-end-offset')).toBe(String(head.logEndOffset));
    expect(strip().getAttribute('aria-label')).toContain(`log end offset ${head.logEndOffset}`);
    expect(strip().querySelector('text.strip-leo')!.textContent).toBe(`LEO ${first.logEndOffset}`);
    drawLogs(g, late.strips, 8); // back on screen
    expect(strip().getAttribute('data-drawn')).toBe('true');
    expect(strip().querySelector('text.strip-leo')!.textContent).toBe(`LEO ${head.logEndOffset}`);
    expect(strip().querySelectorAll('g.record').length).toBeGreaterThan(0);
  });

  it('a strip just off screen keeps its cells hidden as spares and takes them back on screen; far off, none', () => {
    const layout = layoutCluster(lessonSnapshot(12_000), { width: 1000 });
    const first = layout.strips[0];
    const g = svgG();
    const strip = () => g.querySelector(`g.strip[data-partition="${first.partition}"]`)!;
    drawLogs(g, layout.strips, 8);
    const cells = new Set(strip().querySelectorAll('g.record'));
    expect(cells.size).toBeGreaterThan(0);
    // Scrolled so the strip is just above the window: hidden, no record left to find.
    const below = first.y + first.height + 1;
    drawLogs(g, layout.strips, 8, { top: below, bottom: below + 500 });
    expect(strip().getAttribute('data-drawn')).toBe('false');
    expect(strip().querySelectorAll('g.record')).toHaveLength(0);
    // The same elements (by identity, not likeness).
    const same = (found: NodeListOf<Element>) =>
      found.length === cells.size && [...found].every((c) => cells.has(c));
    expect(same(strip().querySelectorAll('g.record-spare'))).toBe(true);
    drawLogs(g, layout.strips, 8);
    expect(same(strip().querySelectorAll('g.record'))).toBe(true);
    // Far off screen (more than the window's height again): its cells go.
    const far = first.y + first.height + 10_000;
    drawLogs(g, layout.strips, 8, { top: far, bottom: far + 500 });
    expect(strip().querySelectorAll('g.record, g.record-spare')).toHaveLength(0);
  });

  it('redrawing keeps one element per marker, of every kind', () => {
    const layout = layoutCluster(lessonSnapshot(12_000), { width: 1000 });
    const strip = layout.strips[0];
    const template = strip.markers[0];
    const markers: PositionMarker[] = KINDS.map((kind, i) => ({
      ...template,
      id: `${kind}-${i}`,
      kind,
      label: kind,
      lane: i,
    }));
    const strips = [{ ...strip, markers }];
    const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    for (let i = 0; i < 3; i++) drawLogs(g, strips, 8);
    const drawn = [...g.querySelectorAll('g.strip-marker')].map((m) => m.getAttribute('data-kind'));
    expect(drawn).toEqual(KINDS);
  });

  it("a consumer's position marker is the same element when it has read on (or a seek moved it)", () => {
    const before = layoutCluster(lessonSnapshot(12_000), { width: 1000 });
    const after = layoutCluster(lessonSnapshot(30_000), { width: 1000 });
    const g = svgG();
    drawLogs(g, before.strips, 8);
    const positions = () =>
      new Map(
        [...g.querySelectorAll('g.position-marker')].map((m) => [
          `${m.closest('g.strip')!.getAttribute('data-partition')}/${m.getAttribute('data-consumers')}`,
          m,
        ]),
      );
    const first = positions();
    const firstAt = new Map([...first].map(([k, m]) => [k, m.getAttribute('data-position')]));
    drawLogs(g, after.strips, 8);
    const moved = [...positions()].filter(
      ([k, m]) => first.has(k) && firstAt.get(k) !== m.getAttribute('data-position'),
    );
    expect(moved.length).toBeGreaterThan(0);
    for (const [k, m] of moved) expect(m).toBe(first.get(k));
  });

  it('a log moving on by a record moves one cell in the DOM (its oldest, now its newest), and the focus stays', () => {
    const layout = layoutCluster(lessonSnapshot(12_000), { width: 1000 });
    const records = Array.from({ length: 20 }, (_, i) => record(i, `v${i}`));
    const at = (end: number) => ({
      ...layout.strips[0],
      window: logWindow(
        { records: records.slice(0, end), startOffset: 0, length: end, segmentBaseOffsets: [0] },
        10,
      ),
    });
    const g = svgG();
    drawLogs(g, [at(12)], 10);
    // A reader on a record keeps it: moved in the DOM, a cell loses the keyboard's focus.
    const focused = g.querySelector<SVGGElement>('g.record[data-offset="7"]')!;
    focused.focus();
    expect(document.activeElement).toBe(focused);
    expect(cellsAdded(g, () => drawLogs(g, [at(13)], 10), 'g.record')).toHaveLength(1);
    expect(document.activeElement).toBe(focused);
    const offsets = [...g.querySelectorAll('g.record')].map((c) =>
      Number(c.getAttribute('data-offset')),
    );
    expect(offsets).toEqual(at(13).window.records.map((r) => r.offset));
  });

  it('a keyless cell shows its value; every cell is a record:<partition>@<offset> entity', () => {
    const layout = layoutCluster(lessonSnapshot(12_000), { width: 1000 });
    const base = layout.strips[0];
    const records = [record(0, 'signed up'), record(1, 'paid')];
    const strip = {
      ...base,
      cellWidth: 90,
      cellPitch: 93,
      window: logWindow({ records, startOffset: 0, length: 2, segmentBaseOffsets: [0] }, 10),
    };
    const g = svgG();
    drawLogs(g, [strip], 10);
    const cells = [...g.querySelectorAll('g.record')];
    expect(cells.map((c) => c.querySelector('text.cell-key')?.textContent)).toEqual([
      'signed up',
      'paid',
    ]);
    expect(cells[0].getAttribute('data-entity')).toBe(`record:${strip.id}@0`);
    expect(cells[0].getAttribute('aria-label')).toContain('value signed up');
  });

  it('a click on a cell, its text or its strip head resolves to that record or partition', () => {
    const layout = layoutCluster(lessonSnapshot(12_000), { width: 1000 });
    const base = layout.strips[1];
    const records = [record(0, 'signed up'), record(1, 'paid', 'alice')];
    const strip = {
      ...base,
      window: logWindow({ records, startOffset: 0, length: 2, segmentBaseOffsets: [0] }, 10),
    };
    const g = svgG();
    drawLogs(g, [strip], 10);
    const cell = g.querySelectorAll('g.record')[1];
    const offset = Number(cell.getAttribute('data-offset'));
    const expected = { kind: 'record', topic: strip.topic, partition: strip.partition, offset };
    expect(targetAt(cell)).toEqual(expected);
    expect(targetAt(cell.querySelector('text')!)).toEqual(expected);
    expect(targetAt(g.querySelector('g.strip-head text')!)).toEqual({
      kind: 'partition',
      topic: strip.topic,
      partition: strip.partition,
    });
  });

  it('shows key, value and headers in a tooltip on keyboard focus, hidden on blur', () => {
    const layout = layoutCluster(lessonSnapshot(12_000), { width: 1000 });
    const records = [record(0, 'signed up', 'alice')];
    const strip = {
      ...layout.strips[0],
      window: logWindow({ records, startOffset: 0, length: 1, segmentBaseOffsets: [0] }, 10),
    };
    const g = svgG();
    drawLogs(g, [strip], 10);
    const cell = g.querySelector<SVGGElement>('g.record')!;
    const tip = g.querySelector('g.record-tip')!;
    expect(tip.getAttribute('display')).toBe('none');
    cell.dispatchEvent(new FocusEvent('focus'));
    expect(tip.getAttribute('display')).toBeNull();
    expect(tip.getAttribute('role')).toBe('tooltip');
    const text = [...tip.querySelectorAll('text')].map((t) => t.textContent);
    expect(text).toContain('key alice');
    expect(text).toContain('value signed up');
    expect(text).toContain('headers source=web');
    expect(cell.getAttribute('aria-describedby')).toBe(tip.getAttribute('id'));
    cell.dispatchEvent(new FocusEvent('blur'));
    expect(tip.getAttribute('display')).toBe('none');
  });

  it('draws a gap "… N" between pinned and newest records, and older/newer controls', () => {
    const layout = layoutCluster(lessonSnapshot(12_000), { width: 1000 });
    const records = Array.from({ length: 100 }, (_, i) => record(i, `v${i}`));
    const log = { records, startOffset: 0, length: 100, segmentBaseOffsets: [0] };
    const pinned = { ...layout.strips[0], window: logWindow(log, 10, { pinned: [3] }) };
    const g = svgG();
    drawLogs(g, [pinned], 10);
    const gap = g.querySelector('g.record-gap')!;
    expect(gap.getAttribute('aria-label')).toBe('88 records not drawn, offsets 4–91');
    expect(gap.querySelector('text.gap-count')?.textContent).toBe('88');
    const older = g.querySelector('g.strip-ellipsis')!;
    expect(older.getAttribute('role')).toBe('button');
    expect(older.getAttribute('aria-label')).toContain('showing offsets 3 and 92–99 of 0–99');
    expect(g.querySelector('g.strip-newer')?.getAttribute('display')).toBe('none');
    // The control's strip is read back from the D3 datum (no JSON in the DOM).
    expect(stripOfElement(older)?.window).toBe(pinned.window);
    // Another record pinned: the same gap element says what it skips now.
    const pinned5 = { ...pinned, window: logWindow(log, 10, { pinned: [5] }) };
    drawLogs(g, [pinned5], 10);
    expect(g.querySelectorAll('g.record-gap')).toHaveLength(1);
    expect(g.querySelector('g.record-gap')).toBe(gap);
    expect(gap.getAttribute('aria-label')).toBe('86 records not drawn, offsets 6–91');
    drawLogs(g, [pinned], 10);
    const paged = {
      ...pinned,
      window: logWindow(log, 10, { endOffset: pageEnd(pinned.window, 'older') }),
    };
    drawLogs(g, [paged], 10);
    const newer = g.querySelector('g.strip-newer')!;
    expect(newer.getAttribute('display')).toBe('inline');
    expect(newer.getAttribute('aria-label')).toContain('showing offsets 83–91 of 0–99');
    expect(g.querySelectorAll('g.record')).toHaveLength(9);
    expect(g.querySelectorAll('g.record-gap')).toHaveLength(0);
  });
});
