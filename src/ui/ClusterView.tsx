import { useEffect, useRef } from 'react';
import type { Command } from '../engine';
import { ACTIVITY_BADGE_MS, activityAt, useAppStoreApi, type Selection } from '../store';
import { createClusterScene } from '../viz/clusterScene';
import { layoutCluster } from '../viz/clusterLayout';
import { createLogPaging } from './logPaging';
import { usePrefersReducedMotion } from './usePrefersReducedMotion';
import { watchRedrawTriggers } from './redrawTriggers';

/** Reads the JSON a layer wrote into a data attribute; null when absent or unreadable. */
function readJson<T>(el: Element | null, name: string): T | null {
  const text = el?.getAttribute(name);
  if (text === null || text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

/**
 * The cluster picture. React renders the `<svg>` frame once; the D3 scene draws inside it on
 * every published snapshot, read through `subscribe` rather than React state, so a frame of
 * playback costs one layout and one keyed join per layer, not a React render.
 *
 * Interaction is delegated here: an element with `data-command` applies that engine command
 * (broker buttons), one with `data-select` opens it in the inspector. Keyboard: Enter/Space
 * activate, K/S/R on a focused broker card kill, shut down or restart it, ←/→ move between
 * records of a strip.
 */
export function ClusterView() {
  const store = useAppStoreApi();
  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const sceneRef = useRef<SVGGElement>(null);
  const overlayRef = useRef<SVGSVGElement>(null);
  const overlaySceneRef = useRef<SVGGElement>(null);
  const reducedMotion = usePrefersReducedMotion();

  useEffect(() => {
    const container = containerRef.current;
    const svg = svgRef.current;
    const root = sceneRef.current;
    const overlay = overlayRef.current;
    const overlayRoot = overlaySceneRef.current;
    if (
      container === null ||
      svg === null ||
      root === null ||
      overlay === null ||
      overlayRoot === null
    )
      return;
    const scene = createClusterScene(root, overlayRoot);
    const paging = createLogPaging(container);
    let width = container.clientWidth;
    const draw = (): void => {
      const state = store.getState();
      const s = state.snapshot;
      const display = s === null ? 'none' : '';
      if (svg.style.display !== display) svg.style.display = display;
      if (s === null) return;
      const layout = layoutCluster(s, {
        width,
        showInternal: state.showInternal,
        focus: state.narration?.focus,
        logPages: paging.pages,
        activity: {
          ...activityAt(state.activity, s.timeMs),
          nowMs: s.timeMs,
          badgeMs: ACTIVITY_BADGE_MS,
        },
      });
      // Setting an attribute to its current value still makes the browser lay out and paint
      // the whole SVG again: write only changes.
      setIfChanged(svg, 'width', String(layout.width));
      setIfChanged(svg, 'height', String(layout.height));
      setIfChanged(svg, 'viewBox', `0 0 ${layout.width} ${layout.height}`);
      setIfChanged(svg, 'data-mode', layout.mode);
      for (const [name, value] of [
        ['width', String(layout.width)],
        ['height', String(layout.height)],
        ['viewBox', `0 0 ${layout.width} ${layout.height}`],
      ])
        setIfChanged(overlay, name, value);
      // The part of the picture inside the window (plus a margin), in SVG coordinates.
      const rect = svg.getBoundingClientRect();
      const viewport = typeof window === 'undefined' ? 10_000 : window.innerHeight || 10_000;
      // Scaled to its frame (`&fit`), one SVG unit is `scale` pixels.
      const scale = rect.height === 0 ? 1 : rect.height / layout.height;
      const visible =
        rect.height === 0
          ? undefined
          : { top: -rect.top / scale - 300, bottom: (-rect.top + viewport) / scale + 300 };
      scene.render(layout, s, {
        visible,
        showFlights: !reducedMotion,
        speed: state.speed,
        showInternal: state.showInternal,
      });
      markSelection(root, state.selection);
    };
    const unsubscribe = store.subscribe((state, previous) => {
      if (state.narration !== previous.narration) paging.reset();
      if (
        state.narration !== previous.narration ||
        state.snapshot !== previous.snapshot ||
        state.showInternal !== previous.showInternal ||
        state.selection !== previous.selection
      )
        draw();
    });
    const stopWatching = watchRedrawTriggers(
      container,
      (next) => {
        width = next;
        draw();
      },
      () => draw(),
    );
    draw();

    const activate = (target: Element): boolean => {
      if (paging.activate(target)) {
        draw();
        return true;
      }
      const commandEl = target.closest('[data-command]');
      const command = readJson<Command>(commandEl, 'data-command');
      if (command !== null) {
        store.getState().act(command);
        return true;
      }
      const selection = readJson<Selection>(target.closest('[data-select]'), 'data-select');
      if (selection !== null) {
        store.getState().select(selection);
        return true;
      }
      return false;
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
    svg.addEventListener('click', onClick);
    svg.addEventListener('keydown', onKeyDown);
    return () => {
      unsubscribe();
      stopWatching();
      svg.removeEventListener('click', onClick);
      svg.removeEventListener('keydown', onKeyDown);
      paging.dispose();
      root.replaceChildren();
      overlayRoot.replaceChildren();
    };
  }, [store, reducedMotion]);

  return (
    <div ref={containerRef} className="cluster-view">
      <svg ref={svgRef} className="cluster" role="group" aria-label="Cluster">
        <g ref={sceneRef} />
      </svg>
      <svg ref={overlayRef} className="cluster-overlay" aria-hidden="true">
        <g ref={overlaySceneRef} />
      </svg>
    </div>
  );
}

function setIfChanged(el: Element, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Outlines what the inspector shows, by the same `data-select` the layers wrote. */
function markSelection(root: SVGGElement, selection: Selection | null): void {
  const wanted = selection === null ? null : JSON.stringify(selection);
  for (const el of root.querySelectorAll('.selected')) {
    if (el.getAttribute('data-select') !== wanted) el.classList.remove('selected');
  }
  if (wanted === null) return;
  for (const el of root.querySelectorAll('[data-select]')) {
    if (el.getAttribute('data-select') === wanted) el.classList.add('selected');
  }
}
