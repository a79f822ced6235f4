import { useEffect } from 'react';
import { useAppStoreApi } from '../store';
import type { AppState } from '../store';

/**
 * The address says what is open, so a reload (or a bookmark) comes back to it: a built-in
 * scenario or lesson as `?scenario=`, the log view as `?view=log`. A `#share=` link, once
 * opened, leaves the address: from then on the session is the viewer's own (autosaved, and
 * "Copy link" makes a new link). Embedded pages leave their address alone.
 */
export function addressFor(current: string, s: Pick<AppState, 'scenarioSource' | 'view'>): string {
  const url = new URL(current);
  if (s.scenarioSource?.kind === 'builtin') {
    if (s.scenarioSource.name === 'default') url.searchParams.delete('scenario');
    else url.searchParams.set('scenario', s.scenarioSource.name);
  } else if (s.scenarioSource?.kind === 'text') url.searchParams.delete('scenario');
  if (s.view !== 'cluster') url.searchParams.set('view', s.view);
  else url.searchParams.delete('view');
  url.searchParams.delete('panel'); // `?view=` says it now
  // A moment and a seed in the address belong to the page load that asked for them.
  for (const name of ['t', 'start', 'seed', 'paused']) url.searchParams.delete(name);
  if (url.hash.startsWith('#share=')) url.hash = '';
  return url.toString().replace(/\?$/, '').replace(/\?#/, '#');
}

export function useUrlReflection(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const reflect = (s: AppState, previous: AppState): void => {
      if (s.mode === 'embed' || s.loadStatus !== 'ready') return;
      if (s.scenarioSource === previous.scenarioSource && s.view === previous.view) return;
      const next = addressFor(window.location.href, s);
      if (next !== window.location.href)
        window.history.replaceState(window.history.state, '', next);
    };
    return store.subscribe(reflect);
  }, [store]);
}
