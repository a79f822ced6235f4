import type { Snapshot } from '../engine';
import {
  createClusterScene,
  layoutCluster,
  type LayoutOptions,
  type SceneOptions,
} from '../viz/scenes';

/** How the cluster view last laid out and drew its picture: a warm-up draws another moment alike. */
export interface DrawnWith {
  readonly layoutOptions: LayoutOptions;
  readonly scene: SceneOptions;
}

/** Calls back when the page has time to spare (requestIdleCallback), or soon after. */
export type IdleCall = (callback: () => void) => () => void;

/**
 * How long the off-screen scene is kept after its last warm-up (ms): the indexer rehearses
 * seeks a few seconds apart in a long run, and a scene kept between them warms the code that
 * reuses record cells (a seek's), not the code that builds them (a first picture's).
 */
const KEEP_SCENE_MS = 5_000;

/**
 * Draws moments nobody sees (the indexer's rehearsed seeks, `rehearsedMoment`) into a scene
 * of its own that is not in the document, with the options of the last picture drawn, when
 * the page is idle. A page opened paused had drawn its first picture only (a log with no
 * records at 0 s draws no cells): the first seeks then ran the drawing code cold, and in
 * bench:ui's seek case its first 8 seeks took 13.1 ms each to draw against 8.2 for later
 * ones (median of 4 page loads). Nothing on screen changes, and a failure is only a colder
 * seek, so it is ignored.
 */
export interface OffscreenWarmUp {
  /**
   * Draws `moment` as the picture was last drawn (`drawn()`, read then), when idle; then
   * calls `after` (the view's own idle work: spare cells on screen), unless `drawn()` was null.
   */
  schedule(moment: Snapshot, drawn: () => DrawnWith | null, after?: () => void): void;
  dispose(): void;
}

export function createOffscreenWarmUp(
  doc: Document,
  idle: IdleCall = idleCall,
  setTimer: (callback: () => void, ms: number) => () => void = timer,
): OffscreenWarmUp {
  let scene: ReturnType<typeof createClusterScene> | null = null;
  let cancelIdle: (() => void) | null = null;
  let cancelRelease: (() => void) | null = null;
  const newLayer = (): SVGGElement => doc.createElementNS('http://www.w3.org/2000/svg', 'g');
  const draw = (moment: Snapshot, drawn: DrawnWith): void => {
    scene ??= createClusterScene({
      root: newLayer(),
      brokers: newLayer(),
      logs: newLayer(),
      overlay: newLayer(),
    });
    try {
      scene.render(layoutCluster(moment, drawn.layoutOptions), moment, drawn.scene);
    } catch {
      // A warm-up that fails warms less; the picture on screen is not this scene.
      scene = null;
    }
    cancelRelease?.();
    cancelRelease = setTimer(() => {
      cancelRelease = null;
      scene = null;
    }, KEEP_SCENE_MS);
  };
  return {
    schedule(moment, drawn, after) {
      cancelIdle?.();
      cancelIdle = idle(() => {
        cancelIdle = null;
        const now = drawn();
        if (now === null) return;
        draw(moment, now);
        after?.();
      });
    },
    dispose() {
      cancelIdle?.();
      cancelRelease?.();
      cancelIdle = null;
      cancelRelease = null;
      scene = null;
    },
  };
}

/**
 * requestIdleCallback with no timeout (a warm-up of a large cluster takes tens of ms: only when
 * the page has nothing else to do), or a timeout where there is none (Safari).
 */
function idleCall(callback: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(callback);
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(callback, 50);
  return () => clearTimeout(id);
}

function timer(callback: () => void, ms: number): () => void {
  const id = setTimeout(callback, ms);
  return () => clearTimeout(id);
}
