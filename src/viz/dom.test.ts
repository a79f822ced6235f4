// @vitest-environment jsdom
import { select } from 'd3-selection';
import { describe, expect, it } from 'vitest';
import { changedSince, setAttr, setClass, setClasses } from './dom';

function svgWith(n: number): SVGGElement {
  const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
  for (let i = 0; i < n; i++)
    g.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'g'));
  document.body.appendChild(g);
  return g;
}

/** DOM mutations made by `draw` (a redraw that changes nothing must make none). */
async function mutations(root: Element, draw: () => void): Promise<number> {
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((r) => records.push(...r));
  observer.observe(root, { subtree: true, attributes: true, childList: true, characterData: true });
  draw();
  await Promise.resolve();
  records.push(...observer.takeRecords());
  observer.disconnect();
  return records.length;
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

  it('changedSince passes on the elements whose signature changed, once', async () => {
    const root = svgWith(3);
    const bound = (values: number[]) =>
      select(root).selectAll<SVGGElement, number>('g').data(values);
    const draw = (values: number[]) =>
      setAttr(
        changedSince(bound(values), (d) => String(d)),
        'data-v',
        (d) => d,
      );
    expect(await mutations(root, () => draw([1, 2, 3]))).toBe(3);
    expect(await mutations(root, () => draw([1, 2, 3]))).toBe(0);
    expect(changedSince(bound([1, 5, 3]), (d) => String(d)).size()).toBe(1);
    expect(changedSince(bound([1, 5, 3]), (d) => String(d)).size()).toBe(0);
  });
});
