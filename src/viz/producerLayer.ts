import type { ProducerNode } from './clusterLayout';
import { drawNodeCards } from './nodeCard';
import { entityId } from './vizTarget';

/** Producers: a card each with sent and acknowledged counts. */
export function drawProducers(g: SVGGElement, nodes: readonly ProducerNode[]): void {
  drawNodeCards(g, nodes, {
    className: 'producer',
    ariaLabel: ({ producer: p }) =>
      `Producer ${p.id}: ${p.sent} sent, ${p.acked} acknowledged${p.failed > 0 ? `, ${p.failed} failed` : ''}; ${p.partitioner} partitioner, acks=${p.acks}`,
    lines: ({ producer: p }) => [
      p.id,
      `sent ${p.sent} · acked ${p.acked}`,
      p.failed > 0
        ? `failed ${p.failed} · acks=${p.acks}`
        : `${formatRate(p.rate)} · acks=${p.acks}`,
    ],
    warn: ({ producer: p }) => p.failed > 0,
    select: ({ producer: p }) => ({ kind: 'producer', id: p.id }),
    entity: ({ producer: p }) => entityId.producer(p.id),
  });
}

function formatRate(rate: number): string {
  return rate === 0 ? 'idle' : `${Number(rate.toFixed(2))}/s`;
}
