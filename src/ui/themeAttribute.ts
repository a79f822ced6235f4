import type { AppStore } from '../store';

/**
 * The theme lives on the document's root as `data-theme="light|dark|auto"`: the stylesheets
 * read it (auto follows `prefers-color-scheme`). Set outside React, before the first paint,
 * so a dark page never flashes light.
 */
export function followTheme(store: AppStore, root: HTMLElement): () => void {
  const apply = (theme: string): void => {
    if (root.dataset.theme !== theme) root.dataset.theme = theme;
  };
  apply(store.getState().theme);
  return store.subscribe((s) => apply(s.theme));
}
