// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppStoreContext } from '../../store';
import { createFakeHost } from '../../store/testKit';
import ProcessingView from './ProcessingView';
import { lessonStore } from './processingTestKit';

afterEach(cleanup);

async function renderLesson(name: string, search: string) {
  const { store } = await lessonStore(name, search, createFakeHost);
  render(
    <AppStoreContext.Provider value={store}>
      <ProcessingView />
    </AppStoreContext.Provider>,
  );
  return store;
}

describe('the processing view', () => {
  it('shows one query at a time, chosen by buttons that say how many rows each wrote', async () => {
    // Lesson 15: three applications on one source, EMIT CHANGES cached, uncached, EMIT FINAL.
    const store = await renderLesson(
      'lesson-15-emit-and-caching',
      '?scenario=lesson-15-emit-and-caching&t=60s',
    );
    const chooser = screen.getByRole('radiogroup', { name: 'Application and query shown' });
    const choices = within(chooser).getAllByRole('radio');
    const apps = store.getState().snapshot!.streams;
    expect(choices.map((c) => c.textContent)).toEqual(
      apps.map(
        (a) =>
          `${a.id} → ${a.queries[0].sinkTopic} · ${a.queries[0].outputs.length} row${a.queries[0].outputs.length === 1 ? '' : 's'}`,
      ),
    );
    expect(choices.map((c) => c.getAttribute('aria-checked'))).toEqual(['true', 'false', 'false']);
    // Without the cache more rows than with it; EMIT FINAL fewest.
    const rows = (id: string) => apps.find((a) => a.id === id)!.queries[0].outputs.length;
    expect(rows('uncached')).toBeGreaterThan(rows('cached'));
    expect(rows('cached')).toBeGreaterThan(rows('final'));
    act(() => fireEvent.click(choices[2]));
    expect(within(chooser).getAllByRole('radio')[2].getAttribute('aria-checked')).toBe('true');
    expect(
      screen.getByText('ATTEMPTS_FINAL', { selector: '.pp-panel code, h3 code, h3 *' }),
    ).toBeTruthy();
  });

  it('says so for a scenario without a streams application', async () => {
    const { store } = await lessonStore(
      'lesson-01-the-log',
      '?scenario=lesson-01-the-log',
      createFakeHost,
    );
    render(
      <AppStoreContext.Provider value={store}>
        <ProcessingView />
      </AppStoreContext.Provider>,
    );
    expect(screen.getByText(/runs no streams application/)).toBeTruthy();
  });
});
