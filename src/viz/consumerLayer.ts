import type { ConsumerNode } from './clusterLayout';
import { drawNodeCards } from './nodeCard';

/** Consumers: a card each with how many records it read. */
export function drawConsumers(g: SVGGElement, nodes: readonly ConsumerNode[]): void {
  drawNodeCards(g, nodes, {
    className: 'consumer',
    ariaLabel: ({ consumer: c }) =>
      `Consumer ${c.id}: read ${c.consumed} records${c.alive ? '' : ', stopped'}`,
    lines: ({ consumer: c }) => [
      c.alive ? c.id : `${c.id} (stopped)`,
      `read ${c.consumed}`,
      c.group === null ? 'no group' : `group ${c.group}`,
    ],
    warn: ({ consumer: c }) => !c.alive,
  });
}
