import { allPartitions, brokerById, isEligible } from './cluster';
import type { IsrChangeReason, LeaderChangeReason } from './events';
import { becomeFollower, startFollowerFetch } from './fetcher';
import { becomeLeader, changeIsr, resignLeadership } from './leadership';
import { publishMetadataChange } from './metadataChanges';
import type { Broker, ControllerNode, Partition } from './model';
import { controllerOfBroker, electedVoter, hasMajority, liveVoterCount } from './quorum';
import { NETWORK_EXCEPTION, NOT_LEADER } from './protocol';
import {
  controlledShutdownLeader,
  electLeader,
  electPreferredLeader,
  removeFromIsr,
  type LeaderElectionResult,
} from './replication/election';
import { ensureOffsetsTopic, newPartition, placeNewReplicas } from './topics';
import { emit, schedule, type World } from './world';

/**
 * The KRaft controller: the single place where leadership and ISR decisions are made. The
 * quorum's voters (quorum.ts) run combined with brokers or isolated; their Raft leader is the
 * active controller. When it dies the others elect a new one after `controllerFailoverMs`;
 * when fewer than a majority run there is none, and nothing is decided (no election, no ISR
 * change, no fencing, no unfencing, no new partitions) until a majority is back.
 *
 * Elections and new partitions reach followers, coordinators and clients as one metadata
 * change (metadataChanges.ts), not as calls into each of them wired in here.
 */

/** Schedules the periodic checks a live cluster runs. */
export function startControllerTasks(world: World): void {
  schedule(world, world.config.replication.replicaLagTimeMaxMs / 2, { kind: 'isrCheck' });
  if (world.config.broker.autoLeaderRebalance) {
    schedule(world, world.config.broker.leaderImbalanceCheckIntervalMs, {
      kind: 'leaderRebalanceCheck',
    });
  }
}

/** The last heartbeat a broker sent before `atMs` (brokers heartbeat on a fixed, staggered grid). */
function lastHeartbeatBefore(world: World, broker: Broker, atMs: number): number {
  const interval = world.config.broker.heartbeatIntervalMs;
  const index = world.brokers.indexOf(broker);
  const phase = (index * interval) / Math.max(1, world.brokers.length);
  const since = Math.max(
    world.controllerSinceMs,
    atMs - ((((atMs - phase) % interval) + interval) % interval),
  );
  return since;
}

function scheduleSessionExpiry(world: World, broker: Broker): void {
  const from = lastHeartbeatBefore(world, broker, world.nowMs);
  schedule(world, from + world.config.broker.sessionTimeoutMs, {
    kind: 'brokerSessionExpired',
    broker: broker.id,
    incarnation: broker.incarnation,
  });
}

/** killBroker: the process dies at once; the controller notices only after the session timeout. */
export function killBroker(world: World, broker: Broker): void {
  emit(world, { type: 'brokerKilled', atMs: world.nowMs, broker: broker.id });
  if (stopUnregistered(world, broker)) return;
  broker.alive = false;
  dropBrokerConnections(world, broker.id);
  stopCombinedController(world, broker.id);
  if (world.controllerId !== -1) scheduleSessionExpiry(world, broker);
}

/**
 * A process still waiting to register stops: nothing of it was in the metadata, so only its
 * controller (if combined) goes with it. Returns whether the broker was such a process.
 */
function stopUnregistered(world: World, broker: Broker): boolean {
  if (broker.awaitingRegistration !== true) return false;
  broker.awaitingRegistration = undefined;
  stopCombinedController(world, broker.id);
  return true;
}

/** A combined broker's process also ran a controller: it stops with it. */
function stopCombinedController(world: World, brokerId: number): void {
  const node = controllerOfBroker(world, brokerId);
  if (node !== undefined) stopControllerNode(world, node);
}

/**
 * A voter stops. If it was the active controller the others elect a new one (if they still
 * are a majority); if the quorum drops below a majority, the active controller can commit
 * nothing more: it is as good as gone at once. (Kafka's leader resigns when check-quorum
 * expires, 1.5 × controller.quorum.fetch.timeout.ms later; its decisions could not commit.)
 */
function stopControllerNode(world: World, node: ControllerNode): void {
  node.alive = false;
  if (!hasMajority(world)) {
    world.controllerId = -1;
    emit(world, {
      type: 'quorumLost',
      atMs: world.nowMs,
      liveVoters: liveVoterCount(world),
      voters: world.controllers.length,
    });
    return;
  }
  if (world.controllerId === node.id) loseController(world);
}

/** killController: an isolated controller process crashes. */
export function killController(world: World, node: ControllerNode): void {
  emit(world, { type: 'controllerKilled', atMs: world.nowMs, controller: node.id });
  stopControllerNode(world, node);
}

/** restartController: an isolated controller process comes back and rejoins the quorum. */
export function restartController(world: World, node: ControllerNode): void {
  emit(world, { type: 'controllerRestarted', atMs: world.nowMs, controller: node.id });
  startControllerNode(world, node);
}

/** A voter runs again: a quorum that had no leader but has a majority now elects one. */
function startControllerNode(world: World, node: ControllerNode): void {
  node.alive = true;
  if (world.controllerId === -1 && hasMajority(world))
    schedule(world, world.nowMs + world.config.broker.controllerElectionMs, {
      kind: 'controllerFailover',
      from: -1,
    });
}

/** In-flight work on a dead broker: producers waiting for acks see their connection drop. */
function dropBrokerConnections(world: World, brokerId: number): void {
  for (const p of allPartitions(world))
    if (p.leader === brokerId) resignLeadership(world, p, NETWORK_EXCEPTION);
}

function loseController(world: World): void {
  const from = world.controllerId;
  world.controllerId = -1;
  schedule(world, world.nowMs + world.config.broker.controllerFailoverMs, {
    kind: 'controllerFailover',
    from,
  });
}

/**
 * The quorum elected a new active controller: it tracks every broker's session afresh, lets
 * brokers that started meanwhile register, and creates what waited for it.
 */
export function handleControllerFailover(world: World, from: number): void {
  if (world.controllerId !== -1 || !hasMajority(world)) return; // A returning voter re-arms it.
  const next = electedVoter(world);
  if (next === undefined) return;
  world.controllerId = next.id;
  world.controllerSinceMs = world.nowMs;
  emit(world, {
    type: 'controllerMoved',
    atMs: world.nowMs,
    from,
    to: next.id,
    onBroker: next.broker !== null,
  });
  for (const broker of world.brokers)
    if (!broker.alive && !broker.fenced && broker.awaitingRegistration !== true)
      scheduleSessionExpiry(world, broker);
  for (const broker of world.brokers)
    if (broker.awaitingRegistration === true) registerBroker(world, broker);
  if (world.groupOrder.length > 0) ensureOffsetsTopic(world);
}

export function handleSessionExpired(world: World, brokerId: number, incarnation: number): void {
  const broker = brokerById(world, brokerId);
  if (broker === undefined || broker.alive || broker.fenced || broker.incarnation !== incarnation)
    return;
  if (world.controllerId === -1) return; // The next controller re-arms the timeout.
  fenceBroker(world, broker, 'session timeout');
}

/** Fencing: out of every ISR (but never emptying one), and a new leader wherever it led. */
function fenceBroker(
  world: World,
  broker: Broker,
  reason: 'session timeout' | 'controlled shutdown' | 'restart',
): void {
  broker.fenced = true;
  emit(world, { type: 'brokerFenced', atMs: world.nowMs, broker: broker.id, reason });
  const leaderReason: LeaderChangeReason =
    reason === 'controlled shutdown' ? 'controlled shutdown' : 'broker fenced';
  const isrReason: IsrChangeReason =
    reason === 'controlled shutdown' ? 'controlled shutdown' : 'broker fenced';
  for (const p of allPartitions(world)) {
    if (p.leader !== broker.id && !p.isr.includes(broker.id)) continue;
    const isr = removeFromIsr(p.isr, broker.id);
    if (p.leader === broker.id) {
      const result = electLeader({
        replicas: p.replicas,
        isr,
        currentLeader: p.leader,
        isAlive: (id) => isEligible(world, id),
        uncleanLeaderElectionEnabled: world.topics[p.topic].config.uncleanLeaderElection,
      });
      changeLeader(world, p, result, leaderReason);
    } else {
      changeIsr(world, p, isr, isrReason);
    }
  }
}

/** shutdownBroker: a controlled shutdown moves leadership away first, with no gap. */
export function shutdownBroker(world: World, broker: Broker): void {
  if (broker.awaitingRegistration === true) {
    emit(world, { type: 'brokerShutDown', atMs: world.nowMs, broker: broker.id });
    stopUnregistered(world, broker);
    return;
  }
  if (world.controllerId !== -1 && !broker.fenced) {
    broker.fenced = true;
    emit(world, {
      type: 'brokerFenced',
      atMs: world.nowMs,
      broker: broker.id,
      reason: 'controlled shutdown',
    });
    for (const p of allPartitions(world)) {
      if (p.leader !== broker.id && !p.isr.includes(broker.id)) continue;
      const result = controlledShutdownLeader({
        replicas: p.replicas,
        isr: p.isr,
        currentLeader: p.leader,
        shuttingDownBrokerId: broker.id,
        isAlive: (id) => isEligible(world, id),
        uncleanLeaderElectionEnabled: world.topics[p.topic].config.uncleanLeaderElection,
      });
      if (result.leader !== p.leader) changeLeader(world, p, result, 'controlled shutdown');
      else changeIsr(world, p, result.isr, 'controlled shutdown');
    }
  }
  broker.alive = false;
  emit(world, { type: 'brokerShutDown', atMs: world.nowMs, broker: broker.id });
  dropBrokerConnections(world, broker.id);
  stopCombinedController(world, broker.id);
  if (world.controllerId !== -1 && !broker.fenced) scheduleSessionExpiry(world, broker);
}

/**
 * restartBroker: the new process registers (BrokerRegistrationRequest) and starts FENCED, as in
 * KRaft (`ClusterControlManager.registerBroker`). It replays the metadata log; once caught up it
 * starts its replica fetchers (truncating to its leaders' history) and heartbeats with
 * `wantFence=false`; the controller unfences it only when that heartbeat shows its metadata
 * offset at or past its registration (`BrokerHeartbeatManager.calculateNextBrokerState`).
 * Until then it leads nothing and joins no ISR.
 */
export function restartBroker(world: World, broker: Broker): void {
  emit(world, { type: 'brokerRestarted', atMs: world.nowMs, broker: broker.id });
  const node = controllerOfBroker(world, broker.id);
  if (node !== undefined) startControllerNode(world, node);
  if (world.controllerId === -1) {
    // Nobody to register with: the process retries until the quorum has a leader.
    broker.awaitingRegistration = true;
    return;
  }
  registerBroker(world, broker);
}

/** BrokerRegistrationRequest accepted: the new incarnation starts fenced and replays the metadata log. */
function registerBroker(world: World, broker: Broker): void {
  broker.awaitingRegistration = undefined;
  if (!broker.fenced) fenceBroker(world, broker, 'restart'); // its old incarnation's leaderships move first
  broker.alive = true;
  broker.incarnation++;
  broker.metadataCaughtUp = false;
  schedule(world, world.nowMs + world.config.broker.metadataCatchUpMs, {
    kind: 'brokerMetadataCaughtUp',
    broker: broker.id,
    incarnation: broker.incarnation,
  });
}

/** The restarted broker has replayed the metadata log: its replicas start following (BrokerServer after `initialCatchUpFuture`). */
export function handleBrokerMetadataCaughtUp(
  world: World,
  brokerId: number,
  incarnation: number,
): void {
  const broker = brokerById(world, brokerId);
  if (broker === undefined || !broker.alive || broker.incarnation !== incarnation) return;
  broker.metadataCaughtUp = true;
  for (const p of allPartitions(world))
    if (p.replicas.includes(broker.id) && p.leader !== -1 && p.leader !== broker.id)
      becomeFollower(world, p, broker.id);
  // BrokerLifecycleManager: STARTING heartbeats go every 10 ms; the first after catch-up reports
  // it (RECOVERY), and `setReadyToUnfence` sends the wantFence=false heartbeat at once.
  const interval = world.config.broker.startupHeartbeatIntervalMs;
  const restartedAt = world.nowMs - world.config.broker.metadataCatchUpMs;
  const next = restartedAt + Math.ceil((world.nowMs - restartedAt) / interval) * interval;
  schedule(world, next, { kind: 'brokerStartupHeartbeat', broker: broker.id, incarnation });
}

/** A heartbeat from a caught-up, fenced broker asking to be unfenced; with no active controller it retries. */
export function handleBrokerStartupHeartbeat(
  world: World,
  brokerId: number,
  incarnation: number,
): void {
  const broker = brokerById(world, brokerId);
  if (broker === undefined || !broker.alive || broker.incarnation !== incarnation) return;
  if (!broker.fenced || broker.metadataCaughtUp !== true) return;
  if (world.controllerId === -1) {
    schedule(world, world.nowMs + world.config.broker.heartbeatIntervalMs, {
      kind: 'brokerStartupHeartbeat',
      broker: broker.id,
      incarnation,
    });
    return;
  }
  unfenceBroker(world, broker);
}

/** Unfenced: it may lead again; partitions left offline get it as leader if it can. */
function unfenceBroker(world: World, broker: Broker): void {
  broker.fenced = false;
  emit(world, { type: 'brokerUnfenced', atMs: world.nowMs, broker: broker.id });
  for (const p of allPartitions(world)) {
    if (!p.replicas.includes(broker.id) || p.leader !== -1) continue;
    const result = electLeader({
      replicas: p.replicas,
      isr: p.isr,
      currentLeader: -1,
      isAlive: (id) => isEligible(world, id),
      uncleanLeaderElectionEnabled: world.topics[p.topic].config.uncleanLeaderElection,
    });
    if (result.leader !== -1) changeLeader(world, p, result, 'broker restarted');
  }
  // Groups waiting for a coordinator while every broker was fenced: their FindCoordinator retries
  // now auto-create __consumer_offsets (see `ensureOffsetsTopic`).
  if (world.groupOrder.length > 0) ensureOffsetsTopic(world);
}

/** Applies an election: new epoch and leader state, then everyone learns it (followers truncate and refetch, clients retarget). */
export function changeLeader(
  world: World,
  p: Partition,
  result: LeaderElectionResult,
  reason: LeaderChangeReason,
): void {
  const previousLeader = p.leader;
  if (result.leader === previousLeader) {
    changeIsr(
      world,
      p,
      result.isr,
      reason === 'controlled shutdown' ? 'controlled shutdown' : 'broker fenced',
    );
    return;
  }
  // The old leader answers what it still held with NOT_LEADER_OR_FOLLOWER (a dead one already dropped them).
  resignLeadership(world, p, NOT_LEADER, { leader: result.leader, epoch: p.leaderEpoch + 1 });
  p.leader = result.leader;
  p.isr = [...result.isr];
  p.leaderEpoch++;
  world.electionCount++;
  if (p.leader !== -1) becomeLeader(world, p);
  emit(world, {
    type: 'leaderChanged',
    atMs: world.nowMs,
    topic: p.topic,
    partition: p.partition,
    previousLeader,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    isr: [...p.isr],
    unclean: result.unclean,
    reason,
  });
  publishMetadataChange(world, { type: 'leaderChanged', partition: p, previousLeader });
}

/**
 * CreatePartitions (`ReplicationControlManager.createPartitions`): new partitions placed like
 * Kafka's (numbering continues), their replicas start fetching, then everyone learns of them.
 * `validateCommand` has already refused the request if it cannot be served.
 */
export function addPartitions(world: World, topicName: string, count: number): void {
  const topic = world.topics[topicName];
  const from = topic.partitions.length;
  const replicationFactor = topic.partitions[0].replicas.length;
  const assignment = placeNewReplicas(world, count, replicationFactor, from);
  for (const replicas of assignment) {
    const p = newPartition(world, topicName, topic.partitions.length, replicas);
    topic.partitions.push(p);
    for (const follower of p.replicas) startFollowerFetch(world, p, follower);
  }
  emit(world, {
    type: 'partitionsAdded',
    atMs: world.nowMs,
    topic: topicName,
    from,
    to: topic.partitions.length,
  });
  publishMetadataChange(world, { type: 'partitionsAdded', topic: topicName, from });
}

/** Every replica.lag.time.max.ms / 2, each leader drops followers that have not caught up for too long. */
export function handleIsrCheck(world: World): void {
  const lagMaxMs = world.config.replication.replicaLagTimeMaxMs;
  if (world.controllerId !== -1) {
    for (const p of allPartitions(world)) {
      if (p.leader === -1 || !brokerById(world, p.leader)?.alive) continue;
      let isr = p.isr;
      for (const id of p.isr) {
        if (id !== p.leader && world.nowMs - p.followers[id].lastCaughtUpTimeMs > lagMaxMs)
          isr = removeFromIsr(isr, id);
      }
      changeIsr(world, p, isr, 'follower lagging');
    }
  }
  schedule(world, world.nowMs + lagMaxMs / 2, { kind: 'isrCheck' });
}

/** auto.leader.rebalance.enable: move leadership back to preferred replicas when a broker's imbalance is too high. */
export function handleLeaderRebalanceCheck(world: World): void {
  const threshold = world.config.broker.leaderImbalancePerBrokerPercentage / 100;
  if (world.controllerId !== -1) {
    for (const broker of world.brokers) {
      if (broker.fenced || !broker.alive) continue;
      const preferredHere = [...allPartitions(world)].filter((p) => p.replicas[0] === broker.id);
      const notLed = preferredHere.filter((p) => p.leader !== broker.id);
      if (preferredHere.length === 0 || notLed.length / preferredHere.length <= threshold) continue;
      for (const p of notLed) {
        const result = electPreferredLeader({
          replicas: p.replicas,
          isr: p.isr,
          currentLeader: p.leader,
          isAlive: (id) => isEligible(world, id),
        });
        if (result.leader === broker.id) changeLeader(world, p, result, 'preferred leader');
      }
    }
  }
  schedule(world, world.nowMs + world.config.broker.leaderImbalanceCheckIntervalMs, {
    kind: 'leaderRebalanceCheck',
  });
}
