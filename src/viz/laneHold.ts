import type { LogStrip } from './layoutTypes';

/**
 * How long (virtual ms) a strip keeps marker lanes it no longer needs. Markers merge and part
 * from frame to frame (two consumers at one offset share a label, then one moves on): a strip
 * whose height followed them shifted every strip under it up and down several times a second
 * (hard to read from the back of a room) and made the browser lay the whole picture out again
 * in every frame. Held, a strip's height changes at most once in this long.
 */
export const LANE_HOLD_MS = 5000;

export interface LaneHold {
  /** Strip id → the lanes it keeps, and when (virtual ms) it last needed that many. */
  readonly strips: ReadonlyMap<string, { readonly lanes: number; readonly neededAtMs: number }>;
  /** The virtual time of the picture this hold was taken from. */
  readonly atMs: number;
}

export const NO_LANE_HOLD: LaneHold = { strips: new Map(), atMs: -1 };

/** The floors to lay the next picture out with (strip id → lanes). */
export function laneFloors(hold: LaneHold): Map<string, number> {
  return new Map([...hold.strips].map(([id, h]) => [id, h.lanes]));
}

/**
 * The hold after a picture at `nowMs` whose strips need `needed` lanes (strip id → lanes, as
 * laid out without a floor's extra). Playing on: a strip keeps the most it needed, let go
 * `LANE_HOLD_MS` after it last needed that many. A jump back in time starts over.
 */
export function nextLaneHold(
  hold: LaneHold,
  needed: ReadonlyMap<string, number>,
  nowMs: number,
): LaneHold {
  const playingOn = nowMs >= hold.atMs;
  const strips = new Map<string, { lanes: number; neededAtMs: number }>();
  for (const [id, lanes] of needed) {
    const held = playingOn ? hold.strips.get(id) : undefined;
    if (held === undefined || lanes >= held.lanes || nowMs - held.neededAtMs > LANE_HOLD_MS)
      strips.set(id, { lanes, neededAtMs: nowMs });
    else strips.set(id, held);
  }
  return { strips, atMs: nowMs };
}

/** The lanes each strip's markers need (the strip's own `lanes` may include a floor). */
export function lanesNeeded(
  strips: readonly Pick<LogStrip, 'id' | 'markers'>[],
): Map<string, number> {
  return new Map(
    strips.map((s) => [s.id, Math.max(1, ...s.markers.map((m) => m.lane + 1))] as const),
  );
}

/** The height a scrolling picture keeps, for one run in one box (`key`). */
export interface HeightHold {
  readonly key: string;
  readonly height: number;
}
export const NO_HEIGHT_HOLD: HeightHold = { key: '', height: 0 };
/**
 * How much room a held height takes beyond what it needs when it grows: seeking about a run,
 * moments need a few marker lanes more or less (920 to 1,028 px in bench:ui's seek run), and
 * growing by exactly what each needed gave the picture a new height three or four times in
 * its first seeks.
 */
export const HEIGHT_HEADROOM = 0.1;
/**
 * A scrolling picture's height only grows for one run in one box: a seek to a moment with
 * fewer marker lanes or shorter cards left blank room at the bottom rather than a new
 * height, which made the browser lay out all of the SVG again (5–9 ms a seek). When it
 * grows it takes `HEIGHT_HEADROOM` more than it needs. It shrinks to what it needs when that
 * is less than three quarters of what it has (a group removed, a topic's partitions no
 * longer shown), and starts over with another run, box or shape (`key`) at what it needs.
 */
export function heldHeight(hold: HeightHold, key: string, needed: number): HeightHold {
  if (hold.key !== key || needed < hold.height * 0.75) return { key, height: needed };
  if (needed > hold.height) return { key, height: Math.ceil(needed * (1 + HEIGHT_HEADROOM)) };
  return hold;
}
