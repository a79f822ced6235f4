import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../engine';
import { SAMPLE_EVENTS } from '../engine/tools';
import { announcement, EVENT_CATEGORIES, eventCategory, eventSubject } from './eventMeaning';

const samples: TraceEvent[] = Object.values(SAMPLE_EVENTS);

/** The names an event carries, one of which its subject should be. */
const namesIn = (e: TraceEvent): unknown[] =>
  ['topic', 'broker', 'to', 'group', 'consumer', 'producer', 'changelog'].map(
    (field) => (e as unknown as Record<string, unknown>)[field],
  );

describe('eventCategory', () => {
  it.each(samples)('files $type under one of the filters', (e) => {
    expect(EVENT_CATEGORIES.map((c) => c.id)).toContain(eventCategory(e));
  });
});

describe('eventSubject', () => {
  it.each(samples)('links $type to something it names, or to nothing', (e) => {
    const subject = eventSubject(e);
    if (subject === null) {
      expect([
        'clusterCreated',
        'narrated',
        'commandRejected',
        'partitionsAdded',
        // The inspector has no view of a streams application, its instances or tasks.
        'streamsAppStarted',
        'streamsInstanceStarted',
        'streamsInstanceStopped',
        'streamsTasksAssigned',
        'streamsTaskRestored',
        'streamsCacheFlushed',
        'streamsCommitted',
        // Nor of an isolated controller or the quorum (the Act panel lists the voters).
        'controllerKilled',
        'controllerRestarted',
        'quorumLost',
      ]).toContain(e.type);
      return;
    }
    const name = 'id' in subject ? subject.id : subject.topic;
    expect(namesIn(e)).toContain(name);
  });
});

describe('announcement', () => {
  // Null is a decision (not worth interrupting a listener), made per type in the switch.
  it.each(samples)('announces $type in words, or not at all', (e) => {
    const words = announcement([e]);
    if (words === null) return;
    expect(words.trim()).not.toBe('');
    expect(words).not.toContain(e.type);
  });

  it('announces failures, elections, loss and rebalances', () => {
    const announced = samples.filter((e) => announcement([e]) !== null).map((e) => e.type);
    expect(announced).toEqual([
      'brokerKilled',
      'brokerShutDown',
      'brokerRestarted',
      'brokerFenced',
      'brokerUnfenced',
      'controllerMoved',
      'controllerKilled',
      'controllerRestarted',
      'quorumLost',
      'leaderChanged',
      'logTruncated',
      'acknowledgedRecordsLost',
      'groupRebalanceStarted',
      'groupStabilized',
      'streamsInstanceStopped',
    ]);
  });
});
