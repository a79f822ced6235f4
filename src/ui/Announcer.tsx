import { useEffect, useRef, useState } from 'react';
import { useAppStoreApi } from '../store';
import { formatVirtualTime } from './describeEvent';
import { announcement } from './eventMeaning';

/**
 * An aria-live region announcing failovers, rebalances and data loss as they happen (new
 * events since the last frame, summarised). Also shown as a line on screen, so a room
 * watching a projector reads what a screen reader hears.
 */
export function Announcer() {
  const store = useAppStoreApi();
  const [message, setMessage] = useState('');
  const lastIndex = useRef(-1);
  useEffect(() => {
    const read = (): void => {
      const { recentEvents } = store.getState();
      const newest = recentEvents[0]?.index ?? -1;
      if (newest < lastIndex.current) {
        // Back in time (a restart, a seek, a step back): nothing new happened to announce.
        lastIndex.current = newest;
        return;
      }
      if (newest === lastIndex.current) return;
      const fresh = [];
      for (const entry of recentEvents) {
        if (entry.index <= lastIndex.current) break;
        fresh.push(entry.event);
      }
      lastIndex.current = newest;
      const text = announcement(fresh.reverse());
      if (text !== null) setMessage(text);
    };
    read();
    return store.subscribe((s, prev) => {
      if (s.recentEvents !== prev.recentEvents) read();
      if (s.forkNotice !== prev.forkNotice && s.forkNotice !== null) {
        const { atMs, discarded } = s.forkNotice;
        setMessage(
          `The run forked at ${formatVirtualTime(atMs)}: ${discarded === 1 ? 'your later action was' : `your ${discarded} later actions were`} discarded.`,
        );
      }
    });
  }, [store]);
  return (
    <div className="announcer" role="status" aria-live="polite" aria-atomic="true">
      {message !== '' && <p>{message}</p>}
    </div>
  );
}
