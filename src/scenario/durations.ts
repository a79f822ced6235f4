/**
 * Durations in scenario files: "250ms", "2s", "1.5s", "1m", "1m30s", "1h", or a plain
 * number of milliseconds. Components run from hours down to milliseconds, each at most once;
 * the total must be a whole number of milliseconds (the engine's clock is in milliseconds).
 */

export type DurationResult = { ok: true; value: number } | { ok: false; message: string };

/** The string form, for the JSON Schema (`parseDuration` checks the rest: whole ms). */
export const DURATION_PATTERN =
  '^(?=\\d)(?:\\d+(?:\\.\\d+)?h)?(?:\\d+(?:\\.\\d+)?m(?!s))?(?:\\d+(?:\\.\\d+)?s)?(?:\\d+(?:\\.\\d+)?ms)?$';

const COMPONENT = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;
const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };
const UNIT_ORDER = ['h', 'm', 's', 'ms'];

export const DURATION_HINT =
  'a duration such as "250ms", "2s", "1.5s", "1m30s", or a number of milliseconds';

/** Parses a duration to milliseconds. Never throws. */
export function parseDuration(input: string | number): DurationResult {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: `expected ${DURATION_HINT}` };
    if (input < 0) return { ok: false, message: 'a duration cannot be negative' };
    if (!Number.isInteger(input))
      return { ok: false, message: `durations are whole milliseconds (got ${input})` };
    return { ok: true, value: input };
  }
  if (typeof input !== 'string') return { ok: false, message: `expected ${DURATION_HINT}` };
  const text = input.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    return {
      ok: false,
      message: `"${text}" has no unit: write "${text}ms" or "${text}s" (or the number ${text} without quotes for milliseconds)`,
    };
  }
  if (text.length === 0 || text.length > 64)
    return { ok: false, message: `expected ${DURATION_HINT}` };
  let ms = 0;
  let pos = 0;
  let lastUnit = -1;
  while (pos < text.length) {
    COMPONENT.lastIndex = pos;
    const m = COMPONENT.exec(text);
    if (m === null) return { ok: false, message: `"${text}" is not ${DURATION_HINT}` };
    const unit = UNIT_ORDER.indexOf(m[2]);
    if (unit <= lastUnit) {
      return {
        ok: false,
        message: `"${text}": write the parts from hours down to milliseconds, each once (like "1h2m3s")`,
      };
    }
    lastUnit = unit;
    ms += Number(m[1]) * UNIT_MS[m[2]];
    pos = COMPONENT.lastIndex;
  }
  const whole = Math.round(ms);
  if (Math.abs(ms - whole) > 1e-6)
    return { ok: false, message: `"${text}" is ${ms}ms: durations are whole milliseconds` };
  return { ok: true, value: whole };
}

/**
 * Formats milliseconds the way scenario files write them: 250 → "250ms", 1500 → "1.5s",
 * 90000 → "1m30s", 3600000 → "1h". `parseDuration(formatDuration(ms))` gives back `ms` for
 * every whole ms ≥ 0. Fractional ms (engine times with jitter) keep three decimals.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${trim(ms, 3)}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  let out = '';
  if (hours > 0) out += `${hours}h`;
  if (minutes > 0) out += `${minutes}m`;
  if (seconds > 0) out += `${trim(seconds, 6)}s`;
  return out;
}

function trim(n: number, decimals: number): string {
  return String(Number(n.toFixed(decimals)));
}
