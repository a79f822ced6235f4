import type { Selection } from 'd3-selection';
import { setAttr, setClass, setText, translate } from './dom';
import { bindTarget, type VizTarget } from './vizTarget';

/** A button drawn in SVG: focusable, named, and carrying what it does (a typed target). */
export interface SvgButtonSpec {
  id: string;
  label: string;
  /** The accessible name, e.g. "Kill broker 2". */
  name: string;
  target: VizTarget;
  /** A single key (aria-keyshortcuts) that works while the owning card has focus. */
  shortcut: string;
  x: number;
  y: number;
  width: number;
  danger?: boolean;
}

export const BUTTON_HEIGHT = 22;

/**
 * Draws a row of buttons. The view wires one delegated handler: clicking (or Enter/Space on)
 * a button resolves its datum's target (`targetAt`) and acts on it, so layers stay free of
 * callbacks; `data-action` says in words what a button does, for tests.
 */
export function drawSvgButtons<P extends Element>(
  parent: Selection<P, unknown, null, undefined>,
  buttons: readonly SvgButtonSpec[],
): void {
  const join = parent
    .selectAll<SVGGElement, SvgButtonSpec>('g.svg-button')
    .data(buttons, (d) => d.id)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'svg-button').attr('role', 'button');
      g.attr('tabindex', 0);
      g.append('rect').attr('rx', 5).attr('height', BUTTON_HEIGHT);
      g.append('text').attr('y', 15);
      return g;
    });
  setAttr(join, 'transform', (d) => translate(d.x, d.y));
  setAttr(join, 'aria-label', (d) => d.name);
  setAttr(join, 'aria-keyshortcuts', (d) => d.shortcut);
  bindTarget(join, (d) => d.target);
  setAttr(join, 'data-action', (d) =>
    d.target.kind === 'brokerAction' ? `${d.target.action}:${d.target.broker}` : null,
  );
  setAttr(join, 'data-shortcut', (d) => d.shortcut.toLowerCase());
  setClass(join, 'danger', (d) => d.danger === true);
  setAttr(join.select<SVGRectElement>('rect'), 'width', (d) => d.width);
  const text = join.select<SVGTextElement>('text');
  setAttr(text, 'x', (d) => d.width / 2);
  setAttr(text, 'text-anchor', () => 'middle');
  setText(text, (d) => d.label);
}
