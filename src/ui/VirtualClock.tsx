import { useEffect, useRef, useState } from 'react';
import { selectEnded, useAppStore } from '../store';
import { formatVirtualTime } from './virtualTime';

/** How long the time must stand still before it is announced (a scrub is one announcement). */
const SETTLE_MS = 400;

/**
 * Virtual time, and the scenario's length. The readout changes every frame while playing, so
 * it is plain text, not a live region (a screen reader would read every frame); the moment
 * is announced politely when playback stops there: a pause, a seek, a step.
 */
export function VirtualClock() {
  const timeMs = useAppStore((s) => s.timeMs);
  const playing = useAppStore((s) => s.playing);
  const durationMs = useAppStore((s) => s.scenario?.durationMs);
  const ended = useAppStore(selectEnded);
  const ready = useAppStore((s) => s.loadStatus === 'ready');
  const [spoken, setSpoken] = useState('');
  const atRest = playing || !ready ? null : timeMs;
  const opened = useRef(false);
  useEffect(() => {
    if (atRest === null) return;
    // The time a page opens at is on screen already: only a later stop is news.
    if (!opened.current) {
      opened.current = true;
      return;
    }
    const timer = setTimeout(() => setSpoken(`Paused at ${formatVirtualTime(atRest)}`), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [atRest]);
  return (
    <span className="readout clock" title="Virtual time: the simulation's own clock">
      <span className="readout-label">time</span>
      <span className="mono clock-time" data-testid="virtual-time">
        {formatVirtualTime(timeMs)}
      </span>
      {durationMs !== undefined && (
        <span className="readout-sub">
          {ended ? 'end' : `of ${formatVirtualTime(durationMs).replace('.000', '')}`}
        </span>
      )}
      <span className="visually-hidden" role="status" aria-live="polite">
        {spoken}
      </span>
    </span>
  );
}
