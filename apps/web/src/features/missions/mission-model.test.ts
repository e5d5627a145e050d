import type { MissionPlan, MissionTestSummary } from '@metamorph/contract';
import { describe, expect, it } from 'vitest';
import {
  NO_PLAN_FILTERS,
  missionBody,
  missionFormOf,
  moveScenario,
  moveTest,
  planFacets,
  progressOf,
  snapshotTag,
  testMatches,
  transitionsOf,
  validateMission,
} from './mission-model';

const test = (id: string, extra: Partial<MissionTestSummary> = {}): MissionTestSummary => ({
  id,
  scenario_id: 's1',
  position: 0,
  snapshot_name: id,
  state: 'pending',
  assignee_id: null,
  planned_on: null,
  hidden_from_blue: false,
  include_in_report: true,
  template_key: null,
  template_version: null,
  mitre_tags: [],
  version: 1,
  detection_level_id: null,
  expectation_status: null,
  ...extra,
});

const tag = (
  external_id: string,
  kind: 'tactic' | 'technique' | 'subtechnique',
  name = 'N',
  tactics: { external_id: string; shortname: string; name: string }[] = [],
) => ({ kind, external_id, name, url: null, attack_release: '16.1', tactics });
const DEFENSE_EVASION = {
  external_id: 'TA0005',
  shortname: 'defense-evasion',
  name: 'Defense Evasion',
};

const plan: MissionPlan = {
  scenarios: [
    {
      id: 's1',
      name: 'One',
      description: null,
      position: 0,
      template_key: null,
      template_version: null,
      tests: [
        test('a', {
          mitre_tags: [tag('TA0002', 'tactic', 'Execution'), tag('T1059.001', 'subtechnique')],
        }),
        test('b', { state: 'executed', assignee_id: 'u1' }),
        test('c', { mitre_tags: [tag('T1027', 'technique', 'Obfuscation', [DEFENSE_EVASION])] }),
      ],
    },
    {
      id: 's2',
      name: 'Two',
      description: null,
      position: 1,
      template_key: null,
      template_version: null,
      tests: [],
    },
  ],
};

describe('progressOf', () => {
  it('counts executed and reviewed tests over all', () => {
    expect(progressOf({ pending: 2, executed: 1, reviewed_by_blue: 1 })).toEqual({
      done: 2,
      total: 4,
      percent: 50,
    });
    expect(progressOf({})).toEqual({ done: 0, total: 0, percent: 0 });
  });
});

describe('transitionsOf', () => {
  it('names the buttons after the state machine', () => {
    expect(transitionsOf('planned')).toEqual([{ to: 'active', label: 'Start mission' }]);
    expect(transitionsOf('completed').map((t) => t.label)).toEqual(['Archive', 'Reopen']);
    expect(transitionsOf('archived')).toEqual([]);
  });
});

describe('testMatches', () => {
  const [a, b] = plan.scenarios[0]!.tests as [MissionTestSummary, MissionTestSummary];
  it('filters by state, assignee, tactic and technique (sub-techniques included)', () => {
    expect(testMatches(a, NO_PLAN_FILTERS)).toBe(true);
    expect(testMatches(b, { ...NO_PLAN_FILTERS, state: 'executed' })).toBe(true);
    expect(testMatches(a, { ...NO_PLAN_FILTERS, state: 'executed' })).toBe(false);
    expect(testMatches(a, { ...NO_PLAN_FILTERS, assignee: 'none' })).toBe(true);
    expect(testMatches(b, { ...NO_PLAN_FILTERS, assignee: 'u1' })).toBe(true);
    expect(testMatches(a, { ...NO_PLAN_FILTERS, tactic: 'TA0002' })).toBe(true);
    expect(testMatches(b, { ...NO_PLAN_FILTERS, tactic: 'TA0002' })).toBe(false);
    expect(testMatches(a, { ...NO_PLAN_FILTERS, technique: 'T1059' })).toBe(true);
    expect(testMatches(a, { ...NO_PLAN_FILTERS, technique: 'T1105' })).toBe(false);
  });
  it("matches a tactic through a technique tag's tactics", () => {
    const c = plan.scenarios[0]!.tests[2]!;
    expect(testMatches(c, { ...NO_PLAN_FILTERS, tactic: 'TA0005' })).toBe(true);
    expect(testMatches(c, { ...NO_PLAN_FILTERS, tactic: 'TA0002' })).toBe(false);
    expect(testMatches(a, { ...NO_PLAN_FILTERS, tactic: 'TA0005' })).toBe(false);
  });
});

describe('planFacets', () => {
  it('lists tactics (tagged or of a technique) and techniques once, sorted', () => {
    expect(planFacets(plan)).toEqual({
      tactics: [
        { value: 'TA0002', label: 'TA0002 Execution' },
        { value: 'TA0005', label: 'TA0005 Defense Evasion' },
      ],
      techniques: [
        { value: 'T1027', label: 'T1027 Obfuscation' },
        { value: 'T1059.001', label: 'T1059.001 N' },
      ],
    });
  });
  it('names a tactic known only by id after a technique that lists it', () => {
    const bare = tag('TA0002', 'tactic', 'x');
    const only = {
      scenarios: [
        {
          ...plan.scenarios[1]!,
          tests: [
            test('d', {
              mitre_tags: [
                { ...bare, name: null },
                tag('T1059', 'technique', 'CSI', [
                  { external_id: 'TA0002', shortname: 'execution', name: 'Execution' },
                ]),
              ],
            }),
          ],
        },
      ],
    };
    expect(planFacets(only).tactics).toEqual([{ value: 'TA0002', label: 'TA0002 Execution' }]);
  });
});

describe('moveScenario / moveTest', () => {
  it('moves a scenario and renumbers positions', () => {
    const moved = moveScenario(plan, 's2', 's1');
    expect(moved?.position).toBe(0);
    expect(moved?.plan.scenarios.map((s) => [s.id, s.position])).toEqual([
      ['s2', 0],
      ['s1', 1],
    ]);
    expect(moveScenario(plan, 's1', 's1')).toBeNull();
  });
  it('moves a test within its scenario', () => {
    const moved = moveTest(plan, 's1', 'a', 'c');
    expect(moved?.position).toBe(2);
    expect(moved?.plan.scenarios[0]?.tests.map((t) => t.id)).toEqual(['b', 'c', 'a']);
    expect(moveTest(plan, 's2', 'a', 'c')).toBeNull();
  });
});

describe('mission form', () => {
  it('validates and builds the body', () => {
    const form = { ...missionFormOf(null), name: ' Op ', tags: [' x ', ''] };
    expect(validateMission(form)).toEqual({ client_id: 'pick or create a client' });
    const dated = { ...form, client_id: 'c', start_date: '2026-02-02', end_date: '2026-02-01' };
    expect(validateMission(dated)).toEqual({ end_date: 'must not be before the start date' });
    expect(missionBody({ ...form, client_id: 'c', description_md: '  ' })).toMatchObject({
      name: 'Op',
      tags: ['x'],
      description_md: null,
      visibility: 'open',
    });
  });
  it('maps a snapshot tag for the badges', () => {
    expect(snapshotTag({ ...tag('T9999', 'technique'), name: null }).status).toBe('unknown');
    expect(snapshotTag(tag('T1059', 'technique')).status).toBe('ok');
  });
});
