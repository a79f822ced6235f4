import { useEffect } from 'react';
import { useAppStoreApi, type AppState, type MarkerKind } from '../store';
import { GLOBAL_SHORTCUTS, actionIn, findShortcut, type ShortcutAction } from './shortcuts';
import { adjacentMarker } from './timelineLayout';

const TEXT_ENTRY = 'input, textarea, select, [contenteditable]:not([contenteditable="false"])';
const PRESSABLE =
  'button, a[href], summary, [role="button"], [role="link"], [role="tab"], [role="menuitem"], [role="option"], [role="checkbox"], [role="switch"]';

/**
 * Whether the focused element needs this key itself: a text field needs every key, a button or
 * link Space and Enter (to press it). Other elements that handle a key (the timeline slider,
 * the tab list, broker cards) call `preventDefault`, and the hook leaves such keys alone.
 */
function ownsKey(target: EventTarget | null, key: string): boolean {
  if (!(target instanceof Element)) return false;
  if (target.closest(TEXT_ENTRY) !== null) return true;
  return (key === ' ' || key === 'Enter') && target.closest(PRESSABLE) !== null;
}

/** Where the timeline ends for seeking: the scenario's end, or now when playing on past it. */
export function timelineEndMs(state: AppState): number {
  return Math.max(state.timeline?.endMs ?? state.scenario?.durationMs ?? 0, state.timeMs);
}

/**
 * The previous or next marker's moment. Captions are known before the timeline has indexed
 * that far (they are the scenario's `say` steps, `scenario.captions`), so "Next marker" and a
 * presenter's clicker work right after the page opens: beyond the indexed part, the captions
 * stand in for the markers not found yet.
 */
export function markerTargetMs(
  state: AppState,
  direction: 1 | -1,
  kind?: MarkerKind,
): number | null {
  const timeline = state.timeline;
  const captions = (state.scenario?.captions ?? []).map((c) => c.atMs);
  const beyond = (atMs: number): boolean =>
    direction === 1 ? atMs > state.timeMs : atMs < state.timeMs;
  if (kind === 'narration') {
    const found = captions.filter(beyond);
    if (found.length === 0) return null;
    return direction === 1 ? Math.min(...found) : Math.max(...found);
  }
  if (timeline === null) return null;
  const found = adjacentMarker(timeline.markers, state.timeMs, direction, kind)?.atMs ?? null;
  if (kind !== undefined || timeline.indexedToMs >= timeline.endMs) return found;
  const ahead = captions.filter((atMs) => atMs >= timeline.indexedToMs && beyond(atMs));
  const candidates = found === null ? ahead : [found, ...ahead];
  if (candidates.length === 0) return null;
  return direction === 1 ? Math.min(...candidates) : Math.max(...candidates);
}

/**
 * Carries out a shortcut's action on the store. False when it does not apply now (nothing to
 * close, presenter mode in an embed), so the key keeps its usual meaning.
 */
export function runShortcutAction(state: AppState, action: ShortcutAction): boolean {
  switch (action.type) {
    case 'togglePlay':
      state.togglePlay();
      return true;
    case 'stepForward':
      state.stepOnce();
      return true;
    case 'stepBack':
      state.stepBack();
      return true;
    case 'seekBy': {
      const endMs = timelineEndMs(state);
      state.seek(Math.min(endMs, Math.max(0, state.timeMs + action.deltaMs)));
      return true;
    }
    case 'seekTo':
      state.seek(action.to === 'start' ? 0 : timelineEndMs(state));
      return true;
    case 'marker': {
      // A presenter's clicker walks the captions: "next" plays the motion up to the next one.
      if (action.kind === 'narration') {
        if (action.direction === 1) state.nextCaption();
        else state.previousCaption();
        return true;
      }
      const targetMs = markerTargetMs(state, action.direction, action.kind);
      if (targetMs !== null) state.seek(targetMs);
      return true; // a clicker's key never scrolls the page, even past the last marker
    }
    case 'toggleHelp':
      state.setShortcutHelpOpen(!state.shortcutHelpOpen);
      return true;
    case 'closeHelp':
      if (!state.shortcutHelpOpen) return false;
      state.setShortcutHelpOpen(false);
      return true;
    case 'togglePresenter':
      if (state.mode === 'embed') return false;
      state.setMode(state.mode === 'presenter' ? 'app' : 'presenter');
      return true;
  }
}

/** While the help is open only its own keys work: it is a modal dialog. */
const HELP_KEYS: readonly ShortcutAction['type'][] = ['toggleHelp', 'closeHelp'];
/** Toggles ignore auto-repeat: holding ? must not flicker the help. */
const TOGGLES: readonly ShortcutAction['type'][] = ['toggleHelp', 'togglePresenter', 'togglePlay'];

/** The keys of `GLOBAL_SHORTCUTS` (see `shortcuts.ts`), on the whole window. */
export function useKeyboardShortcuts(): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || ownsKey(e.target, e.key)) return;
      const shortcut = findShortcut(GLOBAL_SHORTCUTS, e);
      if (shortcut === undefined) return;
      const state = store.getState();
      const action = actionIn(shortcut, state.mode);
      if (state.shortcutHelpOpen && !HELP_KEYS.includes(action.type)) return;
      if (e.repeat && TOGGLES.includes(action.type)) {
        e.preventDefault();
        return;
      }
      if (action === shortcut.action && shortcut.whenPaused === true && state.playing) return;
      if (runShortcutAction(state, action)) e.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
