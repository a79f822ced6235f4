import { describe, expect, it } from 'vitest';
import { COURSE, type Lesson } from '../scenario';
import { adjacentLessons, builtinName, inOrder } from './lessons';

const lesson = (number: number): Lesson => ({
  id: `l${number}`,
  number,
  title: `Lesson ${number}`,
  summary: '',
});

describe('adjacentLessons', () => {
  it('gives a lesson with the ones before and after it', () => {
    const place = adjacentLessons('lesson-04-keys')!;
    expect(place.lesson.title).toBe('Producing with a key');
    expect(place.position).toBe(4);
    expect(place.previous?.id).toBe('lesson-03-no-key');
    expect(place.next?.id).toBe('lesson-05-positions');
  });

  it('has no lesson before the first or after the last', () => {
    const ordered = inOrder();
    expect(adjacentLessons(ordered[0].id)).toMatchObject({ previous: null, position: 1 });
    expect(adjacentLessons(ordered[ordered.length - 1].id)).toMatchObject({
      next: null,
      position: COURSE.length,
    });
  });

  it('is null for a scenario that is not a lesson', () => {
    expect(adjacentLessons('broker-failover')).toBeNull();
    expect(adjacentLessons('')).toBeNull();
  });

  it('follows lesson numbers, not the order the course is written in', () => {
    const course = [lesson(3), lesson(1), lesson(2)];
    expect(adjacentLessons('l1', course)).toMatchObject({ previous: null, next: { id: 'l2' } });
    expect(adjacentLessons('l2', course)).toMatchObject({
      previous: { id: 'l1' },
      next: { id: 'l3' },
    });
    expect(adjacentLessons('l3', course)).toMatchObject({ previous: { id: 'l2' }, next: null });
    expect(adjacentLessons('l1', [lesson(1)])).toMatchObject({ previous: null, next: null });
  });

  it('walks the whole course, 1 to 16, one step at a time', () => {
    const seen: number[] = [];
    let place = adjacentLessons(inOrder()[0].id);
    while (place !== null) {
      seen.push(place.lesson.number);
      place = place.next === null ? null : adjacentLessons(place.next.id);
    }
    expect(seen).toEqual(COURSE.map((_, i) => i + 1));
  });
});

describe('builtinName', () => {
  it('names a built-in scenario, not a file', () => {
    expect(builtinName({ kind: 'builtin', name: 'lesson-04-keys' })).toBe('lesson-04-keys');
    expect(builtinName({ kind: 'text', fileName: 'lesson-04-keys' })).toBeNull();
    expect(builtinName(null)).toBeNull();
  });
});
