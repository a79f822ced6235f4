import { z } from 'zod';
import type { AppStore } from './appStore';
import type { Host } from './host';
import type { LaunchOptions } from './launchOptions';
import { commandSchema, SHARE_LIMITS } from './shareLink';
import type { AppState, ScenarioSource, SessionEntry } from './slices';

/**
 * Autosave: the scenario, the session (seed, the user's actions, the moment looked at), the
 * view and the editor's draft, kept in the host's storage so that a reload or a crash loses
 * at most the last moments of playback and never an action or an edit.
 *
 * Stored data is untrusted (an older version wrote it, a crash cut it short, another script
 * on the origin changed it): `parseAutosave` checks every field and answers null rather than
 * throwing, and the actions go through the same command schema as share links.
 */

import { AUTOSAVE_KEY } from './autosaveKey';
export { AUTOSAVE_KEY };

/**
 * The most characters a save may take. localStorage holds about 5 million UTF-16 code units
 * per origin; this leaves room for everything else and keeps a save quick.
 */
export const MAX_AUTOSAVE_CHARS = 2_000_000;

/** Time and typing are saved at most this often (wall ms); actions and loads on the next frame. */
export const AUTOSAVE_THROTTLE_MS = 500;

export interface Autosave {
  version: 1;
  /** When it was saved: wall-clock ms since 1970 (for "Restored your session from …"). */
  savedAt: number;
  source: ScenarioSource;
  /** The scenario file's text, exactly as loaded. */
  scenarioText: string;
  seed: number;
  sessionLog: SessionEntry[];
  timeMs: number;
  view: 'cluster' | 'log' | 'processing';
  /** The editor's draft (null: none, the editor shows `scenarioText`). */
  editorText: string | null;
  editorOpen: boolean;
}

/** Drafts and scenarios are capped by the scenario format (1,000,000 characters). */
const TEXT_CHARS = SHARE_LIMITS.scenarioTextChars;

const autosaveSchema = z.strictObject({
  version: z.literal(1),
  savedAt: z.number().finite().min(0),
  source: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('builtin'),
      name: z
        .string()
        .max(200)
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/),
    }),
    z.strictObject({
      kind: z.literal('text'),
      fileName: z.string().max(SHARE_LIMITS.fileNameChars),
    }),
  ]),
  scenarioText: z.string().max(TEXT_CHARS),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  sessionLog: z
    .array(
      z.strictObject({
        atMs: z.number().min(0).max(SHARE_LIMITS.timeMs),
        command: commandSchema,
      }),
    )
    .max(SHARE_LIMITS.logEntries)
    .refine((log) => log.every((entry, i) => i === 0 || entry.atMs >= log[i - 1].atMs)),
  timeMs: z.number().min(0).max(SHARE_LIMITS.timeMs),
  view: z.literal(['cluster', 'log', 'processing']),
  editorText: z.string().max(TEXT_CHARS).nullable(),
  editorOpen: z.boolean(),
});

// Compile-time check: what the schema reads is an Autosave.
const _schemaReadsAnAutosave = (a: z.output<typeof autosaveSchema>): Autosave => a;
void _schemaReadsAnAutosave;

/** What to save for `state` at wall time `savedAt`; null while nothing is loaded (or embedded). */
export function autosaveOf(state: AppState, savedAt: number): Autosave | null {
  const { scenario, scenarioSource, scenarioText } = state;
  if (state.mode === 'embed' || state.loadStatus !== 'ready') return null;
  if (scenario === null || scenarioSource === null || scenarioText === null) return null;
  return {
    version: 1,
    savedAt,
    source: scenarioSource,
    scenarioText,
    seed: state.seed ?? scenario.setup.seed,
    sessionLog: [...state.sessionLog],
    timeMs: state.timeMs,
    view: state.view,
    editorText: state.editorText,
    editorOpen: state.editorOpen,
  };
}

export function serializeAutosave(save: Autosave): string {
  return JSON.stringify(save);
}

/** A saved session, or null for anything that is not one (missing, cut short, changed, old). */
export function parseAutosave(text: string | null): Autosave | null {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_AUTOSAVE_CHARS)
    return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const checked = autosaveSchema.safeParse(raw);
  return checked.success ? checked.data : null;
}

/** What fits in `maxChars`: the whole save, the session without the draft, or nothing. */
export type FittedAutosave =
  { text: string; draftDropped: boolean } | { text: null; sizeChars: number };

export function fitAutosave(save: Autosave, maxChars = MAX_AUTOSAVE_CHARS): FittedAutosave {
  const whole = serializeAutosave(save);
  if (whole.length <= maxChars) return { text: whole, draftDropped: false };
  if (save.editorText !== null) {
    const withoutDraft = serializeAutosave({ ...save, editorText: null });
    if (withoutDraft.length <= maxChars) return { text: withoutDraft, draftDropped: true };
  }
  return { text: null, sizeChars: whole.length };
}

const mb = (chars: number): string => `${(chars / 1_000_000).toFixed(1)} million characters`;

/**
 * Writes one save and says how it went: the status and message for `reportAutosave`. A
 * session too large to save removes the previous save, so a reload never brings back
 * something older than what was on screen without saying so.
 */
export function writeAutosave(
  storage: Host['storage'],
  save: Autosave,
  maxChars = MAX_AUTOSAVE_CHARS,
): { status: 'saved' | 'off' | 'failed'; message: string | null } {
  const fitted = fitAutosave(save, maxChars);
  if (fitted.text === null) {
    storage.remove(AUTOSAVE_KEY);
    return {
      status: 'off',
      message: `Not saved in this browser: the session is too large (${mb(fitted.sizeChars)}; the limit is ${mb(maxChars)}). Export it to keep it.`,
    };
  }
  if (!storage.set(AUTOSAVE_KEY, fitted.text)) {
    return {
      status: 'failed',
      message:
        'Not saved: the browser refused to store it (storage may be full or turned off for this site).',
    };
  }
  return {
    status: 'saved',
    message: fitted.draftDropped
      ? 'The session is saved in this browser, but not the editor draft: together they are too large. Download the draft to keep it.'
      : null,
  };
}

/** The saved session in `storage`, or null. */
export function readAutosave(storage: Host['storage']): Autosave | null {
  return parseAutosave(storage.get(AUTOSAVE_KEY));
}

export interface AutosaverOptions {
  /** Wall-clock time for `savedAt` (Date.now in the browser; tests pass their own). */
  wallClockMs: () => number;
  maxChars?: number;
}

export interface Autosaver {
  /** Saves now if anything changed since the last save (for `pagehide`). */
  flush(): void;
  stop(): void;
}

/** Changes saved on the next frame: the user's actions and what is loaded. */
const urgentFields = [
  'scenarioText',
  'scenarioSource',
  'seed',
  'sessionLog',
  'view',
  'editorOpen',
  'loadStatus',
  'mode',
] as const satisfies readonly (keyof AppState)[];

/** Changes saved at most every AUTOSAVE_THROTTLE_MS: every frame of playback, every keystroke. */
const throttledFields = ['timeMs', 'editorText'] as const satisfies readonly (keyof AppState)[];

/**
 * Keeps the store's session saved. A change the user made (an action, a loaded scenario, the
 * view, opening the editor) is saved on the next frame, after the action's own updates have
 * all landed; playback time and typing are saved at most every AUTOSAVE_THROTTLE_MS, with a
 * trailing save, so playback never writes every frame and a crash loses at most about half a
 * second of time position or typing. Timers are the host's frames and clock, so tests drive it.
 */
export function createAutosaver(store: AppStore, host: Host, options: AutosaverOptions): Autosaver {
  let frameId: number | null = null;
  let dirty = false;
  let urgent = false;
  let lastSavedAtMs = -Infinity;
  let stopped = false;

  const save = (): void => {
    dirty = false;
    urgent = false;
    lastSavedAtMs = host.clock.nowMs();
    const state = store.getState();
    const snapshot = autosaveOf(state, options.wallClockMs());
    if (snapshot === null) return;
    const outcome = writeAutosave(host.storage, snapshot, options.maxChars);
    if (state.autosaveStatus !== outcome.status || state.autosaveMessage !== outcome.message)
      state.reportAutosave(outcome.status, outcome.message);
  };

  const tick = (): void => {
    frameId = null;
    if (stopped || !dirty) return;
    if (urgent || host.clock.nowMs() - lastSavedAtMs >= AUTOSAVE_THROTTLE_MS) save();
    else frameId = host.frames.requestFrame(tick);
  };

  const unsubscribe = store.subscribe((state, prev) => {
    const isUrgent = urgentFields.some((k) => state[k] !== prev[k]);
    if (!isUrgent && !throttledFields.some((k) => state[k] !== prev[k])) return;
    dirty = true;
    urgent ||= isUrgent;
    if (frameId === null) frameId = host.frames.requestFrame(tick);
  });

  // What the page starts with is saved too (a scenario opened by its address replaces the
  // previous save even if nothing happens in it).
  dirty = true;
  urgent = true;
  frameId = host.frames.requestFrame(tick);

  return {
    flush() {
      if (dirty && !stopped) save();
    },
    stop() {
      stopped = true;
      unsubscribe();
      if (frameId !== null) host.frames.cancelFrame(frameId);
      frameId = null;
    },
  };
}

/**
 * Whether a page opened with `options` brings back `saved`: not for a shared link, not when
 * embedded in someone's page, and not when the address names a different scenario.
 */
export function shouldRestore(options: LaunchOptions, saved: Autosave): boolean {
  if (options.mode === 'embed') return false;
  if (options.share != null) return false;
  if (options.problems.length > 0) return false;
  // An address naming a moment or a seed asks for exactly that run, not yesterday's session.
  if (options.untilMs !== null || options.seed !== null) return false;
  // `?autoplay` asks for the scenario to play from its start.
  if (options.autoplay === true) return false;
  if (options.scenarioUrl != null) return false;
  if (options.scenarioGiven !== true) return true;
  return saved.source.kind === 'builtin' && saved.source.name === options.scenario;
}

/** Loads a saved session into the store (see `EditorSlice.restoreSaved`). */
export async function restoreAutosave(
  store: AppStore,
  saved: Autosave,
  fresh?: LaunchOptions,
): Promise<boolean> {
  return store.getState().restoreSaved(saved, fresh);
}

/**
 * Starts the page: restores the saved session when `shouldRestore` says so (else, or when it
 * no longer loads, loads what the address asks for), then keeps the session saved. Embedded
 * pages neither restore nor save: an iframe on someone's page must not overwrite the
 * viewer's own work, which shares its storage.
 */
export async function startWithAutosave(
  store: AppStore,
  host: Host,
  options: LaunchOptions,
  autosaver: AutosaverOptions,
): Promise<Autosaver | null> {
  const saved = readAutosave(host.storage);
  let restored = false;
  if (saved !== null && shouldRestore(options, saved)) {
    if (options.mode !== undefined) store.getState().setMode(options.mode);
    if (options.pace !== undefined) store.getState().setCaptionPacing(options.pace !== 'off');
    restored = await restoreAutosave(store, saved, options);
  }
  // A saved scenario that no longer loads stays as the editor's draft, over the fresh load.
  if (!restored) await store.getState().loadScenario(options);
  if (options.mode === 'embed') return null;
  return createAutosaver(store, host, autosaver);
}
