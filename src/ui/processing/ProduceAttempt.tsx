import { useId, useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatEventTime } from '../../runtime';
import { useAppStore } from '../../store';
import { eventTimeOf, type EventTimeChoice } from './eventTime';
import { defaultFieldValue, produceFields, producerFor, recordOf } from './produceRecord';
import type { ProcessingPartProps } from './types';
import { useCompiledQuery } from './useCompiledQuery';
import './panels.css';

type Outcome =
  | { readonly kind: 'sent'; readonly text: string; readonly note: string | null }
  | { readonly kind: 'refused'; readonly text: string };

/**
 * "Produce an authorization": one record into the query's source topic, through the
 * scenario's producer that writes there, with the source's columns as fields and an event
 * time that can be now, some time ago (a late record on purpose) or a clock time.
 */
export function ProduceAttempt({ app, query, nowMs }: ProcessingPartProps) {
  const id = useId();
  const act = useAppStore((s) => s.act);
  const compiled = useCompiledQuery(app, query.queryId);
  const topic = compiled?.source.topic ?? sourceTopicOf(query);
  const declared = useAppStore(useShallow((s) => s.scenario?.setup.producers ?? []));
  const running = useAppStore(
    useShallow((s) => s.snapshot?.producers.map((p) => `${p.id}\u0000${p.topic ?? ''}`) ?? []),
  );
  const producer =
    topic === null
      ? null
      : producerFor(
          topic,
          declared,
          running.map((r) => {
            const [pid, ptopic] = r.split('\u0000');
            return { id: pid, topic: ptopic === '' ? null : ptopic };
          }),
        );
  const fields = produceFields(compiled);
  const [values, setValues] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<EventTimeChoice['mode']>('now');
  const [agoAmount, setAgoAmount] = useState('6');
  const [agoUnit, setAgoUnit] = useState<'seconds' | 'minutes'>('minutes');
  const [atText, setAtText] = useState('0:30');
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const choice: EventTimeChoice =
    mode === 'now'
      ? { mode }
      : mode === 'ago'
        ? { mode, amount: agoAmount.trim() === '' ? NaN : Number(agoAmount), unit: agoUnit }
        : { mode, text: atText };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (producer === null || topic === null) return;
    const record = recordOf(compiled, fields, values);
    if (!record.ok) return setOutcome({ kind: 'refused', text: record.message });
    const streamTimeMs = Math.max(-1, ...query.tasks.map((t) => t.streamTimeMs));
    const time = eventTimeOf(choice, nowMs, streamTimeMs >= 0 ? streamTimeMs : null);
    if (!time.ok) return setOutcome({ kind: 'refused', text: time.message });
    act({
      type: 'produce',
      producer,
      topic,
      key: record.key,
      value: record.value,
      ...(time.timestampMs === null ? {} : { timestampMs: time.timestampMs }),
    });
    const at =
      time.timestampMs === null
        ? `now (${formatEventTime(Math.ceil(nowMs))})`
        : formatEventTime(time.timestampMs);
    setOutcome({
      kind: 'sent',
      text: `Sent key ${record.key ?? '(none)'} ${record.value} with event time ${at}.`,
      note: time.note,
    });
  };

  return (
    <section className="pp-panel pp-produce" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Produce an authorization</h3>
      {producer === null || topic === null ? (
        <p className="muted">
          No producer of this scenario writes to {topic ?? 'the query’s source topic'}.
        </p>
      ) : (
        <form className="pp-produce-form" onSubmit={submit}>
          <p className="pp-sub pp-wide">
            As producer <code>{producer}</code> → <code>{topic}</code>
          </p>
          {fields.map(({ column, label }) => (
            <div className="pp-field" key={column.name}>
              <label htmlFor={`${id}-${column.name}`}>{label}</label>
              <input
                id={`${id}-${column.name}`}
                inputMode={column.type === 'STRING' ? 'text' : 'decimal'}
                value={values[column.name] ?? defaultFieldValue(column)}
                onChange={(e) => setValues({ ...values, [column.name]: e.currentTarget.value })}
              />
            </div>
          ))}
          <div className="pp-field">
            <label htmlFor={`${id}-when`}>Event time</label>
            <select
              id={`${id}-when`}
              value={mode}
              onChange={(e) => setMode(e.currentTarget.value as EventTimeChoice['mode'])}
            >
              <option value="now">now</option>
              <option value="ago">behind the stream time (late on purpose)</option>
              <option value="at">at a clock time</option>
            </select>
          </div>
          {mode === 'ago' && (
            <div className="pp-field pp-wide">
              <span id={`${id}-ago-l`}>
                How far behind the stream time (the furthest task&apos;s)
              </span>
              <div className="pp-field-row" role="group" aria-labelledby={`${id}-ago-l`}>
                <input
                  type="number"
                  min={0}
                  aria-label="Time ago"
                  value={agoAmount}
                  onChange={(e) => setAgoAmount(e.currentTarget.value)}
                />
                <select
                  aria-label="Time unit"
                  value={agoUnit}
                  onChange={(e) => setAgoUnit(e.currentTarget.value as 'seconds' | 'minutes')}
                >
                  <option value="minutes">minutes before</option>
                  <option value="seconds">seconds before</option>
                </select>
              </div>
            </div>
          )}
          {mode === 'at' && (
            <div className="pp-field">
              <label htmlFor={`${id}-at`}>Clock time (m:ss)</label>
              <input
                id={`${id}-at`}
                value={atText}
                onChange={(e) => setAtText(e.currentTarget.value)}
              />
            </div>
          )}
          <div className="pp-field">
            <button type="submit" className="button small primary">
              Send authorization
            </button>
          </div>
        </form>
      )}
      <div role="status" className="pp-receipt">
        {outcome?.kind === 'sent' && (
          <>
            <p>{outcome.text}</p>
            {outcome.note !== null && <p className="pp-note">{outcome.note}</p>}
          </>
        )}
        {outcome?.kind === 'refused' && <p className="pp-fail">{outcome.text}</p>}
      </div>
    </section>
  );
}

/** The query's source topic from its topology (the first sub-topology's source). */
function sourceTopicOf(query: ProcessingPartProps['query']): string | null {
  const first = query.topology.find((s) => s.id === 0);
  return first?.nodes.find((n) => n.kind === 'source')?.topics[0] ?? null;
}
