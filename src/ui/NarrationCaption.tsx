import { useEffect, useState } from 'react';
import { useAppStore, type AppState } from '../store';
import { formatVirtualTime } from './virtualTime';
import { checkCounts } from './ExpectChecklist';
import './narration.css';

/** When the user's first action happened (the run diverges from the lesson there), or null. */
export const selectDivergedAtMs = (s: AppState): number | null => s.sessionLog[0]?.atMs ?? null;

/**
 * The lesson's current caption (`say` step), read out politely to screen readers. A caption
 * written for a moment after the user acted describes the original run, and says so. Below
 * it: "holding for the caption" while playback waits for it to be read, and how many of the
 * lesson's checks hold.
 *
 * Data attributes for tests and tools: `data-caption-index` (its place in
 * `scenario.captions`), `data-caption-shown-at` (host clock ms it appeared),
 * `data-reading-ms`, `data-original-run` (true when it describes the original run).
 */
export function NarrationCaption() {
  const narration = useAppStore((s) => s.narration);
  const description = useAppStore((s) => s.scenario?.description ?? null);
  const shownAtMs = useAppStore((s) => s.captionShownAtMs);
  const readingMs = useAppStore((s) =>
    s.narration?.index === undefined
      ? undefined
      : s.scenario?.captions[s.narration.index]?.readingMs,
  );
  const divergedAtMs = useAppStore(selectDivergedAtMs);
  const silent = useAppStore(hasNothingToSay);
  const text = narration?.text ?? description;
  const original = narration !== null && divergedAtMs !== null && narration.atMs > divergedAtMs;
  // No caption, description or check, ever: no empty band across the top of the picture
  // (its height held for captions that cannot come).
  if (silent) return null;
  return (
    <div
      className="narration"
      data-caption-index={narration?.index}
      data-caption-shown-at={narration === null || shownAtMs === null ? undefined : shownAtMs}
      data-reading-ms={readingMs}
      data-original-run={original}
    >
      <div aria-live="polite">
        {text !== null && text !== '' && (
          <p className={original ? 'narration-original' : undefined}>
            {narration !== null && (
              <span className="narration-time mono">{formatVirtualTime(narration.atMs)}</span>
            )}
            {original && (
              <span
                className="narration-original-tag"
                title="You acted before this moment: this caption describes the lesson as written, which your run may no longer match"
              >
                from the original run
              </span>
            )}
            {text}
          </p>
        )}
      </div>
      <NarrationStatus />
    </div>
  );
}

/**
 * A scenario without captions (`say`), description or checks (`expect`): the caption band
 * would only ever be empty.
 */
export const hasNothingToSay = (s: AppState): boolean =>
  s.scenario !== null &&
  s.narration === null &&
  s.hold === null &&
  s.scenario.captions.length === 0 &&
  s.scenario.expectations.length === 0 &&
  (s.scenario.description ?? '') === '';

/** The hold indicator and the checks count, on one quiet line under the caption. */
function NarrationStatus() {
  const hold = useAppStore((s) => s.hold);
  const results = useAppStore((s) => s.expectationResults);
  const total = useAppStore((s) => s.scenario?.expectations.length ?? 0);
  if (hold === null && total === 0) return null;
  return (
    <div className="narration-status">
      {hold !== null && <HoldNotice untilWallMs={hold.untilWallMs} />}
      {total > 0 && <ChecksCount results={results} />}
    </div>
  );
}

/** "Holding for the caption… 2 s" with a Skip button, counting down in whole seconds. */
function HoldNotice({ untilWallMs }: { untilWallMs: number }) {
  const skipHold = useAppStore((s) => s.skipHold);
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(performance.now()), 250);
    return () => window.clearInterval(timer);
  }, []);
  const seconds = Math.max(1, Math.ceil((untilWallMs - now) / 1000));
  return (
    <span className="narration-hold" data-hold-until={untilWallMs}>
      <span>
        Holding for the caption… <span className="mono">{seconds} s</span>
      </span>
      <button
        type="button"
        className="button small"
        onClick={skipHold}
        title="Go on without waiting for this caption to be read"
      >
        Skip
      </button>
    </span>
  );
}

/** "3/5 checks hold" (and how many no longer do); opens the checklist. */
function ChecksCount({ results }: { results: AppState['expectationResults'] }) {
  const setPanel = useAppStore((s) => s.setPanel);
  const mode = useAppStore((s) => s.mode);
  const { held, failed, total } = checkCounts(results);
  const label = `${held}/${total} checks hold${failed > 0 ? `, ${failed} no longer hold` : ''}`;
  const className = `narration-checks${failed > 0 ? ' failing' : ''}`;
  // Presenter and embed modes have no sidebar to open: the count is all there is.
  if (mode !== 'app') return <span className={className}>{label}</span>;
  return (
    <button
      type="button"
      className={`button small ${className}`}
      onClick={() => setPanel('checks')}
      title="Show the lesson's checks"
    >
      {label}
    </button>
  );
}
