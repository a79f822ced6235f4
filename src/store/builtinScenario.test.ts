import { describe, expect, it } from 'vitest';
import { createAppStore } from './appStore';
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
