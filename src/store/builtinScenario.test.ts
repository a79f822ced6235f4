import { describe, expect, it } from 'vitest';
import { createSimulationDriver, type SimulationDriver } from '../runtime';
import { createAppStore } from './appStore';
import {
  DEFAULT_EVENT_LIMIT,
  decodeExact,
  encodeExact,
  firstFrameOf,
  type FirstFrame,
} from './firstFrame';
import { parseLaunchOptions } from './launchOptions';
import type { BuiltinScenario } from './slices';
import { createFakeHost, fakeScenarioModule, lessonFixture } from './testKit';

/** A built-in scenario compiled at build time is used as is; anything else is parsed. */
const PARSED = lessonFixture({ title: 'parsed from the file' });
const PRECOMPILED = lessonFixture({ title: 'compiled at build time' });
const FILE = 'lesson';

function setup(builtin: Record<string, BuiltinScenario | 'fails'>) {
  const host = createFakeHost({
    'scenarios/default.yaml': FILE,
    'scenarios/keys.yaml': FILE,
    'https://example.test/mine.yaml': FILE,
  });
  const parserLoads: string[] = [];
  const asked: string[] = [];
  const store = createAppStore({
    host,
    scenarioModule: async () => {
      parserLoads.push('scenario layer');
      return fakeScenarioModule({ lesson: PARSED });
    },
    builtinScenario: async (name) => {
      asked.push(name);
      const found = builtin[name];
      if (found === 'fails') throw new Error('chunk failed to load');
      return found ?? null;
    },
  });
  const load = (search: string) =>
    store.getState().loadScenario({ ...parseLaunchOptions(search), pace: 'off' as const });
  return { store, load, parserLoads, asked };
}

const compiledFrom = (text: string): BuiltinScenario => ({
  matches: (served) => served === text,
  scenario: () => PRECOMPILED,
});

describe('app store: built-in scenarios compiled at build time', () => {
  it('opens the default scenario without loading the scenario layer', async () => {
    const { store, load, parserLoads, asked } = setup({ default: compiledFrom(FILE) });
    await load('');
    const s = store.getState();
    expect(s.loadStatus).toBe('ready');
    expect(s.scenario).toBe(PRECOMPILED);
    // The editor still gets the file byte for byte.
    expect(s.scenarioText).toBe(FILE);
    expect(s.scenarioSource).toEqual({ kind: 'builtin', name: 'default' });
    expect(asked).toEqual(['default']);
    expect(parserLoads).toEqual([]);
  });

  it('parses a served file that is not the one it was compiled from', async () => {
    const { store, load, parserLoads } = setup({ keys: compiledFrom('an older text') });
    await load('?scenario=keys');
    expect(store.getState().scenario).toBe(PARSED);
    expect(parserLoads).toEqual(['scenario layer']);
  });

  it('parses when there is no precompiled form or it fails to load', async () => {
    const none = setup({});
    await none.load('?scenario=keys');
    expect(none.store.getState().scenario).toBe(PARSED);
    const failing = setup({ keys: 'fails' });
    await failing.load('?scenario=keys');
    expect(failing.store.getState().loadStatus).toBe('ready');
    expect(failing.store.getState().scenario).toBe(PARSED);
  });

  it('never uses it for a file from the web', async () => {
    const { store, load, asked } = setup({ default: compiledFrom(FILE) });
    await load(`?scenarioUrl=${encodeURIComponent('https://example.test/mine.yaml')}`);
    expect(store.getState().scenario).toBe(PARSED);
    expect(asked).toEqual([]);
  });
});

describe('app store: the first picture before the engine has loaded', () => {
  // Opens paused at its first caption (4 s), with records produced before it.
  const base = lessonFixture();
  const SCENARIO = lessonFixture({
    commands: base.commands
      .map((c, i) => (i === 0 ? { ...c, atMs: 4000 } : c))
      .sort((a, b) => a.atMs - b.atMs),
  });
  /** As the page gets it: computed by the real driver, through the JSON the build writes. */
  const FIRST = decodeExact(
    JSON.parse(
      JSON.stringify(
        encodeExact(firstFrameOf(createSimulationDriver(DEFAULT_EVENT_LIMIT), SCENARIO)),
      ),
    ),
  ) as FirstFrame;
  const SHOWN = { ...SCENARIO, expectations: [] };

  function setupDeferred() {
    const host = createFakeHost({ 'scenarios/default.yaml': FILE });
    let settle: { resolve: (d: SimulationDriver) => void; reject: (e: Error) => void } | null =
      null;
    let driverAsked = 0;
    const store = createAppStore({
      host,
      scenarioModule: async () => fakeScenarioModule({ lesson: SCENARIO }),
      builtinScenario: async () => ({
        matches: (served) => served === FILE,
        scenario: async () => SCENARIO,
        firstFrame: { scenario: SHOWN, frame: FIRST },
      }),
      driver: () => {
        driverAsked++;
        return new Promise<SimulationDriver>((resolve, reject) => {
          settle = { resolve, reject };
        });
      },
    });
    const load = (search: string) =>
      store.getState().loadScenario({ ...parseLaunchOptions(search), pace: 'off' as const });
    const settled = () => {
      if (settle === null) throw new Error('the driver was not asked for');
      return settle;
    };
    return { host, store, load, settled, driverAsked: () => driverAsked };
  }
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

  it('shows the frame computed at build time, loads the engine after the picture, which takes over with an equal frame', async () => {
    expect(FIRST.atMs).toBe(4000);
    const { host, store, load, settled, driverAsked } = setupDeferred();
    const loading = load('');
    await tick();
    let s = store.getState();
    expect(s.loadStatus).toBe('loading');
    expect(s.showingFirstFrame).toBe(true);
    expect(s.scenario).toBe(SHOWN);
    expect(s.timeMs).toBe(4000);
    expect(s.snapshot?.traceHash).toBe(FIRST.state.snapshot.traceHash);
    expect(s.snapshot?.eventCount).toBeGreaterThan(0);
    expect(s.narration?.text).toBe('A producer sends keyed records.');
    // Nothing moves the world before the engine is there.
    s.seek(1000);
    s.stepOnce();
    expect(store.getState().timeMs).toBe(4000);
    // The engine is asked for once the picture has been presented (two frames).
    expect(driverAsked()).toBe(0);
    host.frame(16);
    expect(driverAsked()).toBe(0);
    host.frame(16);
    await tick();
    expect(driverAsked()).toBe(1);
    const shown = store.getState();
    settled().resolve(createSimulationDriver(DEFAULT_EVENT_LIMIT));
    await loading;
    s = store.getState();
    expect(s.loadStatus).toBe('ready');
    expect(s.showingFirstFrame).toBe(false);
    expect(s.scenario).toBe(SCENARIO);
    expect(s.playing).toBe(false);
    expect(s.timeMs).toBe(shown.timeMs);
    // Prototypes included: the engine's frame equals the one shown.
    expect(s.snapshot).toStrictEqual(shown.snapshot);
    expect(s.narration).toStrictEqual(shown.narration);
    expect(s.recentEvents).toStrictEqual(shown.recentEvents);
    expect(s.activity).toStrictEqual(shown.activity);
    expect(s.expectationResults).toStrictEqual(shown.expectationResults);
    expect(s.timeline?.markers).toStrictEqual(shown.timeline?.markers);
    // The caption has been on screen since the picture (caption pacing counts from then).
    expect(s.captionShownAtMs).toBe(shown.captionShownAtMs);
  });

  it('Play pressed over the first picture plays once the engine runs', async () => {
    const { host, store, load, settled } = setupDeferred();
    const loading = load('');
    await tick();
    store.getState().play();
    expect(store.getState().playing).toBe(true);
    host.frame(16);
    host.frame(16);
    await tick();
    settled().resolve(createSimulationDriver(DEFAULT_EVENT_LIMIT));
    await loading;
    expect(store.getState().playing).toBe(true);
    host.frame(50);
    expect(store.getState().timeMs).toBe(4050);
  });

  it('an engine that fails to load is reported, and the picture stays', async () => {
    const { host, store, load, settled } = setupDeferred();
    const loading = load('');
    await tick();
    host.frame(16);
    host.frame(16);
    await tick();
    settled().reject(new Error('Failed to fetch dynamically imported module'));
    await loading;
    const s = store.getState();
    expect(s.loadStatus).toBe('failed');
    expect(s.problems[0].title).toBe('Could not load the simulation engine');
    expect(s.problems[0].details[0]).toContain('Failed to fetch');
    expect(s.snapshot?.traceHash).toBe(FIRST.state.snapshot.traceHash);
  });

  it.each([
    ['another seed', '?seed=7'],
    ['another moment', '?t=2s'],
    ['autoplay (it opens at 0 s)', '?autoplay'],
  ])('shows no first frame for %s: the engine loads at once and runs it', async (_, search) => {
    const { store, load, settled, driverAsked } = setupDeferred();
    const loading = load(search);
    await tick();
    expect(store.getState().snapshot).toBeNull();
    expect(driverAsked()).toBe(1);
    settled().resolve(createSimulationDriver(DEFAULT_EVENT_LIMIT));
    await loading;
    const s = store.getState();
    expect(s.loadStatus).toBe('ready');
    expect(s.snapshot).not.toBeNull();
    expect(s.scenario).toBe(SCENARIO);
  });
});
