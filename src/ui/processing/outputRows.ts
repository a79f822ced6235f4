import { STREAMS_HISTORY_CAP, type EmittedRow, type StreamsQueryView } from '../../engine';
import { formatWindow } from '../../runtime';

/**
 * The output list's words for the rows a query wrote to its sink topic: the key with its
 * window as kafkascope writes windows (`4111@[0:00, 5:00)`), why the row was emitted, what
 * HAVING decided, and how many updates the record cache folded into it.
 */

/** `4111@[0:00, 5:00)`: the record key (the group key) and, windowed, its half-open window. */
export function outputKeyText(row: Pick<EmittedRow, 'key' | 'window'>): string {
  const key = row.key ?? '(no key)';
  return row.window === null ? key : `${key}@${formatWindow(row.window)}`;
}

/** Why the row was written, in a few words. */
export function reasonText(reason: EmittedRow['reason']): string {
  switch (reason) {
    case 'update':
      return 'update (record cache off)';
    case 'cache flush':
      return 'cache flush at a commit';
    case 'window close':
      return 'window closed (EMIT FINAL)';
  }
}

/** HAVING's change of mind, or null when it had none. */
export function havingText(having: EmittedRow['having']): string | null {
  switch (having) {
    case 'entered':
      return 'now passes HAVING';
    case 'left':
      return 'no longer passes HAVING → tombstone';
    case null:
      return null;
  }
}

/**
 * How many counted inputs of the row's key and window the task saw since the previous row of
 * that key and window (or the start of the history): what a cache flush folded into one row.
 */
export function updatesIn(query: StreamsQueryView, row: EmittedRow): number {
  const w = row.window;
  const previous = query.outputs
    .filter(
      (o) =>
        o.seq < row.seq &&
        o.key === row.key &&
        o.window?.startMs === w?.startMs &&
        o.window?.endMs === w?.endMs,
    )
    .at(-1);
  const fromMs = previous?.atMs ?? -Infinity;
  return query.inputs.filter(
    (i) =>
      i.outcome === 'counted' &&
      i.key === row.key &&
      i.processedAtMs > fromMs &&
      i.processedAtMs <= row.atMs &&
      (w === null || (i.timestampMs >= w.startMs && i.timestampMs < w.endMs)),
  ).length;
}

/**
 * Counted inputs against rows written, over the stretch of time both bounded histories still
 * cover (each keeps the last {@link STREAMS_HISTORY_CAP}): the record cache's effect in numbers.
 */
export function inputsVsRows(query: StreamsQueryView): { inputs: number; rows: number } {
  const full = (n: number) => n >= STREAMS_HISTORY_CAP;
  const fromMs = Math.max(
    full(query.inputs.length) ? query.inputs[0].processedAtMs : -Infinity,
    full(query.outputs.length) ? query.outputs[0].atMs : -Infinity,
  );
  return {
    inputs: query.inputs.filter((i) => i.outcome === 'counted' && i.processedAtMs >= fromMs).length,
    rows: query.outputs.filter((o) => o.atMs >= fromMs).length,
  };
}

/**
 * One line on what the record cache (or EMIT FINAL) did to the number of rows. With HAVING the
 * counts alone cannot tell the cache's part from HAVING's (rows that never pass are not
 * written either), so only a query without HAVING is said to have had its updates collapsed.
 */
export function collapseHint(query: StreamsQueryView): string {
  const { inputs, rows } = inputsVsRows(query);
  const counts = `${inputs} counted input${inputs === 1 ? '' : 's'} → ${rows} row${rows === 1 ? '' : 's'}`;
  if (query.emit === 'FINAL')
    return `EMIT FINAL: one row per key and window, when the window closes (${counts}).`;
  if (!query.cacheEnabled)
    return query.hasHaving
      ? `Record cache off: every update goes downstream; HAVING holds back rows that never pass (${counts}).`
      : `Record cache off: every update goes downstream (${counts}).`;
  if (query.hasHaving)
    return `Record cache on: a window's updates between two commits leave as one row, and HAVING holds back rows that never pass (${counts}).`;
  return inputs > rows
    ? `The record cache collapsed updates: ${counts}. A window's updates between two commits leave as one row.`
    : `Record cache on: a window's updates between two commits leave as one row (${counts}).`;
}
