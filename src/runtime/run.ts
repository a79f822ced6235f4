import {
  createMemoryWatch,
  runWatched,
  dict,
  own,
  byTime,
  createWorld,
  nextItemTime,
  restoreCheckpoint,
  runWithCommands,
  beginCheckpoint,
  snapshot,
  stepWithCommands,
  takeEmitted,
} from '../engine';
import type {
  Command,
  MemoryStop,
  MemoryWatch,
  TimedEntry,
  TraceEvent,
  World,
  WorldCheckpoint,
} from '../engine';
import type { Caption, CompiledScenario, ExpectationResult } from '../scenario';
import { EMPTY_ACTIVITY, reduceActivity, type Activity } from './activity';
import { createEventRing, type EventEntry, type EventRing } from './eventRing';
import { createMetricsRecorder, type MetricsRecorder, type MetricsSample } from './metrics';

/** The latest narration (`say` step), shown as a caption. */
export interface Narration {
  readonly text: string;
  readonly atMs: number;
  /**
   * Diagram elements the caption names (`Caption.focus`: `broker:2`, `log:orders-0`,
   * `record:orders-0@104`, …); the views keep them in sight and mark them.
   */
  readonly focus?: readonly string[];
  /** Its place in `CompiledScenario.captions` (absent for narration no step wrote). */
  readonly index?: number;
}

/**
 * The scenario's `expect` checks as this run meets them, in `CompiledScenario.expectations`
 * order: null while its moment has not passed, else the check's result on this run (which,
 * once the user acted, may differ from the original run's).
 */
export type ExpectationResults = readonly (ExpectationResult | null)[];

/** A topic's partition count from a moment on (`partitionsAdded`), for the inspector's "why". */
export interface PartitionCountChange {
  readonly atMs: number;
  readonly from: number;
  readonly to: number;
}

/** A command on the run's timeline: a scenario step, or a user's action from the session log. */
export interface RunEntry extends TimedEntry {
  readonly origin: 'scenario' | 'session';
}

/** Metrics sample spacing in virtual time. */
export const METRICS_SAMPLE_MS = 500;

/**
 * The scenario's commands in the order they apply (time, then file order), followed at equal
 * times by the user's: a user acting at T acts after the steps due at T have applied.
 */
export function runEntries(
  scenario: CompiledScenario,
  session: readonly { atMs: number; command: Command }[],
): RunEntry[] {
  const steps = byTime(scenario.commands).map((c): RunEntry => ({
    atMs: c.atMs,
    command: c.command,
    origin: 'scenario',
  }));
  const actions = session.map((s): RunEntry => ({ ...s, origin: 'session' }));
  return byTime([...steps, ...actions]);
}

/** What the view shows besides the world, folded from every event of the run. */
interface SideState {
  /**
   * The run's latest events, latest first: the one at i has index `latestEventIndex - i` (the
   * ring holds consecutive events), so their entries are made again on restore instead of
   * held (~20 bytes an event; a checkpoint holds up to 200).
   */
  readonly recentEvents: readonly TraceEvent[];
  readonly latestEventIndex: number;
  readonly narration: Narration | null;
  readonly countChanges: Readonly<Record<string, readonly PartitionCountChange[]>>;
  readonly activity: Activity;
  readonly metricsSamples: readonly MetricsSample[];
  readonly metricsNextAtMs: number;
  readonly expectationResults: ExpectationResults;
  /** The memory budget's watch (see Run.memoryStop): a restored run stops where this one did. */
  readonly memory: Readonly<MemoryWatch>;
}

/** A run's checkpoint being taken a part at a time (`finish` freezes what parts remain). */
export interface RunCheckpointBuild {
  step(onPart?: (part: unknown) => void): boolean;
  finish(): RunCheckpoint;
}

/** A run frozen at one moment, to restore (seek) or to run on from (index ahead). */
export interface RunCheckpoint {
  readonly world: WorldCheckpoint;
  readonly cursorNext: number;
  readonly side: SideState;
}

/**
 * One simulated run: the engine world, its command timeline, and what the view folds from
 * its events (recent events, narration, partition-count changes, activity, metrics). Moves
 * forward only; going back is restoring a checkpoint.
 */
export class Run {
  world: World;
  readonly cursor: { entries: readonly RunEntry[]; next: number };
  private readonly ring: EventRing;
  narration: Narration | null = null;
  countChanges: Readonly<Record<string, readonly PartitionCountChange[]>> = dict();
  activity: Activity = EMPTY_ACTIVITY;
  metrics: MetricsRecorder;
  /** See `ExpectationResults`; a new array whenever one is checked. */
  expectationResults: ExpectationResults;
  private readonly scenario: CompiledScenario;
  /** Expectation indexes in the order they fall due (time, then file). */
  private readonly dueOrder: readonly number[];
  /** Caption index by "atMs text", to tell which caption a `narrated` event is. */
  private readonly captionIndex: ReadonlyMap<string, number>;
  /** Incremented whenever recent events change, so a frame knows to copy the ring. */
  eventsVersion = 0;
  /**
   * The memory budget's watch (MAX_RECORDS_HELD, or the app's `memoryBudget`): looked at on
   * whole multiples of MEMORY_CHECK_MS, as the headless run does, so a run stops at the same
   * moment in the CLI and the app; a stopped run moves no further.
   */
  private memory: MemoryWatch = createMemoryWatch();

  get memoryStop(): MemoryStop | null {
    return this.memory.stop;
  }

  /** Records the logs may hold. */
  set recordBudget(budget: number) {
    this.memory.budget = budget;
  }
  /** Called with each step's events as they are recorded (markers). */
  onEvents:
    ((events: readonly TraceEvent[], firstIndex: number, entry: RunEntry | null) => void) | null =
    null;

  private constructor(
    scenario: CompiledScenario,
    world: World,
    entries: readonly RunEntry[],
    eventLimit: number,
  ) {
    this.scenario = scenario;
    this.world = world;
    this.cursor = { entries, next: 0 };
    this.ring = createEventRing(eventLimit);
    this.metrics = createMetricsRecorder(METRICS_SAMPLE_MS);
    const expectations = scenario.expectations;
    this.expectationResults = expectations.map(() => null);
    this.dueOrder = expectations
      .map((_, i) => i)
      .sort((a, b) => expectations[a].atMs - expectations[b].atMs || a - b);
    this.captionIndex = captionIndexOf(scenario.captions);
  }

  /** A fresh run at time 0: world created from the scenario's setup with `seed`. */
  static start(
    scenario: CompiledScenario,
    seed: number,
    entries: readonly RunEntry[],
    eventLimit = 200,
    onEvents: Run['onEvents'] = null,
  ): Run {
    const world = createWorld({ ...scenario.setup, seed });
    const run = new Run(scenario, world, entries, eventLimit);
    run.onEvents = onEvents;
    run.record(takeEmitted(world), null);
    run.metrics.sample(snapshot(world));
    return run;
  }

  static restore(
    scenario: CompiledScenario,
    checkpoint: RunCheckpoint,
    entries: readonly RunEntry[],
    eventLimit = 200,
    onEvents: Run['onEvents'] = null,
  ): Run {
    const run = new Run(scenario, restoreCheckpoint(checkpoint.world), entries, eventLimit);
    run.cursor.next = checkpoint.cursorNext;
    run.onEvents = onEvents;
    const side = checkpoint.side;
    for (let i = side.recentEvents.length - 1; i >= 0; i--)
      run.ring.push({ index: side.latestEventIndex - i, event: side.recentEvents[i] });
    run.narration = side.narration;
    run.countChanges = side.countChanges;
    run.activity = side.activity;
    run.metrics = createMetricsRecorder(METRICS_SAMPLE_MS, {
      samples: side.metricsSamples,
      nextAtMs: side.metricsNextAtMs,
    });
    run.expectationResults = side.expectationResults;
    run.memory = { ...side.memory };
    return run;
  }

  /** `previous`: this run's last checkpoint, whose unchanged parts the new one shares. */
  checkpoint(previous: RunCheckpoint | null = null): RunCheckpoint {
    return this.beginCheckpoint(previous).finish();
  }

  /**
   * A checkpoint taken a part at a time (see `beginCheckpoint` in the engine); the run must
   * not move until it is finished.
   */
  beginCheckpoint(previous: RunCheckpoint | null = null): RunCheckpointBuild {
    const world = beginCheckpoint(this.world, previous?.world ?? null);
    const cursorNext = this.cursor.next;
    const recent = this.ring.latestFirst();
    const side: SideState = {
      recentEvents: recent.map((entry) => entry.event),
      latestEventIndex: recent.length > 0 ? recent[0].index : -1,
      narration: this.narration,
      countChanges: this.countChanges,
      activity: this.activity,
      metricsSamples: this.metrics.series().samples,
      metricsNextAtMs: this.metrics.nextSampleAtMs(),
      expectationResults: this.expectationResults,
      memory: { ...this.memory },
    };
    return {
      step: (onPart) => world.step(onPart),
      finish: () => ({ world: world.finish(), cursorNext, side }),
    };
  }

  get timeMs(): number {
    return this.world.nowMs;
  }

  get eventCount(): number {
    return this.world.eventCount;
  }

  latestEvents(): EventEntry[] {
    return this.ring.latestFirst();
  }

  /**
   * Runs every task and command due up to `targetMs`, sampling metrics and checking the
   * expectations whose moment it passes on the way.
   */
  runUntil(targetMs: number): void {
    const w = this.world;
    for (;;) {
      if (this.memoryStop !== null) return;
      const sampleAtMs = this.metrics.nextSampleAtMs();
      const checkAtMs = this.nextCheckAtMs(targetMs, true);
      if (sampleAtMs > targetMs && checkAtMs === null) break;
      if (checkAtMs !== null && checkAtMs <= sampleAtMs) {
        this.advance(checkAtMs);
        this.checkExpectationsAt(checkAtMs);
      } else {
        this.advance(sampleAtMs);
        this.metrics.sample(snapshot(w));
      }
    }
    this.advance(targetMs);
  }

  /**
   * The moment of the next expectation still unchecked, if running to `targetMs` passes it.
   * An expectation is checked once the run moves past its moment, so a user's action at that
   * very moment (which applies after the steps due then) is always seen by it, whether the
   * run got there live or by replay; at the scenario's end, where playback stops, it is
   * checked on arriving unless the user acted there.
   */
  private nextCheckAtMs(targetMs: number, arriving: boolean): number | null {
    const i = this.dueOrder.find((k) => this.expectationResults[k] === null);
    if (i === undefined) return null;
    const atMs = this.scenario.expectations[i].atMs;
    if (atMs < targetMs) return atMs;
    const atEnd = arriving && atMs >= this.scenario.durationMs && atMs <= targetMs;
    if (atEnd && !this.cursor.entries.some((e) => e.origin === 'session' && e.atMs >= atMs))
      return atMs;
    return null;
  }

  private checkExpectationsAt(atMs: number): void {
    const snap = snapshot(this.world);
    const results = [...this.expectationResults];
    this.scenario.expectations.forEach((e, i) => {
      if (e.atMs === atMs && results[i] === null) results[i] = e.check(snap);
    });
    this.expectationResults = results;
  }

  /**
   * Forgets the results of expectations at or after `atMs`: a user acted then, and they must
   * see the action (checked again as the run moves on, as a replay of the session would).
   */
  forgetExpectationsFrom(atMs: number): void {
    if (!this.scenario.expectations.some((e, i) => e.atMs >= atMs && this.expectationResults[i]))
      return;
    this.expectationResults = this.expectationResults.map((r, i) =>
      this.scenario.expectations[i].atMs >= atMs ? null : r,
    );
  }

  /**
   * Runs the next task or command; true when something ran (it may have emitted nothing).
   * Metrics due before it are sampled first, as `runUntil` would.
   */
  stepOnce(): { ran: boolean; events: number } {
    const next = nextItemTime(this.world, this.cursor);
    if (next === undefined) return { ran: false, events: 0 };
    // Samples and checks due before the item's moment happen first, as runUntil would do them.
    for (;;) {
      if (this.memoryStop !== null) return { ran: false, events: 0 };
      // The memory is looked at on its whole seconds whichever way the run moves.
      if (this.memory.nextCheckMs < next) {
        this.advance(this.memory.nextCheckMs);
        continue;
      }
      const sampleAtMs = this.metrics.nextSampleAtMs();
      const checkAtMs = this.nextCheckAtMs(next, false);
      if (sampleAtMs >= next && checkAtMs === null) break;
      if (checkAtMs !== null && checkAtMs <= sampleAtMs) {
        this.advance(checkAtMs);
        this.checkExpectationsAt(checkAtMs);
      } else {
        this.advance(sampleAtMs);
        this.metrics.sample(snapshot(this.world));
      }
    }
    const entry = this.cursor.entries[this.cursor.next] ?? null;
    const before = this.cursor.next;
    const events = stepWithCommands(this.world, this.cursor);
    if (events === null) return { ran: false, events: 0 };
    this.record(events, this.cursor.next > before ? entry : null);
    return { ran: true, events: events.length };
  }

  /**
   * Applies the timeline's next entry, which the caller has put at the cursor for time now:
   * everything due now runs first, so the command lands exactly where a replay applies it.
   */
  applyAtCursor(entries: readonly RunEntry[]): void {
    this.runUntil(this.world.nowMs);
    this.replaceEntries(entries);
    this.stepOnce();
  }

  /** Points the run at a new timeline whose past (before the cursor) is the same. */
  replaceEntries(entries: readonly RunEntry[]): void {
    this.cursor.entries = entries;
  }

  /** Runs to `targetMs`, in slices ending on the memory checks' moments (see `memory`). */
  private advance(targetMs: number): void {
    const w = this.world;
    runWatched(this.memory, w, targetMs, (to) => {
      runWithCommandsRecording(this, to);
      w.nowMs = Math.max(w.nowMs, to);
    });
  }

  private narrationOf(text: string, atMs: number): Narration {
    const index = this.captionIndex.get(`${atMs} ${text}`);
    if (index === undefined) return { text, atMs };
    const caption = this.scenario.captions[index];
    return { text, atMs, focus: caption.focus, index };
  }

  /** Folds one step's events into the side state. */
  record(events: readonly TraceEvent[], entry: RunEntry | null): void {
    if (events.length === 0) return;
    const first = this.world.eventCount - events.length;
    events.forEach((event, i) => {
      this.ring.push({ index: first + i, event });
      if (event.type === 'narrated') this.narration = this.narrationOf(event.text, event.atMs);
      else if (event.type === 'partitionsAdded') {
        // A new dict (the store notices a new object); topics are names, so no prototype.
        this.countChanges = dict([
          ...Object.entries(this.countChanges),
          [
            event.topic,
            [
              ...(own(this.countChanges, event.topic) ?? []),
              { atMs: event.atMs, from: event.from, to: event.to },
            ],
          ],
        ]);
      }
    });
    this.activity = reduceActivity(this.activity, events);
    this.eventsVersion++;
    this.onEvents?.(events, first, entry);
  }
}

function captionIndexOf(captions: readonly Caption[]): Map<string, number> {
  const index = new Map<string, number>();
  captions.forEach((c, i) => {
    const key = `${c.atMs} ${c.text}`;
    if (!index.has(key)) index.set(key, i);
  });
  return index;
}

/** runWithCommands, recording each step's events and which timeline entry (if any) it was. */
function runWithCommandsRecording(run: Run, targetMs: number): void {
  const cursor = run.cursor;
  let before = cursor.next;
  runWithCommands(run.world, cursor, targetMs, (events) => {
    const entry = cursor.next > before ? cursor.entries[cursor.next - 1] : null;
    before = cursor.next;
    run.record(events, entry);
  });
}
