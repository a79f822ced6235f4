import { describe, expect, it } from 'vitest';
import { traceHash } from '../engine';
import { createAppStore } from './appStore';
import { parseLaunchOptions } from './launchOptions';
import { replaySession } from '../runtime';
import { createFakeHost, fakeScenarioModule, groupsFixture, lessonFixture } from './testKit';

async function setup(search = '?paused', fixture = lessonFixture()) {
  const host = createFakeHost({ 'scenarios/default.yaml': 'lesson' });
  const store = createAppStore({
    host,
    scenarioModule: async () => fakeScenarioModule({ lesson: fixture }),
  });
  await store.getState().loadScenario(parseLaunchOptions(search));
  return { host, store };
}

describe('acting on the cluster', () => {
  it('applies a command at the current virtual time and logs it', async () => {
    const { store } = await setup('?t=5s');
    store.getState().act({ type: 'killBroker', broker: 1 });
    const s = store.getState();
    expect(s.sessionLog).toEqual([{ atMs: 5000, command: { type: 'killBroker', broker: 1 } }]);
    expect(s.snapshot!.brokers.find((b) => b.id === 1)!.alive).toBe(false);
    expect(s.recentEvents[0].event).toMatchObject({ type: 'brokerKilled', broker: 1, atMs: 5000 });
  });

  it('a rejected command is an event, and still logged (the replay rejects it the same way)', async () => {
    const { store } = await setup('?t=1s');
    store.getState().act({ type: 'restartBroker', broker: 1 });
    expect(store.getState().recentEvents[0].event.type).toBe('commandRejected');
    expect(store.getState().sessionLog).toHaveLength(1);
  });

  it('replaying the scenario plus the session log reproduces the trace hash', async () => {
    const { store, host } = await setup('?paused', groupsFixture());
    const s0 = store.getState();
    s0.setSpeed(5);
    s0.play();
    const frames = (n: number) => {
      for (let i = 0; i < n; i++) host.frame(16);
    };
    frames(40);
    store.getState().act({ type: 'produce', producer: 'shop', key: 'alice', value: 'hi' });
    frames(20);
    store.getState().stepOnce();
    store.getState().stepOnce();
    // Acting right after a step: tasks still due at this instant run first, as in a replay.
    store.getState().act({ type: 'killBroker', broker: 2 });
    store.getState().play();
    frames(60);
    store.getState().act({
      type: 'addConsumer',
      consumer: { id: 'billing-4', topics: ['orders'], group: 'billing', from: 'earliest' },
    });
    store.getState().act({ type: 'setProducerRate', producer: 'shop', rate: 20, keys: ['a', 'b'] });
    frames(80);
    store.getState().act({ type: 'crashConsumer', consumer: 'bill-1' });
    store.getState().act({ type: 'restartBroker', broker: 2 });
    store.getState().act({ type: 'configureProducer', producer: 'shop', acks: 1 });
    store.getState().act({ type: 'addPartitions', topic: 'orders', count: 2 });
    frames(100);
    store.getState().pause();
    const s = store.getState();
    expect(s.sessionLog).toHaveLength(8);
    const replayed = replaySession(s.scenario!, s.seed!, s.sessionLog, s.timeMs);
    expect(traceHash(replayed)).toBe(s.snapshot!.traceHash);
    expect(replayed.eventCount).toBe(s.snapshot!.eventCount);
  });

  it('restart clears the session log; restart(seed) changes the seed', async () => {
    const { store } = await setup('?t=2s');
    store.getState().act({ type: 'killBroker', broker: 3 });
    store.getState().restart(99);
    expect(store.getState().sessionLog).toEqual([]);
    expect(store.getState().snapshot!.seed).toBe(99);
    expect(store.getState().timeMs).toBe(0);
  });

  it('publishes fenced brokers once the controller fences a killed one', async () => {
    const { store } = await setup('?t=2s', groupsFixture());
    store.getState().act({ type: 'killBroker', broker: 3 });
    expect(store.getState().snapshot!.brokers.filter((b) => b.fenced)).toEqual([]);
    store.getState().runTo(2000 + 9000 + 500);
    expect(
      store
        .getState()
        .snapshot!.brokers.filter((b) => b.fenced)
        .map((b) => b.id),
    ).toEqual([3]);
  });

  it('samples metrics every 500 ms of virtual time, the same at any speed', async () => {
    const { store } = await setup('?t=10s', groupsFixture());
    const samples = store.getState().metrics!.samples;
    expect(samples.map((x) => x.timeMs)).toEqual(Array.from({ length: 21 }, (_, i) => i * 500));
    expect(samples[20].logEnd['orders-0']).toBe(
      store.getState().snapshot!.topics.find((t) => t.name === 'orders')!.partitions[0]
        .logEndOffset,
    );
  });
});
