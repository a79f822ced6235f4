import { useEffect, useState } from 'react';
import { useAppStore, useAppStoreApi } from '../store';
import { judgeDrop, openScenarioFile, takesDrag } from './openFile';
import './share.css';

/**
 * Drag and drop a scenario file anywhere on the page to open it, as "Open scenario…" does
 * (same size limit, same problem reports). Listens on the window; while a file is dragged
 * over the page an overlay says what dropping does. Drags that start inside the page (a
 * text selection) and text dragged in are left to the browser. Off in embed mode.
 */
export function DropZone() {
  const store = useAppStoreApi();
  const embedded = useAppStore((s) => s.mode === 'embed');
  const [over, setOver] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  useEffect(() => {
    if (embedded) return;
    /** Nesting of dragenter/dragleave across the page's elements; 0 once the drag leaves. */
    let depth = 0;
    /** A drag that began in this page (selected text, a link): never ours. */
    let internal = false;
    const ours = (e: DragEvent): boolean =>
      !internal &&
      e.dataTransfer !== null &&
      takesDrag(Array.from(e.dataTransfer.types), isEditable(e.target));
    const accept = (e: DragEvent): void => {
      e.preventDefault();
      if (e.dataTransfer !== null) e.dataTransfer.dropEffect = 'copy';
      setOver(true);
    };

    const onDragStart = (): void => {
      internal = true;
    };
    const onDragEnd = (): void => {
      internal = false;
      depth = 0;
      setOver(false);
    };
    const onDragEnter = (e: DragEvent): void => {
      if (!ours(e)) return;
      depth += 1;
      accept(e);
    };
    const onDragOver = (e: DragEvent): void => {
      if (ours(e)) accept(e);
      else if (!internal) setOver(false); // over a text field, where a dragged link may go
    };
    const onDragLeave = (e: DragEvent): void => {
      if (!ours(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const onDrop = (e: DragEvent): void => {
      const mine = ours(e);
      internal = false;
      depth = 0;
      setOver(false);
      if (!mine || e.dataTransfer === null) return;
      // Taken even when refused: the browser would otherwise open the file or follow the link.
      e.preventDefault();
      const verdict = judgeDrop(e.dataTransfer);
      const state = store.getState();
      setMessage(verdict.kind === 'problem' ? verdict.message : null);
      if (verdict.kind === 'fileProblem')
        state.reportFileProblem(verdict.fileName, verdict.message);
      if (verdict.kind === 'file') void openScenarioFile(verdict.file, state);
    };

    const listeners = {
      dragstart: onDragStart,
      dragend: onDragEnd,
      dragenter: onDragEnter,
      dragover: onDragOver,
      dragleave: onDragLeave,
      drop: onDrop,
    } as const;
    for (const [type, listener] of Object.entries(listeners))
      window.addEventListener(type, listener as EventListener);
    return () => {
      for (const [type, listener] of Object.entries(listeners))
        window.removeEventListener(type, listener as EventListener);
    };
  }, [store, embedded]);

  return (
    <>
      {over && (
        <div className="drop-overlay" data-testid="drop-overlay">
          <p>Drop a scenario file to open it</p>
        </div>
      )}
      {message !== null && (
        <div className="drop-message" role="alert">
          <p>{message}</p>
          <button type="button" className="button small" onClick={() => setMessage(null)}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}

function isEditable(target: EventTarget | null): boolean {
  return (
    target instanceof Element &&
    target.closest('input, textarea, select, [contenteditable="true"]') !== null
  );
}
