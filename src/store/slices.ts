import type { StateCreator } from 'zustand/vanilla';
import type { Command, MemoryStop, Snapshot } from '../engine';
import type {
  Activity,
  EventEntry,
  EventLog,
  ExpectationResults,
  MetricsSeries,
  Narration,
  PartitionCountChange,
  SessionEntry,
  TimelineIndex,
} from '../runtime';
import type { AnswerOutcome, CompiledScenario, ParseResult, ScenarioProblem } from '../scenario';
import type { Autosave } from './autosave';
import type { DeferredDriver } from './deferredDriver';
import type { FirstFrame } from './firstFrame';
import type { Host } from './host';
import type {
  CaptionPlacement,
  ChromeName,
  DisplayOptions,
  LaunchOptions,
  ThemeName,
  ViewName,
} from './launchOptions';

/** The parts of the scenario layer the store uses (loaded lazily: it brings the YAML parser). */
export interface ScenarioModule {
  loadScenario(text: string, fileName?: string): ParseResult<CompiledScenario>;
  formatProblem(problem: ScenarioProblem, fileName?: string): string;
  /** The scenario's text with the user's actions appended as timed steps (and the seed set). */
  exportSessionAsScenario(
    sourceText: string,
    log: readonly SessionEntry[],
    options?: { seed?: number },
  ): { ok: true; text: string } | { ok: false; message: string };
}

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'failed';

/** Something the page must tell the viewer instead of showing a simulation. */
export interface AppProblem {
  kind: 'options' | 'fetch' | 'scenario' | 'simulation' | 'budget';
  title: string;
  details: readonly string[];
}

/** Where the current scenario came from: a built-in file (lessons) or text (a file, the editor, a link). */
export type ScenarioSource =
  | { readonly kind: 'builtin'; readonly name: string }
  | { readonly kind: 'text'; readonly fileName: string };

export interface ScenarioSlice {
  scenarioName: string | null;
  scenarioSource: ScenarioSource | null;
  /** The current scenario's file text, exactly as loaded (for the editor, links and export). */
  scenarioText: string | null;
  /** The served file the scenario came from, for messages ("scenarios/default.yaml"). */
  scenarioFile: string | null;
  scenario: CompiledScenario | null;
  seed: number | null;
  loadStatus: LoadStatus;
  /**
   * The picture is a built-in scenario's first frame, computed at build time, while the
   * engine loads (`loadStatus` is 'loading'): nothing says "Loading" over it.
   */
  showingFirstFrame: boolean;
  problems: readonly AppProblem[];
  /** Fetches, parses and compiles a scenario, then starts it as the options say. */
  loadScenario(options: LaunchOptions): Promise<void>;
  /**
   * Opens a scenario file the user chose. A file with problems is reported and the current
   * run carries on untouched.
   */
  openScenarioText(text: string, fileName: string): Promise<void>;
  /** Opens a built-in scenario or lesson by name (`scenarios/<name>.yaml`) and plays it. */
  openBuiltin(name: string): Promise<void>;
  /** Hides the problems of a file that was not opened. */
  dismissProblems(): void;
  /** A chosen file could not be read at all (too large, unreadable). */
  reportFileProblem(fileName: string, message: string): void;
}

export interface PlaybackSlice {
  playing: boolean;
  /** Virtual milliseconds per wall-clock millisecond. */
  speed: number;
  timeMs: number;
  snapshot: Snapshot | null;
  recentEvents: readonly EventEntry[];
  /** Every event of the run so far (for search); null before a run starts. */
  eventLog: EventLog | null;
  narration: Narration | null;
  /** Brokers the controller has fenced (may not lead or be in an ISR). */
  metrics: MetricsSeries | null;
  partitionCountChanges: Readonly<Record<string, readonly PartitionCountChange[]>>;
  /** Recent truncations, ISR rejoins and revoked partitions, folded from every event. */
  activity: Activity;
  /** Notable moments and how far ahead the run is indexed (checkpoints for seeking). */
  timeline: TimelineIndex | null;
  /**
   * Where the indexer's latest rehearsed seek ended (SimulationDriver.rehearsedMoment): not
   * shown, drawn off screen by the cluster view to warm its code for the first seeks.
   */
  rehearsedMoment: Snapshot | null;
  /** The scenario's `expect` checks on this run: null until the run passes its moment. */
  expectationResults: ExpectationResults;
  /** Set once the run shown stopped at its memory budget; `indexStop`: where it will. */
  memoryStop: MemoryStop | null;
  indexStop: MemoryStop | null;
  /** Wall time (host clock) the caption on screen appeared; null with no caption. */
  captionShownAtMs: number | null;
  /**
   * Caption pacing (on unless `?pace=off`): playback holds each caption on screen at least
   * its reading time (`Caption.readingMs`) of wall time, at any speed, by pausing virtual time
   * just before the next caption until then.
   */
  captionPacing: boolean;
  setCaptionPacing(on: boolean): void;
  /**
   * While playback waits for the caption on screen to be read: until when (wall time) and
   * which caption (its index). `playing` stays true; time resumes by itself.
   */
  hold: { readonly untilWallMs: number; readonly captionIndex: number } | null;
  /** Ends the current hold now; that caption is not held for again. */
  skipHold(): void;
  /** Playing toward a moment, where playback stops (a presenter's "next", settling after the end). */
  moveTo: { readonly atMs: number; readonly speed: number } | null;
  /** Plays from now to `atMs` (at `speed`, default the speed set) and pauses there. */
  playTo(atMs: number, speed?: number): void;
  /**
   * A presenter's "next": plays the motion from now to the next caption, fast enough to take
   * at most `NEXT_CAPTION_MAX_WALL_MS`, and stops there. Uses `scenario.captions`, so it works
   * before the timeline has indexed anything.
   */
  nextCaption(): void;
  /** Back to the previous caption's moment (the one on screen, when past its moment), paused. */
  previousCaption(): void;
  /**
   * Builds the world for the loaded scenario at time 0 (replaying `session`, the user's
   * actions of a shared link or a saved session), then optionally runs to `untilMs`.
   */
  startRun(options: {
    untilMs: number | null;
    play: boolean;
    session?: readonly SessionEntry[];
  }): void;
  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Pauses, then runs tasks until one emits an event. */
  stepOnce(): void;
  /** Rebuilds the world from the compiled scenario at time 0 (same seed, or `seed`). */
  restart(seed?: number): void;
  setSpeed(speed: number): void;
  /** Runs forward to a virtual time (never backwards) and pauses there. */
  runTo(timeMs: number): void;
  /** Pauses and goes to any moment of the run, backwards or forwards. */
  seek(timeMs: number): void;
  /** Pauses and goes back to just after the previous event (false at the start). */
  stepBack(): boolean;
  /** Makes sure the timeline keeps indexing ahead in idle frame time until it is complete. */
  scheduleIndexing(): void;
  /**
   * The question (`ask` step) on screen: playing into its moment pauses the run there and
   * asks it; null when none is open. A seek, a restart or Continue closes it.
   */
  question: OpenQuestion | null;
  /** Whether playback stops at questions (on unless `?questions=off`). */
  asking: boolean;
  /** The viewer's answer: the run plays to the reveal moment, then says right or wrong. */
  answerQuestion(given: GivenAnswer): void;
  /** Reveals without an answer (a presenter's next press, "Show the answer"). */
  revealAnswer(): void;
  /** Closes the question; `play`: and goes on playing. */
  closeQuestion(play: boolean): void;
  /** Right answers at the first try, per scenario, as kept in the browser. */
  quizScores: QuizScores;
  /**
   * When (virtual ms) this run reached its challenge's goal by the viewer's actions; null
   * when not (yet), or when the run on screen is before that moment.
   */
  challengeSolvedAtMs: number | null;
  /** Challenges solved in this browser: scenario key → when and with which seed. */
  solvedChallenges: Readonly<Record<string, { atMs: number; seed: number }>>;
}

/** A choice's index, or typed text. */
export type GivenAnswer = { readonly choice: number } | { readonly typed: string };

export interface OpenQuestion {
  /** Its place in `scenario.questions`. */
  readonly index: number;
  /** asking: waiting for an answer; revealing: playing to the reveal moment; revealed. */
  readonly phase: 'asking' | 'revealing' | 'revealed';
  /** Null when revealed without an answer. */
  readonly given: GivenAnswer | null;
  /** The answer, computed at the reveal moment (null before). */
  readonly answer: AnswerOutcome | null;
  /** Whether the given answer is the answer (null: not answered, or not revealed yet). */
  readonly right: boolean | null;
}

/** Scenario key (`scoreKeyOf`) → question path → right at the first try. */
export type QuizScores = Readonly<Record<string, Readonly<Record<string, boolean>>>>;

export type { SessionEntry } from '../runtime';

export interface SessionSlice {
  /**
   * Every command the user applied since the run started, in order. Replaying the scenario
   * and then, for each entry, `runUntil(atMs)` + `applyCommand` reproduces the run exactly.
   */
  sessionLog: readonly SessionEntry[];
  /**
   * Applies a command now (see `SimulationDriver.apply`) and logs it. Taken while looking
   * at the past, it forks the run: the user's later actions are discarded.
   */
  act(command: Command): void;
  /** Set when an action forked the run: what was discarded, in plain words. */
  forkNotice: { atMs: number; discarded: number } | null;
}

/** Something the viewer picked to inspect. */
export type Selection =
  | { kind: 'record'; topic: string; partition: number; offset: number }
  | { kind: 'partition'; topic: string; partition: number }
  /** A partition's lost acknowledged records. */
  | { kind: 'lost'; topic: string; partition: number }
  | { kind: 'broker'; id: number }
  | { kind: 'group'; id: string }
  | { kind: 'consumer'; id: string }
  | { kind: 'producer'; id: string };

/** checks: the lesson's `expect` checks as a checklist. */
export type PanelName = 'act' | 'inspect' | 'metrics' | 'checks';

/**
 * app: the full interface. presenter: for a projector, large type and prominent captions.
 * embed: inside someone else's page (an iframe): the view and minimal controls only.
 */
export type AppMode = 'app' | 'presenter' | 'embed';

export interface UiSlice {
  selection: Selection | null;
  /** Selecting something also opens the inspector. */
  select(selection: Selection | null): void;
  panel: PanelName;
  setPanel(panel: PanelName): void;
  /** The main area: the cluster picture, or every partition's log full width. */
  view: ViewName;
  setView(view: ViewName): void;
  /** Show the internal __consumer_offsets topic in the cluster and log views. */
  showInternal: boolean;
  setShowInternal(show: boolean): void;
  mode: AppMode;
  setMode(mode: AppMode): void;
  /** How much of the interface shows around the picture (`&chrome=`). */
  chrome: ChromeName;
  /** Where the lesson's caption goes (`&caption=`). */
  captionPlacement: CaptionPlacement;
  /** `&fit`: the picture scales to fill the frame. */
  fit: boolean;
  /** The colour theme: `&theme=` for this page, else the viewer's remembered choice, else auto. */
  theme: ThemeName;
  /** Sets the theme and remembers it (host storage) for the next visit. */
  setTheme(theme: ThemeName): void;
  /** Applies the address's display options; a `&theme=` wins for this page but is not remembered. */
  applyDisplay(display: DisplayOptions): void;
  /** The poster frame: a still picture with a large Play button, until the reader plays. */
  poster: boolean;
  setPoster(show: boolean): void;
  /** The keyboard shortcut help overlay (?). */
  shortcutHelpOpen: boolean;
  setShortcutHelpOpen(open: boolean): void;
}

/** The outcome of making a link, embed snippet or file: what to copy, or why it failed. */
export type ShareOutcome = { ok: true; text: string } | { ok: false; message: string };

export interface ShareSlice {
  /**
   * Opens a shared session (`#share=` payload): its scenario, seed and actions, at its
   * moment, paused. A damaged or oversized link is reported and the current run carries on.
   * `fallback` is loaded underneath when nothing runs yet (a page opened with a bad link).
   */
  openShared(payload: string, fallback?: LaunchOptions): Promise<boolean>;
  /** A link reproducing what the viewer sees: scenario, seed, actions, moment (and view). */
  createShareLink(): Promise<ShareOutcome>;
  /** An `<iframe>` snippet embedding this scenario (and session) in embed mode. */
  createEmbedCode(options: {
    autoplay: boolean;
    width: number;
    height: number;
  }): Promise<ShareOutcome>;
  /**
   * The session as a scenario file: the scenario's text plus the user's actions as timed
   * steps; `text` is the file's content, `fileName` a suggested name.
   */
  exportSession(): Promise<ShareOutcome & { fileName?: string }>;
}

/** The scenario editor's draft; autosaved with the session. */
export interface EditorSlice {
  editorOpen: boolean;
  setEditorOpen(open: boolean): void;
  /**
   * The draft being edited, exactly as typed; null while there is none (the editor then shows
   * the current scenario's text).
   */
  editorText: string | null;
  /** Sets the draft; it is checked once typing pauses (`EDITOR_CHECK_DELAY_MS` of wall time). */
  setEditorText(text: string): void;
  /** The last check of the editor's text: the text checked and its problems (none: it loads). */
  editorCheck: EditorCheck | null;
  /** Parses and compiles `text` now; records the outcome if `text` is still the editor's text. */
  checkEditorText(text: string): Promise<readonly ScenarioProblem[]>;
  /**
   * Loads the draft as the scenario. A draft with problems is refused (its problems go to
   * `editorCheck`, `editorRefused` is set) and the current run carries on untouched.
   */
  applyEditor(): Promise<boolean>;
  /** Set when Apply refused the draft; cleared by the next edit. */
  editorRefused: boolean;
  /** Discards the draft: the editor shows the current scenario's text again. */
  revertEditor(): void;
  /** How the last autosave went (null before the first); `autosaveMessage` says why in words. */
  autosaveStatus: AutosaveStatus | null;
  autosaveMessage: string | null;
  reportAutosave(status: AutosaveStatus, message: string | null): void;
  /** Set when the page started from a saved session (see `restoreAutosave`). */
  restoredFrom: RestoredSession | null;
  /**
   * Loads a saved session: its scenario text with its seed, its actions replayed up to its
   * moment (paused), its view and editor draft. `fresh` is what "Start fresh" loads instead.
   * False when the saved scenario no longer loads (its text is kept as the editor's draft).
   */
  restoreSaved(saved: Autosave, fresh?: LaunchOptions): Promise<boolean>;
  /** Hides the "Restored your session" notice, keeping the session. */
  dismissRestored(): void;
  /** Drops the restored session and draft, and loads what the page address asks for. */
  startFresh(): Promise<void>;
}

/** The outcome of checking the editor's text. */
export interface EditorCheck {
  readonly text: string;
  readonly problems: readonly ScenarioProblem[];
}

/** saved: the session is in storage. off: too large to save. failed: the browser refused. */
export type AutosaveStatus = 'saved' | 'off' | 'failed';

export interface RestoredSession {
  /** When it was saved (wall-clock ms since 1970). */
  savedAt: number;
  /** False when only the editor's draft could be brought back (the scenario did not load). */
  complete: boolean;
}

export type AppState = ScenarioSlice &
  PlaybackSlice &
  SessionSlice &
  UiSlice &
  ShareSlice &
  EditorSlice;

/** What every slice gets: the host's capabilities and the driver that owns the world. */
/** A built-in scenario compiled at build time (see `AppStoreOptions.builtinScenario`). */
export interface BuiltinScenario {
  /** Whether `text` (the file as served) is the one it was compiled from. */
  matches(text: string): boolean;
  /** The compiled scenario (its expectations' checks rebuilt: may load the engine's chunk). */
  scenario(): CompiledScenario | Promise<CompiledScenario>;
  /**
   * Its first frame, computed at build time, and the scenario to show with it (its checks not
   * callable yet): the first picture is drawn from it before the engine has loaded.
   */
  firstFrame?: { scenario: CompiledScenario; frame: FirstFrame } | null;
}

export interface SliceContext {
  host: Host;
  /** The driver; its code (and the engine's) loads on first need (`driver.load()`). */
  driver: DeferredDriver;
  scenarioModule: () => Promise<ScenarioModule>;
  /** The built-in scenario `name` compiled at build time, or null (then its file is parsed). */
  builtinScenario: (name: string) => Promise<BuiltinScenario | null>;
  /**
   * Starts loading a scenario (a page load, a file, a lesson, a link); the returned check is
   * false once a newer load has started, so a slow older one never replaces a newer one.
   */
  beginLoad(): () => boolean;
}

export type AppSlice<T> = StateCreator<AppState, [], [], T>;
