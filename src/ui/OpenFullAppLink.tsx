import { useState } from 'react';
import { useAppStore } from '../store';

/**
 * In embed mode: opens this very session (scenario, seed, actions, moment) in the full app,
 * in a new tab. The link is made when clicked, so it carries the moment of the click.
 */
export function OpenFullAppLink() {
  const createShareLink = useAppStore((s) => s.createShareLink);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        className="button small open-full-app"
        aria-label="Open in kafkascope"
        title="Open this in kafkascope, in a new tab"
        onClick={() => {
          // Opened at once (inside the click, so no popup blocker objects), pointed once the link is ready.
          const tab = window.open('', '_blank');
          void createShareLink().then((link) => {
            if (link.ok && tab !== null) {
              tab.opener = null;
              tab.location.href = link.text;
              setProblem(null);
            } else {
              tab?.close();
              setProblem(link.ok ? 'The browser blocked the new tab' : link.message);
            }
          });
        }}
      >
        <span>
          Open<span className="open-words"> in kafkascope</span>
        </span>{' '}
        <span aria-hidden="true">↗</span>
      </button>
      {problem !== null && (
        <span role="status" className="muted">
          {problem}
        </span>
      )}
    </>
  );
}
