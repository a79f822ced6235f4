import { useAppStore } from '../store';
import { quorumNotice } from './quorumText';

/** A line above the stage while the controller quorum has no active controller. */
export function QuorumNotice() {
  // Strings, not a fresh object per snapshot: the notice re-renders only when its words change.
  const text = useAppStore((s) => (s.snapshot === null ? null : quorumNotice(s.snapshot)?.text));
  const tone = useAppStore((s) => (s.snapshot === null ? null : quorumNotice(s.snapshot)?.tone));
  const short = useAppStore((s) => (s.snapshot === null ? null : quorumNotice(s.snapshot)?.short));
  if (text === null || text === undefined) return null;
  // The long text, or in an embed and on a phone the short one (CSS picks; the long one is read out).
  return (
    <p className={`quorum-notice ${tone ?? 'info'}`} role="status">
      {tone === 'warn' ? '⚠ ' : ''}
      <span className="long">{text}</span>
      {short !== text && (
        <span className="short" aria-hidden="true">
          {short}
        </span>
      )}
    </p>
  );
}
