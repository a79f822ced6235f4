import { useEffect, useEffectEvent, useId, useState } from 'react';
import {
  useAppStore,
  useAppStoreApi,
  type AppState,
  type EventEntry,
  type EventLog,
} from '../store';
import { describeEvent, formatVirtualTime } from './describeEvent';
import { EVENT_CATEGORIES, eventCategory, eventSubject, type EventCategory } from './eventMeaning';
import { searchIndexOf, type SearchResult } from './eventSearch';
import { useThrottledSelection, type Settle } from './useThrottled';

/** Rows listed at first, and added by "Show more". */
export const EVENT_PAGE = 60;
/** Indexing done while rendering (new events of a frame); the rest continues between frames. */
const RENDER_BUDGET_MS = 4;
const IDLE_BUDGET_MS = 12;
/** The list follows the run at most this often (at 1× a busy cluster has ~1,600 events a second). */
export const EVENT_LIST_REFRESH_MS = 250;
/**
 * While paused, seeks and steps refresh the list once they stop for this long (ms): clicks
 * on the timeline in quick succession, a drag or a held key once at the end, not four times
 * a second among them. Each refresh (60 new rows: React, then their style and layout) cost
 * several ms wherever it fell, and the next click (or a drag's next frame) waited for it.
 */
export const EVENT_LIST_SETTLE_MS = 150;
const SETTLE_WHILE_PAUSED: Settle<AppState> = {
  when: (s) => !s.playing,
  quietMs: EVENT_LIST_SETTLE_MS,
};

const deadline = (ms: number): (() => boolean) => {
  const end = performance.now() + ms;
  return () => performance.now() >= end;
};

const count = (n: number): string => n.toLocaleString('en-US');

/** The newest `limit` events below `below`, newest first (no filter: no index needed). */
function latest(log: EventLog, below: number, limit: number): EventEntry[] {
  const rows: EventEntry[] = [];
  for (let i = below - 1; i >= log.firstIndex && rows.length < limit; i--) {
    const event = log.at(i);
    if (event !== undefined) rows.push({ index: i, event });
  }
  return rows;
}

/**
 * The run's events, newest first, in plain words; filterable by kind and text over every
 * event of the run so far (see `EventSearchIndex`); each linked to what it is about.
 */
export function EventList() {
  const id = useId();
  const store = useAppStoreApi();
  const recentEvents = useThrottledSelection(
    store,
    (s) => s.recentEvents,
    EVENT_LIST_REFRESH_MS,
    SETTLE_WHILE_PAUSED,
  );
  const log = useAppStore((s) => s.eventLog);
  const total = useThrottledSelection(
    store,
    (s) => s.snapshot?.eventCount ?? 0,
    EVENT_LIST_REFRESH_MS,
    SETTLE_WHILE_PAUSED,
  );
  const select = useAppStore((s) => s.select);
  const [category, setCategory] = useState<EventCategory | 'all'>('all');
  const [text, setText] = useState('');
  const [limit, setLimit] = useState(EVENT_PAGE);
  const [tick, setTick] = useState(0);
  const filtering = text.trim() !== '' || category !== 'all';

  let rows: EventEntry[];
  let result: SearchResult | null = null;
  if (log === null) rows = recentEvents.slice(0, limit);
  else if (!filtering) rows = latest(log, total, limit);
  else {
    const index = searchIndexOf(log);
    index.extend(total, deadline(RENDER_BUDGET_MS));
    result = index.search({ text, category }, total, limit);
    rows = [];
    for (const i of result.matches) {
      const event = log.at(i);
      if (event !== undefined) rows.push({ index: i, event });
    }
  }
  const searching = result !== null && !result.complete;
  const kept = log === null ? total : total - Math.min(total, log.firstIndex);
  const available = result?.total ?? kept;

  // The index catches up with a long run in slices between frames, with progress shown.
  useEffect(() => {
    if (!searching || log === null) return;
    const timer = setTimeout(() => {
      searchIndexOf(log).extend(total, deadline(IDLE_BUDGET_MS));
      setTick((t) => t + 1);
    }, 0);
    return () => clearTimeout(timer);
  }, [searching, log, total, tick]);

  const summary = summaryOf(result, text.trim(), category, total, kept);
  // Screen readers hear the count when the search settles, not on every frame.
  const [spoken, setSpoken] = useState('');
  const speak = useEffectEvent(() => setSpoken(summary ?? ''));
  useEffect(() => {
    const timer = setTimeout(speak, 500);
    return () => clearTimeout(timer);
  }, [text, category, searching]);

  const setQuery = (next: { text?: string; category?: EventCategory | 'all' }) => {
    if (next.text !== undefined) setText(next.text);
    if (next.category !== undefined) setCategory(next.category);
    setLimit(EVENT_PAGE);
  };
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
            onChange={(e) => setQuery({ category: e.target.value as EventCategory | 'all' })}
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
            onChange={(e) => setQuery({ text: e.target.value })}
            placeholder="filter: orders-1, broker 2…"
          />
        </label>
      </div>
      {summary !== null && (
        <p className="muted event-summary" data-testid="event-summary">
          {summary}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {spoken}
      </p>
      <ol className="event-list" aria-label="Latest events, newest first">
        {rows.map(({ index, event }) => {
          const subject = eventSubject(event);
          const words = describeEvent(event);
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
      {available > rows.length && rows.length >= limit && (
        <button
          type="button"
          className="button small event-more"
          onClick={() => setLimit((l) => l + EVENT_PAGE)}
        >
          Show {count(Math.min(EVENT_PAGE, available - rows.length))} older
        </button>
      )}
    </section>
  );
}

/** What a filter found, in words (null without a filter and with every event kept). */
function summaryOf(
  result: SearchResult | null,
  text: string,
  category: EventCategory | 'all',
  total: number,
  kept: number,
): string | null {
  const partial = kept < total ? ` (only the latest ${count(kept)} events are kept)` : '';
  if (result === null) return partial === '' ? null : `Listing the latest events${partial}.`;
  const kind = EVENT_CATEGORIES.find((c) => c.id === category)?.label.toLowerCase();
  const what = [text !== '' ? `“${text}”` : null, kind !== undefined ? `in ${kind}` : null]
    .filter((w) => w !== null)
    .join(' ');
  if (!result.complete) {
    const done = Math.max(0, result.to - result.from);
    const pct = kept === 0 ? 100 : Math.floor((100 * done) / kept);
    return `Searching… ${pct}% of ${count(kept)} events: ${count(result.total)} found so far.`;
  }
  if (result.total === 0) return `No events match ${what} among ${count(kept)} events${partial}.`;
  const shown =
    result.total > result.matches.length ? `; showing the newest ${result.matches.length}` : '';
  return `${count(result.total)} of ${count(kept)} events match ${what}${shown}${partial}.`;
}
