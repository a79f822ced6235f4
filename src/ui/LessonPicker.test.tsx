// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { CHALLENGES, COURSE } from '../scenario';
import { createSimulationDriver } from '../runtime';
import { AppStoreContext, createAppStore, scenarioUrl, type AppStore } from '../store';
import { createFakeHost, fakeScenarioModule, lessonFixture } from '../store/testKit';
import { LessonPicker } from './LessonPicker';

afterEach(cleanup);

/** Every lesson (and one other scenario) served as the same compiled fixture. */
function renderPicker(): AppStore {
  const files: Record<string, string> = { [scenarioUrl('broker-failover')]: 'lesson' };
  for (const lesson of COURSE) files[scenarioUrl(lesson.id)] = 'lesson';
  const store = createAppStore({
    host: createFakeHost(files),
    scenarioModule: async () => fakeScenarioModule({ lesson: lessonFixture() }),
    driver: createSimulationDriver(),
  });
  render(
    <AppStoreContext.Provider value={store}>
      <button type="button">elsewhere</button>
      <LessonPicker />
    </AppStoreContext.Provider>,
  );
  return store;
}

const openList = () => {
  fireEvent.click(screen.getByRole('button', { name: /^Lessons/ }));
  return screen.getByRole('dialog', { name: 'Lessons' });
};

describe('LessonPicker', () => {
  it('lists the course with numbers, titles and summaries, and opens the chosen lesson', async () => {
    const store = renderPicker();
    const trigger = screen.getByRole('button', { name: /^Lessons/ });
    expect(trigger.getAttribute('aria-expanded')).toBe('false');
    const dialog = openList();
    expect(trigger.getAttribute('aria-expanded')).toBe('true');
    expect(trigger.getAttribute('aria-controls')).toBe(dialog.id);
    // The challenges' list loads with the menu.
    await waitFor(() => expect(within(dialog).getAllByRole('list')).toHaveLength(2));
    const [lessonList, challengeList] = within(dialog).getAllByRole('list');
    const choices = within(lessonList).getAllByRole('button');
    expect(choices).toHaveLength(COURSE.length);
    // Then the challenges, each with its goal.
    const challenges = within(challengeList).getAllByRole('button');
    expect(challenges).toHaveLength(CHALLENGES.length);
    expect(challenges[0].textContent).toBe('an idle consumer');
    expect(
      document.getElementById(challenges[0].getAttribute('aria-describedby')!)!.textContent,
    ).toBe(CHALLENGES[0].goal);
    expect(choices[3].textContent).toBe('4. Producing with a key');
    // The talk's three parts, then how logs age, head their first lessons.
    expect(
      within(dialog)
        .getAllByRole('heading', { level: 3 })
        .map((h) => h.textContent),
    ).toEqual([
      'Storage: the log',
      'Pub/sub: producers, consumers, replication',
      'Processing: ksqlDB and Kafka Streams',
      'Logs over time: retention and compaction',
      'Challenges',
    ]);
    expect(choices[3].getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(choices[3].getAttribute('aria-describedby')!)!.textContent).toBe(
      COURSE[3].summary,
    );
    expect(document.activeElement).toBe(choices[0]); // nothing playing is a lesson yet
    await act(async () => fireEvent.click(choices[3]));
    expect(store.getState().scenarioSource).toEqual({ kind: 'builtin', name: 'lesson-04-keys' });
    expect(store.getState().loadStatus).toBe('ready');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Lessons/ }));
  });

  it('marks the lesson playing and moves between lessons', async () => {
    const store = renderPicker();
    await act(() => store.getState().openBuiltin('lesson-04-keys'));
    expect(screen.getByRole('button', { name: /^Lessons/ }).textContent).toContain('4 of 17');
    const dialog = openList();
    const current = within(dialog).getByRole('button', { current: 'step' });
    expect(current.textContent).toContain('Producing with a key');
    expect(document.activeElement).toBe(current); // focus starts on the lesson playing
    const lessonList = within(dialog).getAllByRole('list')[0];
    expect(within(lessonList).getAllByRole('button', { current: false })).toHaveLength(
      COURSE.length - 1,
    );
    fireEvent.keyDown(current, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toContain('Consumer positions');
    fireEvent.keyDown(document.activeElement!, { key: 'End' });
    expect(document.activeElement?.textContent).toContain(COURSE[COURSE.length - 1].title);

    // Escape closes and gives focus back to the button.
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /^Lessons/ }));

    const next = screen.getByRole('button', { name: /^Next lesson/ });
    expect(next.getAttribute('title')).toBe('5. Consumer positions');
    await act(async () => fireEvent.click(next));
    expect(store.getState().scenarioSource).toEqual({
      kind: 'builtin',
      name: 'lesson-05-positions',
    });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /^Previous/ })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /^Previous/ })));
    expect(store.getState().scenarioSource).toEqual({ kind: 'builtin', name: 'lesson-03-no-key' });
  });

  it('offers no lesson before the first; no previous/next outside the course', async () => {
    const store = renderPicker();
    expect(screen.queryByRole('button', { name: /^Next lesson/ })).toBeNull();
    await act(() => store.getState().openBuiltin('lesson-01-the-log'));
    const previous = screen.getByRole('button', { name: /^Previous lesson/ });
    expect(previous.getAttribute('aria-disabled')).toBe('true');
    await act(async () => fireEvent.click(previous));
    expect(store.getState().scenarioSource).toEqual({
      kind: 'builtin',
      name: 'lesson-01-the-log',
    });
    await act(() => store.getState().openBuiltin('broker-failover'));
    expect(screen.queryByRole('button', { name: /^Previous lesson/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Next lesson/ })).toBeNull();
    expect(within(openList()).queryByRole('button', { current: 'step' })).toBeNull();
  });

  it('closes on a click outside or when focus moves elsewhere', () => {
    renderPicker();
    openList();
    fireEvent.pointerDown(screen.getByRole('button', { name: 'elsewhere' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    const dialog = openList();
    fireEvent.blur(within(dialog).getAllByRole('button')[0], {
      relatedTarget: screen.getByRole('button', { name: 'elsewhere' }),
    });
    expect(screen.queryByRole('dialog')).toBeNull();
    // The button toggles it too.
    openList();
    fireEvent.click(screen.getByRole('button', { name: /^Lessons/ }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
