import type { Command } from './commands';
import type { TraceEvent } from './events';
import { applyCommand, step, takeEmitted } from './simulation';
import { nextTaskTime, type World } from './world';

/** A command due at a moment of virtual time: a scenario step or a user's action. */
export interface TimedEntry {
  readonly atMs: number;
  readonly command: Command;
}

/**
 * Commands waiting to be applied, oldest first, and how many have been. A command at T is
 * applied after every task due at T, exactly as a person's click at T is (the world has
 * already run to T when they click). So a scenario step and the same action taken by hand
 * give the same trace, which is what makes a session exportable as a scenario file.
 */
export interface CommandCursor {
  entries: readonly TimedEntry[];
  next: number;
}

export function createCursor(entries: readonly TimedEntry[]): CommandCursor {
  return { entries, next: 0 };
}

/** The next task or command's time (tasks first on a tie), or undefined when nothing is left. */
export function nextItemTime(world: World, cursor: CommandCursor): number | undefined {
  const task = nextTaskTime(world);
  const command = cursor.entries[cursor.next]?.atMs;
  if (command === undefined) return task;
  if (task === undefined) return Math.max(command, world.nowMs);
  return Math.max(world.nowMs, Math.min(task, command));
}

/**
 * Runs the next item: a task, or the next command once no task is due at or before its
 * time. Returns the events it emitted, or null when nothing is left.
 */
export function stepWithCommands(world: World, cursor: CommandCursor): TraceEvent[] | null {
  const entry = cursor.entries[cursor.next];
  const task = nextTaskTime(world);
  if (entry !== undefined && (task === undefined || task > entry.atMs)) {
    world.nowMs = Math.max(world.nowMs, entry.atMs);
    cursor.next++;
    takeEmitted(world);
    applyCommand(world, entry.command);
    return takeEmitted(world);
  }
  return step(world);
}

/** What `onStep` may answer: `'stop'` ends the run at this step (a fuzzer's first violation). */
export type StepVerdict = void | 'stop';

/**
 * `runUntil` with commands, the one run loop of the app, the scenario runner, the fuzzer and
 * the test harness: every task and command due at or before `untilMs`, in order, then the
 * clock set to `untilMs`. `onStep` sees each step's events (possibly none), e.g. to check
 * invariants after every step; if it answers `'stop'` the run ends there, clock unmoved.
 */
export function runWithCommands(
  world: World,
  cursor: CommandCursor,
  untilMs: number,
  onStep?: (events: TraceEvent[]) => StepVerdict,
): void {
  for (;;) {
    const next = nextItemTime(world, cursor);
    if (next === undefined || next > untilMs) break;
    const events = stepWithCommands(world, cursor);
    if (events === null) break;
    if (onStep?.(events) === 'stop') return;
  }
  world.nowMs = Math.max(world.nowMs, untilMs);
}

/** Orders entries by time, keeping the given order among equal times (a stable sort). */
export function byTime<T extends { atMs: number }>(entries: readonly T[]): T[] {
  return entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => a.entry.atMs - b.entry.atMs || a.i - b.i)
    .map((x) => x.entry);
}
