import { select } from 'd3-selection';
import { symbol, symbolStar } from 'd3-shape';
import 'd3-transition'; // selection.transition: a side-effect import a production build keeps only when explicit
import { translate } from './dom';
import type { LeaderMove } from './leaderMoves';

const STAR = symbol(symbolStar, 260)() ?? '';

/** Under reduced motion, how long (virtual ms) the star stays at the new leader's row. */
export const STATIC_LEADER_STAR_MS = 3000;

/**
 * Leadership moving: a star travels from the old leader's row to the new leader's, keyed by
 * partition and epoch, then disappears. The rows already show the new state (the picture is
 * the model); this only draws the eye to what changed.
 *
 * Under reduced motion (`motion.kind === 'static'`) the star appears at the new leader's row
 * without travelling and stays there for `STATIC_LEADER_STAR_MS` of virtual time (see
 * `expireLeaderStars`), so the change is marked, not animated.
 */
export function drawLeaderMoves(
  g: SVGGElement,
  moves: readonly LeaderMove[],
  durationMs: number,
  motion: { kind: 'moving' } | { kind: 'static'; nowMs: number } = { kind: 'moving' },
): void {
  const root = select(g).attr('aria-hidden', 'true');
  for (const move of moves) {
    const running = root.selectAll<SVGGElement, unknown>('g.leader-move').filter(function () {
      return this.getAttribute('data-move') === move.id;
    });
    if (!running.empty()) continue;
    const token = root
      .append('g')
      .attr('class', 'leader-move')
      .attr('data-move', move.id)
      .attr('data-to-broker', move.toBroker)
      .attr('transform', translate(move.from.x, move.from.y));
    token.append('path').attr('d', STAR);
    if (motion.kind === 'static') {
      token
        .attr('transform', translate(move.to.x, move.to.y))
        .classed('leader-star-static', true)
        .attr('data-at-ms', motion.nowMs);
      continue;
    }
    token
      .transition()
      .duration(durationMs)
      .attr('transform', translate(move.to.x, move.to.y))
      .transition()
      .duration(Math.round(durationMs / 3))
      .style('opacity', 0)
      .remove();
  }
}

/**
 * Removes static stars older than `STATIC_LEADER_STAR_MS` at virtual time `nowMs`, or all of
 * them after a jump in time (`jumped`: a seek or restart; the stars belonged to another moment).
 */
export function expireLeaderStars(g: SVGGElement, nowMs: number, jumped: boolean): void {
  for (const star of g.querySelectorAll('g.leader-star-static')) {
    const at = Number(star.getAttribute('data-at-ms'));
    if (jumped || !(nowMs - at < STATIC_LEADER_STAR_MS) || nowMs < at) star.remove();
  }
}
