import {
  memo,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
  type RefObject,
} from 'react';
import { selectCanStep, useAppStore, useAppStoreApi, type MarkerKind } from '../store';
import { ariaKeysFor, actionIn, findShortcut, TIMELINE_SHORTCUTS } from './shortcuts';
import {
  clusterMarkers,
  clusterTitle,
  formatSeconds,
  KIND_LABELS,
  markerGlyph,
  nearestCluster,
  sliderValueText,
  timeToX,
  xToTime,
  type MarkerCluster,
  type TimeScale,
} from './timelineLayout';
import { markerTargetMs, runShortcutAction, timelineEndMs } from './useKeyboardShortcuts';
import './timeline.css';
import './presenter.css';

/** Sizes in px; presenter mode draws everything larger for a projector. */
interface Geometry {
  readonly heightPx: number;
  readonly markerY: number;
  readonly glyphPx: number;
  readonly trackY: number;
  readonly trackHeightPx: number;
  readonly padPx: number;
  /** Glyphs closer than this merge into one with a count. */
  readonly minGapPx: number;
}
const NORMAL: Geometry = {
  heightPx: 46,
  markerY: 13,
  glyphPx: 13,
  trackY: 31,
  trackHeightPx: 8,
  padPx: 12,
  minGapPx: 16,
};
// Larger glyphs and track, but no taller than the presenter's bar needs: every pixel of the
// bar's height is taken from the picture.
const LARGE: Geometry = {
  heightPx: 50,
  markerY: 14,
  glyphPx: 16,
  trackY: 36,
  trackHeightPx: 10,
  padPx: 16,
  minGapPx: 22,
};
/** A press this close to a glyph goes to its marker's moment. */
const SNAP_PX = 6;
/** Before the first measurement (and in tests without layout). */
const FALLBACK_WIDTH_PX = 640;

const LEGEND_ORDER: readonly MarkerKind[] = [
  'failure',
  'recovery',
  'election',
  'rebalance',
  'lost',
  'narration',
  'action',
];

/** The track's width, following resizes. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    const measure = (): void => setWidth(el.clientWidth);
    const frame = requestAnimationFrame(measure);
    const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(measure) : null;
    observer?.observe(el);
    return () => {
      cancelAnimationFrame(frame);
      observer?.disconnect();
    };
  }, [ref]);
  return width > 0 ? width : FALLBACK_WIDTH_PX;
}

/**
 * The whole run as a scrubber: markers for notable moments (each kind its own colour and
 * shape, merged with a count where they would overlap), the part not indexed yet hatched, and
 * a playhead at the current time. Click or drag to go anywhere; focused, it is an ARIA slider
 * (see `TIMELINE_SHORTCUTS`). Buttons jump to the previous or next marker; `stepButtons` adds
 * Step back / Step for places without the header's playback controls.
 */
export function Timeline({ stepButtons = false }: { stepButtons?: boolean }) {
  const store = useAppStoreApi();
  const timeline = useAppStore((s) => s.timeline);
  const timeMs = useAppStore((s) => s.timeMs);
  const mode = useAppStore((s) => s.mode);
  const canStep = useAppStore(selectCanStep);
  const trackRef = useRef<HTMLDivElement>(null);
  const width = useWidth(trackRef);
  const id = useId();
  const [jumpedTo, setJumpedTo] = useState('');
  const geometry = mode === 'presenter' ? LARGE : NORMAL;

  const endMs = Math.max(timeline?.endMs ?? 0, timeMs);
  const indexedToMs = timeline?.indexedToMs ?? 0;
  const markers = timeline?.markers;
  const ready = timeline !== null && endMs > 0 && canStep;
  const scale: TimeScale = useMemo(
    () => ({ widthPx: width, endMs, padPx: geometry.padPx }),
    [width, endMs, geometry.padPx],
  );
  const clusters = useMemo(
    () => clusterMarkers(markers ?? [], scale, geometry.minGapPx),
    [markers, scale, geometry.minGapPx],
  );

  // Dragging seeks at most once per animation frame, to the latest pointer position.
  const drag = useRef<{ pointerId: number; clientX: number | null; frame: number } | null>(null);
  const seekToClientX = (clientX: number, snap: boolean): void => {
    const el = trackRef.current;
    if (el === null) return;
    const rect = el.getBoundingClientRect();
    const state = store.getState();
    const live: TimeScale = {
      widthPx: rect.width > 0 ? rect.width : width,
      endMs: timelineEndMs(state),
      padPx: geometry.padPx,
    };
    const x = clientX - rect.left;
    const hit = snap ? nearestCluster(clusters, (x * width) / live.widthPx, SNAP_PX) : null;
    state.seek(hit?.atMs ?? xToTime(x, live));
  };
  const flushDrag = (): void => {
    const d = drag.current;
    if (d === null) return;
    d.frame = 0;
    if (d.clientX !== null) seekToClientX(d.clientX, false);
    d.clientX = null;
  };
  const endDrag = (): void => {
    const d = drag.current;
    if (d === null) return;
    if (d.frame !== 0) cancelAnimationFrame(d.frame);
    flushDrag();
    drag.current = null;
  };
  useEffect(
    () => () => {
      const d = drag.current;
      if (d !== null && d.frame !== 0) cancelAnimationFrame(d.frame);
      drag.current = null;
    },
    [],
  );

  const onPointerDown = (e: PointerEvent<HTMLDivElement>): void => {
    if (!ready || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault(); // no text selection while dragging; focus is moved by hand
    e.currentTarget.focus({ preventScroll: true });
    e.currentTarget.setPointerCapture?.(e.pointerId);
    drag.current = { pointerId: e.pointerId, clientX: null, frame: 0 };
    seekToClientX(e.clientX, true);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>): void => {
    const d = drag.current;
    if (d === null || d.pointerId !== e.pointerId) return;
    d.clientX = e.clientX;
    if (d.frame === 0) d.frame = requestAnimationFrame(flushDrag);
  };
  const onPointerEnd = (e: PointerEvent<HTMLDivElement>): void => {
    if (drag.current?.pointerId === e.pointerId) endDrag();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (!ready) return;
    const shortcut = findShortcut(TIMELINE_SHORTCUTS, e);
    if (shortcut === undefined) return; // Space, ? and the rest reach the global shortcuts
    e.preventDefault();
    const state = store.getState();
    runShortcutAction(state, actionIn(shortcut, state.mode));
  };

  const jump = (direction: 1 | -1): void => {
    const state = store.getState();
    const targetMs = markerTargetMs(state, direction);
    if (targetMs === null) return;
    state.seek(targetMs);
    const at = (state.timeline?.markers ?? []).filter((m) => m.atMs === targetMs);
    setJumpedTo(`${formatSeconds(targetMs)}: ${at.map((m) => m.label).join('; ') || 'marker'}`);
  };
  const previous = useAppStore((s) => markerTargetMs(s, -1));
  const next = useAppStore((s) => markerTargetMs(s, 1));

  const indexing = timeline !== null && indexedToMs < (timeline.endMs || 0);
  const indexedPercent =
    timeline === null || timeline.endMs === 0
      ? 0
      : Math.floor((Math.min(indexedToMs, timeline.endMs) / timeline.endMs) * 100);
  const markerCount = markers?.length ?? 0;
  const status = indexing
    ? `indexing… ${indexedPercent}% of the run scanned for markers`
    : `${markerCount} ${markerCount === 1 ? 'marker' : 'markers'}`;

  const playheadX = timeToX(timeMs, scale);
  const unindexedX = timeToX(indexedToMs, scale);
  const hatchId = `tl-hatch-${id.replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const { heightPx, trackY, trackHeightPx, padPx } = geometry;

  return (
    <section
      className="timeline"
      aria-label="Timeline"
      data-indexing={indexing}
      data-indexed-percent={indexedPercent}
    >
      <div className="timeline-row">
        {stepButtons && (
          <StepButton direction={-1} disabled={!ready || timeMs === 0} label="Step back" />
        )}
        <button
          type="button"
          className="button small timeline-jump"
          onClick={() => jump(-1)}
          disabled={!ready || previous === null}
          aria-keyshortcuts={ariaKeysFor('marker', -1)}
          title="Go to the previous marker (Page Up)"
        >
          <span aria-hidden="true" className="button-icon">
            ◂◆
          </span>
          Previous marker
        </button>
        <div
          ref={trackRef}
          className="timeline-track"
          role="slider"
          tabIndex={ready ? 0 : -1}
          aria-label="Time"
          aria-valuemin={0}
          aria-valuemax={Math.round(endMs)}
          aria-valuenow={Math.round(timeMs)}
          aria-valuetext={sliderValueText(timeMs, endMs)}
          aria-disabled={!ready}
          aria-describedby={`${id}-status`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerEnd}
          onPointerCancel={onPointerEnd}
          onLostPointerCapture={onPointerEnd}
          onKeyDown={onKeyDown}
        >
          <svg width={width} height={heightPx} aria-hidden="true" focusable="false">
            <defs>
              <pattern
                id={hatchId}
                width="6"
                height="6"
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <rect width="6" height="6" className="tl-hatch-bg" />
                <line x1="0" y1="0" x2="0" y2="6" className="tl-hatch-line" />
              </pattern>
            </defs>
            <rect
              className="tl-track"
              x={padPx}
              y={trackY - trackHeightPx / 2}
              width={Math.max(0, width - 2 * padPx)}
              height={trackHeightPx}
              rx={trackHeightPx / 2}
            />
            <rect
              className="tl-played"
              x={padPx}
              y={trackY - trackHeightPx / 2}
              width={Math.max(0, playheadX - padPx)}
              height={trackHeightPx}
              rx={trackHeightPx / 2}
            />
            {indexing && (
              <rect
                className="tl-unindexed"
                x={unindexedX}
                y={1}
                width={Math.max(0, width - padPx - unindexedX)}
                height={heightPx - 2}
                fill={`url(#${hatchId})`}
              />
            )}
            {/* The playhead's line goes under the glyphs (they stay readable), its knob on top. */}
            <line
              className="tl-playhead-line"
              x1={playheadX}
              x2={playheadX}
              y1={2}
              y2={heightPx - 2}
            />
            <Markers clusters={clusters} geometry={geometry} />
            <circle
              className="tl-playhead-knob"
              cx={playheadX}
              cy={trackY}
              r={trackHeightPx * 0.95}
            />
          </svg>
        </div>
        <button
          type="button"
          className="button small timeline-jump"
          onClick={() => jump(1)}
          disabled={!ready || next === null}
          aria-keyshortcuts={ariaKeysFor('marker', 1)}
          title="Go to the next marker (Page Down)"
        >
          Next marker
          <span aria-hidden="true" className="button-icon">
            ◆▸
          </span>
        </button>
        {stepButtons && <StepButton direction={1} disabled={!ready} label="Step" />}
      </div>
      <div className="timeline-foot">
        <Legend />
        <span id={`${id}-status`} className="timeline-status">
          {status}
        </span>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {jumpedTo}
      </p>
    </section>
  );
}

function StepButton({
  direction,
  disabled,
  label,
}: {
  direction: 1 | -1;
  disabled: boolean;
  label: string;
}) {
  const store = useAppStoreApi();
  return (
    <button
      type="button"
      className="button small"
      disabled={disabled}
      onClick={() => (direction === 1 ? store.getState().stepOnce() : store.getState().stepBack())}
      aria-keyshortcuts={ariaKeysFor(direction === 1 ? 'stepForward' : 'stepBack')}
    >
      {label}
    </button>
  );
}

/** The glyphs; memoised so the per-frame playhead does not redraw hundreds of markers. */
const Markers = memo(function Markers({
  clusters,
  geometry,
}: {
  clusters: readonly MarkerCluster[];
  geometry: Geometry;
}) {
  return (
    <g className="tl-markers">
      {clusters.map((c) => (
        <MarkerGlyph key={`${c.atMs}-${c.markers[0].eventIndex}`} cluster={c} geometry={geometry} />
      ))}
    </g>
  );
});

function MarkerGlyph({ cluster, geometry }: { cluster: MarkerCluster; geometry: Geometry }) {
  const { markerY, glyphPx, trackY, trackHeightPx } = geometry;
  const glyph = markerGlyph(cluster.kind, glyphPx);
  const count = cluster.markers.length;
  return (
    <g
      className={`tl-marker tl-${cluster.kind}${count > 1 ? ' tl-merged' : ''}`}
      transform={`translate(${cluster.x},0)`}
      data-kind={cluster.kind}
      data-count={count}
    >
      <title>{clusterTitle(cluster)}</title>
      <line className="tl-stem" y1={markerY + glyphPx / 2} y2={trackY - trackHeightPx / 2} />
      <path
        className={glyph.stroked ? 'tl-glyph tl-stroked' : 'tl-glyph'}
        d={glyph.d}
        transform={`translate(0,${markerY})`}
      />
      {count > 1 && (
        <text className="tl-count" x={glyphPx / 2 + 1} y={markerY - glyphPx / 2 + 3}>
          {count > 99 ? '99+' : count}
        </text>
      )}
    </g>
  );
}

/**
 * Each kind's glyph and name (the markers themselves are not read by screen readers). Static:
 * memoized, so the timeline's redraw on every frame of playback does not rebuild it.
 */
const Legend = memo(function Legend() {
  return (
    <ul className="timeline-legend" aria-label="Marker kinds">
      {LEGEND_ORDER.map((kind) => {
        const glyph = markerGlyph(kind, 12);
        return (
          <li key={kind} className={`tl-${kind}`}>
            <svg width="14" height="14" viewBox="-7 -7 14 14" aria-hidden="true" focusable="false">
              <path className={glyph.stroked ? 'tl-glyph tl-stroked' : 'tl-glyph'} d={glyph.d} />
            </svg>
            {KIND_LABELS[kind]}
          </li>
        );
      })}
    </ul>
  );
});
