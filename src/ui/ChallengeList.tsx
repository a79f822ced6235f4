import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import { CHALLENGES } from '../scenario/challengeList';
import { useAppStore } from '../store';

/** The lessons menu's challenges, each with its goal, marked when solved in this browser. */
export default function ChallengeList({
  currentId,
  describedBy,
  onChoose,
  onKeyDown,
}: {
  currentId: string | null;
  describedBy: string;
  onChoose: (id: string) => void;
  onKeyDown: (e: ReactKeyboardEvent<HTMLElement>) => void;
}) {
  const solvedChallenges = useAppStore((s) => s.solvedChallenges);
  return (
    <>
      <h3 className="lesson-part">Challenges</h3>
      <ul className="challenge-list" onKeyDown={onKeyDown}>
        {CHALLENGES.map((c) => {
          const current = c.id === currentId;
          const solved = `builtin:${c.id}` in solvedChallenges;
          return (
            <li key={c.id} className={current ? 'current' : undefined}>
              <button
                type="button"
                className="lesson-choice"
                aria-current={current ? 'step' : undefined}
                aria-describedby={`${describedBy}-${c.id}`}
                onClick={() => onChoose(c.id)}
              >
                {c.title.replace(/^Challenge: /, '')}
                {solved && <span className="lesson-here"> ✓ solved</span>}
                {current && <span className="lesson-here"> (open)</span>}
              </button>
              <p id={`${describedBy}-${c.id}`} className="lesson-summary">
                {c.goal}
              </p>
            </li>
          );
        })}
      </ul>
    </>
  );
}
