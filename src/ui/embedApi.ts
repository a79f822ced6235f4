import type { AppState, AppStore } from '../store';

/**
 * The embed API: a page that frames kafkascope drives it with `postMessage` and hears what
 * happens. Every message is a plain object whose `type` starts with `kafkascope:`; nothing in
 * a message is ever run or used as markup, and unknown types and fields are ignored.
 *
 * In (host → frame): `kafkascope:play`, `kafkascope:pause`,
 * `kafkascope:seek` with `{ timeMs }` or `{ caption }` (1-based), `kafkascope:getState`.
 * Out (frame → host): `kafkascope:ready`, `kafkascope:state`, `kafkascope:time`,
 * `kafkascope:caption` (see `EmbedEvent`). docs/embedding.md is the reader's description.
 *
 * Messages are taken only from the parent window and only from the one allowed origin
 * (`&origin=`, else the embedding page's origin from `document.referrer`); events are posted
 * to that origin only, so another page cannot drive the frame or read what it shows.
 */
export const EMBED_MESSAGE_PREFIX = 'kafkascope:';
export const EMBED_API_VERSION = 1;
/** `kafkascope:time` goes out at most this often (4 a second) while time moves. */
export const TIME_EVENT_INTERVAL_MS = 250;

/** Every message type the frame takes, and every one it sends (docs/embedding.md lists them). */
export const EMBED_COMMAND_TYPES = [
  'kafkascope:play',
  'kafkascope:pause',
  'kafkascope:seek',
  'kafkascope:getState',
] as const;
export const EMBED_EVENT_TYPES = [
  'kafkascope:ready',
  'kafkascope:state',
  'kafkascope:time',
  'kafkascope:caption',
] as const;

export type EmbedCommand =
  | { type: 'kafkascope:play' }
  | { type: 'kafkascope:pause' }
  | { type: 'kafkascope:seek'; timeMs: number }
  | { type: 'kafkascope:seek'; caption: number }
  | { type: 'kafkascope:getState' };

export interface EmbedState {
  playing: boolean;
  /** Virtual time, in whole milliseconds. */
  timeMs: number;
  durationMs: number | null;
  /** The scenario's title ("4. Producing with a key"), null before one has loaded. */
  title: string | null;
  /** The built-in scenario's name (`lesson-04-keys`), or the file name of one opened as text. */
  scenario: string | null;
  /** How many captions the scenario has (`seek` with `caption` takes 1 to this). */
  captionCount: number;
}

export interface CaptionInfo {
  /** 1-based position among the scenario's captions; 0 before the first caption. */
  index: number;
  /** The caption's text; null before the first caption. */
  text: string | null;
  /** When the caption was said (virtual ms); null before the first caption. */
  atMs: number | null;
}

export type EmbedEvent =
  | ({ type: 'kafkascope:ready'; version: number } & EmbedState)
  | ({ type: 'kafkascope:state' } & EmbedState)
  | { type: 'kafkascope:time'; timeMs: number; playing: boolean }
  | ({ type: 'kafkascope:caption' } & CaptionInfo);

/** What the API needs of the window it runs in (a fake in unit tests). */
export interface EmbedWindow {
  parent: { postMessage(message: unknown, targetOrigin: string): void } | null;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface EmbedApiOptions {
  /** The one origin messages are taken from and posted to. */
  origin: string;
  /** Wall-clock milliseconds, for throttling `time` events. */
  nowMs(): number;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(id: unknown): void;
}

/** Reads a message from the host: a known command with valid fields, or null (ignored). */
export function readEmbedCommand(data: unknown): EmbedCommand | null {
  if (typeof data !== 'object' || data === null) return null;
  const message = data as Record<string, unknown>;
  switch (message.type) {
    case 'kafkascope:play':
    case 'kafkascope:pause':
    case 'kafkascope:getState':
      return { type: message.type };
    case 'kafkascope:seek': {
      const { timeMs, caption } = message;
      if (typeof timeMs === 'number' && Number.isFinite(timeMs) && timeMs >= 0)
        return { type: 'kafkascope:seek', timeMs };
      if (typeof caption === 'number' && Number.isSafeInteger(caption) && caption >= 1)
        return { type: 'kafkascope:seek', caption };
      return null;
    }
    default:
      return null;
  }
}

export function embedStateOf(s: AppState): EmbedState {
  return {
    playing: s.playing,
    timeMs: Math.round(s.timeMs),
    durationMs: s.scenario?.durationMs ?? null,
    title: s.scenario?.title ?? null,
    scenario: s.scenarioName,
    captionCount: s.scenario?.captions.length ?? 0,
  };
}

/** The caption on screen: its 1-based index among the scenario's captions, and its text. */
export function captionInfoOf(s: AppState): CaptionInfo {
  const narration = s.narration;
  if (narration === null) return { index: 0, text: null, atMs: null };
  const captions = s.scenario?.captions ?? [];
  const found = captions.findIndex((c) => c.atMs === narration.atMs && c.text === narration.text);
  return { index: found + 1, text: narration.text, atMs: narration.atMs };
}

/** Carries out a host's command on the store (seeking to a caption past the last: the last). */
export function runEmbedCommand(state: AppState, command: EmbedCommand): void {
  switch (command.type) {
    case 'kafkascope:play':
      state.setPoster(false);
      state.play();
      return;
    case 'kafkascope:pause':
      state.pause();
      return;
    case 'kafkascope:seek': {
      if ('timeMs' in command) {
        state.seek(command.timeMs);
        return;
      }
      const captions = state.scenario?.captions ?? [];
      if (captions.length === 0) return;
      state.seek(captions[Math.min(command.caption, captions.length) - 1].atMs);
      return;
    }
    case 'kafkascope:getState':
      return;
  }
}

/**
 * Starts the API: listens for the host's messages and posts events to it. Returns a function
 * that stops it.
 */
export function startEmbedApi(store: AppStore, win: EmbedWindow, options: EmbedApiOptions) {
  const { origin } = options;
  const post = (event: EmbedEvent): void => win.parent?.postMessage(event, origin);
  const postState = (): void =>
    post({ type: 'kafkascope:state', ...embedStateOf(store.getState()) });

  let lastTimeAt = -Infinity;
  let timeTimer: unknown = null;
  const postTime = (): void => {
    timeTimer = null;
    lastTimeAt = options.nowMs();
    const { timeMs, playing } = store.getState();
    post({ type: 'kafkascope:time', timeMs: Math.round(timeMs), playing });
  };
  /** At most one `time` event per interval; the last change always goes out (trailing). */
  const timeChanged = (): void => {
    if (timeTimer !== null) return;
    const waitMs = lastTimeAt + TIME_EVENT_INTERVAL_MS - options.nowMs();
    if (waitMs <= 0) postTime();
    else timeTimer = options.setTimer(postTime, waitMs);
  };

  /** ready: posted; pending: to be posted once the load has reached its start moment. */
  let ready: 'no' | 'pending' | 'posted' = 'no';
  let lastCaption = captionInfoOf(store.getState());
  const postReady = (): void => {
    ready = 'posted';
    const now = store.getState();
    lastCaption = captionInfoOf(now);
    post({ type: 'kafkascope:ready', version: EMBED_API_VERSION, ...embedStateOf(now) });
    post({ type: 'kafkascope:caption', ...lastCaption });
  };
  const onChange = (s: AppState, previous: AppState): void => {
    if (s.loadStatus !== 'ready' || s.snapshot === null) return;
    if (ready === 'no' || (ready === 'posted' && s.scenario !== previous.scenario)) {
      // A load goes on to its start moment (`&t=`, `&start=`) in the same task: announce after.
      ready = 'pending';
      queueMicrotask(postReady);
      return;
    }
    if (ready === 'pending') return;
    if (s.playing !== previous.playing) postState();
    if (s.timeMs !== previous.timeMs) timeChanged();
    if (s.narration !== previous.narration) {
      const caption = captionInfoOf(s);
      if (caption.index !== lastCaption.index || caption.text !== lastCaption.text) {
        lastCaption = caption;
        post({ type: 'kafkascope:caption', ...caption });
      }
    }
  };

  const onMessage = (event: MessageEvent): void => {
    // Only the parent page, and only from the allowed origin: anything else is ignored.
    if (event.origin !== origin || event.source !== win.parent) return;
    const command = readEmbedCommand(event.data);
    if (command === null) return;
    runEmbedCommand(store.getState(), command);
    // A seek, or a play/pause that changed nothing, still answers with where the run stands.
    if (command.type !== 'kafkascope:play' && command.type !== 'kafkascope:pause') postState();
  };

  win.addEventListener('message', onMessage);
  const unsubscribe = store.subscribe(onChange);
  onChange(store.getState(), store.getState());
  return (): void => {
    unsubscribe();
    win.removeEventListener('message', onMessage);
    if (timeTimer !== null) options.clearTimer(timeTimer);
  };
}

/**
 * The origin the API talks to: `&origin=` when given, else the embedding page's origin as
 * `document.referrer` tells it. Null when neither is known (the API then stays off).
 */
export function embedOrigin(given: string | null, referrer: string): string | null {
  if (given !== null) return given;
  try {
    const url = new URL(referrer);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
