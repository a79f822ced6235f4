// @vitest-environment jsdom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppStoreContext, createAppStore, parseLaunchOptions } from '../store';
import type { CompiledExpectation } from '../scenario';
import { createFakeHost, fakeScenarioModule, lessonFixture } from '../store/testKit';
import { Announcer } from './Announcer';
import { ExpectChecklist } from './ExpectChecklist';
import { NarrationCaption } from './NarrationCaption';

afterEach(cleanup);

/** Alive brokers at 4 s (holds unless the user kills one before), and a check at 12 s. */
const EXPECTATIONS: CompiledExpectation[] = [
  {
    atMs: 4000,
    stepIndex: 9,
    source: 'brokers alive == 3',
    check: (s) => {
      const alive = s.brokers.filter((b) => b.alive).length;
      return { ok: alive === 3, description: '', expected: '3', actual: String(alive) };
    },
  },
  {
    atMs: 12_000,
    stepIndex: 10,
    source: 'brokers alive == 2',
    check: (s) => {
      const alive = s.brokers.filter((b) => b.alive).length;
      return { ok: alive === 2, description: '', expected: '2', actual: String(alive) };
    },
  },
];

/** Captions at 0 and 5 s; broker 2 killed at 8 s. */
function fixture() {
  const base = lessonFixture();
  return lessonFixture({
    commands: [
      ...base.commands,
      { atMs: 8000, stepIndex: 4, command: { type: 'killBroker', broker: 2 } },
    ],
    expectations: EXPECTATIONS,
  });
}

async function renderParts(search: string) {
  const host = createFakeHost({ 'scenarios/default.yaml': 'lesson' });
  const store = createAppStore({
    host,
    scenarioModule: async () => fakeScenarioModule({ lesson: fixture() }),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <NarrationCaption />
      <Announcer />
      <ExpectChecklist />
    </AppStoreContext.Provider>,
  );
  await act(() => store.getState().loadScenario(parseLaunchOptions(search)));
  return { host, store };
}

const banner = () => document.querySelector('.announcer')!.textContent;
const states = () =>
  [...document.querySelectorAll('[data-check-state]')].map((li) =>
    li.getAttribute('data-check-state'),
  );

describe('the announcer', () => {
  it('says what just happened, not what happened long before the moment; empties going back', async () => {
    const { store } = await renderParts('?t=9s');
    // The words for events load once the run is ready (their own chunk).
    await waitFor(() => expect(banner()).toContain('Broker 2 stopped responding'));
    act(() => store.getState().seek(0));
    expect(banner()).toBe('');
    act(() => store.getState().seek(25_000));
    expect(banner()).not.toContain('Broker 2 stopped responding');
  });

  it('empties once its news is stale', async () => {
    const { store } = await renderParts('?t=9s');
    await waitFor(() => expect(banner()).not.toBe(''));
    act(() => store.getState().runTo(9000 + 30_000));
    expect(banner()).toBe('');
    expect(document.querySelector('.announcer')!.hasAttribute('data-announced-at-ms')).toBe(false);
  });
});

describe('narration and checks after the user acted', () => {
  it('checks are pending, then hold; after an action later ones fail and later captions are from the original run', async () => {
    const { store } = await renderParts('?t=3s');
    expect(states()).toEqual(['pending', 'pending']);
    const caption = document.querySelector('.narration')!;
    expect(caption.getAttribute('data-caption-index')).toBe('0');
    expect(caption.getAttribute('data-original-run')).toBe('false');
    act(() => store.getState().runTo(5000));
    expect(states()).toEqual(['held', 'pending']);
    expect(screen.getByText('1/2 checks hold')).toBeTruthy();

    // Kill broker 3 at 5 s (after the caption at 5 s): the check at 12 s expects 2 alive.
    act(() => store.getState().act({ type: 'killBroker', broker: 3 }));
    act(() => store.getState().runTo(13_000));
    expect(states()).toEqual(['held', 'failed']);
    expect(document.querySelector('.check-failed')!.textContent).toContain(
      'expected 2, the run has 1',
    );
    expect(screen.getByText('1/2 checks hold, 1 no longer hold')).toBeTruthy();
    // The caption at 5 s was shown before the action (same moment): not marked.
    expect(caption.getAttribute('data-original-run')).toBe('false');
    act(() => store.getState().seek(4000));
    act(() => store.getState().act({ type: 'killBroker', broker: 3 }));
    act(() => store.getState().runTo(6000));
    expect(caption.getAttribute('data-original-run')).toBe('true');
    expect(caption.textContent).toContain('from the original run');
  });
});

describe('a scenario with nothing to say', () => {
  async function renderCaption(overrides: Parameters<typeof lessonFixture>[0]) {
    const base = lessonFixture();
    const scenario = lessonFixture({
      commands: base.commands.filter((c) => c.command.type !== 'narrate'),
      captions: [],
      expectations: [],
      ...overrides,
    });
    const store = createAppStore({
      host: createFakeHost({ 'scenarios/default.yaml': 'quiet' }),
      scenarioModule: async () => fakeScenarioModule({ quiet: scenario }),
    });
    render(
      <AppStoreContext.Provider value={store}>
        <NarrationCaption />
      </AppStoreContext.Provider>,
    );
    await act(() => store.getState().loadScenario(parseLaunchOptions('?t=5s')));
    return store;
  }

  it('has no caption band: no captions, description or checks', async () => {
    const store = await renderCaption({});
    expect(store.getState().scenario?.captions).toEqual([]);
    expect(document.querySelector('.narration')).toBeNull();
  });

  it('keeps the band for a description, or for checks', async () => {
    await renderCaption({ description: 'Three brokers and a topic.' });
    expect(document.querySelector('.narration')?.textContent).toContain('Three brokers');
    cleanup();
    await renderCaption({ expectations: EXPECTATIONS });
    expect(document.querySelector('.narration')).not.toBeNull();
  });
});
