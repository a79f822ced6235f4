import { useAppStore } from '../store';
import { describeEvent, formatVirtualTime } from './describeEvent';

/** How many of the recent events are listed. */
const SHOWN = 60;

/** The latest events first, in plain words. */
export function EventList() {
  const events = useAppStore((s) => s.recentEvents);
  const total = useAppStore((s) => s.snapshot?.eventCount ?? 0);
  return (
    <section className="events">
      <h2>
        Events <span className="count mono">{total}</span>
      </h2>
      <ol className="event-list" aria-label="Latest events, newest first">
        {events.slice(0, SHOWN).map(({ index, event }) => (
          <li key={index} className={`event event-${event.type}`} data-index={index}>
            <span className="event-time mono">{formatVirtualTime(event.atMs)}</span>
            <span className="event-text">{describeEvent(event)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
