import { selectTraceHash, useAppStore } from '../store';

/** The trace hash identifies the run: `kafkascope run … --json` prints the same one. */
export function TraceHashBadge() {
  const hash = useAppStore(selectTraceHash);
  if (hash === null) return null;
  return (
    <span
      className="readout hash"
      title={`Trace hash ${hash}: the CLI prints the same one for this scenario, seed and time`}
    >
      <span className="readout-label">trace</span>
      <code className="mono" aria-label={`Trace hash ${hash}`} data-full={hash}>
        {hash.slice(0, 8)}
      </code>
    </span>
  );
}
