import { useAppStore } from '../store';

/** Why there is no simulation to show (or why it stopped): never a blank page. */
export function ProblemPanel() {
  const problems = useAppStore((s) => s.problems);
  const status = useAppStore((s) => s.loadStatus);
  const name = useAppStore((s) => s.scenarioName);
  const dismiss = useAppStore((s) => s.dismissProblems);
  // A built-in scenario's first frame is on screen while the engine loads: no "Loading" over it.
  const firstFrame = useAppStore((s) => s.showingFirstFrame);
  if (problems.length === 0) {
    return (status === 'loading' && !firstFrame) || status === 'idle' ? (
      <p className="loading" role="status">
        Loading scenario {name ?? ''}…
      </p>
    ) : null;
  }
  return (
    <>
      {problems.map((p, i) => (
        <section key={i} className="problem" role="alert" data-kind={p.kind}>
          <h2>{p.title}</h2>
          <ul className="mono">
            {p.details.map((line, j) => (
              <li key={j}>{line}</li>
            ))}
          </ul>
          {status === 'ready' && (
            <button type="button" className="button small" onClick={dismiss}>
              Dismiss
            </button>
          )}
          {p.kind === 'fetch' && (
            <p>
              Built-in scenarios live in <code>public/scenarios/</code>; open{' '}
              <a href="?">the default lesson</a> instead.
            </p>
          )}
        </section>
      ))}
    </>
  );
}
