// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { snapshot, type Snapshot } from '../engine';
import { loadScenario, runScenario } from '../scenario';
import { createOffscreenWarmUp, type DrawnWith } from './offscreenWarmUp';

function lessonAt(file: string, atMs: number): Snapshot {
  // jsdom's import.meta.url is not a file URL: read from the checkout's root.
  const text = readFileSync(resolve(process.cwd(), 'public/scenarios', file), 'utf8');
  const loaded = loadScenario(text, file);
  if (!loaded.ok) throw new Error(`${file} does not load`);
  return snapshot(runScenario(loaded.value, { untilMs: atMs }).world);
}

const DRAWN: DrawnWith = {
  layoutOptions: { width: 1280 },
  scene: { showFlights: true, speed: 1, showInternal: false },
};

/** Idle callbacks and timers held until the test runs them. */
function manualScheduler() {
  const idle: (() => void)[] = [];
  const timers: { callback: () => void; ms: number }[] = [];
  return {
    idle: (callback: () => void) => {
      idle.push(callback);
      return () => idle.splice(idle.indexOf(callback), 1);
    },
    timer: (callback: () => void, ms: number) => {
      const t = { callback, ms };
      timers.push(t);
      return () => timers.splice(timers.indexOf(t), 1);
    },
    runIdle: () => idle.splice(0).forEach((f) => f()),
    idle_: idle,
    timers,
  };
}

/** The `<g>` layers the warm-up creates (its scene's roots), caught as they are made. */
function catchLayers() {
  const made: Element[] = [];
  const create = document.createElementNS.bind(document);
  vi.spyOn(document, 'createElementNS').mockImplementation(((ns: string, name: string) => {
    const el = create(ns, name);
    made.push(el);
    return el;
  }) as typeof document.createElementNS);
  return () => made.filter((el) => el.classList.contains('layer')).map((el) => el.parentNode);
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('the off-screen warm-up', () => {
  // Lesson 4 at 20 s: records in every partition.
  const early = lessonAt('lesson-04-keys.yaml', 20_000);
  const later = lessonAt('lesson-04-keys.yaml', 40_000);

  it('draws the moment when the page is idle, into a scene that is not in the document', () => {
    const page = document.createElement('main');
    page.textContent = 'the picture on screen';
    document.body.append(page);
    const before = document.body.innerHTML;
    const layersOf = catchLayers();
    const clock = manualScheduler();
    const warm = createOffscreenWarmUp(document, clock.idle, clock.timer);
    const after: number[] = [];
    warm.schedule(
      early,
      () => DRAWN,
      () => after.push(layersOf().length),
    );
    expect(layersOf()).toHaveLength(0); // nothing until idle
    expect(after).toEqual([]);
    clock.runIdle();
    // The view's own idle work comes after the off-screen picture.
    expect(after).toHaveLength(1);
    expect(after[0]).toBeGreaterThan(0);
    const roots = layersOf();
    expect(roots.length).toBeGreaterThan(0);
    const cells = roots.flatMap((r) => [...(r as Element).querySelectorAll('g.record')]);
    expect(cells.length).toBeGreaterThan(10);
    for (const cell of cells) expect(cell.isConnected).toBe(false);
    expect(document.body.innerHTML).toBe(before);
    // The scene is kept for the next warm-up (a seek's reuse of cells), then let go.
    expect(clock.timers.map((t) => t.ms)).toEqual([5_000]);
  });

  it('draws the latest moment with the options read when idle; the next reuses its cells', () => {
    const layersOf = catchLayers();
    const clock = manualScheduler();
    const warm = createOffscreenWarmUp(document, clock.idle, clock.timer);
    let drawn: DrawnWith | null = null;
    warm.schedule(early, () => drawn);
    warm.schedule(later, () => drawn);
    expect(clock.idle_).toHaveLength(1); // the newer replaces the one not yet drawn
    drawn = DRAWN;
    clock.runIdle();
    const logs = () =>
      layersOf()
        .flatMap((r) => [...(r as Element).querySelectorAll('g.strip')])
        .map((g) => Number(g.getAttribute('data-log-end-offset')));
    const laterEnds = later.topics
      .filter((t) => !t.internal)
      .flatMap((t) => t.partitions.map((p) => p.logEndOffset));
    expect(laterEnds.some((end, i) => end !== early.topics[0].partitions[i]?.logEndOffset)).toBe(
      true,
    );
    expect(logs().sort()).toEqual([...laterEnds].sort());
    const cells = () => layersOf().flatMap((r) => [...(r as Element).querySelectorAll('g.record')]);
    const first = new Set(cells());
    warm.schedule(early, () => drawn);
    clock.runIdle();
    // Another moment in the same cells (what a seek does), not new ones.
    expect(cells().every((c) => first.has(c))).toBe(true);
    expect(clock.timers).toHaveLength(1); // one release pending, pushed back
  });

  it('does nothing without a picture drawn, ignores a failure, and stops when disposed', () => {
    const clock = manualScheduler();
    const warm = createOffscreenWarmUp(document, clock.idle, clock.timer);
    let after = 0;
    warm.schedule(
      early,
      () => null,
      () => after++,
    );
    clock.runIdle();
    expect(clock.timers).toHaveLength(0);
    expect(after).toBe(0);
    const broken = { ...early, topics: null } as unknown as Snapshot;
    warm.schedule(broken, () => DRAWN);
    expect(() => clock.runIdle()).not.toThrow();
    warm.schedule(early, () => DRAWN);
    warm.dispose();
    expect(clock.idle_).toHaveLength(0);
  });
});
