/**
 * Partition leader election and ISR bookkeeping, following the KRaft controller
 * (`PartitionChangeBuilder`, `ReplicationControlManager`) and, where they agree, the older
 * ZooKeeper controller (`PartitionLeaderElectionAlgorithms`).
 *
 * Division of work, as in KRaft: when a broker is fenced (or starts a controlled shutdown) the
 * controller first removes it from every ISR ({@link isrAfterFencing}) and then runs the
 * election on the smaller ISR ({@link electLeader}). `electLeader` itself never removes
 * anyone from the ISR; it only replaces the ISR on an unclean election.
 *
 * Not modelled: KIP-966 Eligible Leader Replicas (ELR). With ELR enabled, Kafka lets the ISR
 * become empty and moves the members it removes into an ELR list that can still be elected
 * cleanly. Without ELR (the model here) the ISR is never emptied.
 */

/** The leader id of a partition with no leader (Kafka's `LeaderConstants.NO_LEADER`). */
export const NO_LEADER = -1;

/** What an election needs to know about one partition. */
export interface LeaderElectionInput {
  /** Assigned replicas in assignment order; the first is the preferred leader. */
  readonly replicas: readonly number[];
  /** In-sync replicas (already without fenced brokers, see {@link isrAfterFencing}). */
  readonly isr: readonly number[];
  /** The current leader, or {@link NO_LEADER}. */
  readonly currentLeader: number;
  /** Whether a broker may lead: registered, unfenced and not shutting down. */
  readonly isAlive: (brokerId: number) => boolean;
  /** The topic's `unclean.leader.election.enable`. */
  readonly uncleanLeaderElectionEnabled: boolean;
}

/** The outcome of an election. */
export interface LeaderElectionResult {
  /** The new leader, or {@link NO_LEADER} if the partition is offline. */
  readonly leader: number;
  /** The ISR after the election (a fresh array). */
  readonly isr: number[];
  /** True if the leader came from outside the ISR: committed records may be lost. */
  readonly unclean: boolean;
}

/**
 * Elects a leader the way `PartitionChangeBuilder.electAnyLeader` does (elections ONLINE and
 * UNCLEAN):
 *  1. keep the current leader if it is alive and in the ISR: no needless leader change;
 *  2. else the first replica, in assignment order, that is alive and in the ISR;
 *  3. else, if unclean election is enabled, the first live replica in assignment order; the
 *     ISR becomes just that replica (`PartitionChangeBuilder.tryElection`), since the others'
 *     logs will be truncated to it. Kafka also marks the leader RECOVERING here (KIP-704);
 *  4. else no leader ({@link NO_LEADER}); the ISR is returned unchanged, so a last member
 *     that was kept in it (see {@link removeFromIsr}) is elected when it comes back.
 */
export function electLeader(input: LeaderElectionInput): LeaderElectionResult {
  const { replicas, isr, currentLeader, isAlive, uncleanLeaderElectionEnabled } = input;
  const isCleanCandidate = (id: number): boolean => isr.includes(id) && isAlive(id);

  if (currentLeader !== NO_LEADER && isCleanCandidate(currentLeader)) {
    return { leader: currentLeader, isr: [...isr], unclean: false };
  }
  const clean = replicas.find(isCleanCandidate);
  if (clean !== undefined) return { leader: clean, isr: [...isr], unclean: false };

  if (uncleanLeaderElectionEnabled) {
    const unclean = replicas.find((id) => isAlive(id));
    if (unclean !== undefined) return { leader: unclean, isr: [unclean], unclean: true };
  }
  return { leader: NO_LEADER, isr: [...isr], unclean: false };
}

/**
 * Preferred replica election (`PartitionChangeBuilder.electPreferredLeader`, used by
 * `kafka-leader-election --election-type PREFERRED` and `auto.leader.rebalance.enable`):
 *  1. the preferred replica (first assigned) if it is alive and in the ISR;
 *  2. else the current leader if it is still alive and in the ISR;
 *  3. else the first other replica, in assignment order, that is alive and in the ISR;
 *  4. else no leader. Never unclean, and the ISR is never changed.
 */
export function electPreferredLeader(
  input: Omit<LeaderElectionInput, 'uncleanLeaderElectionEnabled'>,
): LeaderElectionResult {
  const { replicas, isr, currentLeader, isAlive } = input;
  const isCleanCandidate = (id: number): boolean => isr.includes(id) && isAlive(id);
  const preferred = preferredLeader(replicas);
  const leader =
    preferred !== NO_LEADER && isCleanCandidate(preferred)
      ? preferred
      : currentLeader !== NO_LEADER && isCleanCandidate(currentLeader)
        ? currentLeader
        : (replicas.slice(1).find(isCleanCandidate) ?? NO_LEADER);
  return { leader, isr: [...isr], unclean: false };
}

/**
 * The ISR without `brokerId`, except that the ISR is never emptied: if `brokerId` is its only
 * member it stays. Kafka keeps the last member so that the controller still knows which
 * replica holds every committed record; when that broker returns it is elected cleanly
 * (`PartitionChangeBuilder.build` only writes a new ISR if it is non-empty, without ELR).
 * A broker not in the ISR leaves it unchanged. Returns a fresh array.
 */
export function removeFromIsr(isr: readonly number[], brokerId: number): number[] {
  const remaining = isr.filter((id) => id !== brokerId);
  return remaining.length === 0 ? [...isr] : remaining;
}

/**
 * The ISR after `fencedBrokerId` is fenced (missed heartbeats) or starts a controlled shutdown:
 * KRaft's `ReplicationControlManager.generateLeaderAndIsrUpdates` removes the broker from every
 * ISR it is in, keeping it only where it is the last member (see {@link removeFromIsr}).
 */
export function isrAfterFencing(isr: readonly number[], fencedBrokerId: number): number[] {
  return removeFromIsr(isr, fencedBrokerId);
}

/** The preferred leader: the first assigned replica, or {@link NO_LEADER} if there is none. */
export function preferredLeader(replicas: readonly number[]): number {
  return replicas.length > 0 ? replicas[0] : NO_LEADER;
}

/** What a controlled-shutdown election needs. */
export interface ControlledShutdownInput {
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
  readonly currentLeader: number;
  /** The broker that asked to shut down; it may no longer lead. */
  readonly shuttingDownBrokerId: number;
  /** Liveness of the other brokers (the shutting-down broker is excluded regardless). */
  readonly isAlive: (brokerId: number) => boolean;
  /** The topic's `unclean.leader.election.enable`; KRaft applies it here too. Default false. */
  readonly uncleanLeaderElectionEnabled?: boolean;
}

/**
 * Leadership and ISR when a broker starts a controlled shutdown, as the KRaft controller does
 * it (`ReplicationControlManager.handleBrokerInControlledShutdown`, which runs the same
 * `generateLeaderAndIsrUpdates` as fencing):
 *  - the broker leaves the ISR, unless it is the last member ({@link removeFromIsr});
 *  - the broker may not lead; the election is then {@link electLeader} on that ISR: the current
 *    leader stays if it is another live ISR member, else the first other live ISR replica in
 *    assignment order takes over;
 *  - if there is none, the partition goes leaderless ({@link NO_LEADER}) with the ISR still
 *    naming the shutting-down broker, so it is elected again when it comes back. An unclean
 *    election is tried first if the topic enables it.
 *
 * (The ZooKeeper controller differed: its `controlledShutdownPartitionLeaderElection` failing
 * left the old leader in place and the broker retried its shutdown.)
 */
export function controlledShutdownLeader(input: ControlledShutdownInput): LeaderElectionResult {
  const { shuttingDownBrokerId, isAlive } = input;
  return electLeader({
    replicas: input.replicas,
    isr: removeFromIsr(input.isr, shuttingDownBrokerId),
    currentLeader: input.currentLeader,
    isAlive: (id) => id !== shuttingDownBrokerId && isAlive(id),
    uncleanLeaderElectionEnabled: input.uncleanLeaderElectionEnabled ?? false,
  });
}
