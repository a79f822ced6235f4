import { createHeapWalk, createStringTable, type HeapWalk } from './heapEstimate';
import { MAX_RECORDS_HELD, snapshot } from '../engine';
import type { Command, MemoryStop, Snapshot, TraceEvent } from '../engine';
import type { CompiledScenario } from '../scenario';
import type { Activity } from './activity';
import { createEventLog, type EventLog } from './eventLog';
import type { EventEntry } from './eventRing';
import type { MetricsSeries } from './metrics';
import {
  Run,
  runEntries,
  type ExpectationResults,
  type Narration,
  type PartitionCountChange,
  type RunCheckpoint,
  type RunCheckpointBuild,
  type RunEntry,
} from './run';
import type { SessionEntry } from './session';
import { markersOf, type TimelineMarker } from './timelineMarkers';

export {
  METRICS_SAMPLE_MS,
  type ExpectationResults,
  type Narration,
  type PartitionCountChange,
} from './run';

/** The run's timeline: its notable moments, and how far ahead it has been computed. */
export interface TimelineIndex {
  /** In trace order. The same array until one is added or the run forks. */
  readonly markers: readonly TimelineMarker[];
  /** Checkpoints and markers exist up to here (virtual ms). */
  readonly indexedToMs: number;
  /** Where the timeline ends: the scenario's duration. */
  readonly endMs: number;
  /**
   * Whether the run, as far as indexed, has moments without an active controller (an
   * election after the active one stopped, or a quorum without a majority): the app keeps
   * the quorum notice's line for the whole run then, so the picture does not move down the
   * first time the notice shows (a seek to such a moment laid out the whole stage again).
   */
  readonly losesController: boolean;
}

/**
 * Where a trace shows a moment without an active controller: the quorum lost its majority,
 * or a new controller was elected (an election happens only when there is none).
 */
function firstControllerLoss(events: readonly TraceEvent[]): number {
  return events.findIndex((e) => e.type === 'quorumLost' || e.type === 'controllerMoved');
}

/** What the driver publishes into the store after it moved the world. */
export interface DriverFrame {
  readonly snapshot: Snapshot;
  /** Latest first; the same array as last frame when no event happened since. */
  readonly recentEvents: readonly EventEntry[];
  /**
   * Every event of the run (up to its capacity) for search; the same object for the whole
   * run. Only indices below `snapshot.eventCount` belong to the moment shown.
   */
  readonly eventLog: EventLog;
  readonly narration: Narration | null;
  /** Sampled throughput and lag over virtual time; the same object until a sample is added. */
  readonly metrics: MetricsSeries;
  /** Topic → partition count changes after creation (same object until one happens). */
  readonly partitionCountChanges: Readonly<Record<string, readonly PartitionCountChange[]>>;
  /** Recent truncations, ISR rejoins and revoked partitions (same object until one changes). */
  readonly activity: Activity;
  readonly timeline: TimelineIndex;
  /** The scenario's `expect` checks on this run so far (same array until one is checked). */
  readonly expectationResults: ExpectationResults;
  /**
   * Set once the run shown stopped to stay within its memory budget (it moves no further);
   * `indexStop` once the index did (it runs ahead: the moment the run will stop).
   */
  readonly memoryStop: MemoryStop | null;
  readonly indexStop: MemoryStop | null;
}

/**
 * Owns the mutable engine world, outside React and zustand state, and hands out immutable
 * snapshots. It moves the world forward (to a virtual time, or by one eventful step), and
 * back: a second run indexes the whole scenario ahead in small slices, leaving a checkpoint
 * every `CHECKPOINT_MS` and the timeline's markers; seeking restores the checkpoint at or
 * before the target and runs on from it. The engine's state at time T does not depend on how
 * T was reached, so playing, stepping and seeking all agree with one straight run.
 */
export interface SimulationDriver {
  /** A fresh run of `scenario` with `seed`, replaying `session` (the user's actions) on the way. */
  start(scenario: CompiledScenario, seed: number, session?: readonly SessionEntry[]): void;
  hasWorld(): boolean;
  timeMs(): number;
  /** Runs every task and command up to `targetMs` and sets the clock there (never backwards). */
  runUntil(targetMs: number): void;
  /** Runs until a step emits at least one event; false when nothing is left to run. */
  stepToEvent(): boolean;
  /** Goes to any moment, backwards or forwards (checkpoint + replay). */
  seek(targetMs: number): void;
  /** Back to the state just after the previous eventful step; false at the start. */
  stepBack(): boolean;
  /**
   * Applies a user's command at the current virtual time T (rounded up to a whole ms),
   * exactly as a replay will: after everything due at T. Actions the session had after T (the future of a run being looked
   * at in the past) are discarded: the run forks here. Returns the events it emitted and
   * how many later actions were discarded.
   */
  apply(command: Command): { events: readonly TraceEvent[]; discarded: number };
  /** The user's actions, in the order they apply. */
  session(): SessionEntry[];
  /** How many checkpoints the index holds (for the bench). */
  checkpointCount(): number;
  /** The checkpoints themselves, oldest first (for tests and the bench). */
  checkpointsHeld(): readonly RunCheckpoint[];
  /** Their estimated heap (heapEstimate.ts), kept under `CHECKPOINT_BUDGET_BYTES`. */
  checkpointHeapBytes(): number;
  /** Indexes ahead until `stop()` says so; true while there is more to index. */
  /**
   * `rehearse`: whether this time may also rehearse seeks (see REHEARSE_AT_CHECKPOINTS); the
   * app passes false while playing, when the idle time is better spent indexing.
   */
  indexAhead(stop: () => boolean, rehearse?: boolean): boolean;
  /** The timeline as indexed so far (what `frame().timeline` holds, without a snapshot). */
  timeline(): TimelineIndex;
  /**
   * The world where the latest rehearsed seek ended (see REHEARSE_AT_CHECKPOINTS), a new
   * snapshot after each; null before the first of this run. Not a moment shown: the view
   * draws it off screen, so that its drawing code is warm for the viewer's first seeks.
   */
  rehearsedMoment(): Snapshot | null;
  frame(): DriverFrame;
}

/**
 * Checkpoints sit on whole multiples of `CHECKPOINT_MS`, one once `CHECKPOINT_EVENTS` events
 * have happened since the last, and at least every `MAX_CHECKPOINT_GAP_MS`: a seek replays at
 * most about that much work, and a quiet run does not pay memory for checkpoints it does not
 * need (each holds a copy of the pending work, not of the logs, and shares what did not change
 * with the one before). 3 s: the seek bench's 10 minutes fit the budget at that spacing (201
 * checkpoints, ~117 KiB each) and a seek replays at most 3 s of it (was 5 s).
 */
export const CHECKPOINT_MS = 1000;
export const CHECKPOINT_EVENTS = 2000;
export const MAX_CHECKPOINT_GAP_MS = 3000;
/**
 * Heap the checkpoints of one run may hold (estimated, heapEstimate.ts). Past it, every other
 * checkpoint goes and the spacing rules double: a long or busy run keeps seeking possible in
 * bounded memory, each seek replaying at most twice as far per halving.
 */
export const CHECKPOINT_BUDGET_BYTES = 24 * 2 ** 20;

/**
 * The heap a checkpoint holds of its own is what its frozen world holds that no earlier
 * checkpoint counted (a part shared with an earlier checkpoint is counted there; `counted`
 * collects what has been), plus the slots of its side arrays and its logs' entries. The
 * side arrays' entries (recent events, metric samples) and the log records are shared with
 * the run and the other checkpoints, so counting them in each would count them many times.
 */
function sideHeapBytes(checkpoint: RunCheckpoint): number {
  const { side } = checkpoint;
  return (
    8 *
    (side.recentEvents.length + side.metricsSamples.length + checkpoint.world.logs.lengths.length)
  );
}

/** Values the heap estimate walks between asking whether to stop. */
const WALK_VALUES = 2000;

/**
 * Every other checkpoint, keeping the first (the run's start) and the last (where the
 * indexer is): what is left when the checkpoints outgrow their budget.
 */
export function thinOut<T>(items: readonly T[]): T[] {
  return items.filter((_, i) => i === 0 || i === items.length - 1 || i % 2 === 0);
}
/**
 * Virtual time the indexer runs between asking whether to stop. 100 ms of the 1,000-partition
 * bench took 3.3 ms (median, Node) and overran the 3 ms slice it runs in while playing; 20 ms
 * keeps a hop well inside it.
 */
export const INDEX_HOP_MS = 20;

/**
 * Checkpoint counts at which the indexer rehearses a seek: it restores the checkpoint before
 * the latest into a throwaway run and replays it to the latest, in hops like its own. A seek
 * runs code nothing else runs (restoring a checkpoint, then stepping a world of restored
 * objects); cold, the first seeks in a fresh page took 3-4 times as long as later ones (the
 * engine's part 16 ms against 4, bench:ui's seek case), which made them the slowest seeks a
 * viewer meets. Rehearsals early in the index warm the code the first minutes run; the counts
 * double so that a long run is rehearsed late too, where seeks meet what the early world has
 * not (failed brokers, elections, longer logs): with only 3, 6 and 12, the first 8 seeks of
 * bench:ui's seek case still took the engine 5.9 ms each against 3.4 for later ones; with
 * rehearsals up to 192 checkpoints, 4.2 against 3.2 (median of 4 page loads). Each ends with a
 * snapshot of its world (`rehearsedMoment`), which the view draws off screen to warm its own
 * code the same way.
 */
export const REHEARSE_AT_CHECKPOINTS: readonly number[] = [3, 6, 12, 24, 48, 96, 192, 384];

export function createSimulationDriver(
  eventLimit = 200,
  checkpointBudgetBytes = CHECKPOINT_BUDGET_BYTES,
  rehearseAt: readonly number[] = REHEARSE_AT_CHECKPOINTS,
  recordBudget: number = MAX_RECORDS_HELD,
): SimulationDriver {
  /** Every run the driver makes keeps to the records budget (see Run.memoryStop). */
  const budgeted = (run: Run): Run => {
    run.recordBudget = recordBudget;
    return run;
  };
  // The moment the index stopped for the memory budget: where the run will stop too.
  let indexStop: MemoryStop | null = null;
  let scenario: CompiledScenario | null = null;
  let seed = 0;
  let entries: readonly RunEntry[] = [];
  let main: Run | null = null;
  let indexer: Run | null = null;
  let checkpoints: RunCheckpoint[] = [];
  // Each checkpoint's estimated heap, and how far apart the budget makes them (1, 2, 4…).
  const checkpointBytes = new WeakMap<RunCheckpoint, number>();
  // The frozen objects counted so far, each in the first checkpoint that holds it. Let go once
  // the index is complete (a table of every object of every checkpoint: 2 MiB for the 8×32
  // bench's 96), `countedDropped`: a fork counts the checkpoints it keeps again first.
  let counted = new WeakSet<object>();
  let countedDropped = false;
  let spacing = 1;
  // The checkpoint being taken in parts, with the walk estimating its heap as they come.
  let building: { build: RunCheckpointBuild; walk: HeapWalk } | null = null;
  // After thinning, each checkpoint's heap counted again (in order: a part shared by a
  // checkpoint now gone is held by the next); one walk at a time, across idle slices.
  let recounting: { next: number; walk: HeapWalk | null } | null = null;
  // A rehearsed seek under way (see REHEARSE_AT_CHECKPOINTS), and how many have begun.
  let rehearsal: { run: Run; untilMs: number } | null = null;
  let rehearsed = 0;
  let rehearsedMoment: Snapshot | null = null;
  // The estimate's walk also puts one copy of each short string in place of the copies each
  // checkpoint's clone made (task kinds, topic names: ~2 MiB of the 8×32 bench's index).
  const strings = createStringTable();
  // Appended to in place as the indexer finds markers (O(1) each); published as a copy once
  // per change of `markersVersion`, so the cost per event does not grow with the run.
  let markers: TimelineMarker[] = [];
  let markersVersion = 0;
  let publishedVersion = -1;
  let timeline: TimelineIndex = { markers: [], indexedToMs: 0, endMs: 0, losesController: false };
  // The index of the first event that shows the run without an active controller, if found.
  let controllerLostAt: number | null = null;
  let recentEvents: readonly EventEntry[] = [];
  let recentVersion = -1;
  let recentOf: Run | null = null;
  let eventLog = createEventLog();
  // Both the main run and the indexer write the log; whichever is further ahead fills it.
  const onMainEvents: Run['onEvents'] = (events, first) => eventLog.record(first, events);

  const requireMain = (): Run => {
    if (main === null) throw new Error('No scenario is loaded');
    return main;
  };
  const endMs = (): number => scenario?.durationMs ?? 0;
  const onIndexedEvents: Run['onEvents'] = (events, first, entry) => {
    eventLog.record(first, events);
    if (controllerLostAt === null) {
      const at = firstControllerLoss(events);
      if (at !== -1) {
        controllerLostAt = first + at;
        markersVersion++; // The timeline is published again (`publishTimeline`).
      }
    }
    const found = markersOf(events, first, entry?.origin === 'session' ? entry.command : null);
    if (found.length === 0) return;
    markers.push(...found);
    markersVersion++;
  };
  /** A fork: a loss found at or after `eventIndex` was in the old future (found again if kept). */
  const forgetControllerLossFrom = (eventIndex: number): void => {
    if (controllerLostAt !== null && controllerLostAt >= eventIndex) controllerLostAt = null;
  };
  const publishTimeline = (): void => {
    const indexedToMs = indexer === null ? endMs() : indexer.timeMs;
    if (publishedVersion !== markersVersion || timeline.indexedToMs !== indexedToMs) {
      timeline = {
        markers: [...markers],
        indexedToMs,
        endMs: endMs(),
        losesController: controllerLostAt !== null,
      };
      publishedVersion = markersVersion;
    }
  };
  /** The latest checkpoint satisfying `ok`, or null. */
  const latestCheckpoint = (ok: (c: RunCheckpoint) => boolean): RunCheckpoint | null => {
    for (let i = checkpoints.length - 1; i >= 0; i--) if (ok(checkpoints[i])) return checkpoints[i];
    return null;
  };
  /** Starts taking the indexer's checkpoint; `buildCheckpoint` goes on with it. */
  const startCheckpoint = (run: Run): void => {
    building = {
      build: run.beginCheckpoint(checkpoints[checkpoints.length - 1] ?? null),
      walk: createHeapWalk(counted, strings),
    };
  };
  /** One piece of the checkpoint being taken: a part of the world, or some of its estimate. */
  const buildCheckpoint = (): void => {
    const { build, walk } = building!;
    if (walk.walk(WALK_VALUES) || build.step((part) => walk.add(part))) return;
    const checkpoint = build.finish();
    // What is new in the frozen world's own containers (its parts were walked as they came).
    walk.add(checkpoint.world.frozen);
    walk.walk(Infinity);
    checkpointBytes.set(checkpoint, walk.bytes() + sideHeapBytes(checkpoint));
    checkpoints.push(checkpoint);
    building = null;
    thinIfOverBudget();
  };
  /** Past the budget, every other checkpoint goes and the spacing rules double. */
  const thinIfOverBudget = (): void => {
    if (checkpoints.length <= 2 || heldBytes() <= checkpointBudgetBytes) return;
    checkpoints = thinOut(checkpoints);
    spacing *= 2;
    counted = new WeakSet<object>();
    recounting = { next: 0, walk: null };
  };
  /** One piece of the recount: some of one checkpoint's estimate. */
  const recount = (): void => {
    const state = recounting!;
    if (state.walk === null) {
      state.walk = createHeapWalk(counted, strings);
      state.walk.add(checkpoints[state.next].world.frozen);
    }
    if (state.walk.walk(WALK_VALUES)) return;
    const checkpoint = checkpoints[state.next];
    checkpointBytes.set(checkpoint, state.walk.bytes() + sideHeapBytes(checkpoint));
    state.next++;
    state.walk = null;
    if (state.next < checkpoints.length) return;
    recounting = null;
    thinIfOverBudget();
  };
  /** Begins a rehearsed seek when the checkpoints reach the next count that asks for one. */
  const rehearsalDue = (): boolean => {
    const at = rehearseAt[rehearsed];
    if (at === undefined || checkpoints.length < at) return false;
    rehearsed++;
    const from = checkpoints[checkpoints.length - 2];
    // Events go nowhere: the run is thrown away, and the event log is the real runs'.
    rehearsal = {
      run: budgeted(Run.restore(scenario!, from, entries, eventLimit, () => {})),
      untilMs: checkpoints[checkpoints.length - 1].world.atMs,
    };
    return true;
  };
  /** A hop of the rehearsed seek; its run is let go when it reaches its end. */
  const rehearse = (): void => {
    const { run, untilMs } = rehearsal!;
    run.runUntil(Math.min(untilMs, run.timeMs + INDEX_HOP_MS));
    if (run.timeMs < untilMs) return;
    rehearsedMoment = snapshot(run.world);
    rehearsal = null;
  };
  /** Runs the indexer a little (small hops, so `stop` is asked often), starting a checkpoint where one is due. */
  const hop = (run: Run, end: number): void => {
    const last = checkpoints[checkpoints.length - 1].world;
    const boundary = Math.floor(run.timeMs / CHECKPOINT_MS) * CHECKPOINT_MS + CHECKPOINT_MS;
    run.runUntil(Math.min(end, boundary, run.timeMs + INDEX_HOP_MS));
    if (run.timeMs < Math.min(end, boundary)) return;
    const gapMs = run.timeMs - last.atMs;
    const due =
      run.timeMs >= end ||
      (gapMs >= CHECKPOINT_MS * spacing &&
        (run.eventCount - last.eventCount >= CHECKPOINT_EVENTS * spacing ||
          gapMs >= MAX_CHECKPOINT_GAP_MS * spacing));
    if (due) startCheckpoint(run);
  };
  /** Takes a checkpoint at once (the run's start, an index starting over). */
  const takeCheckpointNow = (run: Run): void => {
    startCheckpoint(run);
    while (building !== null) buildCheckpoint();
  };
  const heldBytes = (): number =>
    checkpoints.reduce((n, c) => n + (checkpointBytes.get(c) ?? 0), 0);
  const restoreMain = (checkpoint: RunCheckpoint): Run => {
    main = budgeted(Run.restore(scenario!, checkpoint, entries, eventLimit, onMainEvents));
    return main;
  };

  return {
    start(compiled, runSeed, session = []) {
      scenario = compiled;
      seed = runSeed;
      entries = runEntries(compiled, session);
      eventLog = createEventLog();
      main = budgeted(Run.start(compiled, seed, entries, eventLimit, onMainEvents));
      markers = [];
      controllerLostAt = null;
      indexer = budgeted(Run.start(compiled, seed, entries, eventLimit, onIndexedEvents));
      checkpoints = [];
      counted = new WeakSet<object>();
      countedDropped = false;
      spacing = 1;
      building = null;
      recounting = null;
      rehearsal = null;
      rehearsed = 0;
      rehearsedMoment = null;
      indexStop = null;
      takeCheckpointNow(indexer);
      markersVersion++;
      publishTimeline();
    },
    hasWorld: () => main !== null,
    timeMs: () => main?.timeMs ?? 0,
    runUntil(targetMs) {
      requireMain().runUntil(targetMs);
    },
    stepToEvent() {
      const run = requireMain();
      for (;;) {
        const { ran, events } = run.stepOnce();
        if (!ran) return false;
        if (events > 0) return true;
      }
    },
    seek(targetMs) {
      const run = requireMain();
      const target = Math.max(0, targetMs);
      const checkpoint = latestCheckpoint((c) => c.world.atMs <= target);
      const aheadOfCheckpoint = checkpoint === null || run.timeMs >= checkpoint.world.atMs;
      if (run.timeMs <= target && aheadOfCheckpoint) run.runUntil(target);
      else if (checkpoint !== null) restoreMain(checkpoint).runUntil(target);
    },
    stepBack() {
      const run = requireMain();
      const current = run.eventCount;
      const checkpoint = latestCheckpoint(
        (c) => c.world.eventCount < current && c.world.atMs <= run.timeMs,
      );
      if (checkpoint === null) return false;
      // Pass 1: which event count did the step before the current one leave?
      const probe = budgeted(Run.restore(scenario!, checkpoint, entries, 1));
      let previous = checkpoint.world.eventCount;
      let last = previous;
      while (probe.eventCount < current) {
        const { ran, events } = probe.stepOnce();
        if (!ran) break;
        if (events > 0) {
          previous = last;
          last = probe.eventCount;
        }
      }
      // Pass 2: replay to just after that step.
      const back = restoreMain(checkpoint);
      while (back.eventCount < previous) if (!back.stepOnce().ran) break;
      return true;
    },
    apply(command) {
      const run = requireMain();
      // On the next whole millisecond: scenario steps are timed in whole ms, so a session
      // exports as a scenario file that replays it exactly.
      run.runUntil(Math.ceil(run.timeMs));
      const atMs = run.timeMs;
      const applied = run.cursor.next;
      // Forking: later user actions belong to a future that is being replaced.
      const future = entries.slice(applied);
      const discarded = future.filter((e) => e.origin === 'session').length;
      const entry: RunEntry = { atMs, command, origin: 'session' };
      entries = [
        ...entries.slice(0, applied),
        entry,
        ...future.filter((e) => e.origin === 'scenario'),
      ];
      const before = run.eventCount;
      // What the indexer recorded past this moment was the old future.
      eventLog.truncate(before);
      run.forgetExpectationsFrom(atMs);
      run.applyAtCursor(entries);
      const events = run
        .latestEvents()
        .filter((e) => e.index >= before)
        .map((e) => e.event)
        .reverse();
      // The index past this moment described the old future: index again from before it.
      checkpoints = checkpoints.filter((c) => c.world.atMs < atMs);
      building = null;
      rehearsal = null; // It replays the old session; those left to do use the new one.
      indexStop = null; // The new future is indexed again.
      if (recounting !== null || countedDropped) {
        counted = new WeakSet<object>();
        recounting = { next: 0, walk: null };
      }
      countedDropped = false;
      if (checkpoints.length === 0) {
        // An action at time 0: start the index over.
        indexer = budgeted(Run.start(scenario!, seed, entries, eventLimit, onIndexedEvents));
        markers = markers.filter((m) => m.eventIndex < indexer!.eventCount);
        forgetControllerLossFrom(indexer.eventCount);
        markersVersion++;
        checkpoints = [];
        counted = new WeakSet<object>();
        recounting = null;
        takeCheckpointNow(indexer);
      } else {
        const from = checkpoints[checkpoints.length - 1];
        indexer = budgeted(Run.restore(scenario!, from, entries, eventLimit, onIndexedEvents));
        markers = markers.filter((m) => m.eventIndex < from.world.eventCount);
        forgetControllerLossFrom(from.world.eventCount);
        markersVersion++;
      }
      publishTimeline();
      return { events, discarded };
    },
    session() {
      return entries
        .filter((e) => e.origin === 'session')
        .map((e) => ({ atMs: e.atMs, command: e.command }));
    },
    checkpointCount: () => checkpoints.length,
    checkpointsHeld: () => checkpoints,
    checkpointHeapBytes: heldBytes,
    timeline() {
      publishTimeline();
      return timeline;
    },
    rehearsedMoment: () => rehearsedMoment,
    indexAhead(stop, mayRehearse = true) {
      if (indexer === null) return false;
      const end = endMs();
      // A recount, then a checkpoint being taken, come before running on: the indexer's
      // world waits while its checkpoint is taken in parts.
      while (!stop()) {
        if (recounting !== null) recount();
        else if (building !== null) buildCheckpoint();
        else if (mayRehearse && (rehearsal !== null || rehearsalDue())) rehearse();
        else if (indexer.timeMs < end && indexer.memoryStop === null) hop(indexer, end);
        else break;
      }
      // An index stopped by the memory budget is complete: the run ends there.
      const running = indexer.timeMs < end && indexer.memoryStop === null;
      const more = running || building !== null || recounting !== null || rehearsal !== null;
      publishTimeline();
      // Done: its last checkpoint stands for it. A fork restores an indexer from a checkpoint
      // (and counts the checkpoints it keeps again before it takes another).
      if (!more) {
        indexStop = indexer.memoryStop;
        indexer = null;
        counted = new WeakSet<object>();
        countedDropped = true;
      }
      return more;
    },
    frame() {
      const run = requireMain();
      if (recentOf !== run || recentVersion !== run.eventsVersion) {
        recentEvents = run.latestEvents();
        recentVersion = run.eventsVersion;
        recentOf = run;
      }
      publishTimeline();
      return {
        snapshot: snapshot(run.world),
        recentEvents,
        eventLog,
        narration: run.narration,
        metrics: run.metrics.series(),
        partitionCountChanges: run.countChanges,
        activity: run.activity,
        timeline,
        expectationResults: run.expectationResults,
        memoryStop: run.memoryStop,
        indexStop: indexer?.memoryStop ?? indexStop,
      };
    },
  };
}
