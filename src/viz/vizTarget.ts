import { select, type BaseType, type Selection } from 'd3-selection';
import type { LogStrip, PositionMarker } from './layoutTypes';

/**
 * What a click or a key on the picture means, typed: something to inspect, or a broker action.
 * Layers bind it to their elements from the D3 datum (`bindTarget`); the view reads it back
 * with `targetAt` and maps it to a store selection or an engine command in one function, so no
 * command or selection travels through the DOM as text.
 */
export type VizTarget =
  | { kind: 'broker'; id: number }
  | { kind: 'producer'; id: string }
  | { kind: 'group'; id: string }
  | { kind: 'consumer'; id: string }
  | { kind: 'partition'; topic: string; partition: number }
  | { kind: 'record'; topic: string; partition: number; offset: number }
  | { kind: 'lost'; topic: string; partition: number }
  | { kind: 'brokerAction'; action: BrokerAction; broker: number };

export type BrokerAction = 'kill' | 'shutdown' | 'restart';

type Resolver = (datum: unknown) => VizTarget | null;

/** Element → how its datum becomes a target (set by the layer that drew it). */
const resolvers = new WeakMap<Element, Resolver>();

/** Marks the elements of `selection` as clickable, each meaning `target(datum)`. */
export function bindTarget<E extends Element, D>(
  selection: Selection<E, D, BaseType, unknown>,
  target: (d: D) => VizTarget | null,
): void {
  selection.each(function () {
    const el = this as Element;
    if (resolvers.get(el) !== (target as Resolver)) resolvers.set(el, target as Resolver);
    if (!el.classList.contains('viz-target')) el.classList.add('viz-target');
  });
}

/**
 * The target of the nearest marked element at or above `el`, from its bound datum. The log
 * layer's elements (cells, strip heads, lost-record markers) resolve by their class and datum.
 */
export function targetAt(el: Element | null): VizTarget | null {
  for (let node = el; node !== null; node = node.parentElement) {
    const resolve = resolvers.get(node);
    if (resolve !== undefined) return resolve(select(node).datum());
    const fromLog = logTarget(node);
    if (fromLog !== null) return fromLog;
    if (node.tagName.toLowerCase() === 'svg') return null;
  }
  return null;
}

function logTarget(node: Element): VizTarget | null {
  const cls = node.classList;
  if (cls.contains('record')) {
    // A cell's datum is its slot in the strip's window; the strip's own datum names the log.
    const cell = select(node).datum() as
      { slot?: { kind: string; record?: { offset: number } } } | undefined;
    const stripEl = node.closest('g.strip');
    const strip = stripEl === null ? undefined : (select(stripEl).datum() as LogStrip | undefined);
    const record = cell?.slot?.kind === 'record' ? cell.slot.record : undefined;
    if (strip === undefined || record === undefined) return null;
    return {
      kind: 'record',
      topic: strip.topic,
      partition: strip.partition,
      offset: record.offset,
    };
  }
  if (cls.contains('strip-head')) {
    const strip = select(node).datum() as LogStrip | undefined;
    if (strip === undefined) return null;
    return { kind: 'partition', topic: strip.topic, partition: strip.partition };
  }
  if (cls.contains('lost-marker')) {
    const marker = select(node).datum() as PositionMarker | undefined;
    const strip = node.closest('g.strip');
    const owner = strip === null ? undefined : (select(strip).datum() as LogStrip | undefined);
    if (marker?.kind !== 'lost' || owner === undefined) return null;
    return { kind: 'lost', topic: owner.topic, partition: owner.partition };
  }
  return null;
}

/** Same target (compared by value, field by field). */
export function sameTarget(a: VizTarget | null, b: VizTarget | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.kind !== b.kind) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => x[k] === y[k]);
}

/**
 * The stable id of a drawn entity (`data-entity`), the ids captions name in their `focus`:
 * `broker:2`, `producer:shop`, `group:g1`, `consumer:c1`, `log:orders-0`, `replica:orders-0@2`.
 */
export const entityId = {
  broker: (id: number) => `broker:${id}`,
  producer: (id: string) => `producer:${id}`,
  group: (id: string) => `group:${id}`,
  consumer: (id: string) => `consumer:${id}`,
  log: (topic: string, partition: number) => `log:${topic}-${partition}`,
  replica: (topic: string, partition: number, broker: number) =>
    `replica:${topic}-${partition}@${broker}`,
};
