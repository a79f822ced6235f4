import { useId, useState } from 'react';
import { useAppStore } from '../store';
import { describeEvent, formatVirtualTime } from './describeEvent';
import { EVENT_CATEGORIES, eventCategory, eventSubject, type EventCategory } from './eventMeaning';

/** How many of the recent events are listed. */
const SHOWN = 60;

/** The latest events first, in plain words; filterable; each linked to what it is about. */
export function EventList() {
  const id = useId();
  const events = useAppStore((s) => s.recentEvents);
  const total = useAppStore((s) => s.snapshot?.eventCount ?? 0);
  const select = useAppStore((s) => s.select);
  const [category, setCategory] = useState<EventCategory | 'all'>('all');
  const [text, setText] = useState('');
  const needle = text.trim().toLowerCase();
  const shown = events
    .filter(({ event }) => category === 'all' || eventCategory(event) === category)
    .map((entry) => ({ ...entry, words: describeEvent(entry.event) }))
    .filter(({ words }) => needle === '' || words.toLowerCase().includes(needle))
    .slice(0, SHOWN);
  return (
    <section className="events" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        Events <span className="count mono">{total}</span>
      </h2>
      <div className="event-filters">
        <label>
          <span className="visually-hidden">Show events of kind</span>
          <select
            value={category}
            onChange={(e) => setCategory(e.target.value as EventCategory | 'all')}
          >
            <option value="all">All events</option>
            {EVENT_CATEGORIES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="visually-hidden">Filter events by text</span>
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder="filter: orders-1, broker 2…"
          />
        </label>
      </div>
      <ol className="event-list" aria-label="Latest events, newest first">
        {shown.map(({ index, event, words }) => {
          const subject = eventSubject(event);
          return (
            <li
              key={index}
              className={`event event-${event.type} cat-${eventCategory(event)}`}
              data-index={index}
            >
              <span className="event-time mono">{formatVirtualTime(event.atMs)}</span>
              {subject === null ? (
                <span className="event-text">{words}</span>
              ) : (
                <button
                  type="button"
                  className="event-text event-link"
                  onClick={() => select(subject)}
                >
                  {words}
                </button>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
