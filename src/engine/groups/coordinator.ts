/**
 * Coordinator-side rules of Kafka's classic consumer-group protocol: which broker coordinates
 * a group, and which assignor (protocol) the group ends up using.
 */
import type { AssignorName } from './types.ts';

const INT_MIN = -2147483648;

/**
 * Java's `String.hashCode`: s[0]*31^(n-1) + ... + s[n-1] over UTF-16 code units, in 32-bit
 * two's-complement arithmetic. `Math.imul` and `| 0` reproduce Java's int overflow exactly.
 */
export function javaStringHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Kafka's `Utils.abs`: like `Math.abs`, but maps Integer.MIN_VALUE to 0. Java's `Math.abs`
 * returns MIN_VALUE (still negative) for it, which would make a negative partition index.
 */
export function kafkaAbs(n: number): number {
  return n === INT_MIN ? 0 : Math.abs(n);
}

/**
 * The `__consumer_offsets` partition that stores a group's offsets; that partition's leader is
 * the group's coordinator (`GroupCoordinator.partitionFor`:
 * `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions`, default 50).
 */
export function coordinatorPartition(groupId: string, offsetsTopicPartitions = 50): number {
  if (!Number.isInteger(offsetsTopicPartitions) || offsetsTopicPartitions <= 0) {
    throw new RangeError(
      `offsets topic partition count must be a positive integer, got ${offsetsTopicPartitions}`,
    );
  }
  // An int32 (see `positiveModulo`): `%` of an abs at or above 2^30 is a boxed number in a browser.
  return (kafkaAbs(javaStringHashCode(groupId)) % offsetsTopicPartitions) | 0;
}

/**
 * The order in which a `java.util.HashMap<String, ?>` built by inserting `keys` (in that order)
 * iterates them: by bucket index `(h ^ (h >>> 16)) & (capacity - 1)`, then insertion order
 * within a bucket. Capacity starts at 16 and doubles when size exceeds 0.75 * capacity
 * (resizing keeps the relative order inside each bucket). Needed because Kafka breaks
 * protocol-vote ties by whichever entry its HashMap yields first.
 */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  const unique = [...new Set(keys)];
  let capacity = 16;
  while (unique.length > capacity * 0.75) capacity *= 2;
  const bucket = (k: string): number => {
    const h = javaStringHashCode(k);
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return unique
    .map((k, i) => ({ k, b: bucket(k), i }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((e) => e.k);
}

/**
 * The assignor a classic group selects, as in Kafka's `ClassicGroup.selectProtocol`
 * (formerly `GroupMetadata.selectProtocol`): the candidates are the assignors supported by
 * every member; each member votes for the first candidate in its own preference list; the
 * candidate with the most votes wins. On a tie Kafka keeps the first maximum its
 * `HashMap<String, Integer>` of votes yields, i.e. {@link javaHashMapOrder} - for the four
 * built-in names that is sticky, range, roundrobin, cooperative-sticky.
 *
 * `memberAssignorLists[i]` is member i's `partition.assignment.strategy` list, most preferred
 * first. Returns null when no assignor is common to all members (Kafka rejects such a joiner
 * with INCONSISTENT_GROUP_PROTOCOL) or when there are no members (Kafka throws there).
 */
export function protocolFor(
  memberAssignorLists: readonly (readonly AssignorName[])[],
): AssignorName | null {
  if (memberAssignorLists.length === 0) return null;
  const supportCount = new Map<AssignorName, number>();
  for (const list of memberAssignorLists) {
    for (const name of new Set(list)) supportCount.set(name, (supportCount.get(name) ?? 0) + 1);
  }
  const candidates = new Set(
    [...supportCount].filter(([, n]) => n === memberAssignorLists.length).map(([name]) => name),
  );
  if (candidates.size === 0) return null;

  const votes = new Map<AssignorName, number>();
  for (const list of memberAssignorLists) {
    const choice = list.find((name) => candidates.has(name)) as AssignorName;
    votes.set(choice, (votes.get(choice) ?? 0) + 1);
  }
  // Stream.max keeps the earlier element on ties, so a later entry must have strictly more votes.
  let best: AssignorName | null = null;
  let bestVotes = -1;
  for (const name of javaHashMapOrder([...votes.keys()]) as AssignorName[]) {
    const n = votes.get(name) as number;
    if (n > bestVotes) {
      best = name;
      bestVotes = n;
    }
  }
  return best;
}

/**
 * The rebalance protocol an assignor implies (`ConsumerPartitionAssignor.RebalanceProtocol`):
 * only cooperative-sticky supports COOPERATIVE; the others are EAGER (everyone revokes
 * everything before rejoining).
 */
export function rebalanceProtocolOf(name: AssignorName): 'eager' | 'cooperative' {
  return name === 'cooperative-sticky' ? 'cooperative' : 'eager';
}
