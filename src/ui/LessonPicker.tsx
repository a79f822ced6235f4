import { lazy, Suspense, useId } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { Lesson } from '../scenario';
import { useAppStore } from '../store';
import { adjacentLessons, builtinName, inOrder, partStartingAt } from './lessons';
import { usePopover } from './usePopover';
import './share.css';

const CHOICE = '.lesson-choice';

// The challenges' list loads when the menu first opens, not with the first screen.
const ChallengeList = lazy(() => import('./ChallengeList'));

/**
 * "Lessons": the course as a list to pick from (the current lesson marked), and Previous /
 * Next lesson buttons while a lesson plays. Picking one opens it with `openBuiltin`.
 */
export function LessonPicker() {
  const source = useAppStore((s) => s.scenarioSource);
  const openBuiltin = useAppStore((s) => s.openBuiltin);
  const currentId = builtinName(source);
  const place = currentId === null ? null : adjacentLessons(currentId);
  const lessons = inOrder();
  const headingId = useId();
  const { open, close, rootProps, triggerProps, panelProps } = usePopover(
    (panel) =>
      panel.querySelector<HTMLElement>(`${CHOICE}[aria-current]`) ??
      panel.querySelector<HTMLElement>(CHOICE),
  );

  const choose = (id: string): void => {
    close(true);
    void openBuiltin(id);
  };
  const go = (lesson: Lesson | null): void => {
    if (lesson !== null) void openBuiltin(lesson.id);
  };

  return (
    <div className="lesson-picker" {...rootProps}>
      {/* aria-disabled, not disabled: a button keeps its focus on reaching the first or last lesson. */}
      {place !== null && (
        <button
          type="button"
          className="button small"
          aria-disabled={place.previous === null}
          title={place.previous === null ? undefined : lessonLabel(place.previous)}
          onClick={() => go(place.previous)}
        >
          <span aria-hidden="true">←</span> Previous lesson
        </button>
      )}
      <span className="popover-anchor">
        <button className="button small" {...triggerProps}>
          Lessons
          {place !== null && (
            <span className="lesson-position">
              {place.position} of {lessons.length}
            </span>
          )}
        </button>
        {open && (
          <div className="popover lesson-list" aria-labelledby={headingId} {...panelProps}>
            <h2 id={headingId} className="popover-title">
              Lessons
            </h2>
            <ol onKeyDown={moveBetweenChoices}>
              {lessons.map((lesson) => {
                const current = lesson.id === currentId;
                return (
                  <li key={lesson.id} className={current ? 'current' : undefined}>
                    {partStartingAt(lesson.number) !== null && (
                      <p className="lesson-part" role="heading" aria-level={3}>
                        {partStartingAt(lesson.number)}
                      </p>
                    )}
                    <button
                      type="button"
                      className="lesson-choice"
                      aria-current={current ? 'step' : undefined}
                      aria-describedby={`${headingId}-${lesson.number}`}
                      onClick={() => choose(lesson.id)}
                    >
                      <span className="lesson-number">{lesson.number}.</span> {lesson.title}
                      {current && <span className="lesson-here"> (playing)</span>}
                    </button>
                    <p id={`${headingId}-${lesson.number}`} className="lesson-summary">
                      {lesson.summary}
                    </p>
                  </li>
                );
              })}
            </ol>
            <Suspense fallback={null}>
              <ChallengeList
                currentId={currentId}
                describedBy={headingId}
                onChoose={choose}
                onKeyDown={moveBetweenChoices}
              />
            </Suspense>
          </div>
        )}
      </span>
      {place !== null && (
        <button
          type="button"
          className="button small"
          aria-disabled={place.next === null}
          title={place.next === null ? undefined : lessonLabel(place.next)}
          onClick={() => go(place.next)}
        >
          Next lesson <span aria-hidden="true">→</span>
        </button>
      )}
    </div>
  );
}

function lessonLabel(lesson: Lesson): string {
  return `${lesson.number}. ${lesson.title}`;
}

/** ↑ ↓ Home End move between the lessons (Tab still leaves the list). */
export function moveBetweenChoices(e: ReactKeyboardEvent<HTMLElement>): void {
  const choices = Array.from(e.currentTarget.querySelectorAll<HTMLElement>(CHOICE));
  const i = choices.indexOf(e.target as HTMLElement);
  if (i < 0) return;
  const to =
    e.key === 'ArrowDown'
      ? Math.min(i + 1, choices.length - 1)
      : e.key === 'ArrowUp'
        ? Math.max(i - 1, 0)
        : e.key === 'Home'
          ? 0
          : e.key === 'End'
            ? choices.length - 1
            : null;
  if (to === null) return;
  e.preventDefault();
  choices[to].focus();
}
