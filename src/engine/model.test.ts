import { describe, expect, it } from 'vitest';
import { pushAll } from './model';

describe('pushAll', () => {
  it('appends in order, also past the size of one push', () => {
    const target = [-2, -1];
    const items = Array.from({ length: 20_000 }, (_, i) => i);
    pushAll(target, items);
    expect(target.length).toBe(20_002);
    expect(target.slice(0, 3)).toEqual([-2, -1, 0]);
    expect(target.every((v, i) => v === i - 2)).toBe(true);
  });

  it('appends nothing for no items', () => {
    const target = [1];
    pushAll(target, []);
    expect(target).toEqual([1]);
  });
});
