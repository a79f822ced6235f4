import { useState } from 'react';
import { useAppStore } from '../store';
import { quorumNotice } from './quorumText';

/**
 * A line above the stage while the controller quorum has no active controller. In a run
 * that has such moments its line is there, empty and hidden, whenever there is no notice:
 * from when the timeline's index finds the first of them (usually long before it is shown:
 * the index runs ahead) or the notice is first shown, whichever comes first. A run that
 * loses its controller shows the notice for moments only (an election right after a broker
 * is killed), and a line that came and went with them pushed the picture down and up again
 * on most seeks to a failure marker, each time making the browser lay out the whole stage
 * again at another height; held only from its first showing, the first seek to such a moment
 * still did (bench:ui's seeks).
 */
export function QuorumNotice() {
  // Strings, not a fresh object per snapshot: the notice re-renders only when its words change.
  const text = useAppStore((s) => (s.snapshot === null ? null : quorumNotice(s.snapshot)?.text));
  const tone = useAppStore((s) => (s.snapshot === null ? null : quorumNotice(s.snapshot)?.tone));
  const short = useAppStore((s) => (s.snapshot === null ? null : quorumNotice(s.snapshot)?.short));
  const scenario = useAppStore((s) => s.scenario);
  const seed = useAppStore((s) => s.seed);
  const foretold = useAppStore((s) => s.timeline?.losesController === true);
  const [heldFor, setHeldFor] = useState<{ scenario: unknown; seed: number | null } | null>(null);
  const shown = text !== null && text !== undefined;
  const held =
    foretold || (heldFor !== null && heldFor.scenario === scenario && heldFor.seed === seed);
  // Set while rendering (React's pattern for state derived from what it renders), once a run.
  if (shown && !held && scenario !== null) setHeldFor({ scenario, seed });
  if (!shown)
    return held ? (
      <p className="quorum-notice-held" aria-hidden="true">
        {'\u00a0'}
      </p>
    ) : null;
  // The long text, or in an embed and on a phone the short one (CSS picks; the long one is
  // read out). A notice with one text shows it everywhere: the `long` class alone would hide
  // it in an embed and on a phone, leaving an empty box.
  return (
    <p className={`quorum-notice ${tone ?? 'info'}`} role="status">
      {tone === 'warn' ? '⚠ ' : ''}
      {short === text || short === null || short === undefined ? (
        <span className="only">{text}</span>
      ) : (
        <>
          <span className="long">{text}</span>
          <span className="short" aria-hidden="true">
            {short}
          </span>
        </>
      )}
    </p>
  );
}
