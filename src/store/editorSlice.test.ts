import { describe, expect, it, vi } from 'vitest';
import { loadScenario, formatProblem, type ScenarioProblem } from '../scenario';
import { createAppStore } from './appStore';
import { createAutosaver, readAutosave, restoreAutosave } from './autosave';
import { EDITOR_CHECK_DELAY_MS, draftFileName } from './editorSlice';
import { parseLaunchOptions } from './launchOptions';
import type { ScenarioModule } from './slices';
import { createFakeHost, fakeScenarioModule, lessonFixture } from './testKit';

const LESSON = lessonFixture();
const BROKEN: ScenarioProblem[] = [
  {
    path: 'steps[2].produce.producer',
    message: 'no producer "chekout" (did you mean "checkout"?)',
    line: 9,
    column: 7,
  },
];

/** Lets the awaited scenario module and the check settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(module?: ScenarioModule) {
  const host = createFakeHost({ 'scenarios/default.yaml': 'lesson' });
  const fake = fakeScenarioModule({
    lesson: LESSON,
    'lesson, retitled': lessonFixture({ title: 'Retitled' }),
    broken: BROKEN,
  });
  const scenarios = module ?? fake;
  const loads = vi.spyOn(scenarios, 'loadScenario');
  const store = createAppStore({ host, scenarioModule: async () => scenarios });
  const load = async (search = '?paused') => {
    await store.getState().loadScenario(parseLaunchOptions(search));
  };
  return { host, store, load, loads };
}

describe('editor: checking as you type', () => {
  it('checks the draft once typing pauses for the delay, on the host clock', async () => {
    const { host, store, load, loads } = setup();
    await load();
    loads.mockClear();
    store.getState().setEditorOpen(true);
    store.getState().setEditorText('brok');
    host.frame(100);
    store.getState().setEditorText('broken');
    host.frame(EDITOR_CHECK_DELAY_MS - 10);
    await settle();
    expect(store.getState().editorCheck).toBeNull();
    expect(loads).not.toHaveBeenCalled();
    host.frame(20);
    await settle();
    expect(loads).toHaveBeenCalledTimes(1);
    expect(store.getState().editorCheck).toEqual({ text: 'broken', problems: BROKEN });
    // Nothing else pending: no further checks.
    host.frame(1000);
    await settle();
    expect(loads).toHaveBeenCalledTimes(1);
  });

  it('a check that finishes after more typing does not overwrite the newer text', async () => {
    const { store, load } = setup();
    await load();
    store.getState().setEditorText('broken');
    const pending = store.getState().checkEditorText('broken');
    store.getState().setEditorText('lesson, retitled');
    expect(await pending).toEqual(BROKEN);
    expect(store.getState().editorCheck).toBeNull();
  });

  it('a draft whose scenario module fails to arrive gets a problem, not "no problems"', async () => {
    const host = createFakeHost();
    const store = createAppStore({
      host,
      scenarioModule: async () => {
        throw new Error('Failed to fetch dynamically imported module');
      },
    });
    store.getState().setEditorText('anything');
    const problems = await store.getState().checkEditorText('anything');
    expect(problems[0].message).toContain('could not be checked');
  });
});

describe('editor: apply and revert', () => {
  it('refuses a broken draft, shows its problems and leaves the run untouched', async () => {
    const { store, load } = setup();
    await load();
    store.getState().runTo(4000);
    store.getState().act({ type: 'killBroker', broker: 2 });
    const before = store.getState();
    store.getState().setEditorText('broken');
    expect(await store.getState().applyEditor()).toBe(false);
    const after = store.getState();
    expect(after.editorRefused).toBe(true);
    expect(after.editorCheck).toEqual({ text: 'broken', problems: BROKEN });
    expect(after.editorText).toBe('broken');
    expect(after.scenarioText).toBe('lesson');
    expect(after.scenario).toBe(before.scenario);
    expect(after.sessionLog).toEqual(before.sessionLog);
    expect(after.timeMs).toBe(4000);
    expect(after.snapshot?.traceHash).toBe(before.snapshot?.traceHash);
    expect(after.problems).toEqual([]);
    // The next edit clears the refusal.
    store.getState().setEditorText('broken!');
    expect(store.getState().editorRefused).toBe(false);
  });

  it('applies a draft that loads: it becomes the scenario, and the draft is done', async () => {
    const { store, load } = setup();
    await load();
    store.getState().setEditorText('lesson, retitled');
    expect(await store.getState().applyEditor()).toBe(true);
    const s = store.getState();
    expect(s.scenario?.title).toBe('Retitled');
    expect(s.scenarioText).toBe('lesson, retitled');
    expect(s.scenarioSource).toEqual({ kind: 'text', fileName: 'default.yaml' });
    expect(s.editorText).toBeNull();
    expect(s.sessionLog).toEqual([]);
  });

  it('revert drops the draft', async () => {
    const { store, load } = setup();
    await load();
    store.getState().setEditorText('broken');
    store.getState().revertEditor();
    expect(store.getState().editorText).toBeNull();
  });

  it('names drafts after their file', () => {
    expect(draftFileName({ kind: 'builtin', name: 'keys' })).toBe('keys.yaml');
    expect(draftFileName({ kind: 'text', fileName: 'orders.json' })).toBe('orders.json');
    expect(draftFileName(null)).toBe('scenario.yaml');
  });
});

/** A file as people write them: comments, anchors and a merge key, odd spacing, CRLF, a tab. */
const ODD_FILE = [
  '# Round trip: comments,   odd spacing, anchors   ',
  'title:    "Round trip"   # trailing comment',
  'seed: 7',
  'duration:   10s',
  '',
  '',
  'cluster:',
  '    brokers:    3',
  '    topics:',
  '      -   { name: orders,   partitions: 3, replicationFactor: 2 }',
  'producers:',
  '  - id: checkout',
  '    topic:    orders',
  '    acks: all',
  'consumers:',
  '  - &reader { id: sally, topic: orders, from: earliest }',
  '  - { <<: *reader, id: fred }   ',
  'steps:',
  '  - at: 1s',
  "    produce: { producer: checkout, key: alice, value: 'ünïcode ✓' }",
  '\t',
].join('\r\n');

function realScenarioModule(): ScenarioModule {
  return {
    loadScenario,
    formatProblem,
    exportSessionAsScenario: () => ({ ok: false, message: 'not used here' }),
  };
}

describe('editor: the text is kept exactly', () => {
  it('a file with comments, anchors and odd spacing is the scenario text byte for byte', async () => {
    const { store } = setup(realScenarioModule());
    await store.getState().openScenarioText(ODD_FILE, 'odd.yaml');
    expect(store.getState().scenario?.title).toBe('Round trip');
    expect(store.getState().scenarioText).toBe(ODD_FILE);
    // An edited and applied draft is kept as typed too.
    const edited = ODD_FILE.replace('"Round trip"', '"Round  trip"  ');
    store.getState().setEditorText(edited);
    expect(await store.getState().applyEditor()).toBe(true);
    expect(store.getState().scenarioText).toBe(edited);
    expect(store.getState().scenario?.title).toBe('Round  trip');
    expect(store.getState().scenarioSource).toEqual({ kind: 'text', fileName: 'odd.yaml' });
  });

  it('autosave and restore keep the file byte for byte, and the run', async () => {
    const first = setup(realScenarioModule());
    await first.store.getState().openScenarioText(ODD_FILE, 'odd.yaml');
    createAutosaver(first.store, first.host, { wallClockMs: () => 1 });
    first.store.getState().runTo(3000);
    first.host.frame(1000);
    const second = setup(realScenarioModule());
    for (const [k, v] of first.host.stored) second.host.stored.set(k, v);
    const saved = readAutosave(second.host.storage)!;
    expect(saved.scenarioText).toBe(ODD_FILE);
    expect(await restoreAutosave(second.store, saved)).toBe(true);
    expect(second.store.getState().scenarioText).toBe(ODD_FILE);
    expect(second.store.getState().timeMs).toBe(3000);
    expect(second.store.getState().snapshot!.traceHash).toBe(
      first.store.getState().snapshot!.traceHash,
    );
  });
});
