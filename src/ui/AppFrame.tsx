import { useMemo, type ReactNode } from 'react';
import { useAppStore } from '../store';

/**
 * The app's root element, carrying the run's identity for tests and tools: trace hash,
 * virtual time, event count, seed and the session log (the user's commands, for replay) as
 * data attributes; and how it is laid out (`data-mode`, `data-chrome`, `data-caption`,
 * `data-fit`), which the stylesheets read. Re-renders every frame, but its children
 * are elements made by `App`, so React skips them.
 */
export function AppFrame({ children }: { children: ReactNode }) {
  const traceHash = useAppStore((s) => s.snapshot?.traceHash);
  const timeMs = useAppStore((s) => s.timeMs);
  const eventCount = useAppStore((s) => s.snapshot?.eventCount);
  const status = useAppStore((s) => s.loadStatus);
  const playing = useAppStore((s) => s.playing);
  const sessionLog = useAppStore((s) => s.sessionLog);
  const seed = useAppStore((s) => s.seed);
  const mode = useAppStore((s) => s.mode);
  const chrome = useAppStore((s) => s.chrome);
  const caption = useAppStore((s) => s.captionPlacement);
  const fit = useAppStore((s) => s.fit);
  // The log changes only when the user acts: serialised then, not on every frame's render.
  const sessionJson = useMemo(() => JSON.stringify(sessionLog), [sessionLog]);
  return (
    <div
      id="app"
      className="app"
      data-trace-hash={traceHash}
      data-time-ms={timeMs}
      data-event-count={eventCount}
      data-status={status}
      data-playing={playing}
      data-seed={seed ?? undefined}
      data-mode={mode}
      data-chrome={chrome}
      data-caption={caption}
      data-fit={fit ? '' : undefined}
      data-session-log={sessionJson}
    >
      {children}
    </div>
  );
}
