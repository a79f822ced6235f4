import { openingMs } from './firstFrame';
import { startMomentOf, type LaunchOptions, type ViewName } from './launchOptions';
import type { CompiledScenario, ParseResult } from '../scenario';
import type {
  AppProblem,
  AppSlice,
  BuiltinScenario,
  ScenarioModule,
  ScenarioSlice,
  SliceContext,
} from './slices';

/** How long the engine waits for the first picture to be presented before it loads anyway. */
export const AFTER_FIRST_PICTURE_MAX_WAIT_MS = 500;

/** The longest scenario text kafkascope reads (the parser's own limit). */
export const MAX_SCENARIO_CHARS = 1_000_000;

/** Where a built-in scenario is served from, relative to the page. */
export function scenarioUrl(name: string): string {
  return `scenarios/${name}.yaml`;
}

export function createScenarioSlice(ctx: SliceContext): AppSlice<ScenarioSlice> {
  return (set, get) => {
    const fail = (problem: AppProblem): void => {
      get().pause();
      set({ loadStatus: 'failed', showingFirstFrame: false, problems: [problem] });
    };
    /**
     * Shows a built-in scenario's first frame (computed at build time) while the engine loads,
     * when the load opens the run at that frame: the scenario's own seed, its opening moment
     * (no `&t=`, a `&start=` or `&autoplay` that lands elsewhere). The load stays 'loading'
     * until the engine runs the same frame and takes over. False when it does not apply.
     */
    const showFirstFrame = (
      builtin: BuiltinScenario,
      options: LaunchOptions,
      text: string,
    ): boolean => {
      const first = builtin.firstFrame ?? null;
      if (first === null || ctx.driver.loaded()) return false;
      const { scenario, frame } = first;
      const start = startMomentOf(options, scenario.captions);
      const play = start.play && autoplays(options, scenario);
      if (
        (options.seed ?? scenario.setup.seed) !== frame.seed ||
        start.untilMs !== null ||
        openingMs(scenario, play) !== frame.atMs
      )
        return false;
      set({
        scenario,
        seed: frame.seed,
        view: viewFor(scenario.setup, options.view, options.viewGiven === true),
        scenarioText: text,
        scenarioSource: { kind: 'builtin', name: options.scenario },
        ...frame.state,
        timeMs: frame.timeMs,
        captionShownAtMs: frame.state.narration === null ? null : ctx.host.clock.nowMs(),
        showingFirstFrame: true,
      });
      return true;
    };
    /** Resolves once the picture has been presented (two frames), or the page is idle. */
    const afterFirstPicture = (): Promise<void> =>
      new Promise((resolve) => {
        let idleId: number | null = null;
        let frameId: number | null = ctx.host.frames.requestFrame(() => {
          frameId = ctx.host.frames.requestFrame(done);
        });
        const done = (): void => {
          if (frameId !== null) ctx.host.frames.cancelFrame(frameId);
          if (idleId !== null) ctx.host.idle.cancelIdle(idleId);
          frameId = idleId = null;
          resolve();
        };
        // A hidden tab draws no frames: the engine loads when the page is idle.
        idleId = ctx.host.idle.requestIdle(done, AFTER_FIRST_PICTURE_MAX_WAIT_MS);
      });

    return {
      scenarioName: null,
      scenarioSource: null,
      scenarioText: null,
      scenarioFile: null,
      scenario: null,
      seed: null,
      loadStatus: 'idle',
      showingFirstFrame: false,
      problems: [],

      async loadScenario(options: LaunchOptions) {
        if (options.mode !== undefined) set({ mode: options.mode });
        if (options.pace !== undefined) set({ captionPacing: options.pace !== 'off' });
        if (options.questions !== undefined) set({ asking: options.questions !== 'off' });
        const current = ctx.beginLoad();
        if (options.share != null && options.problems.length === 0) {
          await get().openShared(options.share, options);
          return;
        }
        const remote = options.scenarioUrl ?? null;
        const file = remote ?? scenarioUrl(options.scenario);
        set({
          scenarioName: remote ?? options.scenario,
          view: options.view,
          scenarioFile: file,
          loadStatus: 'loading',
          showingFirstFrame: false,
          problems: [],
        });
        if (options.problems.length > 0) {
          fail({
            kind: 'options',
            title: 'The page address has parameters kafkascope does not understand',
            details: options.problems,
          });
          return;
        }
        // A load that opens away from a first frame (`&t=`, `&start=`, `&seed=`, a file from
        // the web) runs the engine before its first picture: it is asked for now, alongside.
        if (
          remote !== null ||
          options.untilMs !== null ||
          options.startCaption != null ||
          options.seed !== null
        )
          ctx.driver.load().catch(() => undefined); // a failure is reported where it is awaited
        // A built-in scenario comes compiled (no parser to load) when the served file is the
        // one it was compiled from; anything else is parsed by the scenario layer.
        const precompiled: Promise<BuiltinScenario | null> =
          remote === null
            ? ctx.builtinScenario(options.scenario).catch(() => null)
            : Promise.resolve(null);
        // Not built in: the scenario layer starts loading at once, alongside the file.
        const parser = precompiled.then((b) => (b === null ? ctx.scenarioModule() : null));
        parser.catch(() => undefined); // a failure is reported where it is awaited
        let text: string;
        let builtin: BuiltinScenario | null;
        try {
          [text, builtin] = await Promise.all([ctx.host.fetcher.fetchText(file), precompiled]);
        } catch (error) {
          if (!current()) return;
          fail(fetchProblem(remote ?? options.scenario, error));
          return;
        }
        if (!current()) return;
        if (text.length > MAX_SCENARIO_CHARS) {
          fail({
            kind: 'fetch',
            title: `The scenario ${file} is too large`,
            details: [
              `it has ${text.length.toLocaleString('en-US')} characters; a scenario may have at most ${MAX_SCENARIO_CHARS.toLocaleString('en-US')}`,
            ],
          });
          return;
        }
        let result: ParseResult<CompiledScenario> | null = null;
        let previewed = false;
        if (builtin !== null && builtin.matches(text)) {
          // The first picture from the frame computed at build time, then the engine.
          previewed = showFirstFrame(builtin, options, text);
          if (previewed) await afterFirstPicture();
          if (!current()) return;
          try {
            await ctx.driver.load();
          } catch (error) {
            if (!current()) return;
            fail(engineProblem(error));
            return;
          }
          if (!current()) return;
          try {
            result = { ok: true, value: await builtin.scenario() };
          } catch {
            result = null; // parsed below, with its problems reported as usual
          }
          if (!current()) return;
        }
        if (result === null) {
          let scenarios: ScenarioModule;
          try {
            scenarios = (await parser) ?? (await ctx.scenarioModule());
          } catch (error) {
            if (!current()) return;
            fail(fetchProblem(remote ?? options.scenario, error));
            return;
          }
          if (!current()) return;
          result = scenarios.loadScenario(text, file);
          if (!result.ok) {
            fail({
              kind: 'scenario',
              title: `The scenario ${file} has ${result.problems.length === 1 ? 'a problem' : `${result.problems.length} problems`}`,
              details: result.problems.map((p) => scenarios.formatProblem(p, file)),
            });
            return;
          }
        }
        const seed = options.seed ?? result.value.setup.seed;
        set({
          scenario: result.value,
          seed,
          loadStatus: 'ready',
          showingFirstFrame: false,
          view: viewFor(result.value.setup, options.view, options.viewGiven === true),
          scenarioText: text,
          // A file from the web travels as text in links and saves: they work without it.
          scenarioSource:
            remote === null
              ? { kind: 'builtin', name: options.scenario }
              : { kind: 'text', fileName: remote },
        });
        // `&t=`, or `&start=caption:N` (paused there unless `&autoplay`), or the start. A
        // scenario with captions opens paused at its first one, unless asked to autoplay.
        const start = startMomentOf(options, result.value.captions);
        if (start.warning !== null) console.warn(`kafkascope: ${start.warning}`);
        const play = start.play && autoplays(options, result.value);
        // Play pressed over the first picture (before the engine had loaded) plays now.
        const pressedPlay = previewed && get().playing;
        const captionShownAtMs = previewed ? get().captionShownAtMs : null;
        get().startRun({ untilMs: start.untilMs, play: play && start.untilMs === null });
        // The caption of the first picture has been on screen since then (caption pacing).
        if (captionShownAtMs !== null && get().narration !== null) set({ captionShownAtMs });
        if ((play && start.untilMs !== null) || (pressedPlay && !get().playing)) get().play();
      },

      async openScenarioText(text: string, fileName: string) {
        const current = ctx.beginLoad();
        const scenarios = await ctx.scenarioModule();
        if (!current()) return;
        const result = scenarios.loadScenario(text, fileName);
        if (!result.ok) {
          // Keep whatever is running: the problems are shown above it.
          set({
            problems: [
              {
                kind: 'scenario',
                title: `${fileName} was not opened: ${result.problems.length === 1 ? 'it has a problem' : `it has ${result.problems.length} problems`}`,
                details: result.problems.map((p) => scenarios.formatProblem(p, fileName)),
              },
            ],
          });
          return;
        }
        get().pause();
        set({
          scenarioName: fileName,
          scenarioFile: fileName,
          scenarioText: text,
          scenarioSource: { kind: 'text', fileName },
          scenario: result.value,
          view: viewFor(result.value.setup, get().view, false),
          seed: result.value.setup.seed,
          loadStatus: 'ready',
          problems: [],
        });
        // Like a lesson: a file with captions opens paused at its first one.
        get().startRun({ untilMs: null, play: result.value.captions.length === 0 });
      },

      async openBuiltin(name: string) {
        const current = get();
        await get().loadScenario({
          scenario: name,
          seed: null,
          untilMs: null,
          paused: false,
          view: current.view,
          problems: [],
        });
      },

      dismissProblems() {
        set({ problems: [] });
      },

      reportFileProblem(fileName: string, message: string) {
        set({
          problems: [{ kind: 'scenario', title: `${fileName} was not opened`, details: [message] }],
        });
      },
    };
  };
}

function engineProblem(error: unknown): AppProblem {
  return {
    kind: 'fetch',
    title: 'Could not load the simulation engine',
    details: [
      error instanceof Error ? error.message : String(error),
      'Check the connection and reload the page.',
    ],
  };
}

/** A run plays when it opens unless it has captions (it then stands at the first) or `&autoplay`. */
function autoplays(options: LaunchOptions, scenario: CompiledScenario): boolean {
  return options.autoplay === true || scenario.captions.length === 0;
}

function fetchProblem(name: string, error: unknown): AppProblem {
  return {
    kind: 'fetch',
    title: `Could not load the scenario "${name}"`,
    details: [error instanceof Error ? error.message : String(error)],
  };
}

/**
 * The view a scenario opens on: the one the address named; else the processing view for a
 * scenario with streams applications (what it is about), and never the processing view for
 * one without (it would be empty).
 */
export function viewFor(
  setup: { streams?: readonly unknown[] },
  requested: ViewName,
  given: boolean,
): ViewName {
  const hasStreams = (setup.streams?.length ?? 0) > 0;
  if (requested === 'processing' && !hasStreams) return 'cluster';
  if (given) return requested;
  if (hasStreams) return 'processing';
  return requested === 'processing' ? 'cluster' : requested;
}
