import { closeSync, openSync, writeSync } from 'node:fs';
import type { TraceEvent } from '../engine/index.ts';
import { UsageError, type OutStream } from './io.ts';

/**
 * `--trace`: every engine event as one JSON object per line (JSONL), in order. Lines are
 * written out in chunks as the run goes, so a trace of millions of events never sits in memory.
 */
export interface TraceWriter {
  write(events: readonly TraceEvent[]): void;
  /** Flushes what is buffered and closes the file. */
  close(): void;
  /** Lines written so far. */
  readonly lines: number;
}

const CHUNK_CHARS = 1 << 16;

function bufferedWriter(flushChunk: (text: string) => void, closeTarget: () => void): TraceWriter {
  let buffer = '';
  let lines = 0;
  return {
    write(events) {
      for (const event of events) {
        buffer += `${JSON.stringify(event)}\n`;
        if (buffer.length >= CHUNK_CHARS) {
          flushChunk(buffer);
          buffer = '';
        }
      }
      lines += events.length;
    },
    close() {
      if (buffer.length > 0) flushChunk(buffer);
      buffer = '';
      closeTarget();
    },
    get lines() {
      return lines;
    },
  };
}

/** A trace file, created or truncated now so that a bad path is reported before the run. */
export function openTraceFile(path: string, shownAs: string): TraceWriter {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new UsageError(`cannot write the trace to "${shownAs}": ${describeFsError(error)}`);
  }
  return bufferedWriter(
    (text) => void writeSync(fd, text),
    () => closeSync(fd),
  );
}

export function streamTrace(out: OutStream): TraceWriter {
  return bufferedWriter(
    (text) => out.write(text),
    () => {},
  );
}

/** "no such file or directory" rather than "ENOENT: no such file or directory, open '/abs/path'". */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EISDIR':
      return 'it is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
