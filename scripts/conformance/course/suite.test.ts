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
