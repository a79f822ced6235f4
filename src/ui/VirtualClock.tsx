import { selectEnded, useAppStore } from '../store';
import { formatVirtualTime } from './describeEvent';

/** Virtual time, and the scenario's length. */
export function VirtualClock() {
  const timeMs = useAppStore((s) => s.timeMs);
  const durationMs = useAppStore((s) => s.scenario?.durationMs);
  const ended = useAppStore(selectEnded);
  return (
    <span className="readout clock" title="Virtual time: the simulation's own clock">
      <span className="readout-label">time</span>
      <output className="mono" aria-label="Virtual time">
        {formatVirtualTime(timeMs)}
      </output>
      {durationMs !== undefined && (
        <span className="readout-sub">
          {ended ? 'end' : `of ${formatVirtualTime(durationMs).replace('.000', '')}`}
        </span>
      )}
    </span>
  );
}
