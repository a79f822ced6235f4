import { select } from 'd3-selection';
import { symbol, symbolCircle, symbolStar } from 'd3-shape';
import type { BrokerCard, ReplicaSlot, ReplicaState } from './clusterLayout';
import {
  changedData,
  sameData,
  setAttr,
  type DrawnFrom,
  setClass,
  setClasses,
  setText,
  translate,
} from './dom';
import {
  estimateTextWidth,
  fitText,
  fitTextMiddle,
  labelTextWidth,
  namePx,
  textPx,
} from './textMetrics';
import { bindTarget, entityId, type BrokerAction } from './vizTarget';
import { BUTTON_HEIGHT, drawSvgButtons, type SvgButtonSpec } from './svgButton';

const LEADER_GLYPH = symbol(symbolStar, 110)() ?? '';
const FOLLOWER_GLYPH = symbol(symbolCircle, 70)() ?? '';
const OFFLINE_GLYPH = 'M-5,-5 L5,5 M5,-5 L-5,5';
/** Replica rows wider than this also show the replica's log end offset. */
const SHOW_LEO_MIN_WIDTH = 230;
/** A room's rows (glyphs, a bare number) show the log end offset from this width. */
const ROOM_LEO_MIN_WIDTH = 120;
/** Narrower rows show a symbol for unusual states instead of words (the legend explains them). */
const WORDS_MIN_WIDTH = 165;
const ROLE_SYMBOL: Record<ReplicaState, string> = {
  leader: '',
  follower: '',
  'out-of-sync': '◌',
  'broker-down': '✕',
  'leader-broker-down': '✕',
  offline: '⚠',
};

const ROLE_LABELS: Record<ReplicaState, string> = {
  leader: 'leader',
  follower: 'follower',
  'out-of-sync': 'follower, out of sync',
  'broker-down': 'follower, out of sync (broker down)',
  'leader-broker-down': 'leader (broker down, not yet fenced)',
  offline: 'offline, no leader',
};

const ROLE_TEXT: Record<ReplicaState, string> = {
  leader: 'leader',
  follower: 'follower',
  'out-of-sync': 'not in ISR',
  'broker-down': 'down',
  'leader-broker-down': 'leader?',
  offline: 'OFFLINE',
};

export function replicaRoleLabel(r: Pick<ReplicaSlot, 'state'>): string {
  return ROLE_LABELS[r.state];
}

/** The line under a broker's name: down/fenced, controller, coordinator. */
export function brokerStatus(
  d: Pick<
    BrokerCard,
    'alive' | 'fenced' | 'isController' | 'coordinatorOf' | 'waitingForController'
  >,
): string {
  const parts: string[] = [];
  if (d.waitingForController === true) parts.push('starting · no controller');
  else if (!d.alive) parts.push(d.fenced ? '✕ DOWN · fenced' : '✕ DOWN');
  else if (d.fenced) parts.push('fenced · catching up');
  if (d.isController) parts.push('CONTROLLER');
  if (d.coordinatorOf.length > 0) parts.push(`coord: ${d.coordinatorOf.join(', ')}`);
  return parts.join(' · ');
}

/** The badge font (uppercase, letter-spaced): a little wider than plain text. */
const BADGE_PX = 13 * 1.15;
/** Presenter mode draws the badge at 14 px (presenter.css); bold capitals measure about 1.35 em. */
const ROOM_BADGE_PX = 14 * 1.35;

/**
 * The status line as it fits a card `width` wide: whole if it fits, else with the coordinated
 * groups counted instead of named, then cut with "…". The card's description has every word.
 */
export function brokerStatusFit(
  d: Pick<
    BrokerCard,
    'alive' | 'fenced' | 'isController' | 'coordinatorOf' | 'waitingForController'
  >,
  width: number,
  /** Measured at the room's larger badge font. */
  forRoom = false,
): string {
  const room = width - 24;
  const badgePx = forRoom ? ROOM_BADGE_PX : BADGE_PX;
  const full = brokerStatus(d);
  const fits = (t: string) => labelTextWidth(t.toUpperCase(), badgePx) <= room;
  if (fits(full)) return full;
  // A dead broker's card is crossed out with a big ✕ already: the status can do without one.
  const unmarked = full.replace(/^✕ /, '');
  if (fits(unmarked)) return unmarked;
  const n = d.coordinatorOf.length;
  // The rest of the status, then the coordinated groups counted (" · " only between parts).
  const rest = brokerStatus({ ...d, coordinatorOf: [] });
  const join = (coord: string) => (n === 0 ? rest : rest === '' ? coord : `${rest} · ${coord}`);
  const counted = join(`coord: ${n} group${n === 1 ? '' : 's'}`);
  if (fits(counted)) return counted;
  const shortest = join(`coord ×${n}`);
  if (fits(shortest)) return shortest;
  return fitText(shortest.toUpperCase(), room, badgePx);
}

/**
 * The actions a broker card offers: kill or shut down a live broker, restart a dead one, kill
 * one whose process started but waits for a controller to register.
 */
export function brokerButtons(d: BrokerCard): SvgButtonSpec[] {
  const y = 44;
  const target = (action: BrokerAction) =>
    ({ kind: 'brokerAction', action, broker: d.id }) as const;
  if (d.waitingForController === true)
    return [
      {
        id: 'kill',
        label: '✕ Kill',
        name: `Kill broker ${d.id} (started, waiting for a controller)`,
        target: target('kill'),
        shortcut: 'K',
        x: 10,
        y,
        width: Math.min(96, d.width - 20),
        danger: true,
      },
    ];
  if (!d.alive)
    return [
      {
        id: 'restart',
        label: '↻ Restart',
        name: `Restart broker ${d.id}`,
        target: target('restart'),
        shortcut: 'R',
        x: 10,
        y,
        width: Math.min(96, d.width - 20),
      },
    ];
  const w = Math.max(44, Math.min(70, (d.width - 26) / 2));
  return [
    {
      id: 'kill',
      label: '✕ Kill',
      name: `Kill broker ${d.id}`,
      target: target('kill'),
      shortcut: 'K',
      x: 10,
      y,
      width: w,
      danger: true,
    },
    {
      id: 'shutdown',
      label: '■ Stop',
      name: `Shut down broker ${d.id}`,
      target: target('shutdown'),
      shortcut: 'S',
      x: 16 + w,
      y,
      width: w,
    },
  ];
}

/**
 * Brokers as cards. Detailed mode: one row per partition replica it hosts. The leader is a
 * filled row with a star and the word "leader"; an in-sync follower an outlined row with a
 * ring; a follower out of the ISR a dashed row saying so; an offline partition a red row with
 * a cross: shape and words, not colour alone. Compact mode: counts instead of rows. Rows are
 * keyed by replica, so a row keeps its element when leadership moves.
 */
export function drawBrokers(
  g: SVGGElement,
  cards: readonly BrokerCard[],
  compact: boolean,
  /** Badges fade with virtual time (false under reduced motion: they stay, then vanish). */
  fade = true,
  /** Drawn for a room: rows say their state with glyphs and show the bare log end offset. */
  room = false,
): void {
  const brokers = select(g)
    .selectAll<SVGGElement, BrokerCard>('g.broker')
    .data(cards, (d) => String(d.id))
    .join((enter) => {
      const card = enter.append('g').attr('class', 'broker').attr('role', 'group');
      card.attr('tabindex', 0);
      card.append('rect').attr('class', 'broker-box').attr('rx', 10);
      card.append('path').attr('class', 'broker-down-mark');
      const head = card.append('g').attr('class', 'broker-head');
      head.append('title');
      head.append('text').attr('class', 'broker-name').attr('x', 12).attr('y', 22);
      head.append('text').attr('class', 'broker-badge').attr('x', 12).attr('y', 37);
      head.append('g').attr('class', 'broker-buttons');
      card.append('g').attr('class', 'broker-counts');
      card.append('g').attr('class', 'replicas');
      return card;
    });
  // The card itself (box, head, buttons, counts) only where something it shows changed.
  const cardContext = `${compact}|${room}`;
  const cardsChanged = changedData(brokers, sameCard, () => cardContext);
  setAttr(cardsChanged, 'aria-label', (d) => `Broker ${d.id}`);
  setAttr(cardsChanged, 'aria-description', (d) => brokerStatus(d) || 'running');
  setAttr(cardsChanged, 'aria-keyshortcuts', (d) => (d.alive ? 'K S' : 'R'));
  setAttr(cardsChanged, 'data-broker', (d) => d.id);
  setAttr(cardsChanged, 'data-alive', (d) => String(d.alive));
  setAttr(cardsChanged, 'data-fenced', (d) => String(d.fenced));
  setAttr(cardsChanged, 'data-entity', (d) => entityId.broker(d.id));
  bindTarget(cardsChanged, (d) => ({ kind: 'broker', id: d.id }));
  setClass(cardsChanged, 'down', (d) => !d.alive);
  setClass(cardsChanged, 'fenced', (d) => d.fenced);
  setClass(cardsChanged, 'controller', (d) => d.isController);
  const box = cardsChanged.select<SVGRectElement>('rect.broker-box');
  setAttr(box, 'x', (d) => d.x);
  setAttr(box, 'y', (d) => d.y);
  setAttr(box, 'width', (d) => d.width);
  setAttr(box, 'height', (d) => d.height);
  // A dead broker is crossed out (not only greyed): a big X right after its name, clear of
  // the status line under it and of the card's edge.
  const mark = cardsChanged.select<SVGPathElement>('path.broker-down-mark');
  setAttr(mark, 'd', (d) => {
    if (d.alive) return '';
    const x = Math.min(
      d.x + d.width - 24,
      d.x + 20 + labelTextWidth(`Broker ${d.id}`, namePx(18, room) * 1.1),
    );
    return `M${x},${d.y + 8} l15,15 m0,-15 l-15,15`;
  });
  const head = cardsChanged.select<SVGGElement>('g.broker-head');
  setAttr(head, 'transform', (d) => translate(d.x, d.y));
  setText(head.select<SVGTextElement>('text.broker-name'), (d) => `Broker ${d.id}`);
  setText(head.select<SVGTextElement>('text.broker-badge'), (d) =>
    brokerStatusFit(d, d.width, room),
  );
  setText(head.select<SVGTitleElement>('title'), (d) => brokerStatus(d) || 'running');
  cardsChanged.each(function (d) {
    const el = this as SVGGElement;
    drawSvgButtons(select(el.querySelector('g.broker-buttons') as SVGGElement), brokerButtons(d));
    drawCounts(el.querySelector('g.broker-counts') as SVGGElement, d, compact, room);
  });
  brokers.each(function (d) {
    const el = this as SVGGElement;
    drawReplicas(
      el.querySelector('g.replicas') as SVGGElement,
      compact ? [] : d.replicas,
      fade,
      room,
    );
  });
}

/** A card's own drawing reads all of it but its replica rows (those are checked row by row). */
function sameCard(a: BrokerCard, b: BrokerCard): boolean {
  return sameData(a, b, 'replicas');
}

/**
 * The ids of the rows in `now` that differ from `before` (new ones included), or undefined when
 * they are the same rows, in the same order, all equal. Rows removed are left to the join.
 */
function changedRows(
  before: readonly ReplicaSlot[],
  now: readonly ReplicaSlot[],
  room: boolean,
): Set<string> | undefined {
  const changed = new Set<string>();
  if (before.length === now.length) {
    for (let i = 0; i < now.length; i++)
      if (before[i].id !== now[i].id || !sameRow(before[i], now[i], room)) changed.add(now[i].id);
    return changed.size === 0 ? undefined : changed;
  }
  const byId = new Map(before.map((r) => [r.id, r]));
  for (const r of now) {
    const was = byId.get(r.id);
    if (was === undefined || !sameRow(was, r, room)) changed.add(r.id);
  }
  return changed;
}

/**
 * Whether a row is drawn alike from `a` and `b`: the same data, but for a log end offset the
 * row does not show (too narrow for it: every row of a busy cluster's narrow cards gains
 * records all the time, and redrawing them changed nothing).
 */
function sameRow(a: ReplicaSlot, b: ReplicaSlot, room: boolean): boolean {
  if (!sameData(a, b, 'logEndOffset')) return false;
  return (
    a.logEndOffset === b.logEndOffset ||
    (replicaRowText(a, room).leo === '' && replicaRowText(b, room).leo === '')
  );
}

/** What each card's rows were last drawn from, with `fade` and `room` (see `drawReplicas`). */
const rowsDrawnFrom = new WeakMap<Element, DrawnFrom>();

/** The count lines' font (app.css `.broker-count`). */
const COUNT_PX = 12;

function drawCounts(g: SVGGElement, d: BrokerCard, compact: boolean, room: boolean): void {
  const lines = compact
    ? [
        `★ ${d.counts.leaders} leading · ○ ${d.counts.followers}`,
        [
          d.counts.outOfSync > 0 ? `◌ ${d.counts.outOfSync} not in ISR` : '',
          d.counts.offline > 0 ? `✕ ${d.counts.offline} offline` : '',
        ]
          .filter(Boolean)
          .join(' · ') || 'all replicas in sync',
      ]
    : [];
  const text = select(g)
    .selectAll<SVGTextElement, { line: string; i: number }>('text')
    .data(lines.map((line, i) => ({ line, i })))
    .join((enter) => enter.append('text').attr('class', 'broker-count'));
  setAttr(text, 'x', () => d.x + 12);
  setAttr(text, 'y', (t) => d.y + 44 + BUTTON_HEIGHT + 20 + t.i * 18);
  // Cut to the card (a room's narrow cards, its larger text); the card's label has every word.
  setText(text, (t) => fitText(t.line, d.width - 20, textPx(COUNT_PX, room)));
  setClass(select(g), 'warn', () => d.counts.offline > 0 || d.counts.outOfSync > 0);
}

/** "catching up 120/239", "truncated its log from offset 104 to 103": for the row's label. */
export function replicaActivityWords(d: Pick<ReplicaSlot, 'catchUp' | 'badge'>): string {
  const parts: string[] = [];
  if (d.badge !== null) parts.push(d.badge.words);
  if (d.catchUp !== null)
    parts.push(`catching up ${d.catchUp.replicaLogEndOffset}/${d.catchUp.leaderLogEndOffset}`);
  return parts.join(', ');
}

/** What a replica row says after its name: its role, and its log end offset where there is room. */
export function replicaRowText(
  d: Pick<ReplicaSlot, 'width' | 'badge' | 'catchUp' | 'state' | 'logEndOffset'>,
  room: boolean,
): { role: string; leo: string } {
  // A badge sits over the role and LEO for its few seconds: hide them rather than overlap.
  if (d.badge !== null) return { role: '', leo: '' };
  const catchUp =
    d.catchUp === null ? '' : `${d.catchUp.replicaLogEndOffset}/${d.catchUp.leaderLogEndOffset}`;
  // A room's rows: the glyph says leader or follower, a symbol the unusual states (the legend
  // explains both), and the log end offset is a bare number (the legend says "n = LEO").
  if (room)
    return {
      role: d.catchUp !== null ? '↻' : ROLE_SYMBOL[d.state],
      leo: d.width < ROOM_LEO_MIN_WIDTH ? '' : catchUp || String(d.logEndOffset),
    };
  return {
    role:
      d.width < WORDS_MIN_WIDTH
        ? ROLE_SYMBOL[d.state]
        : d.catchUp !== null
          ? d.width >= 230
            ? 'catching up'
            : '↻ behind'
          : ROLE_TEXT[d.state],
    leo: d.width < SHOW_LEO_MIN_WIDTH ? '' : catchUp || `LEO ${d.logEndOffset}`,
  };
}

function drawReplicas(
  g: SVGGElement,
  slots: readonly ReplicaSlot[],
  fade: boolean,
  room: boolean,
): void {
  // The rows that differ from what the card last drew (null: all of them, drawn afresh). A
  // card whose rows are all as they were (most cards, most frames) is not joined again.
  const context = `${fade}|${room}`;
  const last = rowsDrawnFrom.get(g);
  let changed: Set<string> | null = null;
  if (last !== undefined && last.context === context) {
    const diff = changedRows(last.datum as readonly ReplicaSlot[], slots, room);
    if (diff === undefined) {
      last.datum = slots;
      return;
    }
    changed = diff;
  }
  rowsDrawnFrom.set(g, { datum: slots, context });
  const allRows = select(g)
    .selectAll<SVGGElement, ReplicaSlot>('g.replica')
    .data(slots, (d) => d.id)
    .join((enter) => {
      const row = enter.append('g').attr('class', 'replica').attr('role', 'img');
      row.append('rect').attr('class', 'replica-box').attr('rx', 5);
      row.append('rect').attr('class', 'replica-progress').attr('rx', 5);
      row.append('rect').attr('class', 'replica-owner').attr('width', 4).attr('rx', 2);
      row.append('path').attr('class', 'replica-glyph');
      row.append('text').attr('class', 'replica-name').attr('x', 28);
      row.append('text').attr('class', 'replica-role');
      row.append('text').attr('class', 'replica-leo').attr('text-anchor', 'end');
      const badge = row.append('g').attr('class', 'replica-badge');
      badge.append('rect').attr('rx', 4).attr('height', 16);
      badge.append('text').attr('y', 12).attr('x', 5);
      return row;
    });
  const only = changed;
  const rows = only === null ? allRows : allRows.filter((d) => only.has(d.id));
  setAttr(rows, 'transform', (d) => translate(d.x, d.y));
  setAttr(
    rows,
    'aria-label',
    (d) => `${d.topic}-${d.partition} on broker ${d.brokerId}: ${replicaRoleLabel(d)}`,
  );
  setAttr(rows, 'aria-description', (d) => replicaActivityWords(d) || null);
  setAttr(rows, 'data-catch-up', (d) =>
    d.catchUp === null ? null : `${d.catchUp.replicaLogEndOffset}/${d.catchUp.leaderLogEndOffset}`,
  );
  setAttr(rows, 'data-badge', (d) => d.badge?.kind ?? null);
  // The share of the leader's log this follower has: a bar filling the row as it catches up.
  const progress = rows.select<SVGRectElement>('rect.replica-progress');
  setAttr(progress, 'height', (d) => d.height);
  setAttr(progress, 'width', (d) =>
    d.catchUp === null
      ? 0
      : Math.round(
          (d.width * d.catchUp.replicaLogEndOffset) / Math.max(1, d.catchUp.leaderLogEndOffset),
        ),
  );
  const badge = rows.select<SVGGElement>('g.replica-badge');
  setAttr(badge, 'display', (d) => (d.badge === null ? 'none' : 'inline'));
  setClasses(badge, (d) => `replica-badge ${d.badge?.kind ?? ''}`);
  setAttr(badge, 'transform', (d) => translate(Math.max(84, d.width - 92), 3));
  setAttr(badge, 'opacity', (d) =>
    d.badge === null || !fade ? 1 : Math.round((1 - 0.7 * d.badge.age) * 100) / 100,
  );
  setAttr(badge.select<SVGRectElement>('rect'), 'width', () => 86);
  setText(badge.select<SVGTextElement>('text'), (d) => d.badge?.text ?? '');
  setAttr(rows, 'data-role', (d) => d.role);
  setAttr(rows, 'data-state', (d) => d.state);
  setAttr(rows, 'data-entity', (d) => entityId.replica(d.topic, d.partition, d.brokerId));
  bindTarget(rows, (d) => ({ kind: 'partition', topic: d.topic, partition: d.partition }));
  setClass(rows, 'leader', (d) => d.state === 'leader' || d.state === 'leader-broker-down');
  setClass(rows, 'follower', (d) => d.role === 'follower');
  setClass(rows, 'out-of-sync', (d) => d.state === 'out-of-sync' || d.state === 'broker-down');
  setClass(rows, 'offline', (d) => d.state === 'offline');
  const box = rows.select<SVGRectElement>('rect.replica-box');
  setAttr(box, 'width', (d) => d.width);
  setAttr(box, 'height', (d) => d.height);
  const owner = rows.select<SVGRectElement>('rect.replica-owner');
  setAttr(owner, 'height', (d) => d.height);
  setClasses(owner, (d) =>
    d.ownerColorIndex === null ? 'replica-owner none' : `replica-owner member-${d.ownerColorIndex}`,
  );
  const glyph = rows.select<SVGPathElement>('path.replica-glyph');
  setAttr(glyph, 'd', (d) =>
    d.state === 'offline' ? OFFLINE_GLYPH : d.role === 'leader' ? LEADER_GLYPH : FOLLOWER_GLYPH,
  );
  setAttr(glyph, 'transform', (d) => translate(16, d.height / 2));
  const nameText = rows.select<SVGTextElement>('text.replica-name');
  setAttr(nameText, 'y', (d) => d.height / 2 + 5);
  // The role sits left of the LEO when both are drawn (a room's LEO is a short number), and
  // further left when the LEO is long (millions of records): its digits are monospaced.
  const roleX = (d: ReplicaSlot) => {
    const leoText = replicaRowText(d, room).leo;
    if (leoText === '') return d.width - 8;
    const leoPx = estimateTextWidth(leoText, textPx(12, room));
    return Math.min(d.width - (room ? 36 : 68), d.width - 8 - leoPx - 8);
  };
  // A long name (a streams application's internal topic) is cut in the middle to end before
  // the role; the row's label keeps it whole.
  setText(nameText, (d) => {
    const rolePx = labelTextWidth(replicaRowText(d, room).role, textPx(12, room));
    // A leader's name is bold: about a tenth wider.
    const bold = d.state === 'leader' || d.state === 'leader-broker-down' ? 1.1 : 1;
    return fitTextMiddle(
      `${d.topic}-${d.partition}`,
      roleX(d) - rolePx - 28 - 4,
      textPx(13, room) * bold,
    );
  });
  const role = rows.select<SVGTextElement>('text.replica-role');
  setAttr(role, 'x', roleX);
  setAttr(role, 'text-anchor', () => 'end');
  setAttr(role, 'y', (d) => d.height / 2 + 5);
  setText(role, (d) => replicaRowText(d, room).role);
  const leo = rows.select<SVGTextElement>('text.replica-leo');
  setAttr(leo, 'x', (d) => d.width - 8);
  setAttr(leo, 'y', (d) => d.height / 2 + 5);
  setText(leo, (d) => replicaRowText(d, room).leo);
}
