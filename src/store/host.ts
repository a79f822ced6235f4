/**
 * What the store needs from its host, behind small interfaces (the shared style's "host
 * capabilities at the edge"): the browser supplies `performance.now`, animation frames and
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

/** Fetches a text file; rejects with an Error whose message a person can act on. */
export interface TextFetcher {
  fetchText(url: string): Promise<string>;
}

export interface Host {
  clock: Clock;
  frames: FrameScheduler;
  fetcher: TextFetcher;
}
