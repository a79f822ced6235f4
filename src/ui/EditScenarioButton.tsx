import { useAppStore } from '../store';

export const EDITOR_ID = 'scenario-editor';
export const EDIT_BUTTON_ID = 'edit-scenario-button';

/** The editor's chunk (CodeMirror: ~150 kB gzip), fetched when the pointer or focus reaches the button. */
const preloadEditor = (): void => void import('./ScenarioEditor').catch(() => undefined);

/** "Edit scenario": opens and closes the editor. */
export function EditScenarioButton() {
  const open = useAppStore((s) => s.editorOpen);
  const setOpen = useAppStore((s) => s.setEditorOpen);
  const hasText = useAppStore((s) => s.scenarioText !== null || s.editorText !== null);
  return (
    <button
      id={EDIT_BUTTON_ID}
      type="button"
      className="button small"
      aria-expanded={open}
      aria-controls={open ? EDITOR_ID : undefined}
      disabled={!hasText && !open}
      onClick={() => setOpen(!open)}
      onPointerEnter={preloadEditor}
      onFocus={preloadEditor}
    >
      Edit scenario
    </button>
  );
}
