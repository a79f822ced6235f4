// @vitest-environment jsdom
import { select } from 'd3-selection';
import { describe, expect, it } from 'vitest';
import { changedData, sameData, setAttr, setClass, setClasses, setTextIfChanged } from './dom';
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
