import type { ScenarioProblem } from '../scenario';
import { parseLaunchOptions, type LaunchOptions } from './launchOptions';
import { scenarioUrl } from './scenarioSlice';
import type { AppSlice, EditorSlice, ScenarioSource, SliceContext } from './slices';

/** Typing must pause this long (wall ms) before the draft is checked. */
export const EDITOR_CHECK_DELAY_MS = 250;

/** The name a draft is checked, loaded and downloaded under: its file's, or the built-in's. */
export function draftFileName(source: ScenarioSource | null): string {
  if (source === null) return 'scenario.yaml';
  return source.kind === 'text' ? source.fileName : `${source.name}.yaml`;
}

/**
 * The scenario editor: a draft of the scenario's text, checked as the user types (on the
 * host's frames and clock, so tests drive the debounce), applied only when it loads, and
 * restored with the session after a reload (see autosave.ts).
 */
export function createEditorSlice(ctx: SliceContext): AppSlice<EditorSlice> {
  const { host } = ctx;
  return (set, get) => {
    let checkFrame: number | null = null;
    let checkDueAtMs = 0;
    /** What "Start fresh" loads: the page address's options, given when a session was restored. */
    let freshOptions: LaunchOptions | null = null;

    /** The text the editor shows: the draft, else the scenario's. */
    const shownText = (): string => get().editorText ?? get().scenarioText ?? '';

    const checkTick = (): void => {
      checkFrame = null;
      if (host.clock.nowMs() < checkDueAtMs) {
        checkFrame = host.frames.requestFrame(checkTick);
        return;
      }
      const text = shownText();
      if (get().editorCheck?.text !== text) void get().checkEditorText(text);
    };
    const scheduleCheck = (delayMs: number): void => {
      checkDueAtMs = host.clock.nowMs() + delayMs;
      if (checkFrame === null) checkFrame = host.frames.requestFrame(checkTick);
    };
    const cancelCheck = (): void => {
      if (checkFrame !== null) host.frames.cancelFrame(checkFrame);
      checkFrame = null;
    };

    const problemsOf = async (text: string): Promise<readonly ScenarioProblem[]> => {
      try {
        const scenarios = await ctx.scenarioModule();
        const result = scenarios.loadScenario(text, draftFileName(get().scenarioSource));
        return result.ok ? [] : result.problems;
      } catch (error) {
        // The parser's chunk did not arrive (offline): say so rather than "no problems".
        const why = error instanceof Error ? error.message : String(error);
        return [{ path: '', message: `the scenario could not be checked: ${why}` }];
      }
    };

    return {
      editorOpen: false,
      setEditorOpen(editorOpen) {
        set({ editorOpen });
        if (editorOpen && get().editorCheck?.text !== shownText()) scheduleCheck(0);
      },
      editorText: null,
      setEditorText(editorText) {
        set({ editorText, editorRefused: false });
        scheduleCheck(EDITOR_CHECK_DELAY_MS);
      },
      editorCheck: null,
      async checkEditorText(text) {
        const problems = await problemsOf(text);
        if (shownText() === text) set({ editorCheck: { text, problems } });
        return problems;
      },
      editorRefused: false,
      async applyEditor() {
        const { editorText: text, scenarioText } = get();
        if (text === null || text === scenarioText) return true;
        cancelCheck();
        const known = get().editorCheck;
        const problems = known?.text === text ? known.problems : await get().checkEditorText(text);
        if (problems.length > 0) {
          if (get().editorText === text)
            set({ editorRefused: true, editorCheck: { text, problems } });
          return false;
        }
        await get().openScenarioText(text, draftFileName(get().scenarioSource));
        if (get().scenarioText !== text) return false;
        if (get().editorText === text) set({ editorText: null, editorRefused: false });
        // Applying is the editor's "run it": it plays (an opened file waits at its first caption).
        get().play();
        return true;
      },
      revertEditor() {
        set({ editorText: null, editorRefused: false });
        if (get().editorCheck?.text !== shownText()) scheduleCheck(0);
      },

      autosaveStatus: null,
      autosaveMessage: null,
      reportAutosave(autosaveStatus, autosaveMessage) {
        set({ autosaveStatus, autosaveMessage });
      },

      restoredFrom: null,
      async restoreSaved(saved, fresh) {
        freshOptions = fresh ?? null;
        const { source } = saved;
        const fileName = source.kind === 'builtin' ? scenarioUrl(source.name) : source.fileName;
        let result;
        try {
          result = (await ctx.scenarioModule()).loadScenario(saved.scenarioText, fileName);
        } catch {
          result = null;
        }
        if (result === null || !result.ok) {
          // The saved scenario no longer loads (a newer format, a damaged save): keep its text
          // in the editor, where its problems are listed, rather than lose it.
          set({
            editorText: saved.editorText ?? saved.scenarioText,
            editorOpen: true,
            restoredFrom: { savedAt: saved.savedAt, complete: false },
          });
          scheduleCheck(0);
          return false;
        }
        get().pause();
        set({
          scenarioName: source.kind === 'builtin' ? source.name : source.fileName,
          scenarioFile: fileName,
          scenarioSource: source,
          scenarioText: saved.scenarioText,
          scenario: result.value,
          seed: saved.seed,
          view: saved.view,
          loadStatus: 'ready',
          problems: [],
          editorText: saved.editorText,
          editorOpen: saved.editorOpen,
          editorCheck: null,
          editorRefused: false,
          restoredFrom: { savedAt: saved.savedAt, complete: true },
        });
        get().startRun({ untilMs: saved.timeMs, play: false, session: saved.sessionLog });
        if (saved.editorOpen) scheduleCheck(0);
        return true;
      },
      dismissRestored() {
        set({ restoredFrom: null });
      },
      async startFresh() {
        cancelCheck();
        set({
          editorText: null,
          editorOpen: false,
          editorCheck: null,
          editorRefused: false,
          restoredFrom: null,
        });
        await get().loadScenario(freshOptions ?? parseLaunchOptions(''));
      },
    };
  };
}
