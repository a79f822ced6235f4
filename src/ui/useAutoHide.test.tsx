// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTO_HIDE_AFTER_MS, useAutoHide } from './useAutoHide';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function Bar({ enabled }: { enabled: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const hidden = useAutoHide(ref, enabled);
  return (
    <div ref={ref} data-testid="bar" data-hidden={String(hidden)}>
      <button type="button">Play</button>
    </div>
  );
}

const hidden = (c: HTMLElement) =>
  c.querySelector('[data-testid="bar"]')!.getAttribute('data-hidden');
/** jsdom has no PointerEvent: a MouseEvent of the pointer's type carries clientY all the same. */
const pointer = (type: string, clientY: number) =>
  act(() => {
    window.dispatchEvent(new MouseEvent(type, { clientY }));
  });

describe('useAutoHide', () => {
  it('shows at first, hides after the delay, and the pointer near the top shows it again', () => {
    const { container } = render(<Bar enabled />);
    expect(hidden(container)).toBe('false');
    act(() => vi.advanceTimersByTime(AUTO_HIDE_AFTER_MS - 1));
    expect(hidden(container)).toBe('false');
    act(() => vi.advanceTimersByTime(1));
    expect(hidden(container)).toBe('true');
    // Far below the bar (its height is 0 in jsdom; the margin is 48 px): stays hidden.
    pointer('pointermove', 400);
    expect(hidden(container)).toBe('true');
    pointer('pointermove', 10);
    expect(hidden(container)).toBe('false');
    act(() => vi.advanceTimersByTime(AUTO_HIDE_AFTER_MS));
    expect(hidden(container)).toBe('true');
    // A tap near the top too.
    pointer('pointerdown', 5);
    expect(hidden(container)).toBe('false');
  });

  it('stays while focus is inside it, and hides once focus leaves', () => {
    const { container, getByRole } = render(<Bar enabled />);
    act(() => getByRole('button').focus());
    act(() => vi.advanceTimersByTime(AUTO_HIDE_AFTER_MS * 3));
    expect(hidden(container)).toBe('false');
    act(() => getByRole('button').blur());
    act(() => vi.advanceTimersByTime(AUTO_HIDE_AFTER_MS));
    expect(hidden(container)).toBe('true');
  });

  it('off: never hides', () => {
    const { container } = render(<Bar enabled={false} />);
    act(() => vi.advanceTimersByTime(AUTO_HIDE_AFTER_MS * 4));
    expect(hidden(container)).toBe('false');
  });
});
