// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCommand, createWorld, runUntil, snapshot, type WorldSetup } from '../engine';
import type { CompiledScenario } from '../scenario';
import { AppStoreContext, createAppStore } from '../store';
import { createFakeHost, fakeScenarioModule } from '../store/testKit';
import { QuorumNotice } from './QuorumNotice';

afterEach(cleanup);

const setup: WorldSetup = {
  seed: 1,
  brokers: [1, 2, 3],
  controllers: { mode: 'isolated', voters: [3000, 3001, 3002] },
  topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
};

/** Snapshots of one world: electing (no active controller), then with one elected. */
function moments() {
  const world = createWorld(setup);
  const calm = snapshot(world);
  applyCommand(world, { type: 'killController', controller: 3000 });
  const electing = snapshot(world);
  runUntil(world, 5000);
  return { calm, electing, elected: snapshot(world) };
}

function renderNotice() {
  const store = createAppStore({
    host: createFakeHost({}),
    scenarioModule: async () => fakeScenarioModule({}),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <QuorumNotice />
    </AppStoreContext.Provider>,
  );
  return store;
}

// Only identity matters to the notice: which run its line is held for.
const scenarioA = {} as CompiledScenario;
const scenarioB = {} as CompiledScenario;

describe('the quorum notice', () => {
  it('keeps its line, empty and hidden from readers, for the rest of a run once shown', () => {
    const { calm, electing, elected } = moments();
    const store = renderNotice();
    act(() => store.setState({ scenario: scenarioA, seed: 1, snapshot: calm }));
    // Never shown in this run: no line at all (the stage keeps the height it had).
    expect(document.querySelector('.quorum-notice, .quorum-notice-held')).toBeNull();

    act(() => store.setState({ snapshot: electing }));
    expect(document.querySelector('.quorum-notice')?.getAttribute('role')).toBe('status');
    expect(document.querySelector('.quorum-notice')?.textContent).toContain(
      'Electing an active controller',
    );
    // One text for every screen: not in the span an embed or a phone hides (app.css `.long`).
    expect(document.querySelector('.quorum-notice .only')?.textContent).toContain(
      'Electing an active controller',
    );
    expect(document.querySelector('.quorum-notice .long')).toBeNull();

    // Seeking on past the election: the notice goes, its line stays.
    act(() => store.setState({ snapshot: elected }));
    expect(document.querySelector('.quorum-notice')).toBeNull();
    const held = document.querySelector('.quorum-notice-held');
    expect(held?.getAttribute('aria-hidden')).toBe('true');
    expect(held?.textContent?.trim()).toBe('');

    // Back before it, and back to it: the same line, the notice in it again.
    act(() => store.setState({ snapshot: calm }));
    expect(document.querySelector('.quorum-notice-held')).not.toBeNull();
    act(() => store.setState({ snapshot: electing }));
    expect(document.querySelector('.quorum-notice-held')).toBeNull();
    expect(document.querySelector('.quorum-notice')).not.toBeNull();
  });

  it('holds its line from the start in a run the timeline says loses its controller', () => {
    const { calm, electing } = moments();
    const store = renderNotice();
    const timeline = { markers: [], indexedToMs: 0, endMs: 60_000, losesController: false };
    act(() => store.setState({ scenario: scenarioA, seed: 1, snapshot: calm, timeline }));
    expect(document.querySelector('.quorum-notice, .quorum-notice-held')).toBeNull();
    // The index finds an election ahead: the line is there before the notice ever shows.
    act(() => store.setState({ timeline: { ...timeline, losesController: true } }));
    expect(document.querySelector('.quorum-notice-held')?.getAttribute('aria-hidden')).toBe('true');
    act(() => store.setState({ snapshot: electing }));
    expect(document.querySelector('.quorum-notice')?.textContent).toContain(
      'Electing an active controller',
    );
  });

  it('lets the line go with another run (scenario or seed)', () => {
    const { electing, elected } = moments();
    const store = renderNotice();
    act(() => store.setState({ scenario: scenarioA, seed: 1, snapshot: electing }));
    act(() => store.setState({ snapshot: elected }));
    expect(document.querySelector('.quorum-notice-held')).not.toBeNull();
    act(() => store.setState({ seed: 2 }));
    expect(document.querySelector('.quorum-notice-held')).toBeNull();
    act(() => store.setState({ seed: 1, scenario: scenarioB }));
    expect(document.querySelector('.quorum-notice-held')).toBeNull();
  });
});
