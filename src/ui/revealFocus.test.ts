import { describe, expect, it } from 'vitest';
import { revealScroll, unionRect } from './revealFocus';

const view = {
  scrollLeft: 0,
  scrollTop: 0,
  width: 600,
  height: 275,
  contentWidth: 1000,
  contentHeight: 650,
};

describe('revealScroll', () => {
  it('leaves the scroll alone when the focus is already in view', () => {
    expect(revealScroll({ left: 20, top: 30, width: 200, height: 100 }, view)).toEqual({
      scrollLeft: 0,
      scrollTop: 0,
    });
  });

  it('centres a focus that fits the view, within the scrollable range', () => {
    expect(revealScroll({ left: 500, top: 400, width: 200, height: 75 }, view)).toEqual({
      scrollLeft: 300,
      scrollTop: 300,
    });
    // Near the end: as far as the content goes, no further.
    expect(revealScroll({ left: 900, top: 600, width: 100, height: 50 }, view)).toEqual({
      scrollLeft: 400,
      scrollTop: 375,
    });
  });

  it('a focus larger than the view: its top-left corner in view', () => {
    expect(revealScroll({ left: 300, top: 200, width: 650, height: 400 }, view)).toEqual({
      scrollLeft: 300,
      scrollTop: 200,
    });
  });
});

describe('unionRect', () => {
  it('holds every rectangle; none gives null', () => {
    expect(
      unionRect([
        { left: 10, top: 20, width: 30, height: 40 },
        { left: 100, top: 5, width: 10, height: 10 },
      ]),
    ).toEqual({ left: 10, top: 5, width: 100, height: 55 });
    expect(unionRect([])).toBeNull();
  });
});
