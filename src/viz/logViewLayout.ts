import type { Snapshot } from '../engine';
import {
  DEFAULT_MAX_STRIPS,
  layoutStrips,
  SIZES,
  visiblePartitions,
  type LogStrip,
  type RecentActivity,
} from './clusterLayout';
import { keyColorClass, keyLabel } from './keyColor';

/** One key in the legend: where its records are (in the drawn windows) and how many. */
export interface KeyLegendEntry {
  key: string | null;
  label: string;
  colorClass: string;
  /** "orders-1": one partition per key unless partitions were added. */
  partitions: string[];
  count: number;
  x: number;
  y: number;
}

export interface LogViewLayout {
  width: number;
  height: number;
  legend: KeyLegendEntry[];
  /** Keys beyond the legend's room (counted, not drawn). */
  legendOmitted: number;
  stripsTop: number;
  strips: LogStrip[];
  stripsOmitted: number;
  recordsPerStrip: number;
}

/** Offset, key and a value on up to two lines. */
export const LOG_VIEW_CELL_HEIGHT = 66;
const LEGEND_ROW_HEIGHT = 22;
const LEGEND_ENTRY_WIDTH = 240;
const MAX_LEGEND_KEYS = 24;

/**
 * The log view: every partition as a full-width strip (taller cells with the value, so the
 * order within a key reads left to right), and a legend saying where each key's records are,
 * from the records drawn: "same key, same partition, in order". O(records drawn).
 */
export function layoutLogView(
  s: Pick<Snapshot, 'topics' | 'brokers' | 'consumers' | 'groups' | 'lostRecords'>,
  options: {
    width: number;
    showInternal?: boolean;
    activity?: RecentActivity;
    maxStrips?: number;
    focus?: readonly string[];
    logPages?: ReadonlyMap<string, number>;
  },
): LogViewLayout {
  const width = Math.max(640, Math.floor(options.width));
  const partitions = visiblePartitions(s, options.showInternal ?? false);
  const maxStrips = options.maxStrips ?? DEFAULT_MAX_STRIPS;
  // The legend's height depends on the keys drawn, which depend on the strips: lay the strips
  // out once at 0 to find the keys, then shift them down under the legend.
  const first = layoutStrips({ ...s, producers: [], controllerId: -1 }, partitions, {
    top: 0,
    width,
    maxRecordsDrawn: 200,
    maxStrips,
    activity: options.activity ?? null,
    cellHeight: LOG_VIEW_CELL_HEIGHT,
    focus: options.focus,
    pages: options.logPages,
  });
  const byKey = new Map<string | null, { partitions: Set<string>; count: number }>();
  for (const strip of first.strips)
    for (const r of strip.window.records) {
      const entry = byKey.get(r.key) ?? { partitions: new Set<string>(), count: 0 };
      entry.partitions.add(strip.id);
      entry.count++;
      byKey.set(r.key, entry);
    }
  const keys = [...byKey.entries()].sort(([a], [b]) =>
    a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  const perRow = Math.max(1, Math.floor((width - 2 * SIZES.pad) / LEGEND_ENTRY_WIDTH));
  const legendTop = SIZES.pad + SIZES.sectionLabelHeight;
  const legend = keys.slice(0, MAX_LEGEND_KEYS).map(([key, e], i) => ({
    key,
    label: keyLabel(key),
    colorClass: keyColorClass(key),
    partitions: [...e.partitions],
    count: e.count,
    x: SIZES.pad + (i % perRow) * LEGEND_ENTRY_WIDTH,
    y: legendTop + Math.floor(i / perRow) * LEGEND_ROW_HEIGHT,
  }));
  const legendRows = Math.ceil(legend.length / perRow);
  const stripsTop = legendTop + legendRows * LEGEND_ROW_HEIGHT + SIZES.sectionGap + 8;
  const strips = first.strips.map((strip) => ({ ...strip, y: strip.y + stripsTop }));
  const stripsOmitted = Math.max(0, partitions.length - maxStrips);
  return {
    width,
    height: first.bottom + stripsTop + SIZES.pad + (stripsOmitted > 0 ? 24 : 0),
    legend,
    legendOmitted: Math.max(0, keys.length - MAX_LEGEND_KEYS),
    stripsTop,
    strips,
    stripsOmitted,
    recordsPerStrip: first.recordsPerStrip,
  };
}
