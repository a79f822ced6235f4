import type { AppMode, MarkerKind } from '../store';

/**
 * Every keyboard shortcut, as data: the keyboard hook and the focused timeline act on these,
 * and the help overlay lists them, so what the help says is what the keys do.
 */

/** What a key does, carried out by `runShortcutAction`. */
export type ShortcutAction =
  | { readonly type: 'togglePlay' }
  | { readonly type: 'stepForward' }
  | { readonly type: 'stepBack' }
  | { readonly type: 'seekBy'; readonly deltaMs: number }
  | { readonly type: 'seekTo'; readonly to: 'start' | 'end' }
  /**
   * To the previous or next marker (of one kind). Captions (presenter mode) are walked with
   * motion: "next" plays up to the next caption, "previous" goes back to the previous one.
   */
  | { readonly type: 'marker'; readonly direction: 1 | -1; readonly kind?: MarkerKind }
  | { readonly type: 'toggleHelp' }
  | { readonly type: 'closeHelp' }
  | { readonly type: 'togglePresenter' };

/** A line of the help overlay. */
export interface HelpEntry {
  /** The keys as people read them: each inner list is one chord ("Shift", "←"). */
  readonly display: readonly (readonly string[])[];
  readonly description: string;
  /** What the keys do in presenter mode, when that differs. */
  readonly presenter?: { readonly description: string };
}

export interface Shortcut extends HelpEntry {
  /** `KeyboardEvent.key` values that trigger it. */
  readonly keys: readonly string[];
  /**
   * true: only with Shift; false: only without; 'any': either (for "?", which most layouts
   * type with Shift).
   */
  readonly shift: boolean | 'any';
  /** In `aria-keyshortcuts` syntax, for the button that does the same thing. */
  readonly aria: string;
  readonly action: ShortcutAction;
  /** Only while paused (→ must not interrupt playback). */
  readonly whenPaused?: boolean;
  /**
   * What the keys do in presenter mode instead: a presentation clicker sends PageDown and
   * PageUp (or the arrows), and a presenter wants the next caption from them.
   */
  readonly presenter?: { readonly description: string; readonly action: ShortcutAction };
}

/** Where a group of shortcuts works. Broker cards and logs handle theirs in the cluster view. */
export type ShortcutScope = 'global' | 'timeline' | 'broker' | 'log';

export interface ShortcutGroup {
  readonly scope: ShortcutScope;
  readonly title: string;
  readonly entries: readonly HelpEntry[];
}

const SECOND_MS = 1000;
const PAGE_MS = 10 * SECOND_MS;

const NEXT_CAPTION = {
  description: 'Play on to the next caption, and stop there',
  action: { type: 'marker', direction: 1, kind: 'narration' },
} as const;
const PREVIOUS_CAPTION = {
  description: 'Previous caption',
  action: { type: 'marker', direction: -1, kind: 'narration' },
} as const;

const seekBySecond = (direction: 1 | -1): Shortcut => ({
  keys: [direction === 1 ? 'ArrowRight' : 'ArrowLeft'],
  shift: true,
  display: [['Shift', direction === 1 ? '→' : '←']],
  aria: direction === 1 ? 'Shift+ArrowRight' : 'Shift+ArrowLeft',
  description: direction === 1 ? 'Forward 1 second' : 'Back 1 second',
  action: { type: 'seekBy', deltaMs: direction * SECOND_MS },
});

const HOME: Shortcut = {
  keys: ['Home'],
  shift: false,
  display: [['Home']],
  aria: 'Home',
  description: 'Go to the start',
  action: { type: 'seekTo', to: 'start' },
};
const END: Shortcut = {
  keys: ['End'],
  shift: false,
  display: [['End']],
  aria: 'End',
  description: 'Go to the end',
  action: { type: 'seekTo', to: 'end' },
};

export const GLOBAL_SHORTCUTS: readonly Shortcut[] = [
  {
    keys: [' '],
    shift: false,
    display: [['Space']],
    aria: 'Space',
    description: 'Play or pause',
    action: { type: 'togglePlay' },
  },
  {
    keys: ['ArrowRight'],
    shift: false,
    display: [['→']],
    aria: 'ArrowRight',
    description: 'Step forward one event (while paused)',
    action: { type: 'stepForward' },
    whenPaused: true,
    presenter: NEXT_CAPTION,
  },
  {
    keys: ['ArrowLeft'],
    shift: false,
    display: [['←']],
    aria: 'ArrowLeft',
    description: 'Step back one event',
    action: { type: 'stepBack' },
    presenter: PREVIOUS_CAPTION,
  },
  seekBySecond(1),
  seekBySecond(-1),
  {
    keys: ['PageDown'],
    shift: false,
    display: [['Page Down']],
    aria: 'PageDown',
    description: 'Next marker on the timeline',
    action: { type: 'marker', direction: 1 },
    presenter: NEXT_CAPTION,
  },
  {
    keys: ['PageUp'],
    shift: false,
    display: [['Page Up']],
    aria: 'PageUp',
    description: 'Previous marker on the timeline',
    action: { type: 'marker', direction: -1 },
    presenter: PREVIOUS_CAPTION,
  },
  HOME,
  END,
  {
    keys: ['?'],
    shift: 'any',
    display: [['?']],
    aria: '?',
    description: 'Show or hide these shortcuts',
    action: { type: 'toggleHelp' },
  },
  {
    keys: ['p', 'P'],
    shift: 'any',
    display: [['P']],
    aria: 'P',
    description: 'Presenter mode on or off (large type for a projector)',
    action: { type: 'togglePresenter' },
  },
  {
    keys: ['Escape'],
    shift: 'any',
    display: [['Esc']],
    aria: 'Escape',
    description: 'Close this help',
    action: { type: 'closeHelp' },
  },
];

/** On the focused timeline slider (ARIA slider keys, with time steps that fit a run). */
export const TIMELINE_SHORTCUTS: readonly Shortcut[] = [
  {
    keys: ['ArrowRight'],
    shift: false,
    display: [['→']],
    aria: 'ArrowRight',
    description: 'Step forward one event',
    action: { type: 'stepForward' },
    presenter: NEXT_CAPTION,
  },
  {
    keys: ['ArrowLeft'],
    shift: false,
    display: [['←']],
    aria: 'ArrowLeft',
    description: 'Step back one event',
    action: { type: 'stepBack' },
    presenter: PREVIOUS_CAPTION,
  },
  seekBySecond(1),
  seekBySecond(-1),
  {
    keys: ['PageDown'],
    shift: false,
    display: [['Page Down']],
    aria: 'PageDown',
    description: 'Forward 10 seconds',
    action: { type: 'seekBy', deltaMs: PAGE_MS },
    presenter: NEXT_CAPTION,
  },
  {
    keys: ['PageUp'],
    shift: false,
    display: [['Page Up']],
    aria: 'PageUp',
    description: 'Back 10 seconds',
    action: { type: 'seekBy', deltaMs: -PAGE_MS },
    presenter: PREVIOUS_CAPTION,
  },
  HOME,
  END,
];

/** Documented here; the cluster view handles these on the focused element. */
const BROKER_HELP: readonly HelpEntry[] = [
  { display: [['K']], description: 'Kill the broker (it crashes)' },
  { display: [['S']], description: 'Shut the broker down cleanly' },
  { display: [['R']], description: 'Restart the broker' },
  { display: [['Enter'], ['Space']], description: 'Press the focused button' },
];

const LOG_HELP: readonly HelpEntry[] = [
  { display: [['←'], ['→']], description: 'Previous or next record' },
  { display: [['Enter'], ['Space']], description: 'Inspect the record' },
];

/** Everything, for the help overlay. */
export const SHORTCUT_GROUPS: readonly ShortcutGroup[] = [
  { scope: 'global', title: 'Anywhere', entries: GLOBAL_SHORTCUTS },
  { scope: 'timeline', title: 'On the focused timeline', entries: TIMELINE_SHORTCUTS },
  { scope: 'broker', title: 'On a focused broker card', entries: BROKER_HELP },
  { scope: 'log', title: 'On a focused record in a partition log', entries: LOG_HELP },
];

/** The shortcut a key press triggers in `shortcuts`, if any (modifiers other than Shift never do). */
export function findShortcut(
  shortcuts: readonly Shortcut[],
  event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'altKey' | 'ctrlKey' | 'metaKey'>,
): Shortcut | undefined {
  if (event.altKey || event.ctrlKey || event.metaKey) return undefined;
  return shortcuts.find(
    (s) => s.keys.includes(event.key) && (s.shift === 'any' || s.shift === event.shiftKey),
  );
}

/** What a shortcut does in this mode. */
export function actionIn(shortcut: Shortcut, mode: AppMode): ShortcutAction {
  return mode === 'presenter' && shortcut.presenter !== undefined
    ? shortcut.presenter.action
    : shortcut.action;
}

/** The `aria-keyshortcuts` of the global shortcut doing `type`, for buttons that do the same. */
export function ariaKeysFor(type: ShortcutAction['type'], direction?: 1 | -1): string {
  return GLOBAL_SHORTCUTS.filter(
    (s) =>
      s.action.type === type &&
      (direction === undefined || (s.action.type === 'marker' && s.action.direction === direction)),
  )
    .map((s) => s.aria)
    .join(' ');
}
