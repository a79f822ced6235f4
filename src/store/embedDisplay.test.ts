import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAppStore } from './appStore';
import { parseLaunchOptions } from './launchOptions';
import { THEME_KEY } from './sessionSlice';
import { createFakeHost, fakeScenarioModule, lessonFixture } from './testKit';

const LESSON = lessonFixture({
  captions: [
    { atMs: 0, text: 'A producer sends keyed records.', readingMs: 3000, focus: [] },
    {
      atMs: 5000,
      text: 'The same key always lands in the same partition.',
      readingMs: 3000,
      focus: [],
    },
  ],
});

function setup(stored: Record<string, string> = {}) {
  const host = createFakeHost({ 'scenarios/default.yaml': 'lesson' });
  for (const [key, value] of Object.entries(stored)) host.stored.set(key, value);
  const store = createAppStore({
    host,
    scenarioModule: async () => fakeScenarioModule({ lesson: LESSON }),
  });
  const launch = async (search: string) => {
    const options = parseLaunchOptions(search);
    if (options.display !== undefined) store.getState().applyDisplay(options.display);
    await store.getState().loadScenario(options);
  };
  return { host, store, launch };
}

afterEach(() => vi.restoreAllMocks());

describe('theme', () => {
  it('is auto at first; the viewer’s choice is remembered in host storage', () => {
    const { store, host } = setup();
    expect(store.getState().theme).toBe('auto');
    store.getState().setTheme('dark');
    expect(store.getState().theme).toBe('dark');
    expect(host.stored.get(THEME_KEY)).toBe('dark');
    expect(setup({ [THEME_KEY]: 'dark' }).store.getState().theme).toBe('dark');
    expect(setup({ [THEME_KEY]: 'purple' }).store.getState().theme).toBe('auto');
  });

  it('&theme= wins for the page without overwriting the remembered choice', async () => {
    const { store, host, launch } = setup({ [THEME_KEY]: 'dark' });
    await launch('?theme=light');
    expect(store.getState().theme).toBe('light');
    expect(host.stored.get(THEME_KEY)).toBe('dark');
    const plain = setup({ [THEME_KEY]: 'dark' });
    await plain.launch('');
    expect(plain.store.getState().theme).toBe('dark');
  });
});

describe('display options', () => {
  it('chrome, caption placement and fit come from the address', async () => {
    const { store, launch } = setup();
    await launch('?embed&chrome=none&caption=below&fit');
    expect(store.getState()).toMatchObject({
      mode: 'embed',
      chrome: 'none',
      captionPlacement: 'below',
      fit: true,
    });
  });

  it('&panel=logs opens the log view', async () => {
    const { store, launch } = setup();
    await launch('?embed&panel=logs');
    expect(store.getState().view).toBe('log');
  });
});

describe('&start=caption:N', () => {
  it('opens at the N-th caption, paused, with that caption showing', async () => {
    const { store, launch } = setup();
    await launch('?embed&start=caption:2');
    const s = store.getState();
    expect(s.timeMs).toBe(5000);
    expect(s.playing).toBe(false);
    expect(s.narration?.text).toBe('The same key always lands in the same partition.');
  });

  it('plays from there with &autoplay', async () => {
    const { store, launch } = setup();
    await launch('?embed&start=caption:2&autoplay');
    expect(store.getState()).toMatchObject({ timeMs: 5000, playing: true });
  });

  it('past the last caption: the last, with a console warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { store, launch } = setup();
    await launch('?start=caption:9');
    expect(store.getState()).toMatchObject({ timeMs: 5000, playing: false });
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/caption:9: this scenario has 2 captions/),
    );
  });
});
