import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario, type Caption, type CompiledScenario } from '../scenario';
import { createAppStore, type AppStore } from './appStore';
import { parseLaunchOptions } from './launchOptions';
import {
  INDEX_WAIT_PAUSED_MS,
  INDEX_WAIT_PLAYING_MS,
  NEXT_CAPTION_MAX_WALL_MS,
  SETTLE_AFTER_END_MS,
} from './playbackSlice';
import { createSimulationDriver } from '../runtime';
import { createFakeHost, fakeScenarioModule, lessonFixture, type FakeHost } from './testKit';

function builtin(name: string): CompiledScenario {
  const loaded = loadScenario(readFileSync(`public/scenarios/${name}.yaml`, 'utf8'), name);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.value;
}

/** The fixture's `say` steps as captions, with reading times chosen by the test. */
function captioned(readingMs: readonly number[], firstAtMs = 0): CompiledScenario {
  const base = lessonFixture();
  const commands = base.commands.map((c, i) => (i === 0 ? { ...c, atMs: firstAtMs } : c));
  const captions: Caption[] = commands.flatMap((c) =>
    c.command.type === 'narrate'
      ? [{ atMs: c.atMs, text: c.command.text, readingMs: 0, focus: [`broker:${c.atMs / 1000}`] }]
      : [],
  );
  return lessonFixture({
    commands,
    captions: captions.map((c, i) => ({ ...c, readingMs: readingMs[i] ?? 3000 })),
  });
}

async function open(scenario: CompiledScenario, search = '') {
  const host = createFakeHost({ 'scenarios/default.yaml': 'lesson' });
  const store = createAppStore({
    host,
    scenarioModule: async () => fakeScenarioModule({ lesson: scenario }),
  });
  await store.getState().loadScenario(parseLaunchOptions(search));
  return { host, store };
}

/** Runs frames of `elapsedMs` wall time until `done` or `limit` frames. */
function frames(
  host: FakeHost,
  store: AppStore,
  elapsedMs: number,
  limit: number,
  done = () => false,
) {
  let n = 0;
  for (; n < limit && store.getState().playing && !done(); n++) host.frame(elapsedMs);
  return n;
}

describe('opening a scenario with captions', () => {
  it('opens paused at its first caption, with the steps due then applied', async () => {
    const { store } = await open(captioned([3000, 3000], 2000));
    const s = store.getState();
    expect(s.playing).toBe(false);
    expect(s.timeMs).toBe(2000);
    expect(s.narration).toMatchObject({ text: 'A producer sends keyed records.', index: 0 });
    expect(s.narration?.focus).toEqual(['broker:2']);
  });

  it('?autoplay still plays, from 0', async () => {
    const { store } = await open(captioned([3000, 3000]), '?autoplay');
    expect(store.getState().playing).toBe(true);
    expect(store.getState().timeMs).toBe(0);
  });

  it('a scenario without captions plays as before', async () => {
    const { store } = await open(lessonFixture({ captions: [] }));
    expect(store.getState().playing).toBe(true);
  });
});

describe('caption pacing', () => {
  it('holds the caption on screen its reading time at 10×, just before the next, then resumes', async () => {
    // Caption 0 at 0 s needs 8 s; caption 1 comes at 5 s of virtual time (0.5 s of wall time at 10×).
    const { host, store } = await open(captioned([8000, 3000]));
    store.getState().setSpeed(10);
    store.getState().play();
    const shownAt = store.getState().captionShownAtMs!;
    frames(host, store, 16, 100, () => store.getState().hold !== null);
    const s = store.getState();
    expect(s.hold).toEqual({ untilWallMs: shownAt + 8000, captionIndex: 0 });
    expect(s.timeMs).toBe(4999);
    expect(s.playing).toBe(true);
    expect(s.narration?.index).toBe(0);
    // Time stands still until the reading time is over…
    frames(host, store, 100, 100, () => store.getState().timeMs !== 4999);
    expect(store.getState().hold).toBeNull();
    // …and no earlier: the next caption appears once 8 s of wall time have passed.
    frames(host, store, 16, 10, () => store.getState().narration?.index === 1);
    expect(store.getState().narration?.index).toBe(1);
    expect(store.getState().captionShownAtMs! - shownAt).toBeGreaterThanOrEqual(8000);
  });

  it('at a slow speed nothing is held: virtual time already leaves the caption long enough', async () => {
    const { host, store } = await open(captioned([4000, 3000]));
    store.getState().play();
    frames(host, store, 16, 400, () => store.getState().narration?.index === 1);
    expect(store.getState().narration?.index).toBe(1);
    expect(store.getState().hold).toBeNull();
  });

  it('Skip ends a hold at once; ?pace=off never holds', async () => {
    const { host, store } = await open(captioned([20_000, 3000]));
    store.getState().setSpeed(10);
    store.getState().play();
    frames(host, store, 16, 100, () => store.getState().hold !== null);
    expect(store.getState().hold).not.toBeNull();
    store.getState().skipHold();
    frames(host, store, 16, 3);
    expect(store.getState().narration?.index).toBe(1);

    const off = await open(captioned([20_000, 3000]), '?pace=off');
    off.store.getState().setSpeed(10);
    off.store.getState().play();
    frames(off.host, off.store, 16, 100, () => off.store.getState().narration?.index === 1);
    expect(off.store.getState().narration?.index).toBe(1);
    expect(off.store.getState().hold).toBeNull();
  });

  it('pausing ends a hold; playing again holds again until the caption was up long enough', async () => {
    const { host, store } = await open(captioned([8000, 3000]));
    store.getState().setSpeed(10);
    store.getState().play();
    frames(host, store, 16, 100, () => store.getState().hold !== null);
    store.getState().pause();
    expect(store.getState().hold).toBeNull();
    store.getState().play();
    host.frame(16);
    expect(store.getState().hold).not.toBeNull();
    expect(store.getState().timeMs).toBe(4999);
  });
});

describe('presenter: next and previous caption', () => {
  it('next plays the motion to the next caption (intermediate moments) and stops exactly there', async () => {
    const { host, store } = await open(captioned([3000, 3000]));
    store.getState().nextCaption();
    const s = store.getState();
    expect(s.playing).toBe(true);
    // 5 s of virtual time in at most NEXT_CAPTION_MAX_WALL_MS of wall time, at least 1×.
    expect(s.moveTo).toEqual({ atMs: 5000, speed: Math.max(1, 5000 / NEXT_CAPTION_MAX_WALL_MS) });
    const seen: number[] = [];
    frames(host, store, 16, 1000, () => {
      seen.push(store.getState().timeMs);
      return false;
    });
    expect(store.getState().playing).toBe(false);
    expect(store.getState().timeMs).toBe(5000);
    expect(store.getState().narration?.index).toBe(1);
    expect(seen.filter((t) => t > 0 && t < 5000).length).toBeGreaterThan(10);
    expect(store.getState().moveTo).toBeNull();
  });

  it('works before any indexing (static captions); pressed during a move it finishes that move first', async () => {
    const { host, store } = await open(captioned([3000, 3000]));
    expect(store.getState().timeline?.markers).toEqual([]);
    store.getState().nextCaption();
    host.frame(16);
    store.getState().nextCaption(); // no caption after the second: the move ends at it
    expect(store.getState().timeMs).toBe(5000);
  });

  it('previous goes back to the previous caption, paused', async () => {
    const { host, store } = await open(captioned([3000, 3000]));
    store.getState().seek(8000);
    store.getState().previousCaption();
    expect(store.getState().timeMs).toBe(5000);
    store.getState().previousCaption();
    expect(store.getState().timeMs).toBe(0);
    expect(store.getState().playing).toBe(false);
    store.getState().nextCaption();
    host.frame(16);
    store.getState().previousCaption(); // mid-move: back to where it started
    expect(store.getState().timeMs).toBe(0);
    expect(store.getState().moveTo).toBeNull();
  });
});

describe('acting after the end', () => {
  it('plays the run on so the action settles, then pauses', async () => {
    const { host, store } = await open(captioned([3000, 3000]), '?pace=off&t=30s');
    expect(store.getState().timeMs).toBe(30_000);
    store.getState().act({ type: 'killBroker', broker: 2 });
    const s = store.getState();
    expect(s.playing).toBe(true);
    expect(s.moveTo?.atMs).toBe(30_000 + SETTLE_AFTER_END_MS);
    frames(host, store, 100, 1000);
    expect(store.getState().playing).toBe(false);
    expect(store.getState().timeMs).toBe(30_000 + SETTLE_AFTER_END_MS);
  });

  it('before the end an action while paused stays paused', async () => {
    const { store } = await open(captioned([3000, 3000]), '?t=10s');
    store.getState().act({ type: 'killBroker', broker: 2 });
    expect(store.getState().playing).toBe(false);
  });
});

describe('indexing', () => {
  it('moves on even when the browser offers no idle time (busy frames while playing)', async () => {
    const { host, store } = await open(captioned([3000, 3000]), '?autoplay');
    expect(store.getState().timeline?.indexedToMs).toBe(0);
    host.idleTime(0);
    expect(store.getState().timeline!.indexedToMs).toBeGreaterThan(0);
  });

  it('while playing it waits at most 100 ms for idle time, paused 1 s', async () => {
    const playing = await open(captioned([3000, 3000]), '?autoplay');
    playing.host.idleTime(0);
    expect(playing.host.idleWaits().at(-1)).toBe(INDEX_WAIT_PLAYING_MS);
    const paused = await open(captioned([3000, 3000]), '?paused');
    expect(paused.host.idleWaits()).toEqual([INDEX_WAIT_PAUSED_MS]);
    expect(INDEX_WAIT_PLAYING_MS).toBeLessThanOrEqual(100);
  });
});

describe('expectations on the run', () => {
  const FAILURE = builtin('lesson-10-broker-failure');

  it('each is null until the run passes its moment, then holds in the original run', () => {
    const driver = createSimulationDriver();
    driver.start(FAILURE, FAILURE.seed);
    const at4s = FAILURE.expectations.findIndex((e) => e.atMs === 4000);
    driver.runUntil(4000);
    expect(driver.frame().expectationResults[at4s]).toBeNull();
    driver.runUntil(4001);
    expect(driver.frame().expectationResults[at4s]).toMatchObject({ ok: true });
    driver.runUntil(FAILURE.durationMs);
    const results = driver.frame().expectationResults;
    expect(results.every((r) => r?.ok === true)).toBe(true);
  });

  it('after killing broker 4 the later checks fail with expected and actual; seeking agrees', () => {
    const driver = createSimulationDriver();
    driver.start(FAILURE, FAILURE.seed);
    driver.runUntil(20_000);
    driver.apply({ type: 'killBroker', broker: 4 });
    driver.runUntil(FAILURE.durationMs);
    const live = driver.frame().expectationResults;
    const i = FAILURE.expectations.findIndex(
      (e) => e.atMs === 30_500 && e.source.includes('leader'),
    );
    expect(live[i]).toMatchObject({ ok: false });
    expect(live[i]!.expected).not.toBe(live[i]!.actual);
    // Checks before the action are unchanged.
    expect(live.filter((_, k) => FAILURE.expectations[k].atMs < 20_000).every((r) => r?.ok)).toBe(
      true,
    );
    // A replay of the session by seeking (checkpoints) gives the same results.
    while (driver.indexAhead(() => false));
    driver.seek(3000);
    driver.seek(FAILURE.durationMs);
    expect(driver.frame().expectationResults).toEqual(live);
  });

  it('an action at an expectation’s very moment is seen by it, live or replayed', () => {
    const live = createSimulationDriver();
    live.start(FAILURE, FAILURE.seed);
    live.runUntil(30_500);
    live.apply({ type: 'restartBroker', broker: 3 });
    live.runUntil(40_000);
    const replay = createSimulationDriver();
    replay.start(FAILURE, FAILURE.seed, live.session());
    replay.runUntil(40_000);
    expect(replay.frame().expectationResults).toEqual(live.frame().expectationResults);
  });
});
