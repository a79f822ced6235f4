import type { Snapshot } from '../engine';
import { drawBrokers } from './brokerLayer';
import { visiblePartitions, type ClusterLayout } from './clusterLayout';
import { drawFlights } from './flightLayer';
import { drawGroups } from './groupLayer';
import { drawLabels } from './labelsLayer';
import { detectLeaderMoves, leadersOf, transitionMs } from './leaderMoves';
import { drawLeaderMoves, expireLeaderStars } from './leaderMoveLayer';
import { drawLogs } from './logLayer';
import { drawProducers } from './producerLayer';

export interface SceneOptions {
  /**
   * False under prefers-reduced-motion: nothing moves, and what moved is marked statically
   * (requests in flight at the middle of their link, the new leader's star in place).
   */
  showFlights: boolean;
  /** Playback speed: discrete transitions are scaled by it. */
  speed: number;
  showInternal: boolean;
  /** The vertical range of the scene on screen (records are drawn only there). */
  visible?: { top: number; bottom: number };
}

export interface ClusterScene {
  render(layout: ClusterLayout, s: Snapshot, options: SceneOptions): void;
}

const LAYERS = ['labels', 'producers', 'groups', 'brokers', 'logs'] as const;
const OVERLAY_LAYERS = ['moves', 'flights'] as const;

/**
 * One `<g>` per layer inside `root`, drawn in this order; what moves every frame (flights,
 * leadership moves) goes in `overlay`, a second SVG on top, so a frame of motion repaints that
 * layer only and not the whole cluster (`overlay` defaults to `root`).
 */
export function createClusterScene(root: SVGGElement, overlay: SVGGElement = root): ClusterScene {
  const groups = {} as Record<
    (typeof LAYERS)[number] | (typeof OVERLAY_LAYERS)[number],
    SVGGElement
  >;
  const add = (
    parent: SVGGElement,
    name: (typeof LAYERS)[number] | (typeof OVERLAY_LAYERS)[number],
  ) => {
    const g = parent.ownerDocument.createElementNS('http://www.w3.org/2000/svg', 'g');
    g.setAttribute('class', `layer layer-${name}`);
    parent.appendChild(g);
    groups[name] = g;
  };
  for (const name of LAYERS) add(root, name);
  for (const name of OVERLAY_LAYERS) add(overlay, name);
  let previousLeaders = new Map<string, number>();
  let previousRun = { seed: NaN, timeMs: -1 };
  return {
    render(layout, s, options) {
      drawLabels(groups.labels, layout);
      drawProducers(groups.producers, layout.producers);
      drawGroups(groups.groups, layout.groups);
      drawBrokers(groups.brokers, layout.brokers, layout.mode === 'compact', options.showFlights);
      drawLogs(groups.logs, layout.strips, layout.recordsPerStrip, options.visible);
      // Leadership moves since the last frame (not across a restart or a new seed).
      const partitions = visiblePartitions(s, options.showInternal);
      // Playback, not a jump (?t=, a restart): frames a second of virtual time apart at most.
      const sameRun =
        s.seed === previousRun.seed &&
        s.timeMs >= previousRun.timeMs &&
        s.timeMs - previousRun.timeMs <= 1000 * Math.max(1, options.speed);
      // Reduced motion marks the same things without moving them (static stars and flights).
      const motion = options.showFlights
        ? ({ kind: 'moving' } as const)
        : ({ kind: 'static', nowMs: s.timeMs } as const);
      if (motion.kind === 'static') expireLeaderStars(groups.moves, s.timeMs, !sameRun);
      if (sameRun) {
        const moves = detectLeaderMoves(previousLeaders, partitions, layout);
        if (moves.length > 0)
          drawLeaderMoves(groups.moves, moves, transitionMs(options.speed), motion);
      }
      previousLeaders = leadersOf(partitions);
      previousRun = { seed: s.seed, timeMs: s.timeMs };
      drawFlights(groups.flights, s.flights, s.timeMs, layout, motion.kind);
    },
  };
}
