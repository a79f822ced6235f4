import { select } from 'd3-selection';
import { labelTextWidth, type ConsumerNode, type GroupBox } from './clusterLayout';
import { groupProtocolLine } from './groupLane';
import { fitText, fittingStart, namePx, textPx } from './textMetrics';
import { bindTarget, entityId } from './vizTarget';
import {
  changedData,
  sameData,
  setAttr,
  setClass,
  setClasses,
  setText,
  translate,
  type DrawnFrom,
} from './dom';

/** Name, "Stable · gen 3", "range · eager" and "coordinator: broker 1", one line each. */
export function groupHeaderLines(d: GroupBox): [string, string, string, string] {
  const g = d.group;
  if (g === null) return ['No group', 'each reads every partition', '', ''];
  const rebalancing = g.state === 'PreparingRebalance' || g.state === 'CompletingRebalance';
  const state = rebalancing ? `⟳ ${g.state}` : g.state;
  const protocol = groupProtocolLine(g);
  const coordinator =
    g.coordinator.broker === -1
      ? 'coordinator offline'
      : `coordinator: broker ${g.coordinator.broker}`;
  // A streams application's group: its name first, the application.id (long) after it.
  const name = d.streamsApp === undefined ? g.id : `${d.streamsApp} (streams) · ${g.id}`;
  return [name, `${state} · gen ${g.generation}`, protocol, coordinator];
}

/** What a member is doing, in words (colour is never the only cue). */
export function memberStatus(n: Pick<ConsumerNode, 'lines'>): string {
  return n.lines.join('; ');
}

export function memberAriaLabel(n: ConsumerNode): string {
  const c = n.consumer;
  const where = c.group === null ? 'no group' : `group ${c.group}`;
  const who = n.tasks === undefined ? 'Consumer' : 'Streams instance';
  return `${who} ${c.id} (${where}): ${memberStatus(n)}, read ${c.consumed}`;
}

/**
 * Consumer groups, each boxed with its state, generation, assignor (eager or cooperative) and
 * coordinator broker; inside, a card per member in the member's colour, with its partitions
 * in words. Members without partitions in a stable group are drawn idle (hatched).
 */
export function drawGroups(g: SVGGElement, boxes: readonly GroupBox[], room = false): void {
  const allGroups = select(g)
    .selectAll<SVGGElement, GroupBox>('g.group-box')
    .data(boxes, (d) => d.id)
    .join((enter) => {
      const box = enter.append('g').attr('class', 'group-box').attr('role', 'group');
      box.append('rect').attr('class', 'group-frame').attr('rx', 10);
      const head = box.append('g').attr('class', 'group-head').attr('tabindex', 0);
      head.append('text').attr('class', 'group-name').attr('x', 10).attr('y', 18);
      head.append('text').attr('class', 'group-state').attr('x', 10).attr('y', 34);
      head.append('text').attr('class', 'group-protocol').attr('x', 10).attr('y', 49);
      head.append('text').attr('class', 'group-coordinator').attr('x', 10).attr('y', 64);
      box.append('g').attr('class', 'members');
      return box;
    });
  // The box and its head only where what they show changed (its members are drawn below).
  const groups = changedData(allGroups, sameGroupHead, () => room);
  setAttr(groups, 'aria-label', (d) =>
    d.group === null
      ? 'Consumers without a group'
      : d.streamsApp === undefined
        ? `Group ${d.id}`
        : `Streams application ${d.streamsApp}: group ${d.id}`,
  );
  setAttr(groups, 'data-streams-app', (d) => d.streamsApp ?? null);
  setAttr(groups, 'data-group', (d) => d.id);
  setAttr(groups, 'data-entity', (d) => (d.group === null ? null : entityId.group(d.id)));
  setAttr(groups, 'data-state', (d) => d.group?.state ?? '');
  setAttr(groups, 'data-generation', (d) => d.group?.generation ?? '');
  setClass(
    groups,
    'rebalancing',
    (d) =>
      d.group !== null &&
      (d.group.state === 'PreparingRebalance' || d.group.state === 'CompletingRebalance'),
  );
  setClass(groups, 'cooperative', (d) => d.group?.rebalanceProtocol === 'cooperative');
  const frame = groups.select<SVGRectElement>('rect.group-frame');
  setAttr(frame, 'x', (d) => d.x);
  setAttr(frame, 'y', (d) => d.y);
  setAttr(frame, 'width', (d) => d.width);
  setAttr(frame, 'height', (d) => d.height);
  const head = groups.select<SVGGElement>('g.group-head');
  setAttr(head, 'transform', (d) => translate(d.x, d.y));
  setAttr(head, 'role', (d) => (d.group === null ? 'presentation' : 'button'));
  setAttr(head, 'aria-label', (d) => {
    const [, state, protocol, coordinator] = groupHeaderLines(d);
    return d.group === null
      ? 'Consumers without a group'
      : `Inspect group ${d.id}${d.streamsApp === undefined ? '' : ` (streams application ${d.streamsApp})`}: ${state}, ${protocol}, ${coordinator}`;
  });
  bindTarget(head, (d) => (d.group === null ? null : { kind: 'group', id: d.id }));
  // Each line fits the box (cut with "…"; the head's label has every word).
  const line = (i: number, px: number) => (d: GroupBox) =>
    fitText(groupHeaderLines(d)[i], d.width - 16, textPx(px, room));
  setText(head.select<SVGTextElement>('text.group-name'), line(0, namePx(16, room)));
  setText(head.select<SVGTextElement>('text.group-state'), line(1, 13));
  setText(head.select<SVGTextElement>('text.group-protocol'), line(2, 13));
  setText(head.select<SVGTextElement>('text.group-coordinator'), line(3, 13));
  allGroups.each(function (d) {
    drawMembers((this as SVGGElement).querySelector('g.members') as SVGGElement, d.members, room);
  });
}

/**
 * Whether a group's box and head would be drawn alike: all but its members (drawn card by
 * card) and its committed offsets and lag (not drawn here; they change with every record).
 */
function sameGroupHead(a: GroupBox, b: GroupBox): boolean {
  if (a.group === null || b.group === null) return sameData(a, b, 'members');
  if (!sameData(a.group, b.group, 'offsets')) return false;
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  let keys = 0;
  for (const k in x) {
    keys++;
    if (k !== 'members' && k !== 'group' && (!Object.hasOwn(y, k) || !sameData(x[k], y[k])))
      return false;
  }
  for (const _k in y) keys--;
  return keys === 0;
}

/** A member's name line: "c1 ✕ ❚❚ · read 42". */
function memberName(d: ConsumerNode): string {
  const c = d.consumer;
  return `${c.id}${c.alive ? '' : ' ✕'}${c.paused || c.stalled ? ' ❚❚' : ''} · read ${c.consumed}`;
}

/**
 * Whether a member's card would be drawn alike but for what it has read (its name line and
 * label, drawn apart: see `sameCount`). Its positions are drawn on the strips.
 */
function sameMember(a: ConsumerNode, b: ConsumerNode): boolean {
  if (!sameData(a, b, 'consumer')) return false;
  const x = a.consumer as unknown as Record<string, unknown>;
  const y = b.consumer as unknown as Record<string, unknown>;
  let keys = 0;
  for (const k in x) {
    keys++;
    if (k !== 'positions' && k !== 'consumed' && (!Object.hasOwn(y, k) || !sameData(x[k], y[k])))
      return false;
  }
  for (const _k in y) keys--;
  return keys === 0;
}

/** Whether a member's name line and label would be drawn alike (`memberName`, `memberAriaLabel`). */
function sameCount(a: ConsumerNode, b: ConsumerNode): boolean {
  const x = a.consumer;
  const y = b.consumer;
  return (
    x.id === y.id &&
    x.consumed === y.consumed &&
    x.alive === y.alive &&
    x.paused === y.paused &&
    x.stalled === y.stalled &&
    x.group === y.group &&
    (a.tasks === undefined) === (b.tasks === undefined) &&
    sameData(a.lines, b.lines)
  );
}

/** What each member's name line and label were last drawn from. */
const countedFrom = new WeakMap<Element, DrawnFrom>();

function drawMembers(g: SVGGElement, nodes: readonly ConsumerNode[], room: boolean): void {
  const allCards = select(g)
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
      card.append('g').attr('class', 'member-lines');
      return card;
    });
  // What a member has read changes with every poll: only its name line and label say it.
  const counted = changedData(allCards, sameCount, () => room, countedFrom);
  setAttr(counted, 'aria-label', memberAriaLabel);
  setText(counted.select<SVGTextElement>('text.member-name'), memberName);
  const cards = changedData(allCards, sameMember, () => room);
  setClasses(cards, (d) =>
    [
      'consumer',
      `member-${d.colorIndex}`,
      d.idle ? 'idle' : '',
      d.consumer.alive ? '' : 'crashed',
      d.consumer.paused ? 'paused' : '',
      d.consumer.stalled ? 'stalled' : '',
      d.consumer.group !== null && d.consumer.phase !== 'stable' ? 'rebalancing' : '',
      d.revoked.length > 0 ? 'revoked' : '',
    ]
      .filter(Boolean)
      .join(' '),
  );
  setAttr(cards, 'transform', (d) => translate(d.x, d.y));
  setAttr(cards, 'aria-label', memberAriaLabel);
  setAttr(cards, 'data-id', (d) => d.id);
  setAttr(cards, 'data-partitions', (d) => d.partitions.join(' '));
  setAttr(cards, 'data-tasks', (d) => d.tasks?.join(' ') ?? null);
  setAttr(cards, 'data-phase', (d) => d.consumer.phase);
  setAttr(cards, 'data-revoked', (d) => d.revoked.join(' '));
  setAttr(cards, 'data-entity', (d) => entityId.consumer(d.id));
  bindTarget(cards, (d) => ({ kind: 'consumer', id: d.id }));
  const box = cards.select<SVGRectElement>('rect.member-box');
  setAttr(box, 'width', (d) => d.width);
  setAttr(box, 'height', (d) => d.height);
  setAttr(cards.select<SVGRectElement>('rect.member-swatch'), 'height', (d) => d.height);
  setText(cards.select<SVGTextElement>('text.member-name'), memberName);
  cards.each(function (d) {
    const lines = select(this.querySelector('g.member-lines') as SVGGElement)
      .selectAll<SVGTextElement, { line: string; i: number }>('text.member-line')
      .data(d.lines.map((line, i) => ({ line, i })))
      .join((enter) => enter.append('text').attr('class', 'member-line').attr('x', 14));
    setAttr(lines, 'y', (t) => 35 + t.i * 16);
    setClass(lines, 'paused-line', (t) => t.line.startsWith('❚❚'));
    setText(lines, (t) => truncate(t.line, d.width, textPx(MEMBER_LINE_PX, room)));
  });
}

/** "orders-0 orders-1 orders-2" → "orders-0,1,2": the same partitions in less room. */
export function compactPartitionList(text: string): string {
  const out: string[] = [];
  let topic: string | null = null;
  for (const token of text.split(' ')) {
    const m = /^(.+)-(\d+)$/.exec(token);
    if (m !== null && m[1] === topic) out[out.length - 1] += `,${m[2]}`;
    else out.push(token);
    topic = m === null ? null : m[1];
  }
  return out.join(' ');
}

/** A member's status lines (app.css `.member-line`). */
const MEMBER_LINE_PX = 12;

/**
 * A member line cut to its card: the partition list compacted, then cut with "…". Cached by
 * text and size: the cards redraw every frame, and a large group's lines are long.
 */
function truncate(text: string, width: number, fontPx: number): string {
  const key = `${width}|${fontPx}|${text}`;
  const cached = truncated.get(key);
  if (cached !== undefined) return cached;
  const room = width - 20;
  let line = text;
  if (labelTextWidth(line, fontPx) > room) {
    const compact = compactPartitionList(text);
    line =
      labelTextWidth(compact, fontPx) <= room
        ? compact
        : `${fittingStart(compact, room, fontPx, labelTextWidth('…', 1))}…`;
  }
  if (truncated.size >= 512) truncated.clear();
  truncated.set(key, line);
  return line;
}

const truncated = new Map<string, string>();
