/** Something about one partition: a consumer's position, a group's committed offset. */
interface OfPartition {
  readonly topic: string;
  readonly partition: number;
}

/** Lists shorter than this are searched in place: building an index would cost more. */
const INDEX_FROM = 16;

const indexes = new WeakMap<readonly OfPartition[], Map<string, Map<number, OfPartition>>>();

/**
 * The first entry of `list` about `topic`-`partition` (as `list.find` would give it). A
 * frame's layout asks each consumer's positions and each group's offsets about every strip
 * it draws: with 1,000 partitions that was 48 strips × 1,000 entries a frame. A long list is
 * indexed the first time it is asked (the snapshot's arrays are new each frame and never
 * changed, so the index lives as long as the array does).
 */
export function findByPartition<T extends OfPartition>(
  list: readonly T[],
  topic: string,
  partition: number,
): T | undefined {
  if (list.length < INDEX_FROM)
    return list.find((x) => x.partition === partition && x.topic === topic);
  let index = indexes.get(list);
  if (index === undefined) {
    index = new Map();
    for (const x of list) {
      let byPartition = index.get(x.topic);
      if (byPartition === undefined) index.set(x.topic, (byPartition = new Map()));
      if (!byPartition.has(x.partition)) byPartition.set(x.partition, x);
    }
    indexes.set(list, index);
  }
  return index.get(topic)?.get(partition) as T | undefined;
}
