import { describe, expect, it } from 'vitest';
import {
  heldHeight,
  HEIGHT_HEADROOM,
  LANE_HOLD_MS,
  laneFloors,
  nextLaneHold,
  NO_HEIGHT_HOLD,
  NO_LANE_HOLD,
} from './laneHold';
import { layoutCluster } from './clusterLayout';
import { lessonSnapshot } from './testSnapshots';

const needs = (lanes: number) => new Map([['orders-0', lanes]]);

describe('strips keep their marker lanes while playing', () => {
  it('keeps the most lanes needed until LANE_HOLD_MS after it last needed them', () => {
    let hold = nextLaneHold(NO_LANE_HOLD, needs(3), 1000);
    hold = nextLaneHold(hold, needs(1), 1016);
    expect(laneFloors(hold).get('orders-0')).toBe(3);
    hold = nextLaneHold(hold, needs(2), 1000 + LANE_HOLD_MS);
    expect(laneFloors(hold).get('orders-0')).toBe(3);
    // Needed 3 again: the hold starts over from then.
    hold = nextLaneHold(hold, needs(3), 3000);
    hold = nextLaneHold(hold, needs(1), 3000 + LANE_HOLD_MS);
    expect(laneFloors(hold).get('orders-0')).toBe(3);
    hold = nextLaneHold(hold, needs(1), 3001 + LANE_HOLD_MS);
    expect(laneFloors(hold).get('orders-0')).toBe(1);
  });

  it('lets go at a jump back in time', () => {
    const hold = nextLaneHold(nextLaneHold(NO_LANE_HOLD, needs(3), 9000), needs(1), 2000);
    expect(laneFloors(hold).get('orders-0')).toBe(1);
  });

  it('a floor makes a strip taller by whole lanes and moves the strips under it', () => {
    const s = lessonSnapshot(6000);
    const plain = layoutCluster(s, { width: 1280 });
    const [first, second] = plain.strips;
    const held = layoutCluster(s, {
      width: 1280,
      laneFloors: new Map([[first.id, first.lanes + 2]]),
    });
    expect(held.strips[0].lanes).toBe(first.lanes + 2);
    const grown = held.strips[0].height - first.height;
    expect(grown).toBeGreaterThan(0);
    expect(held.strips[1].y - second.y).toBe(grown);
    expect(held.height - plain.height).toBe(grown);
    // A floor under what the markers need changes nothing.
    expect(layoutCluster(s, { width: 1280, laneFloors: new Map([[first.id, 1]]) })).toEqual(plain);
  });
});

describe('heldHeight', () => {
  it('grows at once with headroom, keeps its height for less, shrinks below three quarters, starts over with another key', () => {
    let hold = heldHeight(NO_HEIGHT_HOLD, 'run a', 900);
    expect(hold.height).toBe(900);
    hold = heldHeight(hold, 'run a', 1000);
    expect(hold.height).toBe(Math.ceil(1000 * (1 + HEIGHT_HEADROOM)));
    // A little more than it had needed: the headroom takes it, no new height.
    expect(heldHeight(hold, 'run a', 1050)).toBe(hold);
    expect(heldHeight(hold, 'run a', 850)).toBe(hold);
    expect(heldHeight(hold, 'run a', 800).height).toBe(800);
    expect(heldHeight(hold, 'run b', 850).height).toBe(850);
  });
});
