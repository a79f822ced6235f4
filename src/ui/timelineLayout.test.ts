import { describe, expect, it } from 'vitest';
import type { MarkerKind, TimelineMarker } from '../store';
import {
  adjacentMarker,
  clusterMarkers,
  clusterTitle,
  formatSeconds,
  KIND_LABELS,
  markerGlyph,
  nearestCluster,
  sliderValueText,
  timeToX,
  xToTime,
  type TimeScale,
} from './timelineLayout';

const scale: TimeScale = { widthPx: 1020, endMs: 50_000, padPx: 10 }; // 1000 px for 50 s

let nextIndex = 0;
const marker = (atMs: number, kind: MarkerKind = 'failure', label = `${kind} at ${atMs}`) =>
  ({ atMs, kind, label, eventIndex: nextIndex++ }) satisfies TimelineMarker;

describe('time ↔ x', () => {
  it('maps the run onto the padded track and back', () => {
    expect(timeToX(0, scale)).toBe(10);
    expect(timeToX(25_000, scale)).toBe(510);
    expect(timeToX(50_000, scale)).toBe(1010);
    expect(xToTime(510, scale)).toBe(25_000);
    for (const ms of [0, 1234, 33_333, 50_000])
      expect(Math.abs(xToTime(timeToX(ms, scale), scale) - ms)).toBeLessThanOrEqual(25);
  });

  it('clamps outside the track and rounds to whole milliseconds', () => {
    expect(timeToX(-5, scale)).toBe(10);
    expect(timeToX(99_999, scale)).toBe(1010);
    expect(xToTime(-40, scale)).toBe(0);
    expect(xToTime(5000, scale)).toBe(50_000);
    expect(Number.isInteger(xToTime(123.456, scale))).toBe(true);
  });

  it('copes with an empty run or a track with no room', () => {
    expect(timeToX(10, { ...scale, endMs: 0 })).toBe(10);
    expect(xToTime(300, { ...scale, endMs: 0 })).toBe(0);
    expect(xToTime(300, { widthPx: 10, endMs: 1000, padPx: 10 })).toBe(0);
  });
});

describe('clusterMarkers', () => {
  it('keeps markers apart when there is room and merges those that would overlap', () => {
    // 50 ms per px: 1000 ms apart = 20 px; 100 ms apart = 2 px.
    const markers = [marker(1000), marker(1100, 'election'), marker(2000), marker(2150, 'lost')];
    const clusters = clusterMarkers(markers, scale, 12);
    expect(clusters.map((c) => c.markers.length)).toEqual([2, 2]);
    expect(clusters[0]).toMatchObject({ atMs: 1000, x: timeToX(1000, scale), kind: 'failure' });
    // Mixed kinds show the most consequential one: data lost before failure.
    expect(clusters[1].kind).toBe('lost');
    expect(clusterMarkers(markers, scale, 1.5).map((c) => c.markers.length)).toEqual([1, 1, 1, 1]);
  });

  it('anchors at each cluster’s first marker, so a dense stretch is not one blob', () => {
    const dense = Array.from({ length: 20 }, (_, i) => marker(i * 250)); // 5 px apart
    const clusters = clusterMarkers(dense, scale, 12);
    expect(clusters.length).toBeGreaterThan(5);
    expect(clusters.flatMap((c) => c.markers)).toEqual(dense);
    for (let i = 1; i < clusters.length; i++)
      expect(clusters[i].x - clusters[i - 1].x).toBeGreaterThanOrEqual(12);
  });

  it('merges everything on a very narrow track, and nothing when there are no markers', () => {
    const all = [marker(0), marker(25_000), marker(50_000)];
    const narrow = clusterMarkers(all, { widthPx: 30, endMs: 50_000, padPx: 10 }, 12);
    expect(narrow).toHaveLength(1);
    expect(narrow[0].markers).toHaveLength(3);
    expect(clusterMarkers([], scale, 12)).toEqual([]);
  });

  it('titles a cluster with one line per marker, at most eight', () => {
    const many = Array.from({ length: 11 }, (_, i) => marker(12_000 + i, 'election', `e${i}`));
    const [cluster] = clusterMarkers(many, scale, 12);
    const lines = clusterTitle(cluster).split('\n');
    expect(lines[0]).toBe('12 s: e0');
    expect(lines).toHaveLength(9);
    expect(lines[8]).toBe('… and 3 more');
  });

  it('finds the glyph under a press within a few pixels', () => {
    const clusters = clusterMarkers([marker(10_000), marker(20_000)], scale, 12);
    expect(nearestCluster(clusters, timeToX(20_000, scale) + 4, 6)?.atMs).toBe(20_000);
    expect(nearestCluster(clusters, timeToX(15_000, scale), 6)).toBeNull();
  });
});

describe('adjacentMarker', () => {
  const markers = [
    marker(0, 'narration'),
    marker(3000, 'failure'),
    marker(3000, 'election'),
    marker(5000, 'narration'),
    marker(9000, 'recovery'),
  ];

  it('finds the next and previous moments, skipping the current one', () => {
    expect(adjacentMarker(markers, 0, 1)?.atMs).toBe(3000);
    expect(adjacentMarker(markers, 3000, 1)?.atMs).toBe(5000);
    expect(adjacentMarker(markers, 3000, -1)?.atMs).toBe(0);
    expect(adjacentMarker(markers, 4000, -1)?.kind).toBe('election'); // the last one at 3 s
    expect(adjacentMarker(markers, 9000, 1)).toBeNull();
    expect(adjacentMarker(markers, 0, -1)).toBeNull();
    expect(adjacentMarker([], 100, 1)).toBeNull();
  });

  it('treats playback’s fractional milliseconds as the same moment', () => {
    expect(adjacentMarker(markers, 2999.8, 1)?.atMs).toBe(5000);
    expect(adjacentMarker(markers, 3000.2, -1)?.atMs).toBe(0);
  });

  it('walks one kind only (a presenter’s captions)', () => {
    expect(adjacentMarker(markers, 0, 1, 'narration')?.atMs).toBe(5000);
    expect(adjacentMarker(markers, 9000, -1, 'narration')?.atMs).toBe(5000);
    expect(adjacentMarker(markers, 5000, 1, 'narration')).toBeNull();
  });
});

describe('words and glyphs', () => {
  it('speaks time in tenths of a second', () => {
    expect(formatSeconds(12_500)).toBe('12.5 s');
    expect(formatSeconds(50_000)).toBe('50 s');
    expect(formatSeconds(0)).toBe('0 s');
    expect(formatSeconds(1234)).toBe('1.2 s');
    expect(sliderValueText(12_500, 50_000)).toBe('12.5 s of 50 s');
  });

  it('gives every kind its own shape and a legend name', () => {
    const kinds = Object.keys(KIND_LABELS) as MarkerKind[];
    expect(kinds).toHaveLength(7);
    const paths = kinds.map((k) => markerGlyph(k, 12).d);
    expect(new Set(paths).size).toBe(kinds.length);
    for (const d of paths) expect(d).toMatch(/^M[-\d.]/);
  });
});
