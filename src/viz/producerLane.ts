import type { ProducerView } from '../engine';
import { SIZES, type ProducerNode } from './layoutTypes';

/** The producers' lane: a column of cards on the left. */

function stack<T>(items: readonly T[], x: number, top: number, width: number, height: number) {
  return items.map((item, i) => ({
    item,
    box: { x, y: top + i * (height + SIZES.nodeGap), width, height },
  }));
}

/** Producers stacked in their column from `top`. */
export function layoutProducers(
  producers: readonly ProducerView[],
  x: number,
  top: number,
  width: number,
): ProducerNode[] {
  return stack(producers, x, top, width, SIZES.producerHeight).map(({ item, box }) => ({
    id: item.id,
    producer: item,
    ...box,
  }));
}
