import { Fragment, useEffect, useId, useRef, type KeyboardEvent } from 'react';
import { useAppStore } from '../store';
import { ariaKeysFor, SHORTCUT_GROUPS, type HelpEntry } from './shortcuts';
import './shortcutHelp.css';
import './presenter.css';

/** The keyboard shortcut overlay (?), when open. */
export function ShortcutHelp() {
  const open = useAppStore((s) => s.shortcutHelpOpen);
  return open ? <ShortcutDialog /> : null;
}

/** Opens the overlay: for the header, so the shortcuts can be found without knowing "?". */
export function ShortcutHelpButton() {
  const open = useAppStore((s) => s.shortcutHelpOpen);
  const setOpen = useAppStore((s) => s.setShortcutHelpOpen);
  return (
    <button
      type="button"
      className="button small"
      onClick={() => setOpen(!open)}
      aria-haspopup="dialog"
      aria-keyshortcuts={ariaKeysFor('toggleHelp')}
      title="Keyboard shortcuts (?)"
    >
      <span aria-hidden="true" className="button-icon">
        ⌨
      </span>
      Shortcuts
    </button>
  );
}

const FOCUSABLE =
  'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: focus moves to its Close button and returns where it was; Tab stays inside;
 * Escape, Close or a click outside closes it. The tables come from `SHORTCUT_GROUPS`, the same
 * data the keys run on.
 */
function ShortcutDialog() {
  const setOpen = useAppStore((s) => s.setShortcutHelpOpen);
  const mode = useAppStore((s) => s.mode);
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const previous = document.activeElement;
    closeRef.current?.focus();
    return () => {
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus();
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
      return;
    }
    if (e.key !== 'Tab' || dialogRef.current === null) return;
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div
      className="shortcut-help-backdrop"
      onPointerDown={(e) => {
        if (e.target === e.currentTarget) setOpen(false);
      }}
    >
      <div
        ref={dialogRef}
        className="shortcut-help"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
      >
        <div className="shortcut-help-head">
          <h2 id={titleId}>Keyboard shortcuts</h2>
          <button
            ref={closeRef}
            type="button"
            className="button small"
            onClick={() => setOpen(false)}
            aria-keyshortcuts="Escape"
          >
            Close
          </button>
        </div>
        <div className="shortcut-help-body" role="region" tabIndex={0} aria-label="Shortcut tables">
          {mode === 'presenter' && (
            <p className="shortcut-help-note">
              Presenter mode is on: a clicker’s Page Down (or →) plays on to the next caption and
              stops there, so the room sees what happens; Page Up (or ←) goes back to the previous
              caption.
            </p>
          )}
          {SHORTCUT_GROUPS.map((group) => (
            <ShortcutTable key={group.scope} title={group.title} entries={group.entries} />
          ))}
        </div>
      </div>
    </div>
  );
}

function ShortcutTable({ title, entries }: { title: string; entries: readonly HelpEntry[] }) {
  const presenterColumn = entries.some((e) => e.presenter !== undefined);
  return (
    <table className="shortcut-table">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">Keys</th>
          <th scope="col">What it does</th>
          {presenterColumn && <th scope="col">In presenter mode</th>}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.display.map((chord) => chord.join('+')).join(' ')}>
            <th scope="row">
              <Keys display={entry.display} />
            </th>
            <td>{entry.description}</td>
            {presenterColumn && <td>{entry.presenter?.description ?? 'the same'}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Shift + ←", "← or →": each key in a <kbd>. */
function Keys({ display }: { display: HelpEntry['display'] }) {
  return (
    <>
      {display.map((chord, i) => (
        <Fragment key={chord.join('+')}>
          {i > 0 && <span className="shortcut-or"> or </span>}
          {chord.map((key, j) => (
            <Fragment key={key}>
              {j > 0 && ' + '}
              <kbd>{key}</kbd>
            </Fragment>
          ))}
        </Fragment>
      ))}
    </>
  );
}
