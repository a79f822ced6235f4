import { useEffect, useRef } from 'react';
import { ACTIVITY_BADGE_MS, activityAt, useAppStoreApi } from '../store';
import { createLogScene } from '../viz/scenes';
import { layoutLogView } from '../viz/scenes';
import { targetAt } from '../viz/scenes';
import { createLogPaging } from './logPaging';
import { targetAction } from './targetAction';
import { watchRedrawTriggers } from './redrawTriggers';
import './logs.css';

/**
 * Every partition as a full-width strip of records with offsets, HW and LEO, each consumer's
 * position and each group's commit with lag, and a key legend. Like the cluster view, the D3
 * scene draws on each published snapshot through `subscribe`, and only strips on screen get
 * their records drawn.
 */
export function LogView() {
  const store = useAppStoreApi();
  const containerRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const rootRef = useRef<SVGGElement>(null);

  useEffect(() => {
    const container = containerRef.current;
    const svg = svgRef.current;
    const root = rootRef.current;
    if (container === null || svg === null || root === null) return;
    const scene = createLogScene(root);
    const paging = createLogPaging(container);
    let width = container.clientWidth;
    const draw = (): void => {
      const state = store.getState();
      const s = state.snapshot;
      if (s === null) return;
      const layout = layoutLogView(s, {
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
      for (const [name, value] of [
        ['width', String(layout.width)],
        ['height', String(layout.height)],
        ['viewBox', `0 0 ${layout.width} ${layout.height}`],
      ])
        if (svg.getAttribute(name) !== value) svg.setAttribute(name, value);
      const rect = svg.getBoundingClientRect();
      const viewport = window.innerHeight || 10_000;
      scene.render(
        layout,
        rect.height === 0
          ? undefined
          : { top: -rect.top - 300, bottom: -rect.top + viewport + 300 },
      );
    };
    const unsubscribe = store.subscribe((state, previous) => {
      // A new caption (or a seek, which brings one) returns every strip to the newest records.
      if (state.narration !== previous.narration) paging.reset();
      if (
        state.narration !== previous.narration ||
        state.snapshot !== previous.snapshot ||
        state.showInternal !== previous.showInternal
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
      const found = targetAt(target);
      if (found === null) return false;
      const action = targetAction(found);
      if (action.kind === 'act') store.getState().act(action.command);
      else store.getState().select(action.selection);
      return true;
    };
    const onClick = (e: MouseEvent): void => {
      if (e.target instanceof Element) activate(e.target);
    };
    const onKeyDown = (e: KeyboardEvent): void => {
      if (paging.key(e)) {
        e.preventDefault();
        e.stopPropagation();
        draw();
        return;
      }
      if (
        (e.key === 'Enter' || e.key === ' ') &&
        e.target instanceof Element &&
        activate(e.target)
      ) {
        e.preventDefault();
        e.stopPropagation();
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
    };
  }, [store]);

  return (
    <div ref={containerRef} className="cluster-view log-view">
      <svg ref={svgRef} className="cluster log" role="group" aria-label="Partition logs">
        <g ref={rootRef} />
      </svg>
    </div>
  );
}
