import { describe, expect, it } from 'vitest';
import {
  aggregateByTactic,
  aggregateByTechnique,
  aggregateOutcome,
  testTactics,
  type AggregateRule,
  type ResultTest,
} from './index.js';
import {
  ND,
  LG,
  AL,
  PR,
  CONTAINED,
  STOPPED,
  test,
  t1,
  t3,
  t4,
  t5,
  tagged,
} from './results.fixtures.js';

describe('aggregating several tests of one technique', () => {
  const a = test('a', 'executed', AL, { executed_at: '2026-01-01T10:00:00Z' });
  const b = test('b', 'reviewed_by_blue', LG, { executed_at: '2026-01-02T10:00:00Z' });
  const c = test('c', 'executed', PR, { executed_at: '2026-01-01T12:00:00Z' });
  const d = test('d', 'executed', AL, { executed_at: '2026-01-02T10:00:00.000Z' });
  const e = test('e', 'executed', CONTAINED, { executed_at: '2026-01-03T10:00:00Z' });
  const f = test('f', 'executed', STOPPED, { executed_at: '2026-01-03T10:00:00Z' });
  const g = test('g', 'executed', PR); // no executed_at: the oldest
  const h = test('h', 'executed', ND);
  const cases: Array<[string, ResultTest[], AggregateRule, string | null, string | null]> = [
    ['worst of three', [a, b, c], 'worst', 'logged', 'b'],
    ['best of three', [a, b, c], 'best', 'prevented', 'c'],
    ['latest of three', [a, b, c], 'latest', 'logged', 'b'],
    ['latest, same time: smallest id', [d, b], 'latest', 'logged', 'b'],
    ['worst, same level: smallest id', [d, a], 'worst', 'alerted', 'a'],
    ['best, two levels of one rank: smallest id', [f, e], 'best', 'contained', 'e'],
    ['worst, two levels of one rank: smallest id', [f, e], 'worst', 'contained', 'e'],
    ['latest: a missing executed_at is the oldest', [g, a], 'latest', 'alerted', 'a'],
    ['latest: only one without a time', [g], 'latest', 'prevented', 'g'],
    ['latest: both without a time', [h, g], 'latest', 'prevented', 'g'],
    [
      'a pending test with a level is left out',
      [test('0', 'pending', PR), a],
      'best',
      'alerted',
      'a',
    ],
  ];
  it.each(cases)('%s', (_name, tests, rule, key, testId) => {
    const r = aggregateOutcome(tests, rule);
    expect([r.status, r.level?.key ?? null, r.test_id]).toEqual(['outcome', key, testId]);
  });
  it('is untested when no test ran, awaiting when none has an outcome yet', () => {
    const untested = { status: 'untested', level: null, test_id: null, with_outcome: 0 };
    expect(aggregateOutcome([], 'worst')).toEqual({ ...untested, tests: 0 });
    const notRun = [
      test('x', 'pending', null),
      test('y', 'skipped', null),
      test('z', 'blocked', null),
    ];
    expect(aggregateOutcome(notRun, 'latest')).toEqual({ ...untested, tests: 3 });
    expect(
      aggregateOutcome([test('x', 'executed', null), test('y', 'pending', null)], 'best'),
    ).toEqual({ status: 'awaiting', level: null, test_id: null, tests: 2, with_outcome: 0 });
    expect(aggregateOutcome([a], 'worst', { basis: 'reviewed' }).status).toBe('awaiting');
    expect(aggregateOutcome([a, b], 'worst', { basis: 'reviewed' })).toMatchObject({
      test_id: 'b',
      with_outcome: 1,
    });
  });
});

describe('per technique and per tactic', () => {
  it('aggregates per technique tag, sorted by id, untested where none ran', () => {
    const rows = aggregateByTechnique(tagged, 'worst').map((r) => [
      r.external_id,
      r.kind,
      r.status,
      r.level?.key ?? null,
      r.test_ids,
    ]);
    expect(rows).toEqual([
      ['T1027', 'technique', 'untested', null, ['t3']],
      ['T1059.001', 'subtechnique', 'outcome', 'not_detected', ['t1', 't2']],
      ['T1566.001', 'subtechnique', 'outcome', 'not_detected', ['t2']],
    ]);
    expect(aggregateByTechnique(tagged, 'best').map((r) => r.level?.key ?? null)).toEqual([
      null,
      'alerted',
      'not_detected',
    ]);
    expect(aggregateByTechnique([], 'best')).toEqual([]);
  });
  it("lists a test's tactics once each, keeping the shortname a technique gives", () => {
    expect(testTactics(t1)).toEqual([
      { external_id: 'TA0002', shortname: 'execution', name: 'Execution' },
    ]);
    expect(testTactics(t3).map((x) => x.external_id)).toEqual(['TA0005', 'TA0002']);
    expect(testTactics(t5)).toEqual([{ external_id: 'TA0040', shortname: null, name: 'Impact' }]);
    expect(testTactics(t4)).toEqual([]);
  });
  it('counts a test in each of its tactics; untagged tests apart', () => {
    const agg = aggregateByTactic(tagged);
    expect(agg.untagged).toBe(1);
    expect(
      agg.tactics.map((x) => [
        x.tactic.external_id,
        x.tactic.shortname,
        x.test_ids,
        x.outcomes.detection.numerator,
        x.outcomes.detection.denominator,
      ]),
    ).toEqual([
      ['TA0001', 'initial-access', ['t2'], 0, 1],
      ['TA0002', 'execution', ['t1', 't2', 't3'], 1, 2],
      ['TA0005', 'defense-evasion', ['t3'], 0, 0],
      ['TA0040', null, ['t5'], 0, 1],
    ]);
    const ordered = aggregateByTactic(tagged, { order: ['TA0005', 'TA0001'] });
    expect(ordered.tactics.map((x) => x.tactic.external_id)).toEqual([
      'TA0005',
      'TA0001',
      'TA0002',
      'TA0040',
    ]);
    expect(aggregateByTactic(tagged, { basis: 'reviewed' }).tactics[1]?.outcomes.detection).toEqual(
      { numerator: 0, denominator: 1, rate: 0 },
    );
  });
});
