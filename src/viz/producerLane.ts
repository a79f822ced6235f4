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

/** Producers side by side from `x` (a room's narrow picture puts them above the brokers). */
export function layoutProducerRow(
  producers: readonly ProducerView[],
  x: number,
  top: number,
  width: number,
): ProducerNode[] {
  return producers.map((producer, i) => ({
    id: producer.id,
    producer,
    x: x + i * (width + SIZES.nodeGap),
    y: top,
    width,
    height: SIZES.producerHeight,
  }));
}
