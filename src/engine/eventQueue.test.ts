import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createQueue,
  peekItem,
  popItem,
  pushItem,
  queueOfSorted,
  type Scheduled,
} from './eventQueue';

interface Item extends Scheduled {
  kind: string;
}

/** Items of several shapes, as the engine's tasks are (the heap must not depend on shape). */
function item(atMs: number, seq: number): Item {
  return seq % 2 === 0 ? { kind: 'a', atMs, seq } : ({ kind: 'b', extra: seq, atMs, seq } as Item);
}

const byKey = (a: Scheduled, b: Scheduled) => a.atMs - b.atMs || a.seq - b.seq;

describe('event queue', () => {
  it('pops in (atMs, seq) order whatever the order of pushes and pops', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 300 }),
        (script) => {
          const queue = createQueue<Item>();
          const model: Item[] = [];
          let seq = 0;
          for (const step of script) {
            if (step === -1) {
              model.sort(byKey);
              expect(popItem(queue)).toBe(model.shift());
            } else {
              // Whole and fractional times, with ties broken by seq.
              const it = item(step % 7 === 0 ? step + 0.25 : step, seq++);
              pushItem(queue, it);
              model.push(it);
            }
            expect(queue.times).toEqual(queue.items.map((x) => x.atMs));
            expect(queue.seqs).toEqual(queue.items.map((x) => x.seq));
          }
          model.sort(byKey);
          expect(peekItem(queue)).toBe(model[0]);
          for (const expected of model) expect(popItem(queue)).toBe(expected);
          expect(popItem(queue)).toBeUndefined();
        },
      ),
    );
  });

  it('takes a sorted array as it is, and pushes and pops on from it', () => {
    const sorted = [item(1, 0), item(1, 3), item(2, 1), item(5, 2)];
    const queue = queueOfSorted([...sorted]);
    pushItem(queue, item(1.5, 4));
    expect([popItem(queue), popItem(queue), popItem(queue)]).toEqual([
      sorted[0],
      sorted[1],
      expect.objectContaining({ atMs: 1.5, seq: 4 }),
    ]);
    expect(popItem(queue)).toBe(sorted[2]);
  });
});
