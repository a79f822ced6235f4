import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  controlledShutdownLeader,
  electLeader,
  electPreferredLeader,
  isrAfterFencing,
  NO_LEADER,
  preferredLeader,
  removeFromIsr,
} from './election';

const aliveSet =
  (...ids: number[]) =>
  (id: number): boolean =>
    ids.includes(id);

/** A partition: replicas (assignment order), an ISR that is a subset of them, live brokers, a leader. */
const partitionArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 6 })
  .chain((replicas) =>
    fc.record({
      replicas: fc.constant(replicas),
      isr: fc.shuffledSubarray(replicas),
      alive: fc.subarray([...replicas, 20, 21]),
      currentLeader: fc.constantFrom(NO_LEADER, ...replicas),
      unclean: fc.boolean(),
    }),
  );

describe('NO_LEADER', () => {
  it('is -1, as Kafka LeaderConstants.NO_LEADER', () => {
    expect(NO_LEADER).toBe(-1);
  });
});

describe('electLeader', () => {
  it('keeps a live current leader that is in the ISR, even if it is not the preferred replica', () => {
    expect(
      electLeader({
        replicas: [1, 2, 3],
        isr: [1, 2, 3],
        currentLeader: 3,
        isAlive: aliveSet(1, 2, 3),
        uncleanLeaderElectionEnabled: false,
      }),
    ).toEqual({ leader: 3, isr: [1, 2, 3], unclean: false });
  });

  it('picks the first live ISR replica in assignment order, not ISR order', () => {
    expect(
      electLeader({
        replicas: [1, 2, 3],
        isr: [3, 2],
        currentLeader: 1,
        isAlive: aliveSet(2, 3),
        uncleanLeaderElectionEnabled: false,
      }),
    ).toEqual({ leader: 2, isr: [3, 2], unclean: false });
  });

  it('skips dead ISR members', () => {
    expect(
      electLeader({
        replicas: [1, 2, 3],
        isr: [1, 2, 3],
        currentLeader: 1,
        isAlive: aliveSet(3),
        uncleanLeaderElectionEnabled: false,
      }),
    ).toEqual({ leader: 3, isr: [1, 2, 3], unclean: false });
  });

  it('replaces a current leader that dropped out of the ISR', () => {
    expect(
      electLeader({
        replicas: [1, 2, 3],
        isr: [2, 3],
        currentLeader: 1,
        isAlive: aliveSet(1, 2, 3),
        uncleanLeaderElectionEnabled: false,
      }).leader,
    ).toBe(2);
  });

  it('elects from no leader when an ISR member is alive (e.g. the last member came back)', () => {
    expect(
      electLeader({
        replicas: [1, 2, 3],
        isr: [3],
        currentLeader: NO_LEADER,
        isAlive: aliveSet(1, 2, 3),
        uncleanLeaderElectionEnabled: false,
      }),
    ).toEqual({ leader: 3, isr: [3], unclean: false });
  });

  it('goes offline (-1) and keeps the ISR when no ISR member is alive and unclean is disabled', () => {
    expect(
      electLeader({
        replicas: [1, 2, 3],
        isr: [1],
        currentLeader: 1,
        isAlive: aliveSet(2, 3),
        uncleanLeaderElectionEnabled: false,
      }),
    ).toEqual({ leader: NO_LEADER, isr: [1], unclean: false });
  });

  it('elects the first live replica in assignment order uncleanly, and shrinks the ISR to it', () => {
    expect(
      electLeader({
        replicas: [1, 3, 2],
        isr: [1],
        currentLeader: 1,
        isAlive: aliveSet(2, 3),
        uncleanLeaderElectionEnabled: true,
      }),
    ).toEqual({ leader: 3, isr: [3], unclean: true });
  });

  it('prefers a clean leader even when unclean election is enabled', () => {
    expect(
      electLeader({
        replicas: [1, 2, 3],
        isr: [1, 3],
        currentLeader: 1,
        isAlive: aliveSet(2, 3),
        uncleanLeaderElectionEnabled: true,
      }),
    ).toEqual({ leader: 3, isr: [1, 3], unclean: false });
  });

  it('is offline when no replica at all is alive, even with unclean enabled', () => {
    expect(
      electLeader({
        replicas: [1, 2],
        isr: [1, 2],
        currentLeader: 1,
        isAlive: aliveSet(7),
        uncleanLeaderElectionEnabled: true,
      }),
    ).toEqual({ leader: NO_LEADER, isr: [1, 2], unclean: false });
  });

  it('never elects a live broker that is not an assigned replica', () => {
    expect(
      electLeader({
        replicas: [1, 2],
        isr: [1],
        currentLeader: 1,
        isAlive: aliveSet(5),
        uncleanLeaderElectionEnabled: true,
      }).leader,
    ).toBe(NO_LEADER);
  });

  it('returns a fresh ISR array and does not modify its input', () => {
    const isr = [1, 2];
    const result = electLeader({
      replicas: [1, 2],
      isr,
      currentLeader: 1,
      isAlive: aliveSet(1, 2),
      uncleanLeaderElectionEnabled: false,
    });
    expect(result.isr).not.toBe(isr);
    expect(isr).toEqual([1, 2]);
  });

  describe('properties', () => {
    it('the leader is NO_LEADER or a live assigned replica (seed 11)', () => {
      fc.assert(
        fc.property(partitionArb, (p) => {
          const r = electLeader({
            replicas: p.replicas,
            isr: p.isr,
            currentLeader: p.currentLeader,
            isAlive: aliveSet(...p.alive),
            uncleanLeaderElectionEnabled: p.unclean,
          });
          if (r.leader !== NO_LEADER) {
            expect(p.replicas).toContain(r.leader);
            expect(p.alive).toContain(r.leader);
          }
        }),
        { seed: 11, numRuns: 500 },
      );
    });

    it('a clean result keeps the ISR and its leader is in it; an unclean one has ISR [leader] (seed 12)', () => {
      fc.assert(
        fc.property(partitionArb, (p) => {
          const r = electLeader({
            replicas: p.replicas,
            isr: p.isr,
            currentLeader: p.currentLeader,
            isAlive: aliveSet(...p.alive),
            uncleanLeaderElectionEnabled: p.unclean,
          });
          if (r.unclean) {
            expect(p.unclean).toBe(true);
            expect(r.isr).toEqual([r.leader]);
            // Unclean only when no ISR member could lead.
            expect(p.isr.some((id) => p.alive.includes(id))).toBe(false);
          } else {
            expect(r.isr).toEqual(p.isr);
            if (r.leader !== NO_LEADER) expect(p.isr).toContain(r.leader);
          }
        }),
        { seed: 12, numRuns: 500 },
      );
    });

    it('matches the rule: current if valid, else first valid in assignment order, else unclean, else -1 (seed 13)', () => {
      fc.assert(
        fc.property(partitionArb, (p) => {
          const alive = (id: number): boolean => p.alive.includes(id);
          const valid = (id: number): boolean => p.isr.includes(id) && alive(id);
          const r = electLeader({
            replicas: p.replicas,
            isr: p.isr,
            currentLeader: p.currentLeader,
            isAlive: alive,
            uncleanLeaderElectionEnabled: p.unclean,
          });
          let expected = NO_LEADER;
          if (p.currentLeader !== NO_LEADER && valid(p.currentLeader)) expected = p.currentLeader;
          else {
            const clean = p.replicas.filter(valid);
            const live = p.replicas.filter(alive);
            if (clean.length > 0) expected = clean[0];
            else if (p.unclean && live.length > 0) expected = live[0];
          }
          expect(r.leader).toBe(expected);
        }),
        { seed: 13, numRuns: 500 },
      );
    });

    it('is stable: electing again from the result changes nothing (seed 14)', () => {
      fc.assert(
        fc.property(partitionArb, (p) => {
          const input = {
            replicas: p.replicas,
            isr: p.isr,
            currentLeader: p.currentLeader,
            isAlive: aliveSet(...p.alive),
            uncleanLeaderElectionEnabled: p.unclean,
          };
          const first = electLeader(input);
          const second = electLeader({ ...input, isr: first.isr, currentLeader: first.leader });
          expect(second.leader).toBe(first.leader);
          expect(second.isr).toEqual(first.isr);
          expect(second.unclean).toBe(false);
        }),
        { seed: 14, numRuns: 500 },
      );
    });
  });
});

describe('electPreferredLeader', () => {
  it('moves leadership back to the preferred replica when it is alive and in sync', () => {
    expect(
      electPreferredLeader({
        replicas: [1, 2, 3],
        isr: [1, 2, 3],
        currentLeader: 2,
        isAlive: aliveSet(1, 2, 3),
      }),
    ).toEqual({ leader: 1, isr: [1, 2, 3], unclean: false });
  });

  it('keeps the current leader when the preferred replica is out of sync', () => {
    expect(
      electPreferredLeader({
        replicas: [1, 2, 3],
        isr: [2, 3],
        currentLeader: 3,
        isAlive: aliveSet(1, 2, 3),
      }).leader,
    ).toBe(3);
  });

  it('falls back to the first other valid replica, and to -1, never uncleanly', () => {
    expect(
      electPreferredLeader({
        replicas: [1, 2, 3],
        isr: [1, 3],
        currentLeader: NO_LEADER,
        isAlive: aliveSet(2, 3),
      }).leader,
    ).toBe(3);
    expect(
      electPreferredLeader({
        replicas: [1, 2, 3],
        isr: [1],
        currentLeader: 1,
        isAlive: aliveSet(2, 3),
      }),
    ).toEqual({ leader: NO_LEADER, isr: [1], unclean: false });
  });
});

describe('removeFromIsr', () => {
  it('removes the broker and keeps the order of the others', () => {
    expect(removeFromIsr([3, 1, 2], 1)).toEqual([3, 2]);
  });

  it('never empties the ISR: the last member stays', () => {
    expect(removeFromIsr([4], 4)).toEqual([4]);
  });

  it('leaves the ISR unchanged when the broker is not in it', () => {
    expect(removeFromIsr([1, 2], 9)).toEqual([1, 2]);
    expect(removeFromIsr([], 9)).toEqual([]);
  });

  it('returns a fresh array', () => {
    const isr = [5];
    expect(removeFromIsr(isr, 5)).not.toBe(isr);
  });

  it('properties: non-empty stays non-empty, subset, order kept, removed unless last, idempotent (seed 15)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 9 }), { maxLength: 6 }),
        fc.integer({ min: 0, max: 10 }),
        (isr, broker) => {
          const out = removeFromIsr(isr, broker);
          if (isr.length > 0) expect(out.length).toBeGreaterThan(0);
          expect(isr.filter((id) => out.includes(id))).toEqual(out);
          if (isr.some((id) => id !== broker)) expect(out).not.toContain(broker);
          else expect(out).toEqual(isr);
          expect(removeFromIsr(out, broker)).toEqual(out);
          expect(isrAfterFencing(isr, broker)).toEqual(out);
        },
      ),
      { seed: 15, numRuns: 500 },
    );
  });
});

describe('isrAfterFencing', () => {
  it('drops the fenced broker but keeps a sole member', () => {
    expect(isrAfterFencing([1, 2, 3], 2)).toEqual([1, 3]);
    expect(isrAfterFencing([2], 2)).toEqual([2]);
  });

  it('fencing then electing: the leader moves to the next ISR replica in assignment order', () => {
    const isr = isrAfterFencing([1, 2, 3], 1);
    expect(
      electLeader({
        replicas: [1, 2, 3],
        isr,
        currentLeader: 1,
        isAlive: aliveSet(2, 3),
        uncleanLeaderElectionEnabled: false,
      }),
    ).toEqual({ leader: 2, isr: [2, 3], unclean: false });
  });

  it('fencing the last ISR member leaves the partition offline with the ISR naming it', () => {
    const isr = isrAfterFencing([1], 1);
    const offline = electLeader({
      replicas: [1, 2, 3],
      isr,
      currentLeader: 1,
      isAlive: aliveSet(2, 3),
      uncleanLeaderElectionEnabled: false,
    });
    expect(offline).toEqual({ leader: NO_LEADER, isr: [1], unclean: false });
    // When broker 1 is unfenced it is elected cleanly: nothing committed was lost.
    expect(
      electLeader({
        replicas: [1, 2, 3],
        isr: offline.isr,
        currentLeader: offline.leader,
        isAlive: aliveSet(1, 2, 3),
        uncleanLeaderElectionEnabled: false,
      }),
    ).toEqual({ leader: 1, isr: [1], unclean: false });
  });
});

describe('preferredLeader', () => {
  it('is the first assigned replica', () => {
    expect(preferredLeader([3, 1, 2])).toBe(3);
  });

  it('is NO_LEADER for an empty assignment', () => {
    expect(preferredLeader([])).toBe(NO_LEADER);
  });
});

describe('controlledShutdownLeader', () => {
  it('moves leadership to the first other live ISR replica in assignment order and drops the broker from the ISR', () => {
    expect(
      controlledShutdownLeader({
        replicas: [1, 2, 3],
        isr: [1, 3, 2],
        currentLeader: 1,
        shuttingDownBrokerId: 1,
        isAlive: aliveSet(1, 2, 3),
      }),
    ).toEqual({ leader: 2, isr: [3, 2], unclean: false });
  });

  it('excludes the shutting-down broker even though it is still alive', () => {
    const r = controlledShutdownLeader({
      replicas: [1, 2],
      isr: [1, 2],
      currentLeader: 1,
      shuttingDownBrokerId: 1,
      isAlive: () => true,
    });
    expect(r.leader).toBe(2);
  });

  it('keeps a leader that is not the broker shutting down, and only shrinks the ISR', () => {
    expect(
      controlledShutdownLeader({
        replicas: [1, 2, 3],
        isr: [1, 2, 3],
        currentLeader: 2,
        shuttingDownBrokerId: 3,
        isAlive: aliveSet(1, 2, 3),
      }),
    ).toEqual({ leader: 2, isr: [1, 2], unclean: false });
  });

  it('goes leaderless (KRaft) when no other ISR member is alive; the ISR keeps the broker', () => {
    expect(
      controlledShutdownLeader({
        replicas: [1, 2, 3],
        isr: [1],
        currentLeader: 1,
        shuttingDownBrokerId: 1,
        isAlive: aliveSet(1, 2, 3),
      }),
    ).toEqual({ leader: NO_LEADER, isr: [1], unclean: false });
  });

  it('skips dead ISR members', () => {
    expect(
      controlledShutdownLeader({
        replicas: [1, 2, 3],
        isr: [1, 2, 3],
        currentLeader: 1,
        shuttingDownBrokerId: 1,
        isAlive: aliveSet(1, 3),
      }),
    ).toEqual({ leader: 3, isr: [2, 3], unclean: false });
  });

  it('with unclean election enabled, an out-of-sync live replica takes over', () => {
    expect(
      controlledShutdownLeader({
        replicas: [1, 2, 3],
        isr: [1],
        currentLeader: 1,
        shuttingDownBrokerId: 1,
        isAlive: aliveSet(1, 3),
        uncleanLeaderElectionEnabled: true,
      }),
    ).toEqual({ leader: 3, isr: [3], unclean: true });
  });

  it('never elects the shutting-down broker (seed 16)', () => {
    fc.assert(
      fc.property(partitionArb, fc.nat(), (p, pick) => {
        const broker = p.replicas[pick % p.replicas.length];
        const r = controlledShutdownLeader({
          replicas: p.replicas,
          isr: p.isr,
          currentLeader: p.currentLeader,
          shuttingDownBrokerId: broker,
          isAlive: aliveSet(...p.alive),
          uncleanLeaderElectionEnabled: p.unclean,
        });
        expect(r.leader).not.toBe(broker);
        if (!r.unclean && p.isr.some((id) => id !== broker)) expect(r.isr).not.toContain(broker);
      }),
      { seed: 16, numRuns: 500 },
    );
  });
});
