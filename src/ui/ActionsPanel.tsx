import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { shallow } from 'zustand/shallow';
import { useShallow } from 'zustand/react/shallow';
import type { Acks, Command, ConsumerSetup, PartitionerName, ProducerView } from '../engine';
import { nameProblem, PARTITIONER_NAMES } from '../engine';
import { useAppStore, useAppStoreApi, type AppState } from '../store';
import { ProduceReceipt } from './ProduceReceipt';
import type { ProducedRecords } from './produceReceipt';
import { voterLabel } from './quorumText';

/** A labelled control: the label names the control by id (not by wrapping, which would add the options' text). */
function Field({
  label,
  wide,
  children,
}: {
  label: string;
  wide?: boolean;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={wide ? 'field wide' : 'field'}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}

/**
 * Derived lists and settings are selected with `useShallow`: a new array or object of the same
 * items does not re-render, and ids stay values (never joined into text and split again, which
 * broke on an id with a space).
 */
const selectProducerIds = (s: AppState) => s.snapshot?.producers.map((p) => p.id) ?? [];
const selectConsumerIds = (s: AppState) => s.snapshot?.consumers.map((c) => c.id) ?? [];
const selectStoppedConsumerIds = (s: AppState) =>
  s.snapshot?.consumers.filter((c) => !c.alive).map((c) => c.id) ?? [];
const selectGroupIds = (s: AppState) => s.snapshot?.groups.map((g) => g.id) ?? [];
const selectTopicNames = (s: AppState) =>
  s.snapshot?.topics.filter((t) => !t.internal).map((t) => t.name) ?? [];

/** Key modes a producer's rate can use. */
type KeyMode = 'none' | 'fixed' | 'cycle' | 'random';

/** The keys a rate or burst uses, from the key field (comma-separated for a list). */
export function keyChoice(
  mode: KeyMode,
  keyText: string,
): Pick<Command & { type: 'setProducerRate' }, 'key' | 'keys' | 'keyOrder'> {
  const keys = keyText
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  if (mode === 'none' || keys.length === 0) return { key: null };
  if (mode === 'fixed') return { key: keys[0] };
  return { keys, keyOrder: mode };
}

/**
 * Why a new group cannot be called `name` (its first consumer `memberId`), or null: the
 * engine's name rule, for the group and for the consumer id made from it.
 */
export function newGroupNameProblem(name: string, memberId: string): string | null {
  const problem = nameProblem('group', name);
  if (problem !== null) return problem;
  const member = nameProblem('consumer', memberId);
  return member === null ? null : `its first consumer "${memberId}" cannot be named so: ${member}`;
}

/** A fresh consumer id in a group: "billing-4" (the first free number). */
export function nextConsumerId(prefix: string, taken: readonly string[]): string {
  const used = new Set(taken);
  for (let n = 1; ; n++) if (!used.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}

/**
 * Everything a person can do besides the broker cards' own buttons: produce (one record with
 * key, value and a header; a burst), a producer's rate, key mode, partitioner and acks;
 * consumers and groups; partitions. Each control applies one engine command through `act`.
 */
export function ActionsPanel() {
  return (
    <div className="actions">
      <ProducerActions />
      <ConsumerActions />
      <TopicActions />
      <ControllerActions />
    </div>
  );
}

/** A producer's settings as the form shows them: flat values, so `useShallow` can compare them. */
interface ProducerConfig {
  topic: string;
  partitioner: string;
  acks: string;
  rate: number;
  keyMode: KeyMode;
  /** The rate's keys as the "Rate keys" field writes them (comma-separated). */
  keys: string;
}

const NO_PRODUCER: ProducerConfig = {
  topic: '',
  partitioner: '',
  acks: '',
  rate: 0,
  keyMode: 'none',
  keys: '',
};

function producerConfig(p: ProducerView | undefined): ProducerConfig {
  if (p === undefined) return NO_PRODUCER;
  const mode = p.rateKeyMode;
  return {
    topic: p.topic ?? '',
    partitioner: p.partitioner,
    acks: String(p.acks),
    rate: p.rate,
    keyMode: mode.kind === 'list' ? mode.order : mode.kind,
    keys: mode.kind === 'list' ? mode.keys.join(', ') : mode.kind === 'fixed' ? mode.key : '',
  };
}

/** What the producer does now, in words: "sticky partitioner · acks=all · 5 records/s, keys alice, bob in turn". */
function producerSummary(
  partitioner: string,
  acks: string,
  rate: number,
  keyMode: KeyMode,
  keys: string,
): string {
  const keyWords: Record<KeyMode, string> = {
    none: 'no key',
    fixed: `key ${keys}`,
    cycle: `keys ${keys} in turn`,
    random: `keys ${keys} at random`,
  };
  const sending = rate > 0 ? `sends ${rate} records/s, ${keyWords[keyMode]}` : 'not sending';
  return `${partitioner} partitioner · acks=${acks} · ${sending}`;
}

/**
 * A form field showing the model's value until the person edits it. The edit holds only
 * while the model's value it was made against (`base`) stands: choosing another producer, or
 * the producer changing (a scenario step, the person's own command), shows the model again.
 */
function useDraft(base: readonly unknown[], actual: string): [string, (value: string) => void] {
  const [draft, setDraft] = useState<{ base: readonly unknown[]; value: string } | null>(null);
  const value = draft !== null && shallow(draft.base, base) ? draft.value : actual;
  return [value, (v) => setDraft({ base, value: v })];
}

/** Keys offered when a key mode is chosen for a producer that had none (shown, editable). */
const SUGGESTED_KEYS = 'alice, bob, carol, dave';
/** The rate offered by "Start sending" for a producer that is not sending. */
const SUGGESTED_RATE = 5;

function ProducerActions() {
  const id = useId();
  const store = useAppStoreApi();
  const act = useAppStore((s) => s.act);
  const producerIds = useAppStore(useShallow(selectProducerIds));
  const [chosen, setChosen] = useState<string | null>(null);
  const producerId = chosen !== null && producerIds.includes(chosen) ? chosen : producerIds[0];
  const config = useAppStore(
    useShallow((s) => producerConfig(s.snapshot?.producers.find((x) => x.id === producerId))),
  );
  const { topic, partitioner, acks, rate, keyMode: actualKeyMode, keys: actualKeys } = config;
  const base = [producerId, ...Object.values(config)];
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [header, setHeader] = useState('');
  const [keyMode, setKeyMode] = useDraft(base, actualKeyMode);
  const [rateKeys, setRateKeys] = useDraft(base, actualKeys);
  const [rateText, setRateText] = useDraft(base, rate > 0 ? String(rate) : '');
  const [produced, setProduced] = useState<ProducedRecords | null>(null);
  if (producerId === undefined)
    return (
      <section className="action-group">
        <h3>Producer</h3>
        <p className="muted">This scenario has no producer.</p>
      </section>
    );
  const headers = header.includes('=')
    ? [
        [
          header.slice(0, header.indexOf('=')).trim(),
          header.slice(header.indexOf('=') + 1).trim(),
        ] as const,
      ]
    : undefined;
  const produce = (count: number) => (e?: FormEvent) => {
    e?.preventDefault();
    const before = store.getState();
    const fromEvent = before.snapshot?.eventCount ?? 0;
    const recordKey = key.trim() === '' ? null : key;
    act({
      type: 'produce',
      producer: producerId,
      key: recordKey,
      ...(value !== '' ? { value } : {}),
      ...(headers !== undefined ? { headers } : {}),
      ...(count > 1 ? { count } : {}),
    });
    // The command numbered its records last: they are the producer's latest sequences.
    const after = store.getState();
    const p = after.snapshot?.producers.find((x) => x.id === producerId);
    if (p === undefined || after.eventLog === null || p.topic === null) return;
    setProduced({
      producer: producerId,
      topic: p.topic,
      key: recordKey,
      acks: p.acks,
      firstSequence: p.nextSequence - count,
      count,
      log: after.eventLog,
      fromEvent,
      appliedTo: after.snapshot?.eventCount ?? fromEvent,
      // The click's own fork (the old future it replaced) is not an undo; a later one before it is.
      forksAtClick: after.eventLog.forks,
    });
  };
  const newRate = rateText === '' ? SUGGESTED_RATE : Math.max(0, Number(rateText));
  const setRate = (r: number) =>
    act({
      type: 'setProducerRate',
      producer: producerId,
      rate: r,
      ...keyChoice(keyMode as KeyMode, rateKeys),
    });
  return (
    <section className="action-group" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Producer</h3>
      {producerIds.length > 1 && (
        <Field label="Producer">
          {(fieldId) => (
            <select id={fieldId} value={producerId} onChange={(e) => setChosen(e.target.value)}>
              {producerIds.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          )}
        </Field>
      )}
      <p className="muted producer-now" data-testid="producer-now">
        <strong>{producerId}</strong>
        {topic !== '' && ` → ${topic}`}:{' '}
        {producerSummary(partitioner, acks, rate, actualKeyMode, actualKeys)}
      </p>
      <form onSubmit={produce(1)} className="form-grid">
        <Field label="Key">
          {(fieldId) => (
            <input
              id={fieldId}
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="empty: no key"
            />
          )}
        </Field>
        <Field label="Value">
          {(fieldId) => (
            <input
              id={fieldId}
              value={value}
              onChange={(e) => setValue(e.target.value)}
              placeholder={`${producerId}-<seq>`}
            />
          )}
        </Field>
        <Field label="Header" wide>
          {(fieldId) => (
            <input
              id={fieldId}
              value={header}
              onChange={(e) => setHeader(e.target.value)}
              placeholder="name=value (optional)"
            />
          )}
        </Field>
        <div className="button-row wide">
          <button type="submit" className="button primary">
            Produce
          </button>
          <button type="button" className="button" onClick={produce(10)}>
            Burst ×10
          </button>
        </div>
      </form>
      {produced !== null && produced.producer === producerId && (
        <ProduceReceipt
          key={`${produced.fromEvent}:${produced.firstSequence}`}
          produced={produced}
        />
      )}
      <div className="form-grid">
        <Field label="Partitioner">
          {(fieldId) => (
            <select
              id={fieldId}
              value={partitioner}
              onChange={(e) =>
                act({
                  type: 'configureProducer',
                  producer: producerId,
                  partitioner: e.target.value as PartitionerName,
                })
              }
            >
              {PARTITIONER_NAMES.map((p) => (
                <option key={p}>{p}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Acks">
          {(fieldId) => (
            <select
              id={fieldId}
              value={acks}
              onChange={(e) =>
                act({
                  type: 'configureProducer',
                  producer: producerId,
                  acks: (e.target.value === 'all' ? 'all' : Number(e.target.value)) as Acks,
                })
              }
            >
              <option value="0">0</option>
              <option value="1">1</option>
              <option value="all">all</option>
            </select>
          )}
        </Field>
        <Field label="Key mode">
          {(fieldId) => (
            <select
              id={fieldId}
              value={keyMode}
              onChange={(e) => {
                setKeyMode(e.target.value);
                if (e.target.value !== 'none' && rateKeys.trim() === '')
                  setRateKeys(SUGGESTED_KEYS);
              }}
            >
              <option value="none">no key</option>
              <option value="fixed">one key</option>
              <option value="cycle">keys in turn</option>
              <option value="random">random keys</option>
            </select>
          )}
        </Field>
        <Field label="Rate /s">
          {(fieldId) => (
            <input
              id={fieldId}
              type="number"
              min={0}
              max={10000}
              value={rateText}
              placeholder={String(SUGGESTED_RATE)}
              onChange={(e) => setRateText(e.target.value)}
            />
          )}
        </Field>
        <Field label="Rate keys" wide>
          {(fieldId) => (
            <input
              id={fieldId}
              value={rateKeys}
              onChange={(e) => setRateKeys(e.target.value)}
              disabled={keyMode === 'none'}
              placeholder={keyMode === 'none' ? 'no key' : SUGGESTED_KEYS}
            />
          )}
        </Field>
        <div className="button-row wide">
          <button type="button" className="button" onClick={() => setRate(newRate)}>
            Set rate
          </button>
          <button
            type="button"
            className="button"
            aria-pressed={rate > 0}
            onClick={() => setRate(rate > 0 ? 0 : newRate)}
          >
            {rate > 0 ? `Stop sending (${rate}/s)` : `Start sending (${newRate}/s)`}
          </button>
        </div>
      </div>
    </section>
  );
}

function ConsumerActions() {
  const id = useId();
  const act = useAppStore((s) => s.act);
  const setup = useAppStore((s) => s.scenario?.setup ?? null);
  const consumerIds = useAppStore(useShallow(selectConsumerIds));
  const stopped = new Set(useAppStore(useShallow(selectStoppedConsumerIds)));
  const groupIds = useAppStore(useShallow(selectGroupIds));
  const declaredGroups = (setup?.consumers ?? [])
    .map((c) => c.group)
    .filter((g) => g !== undefined);
  const groups = [...new Set([...groupIds, ...declaredGroups])];
  const topics = useAppStore(useShallow(selectTopicNames));
  const [groupChoice, setGroupChoice] = useState<string | null>(null);
  const group = groupChoice !== null && groups.includes(groupChoice) ? groupChoice : groups[0];
  const [newGroup, setNewGroup] = useState('');
  const [newGroupProblem, setNewGroupProblem] = useState<string | null>(null);
  const problemId = useId();
  const [consumerChoice, setConsumerChoice] = useState<string | null>(null);
  const consumer =
    consumerChoice !== null && consumerIds.includes(consumerChoice)
      ? consumerChoice
      : consumerIds[0];
  const state = useAppStore(
    useShallow((s) => {
      const c = s.snapshot?.consumers.find((x) => x.id === consumer);
      return { alive: c?.alive ?? false, paused: c?.paused ?? false, stalled: c?.stalled ?? false };
    }),
  );
  /** A new member like the group's declared ones (same topics and timeouts), reading from the earliest offset. */
  const memberSetup = (g: string): ConsumerSetup => {
    const like = setup?.consumers?.find((c) => c.group === g);
    const {
      instanceId: _instanceId,
      id: _id,
      ...rest
    } = like ?? { id: '', topics: topics.slice(0, 1) };
    return { ...rest, from: rest.from ?? 'earliest', group: g, id: nextConsumerId(g, consumerIds) };
  };
  const addGroup = (e: FormEvent) => {
    e.preventDefault();
    const name = newGroup.trim() || nextConsumerId('group', groups);
    const member = { ...memberSetup(name), topics: topics.slice(0, 1), from: 'earliest' as const };
    // The engine's name rule, asked before acting: a refused name is said here, at the field.
    const problem = newGroupNameProblem(name, member.id);
    setNewGroupProblem(problem);
    if (problem !== null) return;
    act({ type: 'addConsumer', consumer: member });
    setNewGroup('');
  };
  return (
    <section className="action-group" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Consumers</h3>
      <div className="form-grid">
        {groups.length > 0 && (
          <>
            <Field label="Group">
              {(fieldId) => (
                <select id={fieldId} value={group} onChange={(e) => setGroupChoice(e.target.value)}>
                  {groups.map((g) => (
                    <option key={g}>{g}</option>
                  ))}
                </select>
              )}
            </Field>
            <div className="button-row">
              <button
                type="button"
                className="button"
                onClick={() =>
                  group !== undefined && act({ type: 'addConsumer', consumer: memberSetup(group) })
                }
              >
                Add consumer to {group}
              </button>
            </div>
          </>
        )}
      </div>
      <form className="form-grid" onSubmit={addGroup}>
        <Field label="New group">
          {(fieldId) => (
            <input
              id={fieldId}
              value={newGroup}
              onChange={(e) => {
                setNewGroup(e.target.value);
                setNewGroupProblem(null);
              }}
              placeholder="e.g. audit"
              aria-invalid={newGroupProblem !== null}
              aria-describedby={newGroupProblem !== null ? problemId : undefined}
            />
          )}
        </Field>
        <div className="button-row">
          <button type="submit" className="button" disabled={topics.length === 0}>
            Add group
          </button>
        </div>
        {newGroupProblem !== null && (
          <p id={problemId} className="field-problem wide" role="alert">
            {newGroupProblem}
          </p>
        )}
      </form>
      {consumer !== undefined && (
        <div className="form-grid">
          <Field label="Consumer" wide>
            {(fieldId) => (
              <select
                id={fieldId}
                value={consumer}
                onChange={(e) => setConsumerChoice(e.target.value)}
              >
                {consumerIds.map((c) => (
                  <option key={c} value={c}>
                    {c}
                    {stopped.has(c) ? ' (crashed or closed)' : ''}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ConsumerButtons
            consumer={consumer}
            alive={state.alive}
            paused={state.paused}
            stalled={state.stalled}
          />
        </div>
      )}
    </section>
  );
}

/** Crash, close, pause/resume and commit one consumer (also offered by the inspector). */
export function ConsumerButtons({
  consumer,
  alive,
  paused,
  stalled,
}: {
  consumer: string;
  alive: boolean;
  paused: boolean;
  stalled: boolean;
}) {
  const act = useAppStore((s) => s.act);
  const run =
    (
      type:
        | 'crashConsumer'
        | 'removeConsumer'
        | 'pauseConsumer'
        | 'stallConsumer'
        | 'resumeConsumer'
        | 'commit',
    ) =>
    () =>
      act({ type, consumer });
  const held = paused || stalled;
  return (
    <div className="button-row wide">
      <button
        type="button"
        className="button danger"
        disabled={!alive}
        onClick={run('crashConsumer')}
        aria-label={`Crash consumer ${consumer}`}
      >
        Crash
      </button>
      <button
        type="button"
        className="button"
        disabled={!alive}
        onClick={run('removeConsumer')}
        aria-label={`Remove consumer ${consumer}`}
      >
        Remove
      </button>
      <button
        type="button"
        className="button"
        disabled={!alive}
        onClick={run(held ? 'resumeConsumer' : 'pauseConsumer')}
        aria-label={`${held ? 'Resume' : 'Pause'} consumer ${consumer}`}
        title={
          held
            ? 'resume(): read every partition again (and poll again if it stopped)'
            : 'pause(): keep polling and heartbeating, without records from its partitions'
        }
      >
        {held ? 'Resume' : 'Pause'}
      </button>
      <button
        type="button"
        className="button"
        disabled={!alive || stalled}
        onClick={run('stallConsumer')}
        aria-label={`Stop polling consumer ${consumer}`}
        title="The application stops calling poll(): past max.poll.interval.ms it leaves its group"
      >
        Stop polling
      </button>
      <button
        type="button"
        className="button"
        disabled={!alive}
        onClick={run('commit')}
        aria-label={`Commit consumer ${consumer}`}
      >
        Commit
      </button>
    </div>
  );
}

function TopicActions() {
  const id = useId();
  const act = useAppStore((s) => s.act);
  const topics = useAppStore(useShallow(selectTopicNames));
  const [topicChoice, setTopicChoice] = useState<string | null>(null);
  const topic = topicChoice !== null && topics.includes(topicChoice) ? topicChoice : topics[0];
  const [count, setCount] = useState(1);
  const showInternal = useAppStore((s) => s.showInternal);
  const setShowInternal = useAppStore((s) => s.setShowInternal);
  return (
    <section className="action-group" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Topics</h3>
      {topic !== undefined && (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            act({ type: 'addPartitions', topic, count });
          }}
        >
          <Field label="Topic">
            {(fieldId) => (
              <select id={fieldId} value={topic} onChange={(e) => setTopicChoice(e.target.value)}>
                {topics.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label="More partitions">
            {(fieldId) => (
              <input
                id={fieldId}
                type="number"
                min={1}
                max={64}
                value={count}
                onChange={(e) => setCount(Math.max(1, Number(e.target.value)))}
              />
            )}
          </Field>
          <div className="button-row wide">
            <button type="submit" className="button">
              Add partitions
            </button>
          </div>
        </form>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={showInternal}
          onChange={(e) => setShowInternal(e.target.checked)}
        />
        Show __consumer_offsets
      </label>
    </section>
  );
}

const selectVoterIds = (s: AppState) => s.snapshot?.controllers.map((c) => c.id) ?? [];
const selectVotersAlive = (s: AppState) => s.snapshot?.controllers.map((c) => c.alive) ?? [];
const selectVoterBrokers = (s: AppState) => s.snapshot?.controllers.map((c) => c.broker) ?? [];

/**
 * The KRaft controller quorum: its voters, which one is the active controller, whether a
 * majority runs; isolated controllers can be killed and restarted here (combined ones stop and
 * start with their broker, on its card).
 */
function ControllerActions() {
  const id = useId();
  const act = useAppStore((s) => s.act);
  const ids = useAppStore(useShallow(selectVoterIds));
  const alive = useAppStore(useShallow(selectVotersAlive));
  const brokers = useAppStore(useShallow(selectVoterBrokers));
  const active = useAppStore((s) => s.snapshot?.controllerId ?? -1);
  const mode = useAppStore((s) => s.snapshot?.controllerMode ?? 'combined');
  if (ids.length === 0) return null;
  const live = alive.filter(Boolean).length;
  const majority = live * 2 > ids.length;
  return (
    <section className="action-group" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Controller quorum</h3>
      <p className="muted">
        {mode === 'combined'
          ? 'Combined: these brokers also run a KRaft controller.'
          : 'Isolated: controller processes of their own.'}{' '}
        {majority
          ? `${live} of ${ids.length} voters run: a majority.`
          : `${live} of ${ids.length} voters run: no majority, so nothing is decided.`}
      </p>
      <ul className="voter-list">
        {ids.map((voter, i) => {
          const label = voterLabel({ id: voter, alive: alive[i], broker: brokers[i] }, active);
          return (
            <li key={voter} className={voter === active ? 'active' : alive[i] ? '' : 'down'}>
              <span>{label}</span>
              {brokers[i] === null &&
                (alive[i] ? (
                  <button
                    type="button"
                    className="button small danger"
                    aria-label={`Kill controller ${voter}`}
                    onClick={() => act({ type: 'killController', controller: voter })}
                  >
                    Kill
                  </button>
                ) : (
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Restart controller ${voter}`}
                    onClick={() => act({ type: 'restartController', controller: voter })}
                  >
                    Restart
                  </button>
                ))}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
