import { useAppStore } from '../store';
import { formatVirtualTime } from './describeEvent';

/** The lesson's latest `say` step, read out politely to screen readers. */
export function NarrationCaption() {
  const narration = useAppStore((s) => s.narration);
  const description = useAppStore((s) => s.scenario?.description ?? null);
  const text = narration?.text ?? description;
  return (
    <div className="narration" aria-live="polite">
      {text !== null && text !== '' && (
        <p>
          {narration !== null && (
            <span className="narration-time mono">{formatVirtualTime(narration.atMs)}</span>
          )}
          {text}
        </p>
      )}
    </div>
  );
}
