import type { ScenarioSource } from '../store';
import { COURSE, COURSE_PARTS, type Lesson } from '../scenario/course';

/** Where a lesson sits in the course: itself and its neighbours (by lesson number). */
export interface LessonPlace {
  lesson: Lesson;
  /** Its position in the course, from 1. */
  position: number;
  previous: Lesson | null;
  next: Lesson | null;
}

/** The lessons in the order they are taught. */
export function inOrder(course: readonly Lesson[] = COURSE): readonly Lesson[] {
  return [...course].sort((a, b) => a.number - b.number);
}

/** The lesson `id` and the ones before and after it, or null when `id` is not a lesson. */
export function adjacentLessons(
  id: string,
  course: readonly Lesson[] = COURSE,
): LessonPlace | null {
  const ordered = inOrder(course);
  const i = ordered.findIndex((l) => l.id === id);
  if (i < 0) return null;
  return {
    lesson: ordered[i],
    position: i + 1,
    previous: i > 0 ? ordered[i - 1] : null,
    next: i + 1 < ordered.length ? ordered[i + 1] : null,
  };
}

/** The built-in scenario playing now, when there is one (a lesson is opened by its name). */
export function builtinName(source: ScenarioSource | null): string | null {
  return source?.kind === 'builtin' ? source.name : null;
}

/** The title of the talk's part (storage, pub/sub, processing) that begins with this lesson, or null. */
export function partStartingAt(lessonNumber: number): string | null {
  return COURSE_PARTS.find((p) => p.firstLesson === lessonNumber)?.title ?? null;
}
