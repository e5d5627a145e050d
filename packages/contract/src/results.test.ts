import { describe, expect, it } from 'vitest';
import {
  aggregateByTactic,
  aggregateByTechnique,
  aggregateOutcome,
  classifyTest,
  countByState,
  detectionRate,
  hasRun,
  isReviewed,
  loggedOnlyRate,
  outcomeBreakdown,
  preventionRate,
  summarizeDurations,
  summarizeResults,
  testOutcome,
  testTactics,
  timeToAlert,
  timeToDetect,
  type AggregateRule,
  type OutcomeBasis,
  type ResultClass,
  type ResultLevel,
  type ResultTag,
  type ResultTest,
  type ResultTool,
} from './index.js';
import type { TestState } from './test-workflow.js';

// Every expected value below is written out by hand.
const lvl = (id: string, rank: number, counts_as: ResultLevel['counts_as']): ResultLevel => ({
  id,
  key: id,
  rank,
  counts_as,
  coverage_score: rank * 25,
});
const ND = lvl('not_detected', 0, 'none');
const LG = lvl('logged', 1, 'logged');
const AL = lvl('alerted', 2, 'alerted');
const PR = lvl('prevented', 3, 'prevented');
const CONTAINED = lvl('contained', 5, 'alerted');
const STOPPED = lvl('stopped', 5, 'prevented');

const test = (
  id: string,
  state: TestState,
  level: ResultLevel | null,
  over: Partial<ResultTest> = {},
): ResultTest => ({
  id,
  state,
  level,
  executed_at: null,
  attack_started_at: null,
  tools: [],
  tags: [],
  ...over,
});
const tool = (over: Partial<ResultTool>): ResultTool => ({
  prevented: 'no',
  alerted: 'no',
  logged: 'no',
  detected_at: null,
  ...over,
});
const tech = (external_id: string, tactics: Array<[string, string, string]>): ResultTag => ({
  kind: external_id.includes('.') ? 'subtechnique' : 'technique',
  external_id,
  name: `name of ${external_id}`,
  tactics: tactics.map(([id, shortname, name]) => ({ external_id: id, shortname, name })),
});
const tacticTag = (external_id: string, name: string): ResultTag => ({
  kind: 'tactic',
  external_id,
  name,
  tactics: [],
});

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

const PS = tech('T1059.001', [['TA0002', 'execution', 'Execution']]);
const PHISH = tech('T1566.001', [['TA0001', 'initial-access', 'Initial Access']]);
const OBF = tech('T1027', [
  ['TA0005', 'defense-evasion', 'Defense Evasion'],
  ['TA0002', 'execution', 'Execution'],
]);
const t1 = test('t1', 'executed', AL, { tags: [tacticTag('TA0002', 'Execution'), PS] });
const t2 = test('t2', 'reviewed_by_blue', ND, { tags: [PHISH, PS] });
const t3 = test('t3', 'pending', null, { tags: [OBF] });
const t4 = test('t4', 'executed', PR);
const t5 = test('t5', 'executed', LG, { tags: [tacticTag('TA0040', 'Impact')] });
const tagged = [t1, t2, t3, t4, t5];

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

describe('time to detect and to alert', () => {
  const at = (s: string) => `2026-03-01T${s}Z`;
  const cases: Array<[string, Partial<ResultTest>, number | null, number | null]> = [
    ['no tools', { attack_started_at: at('10:00:00') }, null, null],
    [
      'no start at all',
      { tools: [tool({ logged: 'yes', detected_at: at('10:00:10') })] },
      null,
      null,
    ],
    [
      'executed_at when no attack start',
      {
        executed_at: at('10:00:00'),
        tools: [tool({ logged: 'yes', detected_at: at('10:00:10') })],
      },
      10,
      null,
    ],
    [
      'attack start wins over executed_at; earliest tool',
      {
        attack_started_at: at('10:00:00'),
        executed_at: at('10:05:00'),
        tools: [
          tool({ alerted: 'yes', detected_at: at('10:00:30') }),
          tool({ logged: 'yes', detected_at: at('10:00:10.040') }),
        ],
      },
      10,
      30,
    ],
    [
      'TBD tools do not count',
      {
        attack_started_at: at('10:00:00'),
        tools: [
          tool({ prevented: 'tbd', alerted: 'tbd', logged: 'tbd', detected_at: at('10:00:05') }),
          tool({ alerted: 'yes', detected_at: at('10:01:00') }),
        ],
      },
      60,
      60,
    ],
    [
      'a tool that saw nothing does not count',
      { attack_started_at: at('10:00:00'), tools: [tool({ detected_at: at('10:00:05') })] },
      null,
      null,
    ],
    [
      'a yes without detected_at',
      { attack_started_at: at('10:00:00'), tools: [tool({ alerted: 'yes' })] },
      null,
      null,
    ],
    [
      'rounded to 0.1 s; prevention is a detection',
      {
        attack_started_at: at('10:00:00'),
        tools: [tool({ prevented: 'yes', detected_at: at('10:00:02.250') })],
      },
      2.3,
      null,
    ],
    [
      'detected before the start is negative',
      {
        attack_started_at: at('10:00:00'),
        tools: [tool({ logged: 'yes', detected_at: at('09:59:50') })],
      },
      -10,
      null,
    ],
    [
      'an unreadable start falls back to executed_at',
      {
        attack_started_at: 'not a time',
        executed_at: at('10:00:00'),
        tools: [tool({ alerted: 'yes', detected_at: at('10:00:10') })],
      },
      10,
      10,
    ],
  ];
  it.each(cases)('%s', (_name, over, detect, alert) => {
    const t = test('x', 'executed', null, over);
    expect([timeToDetect(t), timeToAlert(t)]).toEqual([detect, alert]);
  });
  const stats: Array<
    [Array<number | null>, [number, number | null, number | null, number | null, number | null]]
  > = [
    [[], [0, null, null, null, null]],
    [
      [null, null],
      [0, null, null, null, null],
    ],
    [[5], [1, 5, 5, 5, 5]],
    [
      [10, 2],
      [2, 6, 10, 2, 10],
    ],
    [
      [3, 1, 2],
      [3, 2, 3, 1, 3],
    ],
    [
      [10, 9, 8, 7, 6, 5, 4, 3, 2, 1],
      [10, 5.5, 9, 1, 10],
    ],
    [
      [11, 1, 10, 2, 9, 3, 8, 4, 7, 5, 6],
      [11, 6, 10, 1, 11],
    ],
    [
      [Number.NaN, Number.POSITIVE_INFINITY, 4, null],
      [1, 4, 4, 4, 4],
    ],
    [
      [-10, 20],
      [2, 5, 20, -10, 20],
    ],
  ];
  it.each(stats)('summarizes %j', (values, [count, median, p90, min, max]) => {
    expect(summarizeDurations(values)).toEqual({ count, median, p90, min, max });
  });
});

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
