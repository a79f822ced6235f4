import { select } from 'd3-selection';
import type { Flight } from '../engine';
import type { ClusterLayout } from './clusterLayout';
import { setAttr, setText, translate } from './dom';
import { flightPosition, type Point } from './flightPath';

interface DrawnFlight {
  flight: Flight;
  at: Point;
}

/**
 * Messages on the wire: produce requests, replica fetch answers and consumer fetch answers,
 * each at the point along its path that virtual time says it has reached. Decorative (the
 * state they carry is drawn elsewhere), so hidden from assistive technology.
 */
export function drawFlights(
  g: SVGGElement,
  flights: readonly Flight[],
  nowMs: number,
  layout: ClusterLayout,
): void {
  const drawn: DrawnFlight[] = [];
  for (const flight of flights) {
    const at = flightPosition(flight, nowMs, layout);
    if (at !== null) drawn.push({ flight, at });
  }
  if (g.getAttribute('aria-hidden') !== 'true') g.setAttribute('aria-hidden', 'true');
  const glyphs = select(g)
    .selectAll<SVGGElement, DrawnFlight>('g.flight')
    .data(drawn, (d) => String(d.flight.id))
    .join((enter) => {
      const glyph = enter.append('g').attr('class', (d) => `flight flight-${d.flight.kind}`);
      glyph
        .append('path')
        .attr('class', 'flight-shape')
        .attr('d', (d) => FLIGHT_SHAPES[d.flight.kind]);
      glyph.append('text').attr('class', 'flight-count').attr('y', 4).attr('text-anchor', 'middle');
      return glyph;
    });
  setAttr(glyphs, 'transform', (d) => translate(d.at.x, d.at.y));
  setText(glyphs.select<SVGTextElement>('text.flight-count'), (d) =>
    d.flight.count > 1 ? String(d.flight.count) : '',
  );
}

/** Shape tells the kind apart without colour: circle = produce, diamond = replicate, square = consume. */
const FLIGHT_SHAPES: Record<Flight['kind'], string> = {
  produce: 'M-11,0a11,11 0 1,0 22,0a11,11 0 1,0 -22,0',
  replicate: 'M0,-12 L12,0 L0,12 L-12,0 Z',
  consume: 'M-9,-9 H9 V9 H-9 Z',
};
