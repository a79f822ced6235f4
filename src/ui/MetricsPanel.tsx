import { own } from '../engine';
import { useAppStore, throughputSeries, type MetricsSeries } from '../store';
import { layoutSparkline, type SeriesPoint } from '../viz';
import { formatVirtualTime } from './describeEvent';

const WIDTH = 260;
const HEIGHT = 34;
/** Charts show this much virtual time. */
const WINDOW_MS = 60_000;
const MAX_PARTITION_CHARTS = 12;

/** Per-partition throughput and per-group lag over virtual time, as small D3-scaled charts. */
export default function MetricsPanel() {
  const metrics = useAppStore((s) => s.metrics);
  if (metrics === null || metrics.samples.length < 2)
    return <p className="muted">Charts appear after a second of virtual time.</p>;
  const last = metrics.samples[metrics.samples.length - 1].timeMs;
  const domain: [number, number] = [Math.max(0, last - WINDOW_MS), Math.max(last, 1000)];
  return (
    <div className="metrics">
      <GroupLag metrics={metrics} domain={domain} />
      <Throughput metrics={metrics} domain={domain} />
    </div>
  );
}

function Chart({
  label,
  points,
  domain,
  unit,
}: {
  label: string;
  points: SeriesPoint[];
  domain: [number, number];
  unit: string;
}) {
  const l = layoutSparkline(points, WIDTH, HEIGHT, domain);
  const now = l.last === null ? '—' : `${Math.round(l.last.value * 10) / 10} ${unit}`;
  return (
    <figure className="chart" aria-label={`${label}: now ${now}, peak scale ${l.maxValue} ${unit}`}>
      <figcaption>
        <span>{label}</span>
        <span className="mono">{now}</span>
      </figcaption>
      <svg
        width={WIDTH}
        height={HEIGHT + 2}
        viewBox={`0 -1 ${WIDTH} ${HEIGHT + 2}`}
        aria-hidden="true"
      >
        <line className="chart-axis" x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} />
        <path className="chart-line" d={l.path} />
        <text className="chart-max" x={2} y={9}>
          {l.maxValue}
        </text>
      </svg>
    </figure>
  );
}

function GroupLag({ metrics, domain }: { metrics: MetricsSeries; domain: [number, number] }) {
  const groups = Object.keys(metrics.samples[metrics.samples.length - 1].groupLag);
  return (
    <section>
      <h3>Consumer lag by group</h3>
      <p className="muted small">HW − committed offset, summed over the group's partitions.</p>
      {groups.length === 0 && <p className="muted">No consumer groups.</p>}
      {groups.map((g) => (
        <Chart
          key={g}
          label={`Group ${g} lag`}
          unit="records"
          domain={domain}
          points={metrics.samples
            .filter(
              (x) =>
                x.timeMs >= domain[0] &&
                own(x.groupLag, g) !== undefined &&
                own(x.groupLag, g) !== null,
            )
            .map((x) => ({ timeMs: x.timeMs, value: own(x.groupLag, g) ?? 0 }))}
        />
      ))}
    </section>
  );
}

function Throughput({ metrics, domain }: { metrics: MetricsSeries; domain: [number, number] }) {
  const latest = metrics.samples[metrics.samples.length - 1];
  const ids = Object.keys(latest.logEnd);
  const first = metrics.samples.find((x) => x.timeMs >= domain[0]) ?? metrics.samples[0];
  // The busiest partitions over the window first; the rest are counted, not drawn.
  const ranked = ids
    .map((id) => ({ id, written: (latest.logEnd[id] ?? 0) - (first.logEnd[id] ?? 0) }))
    .sort((a, b) => b.written - a.written || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const shown = ranked.slice(0, MAX_PARTITION_CHARTS);
  return (
    <section>
      <h3>Throughput by partition</h3>
      <p className="muted small">
        Records/s appended, sampled every {metrics.sampleMs} ms of virtual time, up to{' '}
        {formatVirtualTime(latest.timeMs)}.
      </p>
      {shown.map(({ id }) => (
        <Chart
          key={id}
          label={id}
          unit="/s"
          domain={domain}
          points={throughputSeries(metrics, id)
            .filter((x) => x.timeMs >= domain[0])
            .map((x) => ({ timeMs: x.timeMs, value: x.perSecond }))}
        />
      ))}
      {ranked.length > shown.length && (
        <p className="muted small">… and {ranked.length - shown.length} quieter partitions.</p>
      )}
    </section>
  );
}
