import { select } from 'd3-selection';
import { setAttr, setClasses, setText, translate } from './dom';
import { drawLogs } from './logLayer';
import type { KeyLegendEntry, LogViewLayout } from './logViewLayout';

/**
 * The log view's drawing: a key legend ("alice → orders-1 · 12 records") and every partition's
 * strip. Strips reuse the cluster view's layer, so records, HW/LEO and markers look the same.
 */
export function createLogScene(root: SVGGElement): {
  render(layout: LogViewLayout, visible?: { top: number; bottom: number }): void;
} {
  const doc = root.ownerDocument;
  const add = (name: string): SVGGElement => {
    const g = doc.createElementNS('http://www.w3.org/2000/svg', 'g');
    g.setAttribute('class', `layer layer-${name}`);
    root.appendChild(g);
    return g;
  };
  const heading = add('log-heading');
  const legend = add('key-legend');
  const logs = add('logs');
  return {
    render(layout, visible) {
      const texts = [
        {
          id: 'keys',
          y: 24,
          text:
            layout.legend.length === 0
              ? 'No records yet'
              : `Keys: same key → same partition, in order${layout.legendOmitted > 0 ? ` (+${layout.legendOmitted} more keys)` : ''}`,
        },
        {
          id: 'logs',
          y: layout.stripsTop - 10,
          text: 'Partition logs, oldest → newest · ┃ HW · dashed = not yet readable · ▲ consumer position · ■ group committed, with lag',
        },
      ];
      const t = select(heading)
        .selectAll<SVGTextElement, (typeof texts)[number]>('text.section-label')
        .data(texts, (d) => d.id)
        .join((enter) => enter.append('text').attr('class', 'section-label').attr('x', 16));
      setAttr(t, 'y', (d) => d.y);
      setText(t, (d) => d.text);
      drawLegend(legend, layout.legend);
      drawLogs(logs, layout.strips, layout.recordsPerStrip, visible);
    },
  };
}

function drawLegend(g: SVGGElement, entries: readonly KeyLegendEntry[]): void {
  const items = select(g)
    .selectAll<SVGGElement, KeyLegendEntry>('g.key-legend-entry')
    .data(entries, (d) => d.key ?? '\u0000null')
    .join((enter) => {
      const item = enter.append('g').attr('role', 'listitem');
      item.append('rect').attr('class', 'cell').attr('width', 42).attr('height', 16).attr('rx', 3);
      item
        .append('text')
        .attr('class', 'legend-key')
        .attr('x', 21)
        .attr('y', 12)
        .attr('text-anchor', 'middle');
      item.append('text').attr('class', 'legend-where').attr('x', 48).attr('y', 12);
      return item;
    });
  select(g).attr('role', 'list').attr('aria-label', 'Keys and their partitions');
  setClasses(items, (d) => `key-legend-entry ${d.colorClass}`);
  setAttr(items, 'transform', (d) => translate(d.x, d.y));
  setAttr(items, 'data-key', (d) => d.key);
  setAttr(items, 'data-partitions', (d) => d.partitions.join(' '));
  const where = (d: KeyLegendEntry) =>
    `→ ${d.partitions.join(', ')} · ${d.count} record${d.count === 1 ? '' : 's'}`;
  setAttr(items, 'aria-label', (d) => `${d.key === null ? 'no key' : `key ${d.key}`} ${where(d)}`);
  setText(items.select<SVGTextElement>('text.legend-key'), (d) => d.label);
  setText(items.select<SVGTextElement>('text.legend-where'), where);
}
