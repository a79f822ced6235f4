import type { StoreEntryView, StreamsAppView, StreamsQueryView } from '../../engine';
import { valueText } from './queryInfo';

/**
 * The state store inspector's rows: one per task, key and window, merging what the underlying
 * store holds (flushed) with the record cache in front of it. A dirty cache entry is an update
 * the store, its changelog and the sink have not seen yet: it reaches them at the next commit.
 */
export interface StoreRow {
  /** task|key|window start: stable across frames, for React's keys. */
  readonly id: string;
  readonly task: string;
  readonly key: string;
  readonly window: { readonly startMs: number; readonly endMs: number } | null;
  /** The aggregates, labelled ("ATTEMPTS" or "aggregate 0"), as the cache or store holds them now. */
  readonly values: readonly { readonly label: string; readonly text: string }[];
  /** A dirty row: what the underlying store still holds ("3"), or null when it holds nothing yet. */
  readonly storeText: string | null;
  readonly timestampMs: number;
  readonly passesHaving: boolean;
  readonly dirty: boolean;
}

/** Rows shown at most; the rest are counted ("+N more"). */
export const STORE_ROWS_SHOWN = 12;

const idOf = (e: StoreEntryView) => `${e.task}|${String(e.key)}|${e.window?.startMs ?? ''}`;

function valuesOf(e: StoreEntryView, labels: readonly string[]) {
  return Object.keys(e.value)
    .sort((a, b) => aggIndex(a) - aggIndex(b))
    .map((name) => ({
      label: labels[aggIndex(name)] ?? name,
      text: valueText(e.value[name]),
    }));
}

/** `KSQL_AGG_VARIABLE_3` → 3. */
function aggIndex(name: string): number {
  const m = /_(\d+)$/.exec(name);
  return m === null ? Number.MAX_SAFE_INTEGER : Number(m[1]);
}

/**
 * The rows, most relevant first: dirty entries (in the cache's last-update order), then the
 * latest updated (event time), then by task and key. At most `shown`, with the count left out.
 */
export function storeRows(
  query: StreamsQueryView,
  labels: readonly string[],
  shown = STORE_ROWS_SHOWN,
): { rows: StoreRow[]; more: number; dirty: number } {
  const byId = new Map<string, StoreRow>();
  for (const e of query.store)
    byId.set(idOf(e), {
      id: idOf(e),
      task: e.task,
      key: valueText(e.key),
      window: e.window,
      values: valuesOf(e, labels),
      storeText: null,
      timestampMs: e.timestampMs,
      passesHaving: e.passesHaving,
      dirty: false,
    });
  const dirtyOrder: string[] = [];
  for (const e of query.cache) {
    if (!e.dirty) continue;
    const id = idOf(e);
    const flushed = byId.get(id);
    dirtyOrder.push(id);
    byId.set(id, {
      id,
      task: e.task,
      key: valueText(e.key),
      window: e.window,
      values: valuesOf(e, labels),
      storeText: flushed === undefined ? null : flushed.values.map((v) => v.text).join(', '),
      timestampMs: e.timestampMs,
      passesHaving: e.passesHaving,
      dirty: true,
    });
  }
  const rank = new Map(dirtyOrder.map((id, i) => [id, i]));
  const all = [...byId.values()].sort(
    (a, b) =>
      (rank.get(a.id) ?? Infinity) - (rank.get(b.id) ?? Infinity) ||
      b.timestampMs - a.timestampMs ||
      a.task.localeCompare(b.task) ||
      a.key.localeCompare(b.key),
  );
  return {
    rows: all.slice(0, shown),
    more: all.length - Math.min(all.length, shown) + query.storeOmitted,
    dirty: dirtyOrder.length,
  };
}

/**
 * When the instance running `task` commits next, in ms from `nowMs` (never negative), with the
 * instance; null when the task has no running instance.
 */
export function nextCommitOf(
  app: StreamsAppView,
  query: StreamsQueryView,
  task: string,
  nowMs: number,
): { instance: string; inMs: number } | null {
  const instance = query.tasks.find((t) => t.id === task)?.instance ?? null;
  const at = app.instances.find((i) => i.id === instance)?.nextCommitAtMs ?? null;
  if (instance === null || at === null) return null;
  return { instance, inMs: Math.max(0, at - nowMs) };
}

/** A short span of time: "1.4 s", "250 ms", "2 min". */
export function spanText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
