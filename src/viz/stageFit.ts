import { layoutCluster } from './clusterLayout';
import type { ClusterLayout, LayoutInput, LayoutOptions } from './layoutTypes';

/** The box the picture must fit, in CSS pixels. */
export interface StageBox {
  width: number;
  height: number;
}

export interface StageFit {
  layout: ClusterLayout;
  /** Screen pixels per layout unit. */
  scale: number;
  /** The logical width the layout was computed at. */
  logicalWidth: number;
  /** The logs' column beside the cluster (0: under it). */
  logsBeside: number;
  /** Broker cards per row. */
  brokersPerRow: number;
}

/** Shares of the width tried for a logs column beside the cluster (0: logs under it). */
const BESIDE_SHARES = [0, 0.42, 0.56];

export interface StageFitOptions {
  /** Narrowest and widest logical width tried (the layout's own minimum is 640). */
  minWidth?: number;
  maxWidth?: number;
  /** Step between the widths tried. */
  step?: number;
  /** Never scale up beyond this (a tiny cluster does not fill a projector with 80 px text). */
  maxScale?: number;
  /** Also try the logs in a column beside the cluster (wide boxes). */
  beside?: boolean;
}

/**
 * The logical width at which the whole picture, scaled to fit `box`, is drawn largest.
 *
 * The layout's text sizes are fixed in layout units, so a narrower logical width gives larger
 * text once scaled, but wraps the picture taller (groups stack, strips hold fewer cells); a
 * wider one is flatter. Trying widths and keeping the one with the largest fitting scale is
 * what makes the columns rebalance to the box's aspect ratio instead of stretching. Pure:
 * the view calls it when the box or the cluster's shape changes, not every frame.
 */
export function fitStage(
  s: LayoutInput,
  options: Omit<LayoutOptions, 'width'>,
  box: StageBox,
  fit: StageFitOptions = {},
): StageFit {
  const minWidth = fit.minWidth ?? 640;
  const maxWidth = Math.max(minWidth, fit.maxWidth ?? 2400);
  const step = fit.step ?? 80;
  const maxScale = fit.maxScale ?? 2;
  let best: StageFit | null = null;
  let bestLegible = false;
  const n = s.brokers.length;
  const rows = fit.beside === false || n < 3 ? [n] : [n, Math.ceil(n / 2)];
  for (const [share, brokersPerRow] of (fit.beside === false ? [0] : BESIDE_SHARES).flatMap(
    (share) => rows.map((perRow) => [share, perRow] as const),
  )) {
    for (let width = minWidth; width <= maxWidth; width += step) {
      const logsBeside = Math.round(width * share);
      const layout = layoutCluster(s, { ...options, width, logsBeside, brokersPerRow });
      const scale = Math.min(maxScale, box.width / layout.width, box.height / layout.height);
      const ok = legible(layout);
      if (best !== null && !ok && bestLegible) continue;
      // Ties go to what was tried first: logs under the cluster, the narrower width. A legible
      // layout always beats an illegible one.
      if (best === null || (ok && !bestLegible) || scale > best.scale + 1e-6) {
        best = { layout, scale, logicalWidth: width, logsBeside, brokersPerRow };
        bestLegible = ok;
      }
      // Past the point where the height no longer binds, wider only shrinks the picture.
      if (ok && box.width / layout.width < box.height / layout.height) break;
    }
  }
  return best!;
}

/** Narrowest detailed broker card, and fewest records per strip, a fitted picture may have. */
export const MIN_BROKER_CARD_WIDTH = 244;
export const MIN_RECORDS_PER_STRIP = 5;

/**
 * A layout whose parts keep their words: broker cards wide enough for a replica row's name,
 * role and log end offset, strips with room for a few records. Narrower layouts may fit a box
 * at a larger scale but cut the text that scale was for.
 */
export function legible(layout: ClusterLayout): boolean {
  const cardsOk =
    layout.mode !== 'detailed' || layout.brokers.every((b) => b.width >= MIN_BROKER_CARD_WIDTH);
  const stripsOk = layout.strips.length === 0 || layout.recordsPerStrip >= MIN_RECORDS_PER_STRIP;
  return cardsOk && stripsOk;
}

/** Scale at which the picture at `logicalWidth` fits the box (for frames between searches). */
export function scaleToFit(layout: ClusterLayout, box: StageBox, maxScale = 2): number {
  return Math.min(maxScale, box.width / layout.width, box.height / layout.height);
}

/**
 * What decides when the fit is searched again: the box, and the counts of what is drawn (a
 * broker, partition, group or member added or gone), not every frame's numbers.
 */
export function shapeKey(s: LayoutInput, showInternal: boolean): string {
  const partitions = s.topics
    .filter((t) => showInternal || !t.internal)
    .reduce((n, t) => n + t.partitions.length, 0);
  return [
    s.brokers.length,
    partitions,
    s.producers.length,
    s.consumers.length,
    (s.groups ?? []).length,
  ].join('/');
}
