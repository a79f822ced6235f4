/**
 * The exact rebalancing step of the general sticky path (see `generalStickyAssign` in
 * ./stickyAssignor.ts for the why). It works on counts: how many partitions of topic t each
 * subscriber of t holds now, and how many of them it validly owned before the rebalance.
 *
 * Graph: member nodes and topic nodes. A member u -> topic t arc exists while u holds a
 * partition of t; giving one away costs +1 if u then keeps fewer of its own t-partitions, else
 * 0. A topic t -> member v arc exists for every subscriber v; receiving one costs -1 if v is
 * still missing some of its own t-partitions, else 0. A path member -> topic -> member -> ...
 * is a chain of hand-overs that changes only the loads of its two ends; its cost is the change
 * in the number of owned partitions away from their owner ("moves").
 */

/**
 * Per-(topic, subscriber) counters, stored topic-major so the hot loops read typed arrays:
 * `subscribers[t][k]` is a member; `held[t][k]` / `own[t][k]` how many partitions of t it holds
 * now / validly owned before. `memberTopics[m]` / `memberSlots[m]` list, for member m, each
 * subscribed topic t and m's index k in `subscribers[t]`.
 */
export interface Counters {
  subscribers: number[][];
  held: Int32Array[];
  own: Int32Array[];
  memberTopics: number[][];
  memberSlots: number[][];
}

/** Empty counters for `memberCount` members, given each member's subscribed topic indices. */
export function buildCounters(
  topicCount: number,
  topicsOfMember: readonly (readonly number[])[],
): Counters {
  const subscribers: number[][] = Array.from({ length: topicCount }, () => []);
  const memberTopics: number[][] = topicsOfMember.map(() => []);
  const memberSlots: number[][] = topicsOfMember.map(() => []);
  topicsOfMember.forEach((topics, mi) => {
    for (const ti of topics) {
      memberTopics[mi].push(ti);
      memberSlots[mi].push(subscribers[ti].length);
      subscribers[ti].push(mi);
    }
  });
  return {
    subscribers,
    held: subscribers.map((s) => new Int32Array(s.length)),
    own: subscribers.map((s) => new Int32Array(s.length)),
    memberTopics,
    memberSlots,
  };
}

/** Member `mi`'s index in `subscribers[ti]` (it must subscribe to `ti`). */
export function slotOf(c: Counters, mi: number, ti: number): number {
  return c.memberSlots[mi][c.memberTopics[mi].indexOf(ti)];
}

/** Working state of the search; nodes are members 0..M-1 then topics M..M+T-1. */
interface Search {
  readonly c: Counters;
  readonly load: Int32Array;
  readonly memberCount: number;
  /** Owned partitions currently away from their owner. */
  moves: number;
  readonly dist: Float64Array;
  readonly parent: Int32Array;
  readonly inQueue: Uint8Array;
  readonly queue: number[];
  readonly memberCursor: Int32Array;
  readonly topicCursor: Int32Array;
  readonly dead: Uint8Array;
  readonly onPath: Uint8Array;
}

/** Cost of taking one partition of `ti` from the member in slot `k`. */
const costOut = (c: Counters, ti: number, k: number): number =>
  c.held[ti][k] <= c.own[ti][k] ? 1 : 0;
/** Cost of giving one partition of `ti` to the member in slot `k`. */
const costIn = (c: Counters, ti: number, k: number): number =>
  c.held[ti][k] < c.own[ti][k] ? -1 : 0;

function relax(s: Search, from: number, to: number, d: number): void {
  if (d >= s.dist[to]) return;
  s.dist[to] = d;
  s.parent[to] = from;
  if (s.inQueue[to] === 0) {
    s.inQueue[to] = 1;
    s.queue.push(to);
  }
}

/**
 * Cheapest chains from every member holding exactly `level` partitions (distance 0) to every
 * node: SPFA (queue-based Bellman-Ford), as costs can be negative. There is never a negative
 * cycle, because the state is always move-optimal for its loads.
 */
function shortestFrom(s: Search, level: number): void {
  const { c, memberCount, dist, queue } = s;
  dist.fill(Infinity);
  s.parent.fill(-1);
  queue.length = 0;
  for (let mi = 0; mi < memberCount; mi++) {
    if (s.load[mi] !== level) continue;
    dist[mi] = 0;
    s.inQueue[mi] = 1;
    queue.push(mi);
  }
  for (let head = 0; head < queue.length; head++) {
    const x = queue[head];
    s.inQueue[x] = 0;
    if (x < memberCount) {
      const topics = c.memberTopics[x];
      const slots = c.memberSlots[x];
      for (let j = 0; j < topics.length; j++) {
        if (c.held[topics[j]][slots[j]] > 0) {
          relax(s, x, memberCount + topics[j], dist[x] + costOut(c, topics[j], slots[j]));
        }
      }
    } else {
      const ti = x - memberCount;
      const subs = c.subscribers[ti];
      for (let k = 0; k < subs.length; k++) relax(s, x, subs[k], dist[x] + costIn(c, ti, k));
    }
  }
}

/**
 * Whether a chain ending at `v` improves the group: it ends at a member with at most level-2
 * partitions (better balance), or at level-1 with negative cost (same balance, fewer moves).
 */
const isTarget = (s: Search, v: number, level: number): boolean =>
  s.dist[v] !== Infinity && (s.load[v] <= level - 2 || (s.load[v] === level - 1 && s.dist[v] < 0));

/** A chain may start at a member still holding `level` partitions with distance 0. */
const isRoot = (s: Search, u: number, level: number): boolean =>
  s.load[u] === level && s.dist[u] === 0;

/** Applies a chain given as [target, topic node, member, topic node, ..., source]. */
function applyChain(s: Search, chain: readonly number[]): void {
  const { c, memberCount } = s;
  for (let i = 0; i + 2 < chain.length; i += 2) {
    const [to, ti, from] = [chain[i], chain[i + 1] - memberCount, chain[i + 2]];
    const kFrom = slotOf(c, from, ti);
    const kTo = slotOf(c, to, ti);
    s.moves += costOut(c, ti, kFrom) + costIn(c, ti, kTo);
    c.held[ti][kFrom]--;
    c.held[ti][kTo]++;
  }
  s.load[chain[chain.length - 1]]--;
  s.load[chain[0]]++;
}

/** Advances `x`'s cursor to its next predecessor on a tight arc; returns it or -1. */
function nextTightPredecessor(s: Search, x: number): number {
  const { c, memberCount, dist } = s;
  if (x < memberCount) {
    const topics = c.memberTopics[x];
    for (; s.memberCursor[x] < topics.length; s.memberCursor[x]++) {
      const j = s.memberCursor[x];
      const tn = memberCount + topics[j];
      if (s.dead[tn] || s.onPath[tn] || dist[tn] === Infinity) continue;
      if (dist[x] === dist[tn] + costIn(c, topics[j], c.memberSlots[x][j])) return tn;
    }
  } else {
    const ti = x - memberCount;
    const subs = c.subscribers[ti];
    for (; s.topicCursor[ti] < subs.length; s.topicCursor[ti]++) {
      const k = s.topicCursor[ti];
      const u = subs[k];
      if (s.dead[u] || s.onPath[u] || c.held[ti][k] === 0 || dist[u] === Infinity) continue;
      if (dist[x] === dist[u] + costOut(c, ti, k)) return u;
    }
  }
  return -1;
}

/**
 * A chain to `target` using only tight arcs (dist[to] == dist[from] + cost), found by a
 * backward depth-first search with per-node cursors and dead marks. Augmenting only along tight
 * arcs keeps every arc's reduced cost non-negative, so several chains can be applied after one
 * search (the primal-dual method of min-cost flow). Cursors and dead marks only prune: a chain
 * missed here is found by the next full search.
 */
function tightChainTo(s: Search, target: number, level: number): number[] | null {
  const path = [target];
  s.onPath[target] = 1;
  while (path.length > 0) {
    const x = path[path.length - 1];
    if (x !== target && x < s.memberCount && isRoot(s, x, level)) break;
    const next = nextTightPredecessor(s, x);
    if (next >= 0) {
      path.push(next);
      s.onPath[next] = 1;
      continue;
    }
    s.dead[x] = 1;
    s.onPath[x] = 0;
    path.pop();
    const prev = path[path.length - 1];
    if (prev === undefined) break;
    if (prev < s.memberCount) s.memberCursor[prev]++;
    else s.topicCursor[prev - s.memberCount]++;
  }
  for (const x of path) s.onPath[x] = 0;
  return path.length > 0 ? path : null;
}

/**
 * One phase at `level`: a full cheapest-chain search from every member holding `level`
 * partitions, then as many improving chains as the tight arcs allow. Returns how many chains
 * were applied.
 */
function phase(s: Search, level: number): number {
  let minLoad = Infinity;
  let sources = 0;
  for (let mi = 0; mi < s.memberCount; mi++) {
    minLoad = Math.min(minLoad, s.load[mi]);
    if (s.load[mi] === level) sources++;
  }
  // Nothing can improve: no member lower by 2, and no owned partition away from its owner.
  if (sources === 0 || (minLoad > level - 2 && s.moves === 0)) return 0;
  shortestFrom(s, level);
  // Targets: better balance first (lower load), then cheaper chains, then member order.
  const targets: number[] = [];
  for (let v = 0; v < s.memberCount; v++) if (isTarget(s, v, level)) targets.push(v);
  if (targets.length === 0) return 0;
  targets.sort((a, b) => s.load[a] - s.load[b] || s.dist[a] - s.dist[b] || a - b);

  // The first chain is the search tree's own path, which is certainly tight right now.
  const first = [targets[0]];
  for (let x = targets[0]; s.parent[x] >= 0; x = s.parent[x]) first.push(s.parent[x]);
  applyChain(s, first);
  let applied = 1;

  s.memberCursor.fill(0);
  s.topicCursor.fill(0);
  s.dead.fill(0);
  for (const v of targets) {
    while (isTarget(s, v, level)) {
      const chain = tightChainTo(s, v, level);
      if (chain === null) break;
      applyChain(s, chain);
      applied++;
    }
  }
  return applied;
}

/**
 * Improves `c.held` / `load` in place along cheapest move chains until no chain improves
 * balance or saves a move. Precondition: no owned partition is away from its owner yet
 * (every member holds at least all its valid owned partitions), which makes the starting
 * state move-optimal for its loads. Result: minimal sum of squared loads, and among those
 * states the fewest moves.
 */
export function balanceByMoveChains(c: Counters, load: Int32Array): void {
  const memberCount = load.length;
  const nodeCount = memberCount + c.subscribers.length;
  const s: Search = {
    c,
    load,
    memberCount,
    moves: 0,
    dist: new Float64Array(nodeCount),
    parent: new Int32Array(nodeCount),
    inQueue: new Uint8Array(nodeCount),
    queue: [],
    memberCursor: new Int32Array(memberCount),
    topicCursor: new Int32Array(c.subscribers.length),
    dead: new Uint8Array(nodeCount),
    onPath: new Uint8Array(nodeCount),
  };
  for (let improved = true; improved;) {
    improved = false;
    const levels = [...new Set(load)].sort((a, b) => b - a);
    for (const level of levels) {
      if (level === 0) break;
      while (phase(s, level) > 0) improved = true;
    }
  }
}
