import { formatEventTime } from '../../runtime';

/**
 * The produce form's event time: now (the moment it is sent), some time ago (a late record on
 * purpose), or a clock time on the simulation's clock (`4:30`, `1:02:03`, `0:07.5`).
 */
export type EventTimeChoice =
  | { readonly mode: 'now' }
  | { readonly mode: 'ago'; readonly amount: number; readonly unit: 'seconds' | 'minutes' }
  | { readonly mode: 'at'; readonly text: string };

export type EventTimeResult =
  /** `timestampMs` null: the producer stamps the send time (CreateTime), as for "now". */
  | { readonly ok: true; readonly timestampMs: number | null; readonly note: string | null }
  | { readonly ok: false; readonly message: string };

/** `m:ss`, `h:mm:ss`, optional fraction of a second; null if it is not a clock time. */
export function parseClock(text: string): number | null {
  const m = /^\s*(?:(\d+):)?(\d+):([0-5]\d)(?:\.(\d{1,3}))?\s*$/.exec(text);
  if (m === null) return null;
  const [, h, min, s, frac] = m;
  if (h !== undefined && Number(min) > 59) return null;
  return (
    Number(h ?? 0) * 3_600_000 +
    Number(min) * 60_000 +
    Number(s) * 1000 +
    Number((frac ?? '').padEnd(3, '0'))
  );
}

/**
 * The record timestamp to send, or why not. A time before the simulation's start (0:00) is
 * clamped to 0:00 and said so: Kafka's ProducerRecord refuses a negative timestamp.
 */
export function eventTimeOf(
  choice: EventTimeChoice,
  nowMs: number,
  /**
   * What "ago" counts back from: the query's stream time when it has one (records stamped
   * minutes apart run far ahead of the clock in the lessons), else the clock.
   */
  streamTimeMs: number | null = null,
): EventTimeResult {
  switch (choice.mode) {
    case 'now':
      return { ok: true, timestampMs: null, note: null };
    case 'ago': {
      if (!(Number.isFinite(choice.amount) && choice.amount >= 0))
        return { ok: false, message: 'How long ago must be a number of 0 or more.' };
      const agoMs = Math.round(choice.amount * (choice.unit === 'minutes' ? 60_000 : 1000));
      const fromStream = streamTimeMs !== null && streamTimeMs >= 0;
      const atMs = (fromStream ? streamTimeMs : Math.ceil(nowMs)) - agoMs;
      const said = fromStream
        ? `${choice.amount} ${choice.unit} before stream time ${formatEventTime(streamTimeMs)}`
        : `${choice.amount} ${choice.unit} ago`;
      if (atMs < 0)
        return {
          ok: true,
          timestampMs: 0,
          note: `${said} is before the simulation started: sent with event time 0:00 (timestamps cannot be negative).`,
        };
      return { ok: true, timestampMs: atMs, note: null };
    }
    case 'at': {
      const atMs = parseClock(choice.text);
      if (atMs === null)
        return {
          ok: false,
          message: `"${choice.text}" is not a clock time: write m:ss, e.g. 4:30.`,
        };
      const ahead = atMs - Math.ceil(nowMs);
      return {
        ok: true,
        timestampMs: atMs,
        note:
          ahead > 0
            ? `Event time ${formatEventTime(atMs)} is ahead of the clock (${formatEventTime(Math.ceil(nowMs))}): a record from the future moves stream time on.`
            : null,
      };
    }
  }
}
