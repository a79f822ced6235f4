import type { Snapshot } from '../engine';
import { drawBrokers } from './brokerLayer';
import { visiblePartitions, type ClusterLayout } from './clusterLayout';
import { drawFlights } from './flightLayer';
import { drawGroups } from './groupLayer';
import { drawLabels } from './labelsLayer';
import { detectLeaderMoves, transitionMs, type LeaderOf } from './leaderMoves';
import { drawLeaderMoves, expireLeaderStars } from './leaderMoveLayer';
import { drawLogs, type CurrentBand } from './logLayer';
import { drawProducers } from './producerLayer';
import { select } from 'd3-selection';
import type { LogStrip } from './layoutTypes';
import { entityId } from './vizTarget';

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
  /**
   * The range that must show the new moment now (a seek or a step while paused): log strips
   * in `visible` but outside it are drawn on the next call without it (see `render`).
   */
  current?: CurrentBand;
  /** Entity ids the caption names (`broker:2`, `log:orders-0`…): drawn highlighted. */
  focus?: readonly string[];
  /**
   * Build hidden spare record cells in the strips on screen, up to their windows' slots (when
   * the page is idle: see `fillSpareCells` in logLayer.ts).
   */
  fillSpares?: boolean;
}

export interface ClusterScene {
  /** Draws the frame; true when parts outside `options.current` were left for a later call. */
  render(layout: ClusterLayout, s: Snapshot, options: SceneOptions): boolean;
}

const LAYERS = ['labels', 'producers', 'groups', 'brokers', 'logs'] as const;
const OVERLAY_LAYERS = ['moves', 'flights'] as const;

/**
 * Where the layers go: one `<g>` per layer, in this order, inside `root`, or the broker cards
 * and the logs each in an SVG of their own (`brokers`, `logs`, stacked over the first in that
 * order). A browser repaints a whole SVG when anything in it changes: the cards change far
 * less often than the logs or the clients' counters, and were repainted with every record.
 * What moves every frame (flights, leadership moves) goes in `overlay`, an SVG on top, so a
 * frame of motion repaints that layer only (each defaults to `root`).
 */
export interface SceneRoots {
  root: SVGGElement;
  overlay?: SVGGElement;
  brokers?: SVGGElement;
  logs?: SVGGElement;
}

export function createClusterScene({
  root,
  overlay = root,
  brokers = root,
  logs = root,
}: SceneRoots): ClusterScene {
  const parentOf = (name: (typeof LAYERS)[number]): SVGGElement =>
    name === 'brokers' ? brokers : name === 'logs' ? logs : root;
  // Each root once: what is marked (the caption's focus) is looked for in all of them.
  const sceneRoots = [...new Set([root, brokers, logs])];
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
  for (const name of LAYERS) add(parentOf(name), name);
  for (const name of OVERLAY_LAYERS) add(overlay, name);
  let previousLeaders: readonly LeaderOf[] = [];
  let previousRun = { seed: NaN, timeMs: -1 };
  return {
    render(layout, s, options) {
      drawLabels(groups.labels, layout);
      drawProducers(groups.producers, layout.producers, layout.room);
      drawGroups(groups.groups, layout.groups, layout.room);
      drawBrokers(
        groups.brokers,
        layout.brokers,
        layout.mode === 'compact',
        options.showFlights,
        layout.room,
      );
      const logsShift = layout.logsX === 0 ? null : `translate(${layout.logsX},0)`;
      if (groups.logs.getAttribute('transform') !== logsShift) {
        if (logsShift === null) groups.logs.removeAttribute('transform');
        else groups.logs.setAttribute('transform', logsShift);
      }
      const deferred = drawLogs(
        groups.logs,
        layout.strips,
        layout.recordsPerStrip,
        options.visible,
        options.current,
        options.fillSpares,
      );
      markLogEntities(groups.logs);
      for (const r of sceneRoots) markFocus(r, options.focus ?? []);
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
      previousLeaders = partitions;
      previousRun = { seed: s.seed, timeMs: s.timeMs };
      drawFlights(groups.flights, s.flights, s.timeMs, layout, motion.kind);
      return deferred;
    },
  };
}

/** `data-entity="log:orders-0"` on each strip, from its datum (the log layer draws the strip). */
function markLogEntities(g: SVGGElement): void {
  select(g)
    .selectAll<SVGGElement, LogStrip>('g.strip')
    .each(function (d) {
      const id = entityId.log(d.topic, d.partition);
      if (this.getAttribute('data-entity') !== id) this.setAttribute('data-entity', id);
    });
}

/** The `focused` class on exactly the entities named in `focus`. */
function markFocus(root: SVGGElement, focus: readonly string[]): void {
  const wanted = new Set(focus);
  for (const el of root.querySelectorAll('.focused'))
    if (!wanted.has(el.getAttribute('data-entity') ?? '')) el.classList.remove('focused');
  if (wanted.size === 0) return;
  for (const el of root.querySelectorAll('[data-entity]'))
    if (wanted.has(el.getAttribute('data-entity')!) && !el.classList.contains('focused'))
      el.classList.add('focused');
}
