import { layoutCluster } from './clusterLayout';
import { ROOM_SIZES, SIZES } from './layoutTypes';
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
  /** The strips' cell height (tall cells when the box has height to spare). */
  cellHeight?: number;
  /** Producers in a row above the brokers (tried for a room). */
  producersAbove?: boolean;
}

/** The layout options a fit chose: what to lay each frame out with until the next search. */
export type StageArrangement = Required<
  Pick<LayoutOptions, 'width' | 'logsBeside' | 'brokersPerRow'>
> &
  Pick<LayoutOptions, 'cellHeight' | 'producersAbove'>;

export function arrangementOf(fit: StageFit): StageArrangement {
  return {
    width: fit.logicalWidth,
    logsBeside: fit.logsBeside,
    brokersPerRow: fit.brokersPerRow,
    cellHeight: fit.cellHeight,
    producersAbove: fit.producersAbove,
  };
}

/** Shares of the width tried for a logs column beside the cluster (0: logs under it). */
export const BESIDE_SHARES = [0, 0.34, 0.42, 0.56];
/** A room's finer shares: its text size follows the scale closely. */
export const ROOM_BESIDE_SHARES = [0, 0.34, 0.38, 0.42, 0.46, 0.5, 0.56];

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
  /** Grow the strips' cells into height the picture leaves over (default true). */
  fill?: boolean;
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
  // A room's text size follows the scale closely: a finer step finds the width that fits best.
  const step = fit.step ?? (options.room === true ? 40 : 80);
  const maxScale = fit.maxScale ?? 2;
  const count = Math.floor((maxWidth - minWidth) / step) + 1;
  let best: StageFit | null = null;
  let bestLegible = false;
  const consider = (candidate: StageFit, ok: boolean): void => {
    // A legible layout always beats an illegible one; then the larger scale; at the same scale
    // the one that covers more of the box (the picture fills the stage rather than leaving a
    // margin); still tied, what was tried first (logs under the cluster, the narrower width).
    const area = (f: StageFit) => f.layout.width * f.layout.height * f.scale * f.scale;
    if (
      best === null ||
      (ok && !bestLegible) ||
      (ok === bestLegible &&
        (candidate.scale > best.scale + 1e-3 ||
          (candidate.scale > best.scale - 1e-3 && area(candidate) > area(best) * 1.02)))
    ) {
      best = candidate;
      bestLegible = ok;
    }
  };
  const n = s.brokers.length;
  const rows = fit.beside === false || n < 3 ? [n] : [n, Math.ceil(n / 2)];
  // A room's picture may also put the producers above the brokers: narrower, a little taller.
  const above = options.room === true && s.producers.length > 0 ? [false, true] : [false];
  for (const [share, brokersPerRow, producersAbove] of (fit.beside === false
    ? [0]
    : options.room === true
      ? ROOM_BESIDE_SHARES
      : BESIDE_SHARES
  ).flatMap((share) => rows.flatMap((perRow) => above.map((a) => [share, perRow, a] as const)))) {
    const tried = new Map<number, { fit: StageFit; ok: boolean; widthBound: boolean }>();
    const at = (i: number) => {
      let t = tried.get(i);
      if (t === undefined) {
        const width = minWidth + i * step;
        const logsBeside = Math.round(width * share);
        const layout = layoutCluster(s, {
          ...options,
          width,
          logsBeside,
          brokersPerRow,
          producersAbove,
        });
        const byWidth = box.width / layout.width;
        const byHeight = box.height / layout.height;
        const scale = Math.min(maxScale, byWidth, byHeight);
        t = {
          fit: { layout, scale, logicalWidth: width, logsBeside, brokersPerRow, producersAbove },
          ok: legible(layout),
          widthBound: byWidth < byHeight,
        };
        tried.set(i, t);
      }
      return t;
    };
    // Wider widths are flatter (the height falls) and more legible (cards and strips widen),
    // so "legible and bound by the box's width" holds from some width on. Below it, the
    // height binds and the scale grows with the width; above it, the width binds and the scale
    // falls. The best width is at that point or the one before: a binary search finds it in
    // a handful of layouts instead of one per width (the layout is the cost).
    let lo = 0;
    let hi = count - 1;
    if (!(at(hi).ok && at(hi).widthBound)) lo = hi;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const t = at(mid);
      if (t.ok && t.widthBound) hi = mid;
      else lo = mid + 1;
    }
    for (const i of [lo - 1, lo]) if (i >= 0) consider(at(i).fit, at(i).ok);
    // Nothing legible at the widest width tried either: keep the largest scale on a coarse grid.
    if (!at(count - 1).ok) for (let i = 0; i < count; i += 4) consider(at(i).fit, at(i).ok);
  }
  return fit.fill === false ? best! : fillHeight(s, options, box, best!, maxScale);
}

/** Tall record cells (key and value on lines of their own), tried where height is spare. */
export const TALL_CELL_HEIGHT = 52;
const MAX_CELL_HEIGHT = 72;

/**
 * Where the fitted picture is bound by the box's width and leaves height unused, the strips'
 * cells grow tall (the value gets its own line) when that still fits at the same scale: the
 * picture fills more of the stage and says more, at no cost to the size of its text.
 */
function fillHeight(
  s: LayoutInput,
  options: Omit<LayoutOptions, 'width'>,
  box: StageBox,
  best: StageFit,
  maxScale: number,
): StageFit {
  const { layout, scale, logsBeside } = best;
  const strips = layout.strips.length;
  if (strips === 0) return best;
  // Strip heights grow linearly with the cell height: take what fills the box, within reason.
  const spare = box.height / scale - layout.height;
  const cellHeight = Math.min(
    MAX_CELL_HEIGHT,
    Math.floor(SIZES.cellHeight + spare / (logsBeside > 0 ? strips : strips + 0.5)),
  );
  if (cellHeight < TALL_CELL_HEIGHT) return best;
  const tall = layoutCluster(s, { ...options, ...arrangementOf(best), cellHeight });
  const tallScale = Math.min(maxScale, box.width / tall.width, box.height / tall.height);
  if (tallScale < scale - 1e-3 || !legible(tall)) return best;
  return { ...best, layout: tall, scale: tallScale, cellHeight };
}

/** Narrowest detailed broker card, and fewest records per strip, a fitted picture may have. */
export const MIN_BROKER_CARD_WIDTH = 244;
/** A room's cards: glyph, name and a bare log end offset (see `replicaRowText`). */
export const MIN_ROOM_BROKER_CARD_WIDTH = ROOM_SIZES.brokerMinWidth;
export const MIN_RECORDS_PER_STRIP = 5;
/** A compact card's buttons and its counts ("★ 2 leading · ○ 4") need this. */
export const MIN_COMPACT_CARD_WIDTH = SIZES.compactCardWidth;

/**
 * A layout whose parts keep their words: broker cards wide enough for a replica row's name,
 * role and log end offset, strips with room for a few records. Narrower layouts may fit a box
 * at a larger scale but cut the text that scale was for.
 */
export function legible(layout: ClusterLayout): boolean {
  const narrowest =
    layout.mode === 'compact'
      ? MIN_COMPACT_CARD_WIDTH
      : layout.room
        ? MIN_ROOM_BROKER_CARD_WIDTH
        : MIN_BROKER_CARD_WIDTH;
  const cardsOk = layout.brokers.every((b) => b.width >= narrowest);
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

/** What of a lesson decides how its room picture draws the brokers (a compiled scenario fits). */
export interface LessonOutline {
  readonly captions: readonly { readonly focus: readonly string[] }[];
  readonly commands: readonly { readonly command: { readonly type: string } }[];
}

const BROKER_COMMANDS = new Set(['killBroker', 'shutdownBroker', 'restartBroker']);

/**
 * Whether a room's picture may count each broker's replicas instead of listing them
 * (`LayoutOptions.brokersInSummary`): when no caption points at a broker or a replica and no
 * step stops or starts one, the lesson is about something else (keys, groups, rebalancing),
 * and the rows it never talks about make everything it does smaller. Decided once per lesson,
 * so the picture does not change shape from caption to caption.
 */
export function brokersInSummaryFor(lesson: LessonOutline | null): boolean {
  if (lesson === null || lesson.captions.length === 0) return false;
  const pointsAtBrokers = lesson.captions.some((c) =>
    c.focus.some((id) => id.startsWith('broker:') || id.startsWith('replica:')),
  );
  const movesBrokers = lesson.commands.some((c) => BROKER_COMMANDS.has(c.command.type));
  return !pointsAtBrokers && !movesBrokers;
}
