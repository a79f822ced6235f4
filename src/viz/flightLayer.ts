import { select } from 'd3-selection';
import type { Flight, NodeRef } from '../engine';
import type { ClusterLayout } from './clusterLayout';
import { setAttr, setAttrIfChanged, setText, translate } from './dom';
import { flightEnds, flightPosition, pointOnArc, type Point } from './flightPath';

interface DrawnFlight {
  flight: Flight;
  at: Point;
}

/**
 * Messages on the wire: produce requests, replica fetch answers and consumer fetch answers,
 * each at the point along its path that virtual time says it has reached. Decorative (the
 * state they carry is drawn elsewhere), so hidden from assistive technology.
 *
 * Under reduced motion (`motion: 'static'`) nothing moves, but nothing is hidden either: each
 * link with messages on it is drawn as a dashed arc with one mark at its middle, labelled
 * "3 in flight" when more than one message is on it (see `staticFlightLinks`).
 */
export function drawFlights(
  g: SVGGElement,
  flights: readonly Flight[],
  nowMs: number,
  layout: ClusterLayout,
  motion: 'moving' | 'static' = 'moving',
): void {
  if (g.getAttribute('aria-hidden') !== 'true') g.setAttribute('aria-hidden', 'true');
  const drawn: DrawnFlight[] = [];
  if (motion === 'moving')
    for (const flight of flights) {
      const at = flightPosition(flight, nowMs, layout);
      if (at !== null) drawn.push({ flight, at });
    }
  drawMovingFlights(g, drawn);
  drawStaticLinks(g, motion === 'static' ? staticFlightLinks(flights, layout) : []);
}

/** Each layer's glyphs by the id of the message they show (see `drawMovingFlights`). */
const glyphsOf = new WeakMap<SVGGElement, Map<number, SVGGElement>>();

/**
 * One glyph per message, kept by message id: a message still on the wire only moves (one
 * `transform` write a frame); a glyph whose message arrived is handed to a new message
 * (its shape and count rewritten) rather than removed, so a busy frame adds and removes
 * almost no nodes. (Joined by position instead, every glyph after the first message to
 * arrive took its neighbour's shape: three writes per glyph per frame.)
 */
export function drawMovingFlights(g: SVGGElement, drawn: readonly DrawnFlight[]): void {
  let byId = glyphsOf.get(g);
  if (byId === undefined) glyphsOf.set(g, (byId = new Map()));
  const wanted = new Set(drawn.map((d) => d.flight.id));
  // Free glyphs by the shape they have: a new message takes one of its own kind first.
  const free = new Map<string | null, SVGGElement[]>();
  for (const [id, glyph] of byId)
    if (!wanted.has(id)) {
      byId.delete(id);
      const kind = glyph.getAttribute('class');
      free.set(kind, [...(free.get(kind) ?? []), glyph]);
    }
  const takeFree = (kind: string): SVGGElement | undefined => {
    const same = free.get(kind)?.pop();
    if (same !== undefined) return same;
    for (const list of free.values()) if (list.length > 0) return list.pop();
    return undefined;
  };
  for (const d of drawn) {
    let glyph = byId.get(d.flight.id);
    if (glyph === undefined) {
      glyph = takeFree(`flight flight-${d.flight.kind}`) ?? newGlyph(g);
      byId.set(d.flight.id, glyph);
      setAttrIfChanged(glyph, 'class', `flight flight-${d.flight.kind}`);
      setAttrIfChanged(glyph.firstChild as Element, 'd', FLIGHT_SHAPES[d.flight.kind]);
      const count = d.flight.count > 1 ? String(d.flight.count) : '';
      const text = glyph.lastChild as Element;
      if (text.textContent !== count) text.textContent = count;
    }
    setAttrIfChanged(glyph, 'transform', translate(d.at.x, d.at.y));
  }
  for (const list of free.values()) for (const glyph of list) glyph.remove();
}

function newGlyph(g: SVGGElement): SVGGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const glyph = g.ownerDocument.createElementNS(ns, 'g');
  const path = g.ownerDocument.createElementNS(ns, 'path');
  path.setAttribute('class', 'flight-shape');
  const text = g.ownerDocument.createElementNS(ns, 'text');
  text.setAttribute('class', 'flight-count');
  text.setAttribute('y', '4');
  text.setAttribute('text-anchor', 'middle');
  glyph.append(path, text);
  g.appendChild(glyph);
  return glyph;
}

/** A link with messages on it, for reduced motion: its arc, its middle, and how many. */
export interface StaticFlightLink {
  /** "replicate:broker 1>broker 2:orders-0" */
  id: string;
  kind: Flight['kind'];
  from: Point;
  to: Point;
  middle: Point;
  /** Messages on the link now. */
  messages: number;
  /** Records they carry. */
  records: number;
}

/** Pure: in-flight messages grouped by link (kind, ends, partition), in first-seen order. */
export function staticFlightLinks(
  flights: readonly Flight[],
  layout: ClusterLayout,
): StaticFlightLink[] {
  const links = new Map<string, StaticFlightLink>();
  for (const flight of flights) {
    const id = `${flight.kind}:${refKey(flight.from)}>${refKey(flight.to)}:${flight.topic}-${flight.partition}`;
    const link = links.get(id);
    if (link !== undefined) {
      link.messages++;
      link.records += flight.count;
      continue;
    }
    const ends = flightEnds(flight, layout);
    if (ends === null) continue;
    links.set(id, {
      id,
      kind: flight.kind,
      from: ends.from,
      to: ends.to,
      middle: pointOnArc(ends.from, ends.to, 0.5),
      messages: 1,
      records: flight.count,
    });
  }
  return [...links.values()];
}

function refKey(ref: NodeRef): string {
  return `${ref.kind} ${ref.id}`;
}

/** "3 in flight" beside the mark when a link carries more than one message. */
export function staticLinkLabel(link: Pick<StaticFlightLink, 'messages'>): string {
  return link.messages > 1 ? `${link.messages} in flight` : '';
}

function drawStaticLinks(g: SVGGElement, links: readonly StaticFlightLink[]): void {
  const marks = select(g)
    .selectAll<SVGGElement, StaticFlightLink>('g.flight-static')
    .data(links, (d) => d.id)
    .join((enter) => {
      const mark = enter
        .append('g')
        .attr('class', (d) => `flight-static flight-${d.kind}`)
        .attr('data-kind', (d) => d.kind);
      mark.append('path').attr('class', 'flight-link');
      const at = mark.append('g').attr('class', 'flight-mark');
      at.append('path')
        .attr('class', 'flight-shape')
        .attr('d', (d) => FLIGHT_SHAPES[d.kind]);
      at.append('text').attr('class', 'flight-count').attr('y', 4).attr('text-anchor', 'middle');
      at.append('text').attr('class', 'flight-static-label').attr('x', 15).attr('y', -10);
      return mark;
    });
  setAttr(marks.select<SVGPathElement>('path.flight-link'), 'd', (d) => arcPath(d.from, d.to));
  setAttr(marks.select<SVGGElement>('g.flight-mark'), 'transform', (d) =>
    translate(d.middle.x, d.middle.y),
  );
  setAttr(marks, 'data-messages', (d) => d.messages);
  setText(marks.select<SVGTextElement>('text.flight-count'), (d) =>
    d.records > 1 ? String(d.records) : '',
  );
  setText(marks.select<SVGTextElement>('text.flight-static-label'), staticLinkLabel);
}

/** The same arc `pointOnArc` follows, as an SVG path (a quadratic Bézier). */
function arcPath(from: Point, to: Point): string {
  const distance = Math.hypot(to.x - from.x, to.y - from.y);
  const cx = (from.x + to.x) / 2;
  const cy = (from.y + to.y) / 2 - distance / 8;
  const r = (n: number) => Math.round(n * 2) / 2;
  return `M${r(from.x)},${r(from.y)} Q${r(cx)},${r(cy)} ${r(to.x)},${r(to.y)}`;
}

/** Shape tells the kind apart without colour: circle = produce, diamond = replicate, square = consume. */
const FLIGHT_SHAPES: Record<Flight['kind'], string> = {
  produce: 'M-11,0a11,11 0 1,0 22,0a11,11 0 1,0 -22,0',
  replicate: 'M0,-12 L12,0 L0,12 L-12,0 Z',
  consume: 'M-9,-9 H9 V9 H-9 Z',
};
