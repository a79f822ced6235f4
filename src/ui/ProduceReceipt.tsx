import { useEffect, useState } from 'react';
import { findPartition, own, recordAtOffset, type LogRecord, type Snapshot } from '../engine';
import { useAppStore, useAppStoreApi } from '../store';
import { partitionCountAt } from './partitionCount';
import {
  advanceReceipt,
  describeReceipt,
  startReceipt,
  type ProducedRecords,
  type ReceiptState,
} from './produceReceipt';
import { WhyPartition, whyPartitionInShort } from './WhyPartition';

/** The record of ours at `offset`, if the log there still holds it. */
function ourRecord(
  s: Snapshot,
  produced: ProducedRecords,
  partition: number,
  offset: number,
  sequence: number,
): LogRecord | null {
  const p = findPartition(s, produced.topic, partition);
  if (p === undefined) return null;
  const record = recordAtOffset(p.log, offset);
  if (record === undefined) return null;
  return record.producer === produced.producer && record.sequence === sequence ? record : null;
}

/**
 * Where the records the learner just produced went: batched, sent to a partition's leader,
 * appended at an offset, acknowledged; for a single record why that partition (the
 * inspector's explanation) and a button selecting it. Announced politely as it changes
 * (a few times per record, never per frame).
 */
export function ProduceReceipt({ produced }: { produced: ProducedRecords }) {
  const store = useAppStoreApi();
  const [state, setState] = useState<ReceiptState | 'before' | 'discarded'>(() =>
    startReceipt(produced),
  );
  useEffect(() => {
    let current: ReceiptState | 'before' | 'discarded' = startReceipt(produced);
    const update = (): void => {
      const { eventLog, snapshot } = store.getState();
      let next = current;
      const discarded =
        eventLog !== produced.log ||
        snapshot === null ||
        produced.log.replacedFrom(produced.forksAtClick) < produced.appliedTo;
      if (discarded) next = 'discarded';
      else if (snapshot.eventCount < produced.appliedTo) next = 'before';
      else {
        // Back in time but after the click (a seek): read the same events again.
        if (typeof next === 'string' || snapshot.eventCount < next.scannedTo)
          next = startReceipt(produced);
        next = advanceReceipt(produced, next, snapshot.eventCount);
      }
      if (next !== current) {
        current = next;
        setState(next);
      }
    };
    update();
    return store.subscribe(update);
  }, [store, produced]);
  const playing = useAppStore((s) => s.playing);
  const select = useAppStore((s) => s.select);
  const first = typeof state === 'string' ? undefined : state.records[0];
  const appended =
    produced.count === 1 && first?.partition != null && first.offset !== null ? first : null;
  const record = useAppStore((s) =>
    appended === null || s.snapshot === null
      ? null
      : ourRecord(s.snapshot, produced, appended.partition!, appended.offset!, appended.sequence),
  );
  const numPartitions = useAppStore((s) =>
    appended === null
      ? 0
      : partitionCountAt(
          own(s.partitionCountChanges, produced.topic),
          record?.timestampMs ?? 0,
          s.snapshot?.topics.find((t) => t.name === produced.topic)?.partitions.length ?? 0,
        ),
  );
  if (typeof state === 'string')
    return (
      <p className="muted produce-receipt" data-testid="produce-receipt" data-state={state}>
        {state === 'before'
          ? 'The run went back before that record was produced.'
          : 'That record is not in this run: it was restarted, or forked before the record.'}
      </p>
    );
  const headline = describeReceipt(produced, state, playing);
  const why =
    record !== null && appended !== null
      ? whyPartitionInShort(record, appended.partition!, numPartitions)
      : null;
  return (
    <div
      className="produce-receipt"
      data-testid="produce-receipt"
      data-partition={appended?.partition ?? undefined}
      data-offset={appended?.offset ?? undefined}
    >
      <p role="status" aria-live="polite" aria-atomic="true">
        {headline}
        {why !== null && ` Why partition ${appended!.partition}: ${why}.`}
      </p>
      {record !== null && appended !== null && (
        <>
          <details>
            <summary>How the partition was chosen</summary>
            <WhyPartition
              record={record}
              partition={appended.partition!}
              numPartitions={numPartitions}
            />
          </details>
          <button
            type="button"
            className="button small"
            onClick={() =>
              select({
                kind: 'record',
                topic: produced.topic,
                partition: appended.partition!,
                offset: appended.offset!,
              })
            }
          >
            Show record in inspector
          </button>
        </>
      )}
    </div>
  );
}
