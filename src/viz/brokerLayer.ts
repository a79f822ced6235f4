import { select } from 'd3-selection';
import { symbol, symbolCircle, symbolStar } from 'd3-shape';
import type { BrokerCard, ReplicaSlot } from './clusterLayout';
import { setAttr, setText, translate } from './dom';

const LEADER_GLYPH = symbol(symbolStar, 110)() ?? '';
const FOLLOWER_GLYPH = symbol(symbolCircle, 70)() ?? '';
/** Replica rows wider than this also show the replica's log end offset. */
const SHOW_LEO_MIN_WIDTH = 190;

export function replicaRoleLabel(r: Pick<ReplicaSlot, 'role' | 'inSync'>): string {
  if (r.role === 'leader') return 'leader';
  return r.inSync ? 'follower' : 'follower, out of sync';
}

/**
 * Brokers as cards; in each, one row per partition replica it hosts. The leader is a filled
 * row with a star and the word "leader"; a follower is an outlined row with a ring: shape and
 * label, not colour alone. Rows are keyed by replica, so a row keeps its element when
 * leadership moves.
 */
export function drawBrokers(g: SVGGElement, cards: readonly BrokerCard[]): void {
  const brokers = select(g)
    .selectAll<SVGGElement, BrokerCard>('g.broker')
    .data(cards, (d) => String(d.id))
    .join((enter) => {
      const card = enter.append('g').attr('class', 'broker').attr('role', 'group');
      card.append('rect').attr('class', 'broker-box').attr('rx', 10);
      card.append('text').attr('class', 'broker-name').attr('x', 12).attr('y', 22);
      card.append('text').attr('class', 'broker-badge').attr('x', 12).attr('y', 37);
      card.append('g').attr('class', 'replicas');
      return card;
    });
  setAttr(brokers, 'aria-label', (d) => `Broker ${d.id}`);
  setAttr(brokers, 'data-broker', (d) => d.id);
  brokers.classed('down', (d) => !d.alive);
  const box = brokers.select<SVGRectElement>('rect.broker-box');
  setAttr(box, 'x', (d) => d.x);
  setAttr(box, 'y', (d) => d.y);
  setAttr(box, 'width', (d) => d.width);
  setAttr(box, 'height', (d) => d.height);
  const name = brokers.select<SVGTextElement>('text.broker-name');
  setAttr(name, 'transform', (d) => translate(d.x, d.y));
  setText(name, (d) => `Broker ${d.id}`);
  const badge = brokers.select<SVGTextElement>('text.broker-badge');
  setAttr(badge, 'transform', (d) => translate(d.x, d.y));
  setText(badge, brokerStatus);
  brokers.each(function (d) {
    drawReplicas((this as SVGGElement).querySelector('g.replicas') as SVGGElement, d.replicas);
  });
}

/** The line under a broker's name: whether it is down, and whether it is the active controller. */
function brokerStatus(d: BrokerCard): string {
  const parts = [d.alive ? '' : 'down', d.isController ? 'controller' : ''].filter((p) => p !== '');
  return parts.join(' · ');
}

function drawReplicas(g: SVGGElement, slots: readonly ReplicaSlot[]): void {
  const rows = select(g)
    .selectAll<SVGGElement, ReplicaSlot>('g.replica')
    .data(slots, (d) => d.id)
    .join((enter) => {
      const row = enter.append('g').attr('class', 'replica').attr('role', 'img');
      row.append('rect').attr('class', 'replica-box').attr('rx', 5);
      row.append('path').attr('class', 'replica-glyph');
      row.append('text').attr('class', 'replica-name').attr('x', 28);
      row.append('text').attr('class', 'replica-role');
      row.append('text').attr('class', 'replica-leo').attr('text-anchor', 'end');
      return row;
    });
  setAttr(rows, 'transform', (d) => translate(d.x, d.y));
  setAttr(
    rows,
    'aria-label',
    (d) => `${d.topic}-${d.partition} on broker ${d.brokerId}: ${replicaRoleLabel(d)}`,
  );
  setAttr(rows, 'data-role', (d) => d.role);
  rows
    .classed('leader', (d) => d.role === 'leader')
    .classed('follower', (d) => d.role === 'follower');
  rows.classed('out-of-sync', (d) => !d.inSync);
  const box = rows.select<SVGRectElement>('rect.replica-box');
  setAttr(box, 'width', (d) => d.width);
  setAttr(box, 'height', (d) => d.height);
  const glyph = rows.select<SVGPathElement>('path.replica-glyph');
  setAttr(glyph, 'd', (d) => (d.role === 'leader' ? LEADER_GLYPH : FOLLOWER_GLYPH));
  setAttr(glyph, 'transform', (d) => translate(14, d.height / 2));
  const nameText = rows.select<SVGTextElement>('text.replica-name');
  setAttr(nameText, 'y', (d) => d.height / 2 + 5);
  setText(nameText, (d) => `${d.topic}-${d.partition}`);
  const role = rows.select<SVGTextElement>('text.replica-role');
  setAttr(role, 'x', (d) => (d.width >= SHOW_LEO_MIN_WIDTH ? d.width - 60 : d.width - 8));
  setAttr(role, 'text-anchor', () => 'end');
  setAttr(role, 'y', (d) => d.height / 2 + 5);
  setText(role, (d) => (d.role === 'leader' ? 'leader' : d.inSync ? 'follower' : 'lagging'));
  const leo = rows.select<SVGTextElement>('text.replica-leo');
  setAttr(leo, 'x', (d) => d.width - 8);
  setAttr(leo, 'y', (d) => d.height / 2 + 5);
  setText(leo, (d) => (d.width >= SHOW_LEO_MIN_WIDTH ? `LEO ${d.logEndOffset}` : ''));
}
