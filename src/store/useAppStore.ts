import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AppStore } from './appStore';
import type { AppState } from './slices';

export const AppStoreContext = createContext<AppStore | null>(null);

/** The store given to the app by `AppStoreContext.Provider`. */
export function useAppStoreApi(): AppStore {
  const store = useContext(AppStoreContext);
  if (store === null) throw new Error('useAppStore needs an AppStoreContext.Provider above it');
  return store;
}

/** Reads a slice of the app state; re-renders only when the selected value changes. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useAppStoreApi(), selector);
}
