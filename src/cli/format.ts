/** Number and time formatting shared by the run account and the bench table. */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234567 → "1,234,567". */
export function formatCount(n: number): string {
  return grouped.format(n);
}

/** "1 record", "5 records". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${formatCount(n)} ${n === 1 ? singular : pluralForm}`;
}

/** A moment of virtual time for the timeline column: seconds with millisecond precision, "12.345 s". */
export function formatAtMs(ms: number): string {
  return `${(ms / 1000).toFixed(3)} s`;
}

/** A span of time in words: "250 ms", "10 s", "1.5 s", "2 min 30 s". */
export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${trimNumber(ms)} ms`;
  if (ms < 60_000) return `${trimNumber(ms / 1000)} s`;
  const minutes = Math.floor(ms / 60_000);
  const rest = ms - minutes * 60_000;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${trimNumber(rest / 1000)} s`;
}

function trimNumber(n: number): string {
  return String(Number(n.toFixed(3)));
}

/** Bytes as MiB with one decimal: "123.4 MiB". */
export function formatMiB(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

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
