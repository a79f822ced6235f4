import { useAppStore, type AppState } from '../store';
import { formatSeconds } from './timelineLayout';
import './narration.css';

type Results = AppState['expectationResults'];

/** How many checks hold, no longer hold, and exist. */
export function checkCounts(results: Results): { held: number; failed: number; total: number } {
  let held = 0;
  let failed = 0;
  for (const r of results) {
    if (r === null) continue;
    if (r.ok) held++;
    else failed++;
  }
  return { held, failed, total: results.length };
}

/**
 * The lesson's `expect` checks as a checklist, in time order: pending (◌) before the run
 * passes its moment, ✓ once it held then, ✗ with what was expected and what the run had when it
 * no longer holds (after the user acted). The store checks them on this run, as the CLI does.
 */
export function ExpectChecklist() {
  const expectations = useAppStore((s) => s.scenario?.expectations);
  const results = useAppStore((s) => s.expectationResults);
  const divergedAtMs = useAppStore((s) => s.sessionLog[0]?.atMs ?? null);
  if (expectations === undefined || expectations.length === 0)
    return <p className="muted">This scenario has no checks (`expect` steps).</p>;
  const { held, failed, total } = checkCounts(results);
  const order = expectations
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.atMs - b.e.atMs || a.i - b.i);
  return (
    <section className="checklist" aria-label="Checks">
      <p className="checklist-summary">
        {held} of {total} checks hold
        {failed > 0 && <>, {failed} no longer hold</>}
        {divergedAtMs !== null && (
          <> · you acted at {formatSeconds(divergedAtMs)}: later checks test your run</>
        )}
      </p>
      <ol className="checklist-items">
        {order.map(({ e, i }) => {
          const result = results[i] ?? null;
          const state = result === null ? 'pending' : result.ok ? 'held' : 'failed';
          return (
            <li key={i} className={`check check-${state}`} data-check-state={state}>
              <span className="check-mark" aria-hidden="true">
                {state === 'pending' ? '◌' : state === 'held' ? '✓' : '✗'}
              </span>
              <span className="visually-hidden">
                {state === 'pending' ? 'pending: ' : state === 'held' ? 'holds: ' : 'fails: '}
              </span>
              <span className="check-time mono">{formatSeconds(e.atMs)}</span>
              <code className="check-source">{e.source}</code>
              {result !== null && !result.ok && (
                <span className="check-detail">
                  expected <code>{result.expected}</code>, the run has <code>{result.actual}</code>
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
