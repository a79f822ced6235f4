import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { createAppStore, type AppStore } from './appStore';
import {
  AUTOSAVE_KEY,
  AUTOSAVE_THROTTLE_MS,
  MAX_AUTOSAVE_CHARS,
  autosaveOf,
  createAutosaver,
  fitAutosave,
  parseAutosave,
  readAutosave,
  restoreAutosave,
  serializeAutosave,
  shouldRestore,
  startWithAutosave,
  writeAutosave,
  type Autosave,
} from './autosave';
import { parseLaunchOptions } from './launchOptions';
import type { ScenarioProblem } from '../scenario';
import { createFakeHost, fakeScenarioModule, lessonFixture, type FakeHost } from './testKit';

const LESSON = lessonFixture();
const BROKEN: ScenarioProblem[] = [
  { path: 'steps[2].produce.producer', message: 'no producer "chekout"', line: 9, column: 7 },
];
const WALL_MS = Date.UTC(2031, 2, 12, 14, 5);
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A page: a store on a host (sharing `host`'s storage when given, as a reload does). */
function page(from?: FakeHost) {
  const host = createFakeHost({
    'scenarios/default.yaml': 'lesson',
    'scenarios/other.yaml': 'other',
  });
  if (from !== undefined) for (const [k, v] of from.stored) host.stored.set(k, v);
  const store = createAppStore({
    host,
    scenarioModule: async () =>
      fakeScenarioModule({
        lesson: LESSON,
        other: lessonFixture({ title: 'Other' }),
        'lesson, edited': lessonFixture({ title: 'Edited' }),
        broken: BROKEN,
      }),
  });
  const saver = () => createAutosaver(store, host, { wallClockMs: () => WALL_MS });
  return { host, store, saver };
}

function playFor(host: FakeHost, store: AppStore, wallMs: number, frameMs = 16) {
  for (let t = 0; t < wallMs && store.getState().playing; t += frameMs) host.frame(frameMs);
}

const saved = (host: FakeHost): Autosave | null => readAutosave(host.storage);

function sample(overrides: Partial<Autosave> = {}): Autosave {
  return {
    version: 1,
    savedAt: WALL_MS,
    source: { kind: 'builtin', name: 'default' },
    scenarioText: 'lesson',
    seed: 42,
    sessionLog: [
      { atMs: 2000, command: { type: 'killBroker', broker: 2 } },
      { atMs: 3000, command: { type: 'produce', producer: 'checkout', key: 'x', count: 3 } },
    ],
    timeMs: 5000,
    view: 'log',
    editorText: '# a draft\ntitle: x\n',
    editorOpen: true,
    ...overrides,
  };
}

describe('autosave format', () => {
  it('round-trips a save exactly', () => {
    const save = sample({ scenarioText: 'a:\r\n  b: &x 1   # c\r\n\tz: *x\n' });
    expect(parseAutosave(serializeAutosave(save))).toEqual(save);
  });

  it.each<[string, string | null]>([
    ['nothing', null],
    ['empty', ''],
    ['not JSON', 'kafkascope'],
    ['a list', '[]'],
    ['null', 'null'],
    ['an old version', serializeAutosave({ ...sample(), version: 0 as 1 })],
    ['a newer version', JSON.stringify({ ...sample(), version: 2 })],
    ['an unknown field', JSON.stringify({ ...sample(), extra: true })],
    ['a missing field', JSON.stringify({ ...sample(), seed: undefined })],
    ['a negative time', JSON.stringify({ ...sample(), timeMs: -1 })],
    ['an unknown view', JSON.stringify({ ...sample(), view: 'graph' })],
    [
      'a command the engine does not have',
      JSON.stringify({ ...sample(), sessionLog: [{ atMs: 1, command: { type: 'rm -rf' } }] }),
    ],
    [
      'actions out of time order',
      JSON.stringify({ ...sample(), sessionLog: [...sample().sessionLog].reverse() }),
    ],
    ['a prototype-polluting key', '{"__proto__":{"polluted":1},"version":1}'],
    [
      'a built-in name with a path in it',
      JSON.stringify({ ...sample(), source: { kind: 'builtin', name: '../../etc/passwd' } }),
    ],
    ['text over the size limit', `"${'x'.repeat(MAX_AUTOSAVE_CHARS + 1)}"`],
  ])('ignores %s', (_what, text) => {
    expect(parseAutosave(text)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps actions naming ids every JavaScript object has (__proto__): they are names', () => {
    const saved = sample({
      sessionLog: [{ atMs: 1, command: { type: 'produce', producer: '__proto__' } }],
    });
    expect(parseAutosave(serializeAutosave(saved))?.sessionLog).toEqual(saved.sessionLog);
  });

  it('ignores a save cut short at any point (a crash mid-write)', () => {
    const text = serializeAutosave(sample());
    for (let end = 0; end < text.length; end++)
      expect(parseAutosave(text.slice(0, end))).toBeNull();
  });

  it('never throws, whatever storage holds (seed 20310312)', () => {
    const valid = serializeAutosave(sample());
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc
            .tuple(fc.nat(valid.length), fc.string({ maxLength: 8 }))
            .map(([at, junk]) => valid.slice(0, at) + junk + valid.slice(at + junk.length)),
        ),
        (text) => {
          const parsed = parseAutosave(text);
          if (parsed !== null) expect(parsed.version).toBe(1);
        },
      ),
      { seed: 20310312, numRuns: 500 },
    );
  });
});

describe('autosave size cap', () => {
  const draft = 'd'.repeat(600);

  it('keeps everything when it fits', () => {
    const fitted = fitAutosave(sample({ editorText: draft }), 2000);
    expect(fitted).toMatchObject({ draftDropped: false });
  });

  it('drops the draft when only the session fits, and says so', () => {
    const host = createFakeHost();
    const save = sample({ editorText: draft, scenarioText: 's'.repeat(600) });
    const outcome = writeAutosave(host.storage, save, 1200);
    expect(outcome.status).toBe('saved');
    expect(outcome.message).toContain('not the editor draft');
    expect(saved(host)).toEqual({ ...save, editorText: null });
  });

  it('saves nothing when even the session is too large, and removes the older save', () => {
    const host = createFakeHost();
    writeAutosave(host.storage, sample(), 2000);
    expect(saved(host)).not.toBeNull();
    const outcome = writeAutosave(host.storage, sample({ scenarioText: 's'.repeat(3000) }), 2000);
    expect(outcome.status).toBe('off');
    expect(outcome.message).toContain('too large');
    expect(host.stored.has(AUTOSAVE_KEY)).toBe(false);
  });

  it('reports storage that refuses (quota, private mode)', () => {
    const host = createFakeHost();
    host.storage.set = () => false;
    expect(writeAutosave(host.storage, sample()).status).toBe('failed');
  });

  it('the autosaver reports the status to the store', async () => {
    const { host, store } = page();
    await store.getState().loadScenario(parseLaunchOptions('?paused'));
    createAutosaver(store, host, { wallClockMs: () => WALL_MS, maxChars: 50 });
    host.frame(16);
    expect(store.getState().autosaveStatus).toBe('off');
    expect(store.getState().autosaveMessage).toContain('too large');
  });
});

describe('autosaver', () => {
  it('saves while playing at most every throttle interval, never every frame', async () => {
    const { host, store, saver } = page();
    await store.getState().loadScenario(parseLaunchOptions('?autoplay'));
    const writes = vi.spyOn(host.storage, 'set');
    saver();
    playFor(host, store, 5000);
    expect(writes.mock.calls.length).toBeGreaterThan(5);
    expect(writes.mock.calls.length).toBeLessThanOrEqual(5000 / AUTOSAVE_THROTTLE_MS + 2);
  });

  it('after a crash at any frame, at most a second of time position is lost', async () => {
    const { host, store, saver } = page();
    await store.getState().loadScenario(parseLaunchOptions('?autoplay'));
    saver();
    for (let i = 0; i < 300 && store.getState().playing; i++) {
      host.frame(16);
      expect(store.getState().timeMs - saved(host)!.timeMs).toBeLessThanOrEqual(1000);
    }
  });

  it('saves an action on the next frame, whatever the throttle', async () => {
    const { host, store, saver } = page();
    await store.getState().loadScenario(parseLaunchOptions('?t=3s'));
    saver();
    host.frame(16);
    store.getState().act({ type: 'killBroker', broker: 1 });
    host.frame(16);
    expect(saved(host)!.sessionLog).toEqual([
      { atMs: 3000, command: { type: 'killBroker', broker: 1 } },
    ]);
  });

  it('saves the last time position once playback pauses (a trailing save)', async () => {
    const { host, store, saver } = page();
    await store.getState().loadScenario(parseLaunchOptions(''));
    saver();
    playFor(host, store, 1234);
    store.getState().pause();
    for (let i = 0; i < 40; i++) host.frame(16);
    expect(saved(host)!.timeMs).toBe(store.getState().timeMs);
  });

  it('a draft survives a crash between keystrokes', async () => {
    const { host, store, saver } = page();
    await store.getState().loadScenario(parseLaunchOptions('?paused'));
    saver();
    store.getState().setEditorOpen(true);
    host.frame(16);
    for (const text of ['l', 'le', 'les', 'lesson, ed']) {
      store.getState().setEditorText(text);
      host.frame(200);
    }
    host.frame(AUTOSAVE_THROTTLE_MS);
    expect(saved(host)!.editorText).toBe('lesson, ed');
  });

  it('saves nothing in embed mode, and nothing before a scenario is loaded', async () => {
    const { host, store, saver } = page();
    saver();
    host.frame(16);
    expect(host.stored.size).toBe(0);
    await store.getState().loadScenario(parseLaunchOptions('?embed&autoplay'));
    playFor(host, store, 2000);
    expect(host.stored.size).toBe(0);
    expect(autosaveOf(store.getState(), WALL_MS)).toBeNull();
  });

  it('stops when asked', async () => {
    const { host, store, saver } = page();
    await store.getState().loadScenario(parseLaunchOptions('?paused'));
    saver().stop();
    store.getState().runTo(2000);
    host.frame(16);
    expect(host.stored.size).toBe(0);
  });
});

describe('restoring', () => {
  /** A session with an action, at a paused moment, with the view and a draft. */
  async function sessionToRestore() {
    const first = page();
    await first.store.getState().loadScenario(parseLaunchOptions('?seed=7&t=4s'));
    first.saver();
    first.store.getState().act({ type: 'killBroker', broker: 2 });
    first.store.getState().runTo(9500);
    first.store.getState().setView('log');
    first.store.getState().setEditorOpen(true);
    first.store.getState().setEditorText('broken');
    expect(await first.store.getState().applyEditor()).toBe(false);
    first.host.frame(AUTOSAVE_THROTTLE_MS);
    return first;
  }

  it('autosave, a new page, restore: the same scenario, seed, actions, time and trace', async () => {
    const first = await sessionToRestore();
    const before = first.store.getState();
    const second = page(first.host);
    const save = readAutosave(second.host.storage)!;
    expect(await restoreAutosave(second.store, save)).toBe(true);
    const after = second.store.getState();
    expect(after.scenarioText).toBe(before.scenarioText);
    expect(after.scenarioSource).toEqual({ kind: 'builtin', name: 'default' });
    expect(after.seed).toBe(7);
    expect(after.sessionLog).toEqual(before.sessionLog);
    expect(after.timeMs).toBe(9500);
    expect(after.playing).toBe(false);
    expect(after.snapshot!.traceHash).toBe(before.snapshot!.traceHash);
    expect(after.view).toBe('log');
    expect(after.restoredFrom).toEqual({ savedAt: WALL_MS, complete: true });
  });

  it('the draft survives applying a broken version and a reload, its problems shown again', async () => {
    const first = await sessionToRestore();
    const second = page(first.host);
    await restoreAutosave(second.store, readAutosave(second.host.storage)!);
    expect(second.store.getState().editorText).toBe('broken');
    expect(second.store.getState().editorOpen).toBe(true);
    second.host.frame(16);
    await settle();
    expect(second.store.getState().editorCheck).toEqual({ text: 'broken', problems: BROKEN });
  });

  it('a saved scenario that no longer loads stays in the editor over a fresh load', async () => {
    const host = createFakeHost();
    writeAutosave(host.storage, sample({ scenarioText: 'broken', editorText: null }));
    const { store } = page(host);
    await startWithAutosave(store, host, parseLaunchOptions(''), { wallClockMs: () => WALL_MS });
    const s = store.getState();
    expect(s.scenarioText).toBe('lesson');
    expect(s.editorText).toBe('broken');
    expect(s.editorOpen).toBe(true);
    expect(s.restoredFrom).toEqual({ savedAt: WALL_MS, complete: false });
  });

  it('"Start fresh" drops the restored session and draft and loads the address', async () => {
    const first = await sessionToRestore();
    const second = page(first.host);
    await startWithAutosave(second.store, second.host, parseLaunchOptions(''), {
      wallClockMs: () => WALL_MS,
    });
    expect(second.store.getState().sessionLog).toHaveLength(1);
    await second.store.getState().startFresh();
    const s = second.store.getState();
    expect(s.sessionLog).toEqual([]);
    expect(s.editorText).toBeNull();
    expect(s.editorOpen).toBe(false);
    expect(s.restoredFrom).toBeNull();
    expect(s.seed).toBe(LESSON.seed);
  });

  it('dismissing the notice keeps the session', async () => {
    const first = await sessionToRestore();
    const second = page(first.host);
    await restoreAutosave(second.store, readAutosave(second.host.storage)!);
    second.store.getState().dismissRestored();
    expect(second.store.getState().restoredFrom).toBeNull();
    expect(second.store.getState().sessionLog).toHaveLength(1);
  });

  it.each([
    ['', true],
    ['?scenario=default', true],
    ['?scenario=other', false],
    ['?embed', false],
    ['?t=soon', false],
    ['?scenario=default&t=12s', false],
    ['?seed=4', false],
    ['?paused', true],
    ['?scenario=default&autoplay', false],
  ])('page address "%s": restore %s', (search, expected) => {
    expect(shouldRestore(parseLaunchOptions(search), sample())).toBe(expected);
  });

  it('never restores over a shared link, nor a file session over a named scenario', () => {
    expect(shouldRestore(parseLaunchOptions('', '#share=1abc'), sample())).toBe(false);
    const fromFile = sample({ source: { kind: 'text', fileName: 'default' } });
    expect(shouldRestore(parseLaunchOptions('?scenario=default'), fromFile)).toBe(false);
    expect(shouldRestore(parseLaunchOptions(''), fromFile)).toBe(true);
  });

  it('starting with ?scenario=other loads it and then saves it over the old session', async () => {
    const first = await sessionToRestore();
    const second = page(first.host);
    await startWithAutosave(second.store, second.host, parseLaunchOptions('?scenario=other'), {
      wallClockMs: () => WALL_MS,
    });
    expect(second.store.getState().scenario?.title).toBe('Other');
    expect(second.store.getState().restoredFrom).toBeNull();
    second.host.frame(16);
    expect(saved(second.host)!.scenarioText).toBe('other');
  });

  it('an embedded page neither restores nor saves', async () => {
    const first = await sessionToRestore();
    const before = first.host.stored.get(AUTOSAVE_KEY);
    const second = page(first.host);
    const saver = await startWithAutosave(
      second.store,
      second.host,
      parseLaunchOptions('?embed&autoplay'),
      { wallClockMs: () => WALL_MS },
    );
    expect(saver).toBeNull();
    expect(second.store.getState().sessionLog).toEqual([]);
    playFor(second.host, second.store, 1000);
    expect(second.host.stored.get(AUTOSAVE_KEY)).toBe(before);
  });

  it('corrupted storage is ignored: the page starts normally', async () => {
    const host = createFakeHost();
    host.stored.set(AUTOSAVE_KEY, '{"version":1,"savedAt":');
    const { store } = page(host);
    await startWithAutosave(store, host, parseLaunchOptions('?paused'), {
      wallClockMs: () => WALL_MS,
    });
    expect(store.getState().loadStatus).toBe('ready');
    expect(store.getState().restoredFrom).toBeNull();
  });
});
