import { useEffect, useRef, useState } from 'react';
import { useAppStoreApi, type AppState } from '../store';
import { formatVirtualTime } from './virtualTime';
import type { announcement } from './eventMeaning';

/**
 * The words for every kind of event load once the run is ready (their own chunk, after the
 * first picture): until then nothing has happened to announce.
 */
const loadAnnouncement = async (): Promise<typeof announcement> =>
  (await import('./eventMeaning')).announcement;

/**
 * Only events this recent (virtual time before now) are news: a run opened at `?t=17s` or
 * sought forward announces what just happened, not everything since 0 s in one line.
 */
export const ANNOUNCE_WINDOW_MS = 3000;
/** A message this old (virtual time) is cleared: the banner never stands stale. */
export const ANNOUNCE_STALE_MS = 8000;

interface Message {
  readonly text: string;
  /** The virtual time of what it announces. */
  readonly atMs: number;
}

/**
 * An aria-live region announcing failovers, rebalances and data loss as they happen (new
 * events since the last frame, summarised). Also shown as a line on screen, so a room
 * watching a projector reads what a screen reader hears. It empties when the scenario changes,
 * when the run goes back in time (a seek, a restart) and once its news is `ANNOUNCE_STALE_MS`
 * old; `data-announced-at-ms` says which moment it speaks of.
 */
export function Announcer() {
  const store = useAppStoreApi();
  const [message, setMessage] = useState<Message | null>(null);
  const shown = useRef<Message | null>(null);
  const lastIndex = useRef(-1);
  const lastScenario = useRef<AppState['scenario']>(null);
  useEffect(() => {
    let announce: typeof announcement | null = null;
    let loading = false;
    let stopped = false;
    const loadWhenReady = (): void => {
      if (loading || store.getState().loadStatus !== 'ready') return;
      loading = true;
      loadAnnouncement().then(
        (loaded) => {
          if (stopped) return;
          announce = loaded;
          // What happened just before (a run opened at `?t=`) is news now.
          lastScenario.current = store.getState().scenario;
          read();
        },
        () => undefined, // no announcements (the rest of the page works without them)
      );
    };
    const show = (next: Message | null): void => {
      if (shown.current === next) return;
      shown.current = next;
      setMessage(next);
    };
    const read = (): void => {
      loadWhenReady();
      if (announce === null) return;
      const { recentEvents, timeMs, scenario } = store.getState();
      const newest = recentEvents[0]?.index ?? -1;
      if (scenario !== lastScenario.current) {
        // Another scenario: nothing said about the last one applies.
        lastScenario.current = scenario;
        lastIndex.current = -1;
        show(null);
        return;
      }
      if (newest < lastIndex.current || (shown.current !== null && timeMs < shown.current.atMs)) {
        // Back in time (a restart, a seek, a step back): what was announced has not happened.
        lastIndex.current = newest;
        show(null);
        return;
      }
      if (newest !== lastIndex.current) {
        const fresh = [];
        for (const entry of recentEvents) {
          if (entry.index <= lastIndex.current) break;
          if (entry.event.atMs < timeMs - ANNOUNCE_WINDOW_MS) break;
          fresh.push(entry.event);
        }
        lastIndex.current = newest;
        const text = announce?.(fresh.reverse()) ?? null;
        if (text !== null) {
          show({ text, atMs: fresh[fresh.length - 1].atMs });
          return;
        }
      }
      if (shown.current !== null && timeMs - shown.current.atMs > ANNOUNCE_STALE_MS) show(null);
    };
    read();
    const unsubscribe = store.subscribe((s, prev) => {
      if (
        s.recentEvents !== prev.recentEvents ||
        s.scenario !== prev.scenario ||
        s.timeMs !== prev.timeMs
      )
        read();
      if (s.forkNotice !== prev.forkNotice && s.forkNotice !== null) {
        const { atMs, discarded } = s.forkNotice;
        show({
          text: `The run forked at ${formatVirtualTime(atMs)}: ${discarded === 1 ? 'your later action was' : `your ${discarded} later actions were`} discarded.`,
          atMs,
        });
      }
    });
    return () => {
      stopped = true;
      unsubscribe();
    };
  }, [store]);
  return (
    <div
      className="announcer"
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-announced-at-ms={message?.atMs}
    >
      {message !== null && <p title={message.text}>{message.text}</p>}
    </div>
  );
}
