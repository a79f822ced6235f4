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

export { formatEventTime } from '../runtime/index.ts';
