import { select } from 'd3-selection';
import { symbol, symbolStar } from 'd3-shape';
import 'd3-transition'; // selection.transition: a side-effect import a production build keeps only when explicit
import { translate } from './dom';
import type { LeaderMove } from './leaderMoves';

const STAR = symbol(symbolStar, 260)() ?? '';

/**
 * Leadership moving: a star travels from the old leader's row to the new leader's, keyed by
 * partition and epoch, then disappears. The rows already show the new state (the picture is
 * the model); this only draws the eye to what changed. Skipped under reduced motion.
 */
export function drawLeaderMoves(
  g: SVGGElement,
  moves: readonly LeaderMove[],
  durationMs: number,
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
      .attr('transform', translate(move.from.x, move.from.y));
    token.append('path').attr('d', STAR);
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
