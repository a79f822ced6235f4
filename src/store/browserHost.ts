import type { Host, IdleScheduler, KeyValueStorage } from './host';

/** The real host: `performance.now`, `requestAnimationFrame` and `fetch`. */
export function browserHost(): Host {
  return {
    clock: { nowMs: () => performance.now() },
    frames: {
      requestFrame: (callback) => requestAnimationFrame(() => callback()),
      cancelFrame: (id) => cancelAnimationFrame(id),
    },
    idle: idleScheduler(),
    fetcher: { fetchText },
    storage: localStorageOrNothing(),
    page: { baseUrl: () => `${window.location.origin}${window.location.pathname}` },
  };
}

/** localStorage, or (private windows, sandboxed iframes) a storage that keeps nothing. */
function localStorageOrNothing(): KeyValueStorage {
  let store: Storage | null = null;
  try {
    store = window.localStorage;
  } catch {
    store = null;
  }
  return {
    get(key) {
      try {
        return store?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        if (store === null) return false;
        store.setItem(key, value);
        return true;
      } catch {
        return false;
      }
    },
    remove(key) {
      try {
        store?.removeItem(key);
      } catch {
        // Nothing to do: storage is unavailable.
      }
    },
  };
}

async function fetchText(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-cache' });
  } catch (error) {
    throw new Error(
      `Could not fetch ${url}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  if (!response.ok) {
    throw new Error(
      `Could not fetch ${url}: the server answered ${response.status} ${response.statusText}`.trim(),
    );
  }
  // A single-page-app server answers unknown paths with index.html: that is "not found" too.
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('text/html'))
    throw new Error(`Could not fetch ${url}: no such file on the server`);
  return response.text();
}

/** requestIdleCallback, or (Safari) a short timeout with a few milliseconds to spend. */
function idleScheduler(): IdleScheduler {
  if (typeof window.requestIdleCallback === 'function') {
    return {
      requestIdle: (callback, timeoutMs) =>
        window.requestIdleCallback((deadline) => callback(() => deadline.timeRemaining()), {
          timeout: timeoutMs,
        }),
      cancelIdle: (id) => window.cancelIdleCallback(id),
    };
  }
  return {
    requestIdle(callback) {
      return window.setTimeout(() => {
        const end = performance.now() + 4;
        callback(() => Math.max(0, end - performance.now()));
      }, 16);
    },
    cancelIdle: (id) => window.clearTimeout(id),
  };
}
