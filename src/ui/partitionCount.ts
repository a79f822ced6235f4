import type { PartitionCountChange } from '../store';

/**
 * How many partitions a topic had at virtual time `atMs` (a record's send time, when the
 * partitioner ran), from the changes seen since the run began; `current` if none.
 */
export function partitionCountAt(
  changes: readonly PartitionCountChange[] | undefined,
  atMs: number,
  current: number,
): number {
  if (changes === undefined || changes.length === 0) return current;
  let count = changes[0].from;
  for (const c of changes) if (c.atMs <= atMs) count = c.to;
  return count;
}
