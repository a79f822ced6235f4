import { useEffect, useEffectEvent, useMemo, useRef, useState } from 'react';
import type { ScenarioProblem } from '../scenario';
import {
  draftFileName,
  useAppStore,
  useAppStoreApi,
  type AppState,
  type EditorCheck,
} from '../store';
import { describeProblem, problemSummary, toDisplayText, withLineEndingsOf } from './editorText';
import { downloadText } from './copyAndSave';
import { createCodeEditor, type CodeEditor } from './editor/codeEditor';
import type { SchemaLike } from './editor/schemaAssist';
// The schema the CLI and other editors use, for completion and hover (in this lazy chunk).
import scenarioSchema from '../../public/scenario.schema.json';
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
  const shownProblems = view.problems ?? view.lastProblems;
  const [applied, setApplied] = useState<string | null>(null);

  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<CodeEditor | null>(null);
  // The editor's callbacks (made once, with it) read the latest draft through effect events.
  const onTyped = useEffectEvent((typed: string): void => {
    setApplied(null);
    store.getState().setEditorText(withLineEndingsOf(typed, view.text));
  });

  const apply = async (): Promise<void> => {
    if (!view.dirty) return;
    setApplied(null);
    const ok = await store.getState().applyEditor();
    if (ok) setApplied('Applied: the scenario starts again from your text.');
  };
  const onApply = useEffectEvent((): void => void apply());

  // One editor for as long as the panel is open: its undo history outlives Apply and Revert.
  useEffect(() => {
    if (host.current === null) return;
    const created = createCodeEditor({
      parent: host.current,
      text: display,
      language: { kind: 'scenario', schema: scenarioSchema as SchemaLike },
      label: 'Scenario text',
      describedBy: HINT_ID,
      onChange: (typed) => onTyped(typed),
      onApply: () => onApply(),
    });
    editor.current = created;
    created.focus();
    return () => {
      created.destroy();
      editor.current = null;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- made once, for as long as the panel is open
  }, []);

  // A text from elsewhere (Revert, a restored draft) replaces what the editor shows.
  useEffect(() => editor.current?.setText(display), [display]);
  useEffect(() => {
    editor.current?.setProblems(shownProblems);
  }, [shownProblems, display]);

  const close = (): void => {
    store.getState().setEditorOpen(false);
    document.getElementById(EDIT_BUTTON_ID)?.focus();
  };

  const revert = (): void => {
    if (view.dirty && !window.confirm('Discard your changes and go back to the current scenario?'))
      return;
    setApplied(null);
    store.getState().revertEditor();
    editor.current?.focus();
  };

  const goTo = (problem: ScenarioProblem): void => {
    if (problem.line !== undefined) editor.current?.goTo(problem.line, problem.column);
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
        YAML or JSON. Ctrl+Space completes field names and values; Ctrl+F searches. Tab indents; to
        leave the text, press Esc then Tab. Ctrl+Enter (⌘+Enter) applies.
      </p>
      <div className="editor-field" ref={host} />
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
