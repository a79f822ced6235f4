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
}

export interface StageFitOptions {
  /** Narrowest and widest logical width tried (the layout's own minimum is 640). */
  minWidth?: number;
  maxWidth?: number;
  /** Step between the widths tried. */
  step?: number;
  /** Never scale up beyond this (a tiny cluster does not fill a projector with 80 px text). */
  maxScale?: number;
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
  for (let width = minWidth; width <= maxWidth; width += step) {
    const layout = layoutCluster(s, { ...options, width });
    const scale = Math.min(maxScale, box.width / layout.width, box.height / layout.height);
    // Ties go to the narrower width (the wider one only adds empty space).
    if (best === null || scale > best.scale + 1e-6) best = { layout, scale, logicalWidth: width };
    // Past the point where the height no longer binds, wider only shrinks the picture.
    if (box.width / layout.width < box.height / layout.height && scale < best.scale) break;
  }
  return best!;
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
