import { select } from 'd3-selection';
import { symbol, symbolStar } from 'd3-shape';
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
      .attr('transform', translate(move.to.x, move.to.y));
    token.append('path').attr('d', STAR);
    if (motion.kind === 'static') {
      token.classed('leader-star-static', true).attr('data-at-ms', motion.nowMs);
      continue;
    }
    travelThenFade(token.node()!, move, durationMs);
  }
}

/**
 * The star's flight, with the Web Animations API rather than d3-transition: one animation, no
 * library (d3-transition and the colour and interpolation modules it pulls in were ~10 kB gzip
 * of the first screen's JS for this one effect). The element already carries its final
 * transform; the CSS transform the animation sets overrides it while it runs.
 */
function travelThenFade(token: SVGGElement, move: LeaderMove, durationMs: number): void {
  const fadeMs = Math.round(durationMs / 3);
  const total = durationMs + fadeMs;
  if (typeof token.animate !== 'function' || total <= 0) {
    // No Web Animations (a test DOM): no flight to show; the star leaves when it would have.
    setTimeout(() => token.remove(), total);
    return;
  }
  const at = (p: { x: number; y: number }) => `translate(${p.x}px, ${p.y}px)`;
  const animation = token.animate(
    [
      { transform: at(move.from), opacity: 1, easing: 'ease-in-out' },
      { transform: at(move.to), opacity: 1, offset: durationMs / total },
      { transform: at(move.to), opacity: 0 },
    ],
    { duration: total, easing: 'linear', fill: 'forwards' },
  );
  animation.onfinish = () => token.remove();
  animation.oncancel = () => token.remove();
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
