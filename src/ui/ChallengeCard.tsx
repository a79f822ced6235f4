import { useId, useState } from 'react';
import { scoreKeyOf, useAppStore } from '../store';
import { writeClipboard } from './copyAndSave';
import { formatVirtualTime } from './virtualTime';
import './challenge.css';

/**
 * A challenge's goal over the top of the picture, with its hint on request and whether this
 * run has reached it. Once solved: a link to the solution, which replays this session to the
 * moment it was solved in a fresh page (and the challenge shows solved there too).
 *
 * Data attributes for tests: `data-solved` (true/false), `data-solved-at` (virtual ms).
 */
export default function ChallengeCard() {
  const challenge = useAppStore((s) => s.scenario?.challenge ?? null);
  const solvedAtMs = useAppStore((s) => s.challengeSolvedAtMs);
  const solvedBefore = useAppStore((s) => {
    const key = scoreKeyOf(s);
    return key !== null && key in s.solvedChallenges;
  });
  const acted = useAppStore((s) => s.sessionLog.length > 0);
  const createShareLink = useAppStore((s) => s.createShareLink);
  const [hint, setHint] = useState(false);
  const [link, setLink] = useState<{ text: string; copied: boolean } | { error: string } | null>(
    null,
  );
  const hintId = useId();
  if (challenge === null) return null;
  const solved = solvedAtMs !== null;
  const shareSolution = async () => {
    const outcome = await createShareLink();
    if (!outcome.ok) return setLink({ error: outcome.message });
    setLink({ text: outcome.text, copied: await writeClipboard(outcome.text) });
  };
  return (
    <section
      className="challenge"
      aria-label="Challenge"
      data-solved={String(solved)}
      data-solved-at={solvedAtMs ?? undefined}
    >
      <p className="challenge-goal">
        <span className="challenge-tag">Challenge</span> {challenge.goal}
      </p>
      <div className="challenge-row">
        {challenge.hint !== null && (
          <button
            type="button"
            className="button small"
            aria-expanded={hint}
            aria-controls={hintId}
            onClick={() => setHint((h) => !h)}
          >
            {hint ? 'Hide the hint' : 'Hint'}
          </button>
        )}
        <span className="challenge-status" role="status">
          {solved
            ? `✓ Solved at ${formatVirtualTime(solvedAtMs)}.`
            : acted
              ? 'Not yet.'
              : 'Act on the cluster (the Act panel, or a broker’s buttons) to reach it.'}
          {!solved && solvedBefore && ' (You solved it before in this browser.)'}
        </span>
        {solved && (
          <button
            type="button"
            className="button small primary"
            onClick={() => void shareSolution()}
          >
            Link to your solution
          </button>
        )}
      </div>
      {hint && challenge.hint !== null && (
        <p id={hintId} className="challenge-hint">
          {challenge.hint}
        </p>
      )}
      {solved && link !== null && (
        <p className="challenge-link" role="status">
          {'error' in link ? (
            link.error
          ) : (
            <>
              {link.copied ? 'Copied: ' : 'Copy this link: '}
              <input
                className="mono"
                readOnly
                aria-label="Link to your solution"
                value={link.text}
                onFocus={(e) => e.currentTarget.select()}
              />
            </>
          )}
        </p>
      )}
    </section>
  );
}
