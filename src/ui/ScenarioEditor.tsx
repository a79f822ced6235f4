import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent as ReactKeyboardEvent,
} from 'react';
import type { ScenarioProblem } from '../scenario';
import {
  draftFileName,
  useAppStore,
  useAppStoreApi,
  type AppState,
  type EditorCheck,
} from '../store';
import {
  describeProblem,
  gutterText,
  lineCount,
  offsetOf,
  problemLines,
  problemSummary,
  toDisplayText,
  withLineEndingsOf,
} from './editorText';
import { downloadText } from './copyAndSave';
import './editor.css';

export { EditScenarioButton } from './EditScenarioButton';

import { EDIT_BUTTON_ID, EDITOR_ID } from './EditScenarioButton';
const HINT_ID = 'scenario-editor-hint';

/** The editor panel, while open (its own chunk: App loads it on first open). */
export default ScenarioEditor;

export function ScenarioEditor() {
  const open = useAppStore((s) => s.editorOpen);
  return open ? <EditorPanel /> : null;
}

/** What the editor shows: its text, whether it differs from the scenario, and its problems. */
interface EditorView {
  text: string;
  dirty: boolean;
  /** The problems of `text`; null while it is being checked. */
  problems: readonly ScenarioProblem[] | null;
  /** The last problems found (shown, dimmed, while the new text is checked). */
  lastProblems: readonly ScenarioProblem[];
}

const NO_PROBLEMS: readonly ScenarioProblem[] = [];

function editorView(
  editorText: string | null,
  scenarioText: string | null,
  check: EditorCheck | null,
): EditorView {
  const text = editorText ?? scenarioText ?? '';
  const dirty = editorText !== null && editorText !== scenarioText;
  // The current scenario's text loaded, so it has no problems to wait for.
  if (text === scenarioText)
    return { text, dirty, problems: NO_PROBLEMS, lastProblems: NO_PROBLEMS };
  const problems = check?.text === text ? check.problems : null;
  return { text, dirty, problems, lastProblems: check?.problems ?? NO_PROBLEMS };
}

function EditorPanel() {
  const store = useAppStoreApi();
  const editorText = useAppStore((s) => s.editorText);
  const scenarioText = useAppStore((s) => s.scenarioText);
  const editorCheck = useAppStore((s) => s.editorCheck);
  const source = useAppStore((s) => s.scenarioSource);
  const refused = useAppStore((s) => s.editorRefused);
  const autosaveStatus = useAppStore((s) => s.autosaveStatus);
  const autosaveMessage = useAppStore((s) => s.autosaveMessage);
  const view = editorView(editorText, scenarioText, editorCheck);
  const display = useMemo(() => toDisplayText(view.text), [view.text]);
  const lines = useMemo(() => lineCount(display), [display]);
  const numbers = useMemo(() => gutterText(lines), [lines]);
  const shownProblems = view.problems ?? view.lastProblems;
  const marks = useMemo(() => problemLines(shownProblems), [shownProblems]);
  const [applied, setApplied] = useState<string | null>(null);

  const field = useRef<HTMLTextAreaElement>(null);
  const scrolled = useRef<HTMLDivElement>(null);
  const escapeArmed = useRef(false);
  const pendingCaret = useRef<number | null>(null);

  useEffect(() => {
    field.current?.focus();
  }, []);

  useLayoutEffect(() => {
    const caret = pendingCaret.current;
    if (caret === null || field.current === null) return;
    pendingCaret.current = null;
    field.current.setSelectionRange(caret, caret);
  });

  const syncScroll = (): void => {
    const el = field.current;
    if (el !== null && scrolled.current !== null)
      scrolled.current.style.transform = `translateY(${-el.scrollTop}px)`;
  };

  const update = (typed: string): void => {
    setApplied(null);
    store.getState().setEditorText(withLineEndingsOf(typed, view.text));
  };

  const apply = async (): Promise<void> => {
    if (!view.dirty) return;
    setApplied(null);
    const ok = await store.getState().applyEditor();
    if (ok) setApplied('Applied: the scenario starts again from your text.');
  };

  const close = (): void => {
    store.getState().setEditorOpen(false);
    document.getElementById(EDIT_BUTTON_ID)?.focus();
  };

  const revert = (): void => {
    if (view.dirty && !window.confirm('Discard your changes and go back to the current scenario?'))
      return;
    setApplied(null);
    store.getState().revertEditor();
    field.current?.focus();
  };

  const goTo = (problem: ScenarioProblem): void => {
    const el = field.current;
    if (el === null || problem.line === undefined) return;
    const offset = offsetOf(display, problem.line, problem.column);
    el.focus();
    el.setSelectionRange(offset, offset);
    const lineHeightPx = parseFloat(getComputedStyle(el).lineHeight);
    if (Number.isFinite(lineHeightPx))
      el.scrollTop = Math.max(0, (problem.line - 1) * lineHeightPx - el.clientHeight / 2);
    syncScroll();
  };

  const insertIndent = (el: HTMLTextAreaElement): void => {
    if (insertWithUndo('  ')) return;
    const { selectionStart, selectionEnd, value } = el;
    pendingCaret.current = selectionStart + 2;
    update(`${value.slice(0, selectionStart)}  ${value.slice(selectionEnd)}`);
  };

  const onKeyDown = (e: ReactKeyboardEvent<HTMLTextAreaElement>): void => {
    if (e.key === 'Escape') {
      // Esc then Tab leaves the field: Tab alone indents, and nobody is trapped.
      escapeArmed.current = true;
      e.stopPropagation();
      return;
    }
    const armed = escapeArmed.current;
    if (e.key !== 'Shift') escapeArmed.current = false;
    if (e.key === 'Tab' && !e.shiftKey && !e.altKey && !e.ctrlKey && !e.metaKey && !armed) {
      e.preventDefault();
      insertIndent(e.currentTarget);
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void apply();
    }
  };

  const download = (): void => downloadText(view.text, draftFileName(source));

  const checking = view.problems === null;
  // While the new text is checked the summary keeps the last count, so a screen reader hears
  // it again only when it changes.
  const summary = refused
    ? `Not applied: ${problemSummary(shownProblems.length).toLowerCase()}`
    : problemSummary(shownProblems.length);

  return (
    <section
      id={EDITOR_ID}
      className="scenario-editor"
      role="dialog"
      aria-labelledby="scenario-editor-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') close();
      }}
    >
      <header className="editor-head">
        <h2 id="scenario-editor-title">Edit scenario</h2>
        <span className="editor-file mono">{draftFileName(source)}</span>
        <button type="button" className="button small" onClick={close}>
          Close
        </button>
      </header>
      <p id={HINT_ID} className="editor-hint muted small">
        YAML or JSON. Tab indents; to leave the text, press Esc then Tab. Ctrl+Enter (⌘+Enter)
        applies.
      </p>
      <div className="editor-field">
        <div className="editor-gutter" aria-hidden="true">
          <div className="editor-scrolled" ref={scrolled}>
            <pre className="editor-numbers">{numbers}</pre>
            {marks.map((m) => (
              <span
                key={m.line}
                className="editor-mark"
                data-line={m.line}
                title={m.messages.join('\n')}
                style={{ top: `calc(${m.line - 1} * var(--editor-line))` }}
              >
                ●
              </span>
            ))}
          </div>
        </div>
        <textarea
          ref={field}
          className="editor-text"
          aria-label="Scenario text"
          aria-describedby={HINT_ID}
          aria-invalid={shownProblems.length > 0}
          value={display}
          wrap="off"
          spellCheck={false}
          autoCapitalize="off"
          autoComplete="off"
          autoCorrect="off"
          onChange={(e) => update(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onScroll={syncScroll}
        />
      </div>
      <div className="editor-problems" data-checking={checking}>
        <p className="editor-summary" role="status" aria-live="polite">
          {applied ?? summary}
        </p>
        {checking && <p className="muted small">Checking…</p>}
        {shownProblems.length > 0 && (
          <ol>
            {shownProblems.map((p, i) => (
              <li key={i}>
                {p.line === undefined ? (
                  <span className="editor-problem">{describeProblem(p)}</span>
                ) : (
                  <button type="button" className="editor-problem" onClick={() => goTo(p)}>
                    {describeProblem(p)}
                  </button>
                )}
              </li>
            ))}
          </ol>
        )}
      </div>
      <footer className="editor-actions">
        <button
          type="button"
          className="button small primary"
          disabled={!view.dirty}
          onClick={() => void apply()}
        >
          Apply
        </button>
        <button type="button" className="button small" disabled={!view.dirty} onClick={revert}>
          Revert
        </button>
        <button type="button" className="button small" onClick={download}>
          Download
        </button>
        <AutosaveLine status={autosaveStatus} message={autosaveMessage} dirty={view.dirty} />
      </footer>
    </section>
  );
}

/**
 * Types text at the caret as the user would, so the browser's undo history keeps it (and the
 * field's input event updates the draft). False where the browser cannot (jsdom, old ones).
 */
function insertWithUndo(text: string): boolean {
  try {
    return (
      typeof document.execCommand === 'function' && document.execCommand('insertText', false, text)
    );
  } catch {
    return false;
  }
}

function AutosaveLine(props: {
  status: AppState['autosaveStatus'];
  message: string | null;
  dirty: boolean;
}) {
  if (props.status === null) return null;
  const text =
    props.message ??
    (props.dirty ? 'Draft saved in this browser (not applied yet)' : 'Saved in this browser');
  return (
    <p className="editor-autosave small" data-status={props.status}>
      {text}
    </p>
  );
}
