import type { LogRecord, LogView } from '../engine';

/** The part of a partition's log that is drawn: the newest records, at most `maxDrawn`. */
export interface LogWindow {
  /** First drawn offset. */
  readonly fromOffset: number;
  /** One past the last drawn offset: the log end offset. */
  readonly toOffset: number;
  /** Records in the log before the window (not drawn; counted next to an ellipsis). */
  readonly omitted: number;
  readonly records: readonly LogRecord[];
}

/** O(maxDrawn): a long log costs no more per frame than a short one. */
export function logWindow(log: LogView, maxDrawn: number): LogWindow {
  const logEndOffset = log.startOffset + log.length;
  const fromOffset = Math.max(log.startOffset, logEndOffset - Math.max(0, maxDrawn));
  const records: LogRecord[] = [];
  for (let i = fromOffset - log.startOffset; i < log.length; i++) records.push(log.records[i]);
  return { fromOffset, toOffset: logEndOffset, omitted: fromOffset - log.startOffset, records };
}
