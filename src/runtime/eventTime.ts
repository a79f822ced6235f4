/** Event times (record timestamps, window bounds, stream time) in words, for the UI and the CLI. */

/**
 * A record's event time (a window bound, a stream time) as a clock: "0:00", "5:00",
 * "1:02:03", "4:59.5"; a day or more as an ISO date; negative (none yet) as "-1 ms".
 */
export function formatEventTime(ms: number): string {
  if (ms < 0) return `${ms} ms`;
  if (ms >= 86_400_000) return new Date(ms).toISOString();
  // Whole milliseconds: event times can carry the virtual clock's fractions.
  const t = Math.round(ms);
  const hours = Math.floor(t / 3_600_000);
  const minutes = Math.floor((t % 3_600_000) / 60_000);
  const seconds = Math.floor((t % 60_000) / 1000);
  const millis = t % 1000;
  const ss =
    String(seconds).padStart(2, '0') +
    (millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`.replace(/0+$/, ''));
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** A time window as a half-open interval of event time: "[0:00, 5:00)". */
export function formatWindow(w: { startMs: number; endMs: number }): string {
  return `[${formatEventTime(w.startMs)}, ${formatEventTime(w.endMs)})`;
}
