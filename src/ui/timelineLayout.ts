import {
  symbol,
  symbolCircle,
  symbolDiamond,
  symbolSquare,
  symbolStar,
  symbolTimes,
  symbolTriangle,
} from 'd3-shape';
import type { MarkerKind, TimelineMarker } from '../store';

/**
 * The timeline's geometry, free of React and the DOM: virtual time ↔ x, markers merged where
 * they would overlap, the marker before or after a moment, and the words a slider speaks.
 */

/** How the run maps onto the track: 0 ms at `padPx`, `endMs` at `widthPx - padPx`. */
export interface TimeScale {
  readonly widthPx: number;
  readonly endMs: number;
  /** Room at both ends so a glyph at 0 or at the end is not clipped. */
  readonly padPx: number;
}

const usablePx = (scale: TimeScale): number => Math.max(0, scale.widthPx - 2 * scale.padPx);

export function timeToX(timeMs: number, scale: TimeScale): number {
  if (scale.endMs <= 0) return scale.padPx;
  const clamped = Math.min(Math.max(timeMs, 0), scale.endMs);
  return scale.padPx + (clamped / scale.endMs) * usablePx(scale);
}

/** The moment under x, clamped to the run and rounded to whole milliseconds. */
export function xToTime(x: number, scale: TimeScale): number {
  const usable = usablePx(scale);
  if (usable === 0 || scale.endMs <= 0) return 0;
  const fraction = Math.min(Math.max((x - scale.padPx) / usable, 0), 1);
  return Math.round(fraction * scale.endMs);
}

/** Which glyph a merged marker shows when kinds mix: the most consequential first. */
export const KIND_PRIORITY: readonly MarkerKind[] = [
  'lost',
  'failure',
  'election',
  'rebalance',
  'recovery',
  'action',
  'narration',
];

/** Legend words for each kind, in legend order. */
export const KIND_LABELS: Readonly<Record<MarkerKind, string>> = {
  failure: 'failure',
  recovery: 'recovery',
  election: 'leader election',
  rebalance: 'rebalance',
  lost: 'data lost',
  narration: 'caption',
  action: 'your action',
};

/** One glyph on the track: a marker, or several that would overlap at this width. */
export interface MarkerCluster {
  /** Where its first marker is. */
  readonly x: number;
  /** Its first marker's moment (where clicking it goes). */
  readonly atMs: number;
  /** The glyph: the most consequential kind among its markers. */
  readonly kind: MarkerKind;
  /** In time order; more than one when merged. */
  readonly markers: readonly TimelineMarker[];
}

function topKind(markers: readonly TimelineMarker[]): MarkerKind {
  let best = markers[0].kind;
  for (const m of markers)
    if (KIND_PRIORITY.indexOf(m.kind) < KIND_PRIORITY.indexOf(best)) best = m.kind;
  return best;
}

/**
 * Merges markers closer than `minGapPx` at this scale into one cluster. Greedy from the left
 * and anchored at each cluster's first marker, so a dense stretch becomes several clusters
 * rather than one that swallows the whole run. `markers` must be in time order (the
 * timeline's trace order is).
 */
export function clusterMarkers(
  markers: readonly TimelineMarker[],
  scale: TimeScale,
  minGapPx: number,
): MarkerCluster[] {
  const out: MarkerCluster[] = [];
  let current: TimelineMarker[] = [];
  let anchorX = 0;
  const close = (): void => {
    if (current.length === 0) return;
    out.push({ x: anchorX, atMs: current[0].atMs, kind: topKind(current), markers: current });
  };
  for (const m of markers) {
    const x = timeToX(m.atMs, scale);
    if (current.length > 0 && x - anchorX < minGapPx) {
      current.push(m);
      continue;
    }
    close();
    current = [m];
    anchorX = x;
  }
  close();
  return out;
}

/** The cluster whose glyph is within `maxDistancePx` of x (the nearest), or null. */
export function nearestCluster(
  clusters: readonly MarkerCluster[],
  x: number,
  maxDistancePx: number,
): MarkerCluster | null {
  let best: MarkerCluster | null = null;
  for (const c of clusters) {
    const d = Math.abs(c.x - x);
    if (d <= maxDistancePx && (best === null || d < Math.abs(best.x - x))) best = c;
  }
  return best;
}

/** Times closer than this count as "now": playback leaves fractional milliseconds. */
const SAME_MOMENT_MS = 0.5;

/**
 * The first marker after `timeMs` (direction 1) or the last one before it (-1), optionally of
 * one kind; null when there is none. Markers at `timeMs` itself are skipped, so repeated
 * presses walk through them. `markers` must be in time order.
 */
export function adjacentMarker(
  markers: readonly TimelineMarker[],
  timeMs: number,
  direction: 1 | -1,
  kind?: MarkerKind,
): TimelineMarker | null {
  // Binary search for the first marker at or after timeMs - SAME_MOMENT_MS.
  let lo = 0;
  let hi = markers.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (markers[mid].atMs < timeMs - SAME_MOMENT_MS) lo = mid + 1;
    else hi = mid;
  }
  if (direction === -1) {
    for (let i = lo - 1; i >= 0; i--)
      if (kind === undefined || markers[i].kind === kind) return markers[i];
    return null;
  }
  for (let i = lo; i < markers.length; i++)
    if (
      markers[i].atMs > timeMs + SAME_MOMENT_MS &&
      (kind === undefined || markers[i].kind === kind)
    )
      return markers[i];
  return null;
}

/** "12.5 s", "50 s", "0 s": tenths of a second, no trailing zero. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** The slider's aria-valuetext: "12.5 s of 50 s". */
export function sliderValueText(timeMs: number, endMs: number): string {
  return `${formatSeconds(timeMs)} of ${formatSeconds(endMs)}`;
}

const MAX_TITLE_LINES = 8;

/** A cluster's tooltip: one line per marker ("12.3 s: broker 2 crashed"), at most eight. */
export function clusterTitle(cluster: MarkerCluster): string {
  const lines = cluster.markers
    .slice(0, MAX_TITLE_LINES)
    .map((m) => `${formatSeconds(m.atMs)}: ${m.label}`);
  const rest = cluster.markers.length - MAX_TITLE_LINES;
  if (rest > 0) lines.push(`… and ${rest} more`);
  return lines.join('\n');
}

/** A kind's glyph centred on 0,0 and about `sizePx` across; `stroked` ones have no fill. */
export interface Glyph {
  readonly d: string;
  readonly stroked: boolean;
}

/** A speech bubble: captions are what the lesson says. */
function bubble(sizePx: number): string {
  const h = sizePx / 2;
  const f = (n: number): string => String(Number(n.toFixed(2)));
  const top = -h * 0.85;
  const bottom = h * 0.45;
  return [
    `M${f(-h)},${f(top)}`,
    `H${f(h)}`,
    `V${f(bottom)}`,
    `H${f(-h * 0.1)}`,
    `L${f(-h * 0.55)},${f(h)}`,
    `V${f(bottom)}`,
    `H${f(-h)}`,
    'Z',
  ].join('');
}

/**
 * Each kind has its own shape as well as its own colour, so the timeline reads without colour:
 * failure ✕, recovery ▲, election ◆, rebalance ○, data lost ■, caption 🗨, your action ★.
 */
export function markerGlyph(kind: MarkerKind, sizePx: number): Glyph {
  const area = sizePx * sizePx;
  const of = (type: Parameters<typeof symbol>[0], scale: number): string =>
    symbol(type, area * scale)() ?? '';
  switch (kind) {
    case 'failure':
      return { d: of(symbolTimes, 0.55), stroked: true };
    case 'recovery':
      return { d: of(symbolTriangle, 0.55), stroked: false };
    case 'election':
      return { d: of(symbolDiamond, 0.45), stroked: false };
    case 'rebalance':
      return { d: of(symbolCircle, 0.5), stroked: true };
    case 'lost':
      return { d: of(symbolSquare, 0.6), stroked: false };
    case 'narration':
      return { d: bubble(sizePx), stroked: false };
    case 'action':
      return { d: of(symbolStar, 0.5), stroked: false };
  }
}
