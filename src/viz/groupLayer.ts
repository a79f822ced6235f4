import { select } from 'd3-selection';
import type { ConsumerNode, GroupBox } from './clusterLayout';
import { setAttr, setText, translate } from './dom';

/** "Stable · generation 3" and "range · eager · coordinator: broker 1". */
export function groupHeaderLines(d: GroupBox): [string, string, string] {
  const g = d.group;
  if (g === null) return ['No group', 'each reads every partition', ''];
  const rebalancing = g.state === 'PreparingRebalance' || g.state === 'CompletingRebalance';
  const state = rebalancing ? `⟳ ${g.state}` : g.state;
  const protocol = [g.protocol ?? 'no assignor yet', g.rebalanceProtocol ?? '']
    .filter(Boolean)
    .join(' · ');
  const coordinator =
    g.coordinator.broker === -1 ? 'coordinator offline' : `coord. broker ${g.coordinator.broker}`;
  return [`${g.id}`, `${state} · gen ${g.generation}`, `${protocol} · ${coordinator}`];
}

/** What a member is doing, in words (colour is never the only cue). */
export function memberStatus(n: ConsumerNode): string {
  const c = n.consumer;
  if (!c.alive) return 'crashed';
  if (c.paused) return 'paused';
  if (c.group !== null && c.phase !== 'stable')
    return c.phase === 'idle' ? 'not in group' : `${c.phase}…`;
  if (n.idle) return 'idle: no partitions';
  return n.partitions.length === 0 ? 'no partitions' : n.partitions.join(' ');
}

export function memberAriaLabel(n: ConsumerNode): string {
  const c = n.consumer;
  const where = c.group === null ? 'no group' : `group ${c.group}`;
  return `Consumer ${c.id} (${where}): ${memberStatus(n)}, read ${c.consumed}`;
}

/**
 * Consumer groups, each boxed with its state, generation, assignor (eager or cooperative) and
 * coordinator broker; inside, a card per member in the member's colour, with its partitions
 * in words. Members without partitions in a stable group are drawn idle (hatched).
 */
export function drawGroups(g: SVGGElement, boxes: readonly GroupBox[]): void {
  const groups = select(g)
    .selectAll<SVGGElement, GroupBox>('g.group-box')
    .data(boxes, (d) => d.id)
    .join((enter) => {
      const box = enter.append('g').attr('class', 'group-box').attr('role', 'group');
      box.append('rect').attr('class', 'group-frame').attr('rx', 10);
      const head = box.append('g').attr('class', 'group-head').attr('tabindex', 0);
      head.append('text').attr('class', 'group-name').attr('x', 10).attr('y', 18);
      head.append('text').attr('class', 'group-state').attr('x', 10).attr('y', 34);
      head.append('text').attr('class', 'group-protocol').attr('x', 10).attr('y', 48);
      box.append('g').attr('class', 'members');
      return box;
    });
  setAttr(groups, 'aria-label', (d) =>
    d.group === null ? 'Consumers without a group' : `Group ${d.id}`,
  );
  setAttr(groups, 'data-group', (d) => d.id);
  setAttr(groups, 'data-state', (d) => d.group?.state ?? '');
  setAttr(groups, 'data-generation', (d) => d.group?.generation ?? '');
  groups.classed(
    'rebalancing',
    (d) =>
      d.group !== null &&
      (d.group.state === 'PreparingRebalance' || d.group.state === 'CompletingRebalance'),
  );
  groups.classed('cooperative', (d) => d.group?.rebalanceProtocol === 'cooperative');
  const frame = groups.select<SVGRectElement>('rect.group-frame');
  setAttr(frame, 'x', (d) => d.x);
  setAttr(frame, 'y', (d) => d.y);
  setAttr(frame, 'width', (d) => d.width);
  setAttr(frame, 'height', (d) => d.height);
  const head = groups.select<SVGGElement>('g.group-head');
  setAttr(head, 'transform', (d) => translate(d.x, d.y));
  setAttr(head, 'role', (d) => (d.group === null ? 'presentation' : 'button'));
  setAttr(head, 'aria-label', (d) => {
    const [, state, protocol] = groupHeaderLines(d);
    return d.group === null
      ? 'Consumers without a group'
      : `Inspect group ${d.id}: ${state}, ${protocol}`;
  });
  setAttr(head, 'data-select', (d) =>
    d.group === null ? '' : JSON.stringify({ kind: 'group', id: d.id }),
  );
  setText(head.select<SVGTextElement>('text.group-name'), (d) => groupHeaderLines(d)[0]);
  setText(head.select<SVGTextElement>('text.group-state'), (d) => groupHeaderLines(d)[1]);
  setText(head.select<SVGTextElement>('text.group-protocol'), (d) => groupHeaderLines(d)[2]);
  groups.each(function (d) {
    drawMembers((this as SVGGElement).querySelector('g.members') as SVGGElement, d.members);
  });
}

function drawMembers(g: SVGGElement, nodes: readonly ConsumerNode[]): void {
  const cards = select(g)
    .selectAll<SVGGElement, ConsumerNode>('g.consumer')
    .data(nodes, (d) => d.id)
    .join((enter) => {
      const card = enter.append('g').attr('role', 'button').attr('tabindex', 0);
      card.append('rect').attr('class', 'member-box').attr('rx', 7);
      card
        .append('rect')
        .attr('class', 'member-swatch')
        .attr('x', 0)
        .attr('width', 7)
        .attr('rx', 3);
      card.append('text').attr('class', 'member-name').attr('x', 14).attr('y', 17);
      card.append('text').attr('class', 'member-line').attr('x', 14).attr('y', 35);
      return card;
    });
  setAttr(cards, 'class', (d) =>
    [
      'consumer',
      `member-${d.colorIndex}`,
      d.idle ? 'idle' : '',
      d.consumer.alive ? '' : 'crashed',
      d.consumer.paused ? 'paused' : '',
      d.consumer.group !== null && d.consumer.phase !== 'stable' ? 'rebalancing' : '',
    ]
      .filter(Boolean)
      .join(' '),
  );
  setAttr(cards, 'transform', (d) => translate(d.x, d.y));
  setAttr(cards, 'aria-label', memberAriaLabel);
  setAttr(cards, 'data-id', (d) => d.id);
  setAttr(cards, 'data-partitions', (d) => d.partitions.join(' '));
  setAttr(cards, 'data-phase', (d) => d.consumer.phase);
  setAttr(cards, 'data-select', (d) => JSON.stringify({ kind: 'consumer', id: d.id }));
  const box = cards.select<SVGRectElement>('rect.member-box');
  setAttr(box, 'width', (d) => d.width);
  setAttr(box, 'height', (d) => d.height);
  setAttr(cards.select<SVGRectElement>('rect.member-swatch'), 'height', (d) => d.height);
  setText(cards.select<SVGTextElement>('text.member-name'), (d) => {
    const c = d.consumer;
    return `${c.id}${c.alive ? '' : ' ✕'}${c.paused ? ' ❚❚' : ''} · read ${c.consumed}`;
  });
  setText(cards.select<SVGTextElement>('text.member-line'), (d) =>
    truncate(memberStatus(d), d.width),
  );
}

function truncate(text: string, width: number): string {
  const max = Math.floor((width - 20) / 7.4);
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}
