import { describe, expect, it } from 'vitest';
import { viewFor } from './scenarioSlice';

describe('the view a scenario opens on', () => {
  const streams = { streams: [{ id: 'fraud' }] };
  const plain = {};

  it('is the processing view for a scenario with streams applications, unless the address named one', () => {
    expect(viewFor(streams, 'cluster', false)).toBe('processing');
    expect(viewFor(streams, 'log', false)).toBe('processing');
    expect(viewFor(streams, 'log', true)).toBe('log');
    expect(viewFor(streams, 'cluster', true)).toBe('cluster');
  });

  it('is never the processing view for a scenario without one (it would be empty)', () => {
    expect(viewFor(plain, 'processing', true)).toBe('cluster');
    expect(viewFor(plain, 'processing', false)).toBe('cluster');
    // Moving on from a streams lesson keeps a log view the viewer chose.
    expect(viewFor(plain, 'log', false)).toBe('log');
    expect(viewFor({ streams: [] }, 'cluster', false)).toBe('cluster');
  });
});
