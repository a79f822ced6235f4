import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine';
import { SAMPLE_EVENTS } from '../engine/tools';
import { markersOf } from './timelineMarkers';

const samples: TraceEvent[] = Object.values(SAMPLE_EVENTS);

describe('markersOf', () => {
  // No marker is a decision made per type in the MARKERS table (null), never a fallback.
  it.each(samples)('marks $type with words of its own, or not at all', (e) => {
    const markers = markersOf([e], 7, null);
    expect(markers.length).toBeLessThanOrEqual(1);
    for (const marker of markers) {
      expect(marker.label.trim()).not.toBe('');
      expect(marker.label).not.toContain(e.type);
      expect(marker.eventIndex).toBe(7);
    }
  });

  it('marks the moments worth seeking to', () => {
    const marked = samples.filter((e) => markersOf([e], 0, null).length > 0).map((e) => e.type);
    expect(marked).toEqual([
      'narrated',
      'brokerKilled',
      'brokerShutDown',
      'brokerRestarted',
      'controllerMoved',
      'controllerKilled',
      'controllerRestarted',
      'quorumLost',
      'leaderChanged',
      'acknowledgedRecordsLost',
      'consumerCrashed',
      'groupRebalanceStarted',
      'consumerPollTimedOut',
      'streamsInstanceStopped',
      'streamsTaskRestored',
      'streamsRecordDropped',
    ]);
  });

  it('marks a restored task only when its store had records to read', () => {
    const restored = SAMPLE_EVENTS.streamsTaskRestored;
    expect(markersOf([restored], 0, null)).toEqual([
      {
        atMs: 3080,
        kind: 'recovery',
        label: 'task 1_3 restored its store on fraud-2',
        eventIndex: 0,
      },
    ]);
    expect(markersOf([{ ...restored, records: 0 }], 0, null)).toEqual([]);
  });

  it('marks a late record as a failure', () => {
    expect(markersOf([SAMPLE_EVENTS.streamsRecordDropped], 0, null)[0]).toMatchObject({
      kind: 'failure',
      label: 'CTAS_POSSIBLE_FRAUD_0 task 1_3 dropped a record: late, its window had closed',
    });
  });

  it('gives a step one marker per kind, counting the rest', () => {
    const { leaderChanged, controllerMoved, brokerKilled } = SAMPLE_EVENTS;
    const moved = { ...leaderChanged, partition: 2, leader: 1 };
    expect(markersOf([brokerKilled, leaderChanged, controllerMoved, moved], 10, null)).toEqual([
      { atMs: 1000, kind: 'failure', label: 'broker 2 crashed', eventIndex: 10 },
      { atMs: 1000, kind: 'election', label: 'orders-1: broker 3 leads (+2 more)', eventIndex: 11 },
    ]);
  });

  it("names the user's action first", () => {
    const [action] = markersOf([SAMPLE_EVENTS.consumerPaused], 3, {
      type: 'pauseConsumer',
      consumer: 'sally',
    });
    expect(action).toEqual({
      atMs: 6000,
      kind: 'action',
      label: 'you: pause sally',
      eventIndex: 3,
    });
  });
});
