import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';

export interface SeriesPoint {
  timeMs: number;
  value: number;
}

export interface SparklineLayout {
  path: string;
  /** The y-axis top value (nice-rounded max). */
  maxValue: number;
  last: SeriesPoint | null;
  x0Ms: number;
  x1Ms: number;
}

/**
 * Pure: a line path for points over virtual time in a width × height box (y grows upward),
 * the time domain shared by all charts in a panel so small multiples line up.
 */
export function layoutSparkline(
  points: readonly SeriesPoint[],
  width: number,
  height: number,
  domainMs: readonly [number, number],
  minMax = 1,
): SparklineLayout {
  const maxValue = Math.max(minMax, ...points.map((p) => p.value));
  const x = scaleLinear().domain(domainMs).range([0, width]);
  const y = scaleLinear().domain([0, maxValue]).nice().range([height, 0]);
  const path =
    line<SeriesPoint>()
      .x((p) => Math.round(x(p.timeMs) * 10) / 10)
      .y((p) => Math.round(y(p.value) * 10) / 10)(points as SeriesPoint[]) ?? '';
  return {
    path,
    maxValue: y.domain()[1],
    last: points.length > 0 ? points[points.length - 1] : null,
    x0Ms: domainMs[0],
    x1Ms: domainMs[1],
  };
}
