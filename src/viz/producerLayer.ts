import type { ProducerNode } from './clusterLayout';
import { drawNodeCards } from './nodeCard';
import { entityId } from './vizTarget';

/** Producers: a card each with sent and acknowledged counts. */
export function drawProducers(
  g: SVGGElement,
  nodes: readonly ProducerNode[],
  /** A room's narrower card: acknowledged of sent, and acks (what the durability lessons use). */
  room = false,
): void {
  drawNodeCards(g, nodes, {
    className: 'producer',
    ariaLabel: ({ producer: p }) =>
      `Producer ${p.id}: ${p.sent} sent, ${p.acked} acknowledged${p.failed > 0 ? `, ${p.failed} failed` : ''}; ${p.partitioner} partitioner, acks=${p.acks}`,
    lines: ({ producer: p }) =>
      room
        ? roomLines(p)
        : [
            p.id,
            `sent ${cardCount(p.sent)} · acked ${cardCount(p.acked)}`,
            p.failed > 0
              ? `failed ${p.failed} · acks=${p.acks}`
              : `${formatRate(p.rate)} · acks=${p.acks}`,
          ],
    warn: ({ producer: p }) => p.failed > 0,
    select: ({ producer: p }) => ({ kind: 'producer', id: p.id }),
    entity: ({ producer: p }) => entityId.producer(p.id),
  });
}

/** "acked 239/241" and "acks=all" (or how many failed): a room's producer card. */
function roomLines(p: ProducerNode['producer']): [string, string, string] {
  return [
    p.id,
    `acked ${cardCount(p.acked)}/${cardCount(p.sent)}`,
    p.failed > 0 ? `failed ${p.failed} · acks=${p.acks}` : `acks=${p.acks}`,
  ];
}

/**
 * A count for a card line: exact up to 99,999, then "598k", "6.00M", "8.64B" so that a fast
 * producer's counts fit the card (its label and the inspector keep them exact).
 */
export function cardCount(n: number): string {
  if (n < 100_000) return String(n);
  if (n < 1_000_000) return `${Math.floor(n / 1000)}k`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(2)}M`;
  return `${(n / 1_000_000_000).toFixed(2)}B`;
}

function formatRate(rate: number): string {
  return rate === 0 ? 'idle' : `${Number(rate.toFixed(2))}/s`;
}
