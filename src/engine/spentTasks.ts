import { metadataOf } from './clientMetadata';
import { queueOfSorted } from './eventQueue';
import { own } from './names';
import type { ScheduledTask } from './tasks';
import type { World } from './world';

/**
 * A task that can no longer do anything when it fires: its handler would find what it names
 * gone for good (ids are never reused). Most request timeouts end this way: the answer came
 * first. They are left in the queue when the answer arrives (removing from the middle of a
 * heap would cost every push and pop), and dropped in bulk here.
 */
export function isSpentTask(world: World, task: ScheduledTask): boolean {
  if (task.kind === 'produceTimedOut') {
    // handleProduceTimedOut returns at once without its producer or its wire.
    const producer = own(world.producers, task.producer);
    return producer === undefined || producer.wires[task.requestId] === undefined;
  }
  if (task.kind === 'metadataMaxAge') {
    // handleMetadataMaxAge acts only on the client's latest timer; a later one replaced this.
    const metadata = metadataOf(world, task.client);
    return metadata !== undefined && metadata.maxAgeTaskSeq > task.seq;
  }
  // handleRetentionCheck acts only at the check time the world holds; an earlier one replaced this.
  if (task.kind === 'retentionCheck') return task.atMs !== world.retentionCheckAtMs;
  // handleCleanerPass, likewise, acts only at the pass time the world holds.
  if (task.kind === 'cleanerPass') return task.atMs !== world.cleanerPassAtMs;
  // handleFetchWaitExpired returns at once for a fetch that was answered or dropped.
  if (task.kind === 'fetchWaitExpired') return !world.fetches.has(task.fetchId);
  return false;
}

/**
 * Removes spent tasks from the queue. Tasks run in (atMs, seq) order and seq is unique, so a
 * sorted array is a valid heap that pops the remaining tasks exactly as before: the run is
 * unchanged, event for event. Returns how many were dropped.
 */
export function dropSpentTasks(world: World): number {
  const items = world.queue.items;
  const live = items.filter((task) => !isSpentTask(world, task));
  const dropped = items.length - live.length;
  if (dropped === 0) return 0;
  live.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
  world.queue = queueOfSorted(live);
  return dropped;
}
