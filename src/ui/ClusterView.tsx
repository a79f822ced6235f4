import { useEffect, useRef } from 'react';
import {
  ACTIVITY_BADGE_MS,
  activityAt,
  useAppStoreApi,
  type AppState,
  type Selection,
} from '../store';
import {
  arrangementOf,
  brokersInSummaryFor,
  createClusterScene,
  fitStage,
  laneFloors,
  lanesNeeded,
  layoutCluster,
  layoutWidth,
  legible,
  nextLaneHold,
  NO_LANE_HOLD,
  NO_HEIGHT_HOLD,
  heldHeight,
  type CurrentBand,
  type HeightHold,
  sameTarget,
  scaleToFit,
  setAttrIfChanged,
  shapeKey,
  targetAt,
  type ClusterLayout,
  type LaneHold,
  type LayoutOptions,
  type StageArrangement,
} from '../viz/scenes';
import { createLogPaging } from './logPaging';
import { revealScroll, unionRect } from './revealFocus';
import { targetAction } from './targetAction';
import { usePrefersReducedMotion } from './usePrefersReducedMotion';
import { watchRedrawTriggers } from './redrawTriggers';
import { createOffscreenWarmUp, type DrawnWith } from './offscreenWarmUp';

/**
 * How the picture meets its box, set in CSS (`--stage-fit` on `.cluster-view`) by mode and
 * screen: `always` scales the whole picture to fit (presenter, embeds), `legible` fits when
 * that keeps text at least `LEGIBLE_MIN_SCALE` of its size and else scrolls (the app with its
 * side panel; a 50-broker cluster scrolls), `none` lays out at the box's width and scrolls
 * (narrow screens, where a fitted picture would be too small to read).
 */
type FitMode = 'always' | 'legible' | 'none';
const LEGIBLE_MIN_SCALE = 0.9;
/** A picture's box narrower than this (a phone held upright) gets the stacked layout. */
const STACK_BELOW_PX = 600;
const MAX_SCALE: Record<FitMode, number> = { always: 2.5, legible: 1.3, none: 1 };

function fitModeOf(el: HTMLElement): FitMode {
  const value = getComputedStyle(el).getPropertyValue('--stage-fit').trim();
  return value === 'always' || value === 'legible' ? value : 'none';
}

/**
 * How far beyond the window (px) log strips are drawn, so that scrolling finds them drawn,
 * and how far a seek or step while paused draws before its first frame (the rest follows).
 */
const VISIBLE_MARGIN_PX = 300;
const CURRENT_MARGIN_PX = 40;
/**
 * How long (ms) after the frame of a seek or step while paused the strips in the margin are
 * drawn (see `scheduleCatchUp`): a click or key that comes sooner (the next seek, a drag)
 * starts it over, so seeking in quick succession draws them once, when it stops, instead of
 * once per seek in the task the next click then waited for.
 */
const CATCH_UP_DELAY_MS = 120;

/** A catch-up under way: the frame it waits for, then its task. */
interface CatchUp {
  frame: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * The cluster picture. React renders the `<svg>` frame once; the D3 scene draws inside it on
 * every published snapshot, read through `subscribe` rather than React state, so a frame of
 * playback costs one layout and one keyed join per layer, not a React render.
 *
 * Fitting: the layout is computed at a logical width (searched again only when the box or
 * the cluster's shape changes) and scaled with the viewBox so the whole picture fits its box.
 *
 * Interaction is delegated here: a click or Enter/Space resolves the element's typed target
 * from its D3 datum (`targetAt`) and `targetAction` turns it into a selection or a command.
 * K/S/R on a focused broker card kill, shut down or restart it; ←/→ move between records.
 */
export function ClusterView() {
  const store = useAppStoreApi();
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const sceneRef = useRef<SVGGElement>(null);
  const brokersRef = useRef<SVGSVGElement>(null);
  const brokersSceneRef = useRef<SVGGElement>(null);
  const logsRef = useRef<SVGSVGElement>(null);
  const logsSceneRef = useRef<SVGGElement>(null);
  const overlayRef = useRef<SVGSVGElement>(null);
  const overlaySceneRef = useRef<SVGGElement>(null);
  const reducedMotion = usePrefersReducedMotion();

  useEffect(() => {
    const container = containerRef.current;
    const canvas = canvasRef.current;
    const svg = svgRef.current;
    const root = sceneRef.current;
    const brokersSvg = brokersRef.current;
    const brokersRoot = brokersSceneRef.current;
    const logsSvg = logsRef.current;
    const logsRoot = logsSceneRef.current;
    const overlay = overlayRef.current;
    const overlayRoot = overlaySceneRef.current;
    if (
      container === null ||
      canvas === null ||
      svg === null ||
      root === null ||
      brokersSvg === null ||
      brokersRoot === null ||
      logsSvg === null ||
      logsRoot === null ||
      overlay === null ||
      overlayRoot === null
    )
      return;
    const scene = createClusterScene({
      root,
      brokers: brokersRoot,
      logs: logsRoot,
      overlay: overlayRoot,
    });
    const pictures = [svg, brokersSvg, logsSvg];
    const paging = createLogPaging(container);
    let fitKey = '';
    // What the last fit search chose (searched again only when the box or the shape changes).
    let arrangement: StageArrangement | null = null;
    // The unfitted picture's width, searched again only when the box or the shape changes.
    let legibleKey = '';
    let legibleWidth = 0;
    // A new caption (or the first picture) scrolls a picture larger than its box to the
    // caption's focus, once: the reader's own scrolling afterwards is left alone.
    let revealPending = true;
    // Whether the lesson's brokers are drawn in summary: read from its captions and steps
    // once per scenario, not on every frame.
    let summaryOf: { scenario: AppState['scenario']; brokersInSummary: boolean } | null = null;
    const brokersInSummary = (scenario: AppState['scenario']): boolean => {
      if (summaryOf?.scenario !== scenario)
        summaryOf = { scenario, brokersInSummary: brokersInSummaryFor(scenario) };
      return summaryOf.brokersInSummary;
    };
    // The box's size and the picture's top on screen, read from the DOM only after a resize,
    // a scroll or a new caption: reading them in every frame's draw, after the last frame's
    // writes, made the browser lay the page out again each frame.
    let measured: { width: number; height: number; svgTop: number | null } | null = null;
    // Marker lanes the strips keep while playing on (`nextLaneHold`), for this run and box.
    let laneHold: LaneHold = NO_LANE_HOLD;
    let laneHoldKey = '';
    let heightHold: HeightHold = NO_HEIGHT_HOLD;
    let frameTurn = 0;
    // How the picture was last laid out and drawn: the off-screen warm-up draws alike.
    let lastDrawn: DrawnWith | null = null;
    const warmUp = createOffscreenWarmUp(container.ownerDocument);
    const remeasure = (): void => {
      measured = null;
    };
    // A seek or step while paused draws the strips in the window first and those in the
    // margin around it once that frame is on screen (the margin is only there so scrolling
    // finds them drawn): `catchUp` is that second draw, `CATCH_UP_DELAY_MS` after the next
    // frame unless something new to draw comes first (which starts it over).
    let catchUp: CatchUp | null = null;
    const cancelCatchUp = (): void => {
      if (catchUp === null) return;
      cancelAnimationFrame(catchUp.frame);
      if (catchUp.timer !== null) clearTimeout(catchUp.timer);
      catchUp = null;
    };
    const scheduleCatchUp = (): void => {
      if (catchUp !== null || typeof requestAnimationFrame !== 'function') return;
      const pending: CatchUp = { frame: 0, timer: null };
      catchUp = pending;
      pending.frame = requestAnimationFrame(() => {
        pending.timer = setTimeout(() => {
          catchUp = null;
          draw('all');
        }, CATCH_UP_DELAY_MS);
      });
    };
    /**
     * `first`: a new moment (or anything else new), the strips in the window first while
     * paused; `all`: everything (the catch-up).
     */
    const draw = (pass: 'first' | 'all' = 'first', fillSpares = false): void => {
      // Anything new to show starts the catch-up over, after its own frame.
      if (pass === 'first') cancelCatchUp();
      const state = store.getState();
      const s = state.snapshot;
      const display = s === null ? 'none' : '';
      for (const el of pictures) if (el.style.display !== display) el.style.display = display;
      if (s === null) return;
      const baseOptions = {
        showInternal: state.showInternal,
        focus: state.narration?.focus,
        logPages: paging.pages,
        activity: {
          ...activityAt(state.activity, s.timeMs),
          nowMs: s.timeMs,
          badgeMs: ACTIVITY_BADGE_MS,
        },
      };
      measured ??= { width: container.clientWidth, height: container.clientHeight, svgTop: null };
      const box = measured;
      const mode = fitModeOf(container);
      // The cluster's shape, computed once a frame for the three keys below.
      const shape = shapeKey(s, state.showInternal);
      const holdKey = `${s.seed} ${mode} ${state.mode} ${box.width}x${box.height} ${shape}`;
      if (holdKey !== laneHoldKey) {
        laneHoldKey = holdKey;
        laneHold = NO_LANE_HOLD;
      }
      // A stage that always fits (presenter, embeds with &fit) and any embed lay the picture
      // out for a room (narrower columns, glyphs for words, cards listing only the replicas
      // their broker hosts), so it is drawn larger in its box.
      const roomStage = mode === 'always' || state.mode === 'embed';
      const options = {
        ...baseOptions,
        hostedRowsOnly: roomStage,
        room: roomStage,
        brokersInSummary: roomStage && brokersInSummary(state.scenario),
        laneFloors: s.timeMs >= laneHold.atMs ? laneFloors(laneHold) : undefined,
      };
      let layout: ClusterLayout | null = null;
      let layoutOptions: LayoutOptions | null = null;
      let scale = 1;
      if (mode !== 'none' && box.width > 0 && box.height > 0) {
        const key = `${mode} ${options.room} ${options.brokersInSummary} ${box.width}x${box.height} ${shape}`;
        if (key !== fitKey) {
          fitKey = key;
          const best = fitStage(s, options, box, {
            maxScale: MAX_SCALE[mode],
            beside: mode === 'always',
            // Tall cells (value on its own line) on a stage that always fits; the app's own
            // view keeps its two-line cells.
            fill: mode === 'always',
          });
          arrangement = arrangementOf(best);
        }
        // Its width alone may keep the fitted picture under the legible scale (a large
        // cluster in the app): then it is not laid out at all, only to be left undrawn (it
        // cost as much as the picture drawn, every frame).
        const fittedOptions = { ...options, ...arrangement! };
        const widthScale = Math.min(MAX_SCALE[mode], box.width / layoutWidth(fittedOptions));
        if (mode === 'always' || widthScale >= LEGIBLE_MIN_SCALE) {
          const fitted = layoutCluster(s, fittedOptions);
          const fittedScale = scaleToFit(fitted, box, MAX_SCALE[mode]);
          if (mode === 'always' || fittedScale >= LEGIBLE_MIN_SCALE) {
            layout = fitted;
            layoutOptions = fittedOptions;
            scale = fittedScale;
          }
        }
      }
      // A phone held upright: one column at the screen's width (producers, brokers two to a
      // row, groups, logs), scrolled down rather than sideways.
      if (layout === null && box.width > 0 && box.width < STACK_BELOW_PX) {
        layoutOptions = {
          ...options,
          room: true,
          hostedRowsOnly: true,
          stacked: true,
          width: box.width,
        };
        layout = layoutCluster(s, layoutOptions);
      }
      // Not fitted: at the box's width, or wider where that is too narrow for its words (the
      // picture then scrolls sideways in its own box; the page does not).
      if (layout === null) {
        const key = `${box.width} ${shape}`;
        if (key !== legibleKey) {
          legibleKey = key;
          legibleWidth = legibleLayout(s, options, box.width).width;
        }
        layoutOptions = { ...options, width: legibleWidth };
        layout = layoutCluster(s, layoutOptions);
      }
      laneHold = nextLaneHold(laneHold, lanesNeeded(layout.strips), s.timeMs);
      const fitted = scale !== 1 || mode === 'always';
      // A picture that scrolls keeps its height when the moment shown needs less (see
      // `heldHeight`): a new height made the browser lay out the whole SVG again.
      heightHold = fitted ? NO_HEIGHT_HOLD : heldHeight(heightHold, holdKey, layout.height);
      const drawnHeight = fitted ? layout.height : heightHold.height;
      const width = Math.floor(layout.width * scale);
      const height = Math.floor(drawnHeight * scale);
      // Setting an attribute to its current value still makes the browser lay out and paint
      // the whole SVG again: write only changes.
      for (const el of [...pictures, overlay]) {
        setAttrIfChanged(el, 'width', String(width));
        setAttrIfChanged(el, 'height', String(height));
        setAttrIfChanged(el, 'viewBox', `0 0 ${layout.width} ${drawnHeight}`);
      }
      setAttrIfChanged(svg, 'data-mode', layout.mode);
      // A room's text sizes (app.css `svg.cluster.room`), which its layout measured with.
      for (const el of pictures)
        if (el.classList.contains('room') !== layout.room) el.classList.toggle('room', layout.room);
      setAttrIfChanged(svg, 'data-scale', scale.toFixed(3));
      setAttrIfChanged(svg, 'data-cell-height', String(layout.strips[0]?.cellHeight ?? ''));
      setAttrIfChanged(container, 'data-fitted', String(fitted));
      const canvasWidth = `${width}px`;
      if (canvas.style.width !== canvasWidth) canvas.style.width = canvasWidth;
      // The part of the picture inside the window (plus a margin), in layout units.
      if (!fitted && height > 0) box.svgTop ??= svg.getBoundingClientRect().top;
      const top = box.svgTop ?? 0;
      const viewport = typeof window === 'undefined' ? 10_000 : window.innerHeight || 10_000;
      const band = (marginPx: number) => ({
        top: (-top - marginPx) / scale,
        bottom: (-top + viewport + marginPx) / scale,
      });
      const visible = height === 0 || fitted ? undefined : band(VISIBLE_MARGIN_PX);
      // Playing, each frame draws the window and a quarter of the margin's strips in turn;
      // paused, the window first and the margin after that frame (`catchUp`).
      let current: CurrentBand | undefined;
      if (visible !== undefined && state.playing)
        current = { ...band(CURRENT_MARGIN_PX), turn: { of: 4, phase: frameTurn++ % 4 } };
      else if (visible !== undefined && pass === 'first') current = band(CURRENT_MARGIN_PX);
      if (current === undefined || state.playing) cancelCatchUp();
      const sceneOptions = {
        visible,
        current,
        showFlights: !reducedMotion,
        speed: state.speed,
        showInternal: state.showInternal,
        focus: state.narration?.focus,
      };
      const deferred = scene.render(
        layout,
        s,
        fillSpares ? { ...sceneOptions, fillSpares } : sceneOptions,
      );
      lastDrawn = { layoutOptions: layoutOptions!, scene: sceneOptions };
      if (deferred && !state.playing) scheduleCatchUp();
      markSelection(canvas, state.selection);
      if (revealPending && !fitted) {
        revealPending = false;
        revealCaptionFocus(container, canvas, reducedMotion);
      }
    };
    const unsubscribe = store.subscribe((state, previous) => {
      // Paused, a viewer's seeks are what comes next (see offscreenWarmUp.ts); not once
      // playing (then also when idle comes): the page is busy drawing then, and warm.
      const moment = state.rehearsedMoment;
      if (moment !== previous.rehearsedMoment && moment !== null && !state.playing)
        warmUp.schedule(
          moment,
          () => (store.getState().playing ? null : lastDrawn),
          // Then the picture itself, everything on screen, with spare cells built ahead.
          () => draw('all', true),
        );
      if (state.narration !== previous.narration) {
        paging.reset();
        revealPending = true;
        remeasure();
      }
      if (
        // Paused: the strips playing left for a later frame are drawn (after this one).
        state.playing !== previous.playing ||
        state.narration !== previous.narration ||
        state.snapshot !== previous.snapshot ||
        state.showInternal !== previous.showInternal ||
        state.selection !== previous.selection ||
        state.mode !== previous.mode
      )
        draw();
    });
    // The box's width and height (a caption or banner never changes it: the stage band has
    // a fixed height; the quorum notice's line, once shown, stays for the run), and
    // scrolling, which brings other strips on screen.
    let size = `${container.clientWidth}x${container.clientHeight}`;
    const resize =
      typeof ResizeObserver === 'function'
        ? new ResizeObserver(() => {
            const next = `${container.clientWidth}x${container.clientHeight}`;
            if (next === size) return;
            size = next;
            remeasure();
            draw();
          })
        : null;
    resize?.observe(container);
    const redrawMeasured = (): void => {
      remeasure();
      draw();
    };
    const stopWatching = watchRedrawTriggers(container, redrawMeasured, redrawMeasured);
    draw();

    const activate = (el: Element): boolean => {
      if (paging.activate(el)) {
        draw();
        return true;
      }
      const target = targetAt(el);
      if (target === null) return false;
      const action = targetAction(target);
      if (action.kind === 'act') store.getState().act(action.command);
      else store.getState().select(action.selection);
      return true;
    };
    const onClick = (e: MouseEvent): void => {
      if (e.target instanceof Element) activate(e.target);
    };
    const onKeyDown = (e: KeyboardEvent): void => {
      if (!(e.target instanceof Element) || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target;
      if (paging.key(e)) {
        e.preventDefault();
        e.stopPropagation();
        draw();
        return;
      }
      if (e.key === 'Enter' || e.key === ' ') {
        if (activate(target)) {
          e.preventDefault();
          e.stopPropagation();
        }
        return;
      }
      const broker = target.closest('g.broker');
      if (broker !== null && /^[ksr]$/i.test(e.key)) {
        const button = [...broker.querySelectorAll('[data-shortcut]')].find(
          (b) => b.getAttribute('data-shortcut') === e.key.toLowerCase(),
        );
        if (button !== undefined) {
          e.preventDefault();
          activate(button);
        }
        return;
      }
      const strip = target.closest('g.strip');
      if (strip !== null && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) {
        const records = [...strip.querySelectorAll<SVGGElement>('g.record')];
        if (records.length === 0) return;
        const at = records.indexOf(target as SVGGElement);
        const next =
          at === -1
            ? e.key === 'ArrowRight'
              ? records[0]
              : records[records.length - 1]
            : records[
                Math.min(records.length - 1, Math.max(0, at + (e.key === 'ArrowRight' ? 1 : -1)))
              ];
        e.preventDefault();
        e.stopPropagation();
        next.focus();
      }
    };
    canvas.addEventListener('click', onClick);
    canvas.addEventListener('keydown', onKeyDown);
    return () => {
      cancelCatchUp();
      warmUp.dispose();
      unsubscribe();
      resize?.disconnect();
      stopWatching();
      canvas.removeEventListener('click', onClick);
      canvas.removeEventListener('keydown', onKeyDown);
      paging.dispose();
      root.replaceChildren();
      brokersRoot.replaceChildren();
      logsRoot.replaceChildren();
      overlayRoot.replaceChildren();
    };
  }, [store, reducedMotion]);

  return (
    <div ref={containerRef} className="cluster-view">
      {/* The picture is SVGs of one size, stacked: labels, clients and groups (in the flow,
          giving the size), the broker cards, the logs, then what moves. A browser repaints a
          whole SVG when anything in it changes, and the cards change far less often than the
          rest (see createClusterScene). Read in that order, as one group. */}
      <div ref={canvasRef} className="cluster-canvas" role="group" aria-label="Cluster">
        <svg ref={svgRef} className="cluster" role="none">
          <g ref={sceneRef} />
        </svg>
        <svg ref={brokersRef} className="cluster cluster-layer" role="none">
          <g ref={brokersSceneRef} />
        </svg>
        <svg ref={logsRef} className="cluster cluster-layer" role="none">
          <g ref={logsSceneRef} />
        </svg>
        <svg ref={overlayRef} className="cluster-overlay" aria-hidden="true">
          <g ref={overlaySceneRef} />
        </svg>
      </div>
    </div>
  );
}

function legibleLayout(
  s: Parameters<typeof layoutCluster>[0],
  options: Omit<Parameters<typeof layoutCluster>[1], 'width'>,
  width: number,
): ClusterLayout {
  let layout = layoutCluster(s, { ...options, width });
  for (let w = Math.max(640, width) + 80; !legible(layout) && w <= 2400; w += 80)
    layout = layoutCluster(s, { ...options, width: w });
  return layout;
}

/**
 * Scrolls the picture's own box (when it scrolls: a small embed, a narrow stage) so the
 * entities the caption names are in view. Nothing to do when they are in view already, when
 * the caption names none, or when the box does not scroll.
 */
function revealCaptionFocus(container: HTMLElement, root: Element, instant: boolean): void {
  if (
    container.scrollHeight <= container.clientHeight &&
    container.scrollWidth <= container.clientWidth
  )
    return;
  const origin = container.getBoundingClientRect();
  const rects = [...root.querySelectorAll('.focused')].map((el) => {
    const r = el.getBoundingClientRect();
    return {
      left: r.left - origin.left + container.scrollLeft,
      top: r.top - origin.top + container.scrollTop,
      width: r.width,
      height: r.height,
    };
  });
  const target = unionRect(rects);
  if (target === null) return;
  const to = revealScroll(target, {
    scrollLeft: container.scrollLeft,
    scrollTop: container.scrollTop,
    width: container.clientWidth,
    height: container.clientHeight,
    contentWidth: container.scrollWidth,
    contentHeight: container.scrollHeight,
  });
  if (to.scrollLeft === container.scrollLeft && to.scrollTop === container.scrollTop) return;
  container.scrollTo({
    left: to.scrollLeft,
    top: to.scrollTop,
    behavior: instant ? 'auto' : 'smooth',
  });
}

/** Elements a click can resolve to a target (bound by a layer, or the log layer's own). */
const TARGETS = '.viz-target, g.record, g.strip-head, g.lost-marker';

/** Outlines what the inspector shows: elements whose target equals the selection, by value. */
function markSelection(root: Element, selection: Selection | null): void {
  for (const el of root.querySelectorAll('.selected'))
    if (!sameTarget(targetAt(el), selection)) el.classList.remove('selected');
  if (selection === null) return;
  for (const el of root.querySelectorAll(TARGETS))
    if (sameTarget(targetAt(el), selection) && !el.classList.contains('selected'))
      el.classList.add('selected');
}
