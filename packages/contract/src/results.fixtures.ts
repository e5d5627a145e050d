import type { ResultLevel, ResultTag, ResultTest, ResultTool } from './index.js';
import type { TestState } from './test-workflow.js';

/** Fixtures of the results tests: levels, tests, tool facts, ATT&CK tags, a tagged set. */

// Every expected value below is written out by hand.
export const lvl = (
  id: string,
  rank: number,
  counts_as: ResultLevel['counts_as'],
): ResultLevel => ({
  id,
  key: id,
  rank,
  counts_as,
  coverage_score: rank * 25,
});
export const ND = lvl('not_detected', 0, 'none');
export const LG = lvl('logged', 1, 'logged');
export const AL = lvl('alerted', 2, 'alerted');
export const PR = lvl('prevented', 3, 'prevented');
export const CONTAINED = lvl('contained', 5, 'alerted');
export const STOPPED = lvl('stopped', 5, 'prevented');

export const test = (
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
export const tool = (over: Partial<ResultTool>): ResultTool => ({
  prevented: 'no',
  alerted: 'no',
  logged: 'no',
  detected_at: null,
  ...over,
});
export const tech = (external_id: string, tactics: Array<[string, string, string]>): ResultTag => ({
  kind: external_id.includes('.') ? 'subtechnique' : 'technique',
  external_id,
  name: `name of ${external_id}`,
  tactics: tactics.map(([id, shortname, name]) => ({ external_id: id, shortname, name })),
});
export const tacticTag = (external_id: string, name: string): ResultTag => ({
  kind: 'tactic',
  external_id,
  name,
  tactics: [],
});

/** Five tests with technique and tactic tags (t3 pending, t4 untagged). */
export const PS = tech('T1059.001', [['TA0002', 'execution', 'Execution']]);
export const PHISH = tech('T1566.001', [['TA0001', 'initial-access', 'Initial Access']]);
export const OBF = tech('T1027', [
  ['TA0005', 'defense-evasion', 'Defense Evasion'],
  ['TA0002', 'execution', 'Execution'],
]);
export const t1 = test('t1', 'executed', AL, { tags: [tacticTag('TA0002', 'Execution'), PS] });
export const t2 = test('t2', 'reviewed_by_blue', ND, { tags: [PHISH, PS] });
export const t3 = test('t3', 'pending', null, { tags: [OBF] });
export const t4 = test('t4', 'executed', PR);
export const t5 = test('t5', 'executed', LG, { tags: [tacticTag('TA0040', 'Impact')] });
export const tagged = [t1, t2, t3, t4, t5];
