import { select, type Selection } from 'd3-selection';
import type { Box } from './clusterLayout';
import { setAttr, setClass, setText, translate } from './dom';
import { bindTarget, type VizTarget } from './vizTarget';

/** A client (producer or consumer) drawn as a card: a name and two lines of counts. */
export interface NodeCardSpec<T extends Box & { id: string }> {
  className: string;
  ariaLabel(d: T): string;
  lines(d: T): [name: string, first: string, second: string];
  warn?(d: T): boolean;
  /** What clicking or Enter inspects. */
  select?(d: T): VizTarget;
  /** Its `data-entity` id. */
  entity(d: T): string;
}

export function drawNodeCards<T extends Box & { id: string }>(
  g: SVGGElement,
  nodes: readonly T[],
  spec: NodeCardSpec<T>,
): void {
  const cards = select(g)
    .selectAll<SVGGElement, T>(`g.${spec.className}`)
    .data(nodes, (d) => d.id)
    .join((enter) => {
      const card = enter
        .append('g')
        .attr('class', `${spec.className} node-card`)
        .attr('role', spec.select ? 'button' : 'img');
      if (spec.select) card.attr('tabindex', 0);
      card.append('rect').attr('class', 'node-box').attr('rx', 8);
      card.append('text').attr('class', 'node-name').attr('x', 12).attr('y', 24);
      card.append('text').attr('class', 'node-line line-1').attr('x', 12).attr('y', 45);
      card.append('text').attr('class', 'node-line line-2').attr('x', 12).attr('y', 63);
      return card;
    });
  setAttr(cards, 'transform', (d) => translate(d.x, d.y));
  setAttr(cards, 'aria-label', spec.ariaLabel);
  setAttr(cards, 'data-id', (d) => d.id);
  setClass(cards, 'warn', (d) => spec.warn?.(d) ?? false);
  setAttr(cards, 'data-entity', spec.entity);
  const target = spec.select;
  if (target !== undefined) bindTarget(cards, target);
  const box = cards.select<SVGRectElement>('rect.node-box');
  setAttr(box, 'width', (d) => d.width);
  setAttr(box, 'height', (d) => d.height);
  lineText(cards, 'text.node-name', (d) => spec.lines(d)[0]);
  lineText(cards, 'text.line-1', (d) => spec.lines(d)[1]);
  lineText(cards, 'text.line-2', (d) => spec.lines(d)[2]);
}

function lineText<T>(
  cards: Selection<SVGGElement, T, SVGGElement, unknown>,
  selector: string,
  text: (d: T) => string,
) {
  setText(cards.select<SVGTextElement>(selector), text);
}
