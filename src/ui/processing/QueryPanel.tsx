import { lazy, Suspense, useId, useMemo, useState, type ReactNode } from 'react';
import type { StreamsProgram } from '../../engine';
import { describeProblem, offsetOf } from '../editorText';
import { useAppStore, useAppStoreApi } from '../../store';
import { catalogOf, catalogOfApp, checkDraft } from './queryInfo';
import {
  durationText,
  editQueryStatement,
  isPersistentQuery,
  setEmit,
  setGracePeriod,
  setProperty,
  setWindowSize,
  splitStatements,
  withSlideStatement,
} from './statementEdits';
import { spanText } from './storeRows';
import type { ProcessingPartProps } from './types';
import './panels.css';

/** CodeMirror and the ksqlDB language, fetched when an edit begins. */
const KsqlDraftEditor = lazy(() => import('./KsqlDraftEditor'));

const CACHE_PROPERTIES = ['cache.max.bytes.buffering', 'statestore.cache.max.bytes'];
const SIZES_MS = [10_000, 30_000, 60_000, 120_000, 300_000, 600_000];
const GRACES_MS = [0, 5_000, 10_000, 30_000, 60_000, 300_000];
const COMMITS_MS = [100, 500, 1000, 2000, 5000, 10_000, 30_000];

/** The draft being edited, and the statements it was started from (a rerun ends the edit). */
interface Draft {
  readonly base: string;
  readonly text: string;
}

type ApplyState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'applying' }
  | { readonly kind: 'refused'; readonly messages: readonly string[] };

/**
 * The application's statements, read-only with line numbers, and the means to change them:
 * knobs that rewrite the text (window size, grace period, EMIT, commit interval, record
 * cache), an editor whose ksqlDB problem is shown at its line, the talk's slide statement with
 * its one-click fix, and "Apply and rerun from the start", which puts the statements into the
 * scenario's text and loads it through the scenario editor's path.
 */
export function QueryPanel({ app, query }: ProcessingPartProps) {
  const titleId = useId();
  const problemId = useId();
  const store = useAppStoreApi();
  const [draftState, setDraft] = useState<Draft | null>(null);
  const [apply, setApply] = useState<ApplyState>({ kind: 'idle' });
  // After a rerun the application's statements are new: the edit that made them is over.
  const draft = draftState !== null && draftState.base === app.statements ? draftState : null;
  const text = draft?.text ?? app.statements;
  const queryIndex = Math.max(
    0,
    app.queries.findIndex((q) => q.queryId === query.queryId),
  );

  const { check, running } = useStatementChecks(app, text);
  const setup = useAppStore((s) => s.scenario?.setup.topics ?? null);
  const scenarioTopics = useMemo(() => (setup ?? []).map((t) => t.name), [setup]);
  const problem = check.ok ? null : check.problem;

  const edit = (next: string) => {
    setApply({ kind: 'idle' });
    setDraft({ base: app.statements, text: next });
  };
  const editQuery = (rewrite: (statement: string) => string) =>
    edit(editQueryStatement(text, queryIndex, rewrite));

  const applyDraft = async () => {
    if (draft === null || problem !== null) return;
    setApply({ kind: 'applying' });
    setApply(await applyStatements(store, app.id, draft.text));
  };

  const fix = problem?.fix ?? null;
  const applyFix = () => {
    if (problem === null || fix === null || problem.line === null) return;
    const offset = offsetOf(text, problem.line, problem.column ?? 1);
    const span = splitStatements(text).find((s) => offset >= s.start && offset < s.end);
    if (span === undefined) return;
    edit(text.slice(0, span.start) + fix + text.slice(span.end));
  };

  return (
    <section className="pp-panel pp-query" aria-labelledby={titleId}>
      <h3 id={titleId}>
        Query <code className="pp-name">{query.queryId}</code>
      </h3>
      {draft === null ? (
        <CodeListing text={app.statements} label={`The statements of ${app.id}`} />
      ) : (
        <Suspense fallback={<CodeListing text={draft.text} label="Loading the editor…" />}>
          <KsqlDraftEditor
            text={draft.text}
            topics={scenarioTopics}
            problem={problem}
            problemId={problemId}
            onChange={edit}
            onApply={() => void applyDraft()}
          />
        </Suspense>
      )}
      {problem !== null && draft !== null && (
        <div className="pp-problem" id={problemId} role="alert">
          <p>
            <span className="pp-problem-where">
              {problem.line === null
                ? 'The statements: '
                : `Line ${problem.line}, column ${problem.column}: `}
            </span>
            {problem.message}
          </p>
          {fix !== null && (
            <p>
              <button type="button" className="button small" onClick={applyFix}>
                Fix: {fixLabel(fix)}
              </button>
            </p>
          )}
        </div>
      )}
      {problem === null && draft !== null && check.ok && (
        <p className="pp-ok pp-pass" role="status">
          ✓ {summary(check.program, queryIndex)}
        </p>
      )}
      <Knobs
        program={check.ok ? check.program : running.ok ? running.program : null}
        disabled={!check.ok}
        queryIndex={queryIndex}
        text={text}
        onSize={(ms) => editQuery((s) => setWindowSize(s, durationText(ms)))}
        onGrace={(ms) => editQuery((s) => setGracePeriod(s, ms === null ? null : durationText(ms)))}
        onEmit={(mode) => editQuery((s) => setEmit(s, mode))}
        onCommit={(ms) =>
          edit(setProperty(text, ['commit.interval.ms'], ms === 2000 ? null : String(ms)))
        }
        onCache={(on) => edit(setProperty(text, CACHE_PROPERTIES, on ? null : '0'))}
      />
      <div className="pp-actions">
        {draft === null ? (
          <>
            <button type="button" className="button small" onClick={() => edit(app.statements)}>
              Edit query
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => edit(withSlideStatement(app.statements))}
            >
              Try the talk’s statement
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="button small primary"
              disabled={
                problem !== null || draft.text === app.statements || apply.kind === 'applying'
              }
              onClick={() => void applyDraft()}
            >
              Apply and rerun from the start
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => edit(withSlideStatement(draft.text))}
            >
              Try the talk’s statement
            </button>
            <button
              type="button"
              className="button small"
              onClick={() => {
                setDraft(null);
                setApply({ kind: 'idle' });
              }}
            >
              Cancel
            </button>
          </>
        )}
      </div>
      <ApplyStatus state={apply} />
    </section>
  );
}

function ApplyStatus({ state }: { state: ApplyState }) {
  let content: ReactNode = null;
  if (state.kind === 'applying') content = 'Applying: the scenario starts again…';
  if (state.kind === 'refused')
    content = (
      <>
        Not applied:
        <ul>
          {state.messages.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      </>
    );
  return (
    <div role="status" className={state.kind === 'refused' ? 'pp-problem' : 'pp-sub'}>
      {content}
    </div>
  );
}

/** "CREATE TABLE" for a fix that starts so. */
function fixLabel(fix: string): string {
  const m = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(STREAM|TABLE)\b/i.exec(fix);
  return m === null ? 'as ksqlDB suggests' : `CREATE ${m[1].toUpperCase()}`;
}

/** What the checked draft runs: "Compiles: CTAS_POSSIBLE_FRAUD_0, TUMBLING 5 MINUTES, EMIT CHANGES". */
function summary(program: StreamsProgram, queryIndex: number): string {
  const q = program.queries[queryIndex] ?? program.queries[0];
  const parts = [q.queryId];
  if (q.kind === 'CTAS') {
    if (q.window !== null)
      parts.push(
        q.window.kind === 'SESSION'
          ? `SESSION ${durationText(q.window.gapMs)}`
          : `${q.window.kind} ${durationText(q.window.sizeMs)}, grace ${durationText(q.window.graceMs)}`,
      );
    parts.push(`EMIT ${q.emit}`);
  }
  const p = program.properties;
  parts.push(`commit every ${spanText(p.commitIntervalMs)}`);
  parts.push(p.cacheMaxBytes > 0 ? 'record cache on' : 'record cache off');
  return `Compiles: ${parts.join(', ')}.`;
}

/**
 * The statements read-only, one numbered row a line: a long line wraps under itself (its
 * number stays beside its first row), so nothing is cut off in a narrow column or on a phone.
 */
function CodeListing({ text, label }: { text: string; label: string }) {
  const lines = text.replace(/\n$/, '').split('\n');
  return (
    <ol className="pp-code" aria-label={label}>
      {lines.map((line, i) => (
        <li key={i} className="pp-code-line">
          <span className="pp-code-number" aria-hidden="true">
            {i + 1}
          </span>
          <code className="pp-code-text">{line}</code>
        </li>
      ))}
    </ol>
  );
}

/** The knobs: each rewrites the statements (opening the editor on the result). */
function Knobs(props: {
  program: StreamsProgram | null;
  disabled: boolean;
  queryIndex: number;
  text: string;
  onSize: (ms: number) => void;
  onGrace: (ms: number | null) => void;
  onEmit: (mode: 'CHANGES' | 'FINAL') => void;
  onCommit: (ms: number) => void;
  onCache: (on: boolean) => void;
}) {
  const id = useId();
  const q = props.program?.queries[props.queryIndex] ?? null;
  const window = q?.kind === 'CTAS' ? q.window : null;
  const statement =
    splitStatements(props.text).filter((s) => isPersistentQuery(s.text))[props.queryIndex]?.text ??
    '';
  const explicitGrace = /\bGRACE\s+PERIOD\b/i.test(statement);
  const properties = props.program?.properties ?? null;
  const disabled = props.disabled || props.program === null;
  const sized = window !== null && window.kind !== 'SESSION';
  return (
    <fieldset className="pp-knobs" disabled={disabled}>
      <legend>Change the query{disabled ? ' (fix the statements first)' : ''}</legend>
      <Select
        id={`${id}-size`}
        label="Window size"
        value={sized ? String(window.sizeMs) : ''}
        disabled={disabled || !sized}
        options={
          sized
            ? withCurrent(SIZES_MS, window.sizeMs).map((ms) => [String(ms), durationText(ms)])
            : [['', 'no time window']]
        }
        onChange={(v) => props.onSize(Number(v))}
      />
      <Select
        id={`${id}-grace`}
        label="Grace period"
        value={window === null ? '' : explicitGrace ? String(window.graceMs) : 'default'}
        disabled={disabled || window === null}
        options={
          window === null
            ? [['', 'no window']]
            : [
                [
                  'default',
                  // ksqlDB's default grace: 24 h − size with EMIT CHANGES, 0 with EMIT FINAL.
                  q?.kind === 'CTAS' && q.emit === 'FINAL'
                    ? 'default (0 with EMIT FINAL)'
                    : 'default (24 h − size)',
                ],
                ...withCurrent(GRACES_MS, explicitGrace ? window.graceMs : null).map(
                  (ms): [string, string] => [String(ms), durationText(ms)],
                ),
              ]
        }
        onChange={(v) => props.onGrace(v === 'default' ? null : Number(v))}
      />
      <Select
        id={`${id}-emit`}
        label="EMIT"
        value={q?.kind === 'CTAS' ? q.emit : ''}
        disabled={disabled || q?.kind !== 'CTAS'}
        options={
          q?.kind === 'CTAS'
            ? [
                ['CHANGES', 'CHANGES (every update)'],
                ['FINAL', 'FINAL (at window close)'],
              ]
            : [['', 'not an aggregation']]
        }
        onChange={(v) => props.onEmit(v === 'FINAL' ? 'FINAL' : 'CHANGES')}
      />
      <Select
        id={`${id}-commit`}
        disabled={disabled}
        label="Commit interval"
        value={properties === null ? '' : String(properties.commitIntervalMs)}
        options={withCurrent(COMMITS_MS, properties?.commitIntervalMs ?? null).map((ms) => [
          String(ms),
          `${spanText(ms)}${ms === 2000 ? ' (default)' : ''}`,
        ])}
        onChange={(v) => props.onCommit(Number(v))}
      />
      <Select
        id={`${id}-cache`}
        disabled={disabled}
        label="Record cache"
        value={properties === null ? '' : properties.cacheMaxBytes > 0 ? 'on' : 'off'}
        options={[
          ['on', 'on (10 MB, default)'],
          ['off', 'off (0 bytes)'],
        ]}
        onChange={(v) => props.onCache(v === 'on')}
      />
    </fieldset>
  );
}

/**
 * The draft checked against the scenario's own topics (Apply reruns from the start, before the
 * application creates any), and the statements that run now (the knobs show them, disabled,
 * while the draft does not compile).
 */
function useStatementChecks(app: ProcessingPartProps['app'], text: string) {
  const setupTopics = useAppStore((s) => s.scenario?.setup.topics ?? null);
  const catalogKey = setupTopics === null ? null : JSON.stringify(setupTopics);
  const appCatalog = JSON.stringify(catalogOfApp(app));
  const catalog = () =>
    catalogKey === null ? JSON.parse(appCatalog) : catalogOf(JSON.parse(catalogKey));
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the catalog is keyed by its JSON
  const check = useMemo(() => checkDraft(text, catalog()), [text, catalogKey, appCatalog]);
  const running = useMemo(
    () => checkDraft(app.statements, catalog()),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the catalog is keyed by its JSON
    [app.statements, catalogKey, appCatalog],
  );
  return { check, running };
}

/**
 * Puts the statements into the scenario's text and loads it through the scenario editor's
 * path; a refused draft comes back with its problems (and leaves the scenario editor as it was).
 */
async function applyStatements(
  store: ReturnType<typeof useAppStoreApi>,
  appId: string,
  statements: string,
): Promise<ApplyState> {
  const state = store.getState();
  if (state.scenarioText === null) return { kind: 'refused', messages: ['No scenario is loaded.'] };
  const { replaceStreamsStatements } = await import('../../scenario');
  const replaced = replaceStreamsStatements(state.scenarioText, appId, statements);
  if (!replaced.ok) return { kind: 'refused', messages: [replaced.message] };
  state.setEditorText(replaced.text);
  if (await store.getState().applyEditor()) return { kind: 'idle' };
  const after = store.getState();
  const problems = after.editorCheck?.text === replaced.text ? after.editorCheck.problems : [];
  // The scenario editor keeps no copy of a draft that lives here.
  if (after.editorText === replaced.text) after.revertEditor();
  return {
    kind: 'refused',
    messages:
      problems.length > 0
        ? problems.map(describeProblem)
        : ['The scenario did not load with these statements.'],
  };
}

/** The offered values, with the current one among them (sorted) when it is not. */
function withCurrent(values: readonly number[], current: number | null): number[] {
  return current === null || values.includes(current)
    ? [...values]
    : [...values, current].sort((a, b) => a - b);
}

function Select(props: {
  id: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  disabled?: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <div className="pp-field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.currentTarget.value)}
      >
        {props.options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
