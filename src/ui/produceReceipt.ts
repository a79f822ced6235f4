import type { Acks, TraceEvent } from '../engine';
import type { EventLog } from '../store';

/** Records produced by one click of Produce (or Burst), as the producer numbered them. */
export interface ProducedRecords {
  readonly producer: string;
  readonly topic: string;
  /** The key typed (null: no key). */
  readonly key: string | null;
  readonly acks: Acks;
  /** Sequence numbers firstSequence … firstSequence + count − 1. */
  readonly firstSequence: number;
  readonly count: number;
  /** The run's event log, and the index of the first event after the click. */
  readonly log: EventLog;
  readonly fromEvent: number;
  /** The index after the click's own events (a rejection is among fromEvent … appliedTo). */
  readonly appliedTo: number;
  /** Forks of the log counted just after the click (a later fork before `appliedTo` undoes it). */
  readonly forksAtClick: number;
}

/** Where one of the records is, as the engine's events tell it. */
export interface Whereabouts {
  readonly sequence: number;
  /** From `recordsSent`: the partition the partitioner chose and the leader it went to. */
  readonly partition: number | null;
  readonly broker: number | null;
  /** From `recordsAppended` (or the ack of a retried, already written batch). */
  readonly offset: number | null;
  readonly acked: boolean;
  /** A final error (the record was not written), or null. */
  readonly error: string | null;
  /** A retriable error it is being retried after. */
  readonly retrying: string | null;
}

export interface ReceiptState {
  /** Events read: indices below this. */
  readonly scannedTo: number;
  /** The engine rejected the command (why), or null. */
  readonly rejected: string | null;
  readonly records: readonly Whereabouts[];
  /**
   * Per partition, the batch holding records of ours that was last sent there (its own first
   * sequence and size: it may hold the producer's other records too), until its answer.
   */
  readonly onWire: ReadonlyMap<number, { readonly firstSequence: number; readonly count: number }>;
}

export function startReceipt(produced: ProducedRecords): ReceiptState {
  return {
    scannedTo: produced.fromEvent,
    rejected: null,
    onWire: new Map(),
    records: Array.from({ length: produced.count }, (_, i) => ({
      sequence: produced.firstSequence + i,
      partition: null,
      broker: null,
      offset: null,
      acked: false,
      error: null,
      retrying: null,
    })),
  };
}

/**
 * Reads the events up to index `to` (never past the log's end) into the state: `recordsSent`
 * names the partition and leader, `recordsAppended` the offset, `produceAcked` the ack. The
 * producer keeps one request per partition on the wire, so the first append of this producer
 * to that partition after the send is this batch. Returns `state` itself when nothing changed.
 */
export function advanceReceipt(
  produced: ProducedRecords,
  state: ReceiptState,
  to: number,
): ReceiptState {
  const { log, producer, topic } = produced;
  const end = Math.min(to, log.length);
  if (end <= state.scannedTo) return state;
  const records = [...state.records];
  const onWire = new Map(state.onWire);
  let rejected = state.rejected;
  let changed = false;
  const ours = (i: number): Whereabouts | undefined => records[i - produced.firstSequence];
  const update = (i: number, change: Partial<Whereabouts>): void => {
    const r = ours(i);
    if (r === undefined) return;
    records[i - produced.firstSequence] = { ...r, ...change };
    changed = true;
  };
  for (let index = state.scannedTo; index < end; index++) {
    const e: TraceEvent | undefined = log.at(index);
    if (e === undefined) continue;
    if (e.type === 'commandRejected' && index < produced.appliedTo && e.command === 'produce') {
      rejected = e.reason;
      changed = true;
      continue;
    }
    if (!('producer' in e) || e.producer !== producer || !('topic' in e) || e.topic !== topic)
      continue;
    switch (e.type) {
      case 'recordsSent': {
        const first = Math.max(e.firstSequence, produced.firstSequence);
        const last = Math.min(e.firstSequence + e.count, produced.firstSequence + produced.count);
        if (first >= last) break;
        onWire.set(e.partition, { firstSequence: e.firstSequence, count: e.count });
        for (let s = first; s < last; s++)
          update(s, { partition: e.partition, broker: e.broker, retrying: null });
        break;
      }
      case 'recordsAppended':
      case 'produceAcked': {
        const batch = onWire.get(e.partition);
        // acks=0: the "ack" is the send itself (offset −1); the append comes later.
        if (batch === undefined || e.count !== batch.count || e.baseOffset < 0) break;
        for (let s = batch.firstSequence; s < batch.firstSequence + batch.count; s++) {
          const offset = e.baseOffset + (s - batch.firstSequence);
          update(s, e.type === 'recordsAppended' ? { offset } : { offset, acked: true });
        }
        if (e.type === 'produceAcked' || produced.acks === 0) onWire.delete(e.partition);
        break;
      }
      case 'produceErrored':
      case 'produceExpired': {
        const batch = onWire.get(e.partition);
        if (batch === undefined || e.count !== batch.count) break;
        const retry = e.type === 'produceErrored' && e.willRetry;
        for (let s = batch.firstSequence; s < batch.firstSequence + batch.count; s++)
          update(s, retry ? { retrying: e.error } : { error: e.error });
        if (!retry) onWire.delete(e.partition);
        break;
      }
    }
  }
  if (!changed) return { ...state, scannedTo: end, onWire };
  return { scannedTo: end, rejected, records, onWire };
}

/** Every record has reached its end: appended (and acknowledged unless acks=0), or failed. */
export function receiptDone(produced: ProducedRecords, state: ReceiptState): boolean {
  if (state.rejected !== null) return true;
  return state.records.every(
    (r) => r.error !== null || (r.offset !== null && (r.acked || produced.acks === 0)),
  );
}

const offsetsText = (offsets: readonly number[]): string =>
  offsets.length === 1
    ? `offset ${offsets[0]}`
    : `offsets ${offsets[0]}–${offsets[offsets.length - 1]}`;

/**
 * Where the records are, in one sentence ("Record key “zoe” went to orders-2 at offset 14
 * (leader broker 1), acknowledged."), for the screen and the polite announcement.
 */
export function describeReceipt(
  produced: ProducedRecords,
  state: ReceiptState,
  playing: boolean,
): string {
  const what =
    produced.count === 1
      ? `Record ${produced.key === null ? 'without a key' : `key “${produced.key}”`}`
      : `${produced.count} records${produced.key === null ? '' : ` with key “${produced.key}”`}`;
  if (state.rejected !== null) return `${what} was not produced: ${state.rejected}.`;
  const waiting = state.records.filter((r) => r.partition === null && r.error === null);
  if (waiting.length === state.records.length) {
    return `${what} ${produced.count === 1 ? 'waits' : 'wait'} in ${produced.producer}'s batch for ${produced.topic}${playing ? '' : ': press Play to send'}.`;
  }
  if (produced.count === 1) {
    const r = state.records[0];
    const where = `${produced.topic}-${r.partition}`;
    if (r.error !== null) return `${what} to ${where} failed: ${r.error}.`;
    if (r.offset === null) {
      const retry = r.retrying === null ? '' : ` (retrying after ${r.retrying})`;
      return `${what} is on its way to ${where}, leader broker ${r.broker}${retry}.`;
    }
    return `${what} went to ${where} at offset ${r.offset} (leader broker ${r.broker})${ackText(produced, r)}.`;
  }
  const byPartition = new Map<number, number[]>();
  for (const r of state.records) {
    if (r.partition === null || r.offset === null) continue;
    byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), r.offset]);
  }
  const parts = [...byPartition].map(
    ([p, offsets]) => `${produced.topic}-${p} at ${offsetsText(offsets)}`,
  );
  const appended = state.records.filter((r) => r.offset !== null).length;
  const failed = state.records.filter((r) => r.error !== null).length;
  const rest = state.records.length - appended - failed;
  return [
    parts.length > 0
      ? `${what}: ${appended} went to ${parts.join(', ')}`
      : `${what}: none written yet`,
    rest > 0 ? `${rest} on the way` : null,
    failed > 0 ? `${failed} failed` : null,
  ]
    .filter((x) => x !== null)
    .join('; ')
    .concat('.');
}

function ackText(produced: ProducedRecords, r: Whereabouts): string {
  if (produced.acks === 0) return ', not acknowledged (acks=0)';
  return r.acked ? `, acknowledged (acks=${produced.acks})` : `, waiting for acks=${produced.acks}`;
}
