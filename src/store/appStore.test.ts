import { describe, expect, it } from 'vitest';
import { snapshot, stateReport } from '../engine';
import { createAppStore, type AppStore } from './appStore';
import { parseLaunchOptions } from './launchOptions';
import { replaySession } from '../runtime';
import { createFakeHost, fakeScenarioModule, lessonFixture, type FakeHost } from './testKit';

const LESSON = lessonFixture();

function setup(
  search = '',
  files: Record<string, string> = { 'scenarios/default.yaml': 'lesson' },
) {
  const host = createFakeHost(files);
  const store = createAppStore({
    host,
    scenarioModule: async () =>
      fakeScenarioModule({
        lesson: LESSON,
        broken: [
          {
            path: 'steps[2].produce.producer',
            message: 'no producer "chekout"',
            line: 9,
            column: 7,
          },
        ],
      }),
  });
  // The fixture has captions, so it would open paused at the first and hold captions for their
  // reading time (see captionPacing.test.ts): these tests play it straight through.
  const options = { ...parseLaunchOptions(search), autoplay: true, pace: 'off' as const };
  return { host, store, load: () => store.getState().loadScenario(options) };
}

/** The state a headless run reaches at `untilMs`: what the CLI reports. */
function reference(untilMs: number, seed = LESSON.seed) {
  return snapshot(replaySession(LESSON, seed, [], untilMs));
}

function playFrames(host: FakeHost, store: AppStore, count: number, elapsedMs: number) {
  for (let i = 0; i < count && store.getState().playing; i++) host.frame(elapsedMs);
}

describe('app store: loading', () => {
  it('loads the default scenario and plays it (?autoplay)', async () => {
    const { store, load, host } = setup();
    await load();
    const s = store.getState();
    expect(s.loadStatus).toBe('ready');
    expect(s.scenario?.title).toBe('Keys pick partitions');
    expect(s.playing).toBe(true);
    expect(s.timeMs).toBe(0);
    const oldest = s.recentEvents[s.recentEvents.length - 1];
    expect(oldest).toMatchObject({ index: 0, event: { type: 'clusterCreated' } });
    expect(host.pendingFrames()).toBe(1);
  });

  it('reports a missing file as a fetch problem, not a blank state', async () => {
    const { store } = setup();
    await store.getState().loadScenario(parseLaunchOptions('?scenario=does-not-exist'));
    const s = store.getState();
    expect(s.loadStatus).toBe('failed');
    expect(s.problems[0].kind).toBe('fetch');
    expect(s.problems[0].details[0]).toContain('scenarios/does-not-exist.yaml');
  });

  it('reports a bad scenario with file:line:col: path: message', async () => {
    const { store } = setup('?scenario=broken', { 'scenarios/broken.yaml': 'broken' });
    await store.getState().loadScenario(parseLaunchOptions('?scenario=broken'));
    const s = store.getState();
    expect(s.problems[0].kind).toBe('scenario');
    expect(s.problems[0].details).toEqual([
      'scenarios/broken.yaml:9:7: steps[2].produce.producer: no producer "chekout"',
    ]);
    expect(s.playing).toBe(false);
  });

  it('reports URL parameters it cannot read', async () => {
    const { store, load } = setup('?t=soon');
    await load();
    expect(store.getState().problems[0].kind).toBe('options');
  });

  it('?t runs to that virtual time and pauses there, matching a headless run', async () => {
    const { store, load } = setup('?t=12s');
    await load();
    const s = store.getState();
    expect(s.playing).toBe(false);
    expect(s.timeMs).toBe(12_000);
    expect(stateReport(s.snapshot!)).toEqual(stateReport(reference(12_000)));
  });

  it('?seed replaces the scenario seed; ?paused stays at 0', async () => {
    const { store, load } = setup('?seed=7&paused');
    await load();
    expect(store.getState().playing).toBe(false);
    expect(store.getState().snapshot?.seed).toBe(7);
    store.getState().runTo(8000);
    expect(store.getState().snapshot?.traceHash).toBe(reference(8000, 7).traceHash);
    expect(reference(8000, 7).traceHash).not.toBe(reference(8000).traceHash);
  });
});

describe('app store: playback with a fake clock', () => {
  it.each([
    [1, 20, 250],
    [10, 16, 100],
    [0.5, 33, 300],
  ])(
    'at %sx, frames of %s ms, %s frames: same state as runUntil in one go',
    async (speed, frameMs, frames) => {
      const { store, load, host } = setup();
      await load();
      store.getState().setSpeed(speed);
      playFrames(host, store, frames, frameMs);
      const s = store.getState();
      const expectedMs = Math.min(frames * frameMs * speed, LESSON.durationMs);
      expect(s.timeMs).toBeCloseTo(expectedMs, 6);
      expect(s.snapshot!.traceHash).toBe(reference(s.timeMs).traceHash);
      expect(stateReport(s.snapshot!)).toEqual(stateReport(reference(s.timeMs)));
    },
  );

  it('publishes a new snapshot object each frame', async () => {
    const { store, load, host } = setup();
    await load();
    const first = store.getState().snapshot;
    host.frame(16);
    expect(store.getState().snapshot).not.toBe(first);
  });

  it('clamps a long frame (background tab) to 100 ms of wall time', async () => {
    const { store, load, host } = setup();
    await load();
    host.frame(60_000);
    expect(store.getState().timeMs).toBe(100);
  });

  it('pause stops virtual time; play resumes from the pause, not from wall time', async () => {
    const { store, load, host } = setup();
    await load();
    playFrames(host, store, 10, 20);
    store.getState().pause();
    const pausedAt = store.getState().timeMs;
    expect(host.pendingFrames()).toBe(0);
    host.frame(5000);
    expect(store.getState().timeMs).toBe(pausedAt);
    store.getState().togglePlay();
    host.frame(20);
    expect(store.getState().timeMs).toBe(pausedAt + 20);
  });

  it('step pauses, then advances to the next task that emits an event', async () => {
    const { store, load } = setup('?paused');
    await load();
    const before = store.getState().snapshot!;
    store.getState().stepOnce();
    const after = store.getState().snapshot!;
    expect(after.eventCount).toBeGreaterThan(before.eventCount);
    expect(after.timeMs).toBeGreaterThanOrEqual(before.timeMs);
    expect(after.traceHash).toBe(reference(after.timeMs).traceHash);
    expect(store.getState().recentEvents[0].index).toBe(after.eventCount - 1);
  });

  it('restart rebuilds the world with the same seed at time 0', async () => {
    const { store, load, host } = setup();
    await load();
    const atStart = store.getState().snapshot!.traceHash;
    playFrames(host, store, 50, 20);
    store.getState().restart();
    const s = store.getState();
    expect(s.timeMs).toBe(0);
    expect(s.snapshot!.traceHash).toBe(atStart);
    // Time 0 includes the steps due at 0: the first caption is back.
    expect(s.narration).toEqual({
      text: 'A producer sends keyed records.',
      atMs: 0,
      index: 0,
      focus: [],
    });
    expect(s.playing).toBe(true);
  });

  it('stops at the scenario duration exactly', async () => {
    const { store, load, host } = setup();
    await load();
    store.getState().setSpeed(10);
    playFrames(host, store, 10_000, 100);
    expect(store.getState().playing).toBe(false);
    expect(store.getState().timeMs).toBe(LESSON.durationMs);
  });

  it('keeps the narration and a bounded list of recent events, latest first', async () => {
    const { store, load } = setup('?t=20s');
    await load();
    const s = store.getState();
    expect(s.narration).toEqual({
      text: 'The same key always lands in the same partition.',
      atMs: 5000,
      index: 1,
      focus: [],
    });
    expect(s.recentEvents.length).toBe(200);
    const indices = s.recentEvents.map((e) => e.index);
    expect(indices[0]).toBe(s.snapshot!.eventCount - 1);
    expect(indices).toEqual([...indices].sort((a, b) => b - a));
  });

  it('clamps speed to 0.1x … 10x', () => {
    const { store } = setup();
    store.getState().setSpeed(50);
    expect(store.getState().speed).toBe(10);
    store.getState().setSpeed(0);
    expect(store.getState().speed).toBe(0.1);
  });
});

describe('indexing the timeline', () => {
  it('happens in idle time only: playback frames never index, idle periods do, until the end', async () => {
    const { store, load, host } = setup('?paused');
    await load();
    expect(store.getState().timeline!.indexedToMs).toBe(0);
    host.frame(16);
    expect(store.getState().timeline!.indexedToMs).toBe(0);
    expect(host.pendingIdle()).toBe(1);
    host.idleTime();
    const timeline = store.getState().timeline!;
    expect(timeline.indexedToMs).toBe(timeline.endMs);
    expect(timeline.markers.some((m) => m.kind === 'narration')).toBe(true);
    expect(host.pendingIdle()).toBe(0);
  });

  it('an action re-indexes from before it', async () => {
    const { store, load, host } = setup('?t=4s');
    await load();
    host.idleTime();
    store.getState().act({ type: 'killBroker', broker: 2 });
    expect(store.getState().timeline!.indexedToMs).toBeLessThan(4000);
    expect(host.pendingIdle()).toBe(1);
    host.idleTime();
    const markers = store.getState().timeline!.markers;
    expect(markers.filter((m) => m.kind === 'action')).toEqual([
      expect.objectContaining({ atMs: 4000, label: 'you: kill broker 2' }),
    ]);
  });
});
