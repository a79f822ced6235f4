/**
 * What the store needs from its host, behind small interfaces at the edge of the app (see
 * docs/architecture.md): the browser supplies `performance.now`, animation frames and
 * `fetch`; tests supply a fake clock and hand-driven frames, so the store runs in Node.
 */

/** Wall-clock time, only for pacing playback; virtual time lives in the engine. */
export interface Clock {
  nowMs(): number;
}

/** Calls back once before the next repaint (requestAnimationFrame). */
export interface FrameScheduler {
  requestFrame(callback: () => void): number;
  cancelFrame(id: number): void;
}

/**
 * Calls back when the page has spare time (requestIdleCallback), with a function telling how
 * much of it is left: background work (indexing the timeline) never takes a frame's time.
 */
export interface IdleScheduler {
  /** `timeoutMs`: call back by then even if the page is never idle (with no time left). */
  requestIdle(callback: (timeLeftMs: () => number) => void, timeoutMs: number): number;
  cancelIdle(id: number): void;
}

/** Fetches a text file; rejects with an Error whose message a person can act on. */
export interface TextFetcher {
  fetchText(url: string): Promise<string>;
}

/**
 * Small durable storage for autosave (localStorage in the browser). Every method may fail
 * (storage disabled, quota full): implementations return null / false instead of throwing.
 */
export interface KeyValueStorage {
  get(key: string): string | null;
  /** False when the value could not be stored (quota, disabled). */
  set(key: string, value: string): boolean;
  remove(key: string): void;
}

/** The page's own address, for links that open the app again. */
export interface PageAddress {
  /** Origin and path, without query or fragment: "https://example.org/kafkascope/". */
  baseUrl(): string;
}

export interface Host {
  clock: Clock;
  frames: FrameScheduler;
  idle: IdleScheduler;
  fetcher: TextFetcher;
  storage: KeyValueStorage;
  page: PageAddress;
}
