// @vitest-environment jsdom
import { select } from 'd3-selection';
import { describe, expect, it } from 'vitest';
import {
  changedData,
  longestIncreasingRun,
  putInOrder,
  sameData,
  setAttr,
  setClass,
  setClasses,
  setTextIfChanged,
} from './dom';
import { createRng, nextInt } from '../engine';
import { drawMovingFlights } from './flightLayer';
import { mutationRecords } from './testDom';

const mutations = async (root: Element, draw: () => void): Promise<number> =>
  (await mutationRecords(root, draw)).length;

function svgWith(n: number): SVGGElement {
  const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  for (let i = 0; i < n; i++)
    g.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'g'));
  document.body.appendChild(g);
  return g;
}

describe('drawing only what changed', () => {
  const data = [{ on: true }, { on: false }, { on: true }];

  it('setClass writes a class only where it changes', async () => {
    const root = svgWith(3);
    const nodes = select(root).selectAll<SVGGElement, { on: boolean }>('g').data(data);
    expect(await mutations(root, () => setClass(nodes, 'leader', (d) => d.on))).toBe(2);
    expect(await mutations(root, () => setClass(nodes, 'leader', (d) => d.on))).toBe(0);
    expect(root.querySelectorAll('.leader')).toHaveLength(2);
  });

  it('setClasses keeps the classes other code adds, and a redraw writes nothing', async () => {
    const root = svgWith(3);
    const nodes = select(root).selectAll<SVGGElement, { on: boolean }>('g').data(data);
    setClasses(nodes, (d) => (d.on ? 'consumer idle' : 'consumer'));
    root.firstElementChild!.classList.add('viz-target');
    root.lastElementChild!.classList.add('selected');
    expect(
      await mutations(root, () => setClasses(nodes, (d) => (d.on ? 'consumer idle' : 'consumer'))),
    ).toBe(0);
    expect(root.firstElementChild!.getAttribute('class')).toBe('consumer idle viz-target');
    setClasses(nodes, () => 'consumer crashed');
    expect(root.lastElementChild!.getAttribute('class')).toBe('consumer crashed selected');
  });

  it('changedData passes on the elements whose data changed, once', async () => {
    const root = svgWith(3);
    const bound = (values: { v: number }[]) =>
      select(root).selectAll<SVGGElement, { v: number }>('g').data(values);
    const draw = (values: { v: number }[]) =>
      setAttr(changedData(bound(values)), 'data-v', (d) => d.v);
    expect(await mutations(root, () => draw([{ v: 1 }, { v: 2 }, { v: 3 }]))).toBe(3);
    // Equal data in new objects (a new snapshot of the same moment): nothing to draw.
    expect(await mutations(root, () => draw([{ v: 1 }, { v: 2 }, { v: 3 }]))).toBe(0);
    expect(changedData(bound([{ v: 1 }, { v: 5 }, { v: 3 }])).size()).toBe(1);
    expect(changedData(bound([{ v: 1 }, { v: 5 }, { v: 3 }])).size()).toBe(0);
    // A new context (what else the drawing reads) draws them all again.
    expect(changedData(bound([{ v: 1 }, { v: 5 }, { v: 3 }]), undefined, () => 'room').size()).toBe(
      3,
    );
  });

  it('sameData compares plain data deeply, and anything else by identity', () => {
    expect(sameData({ a: [1, { b: 'x' }], c: null }, { a: [1, { b: 'x' }], c: null })).toBe(true);
    expect(sameData({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(sameData({ n: NaN }, { n: NaN })).toBe(true);
    expect(sameData([1], { 0: 1, length: 1 })).toBe(false);
    expect(sameData(new Map([[1, 2]]), new Map([[1, 3]]))).toBe(false);
    const m = new Map();
    expect(sameData({ m }, { m })).toBe(true);
    expect(sameData({ a: 1, rows: [1] }, { a: 1, rows: [2] }, 'rows')).toBe(true);
    expect(sameData({ a: 1, rows: [1] }, { a: 2, rows: [1] }, 'rows')).toBe(false);
  });
});

describe('moving flights', () => {
  const flight = (id: number, kind: 'produce' | 'replicate' | 'consume', count = 1) => ({
    flight: {
      id,
      kind,
      from: { kind: 'producer' as const, id: 'p' },
      to: { kind: 'broker' as const, id: 1 },
      topic: 't',
      partition: 0,
      count,
      first: 0,
      sentAtMs: 0,
      arrivesAtMs: 10,
    },
    at: { x: id * 10, y: 5 },
  });
  const glyphs = (g: Element) =>
    [...g.querySelectorAll('g.flight')].map((el) => ({
      kind: el.getAttribute('class'),
      at: el.getAttribute('transform'),
      count: el.querySelector('text')!.textContent,
    }));

  it('a message still on the wire only moves; an arrived one hands its glyph to a new message', async () => {
    const g = svgWith(0);
    drawMovingFlights(g, [flight(1, 'produce'), flight(2, 'replicate', 3), flight(3, 'consume')]);
    expect(glyphs(g)).toEqual([
      { kind: 'flight flight-produce', at: 'translate(10,5)', count: '' },
      { kind: 'flight flight-replicate', at: 'translate(20,5)', count: '3' },
      { kind: 'flight flight-consume', at: 'translate(30,5)', count: '' },
    ]);
    // Message 1 arrived, 2 and 3 moved on, 4 left: 2 and 3 move (2 writes), 4 takes 1's glyph
    // (class, shape, place: 3 writes; its count was already empty). No node added or removed.
    const moved = [flight(2, 'replicate', 3), flight(3, 'consume'), flight(4, 'consume')].map(
      (d) => ({ ...d, at: { x: d.at.x + 1, y: 5 } }),
    );
    expect(await mutations(g, () => drawMovingFlights(g, moved))).toBe(5);
    expect(g.querySelectorAll('g.flight')).toHaveLength(3);
    expect(new Set(glyphs(g).map((x) => `${x.kind} ${x.at}`))).toEqual(
      new Set([
        'flight flight-replicate translate(21,5)',
        'flight flight-consume translate(31,5)',
        'flight flight-consume translate(41,5)',
      ]),
    );
    // The same frame again changes nothing; all arrived removes every glyph.
    expect(await mutations(g, () => drawMovingFlights(g, moved))).toBe(0);
    drawMovingFlights(g, []);
    expect(g.querySelectorAll('g.flight')).toHaveLength(0);
  });
});

describe('setTextIfChanged', () => {
  it('rewrites the one text node in place, leaves equal text alone, and replaces mixed content', () => {
    const el = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    document.body.appendChild(el);
    el.textContent = 'a';
    const node = el.firstChild;
    const watch = new MutationObserver(() => {});
    watch.observe(el, { childList: true, characterData: true, subtree: true });
    setTextIfChanged(el, 'a');
    expect(watch.takeRecords()).toHaveLength(0);
    setTextIfChanged(el, 'b');
    expect(el.firstChild).toBe(node);
    expect(watch.takeRecords().map((m) => m.type)).toEqual(['characterData']);
    el.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'tspan'));
    setTextIfChanged(el, 'c');
    expect(el.childNodes).toHaveLength(1);
    expect(el.textContent).toBe('c');
    watch.disconnect();
  });
});

/** The length of a longest strictly increasing subsequence, by trying every subset. */
function longestByBruteForce(values: readonly number[]): number {
  let best = 0;
  for (let mask = 0; mask < 1 << values.length; mask++) {
    const picked = values.filter((_, i) => (mask >> i) & 1);
    if (picked.every((v, i) => i === 0 || picked[i - 1] < v)) best = Math.max(best, picked.length);
  }
  return best;
}

/** `n` distinct values in a random order (a seeded shuffle). */
function shuffled(n: number, rng: ReturnType<typeof createRng>): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = nextInt(rng, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('putInOrder', () => {
  it('longestIncreasingRun finds a longest increasing run (seed 41, 300 cases)', () => {
    const rng = createRng(41);
    for (let c = 0; c < 300; c++) {
      const values = shuffled(nextInt(rng, 11), rng);
      const run = [...longestIncreasingRun(values)].sort((a, b) => a - b);
      expect(run.length).toBe(longestByBruteForce(values));
      for (let i = 1; i < run.length; i++) expect(values[run[i - 1]]).toBeLessThan(values[run[i]]);
    }
  });

  it('orders the cells, moving only those outside the longest run in order; other children stay (seed 43)', async () => {
    const rng = createRng(43);
    for (let c = 0; c < 200; c++) {
      const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
      const n = 1 + nextInt(rng, 12);
      const cells = Array.from({ length: n }, (_, i) => {
        const el = document.createElementNS('http://www.w3.org/2000/svg', 'g');
        el.setAttribute('data-i', String(i));
        return el;
      });
      // In a random DOM order, with spares (other children) among them.
      const others: Element[] = [];
      for (const i of shuffled(n, rng)) {
        if (nextInt(rng, 3) === 0) {
          const spare = document.createElementNS('http://www.w3.org/2000/svg', 'g');
          others.push(spare);
          g.appendChild(spare);
        }
        g.appendChild(cells[i]);
      }
      const domOrder = [...g.children].filter((el) => cells.includes(el as SVGGElement));
      const alreadyInOrder = longestByBruteForce(
        domOrder.map((el) => cells.indexOf(el as SVGGElement)),
      );
      const moves = (await mutationRecords(g, () => putInOrder(g, cells))).filter(
        (m) => m.addedNodes.length > 0,
      ).length;
      expect([...g.children].filter((el) => cells.includes(el as SVGGElement))).toEqual(cells);
      expect(moves).toBe(n - alreadyInOrder);
      expect([...g.children].filter((el) => others.includes(el))).toEqual(others);
    }
  });

  it('a log moving on by one record moves one cell, not all before it', async () => {
    const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    const cells = Array.from({ length: 10 }, () =>
      g.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'g')),
    );
    // The oldest record's cell shows the newest: last in offset order.
    const next = [...cells.slice(1), cells[0]];
    const records = await mutationRecords(g, () => putInOrder(g, next));
    expect(records.filter((m) => m.addedNodes.length > 0)).toHaveLength(1);
    expect([...g.children]).toEqual(next);
  });
});
