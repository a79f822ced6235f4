import { describe, expect, it } from 'vitest';
import { courseResult, formatClaimFailure, type ClaimResult, type CourseReport } from './suite';

const claim = (id: string, passed: boolean, detail: string): ClaimResult => ({
  id,
  lesson: `lesson-${id.slice(0, 2)}`,
  title: `title of ${id}`,
  passed,
  detail,
  elapsedMs: 1000,
});

const report = (claims: readonly ClaimResult[]): CourseReport => ({
  kafkaVersion: '4.3.1',
  config: { 'broker.session.timeout.ms': '4000' },
  features: { 'metadata.version': 30 },
  clusterStartMs: 6000,
  claimsMs: 90000,
  clusterStopMs: 1000,
  totalMs: 97000,
  claims,
});

describe('the course suite result', () => {
  it('counts each claim as a case and lists the failed ones in full', () => {
    const r = courseResult(
      report([
        claim('04-keys', true, '✓ alice → 0'),
        claim('11-refused', false, '✗ TimeoutException=5'),
        claim('12-offline', false, '✗ ISR []'),
      ]),
      10,
      5000,
    );
    expect([r.name, r.passed, r.failed, r.skipped, r.elapsedMs]).toEqual(['course', 1, 2, 0, 5000]);
    expect(r.failures).toEqual([
      '11-refused (lesson-11): title of 11-refused: ✗ TimeoutException=5',
      '12-offline (lesson-12): title of 12-offline: ✗ ISR []',
    ]);
    expect(r.notes.join('\n')).toContain('Apache Kafka 4.3.1');
    expect(r.notes.join('\n')).toContain('broker.session.timeout.ms=4000');
  });

  it('notes the controller-quorum cluster apart, with its own claim count and timings', () => {
    const QUORUM_TIMINGS = {
      controllers: 3,
      brokers: 3,
      clusterStartMs: 7800,
      claimsMs: 24000,
      clusterStopMs: 5600,
    };
    const quorumClaim: ClaimResult = {
      ...claim('controller-quorum-failover', true, '✓ 3001 active'),
      lesson: 'controller-quorum',
    };
    const r = courseResult(
      {
        ...report([claim('04-keys', true, '✓'), claim('11-refused', true, '✓'), quorumClaim]),
        quorum: QUORUM_TIMINGS,
      },
      10,
      0,
    );
    expect([r.passed, r.failed]).toEqual([3, 0]);
    expect(r.notes).toContain('cluster up in 6.0 s, 2 claims in 90.0 s, stopped in 1.0 s');
    expect(r.notes).toContain(
      '1 controller-quorum claims on a second cluster, 3 isolated controller voters and 3 brokers: up in 7.8 s, claims in 24.0 s, stopped in 5.6 s',
    );
    expect(
      courseResult(report([claim('04-keys', true, '✓')]), 10, 0).notes.join('\n'),
    ).not.toContain('second cluster');
    const alone = courseResult(
      {
        ...report([quorumClaim]),
        quorum: QUORUM_TIMINGS,
      },
      10,
      0,
    ).notes.join('\n');
    expect(alone).toContain('the quorum cluster alone');
    expect(alone).not.toContain('cluster up in');
  });

  it('shows at most `show` failures and says how many it left out', () => {
    const r = courseResult(
      report([claim('11-a', false, 'a'), claim('11-b', false, 'b'), claim('12-c', false, 'c')]),
      1,
      0,
    );
    expect(r.failed).toBe(3);
    expect(r.failures).toEqual([formatClaimFailure(claim('11-a', false, 'a'))]);
    expect(r.notes).toContain('2 more failed claims not shown');
  });
});
