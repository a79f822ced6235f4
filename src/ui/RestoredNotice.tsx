import { useAppStore, useAppStoreApi } from '../store';
import { formatSavedAt } from './editorText';
import './editor.css';

/** "Restored your session from …", after a reload brought back the saved session. */
export function RestoredNotice() {
  const store = useAppStoreApi();
  const restored = useAppStore((s) => s.restoredFrom);
  const dismiss = useAppStore((s) => s.dismissRestored);
  if (restored === null) return null;
  const when = formatSavedAt(restored.savedAt);
  const startFresh = (): void => {
    const s = store.getState();
    const dirty = s.editorText !== null && s.editorText !== s.scenarioText;
    if (dirty && !window.confirm('Start fresh? Your unapplied edits in the editor are discarded.'))
      return;
    void s.startFresh();
  };
  return (
    <section className="restored-notice" role="status" aria-label="Restored session">
      <p>
        {restored.complete
          ? `Restored your session from ${when}.`
          : `Your session from ${when} could not be restored: its scenario no longer loads. Its text is in the editor.`}
      </p>
      <button type="button" className="button small" onClick={startFresh}>
        Start fresh
      </button>
      <button type="button" className="button small" onClick={dismiss}>
        Dismiss
      </button>
    </section>
  );
}
