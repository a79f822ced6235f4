// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useThrottled } from './useThrottled';

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

let renders = 0;
function Shown({ value }: { value: number }) {
  const shown = useThrottled(value, 250);
  renders++;
  return <output>{shown}</output>;
}
const text = (c: HTMLElement) => c.querySelector('output')!.textContent;

describe('useThrottled', () => {
  it('shows a change at once after a quiet spell', () => {
    const { container, rerender } = render(<Shown value={1} />);
    expect(text(container)).toBe('1');
    act(() => vi.advanceTimersByTime(1000));
    rerender(<Shown value={2} />);
    expect(text(container)).toBe('2');
  });

  it('changes every frame show at most four times a second, and the last one always shows', () => {
    const { container, rerender } = render(<Shown value={0} />);
    act(() => vi.advanceTimersByTime(1000));
    const seen = new Set<string>();
    for (let frame = 1; frame <= 60; frame++) {
      rerender(<Shown value={frame} />);
      seen.add(text(container)!);
      act(() => vi.advanceTimersByTime(1000 / 60));
    }
    // One second of frames: the first change, then one each 250 ms.
    expect(seen.size).toBeGreaterThanOrEqual(4);
    expect(seen.size).toBeLessThanOrEqual(5);
    act(() => vi.advanceTimersByTime(250));
    expect(text(container)).toBe('60');
    expect(renders).toBeGreaterThan(60);
  });
});
