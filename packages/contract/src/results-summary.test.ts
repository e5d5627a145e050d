import { describe, expect, it } from 'vitest';
import { countByState, summarizeResults } from './index.js';
import { t1, t2, t3, t4, t5, tagged, tool } from './results.fixtures.js';

describe('counts by state and the whole summary', () => {
  it('counts every state, zero included', () => {
    expect(countByState([])).toEqual({
      pending: 0,
      executed: 0,
      reviewed_by_blue: 0,
      skipped: 0,
      blocked: 0,
    });
    expect(countByState(tagged)).toEqual({
      pending: 1,
      executed: 3,
      reviewed_by_blue: 1,
      skipped: 0,
      blocked: 0,
    });
  });
  it('puts every number of a set together', () => {
    const timed = [
      {
        ...t1,
        attack_started_at: '2026-03-01T10:00:00Z',
        tools: [tool({ alerted: 'yes', detected_at: '2026-03-01T10:00:30Z' })],
      },
      {
        ...t4,
        executed_at: '2026-03-01T11:00:00Z',
        tools: [tool({ prevented: 'yes', detected_at: '2026-03-01T11:00:10Z' })],
      },
      t2,
      t3,
      t5,
    ];
    const s = summarizeResults(timed, { rule: 'best', tacticOrder: ['TA0040'] });
    expect(s.reviewed).toBe(1);
    expect(s.by_state.executed).toBe(3);
    expect(s.outcomes.detection).toEqual({ numerator: 2, denominator: 4, rate: 0.5 });
    expect(s.time_to_detect).toEqual({ count: 2, median: 20, p90: 30, min: 10, max: 30 });
    expect(s.time_to_alert).toEqual({ count: 1, median: 30, p90: 30, min: 30, max: 30 });
    expect(s.by_tactic.tactics[0]?.tactic.external_id).toBe('TA0040');
    expect(s.by_technique.map((r) => r.level?.key ?? null)).toEqual([
      null,
      'alerted',
      'not_detected',
    ]);
    expect(summarizeResults([]).outcomes.detection.rate).toBeNull();
  });
});
