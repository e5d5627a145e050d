import { describe, expect, it } from 'vitest';
import {
  classifyTest,
  detectionRate,
  hasRun,
  isReviewed,
  loggedOnlyRate,
  outcomeBreakdown,
  preventionRate,
  testOutcome,
  type OutcomeBasis,
  type ResultClass,
  type ResultLevel,
  type ResultTest,
} from './index.js';
import type { TestState } from './test-workflow.js';
import { ND, LG, AL, PR, CONTAINED, STOPPED, test } from './results.fixtures.js';

// Every expected value below is written out by hand.
describe('classification of a test', () => {
  const cases: Array<[TestState, ResultLevel | null, OutcomeBasis, ResultClass]> = [
    ['pending', null, 'recorded', 'pending'],
    ['pending', AL, 'recorded', 'pending'], // a level on a test that has not run does not count
    ['skipped', null, 'recorded', 'skipped'],
    ['blocked', PR, 'recorded', 'blocked'],
    ['executed', null, 'recorded', 'awaiting_outcome'],
    ['executed', AL, 'recorded', 'alerted'],
    ['executed', AL, 'reviewed', 'awaiting_review'],
    ['reviewed_by_blue', AL, 'reviewed', 'alerted'],
    ['reviewed_by_blue', null, 'reviewed', 'awaiting_outcome'],
    ['reviewed_by_blue', ND, 'recorded', 'none'],
    ['executed', LG, 'recorded', 'logged'],
    ['executed', CONTAINED, 'recorded', 'alerted'], // by counts_as, not by key
    ['executed', STOPPED, 'recorded', 'prevented'],
  ];
  it.each(cases)('%s with level %j (%s) is %s', (state, level, basis, expected) => {
    expect(classifyTest({ state, level }, { basis })).toBe(expected);
    const outcome = ['none', 'logged', 'alerted', 'prevented'].includes(expected) ? expected : null;
    expect(testOutcome({ state, level }, { basis })).toBe(outcome);
  });
  it('reviewed means reviewed_by_blue; run means executed or reviewed', () => {
    const states: TestState[] = ['pending', 'executed', 'reviewed_by_blue', 'skipped', 'blocked'];
    expect(states.map((state) => isReviewed({ state }))).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(states.map((state) => hasRun({ state }))).toEqual([false, true, true, false, false]);
  });
});

describe('rates with explicit denominators', () => {
  const mixed = [
    test('1', 'executed', AL),
    test('2', 'executed', PR),
    test('3', 'executed', LG),
    test('4', 'executed', ND),
    test('5', 'reviewed_by_blue', AL),
    test('6', 'pending', null),
    test('7', 'skipped', null),
    test('8', 'executed', null),
  ];
  const cases: Array<[string, ResultTest[], OutcomeBasis, [number, number, number | null][]]> = [
    [
      'no tests',
      [],
      'recorded',
      [
        [0, 0, null],
        [0, 0, null],
        [0, 0, null],
      ],
    ],
    [
      'all pending',
      [test('a', 'pending', null), test('b', 'pending', AL)],
      'recorded',
      [
        [0, 0, null],
        [0, 0, null],
        [0, 0, null],
      ],
    ],
    [
      'mixed, recorded',
      mixed,
      'recorded',
      [
        [3, 5, 0.6],
        [1, 5, 0.2],
        [1, 5, 0.2],
      ],
    ],
    [
      'mixed, reviewed only',
      mixed,
      'reviewed',
      [
        [1, 1, 1],
        [0, 1, 0],
        [0, 1, 0],
      ],
    ],
    [
      'nothing seen',
      [test('a', 'executed', ND), test('b', 'executed', ND)],
      'recorded',
      [
        [0, 2, 0],
        [0, 2, 0],
        [0, 2, 0],
      ],
    ],
    [
      'awaiting outcomes only',
      [test('a', 'executed', null)],
      'recorded',
      [
        [0, 0, null],
        [0, 0, null],
        [0, 0, null],
      ],
    ],
  ];
  it.each(cases)('%s', (_name, tests, basis, [det, prev, logged]) => {
    const r = (x: { numerator: number; denominator: number; rate: number | null }) => [
      x.numerator,
      x.denominator,
      x.rate,
    ];
    expect(r(detectionRate(tests, { basis }))).toEqual(det);
    expect(r(preventionRate(tests, { basis }))).toEqual(prev);
    expect(r(loggedOnlyRate(tests, { basis }))).toEqual(logged);
  });
  it('breaks a set down by class', () => {
    expect(outcomeBreakdown(mixed).classes).toEqual({
      pending: 1,
      skipped: 1,
      blocked: 0,
      awaiting_outcome: 1,
      awaiting_review: 0,
      none: 1,
      logged: 1,
      alerted: 2,
      prevented: 1,
    });
    expect(outcomeBreakdown(mixed, { basis: 'reviewed' }).classes).toMatchObject({
      awaiting_review: 4,
      alerted: 1,
      none: 0,
    });
    expect(outcomeBreakdown(mixed).total).toBe(8);
  });
});
