/**
 * A task's store and its changelog: the changelog partition's records, their replay into a store
 * (restoration, and the invariant that checks a store against its changelog). The view's
 * reading of the store is ./view.ts.
 */
import { byOffsetOf, recordsBetween } from '../../logIndex';
import type { LogRecord } from '../../model';
import type { World } from '../../world';
import type { AggregateQuery } from '../plan';
import { segmentTimeOf } from '../processing/aggregation';
import { aggregateKeyType } from '../processing/queryTask';
import {
  entryKey,
  writeStore,
  type AggregationState,
  type StoreEntry,
} from '../processing/windowStore';
import { parseKey } from './keys';
import type { StreamsQueryState } from './types';

/** The changelog partition's records in [from, to) on its leader's log. */
export function changelogRecords(
  world: World,
  query: StreamsQueryState,
  partition: number,
  fromOffset: number,
  toOffset: number,
): LogRecord[] {
  if (query.changelogTopic === null) return [];
  const p = world.topics[query.changelogTopic].partitions[partition];
  const log = p.logs[p.leader] ?? p.logs[p.replicas[0]];
  // By offset, not by index: a compacted changelog has holes.
  return recordsBetween(byOffsetOf(log), fromOffset, toOffset);
}

/**
 * Puts changelog records into a store as restoration does (`restoreAll`): each record a put of
 * its key and window, a tombstone a delete, segments expiring as the store's time moves.
 */
export function replayChangelog(
  plan: AggregateQuery,
  state: AggregationState,
  records: readonly LogRecord[],
): void {
  const logged = state.changelog;
  state.changelog = null;
  const keyType = aggregateKeyType(plan);
  const segmentTime = segmentTimeOf(plan);
  for (const r of records) {
    const key = parseKey(r.key, keyType);
    if (key === undefined) continue;
    const startMs = r.window?.startMs ?? 0;
    const endMs = r.window?.endMs ?? 0;
    const id = entryKey(key, startMs, endMs);
    const entry: StoreEntry | null =
      r.value === null
        ? null
        : {
            key,
            startMs,
            endMs,
            aggregates: JSON.parse(r.value) as StoreEntry['aggregates'],
            timestampMs: r.timestampMs,
          };
    const segment =
      entry !== null
        ? segmentTime(entry)
        : segmentTime({ key, startMs, endMs, aggregates: [], timestampMs: 0 });
    writeStore(state, id, entry, segment, segmentTime);
  }
  state.changelog = logged;
}
