import { THEME_NAMES, type ThemeName } from './launchOptions';
import { SETTLE_AFTER_END_MS } from './playbackSlice';
import type { AppSlice, SessionSlice, SliceContext, UiSlice } from './slices';

export function createSessionSlice(ctx: SliceContext): AppSlice<SessionSlice> {
  const { driver } = ctx;
  return (set, get) => ({
    sessionLog: [],
    forkNotice: null,
    act(command) {
      if (!driver.hasWorld() || get().problems.some((p) => p.kind === 'simulation')) return;
      const atMs = driver.timeMs();
      let discarded: number;
      try {
        discarded = driver.apply(command).discarded;
      } catch (error) {
        get().pause();
        set({
          problems: [
            {
              kind: 'simulation',
              title: 'The simulation stopped with an error',
              details: [error instanceof Error ? error.message : String(error)],
            },
          ],
        });
        return;
      }
      set({
        ...driver.frame(),
        timeMs: driver.timeMs(),
        sessionLog: driver.session(),
        forkNotice: discarded > 0 ? { atMs, discarded } : null,
      });
      get().scheduleIndexing();
      // Past the scenario's end playback has stopped, and an action there (a new group joining)
      // would freeze half-done: the run plays on a while so the action can settle.
      const { playing, scenario, timeMs } = get();
      if (!playing && scenario !== null && timeMs >= scenario.durationMs)
        get().playTo(timeMs + SETTLE_AFTER_END_MS);
    },
  });
}

/** Where the theme the viewer chose is remembered (host storage). */
export const THEME_KEY = 'kafkascope:theme';

function rememberedTheme(ctx: Pick<SliceContext, 'host'>): ThemeName {
  const saved = ctx.host.storage.get(THEME_KEY);
  return THEME_NAMES.find((t) => t === saved) ?? 'auto';
}

export function createUiSlice(ctx: Pick<SliceContext, 'host'>): AppSlice<UiSlice> {
  return (set) => ({
    selection: null,
    select(selection) {
      set(selection === null ? { selection } : { selection, panel: 'inspect' });
    },
    panel: 'act',
    setPanel(panel) {
      set({ panel });
    },
    view: 'cluster',
    setView(view) {
      set({ view });
    },
    showInternal: false,
    setShowInternal(showInternal) {
      set({ showInternal });
    },
    mode: 'app',
    setMode(mode) {
      set({ mode });
    },
    chrome: 'full',
    captionPlacement: 'on',
    fit: false,
    theme: rememberedTheme(ctx),
    setTheme(theme) {
      set({ theme });
      ctx.host.storage.set(THEME_KEY, theme);
    },
    applyDisplay(display) {
      set({
        chrome: display.chrome,
        captionPlacement: display.caption,
        fit: display.fit,
        theme: display.theme ?? rememberedTheme(ctx),
      });
    },
    poster: false,
    setPoster(poster) {
      set({ poster });
    },
    shortcutHelpOpen: false,
    setShortcutHelpOpen(shortcutHelpOpen) {
      set({ shortcutHelpOpen });
    },
  });
}
